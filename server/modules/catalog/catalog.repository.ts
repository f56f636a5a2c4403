import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { likeOperator } from '../../db/dialect.js';
import { type ArchivedFilter, archivedWanted, containsPattern, countActiveChildren, treeParents } from '../../db/registry-queries.js';
import { type PageQuery, paginate } from '../../platform/pagination.js';

/** Kysely queries of the product catalogue. No rules here. */

export type { ArchivedFilter };

// ---------------------------------------------------------------- categories

export async function findCategory(db: DB, id: string) {
  return db.selectFrom('product_categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCategoryByCode(db: DB, code: string) {
  return db.selectFrom('product_categories').selectAll().where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

export async function categoryParents(db: DB): Promise<Map<string, string | null>> {
  return treeParents(db, 'product_categories');
}

export async function countActiveChildCategories(db: DB, id: string): Promise<number> {
  return countActiveChildren(db, 'product_categories', id);
}

export async function listCategories(
  db: DB,
  filter: { q?: string; parentId?: string; archived?: ArchivedFilter },
  page: PageQuery,
) {
  let query = db.selectFrom('product_categories').selectAll('product_categories');
  const archived = archivedWanted(filter.archived);
  if (archived !== undefined) query = query.where('product_categories.archived', '=', archived);
  if (filter.parentId) query = query.where('product_categories.parent_id', '=', filter.parentId);
  if (filter.q) {
    const like = likeOperator(db);
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('product_categories.name', like, pattern), eb('product_categories.code', like, pattern)]),
    );
  }
  return paginate(
    query,
    {
      fields: { code: 'product_categories.code', name: 'product_categories.name', createdAt: 'product_categories.created_at' },
      idColumn: 'product_categories.id',
      defaultSort: 'code',
    },
    page,
  );
}

export async function insertCategory(
  db: DB,
  row: { id: string; code: string; name: string; parentId: string | null; now: string },
) {
  await db
    .insertInto('product_categories')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      parent_id: row.parentId,
      archived: false,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

// ---------------------------------------------------------------- products

const productColumns = [
  'products.id',
  'products.model',
  'products.name',
  'products.category_id',
  'products.specification',
  'products.default_warranty_months',
  'products.post_repair_warranty_days',
  'products.status',
  'products.version',
  'products.created_at',
  'products.updated_at',
  'product_categories.name as category_name',
] as const;

export async function findProduct(db: DB, id: string) {
  return db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select(productColumns)
    .where('products.id', '=', id)
    .executeTakeFirst();
}

export type ProductRow = NonNullable<Awaited<ReturnType<typeof findProduct>>>;

export async function findProductByModel(db: DB, model: string) {
  return db.selectFrom('products').select(['id', 'model']).where(sql`lower(model)`, '=', model.toLowerCase()).executeTakeFirst();
}

export async function listProducts(
  db: DB,
  filter: { q?: string; categoryId?: string; status?: 'active' | 'discontinued' },
  page: PageQuery,
) {
  let query = db
    .selectFrom('products')
    .innerJoin('product_categories', 'product_categories.id', 'products.category_id')
    .select(productColumns);
  if (filter.categoryId) query = query.where('products.category_id', '=', filter.categoryId);
  if (filter.status) query = query.where('products.status', '=', filter.status);
  if (filter.q) {
    const like = likeOperator(db);
    const pattern = containsPattern(filter.q);
    query = query.where((eb) => eb.or([eb('products.model', like, pattern), eb('products.name', like, pattern)]));
  }
  return paginate(
    query,
    {
      fields: { model: 'products.model', name: 'products.name', createdAt: 'products.created_at' },
      idColumn: 'products.id',
      defaultSort: 'model',
    },
    page,
  );
}

export async function insertProduct(
  db: DB,
  row: {
    id: string;
    model: string;
    name: string;
    categoryId: string;
    specification: string | null;
    defaultWarrantyMonths: number;
    postRepairWarrantyDays: number;
    now: string;
  },
) {
  await db
    .insertInto('products')
    .values({
      id: row.id,
      model: row.model,
      name: row.name,
      category_id: row.categoryId,
      specification: row.specification,
      default_warranty_months: row.defaultWarrantyMonths,
      post_repair_warranty_days: row.postRepairWarrantyDays,
      status: 'active',
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

// ---------------------------------------------------------------- settings

export async function findSetting(db: DB, key: string) {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Insert a setting that did not exist yet; false when someone else inserted it first. */
export async function insertSettingIfMissing(db: DB, key: string, value: unknown, version: number, now: string) {
  const result = await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value), version, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Compare-and-set on the setting's version; false when it was stale. */
export async function updateSettingVersioned(db: DB, key: string, expectedVersion: number, value: unknown, now: string) {
  const result = await db
    .updateTable('settings')
    .set({ value: JSON.stringify(value), version: expectedVersion + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
