import type {
  ChangePasswordRequest,
  CreateDepartmentRequest,
  CreateRegionRequest,
  CreateStaffGradeRequest,
  CreateUserRequest,
  Department,
  Region,
  StaffGrade,
  StaffUser,
  UpdateDepartmentRequest,
  UpdateRegionRequest,
  UpdateStaffGradeRequest,
  UpdateUserRequest,
  UserListQuery,
} from '../../../contracts/staff.js';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import {
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  IllegalTransitionError,
  NotFoundError,
  VersionConflictError,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Page, PageQuery } from '../../platform/pagination.js';
import { hashPassword, verifyPassword } from '../../platform/passwords.js';
import { assertCan, hasRole, ROLES, type Role } from '../../platform/permissions.js';
import { assertCodeFree, invalidReference, setArchived } from '../../platform/registry.js';
import { ancestorsOf, assertTreeAllowsArchiving, assertUsableParent, type TreeOfRecords } from '../../platform/tree.js';
import { applyVersionedChange, updateVersioned } from '../../platform/versioning.js';
import * as repo from './staff.repository.js';
import { selfLockoutViolation, setChanges } from './staff.rules.js';

/** Staff basics (R-STF-1): departments, regions, grades, users with roles, skills and regions. */

type ArchivedFilter = repo.ArchivedFilter;

const departmentTree: TreeOfRecords = {
  noun: 'department',
  find: repo.findDepartment,
  parents: repo.departmentParents,
  countActiveChildren: repo.countActiveChildDepartments,
  cycleMessage: 'a department cannot be placed under itself or its own sub-department',
  archiveChildrenFirstMessage: 'archive the sub-departments first',
};

const regionTree: TreeOfRecords = {
  noun: 'region',
  find: repo.findRegion,
  parents: repo.regionParents,
  countActiveChildren: repo.countActiveChildRegions,
  cycleMessage: 'a region cannot be placed inside itself or one of its own sub-regions',
  archiveChildrenFirstMessage: 'archive the sub-regions first',
};

// ---------------------------------------------------------------- presenters

