import { type Kysely, sql } from 'kysely';

/**
 * Indexes for opening and reading cases at scale (issue 3, Speed; docs/BENCHMARKS.md).
 *
 * Merged sources: almost every case has merged_into_id NULL, so once SQLite has statistics
 * (ANALYZE, `pragma optimize`) it rates the plain index as matching every row and reads the whole
 * cases table for "the cases merged into this one" — 40 ms with 100 000 cases, on every case page
 * and every case opened. A partial index of the merged cases only is tiny, and every planner uses
 * it for `merged_into_id = ? / in (…)`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_merged_into_idx').execute();
  await db.schema
    .createIndex('cases_merged_into_idx')
    .on('cases')
    .column('merged_into_id')
    .where(sql<boolean>`merged_into_id is not null`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
