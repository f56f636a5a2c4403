/** Kysely queries of the complaints module (no rules here). */
import type { Insertable, Selectable } from 'kysely';
import type { DB } from '../../db/database.js';
import type {
  ComplaintActionsTable,
  ComplaintCategoriesTable,
  ComplaintConfirmationLinksTable,
  ComplaintMeetingsTable,
  ComplaintSignaturesTable,
  ComplaintsTable,
} from '../../db/types/complaints.js';

export type ComplaintRow = Selectable<ComplaintsTable>;
export type CategoryRow = Selectable<ComplaintCategoriesTable>;
export type ActionRow = Selectable<ComplaintActionsTable> & { case_number?: string | null };
export type SignatureRow = Selectable<ComplaintSignaturesTable>;
export type LinkRow = Selectable<ComplaintConfirmationLinksTable>;
export type MeetingRow = Selectable<ComplaintMeetingsTable>;

// ── complaints ──
export async function findComplaint(db: DB, caseId: string): Promise<ComplaintRow | undefined> {
  return db.selectFrom('complaints').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function insertComplaint(db: DB, row: Insertable<ComplaintsTable>): Promise<void> {
  await db.insertInto('complaints').values(row).execute();
}

export async function caseWorkflowOf(db: DB, caseId: string): Promise<{ id: string; workflow: string } | undefined> {
  return db
    .selectFrom('cases')
    .innerJoin('case_types', 'case_types.code', 'cases.type')
    .select(['cases.id', 'case_types.workflow'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** Other complaint cases about the same product or the same batch (R-CMP-10). */
export async function sameProductOrBatch(db: DB, caseId: string, productId: string | null, batch: string | null) {
  if (!productId && !batch) return [];
  return db
    .selectFrom('complaints')
    .innerJoin('cases', 'cases.id', 'complaints.case_id')
    .select(['cases.id', 'cases.number', 'cases.title', 'cases.state', 'cases.created_at'])
    .where('cases.id', '!=', caseId)
    .where((eb) => {
      const ors = [];
      if (productId) ors.push(eb('cases.product_id', '=', productId));
      if (batch) ors.push(eb('complaints.batch_number', '=', batch));
      return eb.or(ors);
    })
    .orderBy('cases.created_at', 'desc')
    .limit(50)
    .execute();
}

// ── categories ──
export async function listCategories(db: DB): Promise<CategoryRow[]> {
  return db.selectFrom('complaint_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
}

export async function findCategory(db: DB, id: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('complaint_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCategory(db: DB, row: Insertable<ComplaintCategoriesTable>): Promise<void> {
  await db.insertInto('complaint_categories').values(row).execute();
}

export async function categoryCodeTaken(db: DB, code: string): Promise<boolean> {
  return (await db.selectFrom('complaint_categories').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

// ── corrective and preventive actions ──
function actionsQuery(db: DB) {
  return db
    .selectFrom('complaint_actions')
    .leftJoin('cases', 'cases.id', 'complaint_actions.case_id')
    .selectAll('complaint_actions')
    .select('cases.number as case_number');
}

export async function actionsOfCase(db: DB, caseId: string): Promise<ActionRow[]> {
  return actionsQuery(db).where('complaint_actions.case_id', '=', caseId).orderBy('complaint_actions.created_at').orderBy('complaint_actions.id').execute();
}

export async function actionsOfMeeting(db: DB, meetingId: string): Promise<ActionRow[]> {
  return actionsQuery(db).where('complaint_actions.meeting_id', '=', meetingId).orderBy('complaint_actions.created_at').execute();
}

export async function listActions(db: DB, filter: { state?: string; overdue?: boolean }): Promise<ActionRow[]> {
  let q = actionsQuery(db);
  if (filter.state) q = q.where('complaint_actions.state', '=', filter.state as ActionRow['state']);
  if (filter.overdue === true) q = q.where('complaint_actions.overdue_at', 'is not', null).where('complaint_actions.state', 'in', ['open', 'done']);
  return q.orderBy('complaint_actions.due_on').orderBy('complaint_actions.id').limit(500).execute();
}

export async function findAction(db: DB, id: string): Promise<ActionRow | undefined> {
  return actionsQuery(db).where('complaint_actions.id', '=', id).executeTakeFirst();
}

export async function insertAction(db: DB, row: Insertable<ComplaintActionsTable>): Promise<void> {
  await db.insertInto('complaint_actions').values(row).execute();
}

// ── signatures ──
export async function signaturesOf(db: DB, caseId: string): Promise<SignatureRow[]> {
  return db.selectFrom('complaint_signatures').selectAll().where('case_id', '=', caseId).orderBy('signed_at').orderBy('id').execute();
}

export async function insertSignature(db: DB, row: Insertable<ComplaintSignaturesTable>): Promise<void> {
  await db.insertInto('complaint_signatures').values(row).execute();
}

/** The approvals of these steps no longer count (a rejection, another round). */
export async function supersedeSignatures(db: DB, caseId: string, steps: readonly string[], at: string): Promise<void> {
  if (!steps.length) return;
  await db
    .updateTable('complaint_signatures')
    .set({ superseded_at: at })
    .where('case_id', '=', caseId)
    .where('step', 'in', steps as SignatureRow['step'][])
    .where('superseded_at', 'is', null)
    .execute();
}

// ── confirmation links ──
export async function insertLink(db: DB, row: Insertable<ComplaintConfirmationLinksTable>): Promise<void> {
  await db.insertInto('complaint_confirmation_links').values(row).execute();
}

export async function findLink(db: DB, id: string): Promise<LinkRow | undefined> {
  return db.selectFrom('complaint_confirmation_links').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function linksOf(db: DB, caseId: string): Promise<LinkRow[]> {
  return db.selectFrom('complaint_confirmation_links').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
}

export async function revokeOpenLinks(db: DB, caseId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('complaint_confirmation_links')
    .set({ revoked_at: at })
    .where('case_id', '=', caseId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Use a link once: a conditional update, so two answers racing cannot both win. */
export async function useLink(db: DB, id: string, at: string, result: 'confirmed' | 'rejected', reason: string | null): Promise<boolean> {
  const r = await db
    .updateTable('complaint_confirmation_links')
    .set({ used_at: at, result, reason })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── people ──
export async function userNames(db: DB, ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function departmentNames(db: DB, ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function activeUserIds(db: DB, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...ids]).where('status', '=', 'active').execute();
  return rows.map((r) => r.id);
}

export async function existingDepartmentIds(db: DB, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('departments').select('id').where('id', 'in', [...ids]).execute();
  return rows.map((r) => r.id);
}

/** Active users holding one of the roles (management to notify). */
export async function activeUsersWithRoles(db: DB, roles: readonly string[]): Promise<{ id: string; department_id: string | null }[]> {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.department_id'])
    .where('user_roles.role', 'in', roles as any)
    .where('users.status', '=', 'active')
    .distinct()
    .execute();
}

export async function departmentHeadOf(db: DB, departmentId: string): Promise<string | null> {
  const row = await db.selectFrom('departments').select('head_user_id').where('id', '=', departmentId).executeTakeFirst();
  return row?.head_user_id ?? null;
}

// ── deadlines (read only; the case core writes them) ──
export async function latestDeadline(db: DB, caseId: string, metric: string) {
  return db
    .selectFrom('case_deadlines')
    .select(['id', 'state', 'started_at', 'due_at'])
    .where('case_id', '=', caseId)
    .where('metric', '=', metric)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

// ── monthly view ──
export async function complaintsCreatedBetween(db: DB, fromIso: string, toIso: string) {
  return db
    .selectFrom('complaints')
    .innerJoin('cases', 'cases.id', 'complaints.case_id')
    .leftJoin('complaint_categories as cat', 'cat.id', 'complaints.category_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.severity',
      'cases.urgency',
      'cases.escalated',
      'cases.state',
      'complaints.category_id',
      'cat.name_zh as category_name',
      'complaints.responsibility',
      'complaints.responsible_departments',
    ])
    .where('cases.created_at', '>=', fromIso)
    .where('cases.created_at', '<', toIso)
    .where('cases.state', '!=', 'merged')
    .execute();
}

export async function meetingsOfMonth(db: DB, month: string): Promise<MeetingRow[]> {
  return db.selectFrom('complaint_meetings').selectAll().where('month', '=', month).orderBy('held_on').execute();
}

export async function findMeeting(db: DB, id: string): Promise<MeetingRow | undefined> {
  return db.selectFrom('complaint_meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertMeeting(db: DB, row: Insertable<ComplaintMeetingsTable>): Promise<void> {
  await db.insertInto('complaint_meetings').values(row).execute();
}

/** The types of the cases linked to a case (either side of the link). */
export async function linkedCaseTypes(db: DB, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('cases.type')
    .where('cases.id', 'in', (eb) =>
      eb
        .selectFrom('case_links')
        .select('case_links.other_case_id as id')
        .where('case_links.case_id', '=', caseId)
        .union(eb.selectFrom('case_links').select('case_links.case_id as id').where('case_links.other_case_id', '=', caseId)),
    )
    .execute();
  return [...new Set(rows.map((r) => r.type))];
}