export function presentDepartment(row: repo.DepartmentRow): Department {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parentId: row.parent_id,
    headUserId: row.head_user_id,
    headUserName: row.head_user_name ?? null,
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentRegion(row: repo.RegionRow): Region {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parentId: row.parent_id,
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentGrade(row: repo.GradeRow): StaffGrade {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    rank: Number(row.rank),
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Users with their roles, skills and regions, loaded in three queries for the whole page. */
async function presentUsers(db: DB, rows: repo.UserRow[]): Promise<StaffUser[]> {
  const ids = rows.map((r) => r.id);
  const [roles, skills, regions] = await Promise.all([repo.rolesOf(db, ids), repo.skillsOf(db, ids), repo.regionsOf(db, ids)]);
  return rows.map((row) => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    departmentId: row.department_id,
    departmentName: row.department_name ?? null,
    grade: row.grade,
    gradeName: row.grade_name ?? null,
    locale: row.locale,
    status: row.status,
    roles: roles.filter((r) => r.user_id === row.id).map((r) => r.role as Role),
    skills: skills
      .filter((s) => s.user_id === row.id)
      .map((s) => ({ categoryId: s.category_id, categoryName: s.category_name, level: Number(s.level) })),
    regions: regions.filter((r) => r.user_id === row.id).map((r) => ({ regionId: r.region_id, regionName: r.region_name })),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

async function loadUser(db: DB, id: string): Promise<StaffUser> {
  const row = await repo.findUser(db, id);
  if (!row) throw new NotFoundError('user', id);
  return (await presentUsers(db, [row]))[0];
}

// ---------------------------------------------------------------- departments

export async function listDepartments(
  ctx: ServiceContext,
  query: PageQuery & { q?: string; parentId?: string; archived?: ArchivedFilter },
): Promise<Page<Department>> {
  assertCan(ctx.actor, 'staff.read');
  const page = await repo.listDepartments(ctx.db, query, query);
  return { items: page.items.map(presentDepartment), nextCursor: page.nextCursor };
}

export async function getDepartment(ctx: ServiceContext, id: string): Promise<Department> {
  assertCan(ctx.actor, 'staff.read');
  const row = await repo.findDepartment(ctx.db, id);
  if (!row) throw new NotFoundError('department', id);
  return presentDepartment(row);
}

async function assertUsableHead(db: DB, headUserId: string | null | undefined) {
  if (!headUserId) return;
  const head = await repo.findUser(db, headUserId);
  if (!head) throw invalidReference(['body', 'headUserId'], 'head user does not exist');
  if (head.status !== 'active') throw invalidReference(['body', 'headUserId'], 'head user is disabled');
}

export async function createDepartment(ctx: ServiceContext, input: CreateDepartmentRequest): Promise<Department> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    await assertCodeFree('department', input.code, (code) => repo.findDepartmentByCode(tx.db, code));
    await assertUsableParent(tx.db, departmentTree, input.parentId);
    await assertUsableHead(tx.db, input.headUserId);
    const id = newId();
    await repo.insertDepartment(tx.db, {
      id,
      code: input.code,
      name: input.name,
      parentId: input.parentId ?? null,
      headUserId: input.headUserId ?? null,
      now: tx.clock.now().toISOString(),
    });
    const created = presentDepartment((await repo.findDepartment(tx.db, id))!);
    await recordAudit(tx, { entity: 'department', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateDepartment(ctx: ServiceContext, id: string, input: UpdateDepartmentRequest): Promise<Department> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findDepartment(tx.db, id);
    if (!row) throw new NotFoundError('department', id);
    if (input.code !== undefined && input.code !== row.code) {
      await assertCodeFree('department', input.code, (code) => repo.findDepartmentByCode(tx.db, code), id);
    }
    if (input.parentId !== undefined && input.parentId !== row.parent_id)
      await assertUsableParent(tx.db, departmentTree, input.parentId, id);
    if (input.headUserId !== undefined && input.headUserId !== row.head_user_id) await assertUsableHead(tx.db, input.headUserId);
    const wanted: Partial<Department> = {};
    if (input.code !== undefined) wanted.code = input.code;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.parentId !== undefined) wanted.parentId = input.parentId;
    if (input.headUserId !== undefined) wanted.headUserId = input.headUserId;
    return applyVersionedChange(tx, {
      table: 'departments',
      entity: 'department',
      id,
      version: input.version,
      before: presentDepartment(row),
      wanted,
      toColumns: (w) => ({
        ...(w.code !== undefined ? { code: w.code } : {}),
        ...(w.name !== undefined ? { name: w.name } : {}),
        ...(w.parentId !== undefined ? { parent_id: w.parentId } : {}),
        ...(w.headUserId !== undefined ? { head_user_id: w.headUserId } : {}),
      }),
      reload: async () => presentDepartment((await repo.findDepartment(tx.db, id))!),
    });
  });
}

export async function setDepartmentArchived(
  ctx: ServiceContext,
  id: string,
  version: number,
  archived: boolean,
): Promise<Department> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findDepartment(tx.db, id);
    if (!row) throw new NotFoundError('department', id);
    await setArchived(tx, {
      table: 'departments',
      entity: 'department',
      id,
      version,
      currentlyArchived: Boolean(row.archived),
      archived,
      check: () => assertTreeAllowsArchiving(tx.db, departmentTree, row, archived),
    });
    return presentDepartment((await repo.findDepartment(tx.db, id))!);
  });
}

// ---------------------------------------------------------------- regions

export async function listRegions(
  ctx: ServiceContext,
  query: PageQuery & { q?: string; parentId?: string; archived?: ArchivedFilter },
): Promise<Page<Region>> {
  assertCan(ctx.actor, 'staff.read');
  const page = await repo.listRegions(ctx.db, query, query);
  return { items: page.items.map(presentRegion), nextCursor: page.nextCursor };
}

export async function getRegion(ctx: ServiceContext, id: string): Promise<Region> {
  assertCan(ctx.actor, 'staff.read');
  const row = await repo.findRegion(ctx.db, id);
  if (!row) throw new NotFoundError('region', id);
  return presentRegion(row);
}

