import { z } from 'zod';
import { role } from './auth.js';
import {
  archivableRecordFields,
  archivedFilter,
  codeText,
  createTreeNodeFields,
  pageOf,
  pageQuery,
  requiredText,
  treeListQuery,
  treeNodeFields,
  trimmed,
  updateTreeNodeFields,
  versionField,
} from './common.js';

/** Staff basics (R-STF-1): departments, regions, grades, users with roles, skills and regions. */

export { archivedFilter, codeText };

const MIN_PASSWORD = 8;
export const newPassword = z.string().min(MIN_PASSWORD, `at least ${MIN_PASSWORD} characters`).max(256);

// ---------------------------------------------------------------- departments

export const department = z.object({
  ...treeNodeFields,
  headUserId: z.string().nullable(),
  headUserName: z.string().nullable(),
  ...archivableRecordFields,
});
export type Department = z.infer<typeof department>;

export const departmentListQuery = treeListQuery();
export const departmentPage = pageOf(department);

export const createDepartmentRequest = z.object({ ...createTreeNodeFields, headUserId: z.uuid().nullable().optional() });
export type CreateDepartmentRequest = z.infer<typeof createDepartmentRequest>;

export const updateDepartmentRequest = z.object({ ...updateTreeNodeFields, headUserId: z.uuid().nullable().optional() });
export type UpdateDepartmentRequest = z.infer<typeof updateDepartmentRequest>;

// ---------------------------------------------------------------- regions

export const region = z.object({ ...treeNodeFields, ...archivableRecordFields });
export type Region = z.infer<typeof region>;

export const regionListQuery = treeListQuery();
export const regionPage = pageOf(region);

export const createRegionRequest = z.object(createTreeNodeFields);
export type CreateRegionRequest = z.infer<typeof createRegionRequest>;

export const updateRegionRequest = z.object(updateTreeNodeFields);
export type UpdateRegionRequest = z.infer<typeof updateRegionRequest>;

// ---------------------------------------------------------------- grades

export const staffGrade = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  /** higher = more senior */
  rank: z.number().int(),
  ...archivableRecordFields,
});
export type StaffGrade = z.infer<typeof staffGrade>;

export const staffGradeListQuery = pageQuery.extend({
  q: trimmed(100).optional(),
  archived: archivedFilter.optional(),
});
export const staffGradePage = pageOf(staffGrade);

export const createStaffGradeRequest = z.object({
  code: codeText,
  name: requiredText(50),
  rank: z.number().int().min(0).max(1000).optional(),
});
export type CreateStaffGradeRequest = z.infer<typeof createStaffGradeRequest>;

export const updateStaffGradeRequest = z.object({
  version: versionField,
  code: codeText.optional(),
  name: requiredText(50).optional(),
  rank: z.number().int().min(0).max(1000).optional(),
});
export type UpdateStaffGradeRequest = z.infer<typeof updateStaffGradeRequest>;

// ---------------------------------------------------------------- users

export const userStatus = z.enum(['active', 'disabled']);
export type UserStatus = z.infer<typeof userStatus>;

export const skillLevel = z.number().int().min(1).max(5);

export const userSkill = z.object({
  categoryId: z.string(),
  categoryName: z.string(),
  level: z.number().int(),
});

export const userRegion = z.object({
  regionId: z.string(),
  regionName: z.string(),
});

/** A user as staff screens see it; never carries the password hash. */
export const staffUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  /** staff grade code */
  grade: z.string().nullable(),
  gradeName: z.string().nullable(),
  locale: z.string(),
  status: userStatus,
  roles: z.array(role),
  skills: z.array(userSkill),
  regions: z.array(userRegion),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffUser = z.infer<typeof staffUser>;

export const userListQuery = pageQuery.extend({
  /** username, display name, phone or email contains */
  q: trimmed(100).optional(),
  role: role.optional(),
  departmentId: z.uuid().optional(),
  /** users who cover this region: assigned to it or to a region that contains it */
  regionId: z.uuid().optional(),
  /** users with a skill in this product category or in a category that contains it */
  skillCategoryId: z.uuid().optional(),
  /** with skillCategoryId: at least this level */
  minSkillLevel: z.coerce.number().int().min(1).max(5).optional(),
  status: userStatus.optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;
export const userPage = pageOf(staffUser);

export const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'letters, digits, ".", "_", "@" or "-"');

const skillInput = z.object({ categoryId: z.uuid(), level: skillLevel });

const skillsInput = z
  .array(skillInput)
  .max(100)
  .superRefine((skills, ctx) => {
    const seen = new Set<string>();
    skills.forEach((s, i) => {
      if (seen.has(s.categoryId)) ctx.addIssue({ code: 'custom', path: [i, 'categoryId'], message: 'skill listed twice' });
      seen.add(s.categoryId);
    });
  });

const optionalEmail = z
  .union([z.email().max(200), z.literal('')])
  .nullable()
  .optional();
const optionalPhone = z
  .string()
  .trim()
  .max(32)
  .regex(/^[0-9+\-() ]*$/, 'digits, spaces, "+", "-" and brackets only')
  .nullable()
  .optional();

export const createUserRequest = z.object({
  username,
  displayName: requiredText(100),
  password: newPassword,
  email: optionalEmail,
  phone: optionalPhone,
  departmentId: z.uuid().nullable().optional(),
  grade: codeText.nullable().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  roles: z.array(role).max(20).default([]),
  skills: skillsInput.default([]),
  regionIds: z.array(z.uuid()).max(200).default([]),
});
export type CreateUserRequest = z.input<typeof createUserRequest>;

export const updateUserRequest = z.object({
  version: versionField,
  displayName: requiredText(100).optional(),
  email: optionalEmail,
  phone: optionalPhone,
  departmentId: z.uuid().nullable().optional(),
  grade: codeText.nullable().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
  /** replaces the set */
  roles: z.array(role).max(20).optional(),
  /** replaces the set */
  skills: skillsInput.optional(),
  /** replaces the set */
  regionIds: z.array(z.uuid()).max(200).optional(),
});
export type UpdateUserRequest = z.input<typeof updateUserRequest>;

export const userStatusRequest = z.object({ version: versionField });

export const resetPasswordRequest = z.object({ password: newPassword });
export type ResetPasswordRequest = z.infer<typeof resetPasswordRequest>;

export const changePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequest>;
