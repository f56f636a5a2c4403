import { databaseOf } from '../platform/context.js';
import type { DB } from './database.js';

/**
 * Read-mostly reference data (settings rows, case types, SLA policies, notification templates)
 * cached per database, the way the company calendar is: opening a case read them 8 times, each a
 * statement plus Kysely's work, though they change a few times a year.
 *
 * When a cached value is stale:
 * - a write to a reference table made through this process — by any code, even raw SQL — is seen
 *   by the next read: the connection (server/db/database.ts) bumps `referenceGeneration` when such
 *   a statement runs and again when its transaction ends (commit or rollback), and a value is only
 *   reused while the generation is the one it was loaded under. A value read inside the writing
 *   transaction (or concurrently with it on PostgreSQL) is therefore never reused after its end.
 * - a change made by another instance (another process on the file, another server on PostgreSQL)
 *   is seen within REFERENCE_RECHECK_MS: a value is reloaded when it is older than that.
 * Values are shared between requests: callers must not modify them (they are frozen).
 */
export const REFERENCE_TABLES = ['settings', 'case_types', 'sla_policies', 'notification_templates'] as const;

export const REFERENCE_RECHECK_MS = 1000;

let generation = 0;

/** Bumped whenever reference data may have changed through this process. */
export function referenceGeneration(): number {
  return generation;
}

/** Mark every cached reference value stale (the connections call this; tests may too). */
export function touchReferenceData(): void {
  generation += 1;
}

export type StatementKind = 'reference_write' | 'end_transaction' | 'other';

const WRITE = new RegExp(
  `^\\s*(?:with\\b[\\s\\S]*?\\b)?(?:insert\\s+(?:or\\s+\\w+\\s+)?into|replace\\s+into|update|delete\\s+from|truncate(?:\\s+table)?)\\s+(?:"?\\w+"?\\.)?"?(${REFERENCE_TABLES.join('|')})"?(?:\\s|\\(|$)`,
  'i',
);
const END = /^\s*(?:commit|end|rollback)\s*(?:transaction)?\s*;?\s*$/i;
const kinds = new Map<string, StatementKind>();

/** What a statement means for the cache: a write to a reference table, the end of a transaction, or neither. Cached by text. */
export function statementKind(sqlText: string): StatementKind {
  let kind = kinds.get(sqlText);
  if (kind === undefined) {
    kind = WRITE.test(sqlText) ? 'reference_write' : END.test(sqlText) ? 'end_transaction' : 'other';
    if (kinds.size >= 5000) kinds.clear();
    kinds.set(sqlText, kind);
  }
  return kind;
}

/**
 * Per connection: bump the generation around reference writes and at the end of a transaction
 * that wrote reference data. `before` when the statement starts, `after` when it has finished.
 */
export function referenceWriteTracker() {
  let dirty = false;
  return {
    before(kind: StatementKind) {
      if (kind === 'reference_write') {
        dirty = true;
        touchReferenceData();
      }
    },
    after(kind: StatementKind) {
      if (kind === 'reference_write') touchReferenceData();
      else if (kind === 'end_transaction' && dirty) {
        dirty = false;
        touchReferenceData();
      }
    },
  };
}

interface Entry<T> {
  value: T;
  loadedAt: number;
  generation: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * A cached reader of reference data: `const policiesOf = cachedReference((db, caseType) => …)`.
 * The key is the argument; inside a transaction the cache of its database is used (and filled:
 * see the generation rule above, which makes that safe).
 */
export function cachedReference<T>(load: (db: DB, key: string) => Promise<T>): (db: DB, key: string) => Promise<T> {
  const caches = new WeakMap<DB, Map<string, Entry<T>>>();
  return async (db, key) => {
    const database = databaseOf(db);
    let cache = caches.get(database);
    if (!cache) {
      cache = new Map();
      caches.set(database, cache);
    }
    const started = performance.now();
    const hit = cache.get(key);
    if (hit && hit.generation === generation && started - hit.loadedAt < REFERENCE_RECHECK_MS) return hit.value;
    const loadedUnder = generation;
    const value = deepFreeze(await load(db, key));
    if (cache.size >= 500) cache.clear();
    cache.set(key, { value, loadedAt: started, generation: loadedUnder });
    return value;
  };
}
