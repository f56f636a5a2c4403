import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Working calendar (R-CAL-1): one settings row (time zone, business-hour windows, weekends) and one
 * row per date that differs from the weekly pattern. kind 'normal' is an override that was reset by
 * an admin: the row stays (history, version) and keeps the seed from bringing the date back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('calendar_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // [{"start":"09:00","end":"12:00"}, …]
    .addColumn('business_hours', t.json, (c) => c.notNull())
    // [{"weekday":6,"windows":[…]}] — weekdays with their own windows
    .addColumn('weekday_hours', t.json, (c) => c.notNull().defaultTo('[]'))
    // [0,6]; 0 = Sunday
    .addColumn('weekend_days', t.json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', t.date, (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday', 'normal')`))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('seed', 'admin', 'import')`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addCheckConstraint('calendar_days_name_check', sql`kind = 'normal' or name <> ''`)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
