import { sql } from 'kysely';
import { reusableQuery } from '../db/compiled.js';
import type { ServiceContext } from './context.js';

/**
 * Next human number for a kind and year, e.g. `BX-2026-000123`.
 * One atomic upsert: concurrent callers on either dialect never get the same value.
 */
const bumpCounter = reusableQuery('numbering.next', (db, kind: string, year: number, first: number) =>
  db
    .insertInto('counters')
    .values({ kind, year, value: first })
    .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ value: sql`counters.value + 1` }))
    .returning('value'),
);

export async function nextNumber(ctx: ServiceContext, prefix: string, year: number, digits = 6): Promise<string> {
  // compiled once (db/compiled.ts): every case opened takes a number
  const [row] = await bumpCounter(ctx.db, prefix, year, 1);
  if (!row) throw new Error(`no number for ${prefix}-${year}`);
  return `${prefix}-${year}-${String(row.value).padStart(digits, '0')}`;
}
