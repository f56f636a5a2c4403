import type { Kysely } from 'kysely';

// Placeholder: filled by the module that owns these tables before it lands.
export async function up(_db: Kysely<any>): Promise<void> {}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
