import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { likeOperator } from '../../db/dialect.js';
import { type ArchivedFilter, archivedWanted, containsPattern, countActiveChildren, treeParents } from '../../db/registry-queries.js';
import { type PageQuery, paginate } from '../../platform/pagination.js';

/** Kysely queries of the staff area. No rules here. */

export type { ArchivedFilter };

// ---------------------------------------------------------------- departments

const departmentColumns = [
  'departments.id',
  'departments.code',
  'departments.name',
  'departments.parent_id',
  'departments.head_user_id',
  'departments.archived',
  'departments.version',
  'departments.created_at',
  'departments.updated_at',
  'head.display_name as head_user_name',
] as const;

function departmentsQuery(db: DB) {
  return db.selectFrom('departments').leftJoin('users as head', 'head.id', 'departments.head_user_id').select(departmentColumns);
}

export async function findDepartment(db: DB, id: string) {
  return departmentsQuery(db).where('departments.id', '=', id).executeTakeFirst();
}
export type DepartmentRow = NonNullable<Awaited<ReturnType<typeof findDepartment>>>;

export async function findDepartmentByCode(db: DB, code: string) {
  return db.selectFrom('departments').select(['id']).where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export async function departmentParents(db: DB): Promise<Map<string, string | null>> {
  return treeParents(db, 'departments');
}

export async function countActiveChildDepartments(db: DB, id: string): Promise<number> {
  return countActiveChildren(db, 'departments', id);
}

export async function listDepartments(
  db: DB,
  filter: { q?: string; parentId?: string; archived?: ArchivedFilter },
  page: PageQuery,
) {
  let query = departmentsQuery(db);
  const archived = archivedWanted(filter.archived);
  if (archived !== undefined) query = query.where('departments.archived', '=', archived);
  if (filter.parentId) query = query.where('departments.parent_id', '=', filter.parentId);
  if (filter.q) {
    const like = likeOperator(db);
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([eb('departments.name', like, containsPattern(q)), eb('departments.code', like, containsPattern(q))]),
    );
  }
  return paginate(
    query,
    { fields: { code: 'departments.code', name: 'departments.name' }, idColumn: 'departments.id', defaultSort: 'code' },
    page,
  );
}

