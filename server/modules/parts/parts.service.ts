import type {
  CreateSparePartRequest,
  CreateStockLocationRequest,
  SparePart,
  SparePartListQuery,
  StockLocation,
  StockLocationListQuery,
  UpdateSparePartRequest,
  UpdateStockLocationRequest,
} from '../../../contracts/parts.js';
import type { DB } from '../../db/database.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BusinessRuleError, ConflictError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Page } from '../../platform/pagination.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { presentLocation, presentPart } from './parts.presenter.js';
import * as repo from './parts.repository.js';

/**
 * The parts catalogue (备件, R-PRT-1) and the stock locations: warehouses and technicians' vans.
 * Stock itself moves only through stock.service.ts.
 */

function invalidReference(path: (string | number)[], message: string): BusinessRuleError {
  return new BusinessRuleError('invalid_reference', message, [{ path, message }]);
}

// ---------------------------------------------------------------- spare parts

async function loadPart(db: DB, id: string): Promise<SparePart> {
  const row = await repo.findPart(db, id);
  if (!row) throw new NotFoundError('spare_part', id);
  const products = await repo.productsOfParts(db, [id]);
  return presentPart(row, products.get(id) ?? []);
}

export async function listSpareParts(ctx: ServiceContext, query: SparePartListQuery): Promise<Page<SparePart>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listParts(ctx.db, query, query);
  const products = await repo.productsOfParts(
    ctx.db,
    page.items.map((p) => p.id),
  );
  return { items: page.items.map((row) => presentPart(row, products.get(row.id) ?? [])), nextCursor: page.nextCursor };
}

export async function getSparePart(ctx: ServiceContext, id: string): Promise<SparePart> {
  assertCan(ctx.actor, 'parts.read');
  return loadPart(ctx.db, id);
}

async function assertPartCodeFree(db: DB, code: string, selfId?: string) {
  const existing = await repo.findPartByCode(db, code);
  if (existing && existing.id !== selfId) {
    throw new ConflictError('duplicate_code', `part number "${code}" is already used`, {
      path: ['body', 'code'],
      existingId: existing.id,
    });
  }
}

async function assertUsableCategory(db: DB, categoryId: string | null | undefined) {
  if (!categoryId) return;
  const category = await repo.findCategory(db, categoryId);
  if (!category) throw invalidReference(['body', 'categoryId'], 'product category does not exist');
  if (category.archived) throw invalidReference(['body', 'categoryId'], 'product category is archived');
}

/** The distinct product ids, every one of them in the catalogue. */
async function checkedProductIds(db: DB, productIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(productIds)].sort();
  const found = await repo.existingProductIds(db, unique);
  const missing = productIds.findIndex((id) => !found.has(id));
  if (missing >= 0) throw invalidReference(['body', 'productIds', missing], 'product does not exist');
  return unique;
}

export async function createSparePart(ctx: ServiceContext, input: CreateSparePartRequest): Promise<SparePart> {
  assertCan(ctx.actor, 'parts.write');
  return inTransaction(ctx, async (tx) => {
    await assertPartCodeFree(tx.db, input.code);
    await assertUsableCategory(tx.db, input.categoryId);
    const productIds = await checkedProductIds(tx.db, input.productIds ?? []);
    const id = newId();
    await repo.insertPart(tx.db, {
      id,
      code: input.code,
      name: input.name,
      specification: input.specification || null,
      unitOfMeasure: input.unitOfMeasure,
      categoryId: input.categoryId ?? null,
      standardCostFen: input.standardCostFen ?? 0,
      minStock: input.minStock ?? 0,
      notes: input.notes || null,
      now: tx.clock.now().toISOString(),
    });
    await repo.replacePartProducts(tx.db, id, productIds);
    const created = await loadPart(tx.db, id);
    await recordAudit(tx, { entity: 'spare_part', entityId: id, action: 'create', after: auditablePart(created) });
    return created;
  });
}

/** The fields of a part that are its own (not stock totals), for audit rows. */
function auditablePart(part: SparePart) {
  return {
    code: part.code,
    name: part.name,
    specification: part.specification,
    unitOfMeasure: part.unitOfMeasure,
    categoryId: part.categoryId,
    productIds: part.products.map((p) => p.id).sort(),
    standardCostFen: part.standardCostFen,
    minStock: part.minStock,
    status: part.status,
    notes: part.notes,
  };
}

