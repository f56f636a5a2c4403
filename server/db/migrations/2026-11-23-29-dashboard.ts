import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the 工作台 numbers at a million cases (R-RPT-1; issue 6: the dashboard < 1 s).
 *
 * Open cases are a small share of all cases, counted by type and state on every dashboard read: a
 * partial index of the open ones only stays small however many cases are closed. The deadlines
 * kept over the last days are read by the time they were met: (state, met_at).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('cases_open_type_state_idx')
    .on('cases')
    .columns(['type', 'state', 'owner_id'])
    .where(sql<boolean>`closed_at is null`)
    .execute();
  await db.schema.createIndex('case_deadlines_state_met_idx').on('case_deadlines').columns(['state', 'met_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