export async function insertDepartment(
  db: DB,
  row: { id: string; code: string; name: string; parentId: string | null; headUserId: string | null; now: string },
) {
  await db
    .insertInto('departments')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      parent_id: row.parentId,
      head_user_id: row.headUserId,
      archived: false,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

// ---------------------------------------------------------------- regions

export async function findRegion(db: DB, id: string) {
  return db.selectFrom('regions').selectAll().where('id', '=', id).executeTakeFirst();
}
export type RegionRow = NonNullable<Awaited<ReturnType<typeof findRegion>>>;

export async function findRegionByCode(db: DB, code: string) {
  return db.selectFrom('regions').select(['id']).where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export async function regionParents(db: DB): Promise<Map<string, string | null>> {
  return treeParents(db, 'regions');
}

export async function findRegions(db: DB, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('regions').selectAll().where('id', 'in', ids).execute();
}

export async function countActiveChildRegions(db: DB, id: string): Promise<number> {
  return countActiveChildren(db, 'regions', id);
}

export async function listRegions(db: DB, filter: { q?: string; parentId?: string; archived?: ArchivedFilter }, page: PageQuery) {
  let query = db.selectFrom('regions').selectAll('regions');
  const archived = archivedWanted(filter.archived);
  if (archived !== undefined) query = query.where('regions.archived', '=', archived);
  if (filter.parentId) query = query.where('regions.parent_id', '=', filter.parentId);
  if (filter.q) {
    const like = likeOperator(db);
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([eb('regions.name', like, containsPattern(q)), eb('regions.code', like, containsPattern(q))]),
    );
  }
  return paginate(
    query,
    { fields: { code: 'regions.code', name: 'regions.name' }, idColumn: 'regions.id', defaultSort: 'code' },
    page,
  );
}

export async function insertRegion(
  db: DB,
  row: { id: string; code: string; name: string; parentId: string | null; now: string },
) {
  await db
    .insertInto('regions')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      parent_id: row.parentId,
      archived: false,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

// ---------------------------------------------------------------- grades

export async function findGrade(db: DB, id: string) {
  return db.selectFrom('staff_grades').selectAll().where('id', '=', id).executeTakeFirst();
}
export type GradeRow = NonNullable<Awaited<ReturnType<typeof findGrade>>>;

export async function findGradeByCode(db: DB, code: string) {
  return db.selectFrom('staff_grades').selectAll().where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export async function countUsersWithGrade(db: DB, code: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('grade', '=', code)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listGrades(db: DB, filter: { q?: string; archived?: ArchivedFilter }, page: PageQuery) {
  let query = db.selectFrom('staff_grades').selectAll('staff_grades');
  const archived = archivedWanted(filter.archived);
  if (archived !== undefined) query = query.where('staff_grades.archived', '=', archived);
  if (filter.q) {
    const like = likeOperator(db);
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([eb('staff_grades.name', like, containsPattern(q)), eb('staff_grades.code', like, containsPattern(q))]),
    );
  }
  return paginate(
    query,
    {
      fields: { rank: 'staff_grades.rank', code: 'staff_grades.code', name: 'staff_grades.name' },
      idColumn: 'staff_grades.id',
      defaultSort: 'rank',
    },
    page,
  );
}

export async function insertGrade(db: DB, row: { id: string; code: string; name: string; rank: number; now: string }) {
  await db
    .insertInto('staff_grades')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      rank: row.rank,
      archived: false,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

// ---------------------------------------------------------------- users

/** Never selects password_hash: staff screens have no business with it. */
const userColumns = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.email',
  'users.phone',
  'users.department_id',
  'users.grade',
  'users.locale',
  'users.status',
  'users.version',
  'users.created_at',
  'users.updated_at',
  'departments.name as department_name',
  'staff_grades.name as grade_name',
] as const;

function usersQuery(db: DB) {
  return db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .leftJoin('staff_grades', 'staff_grades.code', 'users.grade')
    .select(userColumns);
}

export async function findUser(db: DB, id: string) {
  return usersQuery(db).where('users.id', '=', id).executeTakeFirst();
}
export type UserRow = NonNullable<Awaited<ReturnType<typeof findUser>>>;

export async function findUserIdByUsername(db: DB, username: string) {
  return db.selectFrom('users').select(['id']).where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
}

export async function findPasswordHash(db: DB, userId: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return row?.password_hash;
}

export interface UserListFilter {
  q?: string;
  role?: string;
  departmentId?: string;
  /** the region and its ancestors: users assigned to any of them cover it */
  regionIds?: string[];
  /** the category and its ancestors: a skill in 照明 covers 室内照明 */
  skillCategoryIds?: string[];
  minSkillLevel?: number;
  status?: 'active' | 'disabled';
}

export async function listUsers(db: DB, filter: UserListFilter, page: PageQuery) {
  let query = usersQuery(db);
  if (filter.status) query = query.where('users.status', '=', filter.status);
  if (filter.departmentId) query = query.where('users.department_id', '=', filter.departmentId);
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.role', '=', role),
      ),
    );
  }
  if (filter.skillCategoryIds) {
    const categoryIds = filter.skillCategoryIds.length ? filter.skillCategoryIds : ['-'];
    const minLevel = filter.minSkillLevel ?? 1;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_skills')
          .select('user_skills.user_id')
          .whereRef('user_skills.user_id', '=', 'users.id')
          .where('user_skills.category_id', 'in', categoryIds)
          .where('user_skills.level', '>=', minLevel),
      ),
    );
  }
  if (filter.regionIds) {
    const regionIds = filter.regionIds.length ? filter.regionIds : ['-'];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_regions')
          .select('user_regions.user_id')
          .whereRef('user_regions.user_id', '=', 'users.id')
          .where('user_regions.region_id', 'in', regionIds),
      ),
    );
  }
  if (filter.q) {
    const like = likeOperator(db);
    const q = filter.q;
    query = query.where((eb) =>
      eb.or([
        eb('users.username', like, containsPattern(q)),
        eb('users.display_name', like, containsPattern(q)),
        eb('users.phone', like, containsPattern(q)),
        eb('users.email', like, containsPattern(q)),
      ]),
    );
  }
  return paginate(
    query,
    {
      fields: { username: 'users.username', displayName: 'users.display_name', createdAt: 'users.created_at' },
      idColumn: 'users.id',
      defaultSort: 'username',
    },
    page,
  );
}

