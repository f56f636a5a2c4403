import { mkdirSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryCompiler,
  type QueryResult,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import type { DialectName } from './dialect.js';
import { referenceWriteTracker, type StatementKind, statementKind } from './reference-data.js';
import type { Database } from './types.js';

export type DB = Kysely<Database>;

export interface DatabaseHandle {
  db: DB;
  dialect: DialectName;
  /** PostgreSQL schema, when not the default */
  schema?: string;
  destroy(): Promise<void>;
}

/** better-sqlite3 refuses JS booleans: bind them as 1/0, as SQLite stores them. */
function sqliteParameters(parameters: readonly unknown[]): readonly unknown[] {
  for (const value of parameters) {
    if (typeof value === 'boolean') return parameters.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
  }
  return parameters;
}

/** Prepared statements kept per SQLite connection (all are dropped when there are more). */
const STATEMENT_CACHE_SIZE = 2000;

type WriteTracker = ReturnType<typeof referenceWriteTracker>;

/**
 * Rows as plain objects built in JS from better-sqlite3's raw (array) rows. better-sqlite3 makes
 * each row with v8::Object::New(names, values), which looks every column name up in V8's string
 * table for every row and gives an object in dictionary mode — slow to make and slow to read
 * everywhere after. A constructor compiled once per column list gives objects of one fixed shape.
 */
type RowBuilder = (values: unknown[]) => Record<string, unknown>;
const rowBuilders = new Map<string, RowBuilder>();

function rowBuilderOf(names: readonly string[]): RowBuilder {
  const key = names.join('\u0000');
  let builder = rowBuilders.get(key);
  if (!builder) {
    // a later column of the same name wins, as in better-sqlite3's objects; `__proto__` is a
    // computed key so that it is an own property, not the prototype
    const fields = names.map((name, i) => `${name === '__proto__' ? '["__proto__"]' : JSON.stringify(name)}: v[${i}]`);
    builder = new Function('v', `return { ${fields.join(', ')} };`) as RowBuilder;
    if (rowBuilders.size >= STATEMENT_CACHE_SIZE) rowBuilders.clear();
    rowBuilders.set(key, builder);
  }
  return builder;
}

class PreparedStatement implements SqliteStatement {
  readonly reader: boolean;
  /** for the reference-data cache (reference-data.ts): does this statement write reference data or end a transaction? */
  private readonly kind: StatementKind;
  /** statements that return rows are run in raw mode, their rows made by this (see rowBuilderOf) */
  private columnCount = 0;
  private toRow: RowBuilder | null = null;
  constructor(
    readonly statement: SQLite.Statement,
    text: string,
    private readonly tracker: WriteTracker,
  ) {
    this.reader = statement.reader;
    this.kind = statementKind(text);
    if (this.reader) {
      statement.raw(true);
      this.learnColumns();
    }
  }
  /** (again when a schema change made SQLite prepare the statement anew with other columns) */
  private learnColumns() {
    const names = this.statement.columns().map((c) => c.name);
    this.columnCount = names.length;
    this.toRow = rowBuilderOf(names);
  }
  private rowsOf(raw: unknown[][]): Record<string, unknown>[] {
    if (!this.toRow) return raw as unknown as Record<string, unknown>[];
    if (raw.length > 0 && raw[0].length !== this.columnCount) this.learnColumns();
    const toRow = this.toRow as RowBuilder;
    const rows = new Array<Record<string, unknown>>(raw.length);
    for (let i = 0; i < raw.length; i++) rows[i] = toRow(raw[i]);
    return rows;
  }
  all(parameters: readonly unknown[]) {
    if (this.kind === 'other') return this.rowsOf(this.statement.all(sqliteParameters(parameters)) as unknown[][]);
    this.tracker.before(this.kind);
    try {
      return this.rowsOf(this.statement.all(sqliteParameters(parameters)) as unknown[][]);
    } finally {
      this.tracker.after(this.kind);
    }
  }
  run(parameters: readonly unknown[]) {
    if (this.kind === 'other') return this.statement.run(sqliteParameters(parameters));
    this.tracker.before(this.kind);
    try {
      return this.statement.run(sqliteParameters(parameters));
    } finally {
      this.tracker.after(this.kind);
    }
  }
  *iterate(parameters: readonly unknown[]) {
    this.tracker.before(this.kind);
    let iterator: IterableIterator<unknown>;
    try {
      iterator = this.statement.iterate(sqliteParameters(parameters));
    } finally {
      this.tracker.after(this.kind);
    }
    for (const raw of iterator) yield this.rowsOf([raw as unknown[]])[0];
  }
}

/**
 * The better-sqlite3 connection as Kysely's SqliteDialect sees it, with what the dialect lacks:
 * - prepared statements are reused by SQL text. Kysely prepares every query afresh (~50–100 µs
 *   each), which was a sixth of the CPU of opening a case (docs/BENCHMARKS.md). A statement that is
 *   still being iterated (a streamed query) is never handed out twice: a fresh one is prepared.
 * - booleans in bound parameters become 1/0 (on the values, instead of rewriting the syntax tree of
 *   every query as a Kysely plugin would).
 * - writes to reference data are reported to the reference-data cache (reference-data.ts).
 */
interface KyselySqlite extends SqliteDatabase {
  prepare(text: string): PreparedStatement;
}

function sqliteForKysely(sqlite: SQLite.Database): KyselySqlite {
  const statements = new Map<string, PreparedStatement>();
  const tracker = referenceWriteTracker();
  return {
    close: () => sqlite.close(),
    prepare(text: string): PreparedStatement {
      const cached = statements.get(text);
      if (cached && !cached.statement.busy) return cached;
      const prepared = new PreparedStatement(sqlite.prepare(text), text, tracker);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(text, prepared);
      }
      return prepared;
    },
  };
}

