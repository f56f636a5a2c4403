import { CompiledQuery, type Transaction } from 'kysely';
import type { AppConfig } from '../config.js';
import { type DB, walSyncOf } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/types.js';
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
 * On SQLite the commands waiting for the connection share one COMMIT (group commit, below); each
 * still sees exactly its own all-or-nothing outcome.
 */
export async function inTransaction<T>(ctx: ServiceContext, work: (tx: TxContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx);
  if (dialectOf(ctx.db) === 'sqlite') return inGroupCommit(ctx, work);
  return ctx.db.transaction().execute((trx) => {
    transactionDatabases.set(trx, ctx.db);
    return work({ ...ctx, db: trx as unknown as DB });
  });
}

// ---------------------------------------------------------------------------------------------
// Group commit (SQLite)
//
// SQLite has one writer and better-sqlite3 runs every statement, the COMMIT's fsync included, on
// the main thread: one durable commit per command cost ~1 ms of that thread (more on a busy disk),
// and wrote the shared pages (indexes, counters) again each time. Commands that arrive while a
// transaction is running now queue; the next transaction runs them one after another, each inside
// its own SAVEPOINT, and COMMITs once:
// - a command that fails is rolled back to its savepoint: its writes are undone, the others keep
//   theirs, and it fails with its own error;
// - every command is answered only after the COMMIT and its WAL flush (nothing is reported done
//   before it is durable; the flush runs off the main thread while the next group runs, ADR 0005);
//   if the COMMIT or the flush fails, every command of the group fails;
// - commands still run one at a time, in arrival order, each seeing the ones before it, exactly
//   as when each had its own transaction behind the connection's lock.

/** The event loop's next turn (taken at load: a test faking timers must not stall every command). */
const nextTurn: (callback: () => void) => unknown = globalThis.setImmediate;

/** At most this many commands share a commit (bounds the wait of the first). */
export const GROUP_COMMIT_MAX = 32;

interface QueuedCommand {
  ctx: ServiceContext;
  work: (tx: TxContext) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface CommitGroup {
  queue: QueuedCommand[];
  running: boolean;
}

const commitGroups = new WeakMap<DB, CommitGroup>();

function inGroupCommit<T>(ctx: ServiceContext, work: (tx: TxContext) => Promise<T>): Promise<T> {
  let group = commitGroups.get(ctx.db);
  if (!group) {
    group = { queue: [], running: false };
    commitGroups.set(ctx.db, group);
  }
  const queued = group;
  return new Promise<T>((resolve, reject) => {
    queued.queue.push({ ctx, work, resolve: resolve as (value: unknown) => void, reject });
    if (!queued.running) void runGroups(ctx.db, queued);
  });
}

const SAVEPOINT = CompiledQuery.raw('savepoint command');
const RELEASE = CompiledQuery.raw('release savepoint command');
const ROLLBACK_TO = CompiledQuery.raw('rollback to savepoint command');

async function runGroups(db: DB, group: CommitGroup): Promise<void> {
  group.running = true;
  const walSync = walSyncOf(db);
  try {
    while (group.queue.length > 0) {
      const taken: QueuedCommand[] = [];
      const outcomes: { ok: boolean; value: unknown }[] = [];
      try {
        await db.transaction().execute(async (trx) => {
          transactionDatabases.set(trx, db);
          groupTransactions.set(trx, db);
          try {
            // commands that queued while this transaction waited for the connection join it
            for (;;) {
              await runQueued(trx, group, taken, outcomes);
              if (taken.length >= GROUP_COMMIT_MAX) break;
              // better-sqlite3 runs a whole command without yielding to I/O: let the requests that are
              // ready now (other sockets) reach their command and join before the COMMIT (one turn)
              await new Promise<void>((resolve) => nextTurn(resolve));
              if (group.queue.length > 0) continue;
              // The previous group's WAL flush still runs: this group's flush could not start before
              // it ends, so committing now would answer no one sooner. Commands that arrive meanwhile
              // join this group instead of making a group (and a commit) of their own.
              const flushing = walSync?.runningFlush();
              if (!flushing) break;
              await flushing;
              if (group.queue.length === 0) break;
            }
          } finally {
            groupTransactions.delete(trx);
          }
          // the COMMIT does not wait for the disk: the next group runs while this one's WAL is flushed
          walSync?.deferNextCommit();
        });
      } catch (error) {
        // the transaction itself failed (COMMIT, or undoing a command): nothing of the group is kept.
        // If it could not even begin, the waiting commands fail with it (no retry loop).
        const failed = taken.length > 0 ? taken : group.queue.splice(0);
        failed.forEach((command) => command.reject(error));
        continue;
      }
      const answer = () =>
        taken.forEach((command, i) => (outcomes[i].ok ? command.resolve(outcomes[i].value) : command.reject(outcomes[i].value)));
      // every command is answered once its commit is on disk; if the flush fails, none is reported done
      if (walSync) void walSync.takeDeferred().then(answer, (error: unknown) => taken.forEach((command) => command.reject(error)));
      else answer();
    }
  } finally {
    group.running = false;
  }
}

/** Run the queued commands (up to the group's limit), each in its own savepoint. */
async function runQueued(
  trx: Transaction<Database>,
  group: CommitGroup,
  taken: QueuedCommand[],
  outcomes: { ok: boolean; value: unknown }[],
): Promise<void> {
  while (group.queue.length > 0 && taken.length < GROUP_COMMIT_MAX) {
    const command = group.queue.shift() as QueuedCommand;
    taken.push(command);
    await trx.executeQuery(SAVEPOINT);
    try {
      const value = await command.work({ ...command.ctx, db: trx as unknown as DB });
      await trx.executeQuery(RELEASE);
      outcomes.push({ ok: true, value });
    } catch (error) {
      // undo this command only (if even that fails, the whole group fails: runGroups)
      await trx.executeQuery(ROLLBACK_TO);
      await trx.executeQuery(RELEASE);
      outcomes.push({ ok: false, value: error });
    }
  }
}

/** The database each transaction opened by inTransaction runs on. */
const transactionDatabases = new WeakMap<object, DB>();

/** Group-commit transactions (SQLite) while their commands run, with their database. */
const groupTransactions = new WeakMap<object, DB>();

/**
 * The SQLite database whose group transaction `db` is, while its commands run: statements on it
 * may go straight to that database's writer (db/compiled.ts). Undefined for anything else.
 */
export function runningGroupDatabaseOf(db: DB): DB | undefined {
  return groupTransactions.get(db);
}

/**
 * The database a handle belongs to — itself, or for a transaction (of inTransaction) the database it
 * runs on — so per-database caches (e.g. the company calendar) also serve code inside a transaction.
 */
export function databaseOf(db: DB): DB {
  return transactionDatabases.get(db) ?? db;
}