export async function createRegion(ctx: ServiceContext, input: CreateRegionRequest): Promise<Region> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    await assertCodeFree('region', input.code, (code) => repo.findRegionByCode(tx.db, code));
    await assertUsableParent(tx.db, regionTree, input.parentId);
    const id = newId();
    await repo.insertRegion(tx.db, {
      id,
      code: input.code,
      name: input.name,
      parentId: input.parentId ?? null,
      now: tx.clock.now().toISOString(),
    });
    const created = presentRegion((await repo.findRegion(tx.db, id))!);
    await recordAudit(tx, { entity: 'region', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateRegion(ctx: ServiceContext, id: string, input: UpdateRegionRequest): Promise<Region> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findRegion(tx.db, id);
    if (!row) throw new NotFoundError('region', id);
    if (input.code !== undefined && input.code !== row.code) {
      await assertCodeFree('region', input.code, (code) => repo.findRegionByCode(tx.db, code), id);
    }
    if (input.parentId !== undefined && input.parentId !== row.parent_id)
      await assertUsableParent(tx.db, regionTree, input.parentId, id);
    const wanted: Partial<Region> = {};
    if (input.code !== undefined) wanted.code = input.code;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.parentId !== undefined) wanted.parentId = input.parentId;
    return applyVersionedChange(tx, {
      table: 'regions',
      entity: 'region',
      id,
      version: input.version,
      before: presentRegion(row),
      wanted,
      toColumns: (w) => ({
        ...(w.code !== undefined ? { code: w.code } : {}),
        ...(w.name !== undefined ? { name: w.name } : {}),
        ...(w.parentId !== undefined ? { parent_id: w.parentId } : {}),
      }),
      reload: async () => presentRegion((await repo.findRegion(tx.db, id))!),
    });
  });
}

export async function setRegionArchived(ctx: ServiceContext, id: string, version: number, archived: boolean): Promise<Region> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findRegion(tx.db, id);
    if (!row) throw new NotFoundError('region', id);
    await setArchived(tx, {
      table: 'regions',
      entity: 'region',
      id,
      version,
      currentlyArchived: Boolean(row.archived),
      archived,
      check: () => assertTreeAllowsArchiving(tx.db, regionTree, row, archived),
    });
    return presentRegion((await repo.findRegion(tx.db, id))!);
  });
}

// ---------------------------------------------------------------- grades

export async function listGrades(
  ctx: ServiceContext,
  query: PageQuery & { q?: string; archived?: ArchivedFilter },
): Promise<Page<StaffGrade>> {
  assertCan(ctx.actor, 'staff.read');
  const page = await repo.listGrades(ctx.db, query, query);
  return { items: page.items.map(presentGrade), nextCursor: page.nextCursor };
}

export async function createGrade(ctx: ServiceContext, input: CreateStaffGradeRequest): Promise<StaffGrade> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    await assertCodeFree('grade', input.code, (code) => repo.findGradeByCode(tx.db, code));
    const id = newId();
    await repo.insertGrade(tx.db, {
      id,
      code: input.code,
      name: input.name,
      rank: input.rank ?? 0,
      now: tx.clock.now().toISOString(),
    });
    const created = presentGrade((await repo.findGrade(tx.db, id))!);
    await recordAudit(tx, { entity: 'staff_grade', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateGrade(ctx: ServiceContext, id: string, input: UpdateStaffGradeRequest): Promise<StaffGrade> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findGrade(tx.db, id);
    if (!row) throw new NotFoundError('staff_grade', id);
    if (input.code !== undefined && input.code !== row.code) {
      await assertCodeFree('grade', input.code, (code) => repo.findGradeByCode(tx.db, code), id);
      // users refer to their grade by code
      if ((await repo.countUsersWithGrade(tx.db, row.code)) > 0) {
        throw new BusinessRuleError('grade_in_use', 'the code of a grade that users hold cannot change', [
          { path: ['body', 'code'], message: 'grade in use' },
        ]);
      }
    }
    const wanted: Partial<StaffGrade> = {};
    if (input.code !== undefined) wanted.code = input.code;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.rank !== undefined) wanted.rank = input.rank;
    return applyVersionedChange(tx, {
      table: 'staff_grades',
      entity: 'staff_grade',
      id,
      version: input.version,
      before: presentGrade(row),
      wanted,
      toColumns: (w) => ({
        ...(w.code !== undefined ? { code: w.code } : {}),
        ...(w.name !== undefined ? { name: w.name } : {}),
        ...(w.rank !== undefined ? { rank: w.rank } : {}),
      }),
      reload: async () => presentGrade((await repo.findGrade(tx.db, id))!),
    });
  });
}

