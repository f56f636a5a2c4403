import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { Database } from '../../db/types.js';

/** Which cases count: all, or those one user owns. */
export type CaseScope = { ownerId: string } | null;

const inScope = (scope: CaseScope) => (eb: ExpressionBuilder<Database, 'cases'>): Expression<SqlBool> =>
  scope ? eb('cases.owner_id', '=', scope.ownerId) : eb.lit(true);

const count = sql<number>`count(*)`;

export async function openCasesByTypeAndState(db: DB, scope: CaseScope) {
  return db
    .selectFrom('cases')
    .innerJoin('case_types', 'case_types.code', 'cases.type')
    .select(['cases.type', 'case_types.name_zh as type_name', 'case_types.sort_order', 'cases.state', count.as('n')])
    .where('cases.closed_at', 'is', null)
    .where('cases.merged_into_id', 'is', null)
    .where(inScope(scope))
    .groupBy(['cases.type', 'case_types.name_zh', 'case_types.sort_order', 'cases.state'])
    .orderBy('case_types.sort_order')
    .orderBy('cases.state')
    .execute();
}

export async function countOpenOwnedBy(db: DB, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select(count.as('n'))
    .where('cases.owner_id', '=', ownerId)
    .where('cases.closed_at', 'is', null)
    .where('cases.merged_into_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Open cases with an overdue deadline (breached, or running past its due time). Starts from the
 * two ranges of the deadlines' (state, due_at) index, as the overdue queue does.
 */
export async function countOverdueCases(db: DB, now: string, scope: CaseScope): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select(count.as('n'))
    .where('cases.closed_at', 'is', null)
    .where(inScope(scope))
    .where('cases.id', 'in', (eb) =>
      eb
        .selectFrom('case_deadlines')
        .select('case_deadlines.case_id')
        .where('case_deadlines.state', '=', 'breached')
        .unionAll(
          eb.selectFrom('case_deadlines').select('case_deadlines.case_id').where('case_deadlines.state', '=', 'running').where('case_deadlines.due_at', '<', now),
        ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Open cases with a running deadline due in [now, until). */
export async function countDueBetween(db: DB, now: string, until: string, scope: CaseScope): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select(count.as('n'))
    .where('cases.closed_at', 'is', null)
    .where(inScope(scope))
    .where('cases.id', 'in', (eb) =>
      eb
        .selectFrom('case_deadlines')
        .select('case_deadlines.case_id')
        .where('case_deadlines.state', '=', 'running')
        .where('case_deadlines.due_at', '>=', now)
        .where('case_deadlines.due_at', '<', until),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Appointments (not cancelled) starting in [from, to); a technician's own when `technicianId`. */
export async function countAppointments(db: DB, from: string, to: string, technicianId: string | null): Promise<number> {
  let q = db
    .selectFrom('repair_appointments')
    .select(count.as('n'))
    .where('window_start', '>=', from)
    .where('window_start', '<', to)
    .where('state', '!=', 'cancelled');
  if (technicianId) q = q.where('technician_id', '=', technicianId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Deadlines met since `since` (on time / late) and deadlines breached and still open. */
export async function deadlineOutcomes(db: DB, since: string, scope: CaseScope) {
  const scoped = <T extends { where: any }>(q: T): T =>
    scope ? (q as any).where('case_deadlines.case_id', 'in', (eb: any) => eb.selectFrom('cases').select('id').where('owner_id', '=', scope.ownerId)) : q;
  const met = await scoped(
    db
      .selectFrom('case_deadlines')
      .select([sql<number>`sum(case when breached_at is null then 1 else 0 end)`.as('on_time'), sql<number>`sum(case when breached_at is null then 0 else 1 end)`.as('late')])
      .where('state', '=', 'met')
      .where('met_at', '>=', since),
  ).executeTakeFirstOrThrow();
  const breached = await scoped(db.selectFrom('case_deadlines').select(count.as('n')).where('state', '=', 'breached')).executeTakeFirstOrThrow();
  return { metOnTime: Number(met.on_time ?? 0), metLate: Number(met.late ?? 0), breachedOpen: Number(breached.n) };
}

/** Follow-up tasks still to do that are due before `until` (overdue ones included). */
export async function countFollowUpsDue(db: DB, until: string, assigneeId: string | null): Promise<number> {
  let q = db
    .selectFrom('followup_tasks')
    .select(count.as('n'))
    .where('state', '=', 'pending')
    .where('merged_into_id', 'is', null)
    .where('due_at', '<', until);
  if (assigneeId) q = q.where('assignee_id', '=', assigneeId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
