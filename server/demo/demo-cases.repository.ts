import type { DB } from '../db/database.js';

/** Reads for the demo cases (server/demo/demo-cases.ts): who acts, which units the callers own. */

export interface DemoUserRow {
  id: string;
  username: string;
  display_name: string;
  department_id: string | null;
  role: string;
}

export async function usersWithRoles(db: DB, usernames: string[]): Promise<DemoUserRow[]> {
  if (!usernames.length) return [];
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.department_id', 'user_roles.role'])
    .where('users.username', 'in', usernames)
    .where('users.status', '=', 'active')
    .execute();
}

export interface DemoUnitRow {
  unit_id: string;
  serial_number: string;
  purchase_date: string | null;
  warranty_end: string | null;
  order_id: string | null;
  customer_id: string;
  customer_name: string;
  customer_kind: string;
  customer_created_at: string;
  region_code: string | null;
  product_id: string;
  model: string;
  category_code: string;
}

/** Units in service with their owner, region and product, oldest customer first (a stable order). */
export async function unitsInService(db: DB): Promise<DemoUnitRow[]> {
  return db
    .selectFrom('units')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .innerJoin('products', 'products.id', 'units.product_id')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .leftJoin('regions', 'regions.id', 'customers.region_id')
    .select([
      'units.id as unit_id',
      'units.serial_number',
      'units.purchase_date',
      'units.warranty_end',
      'units.order_id',
      'customers.id as customer_id',
      'customers.name as customer_name',
      'customers.kind as customer_kind',
      'customers.created_at as customer_created_at',
      'regions.code as region_code',
      'products.id as product_id',
      'products.model',
      'product_categories.code as category_code',
    ])
    .where('units.status', '=', 'in_service')
    .where('customers.status', '=', 'active')
    .orderBy('units.serial_number')
    .execute() as Promise<DemoUnitRow[]>;
}

/** The contact a caller would be: the primary one with a phone, else any with a phone. */
export async function callerContacts(db: DB, customerIds: string[]): Promise<Map<string, { id: string; name: string }>> {
  const out = new Map<string, { id: string; name: string }>();
  if (!customerIds.length) return out;
  for (let i = 0; i < customerIds.length; i += 500) {
    const rows = await db
      .selectFrom('customer_contacts')
      .select(['id', 'customer_id', 'name', 'is_primary'])
      .where('customer_id', 'in', customerIds.slice(i, i + 500))
      .where('phone', 'is not', null)
      .orderBy('customer_id')
      .orderBy('is_primary', 'desc')
      .orderBy('id')
      .execute();
    for (const r of rows) if (!out.has(r.customer_id)) out.set(r.customer_id, { id: r.id, name: r.name });
  }
  return out;
}

/** Where each customer is (the default address's coordinates), for the technician's check-in. */
export async function defaultAddresses(
  db: DB,
): Promise<Map<string, { latitude: number | null; longitude: number | null }>> {
  const rows = await db
    .selectFrom('customer_addresses')
    .select(['customer_id', 'latitude', 'longitude'])
    .where('is_default', '=', true)
    .execute();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return new Map(rows.map((r) => [r.customer_id, { latitude: num(r.latitude), longitude: num(r.longitude) }]));
}

export async function productIdsByModel(db: DB): Promise<Map<string, string>> {
  const rows = await db.selectFrom('products').select(['id', 'model']).execute();
  return new Map(rows.map((r) => [r.model, r.id]));
}

export async function caseVersion(db: DB, caseId: string): Promise<number> {
  const row = await db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Serial numbers of one nameplate family and year (HG-LED-2026-…), to number a replacement unit. */
export async function serialsStartingWith(db: DB, prefix: string): Promise<string[]> {
  const rows = await db.selectFrom('units').select('serial_number').where('serial_number', 'like', `${prefix}%`).execute();
  return rows.map((r) => r.serial_number);
}

/** Whether the demo cases were made already (the seed leaves this audit row). */
export async function demoCasesSeeded(db: DB): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('entity', '=', 'demo_cases')
    .where('action', '=', 'seed')
    .executeTakeFirst();
  return row !== undefined;
}
