import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/** Staff: grades, skills (product categories) and regions of users. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('staff_grades')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_skills')
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('category_id', t.id, (c) => c.notNull().references('product_categories.id'))
    .addColumn('level', 'integer', (c) => c.notNull().defaultTo(3).check(sql`level between 1 and 5`))
    .addPrimaryKeyConstraint('user_skills_pk', ['user_id', 'category_id'])
    .execute();
  await db.schema.createIndex('user_skills_category_idx').on('user_skills').columns(['category_id', 'user_id']).execute();

  await db.schema
    .createTable('user_regions')
    .addColumn('user_id', t.id, (c) => c.notNull().references('users.id'))
    .addColumn('region_id', t.id, (c) => c.notNull().references('regions.id'))
    .addPrimaryKeyConstraint('user_regions_pk', ['user_id', 'region_id'])
    .execute();
  await db.schema.createIndex('user_regions_region_idx').on('user_regions').columns(['region_id', 'user_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