/**
 * A file database has two connections: the writer, for transactions and every statement that
 * changes something, and a reader for the read-only statements run outside a transaction. In WAL
 * mode the reader sees the last committed state without waiting, so a request's reads (session,
 * lookups, pages) no longer queue behind another command's open transaction — which is what lets
 * commands arriving meanwhile share its commit (group commit, platform/context.ts). Nothing
 * uncommitted is ever read outside its transaction. `:memory:` (tests) has the writer only.
 */
export function openSqlite(file: string, options: { syncWal?: (wal: FileHandle) => Promise<void> } = {}): DatabaseHandle {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // a file's commits are made durable by WalSync (below) before anyone is told they are done
  sqlite.pragma(inMemory ? 'synchronous = FULL' : 'synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  if (!inMemory) keepPlansStable(sqlite);
  let reader: SQLite.Database | null = null;
  let checkpointer: Checkpointer | null = null;
  let walSync: WalSync | null = null;
  if (!inMemory) {
    reader = new SQLite(file, { readonly: true });
    reader.pragma('busy_timeout = 5000');
    checkpointer = startCheckpointer(file, sqlite);
    walSync = new WalSync(`${path.resolve(file)}-wal`, options.syncWal);
  }
  const writerForKysely = sqliteForKysely(sqlite);
  const dialect =
    reader && walSync
      ? new SplitSqliteDialect(writerForKysely, sqliteForKysely(reader), walSync)
      : new SqliteDialect({ database: writerForKysely });
  const db = new Kysely<Database>({ dialect });
  sqliteFiles.set(db, { writer: writerForKysely, walSync });
  return {
    db,
    dialect: 'sqlite',
    destroy: async () => {
      await checkpointer?.stop();
      await db.destroy();
      await walSync?.close();
    },
  };
}

/**
 * better-sqlite3's SQLite is built with STAT4: once ANALYZE (or `pragma optimize`) has stored value
 * samples in sqlite_stat4, every statement whose plan could depend on a bound value — any join with
 * a parameter in its WHERE — is compiled again each time it is run with another value. That made
 * the case page's read of the case with its joins ~6 times slower (38 µs instead of 7 µs per join
 * query; docs/BENCHMARKS.md). The samples are dropped when a file is opened; the per-index row
 * counts of sqlite_stat1, which the planner needs to choose indexes, are kept.
 */
function keepPlansStable(sqlite: SQLite.Database): void {
  try {
    const hasSamples = sqlite.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get();
    if (!hasSamples || !sqlite.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
    sqlite.exec('delete from sqlite_stat4');
    // reload the statistics of this connection (connections opened later read them afresh)
    sqlite.exec('analyze sqlite_schema');
  } catch {
    // only speed is at stake: a file that cannot be written now (locked, read-only) still opens
  }
}

// ---------------------------------------------------------------------------------------------
// Durable commits without waiting for the disk on the main thread (ADR 0005)
//
// With synchronous=FULL the COMMIT's fsync of the WAL ran on the main thread (better-sqlite3 is
// synchronous): ~3 ms per group commit during which no request was served. The writer now commits
// with synchronous=NORMAL — the WAL frames are written, not yet flushed — and WalSync flushes the
// WAL file with fdatasync on libuv's thread pool. Whoever committed waits for that flush before
// being answered, so what is reported done is on disk exactly as with FULL, and meanwhile the main
// thread serves other requests and runs the next group of commands. SQLite itself still syncs the
// WAL before every checkpoint and its header when it is reused (NORMAL in WAL mode), so the frames
// a checkpoint copies are never unsynced.

/** Flushes the WAL file; one flush covers every commit made before it started. */
export class WalSync {
  private wal: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  /** a flush failed: the kernel may have dropped those pages, so no later commit is reported durable */
  private failure: unknown = null;
  /** the commit of the transaction running now does not wait for the flush (group commit takes it) */
  private deferNext = false;
  private deferred: Promise<void> | null = null;

  constructor(
    private readonly walPath: string,
    private readonly flush: (wal: FileHandle) => Promise<void> = (wal) => wal.datasync(),
  ) {}

  /** Settles once everything written to the WAL before this call is on disk. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.next) return this.next;
    if (!this.running) return this.start();
    // the flush running now may have started before the caller's writes: the next one covers them
    this.next = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    return this.next;
  }

  private start(): Promise<void> {
    this.next = null;
    if (this.failure) return Promise.reject(this.failure);
    const flushed = this.openWal()
      .then((wal) =>
        this.flush(wal).catch((error: unknown) => {
          this.failure ??= error;
          throw error;
        }),
      )
      .finally(() => {
        if (this.running === flushed) this.running = null;
      });
    this.running = flushed;
    return flushed;
  }

  /** The WAL file, opened once; an open that failed (e.g. too many open files) is tried again next time. */
  private openWal(): Promise<FileHandle> {
    this.wal ??= open(this.walPath, 'r+').catch((error: unknown) => {
      this.wal = null;
      throw error;
    });
    return this.wal;
  }

  /** The flush running now, if any, as a promise that settles (never rejects) when it ends. */
  runningFlush(): Promise<void> | null {
    const running = this.running;
    return running ? running.then(
      () => {},
      () => {},
    ) : null;
  }

  /** The next COMMIT returns without waiting; its flush is then taken with takeDeferred(). */
  deferNextCommit(): void {
    this.deferNext = true;
  }

  /** Called by the driver right after a COMMIT: what the committer must wait for. */
  committed(): Promise<void> | null {
    const flushed = this.durable();
    if (!this.deferNext) return flushed;
    this.deferNext = false;
    flushed.catch(() => {}); // its owner (takeDeferred) handles a failure
    this.deferred = flushed;
    return null;
  }

  rolledBack(): void {
    this.deferNext = false;
  }

  takeDeferred(): Promise<void> {
    const flushed = this.deferred ?? Promise.resolve();
    this.deferred = null;
    return flushed;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.running, this.next]);
    const wal = this.wal;
    this.wal = null;
    if (wal) await (await wal.catch(() => null))?.close();
  }
}

