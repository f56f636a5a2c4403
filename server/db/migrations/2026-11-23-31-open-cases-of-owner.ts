import { type Kysely, sql } from 'kysely';

/**
 * 我的工单 (the mine queue) at scale: an owner's open cases, newest first. With only
 * (owner_id, state) the database read every case the agent ever owned, dropped the closed ones and
 * sorted the rest before taking a page (issue 6: queue p99 < 50 ms at a million cases). This partial
 * index holds open cases only, in the queue's order, so a page is a short walk however many cases
 * the agent has. The same for the open cases of everyone, newest first (the overdue and escalated
 * queues walk it and stop at a page instead of sorting every overdue case ever).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('cases_open_owner_created_idx')
    .on('cases')
    .columns(['owner_id', 'created_at', 'id'])
    .where(sql<boolean>`closed_at is null`)
    .execute();
  await db.schema
    .createIndex('cases_open_created_idx')
    .on('cases')
    .columns(['created_at', 'id'])
    .where(sql<boolean>`closed_at is null`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