export async function setGradeArchived(ctx: ServiceContext, id: string, version: number, archived: boolean): Promise<StaffGrade> {
  assertCan(ctx.actor, 'staff.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findGrade(tx.db, id);
    if (!row) throw new NotFoundError('staff_grade', id);
    await setArchived(tx, {
      table: 'staff_grades',
      entity: 'staff_grade',
      id,
      version,
      currentlyArchived: Boolean(row.archived),
      archived,
    });
    return presentGrade((await repo.findGrade(tx.db, id))!);
  });
}

// ---------------------------------------------------------------- users

export async function listUsers(ctx: ServiceContext, query: UserListQuery): Promise<Page<StaffUser>> {
  assertCan(ctx.actor, 'staff.read');
  let regionIds: string[] | undefined;
  if (query.regionId) {
    // who covers region Y: users assigned to Y itself or to a region that contains it
    regionIds = ancestorsOf(query.regionId, await repo.regionParents(ctx.db));
  }
  let skillCategoryIds: string[] | undefined;
  if (query.skillCategoryId) {
    // a skill in a category covers its subcategories: 照明 covers 室内照明
    skillCategoryIds = ancestorsOf(query.skillCategoryId, await repo.categoryParents(ctx.db));
  }
  const page = await repo.listUsers(
    ctx.db,
    {
      q: query.q,
      role: query.role,
      departmentId: query.departmentId,
      regionIds,
      skillCategoryIds,
      minSkillLevel: query.minSkillLevel,
      status: query.status,
    },
    query,
  );
  return { items: await presentUsers(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getUser(ctx: ServiceContext, id: string): Promise<StaffUser> {
  assertCan(ctx.actor, 'staff.read');
  return loadUser(ctx.db, id);
}

/** Check every reference of a user form; 422 with the field path of the first bad one. */
async function assertUserReferences(
  db: DB,
  input: {
    departmentId?: string | null;
    grade?: string | null;
    skills?: { categoryId: string }[];
    regionIds?: string[];
  },
) {
  if (input.departmentId) {
    const department = await repo.findDepartment(db, input.departmentId);
    if (!department) throw invalidReference(['body', 'departmentId'], 'department does not exist');
    if (department.archived) throw invalidReference(['body', 'departmentId'], 'department is archived');
  }
  if (input.grade) {
    const grade = await repo.findGradeByCode(db, input.grade);
    if (!grade) throw invalidReference(['body', 'grade'], 'grade does not exist');
    if (grade.archived) throw invalidReference(['body', 'grade'], 'grade is archived');
  }
  if (input.skills?.length) {
    const found = new Map(
      (
        await repo.findCategories(
          db,
          input.skills.map((s) => s.categoryId),
        )
      ).map((c) => [c.id, c]),
    );
    input.skills.forEach((skill, i) => {
      const category = found.get(skill.categoryId);
      if (!category) throw invalidReference(['body', 'skills', i, 'categoryId'], 'product category does not exist');
      if (category.archived) throw invalidReference(['body', 'skills', i, 'categoryId'], 'product category is archived');
    });
  }
  if (input.regionIds?.length) {
    const found = new Map((await repo.findRegions(db, input.regionIds)).map((r) => [r.id, r]));
    input.regionIds.forEach((regionId, i) => {
      const region = found.get(regionId);
      if (!region) throw invalidReference(['body', 'regionIds', i], 'region does not exist');
      if (region.archived) throw invalidReference(['body', 'regionIds', i], 'region is archived');
    });
  }
}

function uniqueRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function emptyToNull(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  return value === null || value.trim() === '' ? null : value.trim();
}

export async function createUser(ctx: ServiceContext, input: CreateUserRequest): Promise<StaffUser> {
  assertCan(ctx.actor, 'staff.write');
  const roles = uniqueRoles(input.roles ?? []);
  const skills = input.skills ?? [];
  const regionIds = uniqueIds(input.regionIds ?? []);
  // hashing is slow on purpose; do it before the transaction opens
  const passwordHash = await hashPassword(input.password, ctx.config.passwordHashCost);
  return inTransaction(ctx, async (tx) => {
    if (await repo.findUserIdByUsername(tx.db, input.username)) {
      const message = `username "${input.username}" is already taken`;
      throw new ConflictError('duplicate_username', message, [{ path: ['body', 'username'], message }]);
    }
    await assertUserReferences(tx.db, { departmentId: input.departmentId, grade: input.grade, skills, regionIds });
    const id = newId();
    await repo.insertUser(tx.db, {
      id,
      username: input.username,
      displayName: input.displayName,
      passwordHash,
      email: emptyToNull(input.email) ?? null,
      phone: emptyToNull(input.phone) ?? null,
      departmentId: input.departmentId ?? null,
      grade: input.grade ?? null,
      locale: input.locale ?? 'zh-CN',
      now: tx.clock.now().toISOString(),
    });
    await repo.replaceRoles(tx.db, id, roles);
    await repo.replaceSkills(tx.db, id, skills);
    await repo.replaceRegions(tx.db, id, regionIds);
    const created = await loadUser(tx.db, id);
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'create', after: auditView(created) });
    return created;
  });
}

/** What the audit keeps of a user: ids and values, no names that merely follow from ids. */
function auditView(user: StaffUser) {
  return {
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    departmentId: user.departmentId,
    grade: user.grade,
    locale: user.locale,
    status: user.status,
    roles: [...user.roles].sort(),
    skills: user.skills
      .map((s) => ({ categoryId: s.categoryId, level: s.level }))
      .sort((a, b) => a.categoryId.localeCompare(b.categoryId)),
    regionIds: user.regions.map((r) => r.regionId).sort(),
  };
}

export async function updateUser(ctx: ServiceContext, id: string, input: UpdateUserRequest): Promise<StaffUser> {
  assertCan(ctx.actor, 'staff.write');
  const roles = input.roles ? uniqueRoles(input.roles) : undefined;
  const regionIds = input.regionIds ? uniqueIds(input.regionIds) : undefined;
  const violation = selfLockoutViolation({
    actorId: ctx.actor.id,
    targetUserId: id,
    actorIsAdmin: hasRole(ctx.actor, 'admin'),
    newRoles: roles,
  });
  if (violation) {
    throw new BusinessRuleError(violation, 'you cannot remove your own admin role (the company would have no administrator)', [
      { path: ['body', 'roles'], message: 'must keep admin' },
    ]);
  }
  return inTransaction(ctx, async (tx) => {
    const current = await loadUser(tx.db, id);
    await assertUserReferences(tx.db, {
      departmentId: input.departmentId !== current.departmentId ? input.departmentId : undefined,
      grade: input.grade !== current.grade ? input.grade : undefined,
      skills: input.skills,
      regionIds,
    });
    const before = auditView(current);
    const wanted = { ...before };
    if (input.displayName !== undefined) wanted.displayName = input.displayName;
    if (input.email !== undefined) wanted.email = emptyToNull(input.email) ?? null;
    if (input.phone !== undefined) wanted.phone = emptyToNull(input.phone) ?? null;
    if (input.departmentId !== undefined) wanted.departmentId = input.departmentId;
    if (input.grade !== undefined) wanted.grade = input.grade;
    if (input.locale !== undefined) wanted.locale = input.locale;
    if (roles) wanted.roles = [...roles].sort();
    if (input.skills) {
      wanted.skills = input.skills
        .map((s) => ({ categoryId: s.categoryId, level: s.level }))
        .sort((a, b) => a.categoryId.localeCompare(b.categoryId));
    }
    if (regionIds) wanted.regionIds = [...regionIds].sort();

    const changed = (key: keyof typeof before) => JSON.stringify(before[key]) !== JSON.stringify(wanted[key]);
    const keys = (Object.keys(wanted) as (keyof typeof before)[]).filter(changed);
    if (keys.length === 0) {
      if (current.version !== input.version) throw new VersionConflictError('user', id, current.version);
      return current;
    }
    const columns: Record<string, unknown> = {};
    if (keys.includes('displayName')) columns.display_name = wanted.displayName;
    if (keys.includes('email')) columns.email = wanted.email;
    if (keys.includes('phone')) columns.phone = wanted.phone;
    if (keys.includes('departmentId')) columns.department_id = wanted.departmentId;
    if (keys.includes('grade')) columns.grade = wanted.grade;
    if (keys.includes('locale')) columns.locale = wanted.locale;
    // the sets are part of the user: changing only them still moves the version on
    await updateVersioned(tx, 'users', id, input.version, columns, 'user');
    if (keys.includes('roles')) await repo.replaceRoles(tx.db, id, wanted.roles);
    if (keys.includes('skills')) await repo.replaceSkills(tx.db, id, wanted.skills);
    if (keys.includes('regionIds')) await repo.replaceRegions(tx.db, id, wanted.regionIds);

    const auditBefore: Record<string, unknown> = {};
    const auditAfter: Record<string, unknown> = {};
    for (const key of keys) {
      auditBefore[key] = before[key];
      auditAfter[key] = wanted[key];
    }
    if (keys.includes('roles')) auditAfter.roleChanges = setChanges(before.roles, wanted.roles);
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'update', before: auditBefore, after: auditAfter });
    return loadUser(tx.db, id);
  });
}

