import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Lookup-as-you-type for the customer registry (R-REQ-4): the agent on the phone types the last
 * four digits of a phone number, pinyin initials or the start of a serial number, and the answer
 * must come from an index at 100k customers. Every lookup is a prefix range
 * (`col >= q and col < q || U+10FFFF`, see server/db/text-prefix.ts):
 *  - customers.name_initials ("zs" for 张三) — prefix search by pinyin initials;
 *  - customer_contacts.phone_digits_reversed ("4321…" for …1234) — "last four digits" as a prefix.
 * And the order a Chinese phone book uses: customers.name_sort = pinyin syllables separated by
 * spaces ("chen chao"), so every 陈 (chen) comes before 程 (cheng) — name_pinyin ("chenchao cc")
 * would interleave them.
 * On PostgreSQL the prefix ranges compare with COLLATE "C" (byte order, like SQLite), so they get
 * matching expression indexes whatever the database's default collation is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('customers')
    .addColumn('name_initials', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('customers')
    .addColumn('name_sort', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('customer_contacts').addColumn('phone_digits_reversed', 'text').execute();
  await db.schema.createIndex('customers_name_sort_idx').on('customers').columns(['name_sort', 'id']).execute();

  if (dialectOf(db) === 'postgres') {
    const indexes: [string, string, string][] = [
      ['customers_initials_c_idx', 'customers', 'name_initials'],
      ['customers_pinyin_c_idx', 'customers', 'name_pinyin'],
      ['customers_name_c_idx', 'customers', 'name'],
      ['customers_code_c_idx', 'customers', 'code'],
      ['customer_contacts_phone_c_idx', 'customer_contacts', 'phone_digits'],
      ['customer_contacts_phone_rev_c_idx', 'customer_contacts', 'phone_digits_reversed'],
      ['customer_contacts_email_c_idx', 'customer_contacts', 'email_lower'],
      ['units_serial_c_idx', 'units', 'serial_number'],
    ];
    for (const [name, table, column] of indexes) {
      await sql`create index ${sql.id(name)} on ${sql.table(table)} (${sql.ref(column)} collate "C")`.execute(db);
    }
  } else {
    await db.schema.createIndex('customers_initials_idx').on('customers').column('name_initials').execute();
    await db.schema
      .createIndex('customer_contacts_phone_rev_idx')
      .on('customer_contacts')
      .column('phone_digits_reversed')
      .execute();
  }
  await db.schema.createIndex('units_product_idx').on('units').column('product_id').execute();
  await db.schema.createIndex('order_lines_order_idx').on('order_lines').column('order_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
