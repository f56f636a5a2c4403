/**
 * Follow-up and survey queries (Kysely only). The generator's candidate queries are set-based: one
 * query per rule (per cadence step), each reading an indexed range and leaving out, in SQL, the
 * sources that already have their task (NOT EXISTS on the unique source_key).
 */
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { FollowupAttemptsTable, FollowupRulesTable, FollowupTasksTable, QuestionnairesTable } from '../../db/types/followups.js';
import { insertRows } from '../../db/compiled.js';

export type RuleRow = Selectable<FollowupRulesTable>;
export type TaskRow = Selectable<FollowupTasksTable>;
export type AttemptRow = FollowupAttemptsTable;
export type QuestionnaireRow = Selectable<QuestionnairesTable>;

// ── settings ────────────────────────────────────────────────────────────────────────────────────

export function findSetting(db: DB, key: string) {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function insertSettingIfMissing(db: DB, key: string, value: unknown, version: number, now: string) {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), version, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateSettingVersioned(db: DB, key: string, expectedVersion: number, value: unknown, now: string) {
  const result = await db
    .updateTable('settings')
    .set({ value: JSON.stringify(value), version: expectedVersion + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ── rules and questionnaires ───────────────────────────────────────────────────────────────────

export async function listRules(db: DB): Promise<RuleRow[]> {
  return (await db.selectFrom('followup_rules').selectAll().orderBy('sort_order').orderBy('code').execute()) as RuleRow[];
}

export async function findRule(db: DB, id: string): Promise<RuleRow | undefined> {
  return (await db.selectFrom('followup_rules').selectAll().where('id', '=', id).executeTakeFirst()) as RuleRow | undefined;
}

export async function findRuleByCode(db: DB, code: string): Promise<RuleRow | undefined> {
  return (await db.selectFrom('followup_rules').selectAll().where('code', '=', code).executeTakeFirst()) as RuleRow | undefined;
}

export async function insertRuleIfMissing(db: DB, row: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .insertInto('followup_rules')
    .values(row as any)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listQuestionnaires(db: DB): Promise<QuestionnaireRow[]> {
  return (await db.selectFrom('questionnaires').selectAll().orderBy('code').execute()) as QuestionnaireRow[];
}

export async function findQuestionnaire(db: DB, id: string): Promise<QuestionnaireRow | undefined> {
  return (await db.selectFrom('questionnaires').selectAll().where('id', '=', id).executeTakeFirst()) as QuestionnaireRow | undefined;
}

export async function findQuestionnaireByCode(db: DB, code: string): Promise<QuestionnaireRow | undefined> {
  return (await db.selectFrom('questionnaires').selectAll().where('code', '=', code).executeTakeFirst()) as QuestionnaireRow | undefined;
}

export async function insertQuestionnaireIfMissing(db: DB, row: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .insertInto('questionnaires')
    .values(row as any)
    .onConflict((oc) => oc.column('code').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ── generator candidates ───────────────────────────────────────────────────────────────────────

/** One source the generator may plan a task for (already known to have no task). */
export interface CandidateRow {
  source_key: string;
  customer_id: string;
  case_id: string | null;
  unit_id: string | null;
  order_id: string | null;
  /** ISO instant or YYYY-MM-DD */
  anchor: string;
  severity: string | null;
  do_not_disturb: any;
  reduced_contact: any;
}

const noTaskYet = (key: Expression<string>) =>
  sql<SqlBool>`not exists (select 1 from followup_tasks ft where ft.source_key = ${key})`;

/** Cases of the given types closed in [from, to) whose rule task does not exist yet. */
export async function closedCaseCandidates(
  db: DB,
  args: { ruleId: string; from: string; to: string; caseTypes: readonly string[]; repairKind: 'paid' | 'warranty' | 'any'; customerClasses: readonly string[] },
): Promise<CandidateRow[]> {
  const key = sql<string>`${`case:${args.ruleId}:`} || c.id`;
  let query = db
    .selectFrom('cases as c')
    .innerJoin('customers as cu', 'cu.id', 'c.customer_id')
    .select([
      key.as('source_key'),
      'c.customer_id as customer_id',
      'c.id as case_id',
      'c.unit_id as unit_id',
      sql<null>`null`.as('order_id'),
      'c.closed_at as anchor',
      'c.severity as severity',
      'cu.do_not_disturb as do_not_disturb',
      'cu.reduced_contact as reduced_contact',
    ])
    .where('c.closed_at', 'is not', null)
    .where('c.closed_at', '>=', args.from)
    .where('c.closed_at', '<', args.to)
    .where('c.state', 'not in', ['cancelled', 'merged'])
    .where('cu.status', '=', 'active')
    .where(noTaskYet(key));
  if (args.caseTypes.length) query = query.where('c.type', 'in', args.caseTypes);
  if (args.customerClasses.length) query = query.where('cu.class', 'in', args.customerClasses as any);
  if (args.repairKind === 'paid') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('repair_orders as ro')
          .select('ro.id')
          .whereRef('ro.case_id', '=', 'c.id')
          .where((w) => w.or([w('ro.charged_fen', '>', 0), w('ro.warranty_status', '=', 'out_of_warranty')])),
      ),
    );
  } else if (args.repairKind === 'warranty') {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('repair_orders as ro').select('ro.id').whereRef('ro.case_id', '=', 'c.id').where('ro.warranty_status', '=', 'in_warranty')),
    );
  }
  return (await query.execute()) as CandidateRow[];
}

/** The first (not cancelled) order date of every customer whose first order is in [from, to]. */
export async function firstPurchases(db: DB, from: string, to: string): Promise<{ customer_id: string; first_date: string }[]> {
  return (await db
    .selectFrom('orders as o')
    .select(['o.customer_id as customer_id', sql<string>`min(o.order_date)`.as('first_date')])
    .where('o.status', '<>', 'cancelled')
    .groupBy('o.customer_id')
    .having(sql`min(o.order_date)`, '>=', from)
    .having(sql`min(o.order_date)`, '<=', to)
    .execute()) as { customer_id: string; first_date: string }[];
}

/** Customers (with their contact flags) by id, for candidates found without a join. */
export async function customerFlags(db: DB, ids: readonly string[], customerClasses: readonly string[]) {
  const rows: { id: string; do_not_disturb: any; reduced_contact: any }[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    let query = db
      .selectFrom('customers')
      .select(['id', 'do_not_disturb', 'reduced_contact'])
      .where('id', 'in', ids.slice(i, i + 500))
      .where('status', '=', 'active');
    if (customerClasses.length) query = query.where('class', 'in', customerClasses as any);
    rows.push(...(await query.execute()));
  }
  return rows;
}

/** Which of these source keys already have a task. */
export async function existingSourceKeys(db: DB, keys: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.selectFrom('followup_tasks').select('source_key').where('source_key', 'in', keys.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.source_key);
  }
  return found;
}

/** Units whose purchase date is in [from, to] (their `months`-th anniversary falls in the generation range). */
export async function unitAnniversaryCandidates(
  db: DB,
  args: { ruleId: string; months: number; from: string; to: string; inWarrantyOn: string | null; customerClasses: readonly string[] },
): Promise<CandidateRow[]> {
  const key = sql<string>`${`unit:${args.ruleId}:`} || u.id || ${`:${args.months}`}`;
  let query = db
    .selectFrom('units as u')
    .innerJoin('customers as cu', 'cu.id', 'u.customer_id')
    .select([
      key.as('source_key'),
      'u.customer_id as customer_id',
      sql<null>`null`.as('case_id'),
      'u.id as unit_id',
      sql<null>`null`.as('order_id'),
      'u.purchase_date as anchor',
      sql<null>`null`.as('severity'),
      'cu.do_not_disturb as do_not_disturb',
      'cu.reduced_contact as reduced_contact',
    ])
    .where('u.purchase_date', '>=', args.from)
    .where('u.purchase_date', '<=', args.to)
    .where('u.status', '=', 'in_service')
    .where('cu.status', '=', 'active')
    .where(noTaskYet(key));
  if (args.inWarrantyOn) query = query.where('u.warranty_end', '>=', args.inWarrantyOn);
  if (args.customerClasses.length) query = query.where('cu.class', 'in', args.customerClasses as any);
  return (await query.execute()) as CandidateRow[];
}

/** Key / very large / VIP accounts without their task of this period. */
export async function accountCandidates(
  db: DB,
  args: { ruleId: string; periodKey: string; periodStart: string; accountKind: 'key' | 'very_large' | 'vip'; customerClasses: readonly string[] },
): Promise<CandidateRow[]> {
  const key = sql<string>`${`account:${args.ruleId}:`} || cu.id || ${`:${args.periodKey}`}`;
  const flag = args.accountKind === 'key' ? 'cu.is_key_account' : args.accountKind === 'very_large' ? 'cu.is_very_large_account' : 'cu.is_vip';
  let query = db
    .selectFrom('customers as cu')
    .select([
      key.as('source_key'),
      'cu.id as customer_id',
      sql<null>`null`.as('case_id'),
      sql<null>`null`.as('unit_id'),
      sql<null>`null`.as('order_id'),
      sql<string>`cast(${args.periodStart} as text)`.as('anchor'),
      sql<null>`null`.as('severity'),
      'cu.do_not_disturb as do_not_disturb',
      'cu.reduced_contact as reduced_contact',
    ])
    .where(flag as any, '=', true)
    .where('cu.status', '=', 'active')
    .where(noTaskYet(key));
  if (args.customerClasses.length) query = query.where('cu.class', 'in', args.customerClasses as any);
  return (await query.execute()) as CandidateRow[];
}

/** Maintenance orders dated in [from, to] without their task. */
export async function maintenanceCandidates(
  db: DB,
  args: { ruleId: string; from: string; to: string; customerClasses: readonly string[] },
): Promise<CandidateRow[]> {
  const key = sql<string>`${`order:${args.ruleId}:`} || o.id`;
  let query = db
    .selectFrom('orders as o')
    .innerJoin('customers as cu', 'cu.id', 'o.customer_id')
    .select([
      key.as('source_key'),
      'o.customer_id as customer_id',
      sql<null>`null`.as('case_id'),
      sql<null>`null`.as('unit_id'),
      'o.id as order_id',
      'o.order_date as anchor',
      sql<null>`null`.as('severity'),
      'cu.do_not_disturb as do_not_disturb',
      'cu.reduced_contact as reduced_contact',
    ])
    .where('o.order_date', '>=', args.from)
    .where('o.order_date', '<=', args.to)
    .where('o.kind', '=', 'maintenance')
    .where('o.status', '<>', 'cancelled')
    .where('cu.status', '=', 'active')
    .where(noTaskYet(key));
  if (args.customerClasses.length) query = query.where('cu.class', 'in', args.customerClasses as any);
  return (await query.execute()) as CandidateRow[];
}

/** The open calls (pending primary tasks) and the last contact of each customer. */
export async function contactStates(db: DB, customerIds: readonly string[]) {
  const open = new Map<string, { id: string; plannedAt: number }>();
  const last = new Map<string, number>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const chunk = customerIds.slice(i, i + 500);
    const pending = await db
      .selectFrom('followup_tasks')
      .select(['id', 'customer_id', 'planned_at'])
      .where('customer_id', 'in', chunk)
      .where('state', '=', 'pending')
      .where('merged_into_id', 'is', null)
      .where('purpose', '=', 'follow_up')
      .execute();
    for (const p of pending) {
      const at = Date.parse(p.planned_at);
      const seen = open.get(p.customer_id);
      if (!seen || at < seen.plannedAt) open.set(p.customer_id, { id: p.id, plannedAt: at });
    }
    const done = await db
      .selectFrom('followup_tasks')
      .select(['customer_id', sql<string>`max(done_at)`.as('last_at')])
      .where('customer_id', 'in', chunk)
      .where('state', '=', 'done')
      .where('merged_into_id', 'is', null)
      .groupBy('customer_id')
      .execute();
    for (const d of done) if (d.last_at) last.set(d.customer_id, Date.parse(d.last_at));
  }
  return { open, last };
}