export async function updateSparePart(ctx: ServiceContext, id: string, input: UpdateSparePartRequest): Promise<SparePart> {
  assertCan(ctx.actor, 'parts.write');
  return inTransaction(ctx, async (tx) => {
    const current = await loadPart(tx.db, id);
    const before = auditablePart(current);
    const wanted: Partial<typeof before> = {};
    if (input.code !== undefined) wanted.code = input.code;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.specification !== undefined) wanted.specification = input.specification || null;
    if (input.unitOfMeasure !== undefined) wanted.unitOfMeasure = input.unitOfMeasure;
    if (input.categoryId !== undefined) wanted.categoryId = input.categoryId;
    if (input.productIds !== undefined) wanted.productIds = [...new Set(input.productIds)].sort();
    if (input.standardCostFen !== undefined) wanted.standardCostFen = input.standardCostFen;
    if (input.minStock !== undefined) wanted.minStock = input.minStock;
    if (input.status !== undefined) wanted.status = input.status;
    if (input.notes !== undefined) wanted.notes = input.notes || null;

    const { before: b, after: a } = changedFields(before, wanted);
    if (Object.keys(a).length === 0) {
      if (current.version !== input.version) throw new VersionConflictError('spare_part', id, current.version);
      return current;
    }
    if (a.code !== undefined && a.code.toLowerCase() !== current.code.toLowerCase()) await assertPartCodeFree(tx.db, a.code, id);
    if (a.categoryId !== undefined) await assertUsableCategory(tx.db, a.categoryId);
    if (a.productIds !== undefined) await checkedProductIds(tx.db, input.productIds ?? []);

    await updateVersioned(
      tx,
      'spare_parts',
      id,
      input.version,
      {
        ...(a.code !== undefined ? { code: a.code } : {}),
        ...(a.name !== undefined ? { name: a.name } : {}),
        ...(a.specification !== undefined ? { specification: a.specification } : {}),
        ...(a.unitOfMeasure !== undefined ? { unit_of_measure: a.unitOfMeasure } : {}),
        ...(a.categoryId !== undefined ? { category_id: a.categoryId } : {}),
        ...(a.standardCostFen !== undefined ? { standard_cost_fen: a.standardCostFen } : {}),
        ...(a.minStock !== undefined ? { min_stock: a.minStock } : {}),
        ...(a.status !== undefined ? { status: a.status } : {}),
        ...(a.notes !== undefined ? { notes: a.notes } : {}),
      },
      'spare_part',
    );
    if (a.productIds !== undefined) await repo.replacePartProducts(tx.db, id, a.productIds);
    const action = a.status === 'discontinued' ? 'discontinue' : a.status === 'active' ? 'reactivate' : 'update';
    await recordAudit(tx, { entity: 'spare_part', entityId: id, action, before: b, after: a });
    return loadPart(tx.db, id);
  });
}

// ---------------------------------------------------------------- stock locations

async function loadLocation(db: DB, id: string): Promise<StockLocation> {
  const row = await repo.findLocation(db, id);
  if (!row) throw new NotFoundError('stock_location', id);
  return presentLocation(row);
}

export async function listStockLocations(ctx: ServiceContext, query: StockLocationListQuery): Promise<Page<StockLocation>> {
  assertCan(ctx.actor, 'parts.read');
  const page = await repo.listLocations(ctx.db, query, query);
  return { items: page.items.map(presentLocation), nextCursor: page.nextCursor };
}

export async function getStockLocation(ctx: ServiceContext, id: string): Promise<StockLocation> {
  assertCan(ctx.actor, 'parts.read');
  return loadLocation(ctx.db, id);
}

async function assertLocationCodeFree(db: DB, code: string, selfId?: string) {
  const existing = await repo.findLocationByCode(db, code);
  if (existing && existing.id !== selfId) {
    throw new ConflictError('duplicate_code', `location code "${code}" is already used`, {
      path: ['body', 'code'],
      existingId: existing.id,
    });
  }
}

