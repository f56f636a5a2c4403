import type { Insertable, Selectable } from 'kysely';
import type { DB } from '../../db/database.js';
import { startsWith } from '../../db/text-prefix.js';
import type { OrderLinesTable, OrdersTable } from '../../db/types/registry.js';
import { type PageQuery, paginate, type SortSpec } from '../../platform/pagination.js';
import { chunked } from './customers.repository.js';

/** Kysely queries of sales orders / transactions. No rules here. */

export type OrderInsert = Insertable<OrdersTable>;
export type OrderLineInsert = Insertable<OrderLinesTable>;
export type OrderRow = Selectable<OrdersTable> & {
  customer_code: string;
  customer_name: string;
  customer_kind: 'person' | 'company';
  customer_class: 'A' | 'B' | 'C' | 'D';
  customer_key_account: unknown;
  customer_very_large_account: unknown;
  customer_vip: unknown;
  customer_status: 'active' | 'archived' | 'merged';
  line_count: number;
};
export type OrderLineRow = Selectable<OrderLinesTable> & { product_model: string; product_name: string };

export async function insertOrders(db: DB, rows: OrderInsert[]): Promise<void> {
  if (!rows.length) return;
  for (const chunk of chunked(rows, Object.keys(rows[0]).length)) await db.insertInto('orders').values(chunk).execute();
}

export async function insertOrderLines(db: DB, rows: OrderLineInsert[]): Promise<void> {
  if (!rows.length) return;
  for (const chunk of chunked(rows, Object.keys(rows[0]).length)) await db.insertInto('order_lines').values(chunk).execute();
}

/** Lines are replaced as a whole when an order is edited (the audit row keeps the old ones). */
export async function deleteOrderLines(db: DB, orderId: string): Promise<void> {
  await db.deleteFrom('order_lines').where('order_id', '=', orderId).execute();
}

function orderQuery(db: DB) {
  return db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .selectAll('orders')
    .select([
      'customers.code as customer_code',
      'customers.name as customer_name',
      'customers.kind as customer_kind',
      'customers.class as customer_class',
      'customers.is_key_account as customer_key_account',
      'customers.is_very_large_account as customer_very_large_account',
      'customers.is_vip as customer_vip',
      'customers.status as customer_status',
    ])
    .select((eb) =>
      eb
        .selectFrom('order_lines')
        .select((l) => l.fn.countAll<number>().as('n'))
        .whereRef('order_lines.order_id', '=', 'orders.id')
        .as('line_count'),
    );
}

const withNumbers = (row: any): OrderRow => ({
  ...row,
  line_count: Number(row.line_count ?? 0),
  total_fen: Number(row.total_fen),
});

export async function findOrder(db: DB, id: string): Promise<OrderRow | undefined> {
  const row = await orderQuery(db).where('orders.id', '=', id).executeTakeFirst();
  return row ? withNumbers(row) : undefined;
}

export async function findOrderByNumber(db: DB, orderNumber: string) {
  return db.selectFrom('orders').select(['id', 'order_number']).where('order_number', '=', orderNumber).executeTakeFirst();
}

export async function existingOrderNumbers(db: DB, numbers: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunked([...new Set(numbers)], 1)) {
    const rows = await db.selectFrom('orders').select('order_number').where('order_number', 'in', chunk).execute();
    for (const r of rows) found.add(r.order_number);
  }
  return found;
}

export async function linesOf(db: DB, orderId: string): Promise<OrderLineRow[]> {
  return db
    .selectFrom('order_lines')
    .innerJoin('products', 'products.id', 'order_lines.product_id')
    .selectAll('order_lines')
    .select(['products.model as product_model', 'products.name as product_name'])
    .where('order_lines.order_id', '=', orderId)
    .orderBy('order_lines.line_no')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, unit_price_fen: Number(r.unit_price_fen) })));
}

export async function productIdsExisting(db: DB, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('products')
    .select('id')
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface OrderFilter {
  q?: string;
  customerId?: string;
  from?: string;
  to?: string;
  status?: 'open' | 'completed' | 'cancelled';
}

export const orderSort: SortSpec = {
  fields: {
    orderDate: 'orders.order_date',
    createdAt: 'orders.created_at',
    orderNumber: 'orders.order_number',
    totalFen: 'orders.total_fen',
  },
  idColumn: 'orders.id',
  defaultSort: '-orderDate',
};

export async function listOrders(db: DB, filter: OrderFilter, page: PageQuery) {
  let query = orderQuery(db);
  if (filter.q) query = query.where(startsWith(db, 'orders.order_number', filter.q));
  if (filter.customerId) query = query.where('orders.customer_id', '=', filter.customerId);
  if (filter.from) query = query.where('orders.order_date', '>=', filter.from);
  if (filter.to) query = query.where('orders.order_date', '<=', filter.to);
  if (filter.status) query = query.where('orders.status', '=', filter.status);
  const result = await paginate(query, orderSort, page);
  return { ...result, items: result.items.map(withNumbers) };
}

export async function recentOrdersOf(db: DB, customerId: string, limit: number): Promise<OrderRow[]> {
  const rows = await orderQuery(db)
    .where('orders.customer_id', '=', customerId)
    .orderBy('orders.order_date', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(withNumbers);
}

export async function orderTotalsOf(db: DB, customerId: string) {
  const row = await db
    .selectFrom('orders')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>(eb.case().when('status', '<>', 'cancelled').then(1).else(0).end()).as('transactions'),
      eb.fn.sum<number>(eb.case().when('status', '<>', 'cancelled').then(eb.ref('total_fen')).else(0).end()).as('total'),
    ])
    .where('customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), transactionCount: Number(row.transactions ?? 0), totalFen: Number(row.total ?? 0) };
}
