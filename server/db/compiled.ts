import { type Compilable, CompiledQuery } from 'kysely';
import { runningGroupDatabaseOf } from '../platform/context.js';
import { type DB, runOnWriter } from './database.js';
import { dialectOf } from './dialect.js';
import type { Database } from './types.js';

/**
 * Queries compiled once and run many times. Kysely builds and compiles every query afresh: for a
 * wide INSERT or a many-join SELECT that is 30–120 µs of CPU — more than SQLite takes to run it,
 * and about a sixth of the CPU of opening a case (docs/BENCHMARKS.md). For statements whose SQL
 * text does not depend on the values, Kysely compiles a template once per dialect with marker
 * values, and later calls only put the values where the markers were. A template whose parameters
 * are not exactly the markers (a value the builder transformed) is never used: such a query is
 * built by Kysely every time, as before.
 */

interface Template {
  sql: string;
  /** where each parameter comes from: [row or argument index, column name or null] */
  slots: [number, string | null][];
}

const MAX_TEMPLATES = 1000;
const templates = new Map<string, Template | null>();

const marker = (index: number, column: string | null) => `\u0000${index}\u0001${column ?? ''}\u0000`;

/** The slots of a compiled template, or null when a parameter is not one of the markers. */
function slotsOf(compiled: CompiledQuery, markers: Map<string, [number, string | null]>): Template | null {
  const slots: [number, string | null][] = [];
  for (const parameter of compiled.parameters) {
    const slot = typeof parameter === 'string' ? markers.get(parameter) : undefined;
    if (!slot) return null;
    slots.push(slot);
  }
  return { sql: compiled.sql, slots };
}

function remember(key: string, make: () => Template | null): Template | null {
  let template = templates.get(key);
  if (template === undefined) {
    template = make();
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, template);
  }
  return template;
}

/**
 * INSERT rows (all with the same columns and no undefined value) into a table: the same statement
 * as `db.insertInto(table).values(rows).execute()` (with `options`: on conflict do nothing,
 * returning), compiled once per table, column list, number of rows and options.
 */
export async function insertRows(
  db: DB,
  table: keyof Database & string,
  rows: readonly Record<string, unknown>[],
  options: InsertOptions = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const uniform = rows.every((row) => {
    const keys = Object.keys(row);
    return keys.length === columns.length && keys.every((k, i) => k === columns[i] && row[k] !== undefined);
  });
  const template = uniform
    ? remember(`insert\u0000${dialectOf(db)}\u0000${table}\u0000${rows.length}\u0000${columns.join(',')}\u0000${options.ignoreConflictOn ?? ''}\u0000${options.returning ?? ''}`, () => {
        const markers = new Map<string, [number, string | null]>();
        const values = rows.map((_, i) =>
          Object.fromEntries(
            columns.map((c) => {
              markers.set(marker(i, c), [i, c]);
              return [c, marker(i, c)];
            }),
          ),
        );
        return slotsOf(insertQuery(db, table, values, options).compile(), markers);
      })
    : null;
  if (!template) return insertQuery(db, table, rows, options).execute();
  const parameters = template.slots.map(([row, column]) => rows[row][column as string]);
  return run<Record<string, unknown>>(db, template.sql, parameters);
}

/** A compiled statement: inside a running SQLite command straight on the writer, else through Kysely. */
async function run<R>(db: DB, sql: string, parameters: unknown[]): Promise<R[]> {
  const group = runningGroupDatabaseOf(db);
  const direct = group && runOnWriter(group, sql, parameters);
  if (direct) return direct as R[];
  return (await db.executeQuery<R>(CompiledQuery.raw(sql, parameters))).rows;
}

export interface InsertOptions {
  /** `on conflict (column) do nothing` */
  ignoreConflictOn?: string;
  /** `returning column`: the rows inserted (without the ignored ones) */
  returning?: string;
}

function insertQuery(db: DB, table: string, values: readonly Record<string, unknown>[], options: InsertOptions) {
  let query = (db as any).insertInto(table).values(values);
  if (options.ignoreConflictOn) query = query.onConflict((oc: any) => oc.column(options.ignoreConflictOn).doNothing());
  if (options.returning) query = query.returning(options.returning);
  return query as { compile(): CompiledQuery; execute(): Promise<Record<string, unknown>[]> };
}

/**
 * A query whose SQL text never depends on its arguments (they are only compared with or written
 * as values: no `if` on them, no lists of varying length), compiled once per dialect: `const findX = reusableQuery('findX', (db, id: string) =>
 * db.selectFrom(…).where('id', '=', id))`, then `await findX(db, id)` gives the rows.
 */
export function reusableQuery<A extends unknown[], R>(
  name: string,
  build: (db: DB, ...args: A) => Compilable<R>,
): (db: DB, ...args: A) => Promise<R[]> {
  return async (db, ...args) => {
    const template = remember(`query\u0000${dialectOf(db)}\u0000${name}\u0000${args.length}`, () => {
      const markers = new Map<string, [number, string | null]>();
      const markerArgs = args.map((_, i) => {
        markers.set(marker(i, null), [i, null]);
        return marker(i, null);
      }) as unknown as A;
      return slotsOf(build(db, ...markerArgs).compile(), markers);
    });
    if (!template) return (await db.executeQuery(build(db, ...args).compile())).rows as R[];
    const parameters = template.slots.map(([index]) => args[index]);
    return run<R>(db, template.sql, parameters);
  };
}