const INSERT_CHUNK = 400;

export async function insertTasks(db: DB, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insertRows(db, 'followup_tasks', rows.slice(i, i + INSERT_CHUNK));
}

/** Insert one task unless its source already has one; true when inserted. */
export async function insertTaskIfNew(db: DB, row: Record<string, unknown>): Promise<boolean> {
  const result = await db
    .insertInto('followup_tasks')
    .values(row as any)
    .onConflict((oc) => oc.column('source_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ── tasks ──────────────────────────────────────────────────────────────────────────────────────

export async function findTask(db: DB, id: string): Promise<TaskRow | undefined> {
  return (await db.selectFrom('followup_tasks').selectAll().where('id', '=', id).executeTakeFirst()) as TaskRow | undefined;
}

export async function findTaskBySource(db: DB, sourceKey: string): Promise<TaskRow | undefined> {
  return (await db.selectFrom('followup_tasks').selectAll().where('source_key', '=', sourceKey).executeTakeFirst()) as TaskRow | undefined;
}

export async function mergedInto(db: DB, id: string): Promise<TaskRow[]> {
  return (await db.selectFrom('followup_tasks').selectAll().where('merged_into_id', '=', id).orderBy('created_at').execute()) as TaskRow[];
}

export async function attemptsOf(db: DB, taskId: string): Promise<AttemptRow[]> {
  return db.selectFrom('followup_attempts').selectAll().where('task_id', '=', taskId).orderBy('attempt_no').execute();
}

export async function insertAttempt(db: DB, row: AttemptRow): Promise<void> {
  await db.insertInto('followup_attempts').values(row as any).execute();
}

/** Presentation joins of tasks: rule, customer (with primary phone), case number, serial. */
export function taskViewQuery(db: DB) {
  return db
    .selectFrom('followup_tasks as t')
    .innerJoin('customers as cu', 'cu.id', 't.customer_id')
    .leftJoin('followup_rules as r', 'r.id', 't.rule_id')
    .leftJoin('cases as c', 'c.id', 't.case_id')
    .leftJoin('units as u', 'u.id', 't.unit_id')
    .selectAll('t')
    .select([
      'r.code as rule_code',
      'r.name as rule_name',
      'cu.code as customer_code',
      'cu.name as customer_name',
      'cu.class as customer_class',
      'c.number as case_number',
      'u.serial_number as serial_number',
      (eb) =>
        eb
          .selectFrom('customer_contacts as cc')
          .select('cc.phone')
          .whereRef('cc.customer_id', '=', 't.customer_id')
          .where('cc.archived', '=', false)
          .orderBy('cc.is_primary', 'desc')
          .limit(1)
          .as('customer_phone'),
    ]);
}
export type TaskViewRow = Awaited<ReturnType<ReturnType<typeof taskViewQuery>['execute']>>[number];

export async function customerFollowupHistory(db: DB, customerId: string, exceptId: string) {
  return db
    .selectFrom('followup_tasks as t')
    .leftJoin('followup_rules as r', 'r.id', 't.rule_id')
    .select(['t.id', 'r.name as rule_name', 't.state', 't.done_at', 't.score'])
    .where('t.customer_id', '=', customerId)
    .where('t.id', '<>', exceptId)
    .where('t.state', 'in', ['done', 'unreached'])
    .orderBy('t.done_at', 'desc')
    .limit(10)
    .execute();
}

export async function customerRecentCases(db: DB, customerId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'type', 'state', 'title', 'created_at'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(10)
    .execute();
}

export async function primaryContact(db: DB, customerId: string) {
  return db
    .selectFrom('customer_contacts')
    .select(['id', 'name', 'phone', 'email'])
    .where('customer_id', '=', customerId)
    .where('archived', '=', false)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .executeTakeFirst();
}
