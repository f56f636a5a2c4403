import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import type { DialectName } from './dialect.js';
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

class PreparedStatement implements SqliteStatement {
  readonly reader: boolean;
  constructor(readonly statement: SQLite.Statement) {
    this.reader = statement.reader;
  }
  all(parameters: readonly unknown[]) {
    return this.statement.all(sqliteParameters(parameters));
  }
  run(parameters: readonly unknown[]) {
    return this.statement.run(sqliteParameters(parameters));
  }
  iterate(parameters: readonly unknown[]) {
    return this.statement.iterate(sqliteParameters(parameters));
  }
}

/**
 * The better-sqlite3 connection as Kysely's SqliteDialect sees it, with what the dialect lacks:
 * - prepared statements are reused by SQL text. Kysely prepares every query afresh (~50–100 µs
 *   each), which was a sixth of the CPU of opening a case (docs/BENCHMARKS.md). A statement that is
 *   still being iterated (a streamed query) is never handed out twice: a fresh one is prepared.
 * - booleans in bound parameters become 1/0 (on the values, instead of rewriting the syntax tree of
 *   every query as a Kysely plugin would).
 */
function sqliteForKysely(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, PreparedStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      const cached = statements.get(text);
      if (cached && !cached.statement.busy) return cached;
      const prepared = new PreparedStatement(sqlite.prepare(text));
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(text, prepared);
      }
      return prepared;
    },
  };
}

export function openSqlite(file: string): DatabaseHandle {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqliteForKysely(sqlite) }) });
  return { db, dialect: 'sqlite', destroy: () => db.destroy() };
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

export function openPostgres(url: string, options: { schema?: string; max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types: { getTypeParser: pgTypeParser } as any,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: options.schema, destroy: () => db.destroy() };
}

export function openDatabase(config: AppConfig): DatabaseHandle {
  return config.database.kind === 'postgres'
    ? openPostgres(config.database.url, { schema: config.database.schema })
    : openSqlite(config.database.file);
}
