import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openPostgres, openSqlite } from '../db/database.js';
import type { DialectName } from '../db/dialect.js';
import { migrateToLatest } from '../db/migrate.js';

/** Which database the integration tests run on: PostgreSQL when TEST_DATABASE_URL is set. */
export function testDialect(): DialectName {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite';
}

export interface TestDatabase extends DatabaseHandle {
  /** `postgres` url + schema, for code that opens its own connection */
  url: string;
  schema?: string;
}

/**
 * A fresh, migrated database for one test file: an in-memory SQLite database, or a
 * new schema in the PostgreSQL database named by TEST_DATABASE_URL (dropped on destroy).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = openSqlite(':memory:');
    await migrateToLatest(handle.db);
    return { ...handle, url: ':memory:' };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const handle = openPostgres(url, { schema, max: 4 });
  // Kysely's migrator lists the tables of every schema; another test file dropping its schema at
  // that moment makes the listing fail. Creating, migrating and dropping test schemas take turns.
  await withSchemaLock(url, async (admin) => {
    await admin.query(`create schema ${schema}`);
    await migrateToLatest(handle.db, schema);
  });
  return {
    ...handle,
    url,
    schema,
    async destroy() {
      await handle.destroy();
      await withSchemaLock(url, (admin) => admin.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

/** An arbitrary key for pg_advisory_lock, owned by the test helper. */
const TEST_SCHEMA_LOCK = 7_270_001;

async function withSchemaLock<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEST_SCHEMA_LOCK]);
    return await work(admin);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEST_SCHEMA_LOCK]).catch(() => undefined);
    await admin.end();
  }
}
