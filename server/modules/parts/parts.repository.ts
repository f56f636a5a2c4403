import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import { escapeLike, likeEscape, likeOperator } from '../../db/dialect.js';
import { type PageQuery, paginate } from '../../platform/pagination.js';

/** Kysely queries of the parts catalogue and the stock locations. No rules here. */

// ---------------------------------------------------------------- spare parts

function partQuery(db: DB) {
  return db
    .selectFrom('spare_parts')
    .leftJoin('product_categories', 'product_categories.id', 'spare_parts.category_id')
    .select((eb) => [
      'spare_parts.id',
      'spare_parts.code',
      'spare_parts.name',
      'spare_parts.specification',
      'spare_parts.unit_of_measure',
      'spare_parts.category_id',
      'spare_parts.standard_cost_fen',
      'spare_parts.min_stock',
      'spare_parts.status',
      'spare_parts.notes',
      'spare_parts.version',
      'spare_parts.created_at',
      'spare_parts.updated_at',
      'product_categories.name as category_name',
      eb
        .selectFrom('stock_levels')
        .select((s) => s.fn.coalesce(s.fn.sum<number>('stock_levels.on_hand'), sql<number>`0`).as('n'))
        .whereRef('stock_levels.part_id', '=', 'spare_parts.id')
        .as('on_hand_total'),
      eb
        .selectFrom('stock_levels')
        .select((s) => s.fn.coalesce(s.fn.sum<number>('stock_levels.reserved'), sql<number>`0`).as('n'))
        .whereRef('stock_levels.part_id', '=', 'spare_parts.id')
        .as('reserved_total'),
    ]);
}

export async function findPart(db: DB, id: string) {
  return partQuery(db).where('spare_parts.id', '=', id).executeTakeFirst();
}

export type PartRow = NonNullable<Awaited<ReturnType<typeof findPart>>>;

export async function findPartByCode(db: DB, code: string) {
  return db.selectFrom('spare_parts').select(['id', 'code']).where(sql`lower(code)`, '=', code.toLowerCase()).executeTakeFirst();
}

/** The bare rows of some parts (for stock commands). */
export async function partsByIds(db: DB, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('spare_parts')
    .select(['id', 'code', 'name', 'specification', 'unit_of_measure', 'min_stock', 'status', 'standard_cost_fen'])
    .where('id', 'in', [...ids])
    .execute();
}

export type BarePartRow = Awaited<ReturnType<typeof partsByIds>>[number];

export async function listParts(
  db: DB,
  filter: { q?: string; categoryId?: string; productId?: string; status?: 'active' | 'discontinued' },
  page: PageQuery,
) {
  let query = partQuery(db);
  if (filter.categoryId) query = query.where('spare_parts.category_id', '=', filter.categoryId);
  if (filter.status) query = query.where('spare_parts.status', '=', filter.status);
  if (filter.productId) {
    const productId = filter.productId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('part_products')
          .select('part_products.part_id')
          .whereRef('part_products.part_id', '=', 'spare_parts.id')
          .where('part_products.product_id', '=', productId),
      ),
    );
  }
  if (filter.q) {
    const like = likeOperator(db);
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('spare_parts.code', like, sql<string>`${pattern}${likeEscape}`),
        eb('spare_parts.name', like, sql<string>`${pattern}${likeEscape}`),
        eb('spare_parts.specification', like, sql<string>`${pattern}${likeEscape}`),
      ]),
    );
  }
  return paginate(
    query,
    {
      fields: {
        code: 'spare_parts.code',
        name: 'spare_parts.name',
        createdAt: 'spare_parts.created_at',
        updatedAt: 'spare_parts.updated_at',
      },
      idColumn: 'spare_parts.id',
      defaultSort: 'code',
    },
    page,
  );
}

