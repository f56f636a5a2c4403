import { z } from 'zod';
import type {
  CatalogDefaults,
  CreateProductCategoryRequest,
  CreateProductRequest,
  Product,
  ProductCategory,
  ProductListQuery,
  UpdateCatalogDefaultsRequest,
  UpdateProductCategoryRequest,
  UpdateProductRequest,
} from '../../../contracts/catalog.js';
import type { DB } from '../../db/database.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { ConflictError, IllegalTransitionError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Page, PageQuery } from '../../platform/pagination.js';
import { assertCan } from '../../platform/permissions.js';
import { assertCodeFree, invalidReference, setArchived } from '../../platform/registry.js';
import { assertTreeAllowsArchiving, assertUsableParent, type TreeOfRecords } from '../../platform/tree.js';
import { applyVersionedChange, updateVersioned } from '../../platform/versioning.js';
import * as repo from './catalog.repository.js';

/** Product catalogue (R-CUS-2): categories, products, the company's default warranty terms. */

// ---------------------------------------------------------------- presenters

type CategoryRow = NonNullable<Awaited<ReturnType<typeof repo.findCategory>>>;

export function presentCategory(row: CategoryRow): ProductCategory {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    parentId: row.parent_id,
    archived: Boolean(row.archived),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentProduct(row: repo.ProductRow): Product {
  return {
    id: row.id,
    model: row.model,
    name: row.name,
    categoryId: row.category_id,
    categoryName: row.category_name,
    specification: row.specification,
    defaultWarrantyMonths: Number(row.default_warranty_months),
    postRepairWarrantyDays: Number(row.post_repair_warranty_days),
    status: row.status,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---------------------------------------------------------------- company defaults

export const CATALOG_DEFAULTS_KEY = 'catalog.defaults';

/** The SPEC's defaults (R-CUS-2), used until an administrator saves the company's own. */
export const FALLBACK_CATALOG_DEFAULTS = { defaultWarrantyMonths: 12, postRepairWarrantyDays: 90 } as const;

const storedDefaults = z.object({
  defaultWarrantyMonths: z.number().int().min(0),
  postRepairWarrantyDays: z.number().int().min(0),
});

/**
 * The company's default warranty terms. Before anyone saved them the setting does not exist yet;
 * it then reads as the SPEC's defaults at version 1, so the first save is based on version 1 too.
 */
export async function readCatalogDefaults(db: DB): Promise<CatalogDefaults> {
  const row = await repo.findSetting(db, CATALOG_DEFAULTS_KEY);
  if (!row) return { ...FALLBACK_CATALOG_DEFAULTS, version: 1, updatedAt: null };
  const parsed = storedDefaults.safeParse(typeof row.value === 'string' ? JSON.parse(row.value) : row.value);
  const values = parsed.success ? parsed.data : FALLBACK_CATALOG_DEFAULTS;
  return { ...values, version: Number(row.version), updatedAt: row.updated_at };
}

export async function getCatalogDefaults(ctx: ServiceContext): Promise<CatalogDefaults> {
  assertCan(ctx.actor, 'catalog.read');
  return readCatalogDefaults(ctx.db);
}

/** Company policy, so it needs settings.write (admin), not just catalog.write. */
export async function updateCatalogDefaults(ctx: ServiceContext, input: UpdateCatalogDefaultsRequest): Promise<CatalogDefaults> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    const before = await readCatalogDefaults(tx.db);
    const value = { defaultWarrantyMonths: input.defaultWarrantyMonths, postRepairWarrantyDays: input.postRepairWarrantyDays };
    const now = tx.clock.now().toISOString();
    const existing = await repo.findSetting(tx.db, CATALOG_DEFAULTS_KEY);
    const saved = existing
      ? await repo.updateSettingVersioned(tx.db, CATALOG_DEFAULTS_KEY, input.version, value, now)
      : input.version === 1 && (await repo.insertSettingIfMissing(tx.db, CATALOG_DEFAULTS_KEY, value, 2, now));
    if (!saved) throw new VersionConflictError('setting', CATALOG_DEFAULTS_KEY, before.version);
    const { before: b, after: a } = changedFields(
      { defaultWarrantyMonths: before.defaultWarrantyMonths, postRepairWarrantyDays: before.postRepairWarrantyDays },
      value,
    );
    await recordAudit(tx, { entity: 'setting', entityId: CATALOG_DEFAULTS_KEY, action: 'update', before: b, after: a });
    return readCatalogDefaults(tx.db);
  });
}

