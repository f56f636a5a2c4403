import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/** Upper bound for a prefix range: the highest code point sorts after every character in byte order. */
const HIGHEST = '\u{10FFFF}';

/**
 * `column` starts with `prefix`, written as an index-friendly range
 * (`column >= prefix and column < prefix || U+10FFFF`) instead of `LIKE 'prefix%'`.
 * Case-sensitive by design: store normalised values (lower-cased e-mail, digits-only phone,
 * upper-cased serial) and normalise the query the same way. On PostgreSQL the comparison uses
 * COLLATE "C" so it is byte order like SQLite and matches the expression indexes of migration
 * 2026-11-23-13.
 */
export function startsWith(db: Kysely<any>, column: string, prefix: string): Expression<SqlBool> {
  const ref = dialectOf(db) === 'postgres' ? sql`${sql.ref(column)} collate "C"` : sql.ref(column);
  return sql<SqlBool>`(${ref} >= ${prefix} and ${ref} < ${prefix + HIGHEST})`;
}

/** The ORDER BY that matches `startsWith` (same collation), so the prefix index also gives the order. */
export function prefixOrder(db: Kysely<any>, column: string): Expression<string> {
  return dialectOf(db) === 'postgres' ? sql<string>`${sql.ref(column)} collate "C"` : sql<string>`${sql.ref(column)}`;
}
