import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * The compensation agreed with a complainant (R-CMP-6, R-CST-1 "customer compensation (agreed
 * amount)"), in fen: recorded with the resolution until cost lines per case exist.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('complaints')
    .addColumn('compensation_fen', t.money, (c) => c.check(sql`compensation_fen is null or compensation_fen > 0`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
