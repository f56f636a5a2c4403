import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m20261123_01 from './migrations/2026-11-23-01-platform.js';
import * as m20261123_02 from './migrations/2026-11-23-02-calendar.js';
import * as m20261123_03 from './migrations/2026-11-23-03-registry.js';
import * as m20261123_04 from './migrations/2026-11-23-04-staff.js';

/** Migrations in order; each file is dated and never edited after it lands. */
const migrations: Record<string, Migration> = {
  '2026-11-23-01-platform': m20261123_01,
  '2026-11-23-02-calendar': m20261123_02,
  '2026-11-23-03-registry': m20261123_03,
  '2026-11-23-04-staff': m20261123_04,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** `schema`: the PostgreSQL schema the app lives in, when not the default (tests use one per file). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider(), migrationTableSchema: schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
