import type { Department, Region, StaffGrade, StaffUser } from '../../../contracts/staff.js';
import { createDepartment, createGrade, createRegion, createUser } from '../../modules/staff/staff.service.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Role } from '../../platform/permissions.js';
import { TEST_PASSWORD } from '../app.js';

/** Test data for staff, made through the staff service (so every rule holds). */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeDepartment(
  ctx: ServiceContext,
  fields: { code?: string; name?: string; parentId?: string | null; headUserId?: string | null } = {},
): Promise<Department> {
  const n = next();
  return createDepartment(ctx, {
    code: fields.code ?? `DEPT${n}`,
    name: fields.name ?? `部门${n}`,
    parentId: fields.parentId ?? null,
    headUserId: fields.headUserId ?? null,
  });
}

export async function makeRegion(
  ctx: ServiceContext,
  fields: { code?: string; name?: string; parentId?: string | null } = {},
): Promise<Region> {
  const n = next();
  return createRegion(ctx, { code: fields.code ?? `R${n}`, name: fields.name ?? `区域${n}`, parentId: fields.parentId ?? null });
}

export async function makeGrade(
  ctx: ServiceContext,
  fields: { code?: string; name?: string; rank?: number } = {},
): Promise<StaffGrade> {
  const n = next();
  return createGrade(ctx, { code: fields.code ?? `G${n}`, name: fields.name ?? `职级${n}`, rank: fields.rank ?? n });
}

/** A user (password TEST_PASSWORD) with roles, skills and regions; log him in with the test app's login endpoint. */
export async function makeUser(
  ctx: ServiceContext,
  fields: {
    username?: string;
    displayName?: string;
    roles?: Role[];
    departmentId?: string | null;
    grade?: string | null;
    skills?: { categoryId: string; level: number }[];
    regionIds?: string[];
    phone?: string | null;
    email?: string | null;
  } = {},
): Promise<StaffUser> {
  const n = next();
  return createUser(ctx, {
    username: fields.username ?? `staff${n}`,
    displayName: fields.displayName ?? `员工${n}`,
    password: TEST_PASSWORD,
    email: fields.email ?? null,
    phone: fields.phone ?? null,
    departmentId: fields.departmentId ?? null,
    grade: fields.grade ?? null,
    roles: fields.roles ?? [],
    skills: fields.skills ?? [],
    regionIds: fields.regionIds ?? [],
  });
}
