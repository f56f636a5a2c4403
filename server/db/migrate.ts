import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m20261123_01 from './migrations/2026-11-23-01-platform.js';
import * as m20261123_02 from './migrations/2026-11-23-02-calendar.js';
import * as m20261123_03 from './migrations/2026-11-23-03-registry.js';
import * as m20261123_04 from './migrations/2026-11-23-04-staff.js';
import * as m20261123_13 from './migrations/2026-11-23-13-customer-lookup.js';
import * as m20261123_20 from './migrations/2026-11-23-20-due-work.js';
import * as m20261123_21 from './migrations/2026-11-23-21-cases.js';
import * as m20261123_22 from './migrations/2026-11-23-22-parts.js';
import * as m20261123_23 from './migrations/2026-11-23-23-repairs.js';
import * as m20261123_24 from './migrations/2026-11-23-24-warranty.js';
import * as m20261123_25 from './migrations/2026-11-23-25-attachments-mail.js';
import * as m20261123_26 from './migrations/2026-11-23-26-case-speed.js';
import * as m20261123_27 from './migrations/2026-11-23-27-complaints.js';
import * as m20261123_28 from './migrations/2026-11-23-28-followups.js';
import * as m20261123_29 from './migrations/2026-11-23-29-dashboard.js';
import * as m20261123_30 from './migrations/2026-11-23-30-complaint-compensation.js';
import * as m20261123_31 from './migrations/2026-11-23-31-open-cases-of-owner.js';

/** Migrations in order; each file is dated and never edited after it lands. */
const migrations: Record<string, Migration> = {
  '2026-11-23-01-platform': m20261123_01,
  '2026-11-23-02-calendar': m20261123_02,
  '2026-11-23-03-registry': m20261123_03,
  '2026-11-23-04-staff': m20261123_04,
  '2026-11-23-13-customer-lookup': m20261123_13,
  '2026-11-23-20-due-work': m20261123_20,
  '2026-11-23-21-cases': m20261123_21,
  '2026-11-23-22-parts': m20261123_22,
  '2026-11-23-23-repairs': m20261123_23,
  '2026-11-23-24-warranty': m20261123_24,
  '2026-11-23-25-attachments-mail': m20261123_25,
  '2026-11-23-26-case-speed': m20261123_26,
  '2026-11-23-27-complaints': m20261123_27,
  '2026-11-23-28-followups': m20261123_28,
  '2026-11-23-29-dashboard': m20261123_29,
  '2026-11-23-30-complaint-compensation': m20261123_30,
  '2026-11-23-31-open-cases-of-owner': m20261123_31,
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