/** Disable a user (he can no longer log in; his sessions end at once) or enable him again. */
export async function setUserStatus(
  ctx: ServiceContext,
  id: string,
  version: number,
  status: 'active' | 'disabled',
): Promise<StaffUser> {
  assertCan(ctx.actor, 'staff.write');
  const violation = selfLockoutViolation({
    actorId: ctx.actor.id,
    targetUserId: id,
    actorIsAdmin: hasRole(ctx.actor, 'admin'),
    disabling: status === 'disabled',
  });
  if (violation) throw new BusinessRuleError(violation, 'you cannot disable your own account');
  return inTransaction(ctx, async (tx) => {
    const current = await loadUser(tx.db, id);
    const action = status === 'disabled' ? 'disable' : 'enable';
    if (current.status === status)
      throw new IllegalTransitionError(current.status, action, [status === 'active' ? 'disable' : 'enable']);
    await updateVersioned(tx, 'users', id, version, { status }, 'user');
    let sessionsRevoked = 0;
    if (status === 'disabled') sessionsRevoked = await repo.revokeSessions(tx.db, id, tx.clock.now().toISOString());
    await recordAudit(tx, {
      entity: 'user',
      entityId: id,
      action,
      before: { status: current.status },
      after: { status, ...(status === 'disabled' ? { sessionsRevoked } : {}) },
    });
    return loadUser(tx.db, id);
  });
}

