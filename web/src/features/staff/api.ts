import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { productCategoryPage } from '../../../../contracts/catalog';
import type {
  createDepartmentRequest,
  createRegionRequest,
  createStaffGradeRequest,
  createUserRequest,
  department,
  departmentPage,
  region,
  regionPage,
  staffGrade,
  staffGradePage,
  staffUser,
  updateDepartmentRequest,
  updateRegionRequest,
  updateStaffGradeRequest,
  updateUserRequest,
  userPage,
} from '../../../../contracts/staff';
import { api } from '../../api/client';

/** Types and queries of the staff API (contracts/staff.ts). */
export type StaffUser = z.infer<typeof staffUser>;
export type UserPage = z.infer<typeof userPage>;
export type CreateUserRequest = z.input<typeof createUserRequest>;
export type UpdateUserRequest = z.input<typeof updateUserRequest>;
export type Department = z.infer<typeof department>;
export type DepartmentPage = z.infer<typeof departmentPage>;
export type CreateDepartmentRequest = z.infer<typeof createDepartmentRequest>;
export type UpdateDepartmentRequest = z.infer<typeof updateDepartmentRequest>;
export type Region = z.infer<typeof region>;
export type RegionPage = z.infer<typeof regionPage>;
export type CreateRegionRequest = z.infer<typeof createRegionRequest>;
export type UpdateRegionRequest = z.infer<typeof updateRegionRequest>;
export type StaffGrade = z.infer<typeof staffGrade>;
export type StaffGradePage = z.infer<typeof staffGradePage>;
export type CreateStaffGradeRequest = z.infer<typeof createStaffGradeRequest>;
export type UpdateStaffGradeRequest = z.infer<typeof updateStaffGradeRequest>;
type ProductCategoryPage = z.infer<typeof productCategoryPage>;

export const staffKeys = {
  users: ['staff', 'users'] as const,
  departments: ['staff', 'departments'] as const,
  regions: ['staff', 'regions'] as const,
  grades: ['staff', 'grades'] as const,
};

/** Reference lists are small: one request with archived rows too (pickers disable them, names stay readable). */
const ALL = { archived: 'all', limit: 500 } as const;

export function useAllDepartments() {
  return useQuery({
    queryKey: [...staffKeys.departments, 'all'],
    queryFn: () => api.get<DepartmentPage>('/departments', ALL),
    staleTime: 60_000,
  });
}

export function useAllRegions() {
  return useQuery({
    queryKey: [...staffKeys.regions, 'all'],
    queryFn: () => api.get<RegionPage>('/regions', ALL),
    staleTime: 60_000,
  });
}

export function useAllGrades() {
  return useQuery({
    queryKey: [...staffKeys.grades, 'all'],
    queryFn: () => api.get<StaffGradePage>('/staff-grades', ALL),
    staleTime: 60_000,
  });
}

/** Product categories = skills. Same query key as the catalogue's, so both share the cache. */
export function useSkillCategories() {
  return useQuery({
    queryKey: ['catalog', 'categories', 'all'],
    queryFn: () => api.get<ProductCategoryPage>('/product-categories', ALL),
    staleTime: 60_000,
  });
}

/** Active users for pickers (e.g. a department's head). */
export function useActiveUsers() {
  return useQuery({
    queryKey: [...staffKeys.users, 'active-all'],
    queryFn: () => api.get<UserPage>('/users', { status: 'active', limit: 500, sort: 'displayName' }),
    staleTime: 60_000,
  });
}
