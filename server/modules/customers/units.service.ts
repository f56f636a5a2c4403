import type { CreateUnitRequest, UnitDetail, UnitListQuery, UpdateUnitRequest } from '../../../contracts/customers.js';
import type { DB } from '../../db/database.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, BusinessRuleError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { computeWarrantyEnd, WarrantyInputError } from '../warranty/warranty-end.js';
import { normalizeSerial } from './customer-text.js';
import { presentUnit } from './customers.presenter.js';
import * as customersRepo from './customers.repository.js';
import { companyToday } from './customers.service.js';
import * as repo from './units.repository.js';
import { failureHistoryOfUnit } from '../cases/cases.service.js';

/**
 * Units (设备/产品档案, R-CUS-3): what a customer bought, its serial number and its warranty.
 *
 * For other modules (inside YOUR transaction; no permission check — check your own):
 *   markUnitReplaced(tx, {unitId, replacedByUnitId, caseId})   换货: the unit is 'replaced' by the
 *       customer's new unit (its history stays on the old unit); 422 unit_not_in_service otherwise
 *   markUnitReturned(tx, {unitId, caseId}) → boolean            退货: an in-service unit is 'returned'
 * Both are versioned updates audited with the case that caused them.
 */

function fieldError(path: string, message: string): BadRequestError {
  return new BadRequestError(message, [{ path: ['body', path], message }]);
}

const WARRANTY_FIELD: Record<WarrantyInputError['field'], string> = {
  purchaseDate: 'purchaseDate',
  defaultWarrantyMonths: 'productId',
  override: 'warrantyEndOverride',
  overrideReason: 'warrantyOverrideReason',
};

/** The warranty rule of warranty-end.ts, with its input errors as 400s on the API field. */
export function warrantyEndFor(input: {
  purchaseDate: string | null;
  defaultWarrantyMonths: number;
  override: string | null;
  overrideReason: string | null;
}) {
  try {
    return computeWarrantyEnd(input);
  } catch (error) {
    if (error instanceof WarrantyInputError) throw fieldError(WARRANTY_FIELD[error.field], error.message);
    throw error;
  }
}

export function duplicateSerialError(serialNumber: string, productModel: string, existingUnitId?: string) {
  return new ConflictError(
    'duplicate_serial',
    `序列号 ${serialNumber} 的 ${productModel} 已登记在档 (a ${productModel} with serial number ${serialNumber} is already registered)`,
    { serialNumber, productModel, existingUnitId, path: ['body', 'serialNumber'] },
  );
}

