import { sql } from 'kysely';
import type { DB } from './database.js';
import { escapeLike, likeEscape } from './dialect.js';

/** Kysely pieces shared by the repositories of master data (codes, archiving, parent/child trees). */

/** Lists of archivable records show the active ones unless asked otherwise. */
export type ArchivedFilter = 'active' | 'archived' | 'all';

/** The value of the `archived` column a filter asks for; undefined = no condition ('all'). */
export function archivedWanted(filter: ArchivedFilter | undefined): boolean | undefined {
  const archived = filter ?? 'active';
  return archived === 'all' ? undefined : archived === 'archived';
}

/** `%text%` for a LIKE/ILIKE comparison, with the text's own wildcards escaped. */
export function containsPattern(text: string) {
  return sql<string>`${`%${escapeLike(text)}%`}${likeEscape}`;
}

/** Tables holding a parent/child tree of archivable records (id, parent_id, archived). */
export type TreeTable = 'product_categories' | 'departments' | 'regions';

/** id → parent_id of every node of a tree, for cycle checks and ancestor walks. */
export async function treeParents(db: DB, table: TreeTable): Promise<Map<string, string | null>> {
  const rows = await db
    .selectFrom(table as 'regions')
    .select(['id', 'parent_id'])
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function countActiveChildren(db: DB, table: TreeTable, id: string): Promise<number> {
  const row = await db
    .selectFrom(table as 'regions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_id', '=', id)
    .where('archived', '=', false)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
