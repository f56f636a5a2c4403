import { type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import { insertRows, reusableQuery } from '../../db/compiled.js';
import { cachedReference } from '../../db/reference-data.js';
import type { DB } from '../../db/database.js';
import { escapeLike, likeEscape, likeOperator } from '../../db/dialect.js';
import { startsWith } from '../../db/text-prefix.js';
import type {
  CaseDeadlinesTable,
  CaseEventsTable,
  CaseLinksTable,
  CasesTable,
  CaseTypesTable,
  SlaPoliciesTable,
} from '../../db/types/cases.js';
import type { Database } from '../../db/types.js';
import { type Page, type PageQuery, paginate, type SortSpec } from '../../platform/pagination.js';

/** Kysely queries of the case core only. */

export type CaseTypeRow = Selectable<CaseTypesTable>;
export type CaseInsert = Insertable<CasesTable>;
export type CaseRowFull = Selectable<CasesTable>;
export type EventInsert = Insertable<CaseEventsTable>;
export type EventRow = Selectable<CaseEventsTable> & { case_number: string };
export type LinkRow = Selectable<CaseLinksTable>;
export type PolicyRow = Selectable<SlaPoliciesTable>;
export type PolicyInsert = Insertable<SlaPoliciesTable>;
export type DeadlineRow = Selectable<CaseDeadlinesTable>;
export type DeadlineInsert = Insertable<CaseDeadlinesTable>;

/** Deadline states that are still open (may still be met). */
export const OPEN_DEADLINE_STATES = ['running', 'paused', 'breached'] as const;

// ---------------------------------------------------------------- settings

export async function findSetting(db: DB, key: string) {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

/**
 * Reference data read on every case opened or action taken, cached (db/reference-data.ts: a change
 * through this process is seen by the next read, another instance's within a second). Frozen rows.
 * Admin writes read the uncached functions, so their before-images and checks are never stale.
 */
export const cachedSetting = cachedReference((db, key) => findSetting(db, key));

export async function insertSettingIfMissing(
  db: DB,
  key: string,
  value: unknown,
  version: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), version, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateSettingVersioned(
  db: DB,
  key: string,
  expectedVersion: number,
  value: unknown,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('settings')
    .set({ value: JSON.stringify(value), version: expectedVersion + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- case types

export async function listCaseTypes(db: DB): Promise<CaseTypeRow[]> {
  return db.selectFrom('case_types').selectAll().orderBy('sort_order').orderBy('code').execute();
}

export async function findCaseType(db: DB, code: string): Promise<CaseTypeRow | undefined> {
  return db.selectFrom('case_types').selectAll().where('code', '=', code).executeTakeFirst();
}

export const cachedCaseType = cachedReference((db, code) => findCaseType(db, code));

export async function findCaseTypeByPrefix(db: DB, prefix: string): Promise<CaseTypeRow | undefined> {
  return db.selectFrom('case_types').selectAll().where('number_prefix', '=', prefix).executeTakeFirst();
}

export async function insertCaseType(db: DB, row: Insertable<CaseTypesTable>): Promise<void> {
  await db.insertInto('case_types').values(row).execute();
}

/** Compare-and-set on the type's version; false when it was stale. */
export async function updateCaseType(
  db: DB,
  code: string,
  expectedVersion: number,
  patch: Partial<Insertable<CaseTypesTable>>,
): Promise<boolean> {
  const result = await db
    .updateTable('case_types')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('code', '=', code)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------- references (read-only lookups in other areas)

export async function findUserRef(db: DB, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name', 'username', 'status', 'email', 'department_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function usersByIds(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('users').select(['id', 'display_name', 'email']).where('id', 'in', ids).execute();
}

/** Active users with a role, optionally in one department. */
export async function activeUsersWithRole(db: DB, role: string, departmentId?: string | null) {
  let q = db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name', 'users.email'])
    .where('user_roles.role', '=', role)
    .where('users.status', '=', 'active');
  if (departmentId !== undefined)
    q = departmentId === null ? q.where('users.department_id', 'is', null) : q.where('users.department_id', '=', departmentId);
  return q.orderBy('users.id').limit(20).execute();
}

export async function findDepartmentHead(db: DB, departmentId: string) {
  return db
    .selectFrom('departments')
    .innerJoin('users', 'users.id', 'departments.head_user_id')
    .select(['users.id', 'users.display_name', 'users.email', 'users.status'])
    .where('departments.id', '=', departmentId)
    .executeTakeFirst();
}

export async function regionExists(db: DB, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst());
}

export async function productExists(db: DB, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst());
}

// The lookups of intake are compiled once (db/compiled.ts): they run for every case opened.

const customerRefs = reusableQuery('cases.customerRef', (db, id: string) =>
  db.selectFrom('customers').select(['id', 'name', 'status', 'region_id']).where('id', '=', id),
);

export async function findCustomerRef(db: DB, id: string) {
  return (await customerRefs(db, id))[0];
}

const contactRefs = reusableQuery('cases.contactRef', (db, id: string) =>
  db.selectFrom('customer_contacts').select(['id', 'customer_id', 'name', 'phone', 'email', 'archived']).where('id', '=', id),
);

export async function findContactRef(db: DB, id: string) {
  return (await contactRefs(db, id))[0];
}

const unitRefs = reusableQuery('cases.unitRef', (db, id: string) =>
  db
    .selectFrom('units')
    .select(['id', 'customer_id', 'product_id', 'serial_number', 'installation_address', 'installation_address_id'])
    .where('id', '=', id),
);

export async function findUnitRef(db: DB, id: string) {
  return (await unitRefs(db, id))[0];
}

/** Units with exactly this (normalised) serial number, on customers that were not merged away. */
export async function unitsBySerial(db: DB, serial: string, productId?: string | null) {
  let q = db
    .selectFrom('units')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .select(['units.id', 'units.customer_id', 'units.product_id', 'customers.name as customer_name'])
    .where('units.serial_number', '=', serial)
    .where('customers.status', '<>', 'merged');
  if (productId) q = q.where('units.product_id', '=', productId);
  return q.limit(10).execute();
}

/** Contacts (not archived) of customers (not merged) with exactly these phone digits / this e-mail. */
const contactsWithPhone = reusableQuery('cases.contactsByPhone', (db, digits: string, archived: boolean, merged: 'merged', limit: number) =>
  contactMatches(db, archived, merged).where('customer_contacts.phone_digits', '=', digits).limit(limit),
);

export async function contactsByPhoneDigits(db: DB, digits: string) {
  return contactsWithPhone(db, digits, false, 'merged', 10);
}

export async function contactsByEmail(db: DB, lower: string) {
  return contactMatches(db).where('customer_contacts.email_lower', '=', lower).limit(10).execute();
}

function contactMatches(db: DB, archived = false, merged: 'merged' = 'merged') {
  return db
    .selectFrom('customer_contacts')
    .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
    .select([
      'customer_contacts.id as contact_id',
      'customer_contacts.customer_id',
      'customer_contacts.name as contact_name',
      'customer_contacts.phone',
      'customer_contacts.email',
      'customers.name as customer_name',
    ])
    .where('customer_contacts.archived', '=', archived)
    .where('customers.status', '<>', merged)
    .orderBy('customer_contacts.is_primary', 'desc')
    .orderBy('customer_contacts.id');
}

function addressesOf(db: DB, customerId: string, archived: boolean) {
  return db
    .selectFrom('customer_addresses')
    .select(['id', 'region_id', 'province', 'city', 'district', 'line', 'latitude', 'longitude'])
    .where('customer_id', '=', customerId)
    .where('archived', '=', archived);
}
const installationAddresses = reusableQuery('cases.installationAddress', (db, customerId: string, archived: boolean, id: string) =>
  addressesOf(db, customerId, archived).where('id', '=', id),
);
const defaultAddresses = reusableQuery('cases.defaultAddress', (db, customerId: string, archived: boolean, isDefault: boolean) =>
  addressesOf(db, customerId, archived).where('is_default', '=', isDefault),
);

/** Where the job is: the unit's installation address, else the customer's default address. */
export async function addressForJob(db: DB, customerId: string, installationAddressId: string | null) {
  const rows = installationAddressId
    ? await installationAddresses(db, customerId, false, installationAddressId)
    : await defaultAddresses(db, customerId, false, true);
  return rows[0];
}

// ---------------------------------------------------------------- cases

export async function insertCase(db: DB, row: CaseInsert): Promise<void> {
  await insertRows(db, 'cases', [row]);
}

const caseRows = reusableQuery('cases.row', (db, id: string) => db.selectFrom('cases').selectAll().where('id', '=', id));

export async function findCase(db: DB, id: string): Promise<CaseRowFull | undefined> {
  return (await caseRows(db, id))[0];
}

export async function casesByIds(db: DB, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('cases').select(['id', 'number', 'title', 'state', 'created_at']).where('id', 'in', ids).execute();
}

/** Detail joins: type, owner, creator, customer, unit with product (compiled once: read on every case page and command). */
const caseDetailRows = reusableQuery('cases.detail', (db, id: string) =>
  db
    .selectFrom('cases')
    .innerJoin('case_types', 'case_types.code', 'cases.type')
    .innerJoin('users as owner', 'owner.id', 'cases.owner_id')
    .leftJoin('users as creator', 'creator.id', 'cases.created_by')
    .leftJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('units', 'units.id', 'cases.unit_id')
    .leftJoin('products', 'products.id', 'units.product_id')
    .leftJoin('cases as target', 'target.id', 'cases.merged_into_id')
    .selectAll('cases')
    .select([
      'case_types.name_zh as type_name',
      'case_types.workflow',
      'owner.display_name as owner_name',
      'creator.display_name as creator_name',
      'customers.code as customer_code',
      'customers.name as customer_name',
      'customers.class as customer_class',
      'customers.is_vip as customer_vip',
      'customers.is_key_account as customer_key_account',
      'units.serial_number as unit_serial',
      'units.product_id as unit_product_id',
      'units.purchase_date as unit_purchase_date',
      'units.warranty_end as unit_warranty_end',
      'products.model as product_model',
      'products.name as product_name',
      'target.number as merged_into_number',
    ])
    .where('cases.id', '=', id),
);

export async function findCaseDetailRow(db: DB, id: string) {
  return (await caseDetailRows(db, id))[0];
}

export type CaseDetailRow = NonNullable<Awaited<ReturnType<typeof findCaseDetailRow>>>;

/** Every case merged into `id`, directly or through other merged cases. */
export async function mergedSourcesOf(db: DB, id: string): Promise<{ id: string; number: string; merged_into_id: string }[]> {
  const found: { id: string; number: string; merged_into_id: string }[] = [];
  let frontier = [id];
  for (let depth = 0; depth < 20 && frontier.length > 0; depth++) {
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'number', 'merged_into_id'])
      .where('merged_into_id', 'in', frontier)
      .orderBy('created_at')
      .execute();
    for (const r of rows) found.push({ id: r.id, number: r.number, merged_into_id: r.merged_into_id as string });
    frontier = rows.map((r) => r.id);
  }
  return found;
}

/** Is the user assigned to the case through one of the registered assignee filters? */
export async function isAssignee(db: DB, caseId: string, userId: string, filters: readonly AssigneeFilter[]): Promise<boolean> {
  if (filters.length === 0) return false;
  const row = await db
    .selectFrom('cases')
    .select('cases.id')
    .where('cases.id', '=', caseId)
    .where((eb) => eb.or(filters.map((f) => f(eb, userId))))
    .executeTakeFirst();
  return Boolean(row);
}

type AssigneeFilter = (eb: ExpressionBuilder<Database, 'cases'>, userId: string) => Expression<SqlBool>;

export interface CaseFilter {
  now: string;
  /** limit to what a technician may see: owner or assignee */
  visibleTo?: { userId: string; assigneeFilters: readonly AssigneeFilter[] };
  ownerId?: string;
  type?: string;
  states?: string[];
  severity?: string;
  urgency?: string;
  customerId?: string;
  unitId?: string;
  q?: string;
  open?: boolean;
  waiting?: boolean;
  escalated?: boolean;
  overdue?: boolean;
  dueSoon?: boolean;
  extra?: (eb: ExpressionBuilder<Database, 'cases'>) => Expression<SqlBool>;
}

export const caseSort: SortSpec = {
  fields: { createdAt: 'cases.created_at', updatedAt: 'cases.updated_at', number: 'cases.number' },
  idColumn: 'cases.id',
  defaultSort: '-createdAt',
};

/**
 * A page of a queue or search. The filters, sort and cursor pick the page's ids from the case rows
 * alone; only the page's rows are then read with their joins. Sorting thousands of matches (e.g. 6 400
 * overdue cases of a million) as wide joined rows cost 3 × more than sorting their ids.
 */
export async function listCases(db: DB, filter: CaseFilter, page: PageQuery): Promise<Page<any>> {
  let q = db.selectFrom('cases').select('cases.id');
  if (filter.visibleTo) {
    const { userId, assigneeFilters } = filter.visibleTo;
    q = q.where((eb) => eb.or([eb('cases.owner_id', '=', userId), ...assigneeFilters.map((f) => f(eb as any, userId))]));
  }
  if (filter.ownerId) q = q.where('cases.owner_id', '=', filter.ownerId);
  if (filter.type) q = q.where('cases.type', '=', filter.type);
  if (filter.states?.length) q = q.where('cases.state', 'in', filter.states);
  if (filter.severity) q = q.where('cases.severity', '=', filter.severity as any);
  if (filter.urgency) q = q.where('cases.urgency', '=', filter.urgency as any);
  if (filter.customerId) q = q.where('cases.customer_id', '=', filter.customerId);
  if (filter.unitId) q = q.where('cases.unit_id', '=', filter.unitId);
  if (filter.open === true) q = q.where('cases.closed_at', 'is', null);
  if (filter.open === false) q = q.where('cases.closed_at', 'is not', null);
  if (filter.waiting) q = q.where('cases.waiting_on', 'is not', null);
  if (filter.escalated) q = q.where('cases.escalated', '=', true);
  if (filter.q) {
    const text = filter.q;
    if (/^[A-Za-z]{2,4}-\d/.test(text)) q = q.where(startsWith(db, 'cases.number', text.toUpperCase()));
    else q = q.where('cases.title', likeOperator(db), sql<string>`${`%${escapeLike(text)}%`}${likeEscape}`);
  }
  if (filter.overdue) {
    // Breached, or running past its due time: two ranges of the (state, due_at) index. Written as one
    // OR, PostgreSQL walked the newest cases probing each for an overdue deadline — slow once many
    // recent cases are open; as a UNION ALL it starts from the overdue deadlines, as SQLite does.
    // (Walking the open cases newest first instead and probing each was tried: fast while the overdue
    // cases are the newest, 220 ms at 1M cases once thousands of recent open cases are not overdue.)
    q = q.where('cases.id', 'in', (eb) =>
      eb
        .selectFrom('case_deadlines')
        .select('case_deadlines.case_id')
        .where('case_deadlines.state', '=', 'breached')
        .unionAll(
          eb
            .selectFrom('case_deadlines')
            .select('case_deadlines.case_id')
            .where('case_deadlines.state', '=', 'running')
            .where('case_deadlines.due_at', '<', filter.now),
        ),
    );
  }
  if (filter.dueSoon) {
    q = q.where('cases.id', 'in', (eb) =>
      eb
        .selectFrom('case_deadlines')
        .select('case_deadlines.case_id')
        .where('case_deadlines.state', '=', 'running')
        .where('case_deadlines.warn_at', '<=', filter.now)
        .where('case_deadlines.due_at', '>=', filter.now),
    );
  }
  if (filter.extra) {
    const extra = filter.extra;
    q = q.where((eb) => extra(eb as any));
  }
  const ids = await paginate(q, caseSort, page);
  if (!ids.items.length) return ids;
  const rows = await db
    .selectFrom('cases')
    .innerJoin('case_types', 'case_types.code', 'cases.type')
    .innerJoin('users as owner', 'owner.id', 'cases.owner_id')
    .leftJoin('customers', 'customers.id', 'cases.customer_id')
    .leftJoin('units', 'units.id', 'cases.unit_id')
    .selectAll('cases')
    .select([
      'case_types.name_zh as type_name',
      'owner.display_name as owner_name',
      'customers.name as customer_name',
      'units.serial_number as unit_serial',
    ])
    .where(
      'cases.id',
      'in',
      ids.items.map((r) => r.id),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { items: ids.items.flatMap((r) => byId.get(r.id) ?? []), nextCursor: ids.nextCursor };
}

/** Earliest open due time and "anything overdue" per case, for list rows. */
export async function deadlineSummaries(db: DB, caseIds: string[], now: string) {
  if (caseIds.length === 0) return new Map<string, { nextDueAt: string | null; overdue: boolean }>();
  const rows = await db
    .selectFrom('case_deadlines')
    .select(['case_id', 'state', 'due_at'])
    .where('case_id', 'in', caseIds)
    .where('state', 'in', ['running', 'breached'])
    .execute();
  const out = new Map<string, { nextDueAt: string | null; overdue: boolean }>();
  for (const r of rows) {
    const entry = out.get(r.case_id) ?? { nextDueAt: null, overdue: false };
    if (r.state === 'breached' || (r.due_at !== null && r.due_at < now)) entry.overdue = true;
    if (r.state === 'running' && r.due_at && (entry.nextDueAt === null || r.due_at < entry.nextDueAt)) entry.nextDueAt = r.due_at;
    out.set(r.case_id, entry);
  }
  return out;
}

/** Open cases of the same customer or unit since `since`, newest first (duplicate candidates). */
/**
 * Open cases of a customer and/or a unit opened since a day, newest first, compiled once per shape
 * (read for every case opened). Only the conditions that apply are written, as before compiling:
 * one statement binding a missing customer or unit as NULL was 5 × slower in the benchmark.
 */
function recentOpenCasesQuery(db: DB, since: string, excludeId: string, limit: number) {
  return db
    .selectFrom('cases')
    .innerJoin('users as owner', 'owner.id', 'cases.owner_id')
    .select([
      'cases.id',
      'cases.number',
      'cases.type',
      'cases.title',
      'cases.description',
      'cases.state',
      'cases.customer_id',
      'cases.unit_id',
      'cases.created_at',
      'owner.display_name as owner_name',
    ])
    .where('cases.closed_at', 'is', null)
    .where('cases.created_at', '>=', since)
    .where('cases.id', '<>', excludeId)
    .orderBy('cases.created_at', 'desc')
    .limit(limit);
}

const recentOpenCasesOfCustomerOrUnit = reusableQuery(
  'cases.recentOpen.customerOrUnit',
  (db, customerId: string, unitId: string, since: string, excludeId: string, limit: number) =>
    recentOpenCasesQuery(db, since, excludeId, limit).where((eb) =>
      eb.or([eb('cases.customer_id', '=', customerId), eb('cases.unit_id', '=', unitId)]),
    ),
);
const recentOpenCasesOfCustomer = reusableQuery(
  'cases.recentOpen.customer',
  (db, customerId: string, since: string, excludeId: string, limit: number) =>
    recentOpenCasesQuery(db, since, excludeId, limit).where('cases.customer_id', '=', customerId),
);
const recentOpenCasesOfUnit = reusableQuery(
  'cases.recentOpen.unit',
  (db, unitId: string, since: string, excludeId: string, limit: number) =>
    recentOpenCasesQuery(db, since, excludeId, limit).where('cases.unit_id', '=', unitId),
);

export async function recentOpenCasesOf(
  db: DB,
  args: { customerId: string | null; unitId: string | null; since: string; excludeId: string },
) {
  const { customerId, unitId, since, excludeId } = args;
  if (customerId && unitId) return recentOpenCasesOfCustomerOrUnit(db, customerId, unitId, since, excludeId, 200);
  if (customerId) return recentOpenCasesOfCustomer(db, customerId, since, excludeId, 200);
  if (unitId) return recentOpenCasesOfUnit(db, unitId, since, excludeId, 200);
  return [];
}

/** The cases on a unit (product failure history, R-CUS-3), newest first. */
export async function casesOfUnit(db: DB, unitId: string) {
  return db
    .selectFrom('cases')
    .select(['id', 'number', 'type', 'state', 'created_at'])
    .where('unit_id', '=', unitId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

// ---------------------------------------------------------------- events

export async function insertEvents(db: DB, rows: EventInsert[]): Promise<void> {
  await insertRows(db, 'case_events', rows);
  if (openingJournals.size === 0) return;
  for (const r of rows) {
    const journal = openingJournals.get(r.case_id);
    journal?.events.push(insertedEvent(r, journal.number));
  }
}

function eventsOf(db: DB, caseIds: string[]) {
  return db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .selectAll('case_events')
    .select('cases.number as case_number')
    .where('case_events.case_id', 'in', caseIds);
}

export async function findEvent(db: DB, id: string): Promise<EventRow | undefined> {
  return db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .selectAll('case_events')
    .select('cases.number as case_number')
    .where('case_events.id', '=', id)
    .executeTakeFirst();
}

export const eventSort: SortSpec = { fields: { at: 'case_events.at' }, idColumn: 'case_events.id', defaultSort: 'at' };

export async function timelinePage(db: DB, caseIds: string[], page: PageQuery): Promise<Page<EventRow>> {
  return paginate(eventsOf(db, caseIds), eventSort, page) as Promise<Page<EventRow>>;
}

/** The newest events of one case (compiled once: every case page and command reads them). */
const recentEventsOfCase = reusableQuery('cases.recentEvents', (db, caseId: string, limit: number) =>
  db
    .selectFrom('case_events')
    .innerJoin('cases', 'cases.id', 'case_events.case_id')
    .selectAll('case_events')
    .select('cases.number as case_number')
    .where('case_events.case_id', '=', caseId)
    .orderBy('case_events.at', 'desc')
    .orderBy('case_events.id', 'desc')
    .limit(limit),
);

/** The newest `limit` events, returned oldest first. */
export async function recentEvents(db: DB, caseIds: string[], limit: number): Promise<EventRow[]> {
  if (caseIds.length === 1) return ((await recentEventsOfCase(db, caseIds[0], limit)) as EventRow[]).reverse();
  const rows = await eventsOf(db, caseIds)
    .orderBy('case_events.at', 'desc')
    .orderBy('case_events.id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

// ---------------------------------------------------------------- links

export async function findLink(db: DB, a: string, b: string): Promise<LinkRow | undefined> {
  const [first, second] = a < b ? [a, b] : [b, a];
  return db
    .selectFrom('case_links')
    .selectAll()
    .where('case_id', '=', first)
    .where('other_case_id', '=', second)
    .executeTakeFirst();
}

export async function insertLink(db: DB, row: Insertable<CaseLinksTable>): Promise<void> {
  await db.insertInto('case_links').values(row).execute();
}

export async function linksOf(db: DB, caseId: string) {
  const rows = await db
    .selectFrom('case_links')
    .selectAll()
    .where((eb) => eb.or([eb('case_id', '=', caseId), eb('other_case_id', '=', caseId)]))
    .orderBy('created_at')
    .execute();
  const others = await casesByIds(
    db,
    rows.map((r) => (r.case_id === caseId ? r.other_case_id : r.case_id)),
  );
  const byId = new Map(others.map((o) => [o.id, o]));
  return rows.map((r) => {
    const other = byId.get(r.case_id === caseId ? r.other_case_id : r.case_id)!;
    return { link: r, other };
  });
}

// ---------------------------------------------------------------- policies

export async function listPolicies(db: DB, filter: { caseType?: string; metric?: string } = {}): Promise<PolicyRow[]> {
  let q = db.selectFrom('sla_policies').selectAll();
  if (filter.caseType) q = q.where('case_type', '=', filter.caseType);
  if (filter.metric) q = q.where('metric', '=', filter.metric);
  return q.orderBy('case_type').orderBy('metric').orderBy('id').execute();
}

/** The policies of a case type, cached (see cachedSetting). */
export const cachedPoliciesOfType = cachedReference((db, caseType) => listPolicies(db, { caseType }));

export async function findPolicy(db: DB, id: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertPolicy(db: DB, row: PolicyInsert): Promise<void> {
  await db.insertInto('sla_policies').values(row).execute();
}

// ---------------------------------------------------------------- deadlines

/** One INSERT for the deadlines of a case (rows with the same columns). */
export async function insertDeadlines(db: DB, rows: DeadlineInsert[]): Promise<void> {
  await insertRows(db, 'case_deadlines', rows);
  if (openingJournals.size === 0) return;
  for (const r of rows) openingJournals.get(r.case_id)?.deadlines.push(insertedDeadline(r));
}

/** An event row as the timeline reads it after the INSERT. */
function insertedEvent(r: EventInsert, caseNumber: string): EventRow {
  return {
    id: r.id,
    case_id: r.case_id,
    at: r.at,
    actor_id: r.actor_id ?? null,
    actor_label: r.actor_label,
    kind: r.kind,
    action: r.action ?? null,
    from_state: r.from_state ?? null,
    to_state: r.to_state ?? null,
    note: r.note ?? null,
    data: r.data ?? null,
    visibility: r.visibility ?? 'internal',
    case_number: caseNumber,
  };
}

/** A deadline row as the database returns it after the INSERT (the columns' defaults filled in). */
function insertedDeadline(r: DeadlineInsert): DeadlineRow {
  return {
    warn_before_minutes: 0,
    escalate_after_minutes: 0,
    state: 'running',
    due_at: null,
    warn_at: null,
    paused_at: null,
    remaining_ms: null,
    met_at: null,
    breached_at: null,
    cancelled_at: null,
    escalation_level: 0,
    generation: 1,
    version: 1,
    policy_id: null,
    ...r,
  } as DeadlineRow;
}

// ---------------------------------------------------------------- what opening a case wrote

/**
 * The deadlines and timeline events written for a case while the command opening it runs, so the
 * response is built from them instead of reading them back (openCase). Every row of those tables is
 * written by insertDeadlines / insertEvents; every change of a deadline calls deadlineChanged, and
 * then the response reads the rows as GET /cases/:id does. Keyed by the new case's id: commands
 * that run meanwhile (PostgreSQL) or in the same group commit never write rows of that case.
 */
export interface OpeningJournal {
  number: string;
  deadlines: DeadlineRow[];
  events: EventRow[];
  /** a deadline of the case was changed after it was written: the journal no longer shows it */
  deadlinesChanged: boolean;
}

const openingJournals = new Map<string, OpeningJournal>();

export function startOpeningJournal(caseId: string, number: string): OpeningJournal {
  const journal: OpeningJournal = { number, deadlines: [], events: [], deadlinesChanged: false };
  openingJournals.set(caseId, journal);
  return journal;
}

export function endOpeningJournal(caseId: string): void {
  openingJournals.delete(caseId);
}

export function deadlineChanged(caseId: string): void {
  const journal = openingJournals.get(caseId);
  if (journal) journal.deadlinesChanged = true;
}

export async function findDeadline(db: DB, id: string): Promise<DeadlineRow | undefined> {
  return db.selectFrom('case_deadlines').selectAll().where('id', '=', id).executeTakeFirst();
}

const deadlineRows = reusableQuery('cases.deadlines', (db, caseId: string) =>
  db.selectFrom('case_deadlines').selectAll().where('case_id', '=', caseId).orderBy('started_at').orderBy('id'),
);

export async function deadlinesOf(db: DB, caseId: string): Promise<DeadlineRow[]> {
  return deadlineRows(db, caseId);
}

export async function openDeadlinesOf(
  db: DB,
  caseId: string,
  states: readonly string[] = OPEN_DEADLINE_STATES,
): Promise<DeadlineRow[]> {
  return db
    .selectFrom('case_deadlines')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('state', 'in', states as any)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}

export async function openDeadlineOf(db: DB, caseId: string, metric: string): Promise<DeadlineRow | undefined> {
  return db
    .selectFrom('case_deadlines')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('metric', '=', metric)
    .where('state', 'in', [...OPEN_DEADLINE_STATES])
    .executeTakeFirst();
}
