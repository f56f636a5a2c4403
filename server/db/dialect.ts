import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The only place that knows the two SQL dialects apart. */
export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types used by migrations, per dialect. Times are ISO-8601 UTC strings in the app. */
export function columnTypes(db: Kysely<any>) {
  const pg = dialectOf(db) === 'postgres';
  return {
    id: 'text' as const,
    timestamp: (pg ? 'timestamptz' : 'text') as 'text',
    date: (pg ? 'date' : 'text') as 'text',
    boolean: (pg ? 'boolean' : 'integer') as 'integer',
    money: (pg ? 'bigint' : 'integer') as 'integer',
    json: 'text' as const,
    real: (pg ? 'double precision' : 'real') as 'real',
    /** binary content (attachments, raw e-mail): Buffer in and out on both dialects */
    blob: (pg ? 'bytea' : 'blob') as 'blob',
  };
}

/** Case-insensitive LIKE on both dialects (ILIKE on PostgreSQL; SQLite's LIKE is already ASCII-insensitive). */
export function likeOperator(db: Kysely<any>): 'ilike' | 'like' {
  return dialectOf(db) === 'postgres' ? 'ilike' : 'like';
}

/** Escape %, _ and \ for a LIKE pattern; use with `escape '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const likeEscape = sql.raw(` escape '\\'`);