// ---------------------------------------------------------------- categories

export async function listCategories(
  ctx: ServiceContext,
  query: PageQuery & { q?: string; parentId?: string; archived?: repo.ArchivedFilter },
): Promise<Page<ProductCategory>> {
  assertCan(ctx.actor, 'catalog.read');
  const page = await repo.listCategories(ctx.db, query, query);
  return { items: page.items.map(presentCategory), nextCursor: page.nextCursor };
}

export async function getCategory(ctx: ServiceContext, id: string): Promise<ProductCategory> {
  assertCan(ctx.actor, 'catalog.read');
  const row = await repo.findCategory(ctx.db, id);
  if (!row) throw new NotFoundError('product_category', id);
  return presentCategory(row);
}

const categoryTree: TreeOfRecords = {
  noun: 'category',
  find: repo.findCategory,
  parents: repo.categoryParents,
  countActiveChildren: repo.countActiveChildCategories,
  cycleMessage: 'a category cannot be placed under itself or its own subcategory',
  archiveChildrenFirstMessage: 'archive the subcategories first',
};

async function assertCategoryCodeFree(db: DB, code: string, selfId?: string) {
  await assertCodeFree('category', code, (c) => repo.findCategoryByCode(db, c), selfId);
}

export async function createCategory(ctx: ServiceContext, input: CreateProductCategoryRequest): Promise<ProductCategory> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    await assertCategoryCodeFree(tx.db, input.code);
    await assertUsableParent(tx.db, categoryTree, input.parentId);
    const id = newId();
    await repo.insertCategory(tx.db, {
      id,
      code: input.code,
      name: input.name,
      parentId: input.parentId ?? null,
      now: tx.clock.now().toISOString(),
    });
    const created = presentCategory((await repo.findCategory(tx.db, id))!);
    await recordAudit(tx, { entity: 'product_category', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateCategory(
  ctx: ServiceContext,
  id: string,
  input: UpdateProductCategoryRequest,
): Promise<ProductCategory> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findCategory(tx.db, id);
    if (!row) throw new NotFoundError('product_category', id);
    const before = presentCategory(row);
    if (input.code !== undefined && input.code !== row.code) await assertCategoryCodeFree(tx.db, input.code, id);
    if (input.parentId !== undefined && input.parentId !== row.parent_id)
      await assertUsableParent(tx.db, categoryTree, input.parentId, id);
    const wanted = {
      ...(input.code !== undefined ? { code: input.code } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
    };
    return applyVersionedChange(tx, {
      table: 'product_categories',
      entity: 'product_category',
      id,
      version: input.version,
      before,
      wanted,
      toColumns: (w) => ({
        ...(w.code !== undefined ? { code: w.code } : {}),
        ...(w.name !== undefined ? { name: w.name } : {}),
        ...(w.parentId !== undefined ? { parent_id: w.parentId } : {}),
      }),
      reload: async () => presentCategory((await repo.findCategory(tx.db, id))!),
    });
  });
}

export async function setCategoryArchived(
  ctx: ServiceContext,
  id: string,
  version: number,
  archived: boolean,
): Promise<ProductCategory> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findCategory(tx.db, id);
    if (!row) throw new NotFoundError('product_category', id);
    await setArchived(tx, {
      table: 'product_categories',
      entity: 'product_category',
      id,
      version,
      currentlyArchived: Boolean(row.archived),
      archived,
      check: () => assertTreeAllowsArchiving(tx.db, categoryTree, row, archived),
    });
    return presentCategory((await repo.findCategory(tx.db, id))!);
  });
}

// ---------------------------------------------------------------- products

export async function listProducts(ctx: ServiceContext, query: ProductListQuery): Promise<Page<Product>> {
  assertCan(ctx.actor, 'catalog.read');
  const page = await repo.listProducts(ctx.db, query, query);
  return { items: page.items.map(presentProduct), nextCursor: page.nextCursor };
}

export async function getProduct(ctx: ServiceContext, id: string): Promise<Product> {
  assertCan(ctx.actor, 'catalog.read');
  const row = await repo.findProduct(ctx.db, id);
  if (!row) throw new NotFoundError('product', id);
  return presentProduct(row);
}

