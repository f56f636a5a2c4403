import { z } from 'zod';
import { archivedFilter, codeText, isoDateTime, pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';

/**
 * Spare parts (R-PRT-1, R-PRT-2, R-PRT-4): the parts catalogue (备件), stock locations (warehouses and
 * technicians' vans), stock levels (库存), the movement ledger (出入库记录), reservations for
 * appointments and low-stock alerts. Stock count (盘点, R-PRT-3) is not here yet; its ledger kind
 * 'count_adjust' is reserved for it.
 */

/** 'true' / 'false' (or 1 / 0) in a query string. */
export const queryFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A part number (备件编码): letters, digits and . _ - / */
export const partCode = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "/" or "-"');

export const sparePartStatus = z.enum(['active', 'discontinued']);
export type SparePartStatus = z.infer<typeof sparePartStatus>;

export const stockLocationKind = z.enum(['warehouse', 'van']);
export type StockLocationKind = z.infer<typeof stockLocationKind>;

export const stockMovementKind = z.enum([
  'receive',
  'transfer_out',
  'transfer_in',
  'reserve',
  'release',
  'issue',
  'return',
  'adjust',
  'count_adjust',
]);
export type StockMovementKind = z.infer<typeof stockMovementKind>;

export const stockReservationState = z.enum(['active', 'issued', 'released']);
export type StockReservationState = z.infer<typeof stockReservationState>;

/** What a movement or reservation is for: a case, a work order, an appointment, a purchase … */
export const stockReferenceType = z.enum(['case', 'work_order', 'appointment', 'purchase', 'stock_count', 'other']);
export type StockReferenceType = z.infer<typeof stockReferenceType>;

export const stockReference = z.object({
  type: stockReferenceType,
  /** the referenced record's id or number (e.g. a case id or `BX-2026-000123`) */
  id: requiredText(64),
});
export type StockReference = z.infer<typeof stockReference>;

/** Quantities are whole units of the part's unit of measure. */
export const stockQuantity = z.number().int().min(1).max(1_000_000);

// ---------------------------------------------------------------- spare parts (备件)

export const partProductRef = z.object({ id: z.string(), model: z.string(), name: z.string() });

export const sparePart = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  specification: z.string().nullable(),
  unitOfMeasure: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  /** products the part fits */
  products: z.array(partProductRef),
  standardCostFen: z.number().int(),
  /** low-stock threshold at warehouses; 0 = no alert */
  minStock: z.number().int(),
  status: sparePartStatus,
  notes: z.string().nullable(),
  /** on hand over all locations */
  onHandTotal: z.number().int(),
  /** on hand minus reserved over all locations */
  availableTotal: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SparePart = z.infer<typeof sparePart>;

export const sparePartListQuery = pageQuery.extend({
  /** code or name contains */
  q: trimmed(100).optional(),
  categoryId: z.uuid().optional(),
  /** parts that fit this product */
  productId: z.uuid().optional(),
  status: sparePartStatus.optional(),
});
export type SparePartListQuery = z.infer<typeof sparePartListQuery>;
export const sparePartPage = pageOf(sparePart);

const unitOfMeasure = requiredText(16);
const costFen = z.number().int().min(0).max(100_000_000_00);
const minStock = z.number().int().min(0).max(1_000_000);

export const createSparePartRequest = z.object({
  code: partCode,
  name: requiredText(200),
  specification: trimmed(1000).nullable().optional(),
  unitOfMeasure,
  categoryId: z.uuid().nullable().optional(),
  productIds: z.array(z.uuid()).max(500).optional(),
  standardCostFen: costFen.optional(),
  minStock: minStock.optional(),
  notes: trimmed(2000).nullable().optional(),
});
export type CreateSparePartRequest = z.infer<typeof createSparePartRequest>;

export const updateSparePartRequest = z.object({
  version: versionField,
  code: partCode.optional(),
  name: requiredText(200).optional(),
  specification: trimmed(1000).nullable().optional(),
  unitOfMeasure: unitOfMeasure.optional(),
  categoryId: z.uuid().nullable().optional(),
  /** replaces the list of products the part fits */
  productIds: z.array(z.uuid()).max(500).optional(),
  standardCostFen: costFen.optional(),
  minStock: minStock.optional(),
  /** discontinued parts receive no new stock; what is left can still be issued */
  status: sparePartStatus.optional(),
  notes: trimmed(2000).nullable().optional(),
});
export type UpdateSparePartRequest = z.infer<typeof updateSparePartRequest>;

// ---------------------------------------------------------------- stock locations (仓库 / 车载库)

export const stockLocation = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: stockLocationKind,
  /** the technician whose van it is */
  technicianUserId: z.string().nullable(),
  technicianName: z.string().nullable(),
  regionId: z.string().nullable(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  archived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StockLocation = z.infer<typeof stockLocation>;

export const stockLocationListQuery = pageQuery.extend({
  q: trimmed(100).optional(),
  kind: stockLocationKind.optional(),
  technicianUserId: z.uuid().optional(),
  regionId: z.uuid().optional(),
  archived: archivedFilter.optional(),
});
export type StockLocationListQuery = z.infer<typeof stockLocationListQuery>;
export const stockLocationPage = pageOf(stockLocation);

export const createStockLocationRequest = z
  .object({
    code: codeText,
    name: requiredText(100),
    kind: stockLocationKind,
    /** required for a van, not allowed for a warehouse */
    technicianUserId: z.uuid().nullable().optional(),
    regionId: z.uuid().nullable().optional(),
    address: trimmed(500).nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'van' && !value.technicianUserId) {
      ctx.addIssue({ code: 'custom', path: ['technicianUserId'], message: 'a van needs its technician' });
    }
    if (value.kind === 'warehouse' && value.technicianUserId) {
      ctx.addIssue({ code: 'custom', path: ['technicianUserId'], message: 'a warehouse has no technician' });
    }
  });
export type CreateStockLocationRequest = z.infer<typeof createStockLocationRequest>;

export const updateStockLocationRequest = z.object({
  version: versionField,
  code: codeText.optional(),
  name: requiredText(100).optional(),
  /** vans only: hand the van to another technician */
  technicianUserId: z.uuid().optional(),
  regionId: z.uuid().nullable().optional(),
  address: trimmed(500).nullable().optional(),
  /** archive (only when nothing is on hand or reserved there) or restore */
  archived: z.boolean().optional(),
});
export type UpdateStockLocationRequest = z.infer<typeof updateStockLocationRequest>;

// ---------------------------------------------------------------- stock levels (库存)

export const stockLevel = z.object({
  id: z.string(),
  locationId: z.string(),
  locationCode: z.string(),
  locationName: z.string(),
  locationKind: stockLocationKind,
  partId: z.string(),
  partCode: z.string(),
  partName: z.string(),
  specification: z.string().nullable(),
  unitOfMeasure: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  /** on hand minus reserved: what can be issued, reserved or moved */
  available: z.number().int(),
  /** this location's own minimum; null = the part's minimum applies (warehouses only) */
  minQuantity: z.number().int().nullable(),
  /** the minimum in force here; null = no low-stock alert at this location */
  threshold: z.number().int().nullable(),
  /** available is below the threshold */
  low: z.boolean(),
  /** threshold minus available, when low */
  shortage: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type StockLevel = z.infer<typeof stockLevel>;

export const stockLevelFilter = z.object({
  locationId: z.uuid().optional(),
  partId: z.uuid().optional(),
  locationKind: stockLocationKind.optional(),
  /** part code or name contains */
  q: trimmed(100).optional(),
  /** only rows below their low-stock threshold */
  lowOnly: queryFlag.optional(),
  /** hide rows with nothing on hand */
  nonZero: queryFlag.optional(),
});
export const stockLevelListQuery = pageQuery.extend(stockLevelFilter.shape);
export type StockLevelListQuery = z.infer<typeof stockLevelListQuery>;
export const stockLevelPage = pageOf(stockLevel);

export const lowStockQuery = pageQuery.extend({
  locationId: z.uuid().optional(),
  locationKind: stockLocationKind.optional(),
  q: trimmed(100).optional(),
});
export type LowStockQuery = z.infer<typeof lowStockQuery>;

/** Set (or clear with null) one location's own minimum for a part. */
export const setStockMinimumRequest = z.object({
  locationId: z.uuid(),
  partId: z.uuid(),
  minQuantity: z.number().int().min(0).max(1_000_000).nullable(),
  /** the level's version; omit only when the location holds no row for the part yet */
  version: versionField.optional(),
});
export type SetStockMinimumRequest = z.infer<typeof setStockMinimumRequest>;

// ---------------------------------------------------------------- ledger (出入库记录)

export const stockMovement = z.object({
  id: z.string(),
  at: z.string(),
  kind: stockMovementKind,
  partId: z.string(),
  partCode: z.string(),
  partName: z.string(),
  unitOfMeasure: z.string(),
  locationId: z.string(),
  locationCode: z.string(),
  locationName: z.string(),
  /** signed change of on hand */
  quantity: z.number().int(),
  /** signed change of reserved */
  reservedDelta: z.number().int(),
  onHandAfter: z.number().int(),
  reservedAfter: z.number().int(),
  reason: z.string().nullable(),
  reference: stockReference.nullable(),
  supplier: z.string().nullable(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  /** the same id on both halves of a transfer */
  transferId: z.string().nullable(),
  reservationId: z.string().nullable(),
});
export type StockMovement = z.infer<typeof stockMovement>;

export const stockMovementListQuery = pageQuery.extend({
  partId: z.uuid().optional(),
  locationId: z.uuid().optional(),
  kind: stockMovementKind.optional(),
  referenceType: stockReferenceType.optional(),
  referenceId: trimmed(64).optional(),
  transferId: z.uuid().optional(),
  /** at or after */
  from: isoDateTime.optional(),
  /** before */
  to: isoDateTime.optional(),
});
export type StockMovementListQuery = z.infer<typeof stockMovementListQuery>;
export const stockMovementPage = pageOf(stockMovement);

// ---------------------------------------------------------------- reservations

export const stockReservation = z.object({
  id: z.string(),
  partId: z.string(),
  partCode: z.string(),
  partName: z.string(),
  locationId: z.string(),
  locationCode: z.string(),
  locationName: z.string(),
  quantity: z.number().int(),
  issuedQuantity: z.number().int(),
  releasedQuantity: z.number().int(),
  /** still held: quantity − issued − released */
  remaining: z.number().int(),
  reference: stockReference,
  state: stockReservationState,
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StockReservation = z.infer<typeof stockReservation>;

export const stockReservationListQuery = pageQuery.extend({
  referenceType: stockReferenceType.optional(),
  referenceId: trimmed(64).optional(),
  state: stockReservationState.optional(),
  locationId: z.uuid().optional(),
  partId: z.uuid().optional(),
});
export type StockReservationListQuery = z.infer<typeof stockReservationListQuery>;
export const stockReservationPage = pageOf(stockReservation);

// ---------------------------------------------------------------- stock commands

const partLine = z.object({ partId: z.uuid(), quantity: stockQuantity });
/** A part at a location: for reserve, issue and return, which may touch several locations at once. */
export const stockLine = z.object({ partId: z.uuid(), locationId: z.uuid(), quantity: stockQuantity });
export type StockLine = z.infer<typeof stockLine>;

const lines = <T extends z.ZodTypeAny>(line: T) => z.array(line).min(1).max(200);

/** 入库: stock arrives at a location (from a supplier or a purchase). */
export const receiveStockRequest = z.object({
  locationId: z.uuid(),
  lines: lines(partLine),
  reason: trimmed(500).nullable().optional(),
  supplier: trimmed(200).nullable().optional(),
  /** e.g. { type: 'purchase', id: 'PO-2026-001' } */
  reference: stockReference.nullable().optional(),
});
export type ReceiveStockRequest = z.infer<typeof receiveStockRequest>;

/** 调拨: from one location to another (warehouse → van or back); both halves or nothing. */
export const transferStockRequest = z
  .object({
    fromLocationId: z.uuid(),
    toLocationId: z.uuid(),
    lines: lines(partLine),
    reason: trimmed(500).nullable().optional(),
  })
  .refine((v) => v.fromLocationId !== v.toLocationId, {
    path: ['toLocationId'],
    message: 'the target location must differ from the source',
  });
export type TransferStockRequest = z.infer<typeof transferStockRequest>;

/** 库存调整: correct on hand by a signed quantity, always with a reason. */
export const adjustStockRequest = z.object({
  locationId: z.uuid(),
  partId: z.uuid(),
  /** positive adds, negative removes; never 0 */
  quantity: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .refine((q) => q !== 0, 'must not be 0'),
  reason: requiredText(500),
});
export type AdjustStockRequest = z.infer<typeof adjustStockRequest>;

/** 预留: hold parts for an appointment or case so nobody else takes them. */
export const reserveStockRequest = z.object({
  reference: stockReference,
  lines: lines(stockLine),
  note: trimmed(500).nullable().optional(),
});
export type ReserveStockRequest = z.infer<typeof reserveStockRequest>;

/** 取消预留: one reservation, or every active reservation of a reference. */
export const releaseStockRequest = z
  .object({
    reservationId: z.uuid().optional(),
    reference: stockReference.optional(),
  })
  .refine((v) => (v.reservationId ? 1 : 0) + (v.reference ? 1 : 0) === 1, {
    path: ['reservationId'],
    message: 'give either reservationId or reference',
  });
export type ReleaseStockRequest = z.infer<typeof releaseStockRequest>;

/**
 * 领用出库: parts used on a case or work order. Reservations held under `fromReservation` (default:
 * the same reference) are used first; the rest comes from what is available.
 */
export const issueStockRequest = z.object({
  reference: stockReference,
  lines: lines(stockLine),
  fromReservation: stockReference.nullable().optional(),
  note: trimmed(500).nullable().optional(),
});
export type IssueStockRequest = z.infer<typeof issueStockRequest>;

/**
 * 退回: unused parts issued to a reference come back to a location (never more than was issued).
 * A returned defective part (三包件) is not stock: it is recorded by the warranty module.
 */
export const returnStockRequest = z.object({
  reference: stockReference,
  lines: lines(stockLine),
  reason: trimmed(500).nullable().optional(),
});
export type ReturnStockRequest = z.infer<typeof returnStockRequest>;

/** What every stock command answers: the ledger rows it wrote, the levels after it, the reservations it touched. */
export const stockCommandResult = z.object({
  movements: z.array(stockMovement),
  levels: z.array(stockLevel),
  reservations: z.array(stockReservation),
});
export type StockCommandResult = z.infer<typeof stockCommandResult>;
