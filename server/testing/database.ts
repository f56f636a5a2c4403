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
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = openPostgres(url, { schema, max: 4 });
  await migrateToLatest(handle.db, schema);
  return {
    ...handle,
    url,
    schema,
    async destroy() {
      await handle.destroy();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema if exists ${schema} cascade`);
      await cleanup.end();
    },
  };
}
