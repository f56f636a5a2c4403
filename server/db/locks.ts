import { sql } from 'kysely';
import type { DB } from './database.js';
import { dialectOf } from './dialect.js';

/**
 * Serialize transactions that check-then-write the same business key (e.g. "how much of this part
 * may still be returned to this case"), where no single row carries the check. PostgreSQL: a
 * transaction-level advisory lock on the key's hash, held until COMMIT/ROLLBACK. SQLite: nothing to
 * do — it runs one write transaction at a time. Take several keys in sorted order (no deadlock).
 */
export async function lockBusinessKeys(db: DB, keys: readonly string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
  }
}