/** A van belongs to an active user who is a technician. */
async function assertVanTechnician(db: DB, userId: string) {
  const user = await repo.findActiveUser(db, userId);
  if (user?.status !== 'active') throw invalidReference(['body', 'technicianUserId'], 'user does not exist or is disabled');
  if (!user.is_technician) throw invalidReference(['body', 'technicianUserId'], 'user is not a technician');
}

async function assertUsableRegion(db: DB, regionId: string | null | undefined) {
  if (!regionId) return;
  const region = await repo.findRegion(db, regionId);
  if (!region) throw invalidReference(['body', 'regionId'], 'region does not exist');
  if (region.archived) throw invalidReference(['body', 'regionId'], 'region is archived');
}

export async function createStockLocation(ctx: ServiceContext, input: CreateStockLocationRequest): Promise<StockLocation> {
  assertCan(ctx.actor, 'parts.write');
  return inTransaction(ctx, async (tx) => {
    await assertLocationCodeFree(tx.db, input.code);
    if (input.kind === 'van') await assertVanTechnician(tx.db, input.technicianUserId as string);
    await assertUsableRegion(tx.db, input.regionId);
    const id = newId();
    await repo.insertLocation(tx.db, {
      id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      technicianUserId: input.kind === 'van' ? (input.technicianUserId ?? null) : null,
      regionId: input.regionId ?? null,
      address: input.address || null,
      now: tx.clock.now().toISOString(),
    });
    const created = await loadLocation(tx.db, id);
    await recordAudit(tx, { entity: 'stock_location', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateStockLocation(
  ctx: ServiceContext,
  id: string,
  input: UpdateStockLocationRequest,
): Promise<StockLocation> {
  assertCan(ctx.actor, 'parts.write');
  return inTransaction(ctx, async (tx) => {
    const current = await loadLocation(tx.db, id);
    const before = {
      code: current.code,
      name: current.name,
      technicianUserId: current.technicianUserId,
      regionId: current.regionId,
      address: current.address,
      archived: current.archived,
    };
    const wanted: Partial<typeof before> = {};
    if (input.code !== undefined) wanted.code = input.code;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.technicianUserId !== undefined) wanted.technicianUserId = input.technicianUserId;
    if (input.regionId !== undefined) wanted.regionId = input.regionId;
    if (input.address !== undefined) wanted.address = input.address || null;
    if (input.archived !== undefined) wanted.archived = input.archived;

    const { before: b, after: a } = changedFields(before, wanted);
    if (Object.keys(a).length === 0) {
      if (current.version !== input.version) throw new VersionConflictError('stock_location', id, current.version);
      return current;
    }
    if (a.code !== undefined && a.code.toLowerCase() !== current.code.toLowerCase())
      await assertLocationCodeFree(tx.db, a.code, id);
    if (a.technicianUserId !== undefined) {
      if (current.kind !== 'van') {
        throw new BusinessRuleError('not_a_van', 'only a van belongs to a technician', [
          { path: ['body', 'technicianUserId'], message: 'a warehouse has no technician' },
        ]);
      }
      await assertVanTechnician(tx.db, a.technicianUserId as string);
    }
    if (a.regionId !== undefined) await assertUsableRegion(tx.db, a.regionId);
    if (a.archived === true && (await repo.onHandAt(tx.db, id)) > 0) {
      throw new BusinessRuleError('location_not_empty', 'move or adjust the stock held here before archiving the location', [
        { path: ['body', 'archived'], message: 'stock is still on hand here' },
      ]);
    }

    await updateVersioned(
      tx,
      'stock_locations',
      id,
      input.version,
      {
        ...(a.code !== undefined ? { code: a.code } : {}),
        ...(a.name !== undefined ? { name: a.name } : {}),
        ...(a.technicianUserId !== undefined ? { technician_user_id: a.technicianUserId } : {}),
        ...(a.regionId !== undefined ? { region_id: a.regionId } : {}),
        ...(a.address !== undefined ? { address: a.address } : {}),
        ...(a.archived !== undefined ? { archived: a.archived } : {}),
      },
      'stock_location',
    );
    const action = a.archived === true ? 'archive' : a.archived === false ? 'restore' : 'update';
    await recordAudit(tx, { entity: 'stock_location', entityId: id, action, before: b, after: a });
    return loadLocation(tx.db, id);
  });
}
