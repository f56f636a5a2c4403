import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/** Registry: product catalogue, customers with contacts and addresses, units, orders. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('products')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('model', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category_id', t.id, (c) => c.notNull().references('product_categories.id'))
    .addColumn('specification', 'text')
    .addColumn('default_warranty_months', 'integer', (c) => c.notNull().check(sql`default_warranty_months >= 0`))
    .addColumn('post_repair_warranty_days', 'integer', (c) => c.notNull().check(sql`post_repair_warranty_days >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'discontinued')`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_category_idx').on('products').column('category_id').execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('person', 'company')`))
    .addColumn('name', 'text', (c) => c.notNull())
    // pinyin of the name ("zhang san zs"): sort order agents expect and search by initials
    .addColumn('name_pinyin', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('class', 'text', (c) => c.notNull().defaultTo('C').check(sql`class in ('A', 'B', 'C', 'D')`))
    .addColumn('is_key_account', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('is_very_large_account', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('is_vip', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('owner_user_id', t.id, (c) => c.references('users.id'))
    .addColumn('region_id', t.id, (c) => c.references('regions.id'))
    .addColumn('preferred_channel', 'text', (c) =>
      c.check(sql`preferred_channel is null or preferred_channel in ('phone', 'sms', 'email', 'im', 'letter', 'on_site')`),
    )
    .addColumn('preferred_contact_hours', 'text')
    .addColumn('do_not_disturb', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('reduced_contact', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('tags', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'archived', 'merged')`))
    .addColumn('merged_into_id', t.id, (c) => c.references('customers.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_name_idx').on('customers').column('name').execute();
  await db.schema.createIndex('customers_pinyin_idx').on('customers').columns(['name_pinyin', 'id']).execute();
  await db.schema.createIndex('customers_owner_idx').on('customers').column('owner_user_id').execute();
  await db.schema.createIndex('customers_created_idx').on('customers').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('customer_contacts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().defaultTo('other').check(sql`role in ('technical_lead', 'admin_lead', 'main_user', 'purchaser', 'other')`),
    )
    .addColumn('phone', 'text')
    // digits only, for lookup while the agent types
    .addColumn('phone_digits', 'text')
    .addColumn('email', 'text')
    .addColumn('email_lower', 'text')
    .addColumn('is_primary', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_contacts_customer_idx').on('customer_contacts').column('customer_id').execute();
  await db.schema.createIndex('customer_contacts_phone_idx').on('customer_contacts').column('phone_digits').execute();
  await db.schema.createIndex('customer_contacts_email_idx').on('customer_contacts').column('email_lower').execute();

  await db.schema
    .createTable('customer_addresses')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('label', 'text')
    .addColumn('region_id', t.id, (c) => c.references('regions.id'))
    .addColumn('province', 'text')
    .addColumn('city', 'text')
    .addColumn('district', 'text')
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('postal_code', 'text')
    .addColumn('latitude', t.real, (c) => c.check(sql`latitude is null or (latitude >= -90 and latitude <= 90)`))
    .addColumn('longitude', t.real, (c) => c.check(sql`longitude is null or (longitude >= -180 and longitude <= 180)`))
    .addColumn('is_default', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_addresses_customer_idx').on('customer_addresses').column('customer_id').execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('order_number', 'text', (c) => c.notNull().unique())
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('order_date', t.date, (c) => c.notNull())
    .addColumn('contract_number', 'text')
    .addColumn('kind', 'text', (c) =>
      c.notNull().defaultTo('sale').check(sql`kind in ('sale', 'maintenance', 'project', 'service')`),
    )
    .addColumn('total_fen', t.money, (c) => c.notNull().defaultTo(0).check(sql`total_fen >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('completed').check(sql`status in ('open', 'completed', 'cancelled')`))
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'order_date']).execute();
  await db.schema.createIndex('orders_contract_idx').on('orders').column('contract_number').execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('order_id', t.id, (c) => c.notNull().references('orders.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('product_id', t.id, (c) => c.notNull().references('products.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price_fen', t.money, (c) => c.notNull().check(sql`unit_price_fen >= 0`))
    .addUniqueConstraint('order_lines_order_line_uq', ['order_id', 'line_no'])
    .execute();

  await db.schema
    .createTable('units')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('product_id', t.id, (c) => c.notNull().references('products.id'))
    .addColumn('customer_id', t.id, (c) => c.notNull().references('customers.id'))
    .addColumn('purchase_date', t.date)
    .addColumn('order_id', t.id, (c) => c.references('orders.id'))
    .addColumn('contract_number', 'text')
    .addColumn('installation_address_id', t.id, (c) => c.references('customer_addresses.id'))
    .addColumn('installation_address', 'text')
    // warranty: catalogue default from purchase_date unless the contract overrides it
    .addColumn('warranty_end_override', t.date)
    .addColumn('warranty_override_reason', 'text')
    .addColumn('warranty_end', t.date)
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('in_service').check(sql`status in ('in_service', 'replaced', 'returned', 'scrapped')`),
    )
    .addColumn('replaced_by_unit_id', t.id, (c) => c.references('units.id'))
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('units_product_serial_uq', ['product_id', 'serial_number'])
    .execute();
  await db.schema.createIndex('units_serial_idx').on('units').column('serial_number').execute();
  await db.schema.createIndex('units_customer_idx').on('units').column('customer_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