function isUniqueViolation(error: unknown): boolean {
  const code = String((error as any)?.code ?? '');
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

interface UnitRefs {
  customerId: string;
  productId: string;
  orderId: string | null;
  installationAddressId: string | null;
}

/** Referenced records must exist and belong together (the order and address are the customer's). */
async function checkRefs(db: DB, refs: UnitRefs) {
  const customer = await customersRepo.findCustomerRaw(db, refs.customerId);
  if (!customer) throw fieldError('customerId', '客户不存在 (unknown customer)');
  const product = await repo.findProduct(db, refs.productId);
  if (!product) throw fieldError('productId', '产品型号不存在 (unknown product)');
  if (refs.orderId) {
    const order = await repo.findOrderBrief(db, refs.orderId);
    if (!order) throw fieldError('orderId', '订单不存在 (unknown order)');
    if (order.customer_id !== refs.customerId)
      throw fieldError('orderId', '订单不属于该客户 (the order belongs to another customer)');
  }
  if (refs.installationAddressId) {
    const address = await customersRepo.findAddress(db, refs.installationAddressId);
    if (!address) throw fieldError('installationAddressId', '地址不存在 (unknown address)');
    if (address.customer_id !== refs.customerId) {
      throw fieldError('installationAddressId', '地址不属于该客户 (the address belongs to another customer)');
    }
  }
  return { customer, product };
}

async function detail(ctx: ServiceContext, id: string): Promise<UnitDetail> {
  const row = await repo.findUnit(ctx.db, id);
  if (!row) throw new NotFoundError('unit', id);
  // Product failure history (产品失败履历): every case on this unit, from the case core.
  return { ...presentUnit(row, companyToday(ctx)), cases: await failureHistoryOfUnit(ctx.db, id) };
}

export async function createUnit(ctx: ServiceContext, input: CreateUnitRequest): Promise<UnitDetail> {
  assertCan(ctx.actor, 'customer.write');
  const serialNumber = normalizeSerial(input.serialNumber);
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    const { product } = await checkRefs(tx.db, {
      customerId: input.customerId,
      productId: input.productId,
      orderId: input.orderId ?? null,
      installationAddressId: input.installationAddressId ?? null,
    });
    const existing = await repo.findUnitBySerial(tx.db, input.productId, serialNumber);
    if (existing) throw duplicateSerialError(serialNumber, product.model, existing.id);
    const warranty = warrantyEndFor({
      purchaseDate: input.purchaseDate ?? null,
      defaultWarrantyMonths: product.default_warranty_months,
      override: input.warrantyEndOverride ?? null,
      overrideReason: input.warrantyOverrideReason ?? null,
    });
    const now = tx.clock.now().toISOString();
    const row: repo.UnitInsert = {
      id,
      serial_number: serialNumber,
      product_id: input.productId,
      customer_id: input.customerId,
      purchase_date: input.purchaseDate ?? null,
      order_id: input.orderId ?? null,
      contract_number: input.contractNumber || null,
      installation_address_id: input.installationAddressId ?? null,
      installation_address: input.installationAddress || null,
      warranty_end_override: input.warrantyEndOverride ?? null,
      warranty_override_reason: input.warrantyEndOverride ? input.warrantyOverrideReason?.trim() || null : null,
      warranty_end: warranty.warrantyEnd,
      status: input.status ?? 'in_service',
      replaced_by_unit_id: null,
      notes: input.notes || null,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    try {
      await repo.insertUnits(tx.db, [row]);
    } catch (error) {
      // backstop: a concurrent request registered the same serial number first
      if (isUniqueViolation(error)) throw duplicateSerialError(serialNumber, product.model);
      throw error;
    }
    await recordAudit(tx, { entity: 'unit', entityId: id, action: 'create', after: row });
  });
  return detail(ctx, id);
}

export async function getUnit(ctx: ServiceContext, id: string): Promise<UnitDetail> {
  assertCan(ctx.actor, 'customer.read');
  return detail(ctx, id);
}

export async function listUnits(ctx: ServiceContext, query: UnitListQuery) {
  assertCan(ctx.actor, 'customer.read');
  const { cursor, limit, sort, asOf, q, ...filter } = query;
  const day = asOf ?? companyToday(ctx);
  const page = await repo.listUnits(
    ctx.db,
    { ...filter, q: q ? normalizeSerial(q) : undefined, asOf: day },
    { cursor, limit, sort },
  );
  const today = companyToday(ctx);
  return { items: page.items.map((r) => presentUnit(r, asOf ?? today)), nextCursor: page.nextCursor };
}

