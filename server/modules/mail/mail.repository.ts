import type { Insertable, Updateable } from 'kysely';
import type { DB } from '../../db/database.js';
import type { InboundEmailsTable } from '../../db/types/attachments.js';
import { type Page, type PageQuery, paginate } from '../../platform/pagination.js';

/** Kysely queries of e-mail intake and threading. */

const SUMMARY_COLUMNS = [
  'inbound_emails.id',
  'inbound_emails.message_id',
  'inbound_emails.from_address',
  'inbound_emails.from_name',
  'inbound_emails.to_addresses',
  'inbound_emails.subject',
  'inbound_emails.state',
  'inbound_emails.reason',
  'inbound_emails.detail',
  'inbound_emails.case_id',
  'inbound_emails.attachment_count',
  'inbound_emails.size_bytes',
  'inbound_emails.received_at',
  'inbound_emails.version',
] as const;

function summaryQuery(db: DB) {
  return db
    .selectFrom('inbound_emails')
    .leftJoin('cases', 'cases.id', 'inbound_emails.case_id')
    .select([...SUMMARY_COLUMNS, 'cases.number as case_number']);
}

export type InboundSummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

export async function findInboundByMessageId(db: DB, messageId: string) {
  return summaryQuery(db).where('inbound_emails.message_id', '=', messageId).executeTakeFirst();
}

export async function findInbound(db: DB, id: string) {
  return summaryQuery(db).select(['inbound_emails.text_body']).where('inbound_emails.id', '=', id).executeTakeFirst();
}

export async function findInboundRaw(db: DB, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('inbound_emails').select('raw').where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.raw) : undefined;
}

export async function insertInbound(db: DB, row: Insertable<InboundEmailsTable>): Promise<void> {
  await db.insertInto('inbound_emails').values(row).execute();
}

/** Insert unless the Message-ID is known (a failure recorded after its transaction rolled back). */
export async function insertInboundIfMissing(db: DB, row: Insertable<InboundEmailsTable>): Promise<boolean> {
  const result = await db
    .insertInto('inbound_emails')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateInbound(db: DB, id: string, expectedVersion: number, patch: Updateable<InboundEmailsTable>): Promise<boolean> {
  const result = await db
    .updateTable('inbound_emails')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listInbound(db: DB, filter: { state?: string }, page: PageQuery): Promise<Page<InboundSummaryRow>> {
  let q = summaryQuery(db);
  if (filter.state) q = q.where('inbound_emails.state', '=', filter.state as any);
  return paginate(
    q,
    { fields: { receivedAt: 'inbound_emails.received_at' }, idColumn: 'inbound_emails.id', defaultSort: '-receivedAt' },
    page,
  ) as Promise<Page<InboundSummaryRow>>;
}

// ---------------------------------------------------------------------------------------------
// Which case a message is about

export async function caseIdByNumber(db: DB, number: string): Promise<string | null> {
  const row = await db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirst();
  return row?.id ?? null;
}

export async function caseIdsExisting(db: DB, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await db.selectFrom('cases').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

/** Cases of our outgoing messages (a reply's In-Reply-To points at one of them). */
export async function casesOfOutboxMessages(db: DB, outboxIds: string[]): Promise<{ id: string; related_id: string | null }[]> {
  if (!outboxIds.length) return [];
  return db
    .selectFrom('outbox_messages')
    .select(['id', 'related_id'])
    .where('id', 'in', outboxIds)
    .where('related_entity', '=', 'case')
    .execute();
}

/** Cases of earlier inbound messages (a customer replying to his own mail, or a CC). */
export async function casesOfInboundMessages(db: DB, messageIds: string[]): Promise<{ message_id: string; case_id: string | null }[]> {
  if (!messageIds.length) return [];
  return db
    .selectFrom('inbound_emails')
    .select(['message_id', 'case_id'])
    .where('message_id', 'in', messageIds)
    .where('case_id', 'is not', null)
    .execute();
}

export async function mergedInto(db: DB, caseId: string): Promise<string | null> {
  const row = await db.selectFrom('cases').select('merged_into_id').where('id', '=', caseId).executeTakeFirst();
  return row?.merged_into_id ?? null;
}

/** Customers having a contact with this e-mail address (not archived), most recent first. */
export async function customersByEmail(db: DB, emailLower: string): Promise<{ customer_id: string; contact_id: string }[]> {
  return db
    .selectFrom('customer_contacts')
    .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
    .select(['customer_contacts.customer_id', 'customer_contacts.id as contact_id'])
    .where('customer_contacts.email_lower', '=', emailLower)
    .where('customer_contacts.archived', '=', false)
    .where('customers.status', '=', 'active')
    .orderBy('customer_contacts.updated_at', 'desc')
    .execute();
}

/** For outgoing threading: the latest inbound Message-IDs on a case (newest first). */
export async function inboundMessageIdsOfCase(db: DB, caseId: string, limit = 3): Promise<string[]> {
  const rows = await db
    .selectFrom('inbound_emails')
    .select('message_id')
    .where('case_id', '=', caseId)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.message_id).filter((id) => id.startsWith('<') && !id.endsWith('@inbound.invalid>'));
}

export async function outboxRelated(db: DB, outboxId: string) {
  return db.selectFrom('outbox_messages').select(['related_entity', 'related_id']).where('id', '=', outboxId).executeTakeFirst();
}