/** Per SQLite database: its writer (for statements run inside its transactions) and WAL flusher (none for `:memory:`). */
const sqliteFiles = new WeakMap<DB, { writer: KyselySqlite; walSync: WalSync | null }>();

/**
 * Runs a compiled statement straight on the writer of `database`, whose transaction the caller is
 * inside (platform/context.ts knows which transactions are open), without Kysely's executor: per
 * statement that executor queues on the connection, makes a query id and several promises — about
 * as much CPU as SQLite's own work for the small statements a command runs (compiled.ts).
 * Undefined when `database` is not a SQLite database.
 */
export function runOnWriter(database: DB, sql: string, parameters: readonly unknown[]): Record<string, unknown>[] | undefined {
  const writer = sqliteFiles.get(database)?.writer;
  if (!writer) return undefined;
  const statement = writer.prepare(sql);
  if (statement.reader) return statement.all(parameters);
  statement.run(parameters);
  return [];
}

/** The WAL flusher of a SQLite file database (none for `:memory:` or PostgreSQL). */
export function walSyncOf(db: DB): WalSync | undefined {
  return sqliteFiles.get(db)?.walSync ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// WAL checkpoints off the main thread
//
// SQLite copies the WAL back into the database file (a checkpoint, with its own fsync) inside the
// COMMIT that makes the WAL pass 1000 pages — on the main thread, where it took about half of the
// time of a group's COMMIT (docs/BENCHMARKS.md). A worker thread with its own connection runs a
// PASSIVE checkpoint (never blocks readers or the writer) every CHECKPOINT_INTERVAL_MS instead.
// Durability does not depend on it: every COMMIT is already fsynced in the WAL. Should the worker
// fail, the writer checkpoints itself again (wal_autocheckpoint back to 1000).

const CHECKPOINT_INTERVAL_MS = 200;

interface Checkpointer {
  stop(): Promise<void>;
}

const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
parentPort.postMessage('ready');
`;

function startCheckpointer(file: string, writer: SQLite.Database): Checkpointer {
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  worker.unref();
  let stopped = false;
  const fallBack = () => {
    if (!stopped && writer.open) writer.pragma('wal_autocheckpoint = 1000');
  };
  // the writer stops checkpointing only once the worker runs; if it ever fails, the writer resumes
  worker.once('message', () => {
    if (!stopped && writer.open) writer.pragma('wal_autocheckpoint = 0');
  });
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    async stop() {
      stopped = true;
      // The worker never holds a process open by itself (unref), but closing must finish: with the
      // worker and this timer unref'd, a process whose last other handle had closed exited in the
      // middle of destroy() — the connections were never closed, nor a benchmark's temp file removed.
      worker.ref();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/** SQLite with a writer and a reader connection (see openSqlite). */
class SplitSqliteDialect extends SqliteDialect {
  constructor(
    private readonly writer: KyselySqlite,
    private readonly reader: KyselySqlite,
    private readonly walSync: WalSync,
  ) {
    super({ database: writer });
  }
  override createDriver(): Driver {
    return new SplitSqliteDriver(new SqliteDriver({ database: this.writer }), new SqliteDriver({ database: this.reader }), this.reader, this.walSync);
  }
}

/** A connection handed to Kysely: pinned to the writer during a transaction, else routed per statement. */
class RoutedConnection implements DatabaseConnection {
  /** the writer, locked, while this handle runs a transaction */
  pinned: DatabaseConnection | null = null;
  constructor(private readonly driver: SplitSqliteDriver) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.pinned) return this.pinned.executeQuery(query);
    return this.driver.runAlone(query);
  }
  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    if (this.pinned) {
      yield* this.pinned.streamQuery<R>(query, chunkSize);
      return;
    }
    const target = this.driver.targetOf(query);
    const connection = await target.acquireConnection();
    try {
      yield* connection.streamQuery<R>(query, chunkSize);
    } finally {
      await target.releaseConnection();
    }
  }
}

class SplitSqliteDriver implements Driver {
  constructor(
    private readonly writer: SqliteDriver,
    private readonly reader: SqliteDriver,
    private readonly readerDatabase: KyselySqlite,
    private readonly walSync: WalSync,
  ) {}
  async init() {
    await this.writer.init();
    await this.reader.init();
  }
  /** Read-only statements go to the reader; anything else (or what the reader cannot prepare) to the writer. */
  targetOf(query: CompiledQuery): SqliteDriver {
    try {
      return this.readerDatabase.prepare(query.sql).statement.readonly ? this.reader : this.writer;
    } catch {
      return this.writer;
    }
  }
  async runAlone<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.targetOf(query);
    const connection = await target.acquireConnection();
    let result: QueryResult<R>;
    try {
      result = await connection.executeQuery<R>(query);
    } finally {
      await target.releaseConnection();
    }
    // a write outside a transaction is its own commit: done once it is on disk
    if (target === this.writer) await this.walSync.durable();
    return result;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings) {
    const routed = connection as RoutedConnection;
    routed.pinned = await this.writer.acquireConnection();
    try {
      await this.writer.beginTransaction(routed.pinned);
    } catch (error) {
      await this.writer.releaseConnection();
      routed.pinned = null;
      throw error;
    }
  }
  async commitTransaction(connection: DatabaseConnection) {
    try {
      await this.writer.commitTransaction(this.pinnedOf(connection));
    } catch (error) {
      this.walSync.rolledBack();
      throw error;
    }
    await this.walSync.committed();
  }
  async rollbackTransaction(connection: DatabaseConnection) {
    this.walSync.rolledBack();
    await this.writer.rollbackTransaction(this.pinnedOf(connection));
  }
  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.writer.savepoint(this.pinnedOf(connection), name, compile);
  }
  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.writer.rollbackToSavepoint(this.pinnedOf(connection), name, compile);
  }
  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']) {
    await this.writer.releaseSavepoint(this.pinnedOf(connection), name, compile);
  }
  async releaseConnection(connection: DatabaseConnection) {
    const routed = connection as RoutedConnection;
    if (routed.pinned) {
      routed.pinned = null;
      await this.writer.releaseConnection();
    }
  }
  private pinnedOf(connection: DatabaseConnection): DatabaseConnection {
    const pinned = (connection as RoutedConnection).pinned;
    if (!pinned) throw new Error('no transaction on this connection');
    return pinned;
  }
  async destroy() {
    await this.reader.destroy();
    await this.writer.destroy();
  }
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_DATE = 1082;

/** Rows look the same on both dialects: numbers as numbers, times as ISO strings, dates as YYYY-MM-DD. */
function pgTypeParser(oid: number, format?: any): any {
  switch (oid) {
    case PG_INT8:
    case PG_NUMERIC:
      return (value: string) => Number(value);
    case PG_TIMESTAMPTZ:
    case PG_TIMESTAMP:
      return (value: string) => new Date(value.length === 19 ? `${value}Z` : value).toISOString();
    case PG_DATE:
      return (value: string) => value;
    default:
      return pg.types.getTypeParser(oid, format);
  }
}

function trackReferenceWrites(client: pg.PoolClient): void {
  const tracker = referenceWriteTracker();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as any).query = (...args: unknown[]) => {
    const kind = typeof args[0] === 'string' ? statementKind(args[0]) : 'other';
    if (kind === 'other') return query(...args);
    tracker.before(kind);
    const result = query(...args);
    if (result instanceof Promise) return result.finally(() => tracker.after(kind));
    tracker.after(kind);
    return result;
  };
}

export function openPostgres(url: string, options: { schema?: string; max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: { getTypeParser: pgTypeParser } as any,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  // every write to reference data is reported to the reference-data cache (reference-data.ts)
  pool.on('connect', (client) => trackReferenceWrites(client));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: options.schema, destroy: () => db.destroy() };
}

export function openDatabase(config: AppConfig): DatabaseHandle {
  return config.database.kind === 'postgres'
    ? openPostgres(config.database.url, { schema: config.database.schema })
    : openSqlite(config.database.file);
}
