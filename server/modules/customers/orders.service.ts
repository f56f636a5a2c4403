import type { CreateOrderRequest, OrderDetail, OrderListQuery, UpdateOrderRequest } from '../../../contracts/customers.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import {
  BadRequestError,
  BusinessRuleError,
  ConflictError,
  IllegalTransitionError,
  NotFoundError,
} from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { presentOrder, presentOrderDetail } from './customers.presenter.js';
import * as customersRepo from './customers.repository.js';
import { companyToday } from './customers.service.js';
import * as repo from './orders.repository.js';

/** Sales orders / transactions per customer (R-CUS-4): survey eligibility and new-customer follow-ups. */

export const ORDER_NUMBER_PREFIX = 'DD';

export interface OrderLineAmount {
  quantity: number;
  unitPriceFen: number;
}

/** Σ quantity × unit price, exact in integer fen; refuses totals beyond exact integer range. */
export function orderTotalFen(lines: OrderLineAmount[]): number {
  let total = 0n;
  for (const line of lines) total += BigInt(line.quantity) * BigInt(line.unitPriceFen);
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BusinessRuleError('order_total_too_large', '订单金额超出范围 (order total too large)');
  }
  return Number(total);
}

async function checkLines(ctx: ServiceContext, lines: { productId: string }[]) {
  const known = await repo.productIdsExisting(
    ctx.db,
    lines.map((l) => l.productId),
  );
  const bad = lines.map((l, i) => (known.has(l.productId) ? null : i)).filter((i): i is number => i !== null);
  if (bad.length) {
    throw new BadRequestError(
      '产品型号不存在 (unknown product)',
      bad.map((i) => ({ path: ['body', 'lines', i, 'productId'], message: '产品型号不存在 (unknown product)' })),
    );
  }
}

function lineRows(orderId: string, lines: CreateOrderRequest['lines']): repo.OrderLineInsert[] {
  return lines.map((l, i) => ({
    id: newId(),
    order_id: orderId,
    line_no: i + 1,
    product_id: l.productId,
    quantity: l.quantity,
    unit_price_fen: l.unitPriceFen,
  }));
}

async function detail(ctx: ServiceContext, id: string): Promise<OrderDetail> {
  const row = await repo.findOrder(ctx.db, id);
  if (!row) throw new NotFoundError('order', id);
  return presentOrderDetail(row, await repo.linesOf(ctx.db, id));
}

function duplicateOrderNumber(orderNumber: string) {
  return new ConflictError('duplicate_order_number', `订单号 ${orderNumber} 已存在 (order number already exists)`, {
    orderNumber,
    path: ['body', 'orderNumber'],
  });
}

export async function createOrder(ctx: ServiceContext, input: CreateOrderRequest): Promise<OrderDetail> {
  assertCan(ctx.actor, 'customer.write');
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const customer = await customersRepo.findCustomerRaw(tx.db, input.customerId);
    if (!customer) {
      throw new BadRequestError('客户不存在 (unknown customer)', [
        { path: ['body', 'customerId'], message: '客户不存在 (unknown customer)' },
      ]);
    }
    await checkLines(tx, input.lines);
    const orderNumber = input.orderNumber ?? (await nextNumber(tx, ORDER_NUMBER_PREFIX, Number(companyToday(tx).slice(0, 4))));
    if (await repo.findOrderByNumber(tx.db, orderNumber)) throw duplicateOrderNumber(orderNumber);
    const now = tx.clock.now().toISOString();
    const row: repo.OrderInsert = {
      id,
      order_number: orderNumber,
      customer_id: input.customerId,
      order_date: input.orderDate,
      contract_number: input.contractNumber || null,
      kind: input.kind ?? 'sale',
      total_fen: orderTotalFen(input.lines),
      status: input.status ?? 'completed',
      notes: input.notes || null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const lines = lineRows(id, input.lines);
    await repo.insertOrders(tx.db, [row]);
    await repo.insertOrderLines(tx.db, lines);
    await recordAudit(tx, { entity: 'order', entityId: id, action: 'create', after: { ...row, lines } });
  });
  return detail(ctx, id);
}

export async function getOrder(ctx: ServiceContext, id: string): Promise<OrderDetail> {
  assertCan(ctx.actor, 'customer.read');
  return detail(ctx, id);
}

export async function listOrders(ctx: ServiceContext, query: OrderListQuery) {
  assertCan(ctx.actor, 'customer.read');
  const { cursor, limit, sort, ...filter } = query;
  const page = await repo.listOrders(ctx.db, filter, { cursor, limit, sort });
  return { items: page.items.map(presentOrder), nextCursor: page.nextCursor };
}

export async function updateOrder(ctx: ServiceContext, id: string, input: UpdateOrderRequest): Promise<OrderDetail> {
  assertCan(ctx.actor, 'customer.write');
  const { version, lines, ...fields } = input;
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findOrder(tx.db, id);
    if (!before) throw new NotFoundError('order', id);
    if (before.status === 'cancelled') throw new IllegalTransitionError('cancelled', 'update', []);
    const patch: Partial<repo.OrderInsert> = {};
    if (fields.orderNumber !== undefined && fields.orderNumber !== before.order_number) {
      const clash = await repo.findOrderByNumber(tx.db, fields.orderNumber);
      if (clash && clash.id !== id) throw duplicateOrderNumber(fields.orderNumber);
      patch.order_number = fields.orderNumber;
    }
    if (fields.orderDate !== undefined) patch.order_date = fields.orderDate;
    if (fields.contractNumber !== undefined) patch.contract_number = fields.contractNumber || null;
    if (fields.kind !== undefined) patch.kind = fields.kind;
    if (fields.status !== undefined) patch.status = fields.status;
    if (fields.notes !== undefined) patch.notes = fields.notes || null;
    let linesBefore: unknown;
    let linesAfter: unknown;
    if (lines) {
      await checkLines(tx, lines);
      patch.total_fen = orderTotalFen(lines);
    }
    await updateVersioned(tx, 'orders', id, version, patch, 'order');
    if (lines) {
      linesBefore = await repo.linesOf(tx.db, id);
      const rows = lineRows(id, lines);
      await repo.deleteOrderLines(tx.db, id);
      await repo.insertOrderLines(tx.db, rows);
      linesAfter = rows;
    }
    const { line_count: _a, customer_code: _b, customer_name: _c, ...beforeRow } = before;
    const diff = changedFields(beforeRow as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, {
      entity: 'order',
      entityId: id,
      action: 'update',
      before: lines ? { ...diff.before, lines: linesBefore } : diff.before,
      after: lines ? { ...diff.after, lines: linesAfter } : diff.after,
    });
  });
  return detail(ctx, id);
}

export async function cancelOrder(ctx: ServiceContext, id: string, version: number): Promise<OrderDetail> {
  assertCan(ctx.actor, 'customer.write');
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findOrder(tx.db, id);
    if (!before) throw new NotFoundError('order', id);
    if (before.status === 'cancelled') throw new IllegalTransitionError('cancelled', 'cancel', []);
    await updateVersioned(tx, 'orders', id, version, { status: 'cancelled' }, 'order');
    await recordAudit(tx, {
      entity: 'order',
      entityId: id,
      action: 'cancel',
      before: { status: before.status },
      after: { status: 'cancelled' },
    });
  });
  return detail(ctx, id);
}
