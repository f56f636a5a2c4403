import { type Insertable, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { reusableQuery } from '../../db/compiled.js';
import { cachedReference } from '../../db/reference-data.js';
import type { NotificationTemplatesTable } from '../../db/types/attachments.js';
import { escapeLike, likeEscape, likeOperator } from '../../db/dialect.js';
import { type Page, type PageQuery, paginate } from '../../platform/pagination.js';

/** Kysely queries of notification templates, recipients and the outbox. */

export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

export async function findTemplate(db: DB, id: string) {
  return db.selectFrom('notification_templates').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function templatesOfKey(db: DB, key: string) {
  return db.selectFrom('notification_templates').selectAll().where('key', '=', key).execute();
}

/** The templates of a key, cached (db/reference-data.ts): read by every notification. */
export const cachedTemplatesOfKey = cachedReference((db, key) => templatesOfKey(db, key));

export async function listTemplates(db: DB) {
  return db.selectFrom('notification_templates').selectAll().orderBy('key').orderBy('channel').orderBy('locale').execute();
}

export async function insertTemplateIfMissing(db: DB, row: Insertable<NotificationTemplatesTable>): Promise<boolean> {
  const result = await db
    .insertInto('notification_templates')
    .values(row)
    .onConflict((oc) => oc.columns(['key', 'channel', 'locale']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

// Recipients are read for every notification: compiled once (db/compiled.ts).
const userRows = reusableQuery('notifications.user', (db, id: string) =>
  db.selectFrom('users').select(['id', 'display_name', 'email', 'phone', 'status']).where('id', '=', id),
);

export async function findUser(db: DB, id: string) {
  return (await userRows(db, id))[0];
}

export async function usersByIds(db: DB, ids: string[]) {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'display_name', 'email', 'phone', 'status']).where('id', 'in', ids).execute();
}

const customerRows = reusableQuery('notifications.customer', (db, id: string) =>
  db.selectFrom('customers').select(['id', 'name', 'kind', 'is_vip', 'do_not_disturb', 'status']).where('id', '=', id),
);

export async function findCustomer(db: DB, id: string) {
  return (await customerRows(db, id))[0];
}

const contactRows = reusableQuery('notifications.contact', (db, id: string) =>
  db.selectFrom('customer_contacts').select(['id', 'customer_id', 'name', 'phone', 'email', 'archived']).where('id', '=', id),
);

export async function findContact(db: DB, id: string) {
  return (await contactRows(db, id))[0];
}

/** The primary contact of a customer, else the first one not archived. */
export async function primaryContact(db: DB, customerId: string) {
  return db
    .selectFrom('customer_contacts')
    .select(['id', 'customer_id', 'name', 'phone', 'email', 'archived'])
    .where('customer_id', '=', customerId)
    .where('archived', '=', false)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

const caseTypeNames = cachedReference(async (db, code) =>
  (await db.selectFrom('case_types').select('name_zh').where('code', '=', code).executeTakeFirst())?.name_zh ?? null,
);

/** The type's Chinese name (cached: db/reference-data.ts). */
export async function caseTypeName(db: DB, code: string): Promise<string | null> {
  return caseTypeNames(db, code);
}

export async function customerName(db: DB, id: string): Promise<string | null> {
  const row = await db.selectFrom('customers').select('name').where('id', '=', id).executeTakeFirst();
  return row?.name ?? null;
}

// ---------------------------------------------------------------------------------------------
// Outbox (the platform writes it; here the administrator's view and the inbox)

const OUTBOX_SORT = { fields: { createdAt: 'outbox_messages.created_at' }, idColumn: 'outbox_messages.id', defaultSort: '-createdAt' };

export interface OutboxFilter {
  state?: string;
  channel?: string;
  q?: string;
  relatedId?: string;
}

function outboxBase(db: DB) {
  return db
    .selectFrom('outbox_messages')
    .leftJoin('users', (j) =>
      j.onRef('users.id', '=', 'outbox_messages.recipient').on('outbox_messages.channel', '=', 'in_app'),
    )
    .leftJoin('cases', (j) =>
      j.onRef('cases.id', '=', 'outbox_messages.related_id').on('outbox_messages.related_entity', '=', 'case'),
    )
    .select([
      'outbox_messages.id',
      'outbox_messages.channel',
      'outbox_messages.recipient',
      'outbox_messages.subject',
      'outbox_messages.body',
      'outbox_messages.template_key',
      'outbox_messages.related_entity',
      'outbox_messages.related_id',
      'outbox_messages.state',
      'outbox_messages.attempts',
      'outbox_messages.max_attempts',
      'outbox_messages.last_error',
      'outbox_messages.due_at',
      'outbox_messages.created_at',
      'outbox_messages.sent_at',
      'users.display_name as recipient_name',
      'cases.number as case_number',
    ]);
}

export type OutboxRow = Awaited<ReturnType<ReturnType<typeof outboxBase>['executeTakeFirstOrThrow']>>;

export async function listOutbox(db: DB, filter: OutboxFilter, page: PageQuery): Promise<Page<OutboxRow>> {
  let q = outboxBase(db);
  if (filter.state) q = q.where('outbox_messages.state', '=', filter.state as any);
  if (filter.channel) q = q.where('outbox_messages.channel', '=', filter.channel as any);
  if (filter.relatedId) q = q.where('outbox_messages.related_id', '=', filter.relatedId);
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`;
    q = q.where(sql<boolean>`outbox_messages.recipient ${sql.raw(likeOperator(db))} ${pattern}${likeEscape}`);
  }
  return paginate(q, OUTBOX_SORT, page) as Promise<Page<OutboxRow>>;
}

export async function findOutbox(db: DB, id: string): Promise<OutboxRow | undefined> {
  return outboxBase(db).where('outbox_messages.id', '=', id).executeTakeFirst();
}

export async function outboxCounts(db: DB): Promise<{ state: string; n: number }[]> {
  const rows = await db
    .selectFrom('outbox_messages')
    .select(['state', sql<number>`count(*)`.as('n')])
    .groupBy('state')
    .execute();
  return rows.map((r) => ({ state: r.state, n: Number(r.n) }));
}

export async function inboxOf(db: DB, userId: string, page: PageQuery): Promise<Page<OutboxRow>> {
  const q = outboxBase(db)
    .where('outbox_messages.channel', '=', 'in_app')
    .where('outbox_messages.recipient', '=', userId)
    .where('outbox_messages.state', 'in', ['pending', 'running', 'sent']);
  return paginate(q, OUTBOX_SORT, { ...page, sort: '-createdAt' }) as Promise<Page<OutboxRow>>;
}

/** Back to pending with fresh attempts; only from a state that is not running or sent. */
export async function requeueOutbox(db: DB, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ state: 'pending', attempts: 0, due_at: now, lease_token: null, lease_until: null, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['dead', 'pending', 'cancelled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function cancelOutbox(db: DB, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox_messages')
    .set({ state: 'cancelled', lease_token: null, lease_until: null, updated_at: now })
    .where('id', '=', id)
    .where('state', 'in', ['dead', 'pending'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