export async function updateUnit(ctx: ServiceContext, id: string, input: UpdateUnitRequest): Promise<UnitDetail> {
  assertCan(ctx.actor, 'customer.write');
  const { version, ...fields } = input;
  await inTransaction(ctx, async (tx) => {
    const before = await repo.findUnit(tx.db, id);
    if (!before) throw new NotFoundError('unit', id);
    const next = {
      customerId: fields.customerId ?? before.customer_id,
      productId: fields.productId ?? before.product_id,
      orderId: fields.orderId !== undefined ? fields.orderId : before.order_id,
      installationAddressId:
        fields.installationAddressId !== undefined ? fields.installationAddressId : before.installation_address_id,
      serialNumber: fields.serialNumber !== undefined ? normalizeSerial(fields.serialNumber) : before.serial_number,
      purchaseDate: fields.purchaseDate !== undefined ? fields.purchaseDate : before.purchase_date,
      override: fields.warrantyEndOverride !== undefined ? fields.warrantyEndOverride : before.warranty_end_override,
      overrideReason:
        fields.warrantyOverrideReason !== undefined ? fields.warrantyOverrideReason : before.warranty_override_reason,
    };
    const { product } = await checkRefs(tx.db, next);
    if (next.serialNumber !== before.serial_number || next.productId !== before.product_id) {
      const existing = await repo.findUnitBySerial(tx.db, next.productId, next.serialNumber);
      if (existing && existing.id !== id) throw duplicateSerialError(next.serialNumber, product.model, existing.id);
    }
    // Recomputed on every change: purchase date, override and product all decide the end.
    const warranty = warrantyEndFor({
      purchaseDate: next.purchaseDate,
      defaultWarrantyMonths: product.default_warranty_months,
      override: next.override,
      overrideReason: next.overrideReason,
    });
    const patch: Partial<repo.UnitInsert> = {
      serial_number: next.serialNumber,
      product_id: next.productId,
      customer_id: next.customerId,
      purchase_date: next.purchaseDate,
      order_id: next.orderId,
      installation_address_id: next.installationAddressId,
      warranty_end_override: next.override,
      warranty_override_reason: next.override ? next.overrideReason?.trim() || null : null,
      warranty_end: warranty.warrantyEnd,
    };
    if (fields.contractNumber !== undefined) patch.contract_number = fields.contractNumber || null;
    if (fields.installationAddress !== undefined) patch.installation_address = fields.installationAddress || null;
    if (fields.status !== undefined) patch.status = fields.status;
    if (fields.notes !== undefined) patch.notes = fields.notes || null;
    try {
      await updateVersioned(tx, 'units', id, version, patch, 'unit');
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateSerialError(next.serialNumber, product.model);
      throw error;
    }
    const diff = changedFields(before as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, { entity: 'unit', entityId: id, action: 'update', ...diff });
  });
  return detail(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// The unit's life after a warranty remedy (called by the warranty module in its transaction)

async function mustFindUnit(tx: ServiceContext, id: string): Promise<repo.UnitRow> {
  const unit = await repo.findUnit(tx.db, id);
  if (!unit) throw new NotFoundError('unit', id);
  return unit;
}

/**
 * 换货 (R-WAR-4): the unit was exchanged for `replacedByUnitId` (a unit of the same customer) on
 * case `caseId`. Only a unit in service can be replaced (422 unit_not_in_service). Versioned and
 * audited in the caller's transaction.
 */
export async function markUnitReplaced(
  tx: ServiceContext,
  change: { unitId: string; replacedByUnitId: string; caseId: string },
): Promise<void> {
  const unit = await mustFindUnit(tx, change.unitId);
  const replacement = await mustFindUnit(tx, change.replacedByUnitId);
  if (replacement.id === unit.id || replacement.customer_id !== unit.customer_id) {
    throw new BusinessRuleError(
      'replacement_unit_mismatch',
      '替换设备必须是该客户的另一台设备 (the replacement must be another unit of the same customer)',
      { unitId: unit.id, replacedByUnitId: replacement.id },
    );
  }
  if (unit.status !== 'in_service') {
    throw new BusinessRuleError(
      'unit_not_in_service',
      `序列号 ${unit.serial_number} 的设备已不在用，不能换货 (the unit is no longer in service)`,
      { unitId: unit.id, status: unit.status },
    );
  }
  const patch = { status: 'replaced' as const, replaced_by_unit_id: replacement.id };
  await updateVersioned(tx, 'units', unit.id, Number(unit.version), patch, 'unit');
  await recordAudit(tx, {
    entity: 'unit',
    entityId: unit.id,
    action: 'replace',
    before: { status: unit.status, replacedByUnitId: unit.replaced_by_unit_id },
    after: { status: patch.status, replacedByUnitId: replacement.id, caseId: change.caseId },
  });
}

/**
 * 退货 (R-WAR-5): the customer returned the unit on case `caseId` (refund paid). A unit in service
 * becomes 'returned' (true); one that is not in service any more is left as it is (false).
 * Versioned and audited in the caller's transaction.
 */
export async function markUnitReturned(tx: ServiceContext, change: { unitId: string; caseId: string }): Promise<boolean> {
  const unit = await mustFindUnit(tx, change.unitId);
  if (unit.status !== 'in_service') return false;
  await updateVersioned(tx, 'units', unit.id, Number(unit.version), { status: 'returned' }, 'unit');
  await recordAudit(tx, {
    entity: 'unit',
    entityId: unit.id,
    action: 'return',
    before: { status: unit.status },
    after: { status: 'returned', caseId: change.caseId },
  });
  return true;
}
