import { sql } from 'kysely';
import type { ServiceContext } from './context.js';

/**
 * Next human number for a kind and year, e.g. `BX-2026-000123`.
 * One atomic upsert: concurrent callers on either dialect never get the same value.
 */
export async function nextNumber(ctx: ServiceContext, prefix: string, year: number, digits = 6): Promise<string> {
  const row = await ctx.db
    .insertInto('counters')
    .values({ kind: prefix, year, value: 1 })
    .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ value: sql`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${prefix}-${year}-${String(row.value).padStart(digits, '0')}`;
}
