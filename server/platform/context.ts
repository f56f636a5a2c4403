import type { AppConfig } from '../config.js';
import type { DB } from '../db/database.js';
import type { Clock } from './clock.js';
import type { Actor } from './permissions.js';

/** What every service function receives: explicit dependencies, no container. */
export interface ServiceContext {
  db: DB;
  clock: Clock;
  config: AppConfig;
  actor: Actor;
  requestId: string | null;
}

/** The same context running inside a transaction. */
export type TxContext = ServiceContext;

/**
 * One transaction per command: the callback gets a context whose db is the transaction.
 * Called inside a transaction already, it joins it, so services compose into one command.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: TxContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  return ctx.db.transaction().execute((trx) => {
    transactionDatabases.set(trx, ctx.db);
    return work({ ...ctx, db: trx as unknown as DB });
  });
}

/** The database each transaction opened by inTransaction runs on. */
const transactionDatabases = new WeakMap<object, DB>();

/**
 * The database a handle belongs to — itself, or for a transaction (of inTransaction) the database it
 * runs on — so per-database caches (e.g. the company calendar) also serve code inside a transaction.
 */
export function databaseOf(db: DB): DB {
  return transactionDatabases.get(db) ?? db;
}
