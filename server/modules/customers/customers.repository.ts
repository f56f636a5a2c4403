import { type ExpressionBuilder, type Insertable, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { escapeLike, likeEscape, likeOperator } from '../../db/dialect.js';
import { prefixOrder, startsWith } from '../../db/text-prefix.js';
import type { CustomerAddressesTable, CustomerContactsTable, CustomersTable } from '../../db/types/registry.js';
import type { Database } from '../../db/types.js';
import { type PageQuery, paginate, type SortSpec } from '../../platform/pagination.js';

/** Kysely queries of customers, contacts and addresses. No rules here. */

export type CustomerInsert = Insertable<CustomersTable>;
export type ContactInsert = Insertable<CustomerContactsTable>;
export type AddressInsert = Insertable<CustomerAddressesTable>;
export type ContactRow = Selectable<CustomerContactsTable>;
export type AddressRow = Selectable<CustomerAddressesTable> & { region_name: string | null };
export type CustomerRow = Selectable<CustomersTable> & {
  owner_name: string | null;
  region_name: string | null;
  transaction_count: number;
};

/** Rows per INSERT statement: stays under SQLite's and PostgreSQL's bound-parameter limits. */
export function chunked<T>(rows: T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(30_000 / Math.max(columns, 1)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

async function insertMany<T extends object>(db: DB, table: keyof Database, rows: T[]): Promise<void> {
  if (!rows.length) return;
  for (const chunk of chunked(rows, Object.keys(rows[0]).length)) {
    await (db as any).insertInto(table).values(chunk).execute();
  }
}

export const insertCustomers = (db: DB, rows: CustomerInsert[]) => insertMany(db, 'customers', rows);
export const insertContacts = (db: DB, rows: ContactInsert[]) => insertMany(db, 'customer_contacts', rows);
export const insertAddresses = (db: DB, rows: AddressInsert[]) => insertMany(db, 'customer_addresses', rows);

// ---------------------------------------------------------------- customers

/** Sales orders that count as transactions (R-CUS-4): everything except cancelled ones. */
function transactionCount(eb: ExpressionBuilder<Database, 'customers'>) {
  return eb
    .selectFrom('orders')
    .select((o) => o.fn.countAll<number>().as('n'))
    .whereRef('orders.customer_id', '=', 'customers.id')
    .where('orders.status', '<>', 'cancelled')
    .as('transaction_count');
}

function customerQuery(db: DB) {
  return db
    .selectFrom('customers')
    .leftJoin('users as owner', 'owner.id', 'customers.owner_user_id')
    .leftJoin('regions as region', 'region.id', 'customers.region_id')
    .selectAll('customers')
    .select(['owner.display_name as owner_name', 'region.name as region_name'])
    .select((eb) => transactionCount(eb));
}

function numeric<T extends { transaction_count: unknown }>(row: T): T & { transaction_count: number } {
  return { ...row, transaction_count: Number(row.transaction_count ?? 0) };
}

export async function findCustomer(db: DB, id: string): Promise<CustomerRow | undefined> {
  const row = await customerQuery(db).where('customers.id', '=', id).executeTakeFirst();
  return row ? (numeric(row) as CustomerRow) : undefined;
}

export async function findCustomerRaw(db: DB, id: string) {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCustomersByCodes(db: DB, codes: string[]) {
  if (!codes.length) return [];
  const rows: { id: string; code: string; status: string }[] = [];
  for (const chunk of chunked(codes, 1)) {
    rows.push(...(await db.selectFrom('customers').select(['id', 'code', 'status']).where('code', 'in', chunk).execute()));
  }
  return rows;
}

export interface CustomerFilter {
  q?: string;
  class?: 'A' | 'B' | 'C' | 'D';
  kind?: 'person' | 'company';
  ownerUserId?: string;
  regionId?: string;
  keyAccount?: boolean;
  veryLargeAccount?: boolean;
  vip?: boolean;
  status?: 'active' | 'archived' | 'merged' | 'all';
}

export const customerSort: SortSpec = {
  // name: the phone-book order of the pinyin syllables (阿, 北, 陈, 程, 张, 赵)
  fields: { name: 'customers.name_sort', code: 'customers.code', createdAt: 'customers.created_at' },
  idColumn: 'customers.id',
  defaultSort: 'name',
};

export function filteredCustomers(db: DB, filter: CustomerFilter) {
  let query = customerQuery(db);
  const status = filter.status ?? 'active';
  if (status !== 'all') query = query.where('customers.status', '=', status);
  if (filter.class) query = query.where('customers.class', '=', filter.class);
  if (filter.kind) query = query.where('customers.kind', '=', filter.kind);
  if (filter.ownerUserId) query = query.where('customers.owner_user_id', '=', filter.ownerUserId);
  if (filter.regionId) query = query.where('customers.region_id', '=', filter.regionId);
  if (filter.keyAccount !== undefined) query = query.where('customers.is_key_account', '=', filter.keyAccount);
  if (filter.veryLargeAccount !== undefined) {
    query = query.where('customers.is_very_large_account', '=', filter.veryLargeAccount);
  }
  if (filter.vip !== undefined) query = query.where('customers.is_vip', '=', filter.vip);
  const q = filter.q?.trim();
  if (q) {
    const like = likeOperator(db);
    const pattern = `%${escapeLike(q)}%`;
    const compact = q.toLowerCase().replace(/\s+/g, '');
    const digits = /^\+?[\d\s\-()]+$/.test(q) ? q.replace(/\D/g, '') : '';
    query = query.where((eb) => {
      const alternatives = [
        eb('customers.name', like, sql<string>`${pattern}${likeEscape}`),
        startsWith(db, 'customers.code', q.toUpperCase()),
        startsWith(db, 'customers.name_pinyin', compact),
        startsWith(db, 'customers.name_initials', compact),
      ];
      if (digits.length >= 3) {
        alternatives.push(
          eb.exists(
            eb
              .selectFrom('customer_contacts as cc')
              .select('cc.id')
              .whereRef('cc.customer_id', '=', 'customers.id')
              .where(startsWith(db, 'cc.phone_digits', digits)),
          ),
        );
      }
      return eb.or(alternatives);
    });
  }
  return query;
}

export async function listCustomers(db: DB, filter: CustomerFilter, page: PageQuery) {
  const result = await paginate(filteredCustomers(db, filter), customerSort, page);
  return { ...result, items: result.items.map((r) => numeric(r) as CustomerRow) };
}

export async function updateCustomerColumns(db: DB, id: string, patch: Partial<CustomerInsert>) {
  await db.updateTable('customers').set(patch).where('id', '=', id).execute();
}

export async function userExists(db: DB, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst());
}

export async function regionExists(db: DB, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst());
}

export async function allRegions(db: DB) {
  return db.selectFrom('regions').select(['id', 'code', 'name']).where('archived', '=', false).execute();
}

export async function allUsers(db: DB) {
  return db.selectFrom('users').select(['id', 'username', 'display_name']).execute();
}

// ---------------------------------------------------------------- contacts and addresses

export async function contactsOf(db: DB, customerId: string, includeArchived = false): Promise<ContactRow[]> {
  let q = db.selectFrom('customer_contacts').selectAll().where('customer_id', '=', customerId);
  if (!includeArchived) q = q.where('archived', '=', false);
  return q.orderBy('is_primary', 'desc').orderBy('created_at').orderBy('id').execute();
}

export async function findContact(db: DB, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('customer_contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Contacts of several customers, primary first (for exports). */
export async function primaryContacts(db: DB, customerIds: string[]) {
  if (!customerIds.length) return new Map<string, ContactRow>();
  const rows = await db
    .selectFrom('customer_contacts')
    .selectAll()
    .where('customer_id', 'in', customerIds)
    .where('archived', '=', false)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .execute();
  const map = new Map<string, ContactRow>();
  for (const row of rows) if (!map.has(row.customer_id)) map.set(row.customer_id, row);
  return map;
}

export async function defaultAddresses(db: DB, customerIds: string[]) {
  if (!customerIds.length) return new Map<string, AddressRow>();
  const rows = await addressQuery(db)
    .where('customer_addresses.customer_id', 'in', customerIds)
    .where('customer_addresses.archived', '=', false)
    .orderBy('customer_addresses.is_default', 'desc')
    .orderBy('customer_addresses.created_at')
    .execute();
  const map = new Map<string, AddressRow>();
  for (const row of rows) if (!map.has(row.customer_id)) map.set(row.customer_id, row);
  return map;
}

/** Other contacts of the customer that are marked primary (to clear when a new primary is chosen). */
export async function otherPrimaryContacts(db: DB, customerId: string, exceptId: string) {
  return db
    .selectFrom('customer_contacts')
    .select(['id', 'version'])
    .where('customer_id', '=', customerId)
    .where('id', '<>', exceptId)
    .where('is_primary', '=', true)
    .execute();
}

function addressQuery(db: DB) {
  return db
    .selectFrom('customer_addresses')
    .leftJoin('regions as region', 'region.id', 'customer_addresses.region_id')
    .selectAll('customer_addresses')
    .select('region.name as region_name');
}

export async function addressesOf(db: DB, customerId: string, includeArchived = false): Promise<AddressRow[]> {
  let q = addressQuery(db).where('customer_addresses.customer_id', '=', customerId);
  if (!includeArchived) q = q.where('customer_addresses.archived', '=', false);
  return q
    .orderBy('customer_addresses.is_default', 'desc')
    .orderBy('customer_addresses.created_at')
    .orderBy('customer_addresses.id')
    .execute();
}

export async function findAddress(db: DB, id: string): Promise<AddressRow | undefined> {
  return addressQuery(db).where('customer_addresses.id', '=', id).executeTakeFirst();
}

export async function otherDefaultAddresses(db: DB, customerId: string, exceptId: string) {
  return db
    .selectFrom('customer_addresses')
    .select(['id', 'version'])
    .where('customer_id', '=', customerId)
    .where('id', '<>', exceptId)
    .where('is_default', '=', true)
    .execute();
}

export async function countRows(db: DB, customerId: string) {
  const count = async (table: 'customer_contacts' | 'customer_addresses' | 'units' | 'orders', extra?: 'archived') => {
    let q = db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customerId);
    if (extra === 'archived') q = q.where('archived' as any, '=', false);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const [contacts, addresses, units, orders] = await Promise.all([
    count('customer_contacts', 'archived'),
    count('customer_addresses', 'archived'),
    count('units'),
    count('orders'),
  ]);
  return { contacts, addresses, units, orders };
}

// ---------------------------------------------------------------- lookup as you type

const briefColumns = [
  'customers.id as customer_id',
  'customers.code',
  'customers.name',
  'customers.kind',
  'customers.class',
  'customers.is_key_account',
  'customers.is_very_large_account',
  'customers.is_vip',
  'customers.status',
] as const;

export type LookupRow = {
  customer_id: string;
  code: string;
  name: string;
  kind: 'person' | 'company';
  class: 'A' | 'B' | 'C' | 'D';
  is_key_account: unknown;
  is_very_large_account: unknown;
  is_vip: unknown;
  status: 'active' | 'archived' | 'merged';
  name_pinyin?: string;
  name_initials?: string;
  contact_id?: string;
  contact_name?: string;
  phone?: string | null;
  email?: string | null;
  unit_id?: string;
  serial_number?: string;
  product_model?: string;
};

function lookupCustomers(db: DB) {
  return db.selectFrom('customers').select(briefColumns).where('customers.status', '<>', 'merged');
}

function lookupContacts(db: DB) {
  return db
    .selectFrom('customer_contacts')
    .innerJoin('customers', 'customers.id', 'customer_contacts.customer_id')
    .select(briefColumns)
    .select([
      'customer_contacts.id as contact_id',
      'customer_contacts.name as contact_name',
      'customer_contacts.phone',
      'customer_contacts.email',
    ])
    .where('customer_contacts.archived', '=', false)
    .where('customers.status', '<>', 'merged');
}

export async function lookupByPhonePrefix(db: DB, digits: string, limit: number): Promise<LookupRow[]> {
  return lookupContacts(db)
    .where(startsWith(db, 'customer_contacts.phone_digits', digits))
    .orderBy(prefixOrder(db, 'customer_contacts.phone_digits'))
    .limit(limit)
    .execute();
}

/** "The last four digits": a prefix range on the reversed digits. */
export async function lookupByPhoneSuffix(db: DB, digits: string, limit: number): Promise<LookupRow[]> {
  const reversed = [...digits].reverse().join('');
  return lookupContacts(db)
    .where(startsWith(db, 'customer_contacts.phone_digits_reversed', reversed))
    .orderBy(prefixOrder(db, 'customer_contacts.phone_digits_reversed'))
    .limit(limit)
    .execute();
}

export async function lookupByEmailPrefix(db: DB, lower: string, limit: number): Promise<LookupRow[]> {
  return lookupContacts(db)
    .where(startsWith(db, 'customer_contacts.email_lower', lower))
    .orderBy(prefixOrder(db, 'customer_contacts.email_lower'))
    .limit(limit)
    .execute();
}

export async function lookupBySerialPrefix(db: DB, upper: string, limit: number): Promise<LookupRow[]> {
  return db
    .selectFrom('units')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .innerJoin('products', 'products.id', 'units.product_id')
    .select(briefColumns)
    .select(['units.id as unit_id', 'units.serial_number', 'products.model as product_model'])
    .where('customers.status', '<>', 'merged')
    .where(startsWith(db, 'units.serial_number', upper))
    .orderBy(prefixOrder(db, 'units.serial_number'))
    .limit(limit)
    .execute();
}

export async function lookupByCodePrefix(db: DB, upper: string, limit: number): Promise<LookupRow[]> {
  return lookupCustomers(db)
    .where(startsWith(db, 'customers.code', upper))
    .orderBy(prefixOrder(db, 'customers.code'))
    .limit(limit)
    .execute();
}

export async function lookupByPinyinPrefix(db: DB, pinyin: string, limit: number): Promise<LookupRow[]> {
  return lookupCustomers(db)
    .select('customers.name_pinyin')
    .where(startsWith(db, 'customers.name_pinyin', pinyin))
    .orderBy(prefixOrder(db, 'customers.name_pinyin'))
    .limit(limit)
    .execute();
}

export async function lookupByInitialsPrefix(db: DB, initials: string, limit: number): Promise<LookupRow[]> {
  return lookupCustomers(db)
    .select('customers.name_initials')
    .where(startsWith(db, 'customers.name_initials', initials))
    .orderBy(prefixOrder(db, 'customers.name_initials'))
    .limit(limit)
    .execute();
}

export async function lookupByNamePrefix(db: DB, text: string, limit: number): Promise<LookupRow[]> {
  return lookupCustomers(db)
    .where(startsWith(db, 'customers.name', text))
    .orderBy(prefixOrder(db, 'customers.name'))
    .limit(limit)
    .execute();
}

/**
 * Name contains the text: the one lookup that cannot use an index range; it runs last and only when
 * needed. First the matching names alone (SQLite answers that from the name index without touching
 * the wide customer rows — a third of the time of a table scan), then those customers by name.
 */
export async function lookupByNameContains(db: DB, text: string, limit: number): Promise<LookupRow[]> {
  // case only matters for latin letters; a plain LIKE is cheaper than PostgreSQL's ILIKE
  const operator = /[a-z]/i.test(text) ? likeOperator(db) : 'like';
  const names = await db
    .selectFrom('customers')
    .select('customers.name')
    .where('customers.name', operator, sql<string>`${`%${escapeLike(text)}%`}${likeEscape}`)
    .limit(limit)
    .execute();
  if (!names.length) return [];
  return lookupCustomers(db)
    .where('customers.name', 'in', [...new Set(names.map((n) => n.name))])
    .orderBy('customers.name')
    .limit(limit)
    .execute();
}