export async function insertUser(
  db: DB,
  row: {
    id: string;
    username: string;
    displayName: string;
    passwordHash: string;
    email: string | null;
    phone: string | null;
    departmentId: string | null;
    grade: string | null;
    locale: string;
    now: string;
  },
) {
  await db
    .insertInto('users')
    .values({
      id: row.id,
      username: row.username,
      display_name: row.displayName,
      password_hash: row.passwordHash,
      email: row.email,
      phone: row.phone,
      department_id: row.departmentId,
      grade: row.grade,
      locale: row.locale,
      status: 'active',
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export async function setPasswordHash(db: DB, userId: string, passwordHash: string, now: string) {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
}

// roles, skills and regions of users: sets, replaced whole

export async function rolesOf(db: DB, userIds: string[]) {
  if (!userIds.length) return [];
  return db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
}

export async function skillsOf(db: DB, userIds: string[]) {
  if (!userIds.length) return [];
  return db
    .selectFrom('user_skills')
    .innerJoin('product_categories', 'product_categories.id', 'user_skills.category_id')
    .select(['user_skills.user_id', 'user_skills.category_id', 'user_skills.level', 'product_categories.name as category_name'])
    .where('user_skills.user_id', 'in', userIds)
    .orderBy('product_categories.code')
    .execute();
}

export async function regionsOf(db: DB, userIds: string[]) {
  if (!userIds.length) return [];
  return db
    .selectFrom('user_regions')
    .innerJoin('regions', 'regions.id', 'user_regions.region_id')
    .select(['user_regions.user_id', 'user_regions.region_id', 'regions.name as region_name'])
    .where('user_regions.user_id', 'in', userIds)
    .orderBy('regions.code')
    .execute();
}

export async function replaceRoles(db: DB, userId: string, roles: string[]) {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length)
    await db
      .insertInto('user_roles')
      .values(roles.map((role) => ({ user_id: userId, role })))
      .execute();
}

export async function replaceSkills(db: DB, userId: string, skills: { categoryId: string; level: number }[]) {
  await db.deleteFrom('user_skills').where('user_id', '=', userId).execute();
  if (skills.length) {
    await db
      .insertInto('user_skills')
      .values(skills.map((s) => ({ user_id: userId, category_id: s.categoryId, level: s.level })))
      .execute();
  }
}

export async function replaceRegions(db: DB, userId: string, regionIds: string[]) {
  await db.deleteFrom('user_regions').where('user_id', '=', userId).execute();
  if (regionIds.length) {
    await db
      .insertInto('user_regions')
      .values(regionIds.map((regionId) => ({ user_id: userId, region_id: regionId })))
      .execute();
  }
}

export async function categoryParents(db: DB): Promise<Map<string, string | null>> {
  return treeParents(db, 'product_categories');
}

export async function findCategories(db: DB, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('product_categories').select(['id', 'archived']).where('id', 'in', ids).execute();
}

/** Revoke the user's live sessions, except the one given (the caller's own, on a password change). */
export async function revokeSessions(db: DB, userId: string, now: string, exceptTokenHash?: string | null) {
  let query = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptTokenHash) query = query.where('token_hash', '!=', exceptTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
