import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Spare parts (R-PRT): catalogue, stock locations (warehouses, technicians' vans), stock levels with
 * CHECKs so stock can never go negative even if a query were wrong, the append-only movement ledger,
 * and reservations for appointments.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('spare_parts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('specification', 'text')
    .addColumn('unit_of_measure', 'text', (c) => c.notNull())
    .addColumn('category_id', t.id, (c) => c.references('product_categories.id'))
    .addColumn('standard_cost_fen', t.money, (c) => c.notNull().defaultTo(0).check(sql`standard_cost_fen >= 0`))
    .addColumn('min_stock', 'integer', (c) => c.notNull().defaultTo(0).check(sql`min_stock >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'discontinued')`))
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // part numbers are unique ignoring letter case, also under concurrent creates
  await db.schema.createIndex('spare_parts_code_lower_uq').on('spare_parts').unique().expression(sql`lower(code)`).execute();
  await db.schema.createIndex('spare_parts_name_idx').on('spare_parts').columns(['name', 'id']).execute();
  await db.schema.createIndex('spare_parts_category_idx').on('spare_parts').column('category_id').execute();

  await db.schema
    .createTable('part_products')
    .addColumn('part_id', t.id, (c) => c.notNull().references('spare_parts.id'))
    .addColumn('product_id', t.id, (c) => c.notNull().references('products.id'))
    .addPrimaryKeyConstraint('part_products_pk', ['part_id', 'product_id'])
    .execute();
  await db.schema.createIndex('part_products_product_idx').on('part_products').columns(['product_id', 'part_id']).execute();

  await db.schema
    .createTable('stock_locations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('warehouse', 'van')`))
    .addColumn('technician_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('region_id', t.id, (c) => c.references('regions.id'))
    .addColumn('address', 'text')
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    // a van belongs to a technician; a warehouse to nobody
    .addCheckConstraint(
      'stock_locations_van_owner_ck',
      sql`(kind = 'van' and technician_user_id is not null) or (kind = 'warehouse' and technician_user_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex('stock_locations_code_lower_uq')
    .on('stock_locations')
    .unique()
    .expression(sql`lower(code)`)
    .execute();
  await db.schema.createIndex('stock_locations_technician_idx').on('stock_locations').column('technician_user_id').execute();

  await db.schema
    .createTable('stock_levels')
    .addColumn('id', t.id, (c) => c.notNull().unique())
    .addColumn('location_id', t.id, (c) => c.notNull().references('stock_locations.id'))
    .addColumn('part_id', t.id, (c) => c.notNull().references('spare_parts.id'))
    .addColumn('on_hand', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reserved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_quantity', 'integer', (c) => c.check(sql`min_quantity is null or min_quantity >= 0`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('stock_levels_pk', ['location_id', 'part_id'])
    // the backstop: whatever a query does, stock never goes negative and never reserves more than is there
    .addCheckConstraint('stock_levels_on_hand_ck', sql`on_hand >= 0`)
    .addCheckConstraint('stock_levels_reserved_ck', sql`reserved >= 0`)
    .addCheckConstraint('stock_levels_reserved_le_on_hand_ck', sql`reserved <= on_hand`)
    .execute();
  await db.schema.createIndex('stock_levels_part_idx').on('stock_levels').columns(['part_id', 'location_id']).execute();

  await db.schema
    .createTable('stock_movements')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('receive', 'transfer_out', 'transfer_in', 'reserve', 'release', 'issue', 'return', 'adjust', 'count_adjust')`,
        ),
    )
    .addColumn('part_id', t.id, (c) => c.notNull().references('spare_parts.id'))
    .addColumn('location_id', t.id, (c) => c.notNull().references('stock_locations.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('reserved_delta', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_hand_after', 'integer', (c) => c.notNull().check(sql`on_hand_after >= 0`))
    .addColumn('reserved_after', 'integer', (c) => c.notNull().check(sql`reserved_after >= 0`))
    .addColumn('reason', 'text')
    .addColumn('reference_type', 'text')
    .addColumn('reference_id', 'text')
    .addColumn('supplier', 'text')
    .addColumn('actor_id', t.id, (c) => c.references('users.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('transfer_id', t.id)
    .addColumn('reservation_id', t.id)
    .addColumn('request_id', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('stock_movements_at_idx').on('stock_movements').columns(['at', 'id']).execute();
  await db.schema
    .createIndex('stock_movements_part_idx')
    .on('stock_movements')
    .columns(['part_id', 'location_id', 'at'])
    .execute();
  await db.schema.createIndex('stock_movements_location_idx').on('stock_movements').columns(['location_id', 'at']).execute();
  await db.schema
    .createIndex('stock_movements_reference_idx')
    .on('stock_movements')
    .columns(['reference_type', 'reference_id', 'part_id'])
    .execute();
  await db.schema.createIndex('stock_movements_transfer_idx').on('stock_movements').column('transfer_id').execute();

  await db.schema
    .createTable('stock_reservations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('part_id', t.id, (c) => c.notNull().references('spare_parts.id'))
    .addColumn('location_id', t.id, (c) => c.notNull().references('stock_locations.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('issued_quantity', 'integer', (c) => c.notNull().defaultTo(0).check(sql`issued_quantity >= 0`))
    .addColumn('released_quantity', 'integer', (c) => c.notNull().defaultTo(0).check(sql`released_quantity >= 0`))
    .addColumn('reference_type', 'text', (c) => c.notNull())
    .addColumn('reference_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active').check(sql`state in ('active', 'issued', 'released')`))
    .addColumn('note', 'text')
    .addColumn('created_by', t.id, (c) => c.references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('stock_reservations_used_ck', sql`issued_quantity + released_quantity <= quantity`)
    .execute();
  await db.schema
    .createIndex('stock_reservations_reference_idx')
    .on('stock_reservations')
    .columns(['reference_type', 'reference_id', 'state'])
    .execute();
  await db.schema
    .createIndex('stock_reservations_level_idx')
    .on('stock_reservations')
    .columns(['location_id', 'part_id', 'state'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