/**
 * An administrator sets a new password for a user who forgot his. All of that user's sessions end
 * (except the caller's own when an admin resets his own password).
 */
export async function resetPassword(
  ctx: ServiceContext,
  id: string,
  password: string,
  callerSessionHash: string | null,
): Promise<StaffUser> {
  assertCan(ctx.actor, 'staff.write');
  const passwordHash = await hashPassword(password, ctx.config.passwordHashCost);
  return inTransaction(ctx, async (tx) => {
    const user = await loadUser(tx.db, id);
    const now = tx.clock.now().toISOString();
    await repo.setPasswordHash(tx.db, id, passwordHash, now);
    const sessionsRevoked = await repo.revokeSessions(tx.db, id, now, ctx.actor.id === id ? callerSessionHash : null);
    await recordAudit(tx, { entity: 'user', entityId: id, action: 'reset_password', after: { sessionsRevoked } });
    return { ...user, updatedAt: now };
  });
}

/** A logged-in user changes his own password; his other sessions end, this one stays. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: ChangePasswordRequest,
  callerSessionHash: string | null,
): Promise<{ ok: true }> {
  if (ctx.actor.kind !== 'user') throw new ForbiddenError();
  const userId = ctx.actor.id;
  const currentHash = await repo.findPasswordHash(ctx.db, userId);
  if (!currentHash) throw new NotFoundError('user', userId);
  if (!(await verifyPassword(currentHash, input.currentPassword))) {
    throw new BusinessRuleError('wrong_current_password', 'the current password is not correct', [
      { path: ['body', 'currentPassword'], message: 'wrong password' },
    ]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new BusinessRuleError('password_unchanged', 'the new password must differ from the current one', [
      { path: ['body', 'newPassword'], message: 'same as the current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword, ctx.config.passwordHashCost);
  await inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    await repo.setPasswordHash(tx.db, userId, passwordHash, now);
    const sessionsRevoked = await repo.revokeSessions(tx.db, userId, now, callerSessionHash);
    await recordAudit(tx, { entity: 'user', entityId: userId, action: 'change_password', after: { sessionsRevoked } });
  });
  return { ok: true };
}