async function assertUsableCategory(db: DB, categoryId: string) {
  const category = await repo.findCategory(db, categoryId);
  if (!category) throw invalidReference(['body', 'categoryId'], 'product category does not exist');
  if (category.archived) throw invalidReference(['body', 'categoryId'], 'product category is archived');
}

async function assertModelFree(db: DB, model: string, selfId?: string) {
  const existing = await repo.findProductByModel(db, model);
  if (existing && existing.id !== selfId) {
    const message = `model "${model}" is already in the catalogue`;
    throw new ConflictError('duplicate_model', message, [{ path: ['body', 'model'], message }]);
  }
}

export async function createProduct(ctx: ServiceContext, input: CreateProductRequest): Promise<Product> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    await assertModelFree(tx.db, input.model);
    await assertUsableCategory(tx.db, input.categoryId);
    const defaults = await readCatalogDefaults(tx.db);
    const id = newId();
    await repo.insertProduct(tx.db, {
      id,
      model: input.model,
      name: input.name,
      categoryId: input.categoryId,
      specification: input.specification || null,
      defaultWarrantyMonths: input.defaultWarrantyMonths ?? defaults.defaultWarrantyMonths,
      postRepairWarrantyDays: input.postRepairWarrantyDays ?? defaults.postRepairWarrantyDays,
      now: tx.clock.now().toISOString(),
    });
    const created = presentProduct((await repo.findProduct(tx.db, id))!);
    await recordAudit(tx, { entity: 'product', entityId: id, action: 'create', after: created });
    return created;
  });
}

export async function updateProduct(ctx: ServiceContext, id: string, input: UpdateProductRequest): Promise<Product> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findProduct(tx.db, id);
    if (!row) throw new NotFoundError('product', id);
    const before = presentProduct(row);
    if (input.model !== undefined && input.model !== row.model) await assertModelFree(tx.db, input.model, id);
    if (input.categoryId !== undefined && input.categoryId !== row.category_id)
      await assertUsableCategory(tx.db, input.categoryId);
    const wanted: Partial<Product> = {};
    if (input.model !== undefined) wanted.model = input.model;
    if (input.name !== undefined) wanted.name = input.name;
    if (input.categoryId !== undefined) wanted.categoryId = input.categoryId;
    if (input.specification !== undefined) wanted.specification = input.specification || null;
    if (input.defaultWarrantyMonths !== undefined) wanted.defaultWarrantyMonths = input.defaultWarrantyMonths;
    if (input.postRepairWarrantyDays !== undefined) wanted.postRepairWarrantyDays = input.postRepairWarrantyDays;
    return applyVersionedChange(tx, {
      table: 'products',
      entity: 'product',
      id,
      version: input.version,
      before,
      wanted,
      toColumns: (w) => ({
        ...(w.model !== undefined ? { model: w.model } : {}),
        ...(w.name !== undefined ? { name: w.name } : {}),
        ...(w.categoryId !== undefined ? { category_id: w.categoryId } : {}),
        ...(w.specification !== undefined ? { specification: w.specification } : {}),
        ...(w.defaultWarrantyMonths !== undefined ? { default_warranty_months: w.defaultWarrantyMonths } : {}),
        ...(w.postRepairWarrantyDays !== undefined ? { post_repair_warranty_days: w.postRepairWarrantyDays } : {}),
      }),
      reload: async () => presentProduct((await repo.findProduct(tx.db, id))!),
    });
  });
}

/** Discontinued products stay in the catalogue for the units already sold; new sales cannot pick them. */
export async function setProductStatus(
  ctx: ServiceContext,
  id: string,
  version: number,
  status: 'active' | 'discontinued',
): Promise<Product> {
  assertCan(ctx.actor, 'catalog.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findProduct(tx.db, id);
    if (!row) throw new NotFoundError('product', id);
    const action = status === 'discontinued' ? 'discontinue' : 'reactivate';
    if (row.status === status)
      throw new IllegalTransitionError(row.status, action, [status === 'active' ? 'discontinue' : 'reactivate']);
    if (status === 'active') await assertUsableCategory(tx.db, row.category_id);
    await updateVersioned(tx, 'products', id, version, { status }, 'product');
    await recordAudit(tx, { entity: 'product', entityId: id, action, before: { status: row.status }, after: { status } });
    return presentProduct((await repo.findProduct(tx.db, id))!);
  });
}
