import type { Insertable, Selectable } from 'kysely';
import type { DB } from '../../db/database.js';
import { startsWith } from '../../db/text-prefix.js';
import type { UnitsTable } from '../../db/types/registry.js';
import { type PageQuery, paginate, type SortSpec } from '../../platform/pagination.js';
import { chunked } from './customers.repository.js';

/** Kysely queries of units (设备/产品档案). No rules here. */

export type UnitInsert = Insertable<UnitsTable>;
export type UnitRow = Selectable<UnitsTable> & {
  product_model: string;
  product_name: string;
  default_warranty_months: number;
  customer_code: string;
  customer_name: string;
  customer_kind: 'person' | 'company';
  customer_class: 'A' | 'B' | 'C' | 'D';
  customer_key_account: unknown;
  customer_very_large_account: unknown;
  customer_vip: unknown;
  customer_status: 'active' | 'archived' | 'merged';
  order_number: string | null;
};

export async function insertUnits(db: DB, rows: UnitInsert[]): Promise<void> {
  if (!rows.length) return;
  for (const chunk of chunked(rows, Object.keys(rows[0]).length)) await db.insertInto('units').values(chunk).execute();
}

function unitQuery(db: DB) {
  return db
    .selectFrom('units')
    .innerJoin('products', 'products.id', 'units.product_id')
    .innerJoin('customers', 'customers.id', 'units.customer_id')
    .leftJoin('orders', 'orders.id', 'units.order_id')
    .selectAll('units')
    .select([
      'products.model as product_model',
      'products.name as product_name',
      'products.default_warranty_months',
      'customers.code as customer_code',
      'customers.name as customer_name',
      'customers.kind as customer_kind',
      'customers.class as customer_class',
      'customers.is_key_account as customer_key_account',
      'customers.is_very_large_account as customer_very_large_account',
      'customers.is_vip as customer_vip',
      'customers.status as customer_status',
      'orders.order_number',
    ]);
}

export async function findUnit(db: DB, id: string): Promise<UnitRow | undefined> {
  return unitQuery(db).where('units.id', '=', id).executeTakeFirst();
}

/** The customer's most recent units (a project customer may have thousands: the rest via GET /units?customerId=). */
export async function unitsOfCustomer(db: DB, customerId: string, limit = 200): Promise<UnitRow[]> {
  return unitQuery(db)
    .where('units.customer_id', '=', customerId)
    .orderBy('units.created_at', 'desc')
    .orderBy('units.id')
    .limit(limit)
    .execute();
}

/** The unit with this serial number of this model, if any (serial numbers are unique per model). */
export async function findUnitBySerial(db: DB, productId: string, serialNumber: string) {
  return db
    .selectFrom('units')
    .select(['id', 'serial_number', 'customer_id'])
    .where('product_id', '=', productId)
    .where('serial_number', '=', serialNumber)
    .executeTakeFirst();
}

/** Which of these (product, serial) pairs already exist. */
export async function existingSerials(db: DB, pairs: { productId: string; serialNumber: string }[]): Promise<Set<string>> {
  const found = new Set<string>();
  const serials = [...new Set(pairs.map((p) => p.serialNumber))];
  for (const chunk of chunked(serials, 1)) {
    const rows = await db
      .selectFrom('units')
      .select(['product_id', 'serial_number'])
      .where('serial_number', 'in', chunk)
      .execute();
    for (const r of rows) found.add(`${r.product_id}\u0000${r.serial_number}`);
  }
  return found;
}

export interface UnitFilter {
  q?: string;
  customerId?: string;
  productId?: string;
  status?: 'in_service' | 'replaced' | 'returned' | 'scrapped';
  warranty?: 'in' | 'out' | 'unknown';
  asOf: string;
}

export const unitSort: SortSpec = {
  fields: { createdAt: 'units.created_at', serialNumber: 'units.serial_number' },
  idColumn: 'units.id',
  defaultSort: '-createdAt',
};

export function filteredUnits(db: DB, filter: UnitFilter) {
  let query = unitQuery(db);
  if (filter.q) query = query.where(startsWith(db, 'units.serial_number', filter.q));
  if (filter.customerId) query = query.where('units.customer_id', '=', filter.customerId);
  if (filter.productId) query = query.where('units.product_id', '=', filter.productId);
  if (filter.status) query = query.where('units.status', '=', filter.status);
  if (filter.warranty === 'in') query = query.where('units.warranty_end', '>=', filter.asOf);
  if (filter.warranty === 'out') query = query.where('units.warranty_end', '<', filter.asOf);
  if (filter.warranty === 'unknown') query = query.where('units.warranty_end', 'is', null);
  return query;
}

export async function listUnits(db: DB, filter: UnitFilter, page: PageQuery) {
  return paginate(filteredUnits(db, filter), unitSort, page);
}

export async function findProduct(db: DB, id: string) {
  return db
    .selectFrom('products')
    .select(['id', 'model', 'name', 'default_warranty_months', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function productsByModel(db: DB, models: string[]) {
  const rows: { id: string; model: string; name: string; default_warranty_months: number; status: string }[] = [];
  for (const chunk of chunked([...new Set(models)], 1)) {
    rows.push(
      ...(await db
        .selectFrom('products')
        .select(['id', 'model', 'name', 'default_warranty_months', 'status'])
        .where('model', 'in', chunk)
        .execute()),
    );
  }
  return rows;
}

export async function findOrderBrief(db: DB, id: string) {
  return db.selectFrom('orders').select(['id', 'customer_id', 'order_number', 'status']).where('id', '=', id).executeTakeFirst();
}