export async function insertPart(
  db: DB,
  row: {
    id: string;
    code: string;
    name: string;
    specification: string | null;
    unitOfMeasure: string;
    categoryId: string | null;
    standardCostFen: number;
    minStock: number;
    notes: string | null;
    now: string;
  },
) {
  await db
    .insertInto('spare_parts')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      specification: row.specification,
      unit_of_measure: row.unitOfMeasure,
      category_id: row.categoryId,
      standard_cost_fen: row.standardCostFen,
      min_stock: row.minStock,
      status: 'active',
      notes: row.notes,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

/** Products each part fits, for a page of parts. */
export async function productsOfParts(db: DB, partIds: readonly string[]) {
  const result = new Map<string, { id: string; model: string; name: string }[]>();
  if (!partIds.length) return result;
  const rows = await db
    .selectFrom('part_products')
    .innerJoin('products', 'products.id', 'part_products.product_id')
    .select(['part_products.part_id', 'products.id', 'products.model', 'products.name'])
    .where('part_products.part_id', 'in', [...partIds])
    .orderBy('products.model')
    .execute();
  for (const row of rows) {
    const list = result.get(row.part_id) ?? [];
    list.push({ id: row.id, model: row.model, name: row.name });
    result.set(row.part_id, list);
  }
  return result;
}

export async function replacePartProducts(db: DB, partId: string, productIds: readonly string[]) {
  await db.deleteFrom('part_products').where('part_id', '=', partId).execute();
  if (productIds.length) {
    await db
      .insertInto('part_products')
      .values(productIds.map((productId) => ({ part_id: partId, product_id: productId })))
      .execute();
  }
}

export async function existingProductIds(db: DB, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('products')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function findCategory(db: DB, id: string) {
  return db.selectFrom('product_categories').select(['id', 'archived']).where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- stock locations

function locationQuery(db: DB) {
  return db
    .selectFrom('stock_locations')
    .leftJoin('users', 'users.id', 'stock_locations.technician_user_id')
    .leftJoin('regions', 'regions.id', 'stock_locations.region_id')
    .select([
      'stock_locations.id',
      'stock_locations.code',
      'stock_locations.name',
      'stock_locations.kind',
      'stock_locations.technician_user_id',
      'stock_locations.region_id',
      'stock_locations.address',
      'stock_locations.archived',
      'stock_locations.version',
      'stock_locations.created_at',
      'stock_locations.updated_at',
      'users.display_name as technician_name',
      'regions.name as region_name',
    ]);
}

export async function findLocation(db: DB, id: string) {
  return locationQuery(db).where('stock_locations.id', '=', id).executeTakeFirst();
}

export type LocationRow = NonNullable<Awaited<ReturnType<typeof findLocation>>>;

export async function locationsByIds(db: DB, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('stock_locations')
    .select(['id', 'code', 'name', 'kind', 'technician_user_id', 'archived'])
    .where('id', 'in', [...ids])
    .execute();
}

export type BareLocationRow = Awaited<ReturnType<typeof locationsByIds>>[number];

export async function findLocationByCode(db: DB, code: string) {
  return db
    .selectFrom('stock_locations')
    .select(['id', 'code'])
    .where(sql`lower(code)`, '=', code.toLowerCase())
    .executeTakeFirst();
}

export async function listLocations(
  db: DB,
  filter: {
    q?: string;
    kind?: 'warehouse' | 'van';
    technicianUserId?: string;
    regionId?: string;
    archived?: 'active' | 'archived' | 'all';
  },
  page: PageQuery,
) {
  let query = locationQuery(db);
  const archived = filter.archived ?? 'active';
  if (archived !== 'all') query = query.where('stock_locations.archived', '=', archived === 'archived');
  if (filter.kind) query = query.where('stock_locations.kind', '=', filter.kind);
  if (filter.technicianUserId) query = query.where('stock_locations.technician_user_id', '=', filter.technicianUserId);
  if (filter.regionId) query = query.where('stock_locations.region_id', '=', filter.regionId);
  if (filter.q) {
    const like = likeOperator(db);
    const pattern = `%${escapeLike(filter.q)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('stock_locations.code', like, sql<string>`${pattern}${likeEscape}`),
        eb('stock_locations.name', like, sql<string>`${pattern}${likeEscape}`),
        eb('users.display_name', like, sql<string>`${pattern}${likeEscape}`),
      ]),
    );
  }
  return paginate(
    query,
    {
      fields: { code: 'stock_locations.code', name: 'stock_locations.name', createdAt: 'stock_locations.created_at' },
      idColumn: 'stock_locations.id',
      defaultSort: 'code',
    },
    page,
  );
}

export async function insertLocation(
  db: DB,
  row: {
    id: string;
    code: string;
    name: string;
    kind: 'warehouse' | 'van';
    technicianUserId: string | null;
    regionId: string | null;
    address: string | null;
    now: string;
  },
) {
  await db
    .insertInto('stock_locations')
    .values({
      id: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      technician_user_id: row.technicianUserId,
      region_id: row.regionId,
      address: row.address,
      archived: false,
      version: 1,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

/** Units on hand at a location (reserved units are on hand too). */
export async function onHandAt(db: DB, locationId: string): Promise<number> {
  const row = await db
    .selectFrom('stock_levels')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('on_hand'), sql<number>`0`).as('n'))
    .where('location_id', '=', locationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findActiveUser(db: DB, id: string) {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.status'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('user_roles')
            .select('user_roles.user_id')
            .whereRef('user_roles.user_id', '=', 'users.id')
            .where('user_roles.role', '=', 'technician'),
        )
        .as('is_technician'),
    )
    .where('users.id', '=', id)
    .executeTakeFirst();
}

export async function findRegion(db: DB, id: string) {
  return db.selectFrom('regions').select(['id', 'archived']).where('id', '=', id).executeTakeFirst();
}
