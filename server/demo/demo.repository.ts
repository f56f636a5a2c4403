import type { Insertable } from 'kysely';
import type { DB } from '../db/database.js';
import type { Database } from '../db/types.js';

/** Batch writes for the demo seed: many rows per INSERT, under both dialects' bound-parameter limits. */

export async function insertMany<T extends keyof Database>(db: DB, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(30_000 / Math.max(columns, 1)));
  for (let i = 0; i < rows.length; i += size) {
    await (db as any)
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

export async function existingUsernames(db: DB, usernames: string[]): Promise<string[]> {
  if (!usernames.length) return [];
  const rows = await db.selectFrom('users').select('username').where('username', 'in', usernames).execute();
  return rows.map((r) => r.username);
}

export async function activeUsernames(db: DB, usernames: string[]): Promise<string[]> {
  if (!usernames.length) return [];
  const rows = await db
    .selectFrom('users')
    .select('username')
    .where('username', 'in', usernames)
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => r.username);
}

export async function countUsers(db: DB): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function idsByCode(
  db: DB,
  table: 'regions' | 'departments' | 'staff_grades' | 'product_categories',
): Promise<Map<string, string>> {
  const rows = await (db as any).selectFrom(table).select(['id', 'code']).execute();
  return new Map(rows.map((r: { id: string; code: string }) => [r.code, r.id]));
}

export async function productIdsByModel(db: DB): Promise<Map<string, string>> {
  const rows = await db.selectFrom('products').select(['id', 'model']).execute();
  return new Map(rows.map((r) => [r.model, r.id]));
}

export async function setDepartmentHead(db: DB, departmentId: string, userId: string): Promise<void> {
  await db
    .updateTable('departments')
    .set({ head_user_id: userId })
    .where('id', '=', departmentId)
    .where('head_user_id', 'is', null)
    .execute();
}
