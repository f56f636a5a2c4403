import type { SparePart, StockLocation } from '../../../contracts/parts.js';
import { createSparePart, createStockLocation } from '../../modules/parts/parts.service.js';
import { receiveStock } from '../../modules/parts/stock.service.js';
import type { ServiceContext } from '../../platform/context.js';

/** Test data for spare parts and stock, made through the parts services (so every rule holds). */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export async function makeSparePart(
  ctx: ServiceContext,
  fields: {
    code?: string;
    name?: string;
    unitOfMeasure?: string;
    minStock?: number;
    standardCostFen?: number;
    productIds?: string[];
  } = {},
): Promise<SparePart> {
  const n = next();
  return createSparePart(ctx, {
    code: fields.code ?? `BJ-${n}`,
    name: fields.name ?? `测试备件${n}`,
    unitOfMeasure: fields.unitOfMeasure ?? '个',
    minStock: fields.minStock ?? 0,
    standardCostFen: fields.standardCostFen ?? 1000,
    productIds: fields.productIds ?? [],
  });
}

export async function makeWarehouse(ctx: ServiceContext, fields: { code?: string; name?: string } = {}): Promise<StockLocation> {
  const n = next();
  return createStockLocation(ctx, { code: fields.code ?? `WH${n}`, name: fields.name ?? `仓库${n}`, kind: 'warehouse' });
}

/** A technician's van; the user must hold the technician role. */
export async function makeVan(
  ctx: ServiceContext,
  technicianUserId: string,
  fields: { code?: string; name?: string } = {},
): Promise<StockLocation> {
  const n = next();
  return createStockLocation(ctx, {
    code: fields.code ?? `VAN${n}`,
    name: fields.name ?? `车载库${n}`,
    kind: 'van',
    technicianUserId,
  });
}

/** Put stock of a part at a location (a receive movement). */
export async function stockUp(ctx: ServiceContext, locationId: string, partId: string, quantity: number) {
  return receiveStock(ctx, { locationId, lines: [{ partId, quantity }], reason: 'test stock' });
}
