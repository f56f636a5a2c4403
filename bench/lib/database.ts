/**
 * The database a benchmark runs on: a SQLite file in a temp dir (optionally copied from a template
 * kept by an earlier run, so every run starts from the same rows) or a fresh PostgreSQL schema
 * (BENCH_DATABASE_URL=postgres://…; dropped after unless kept).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openPostgres, openSqlite } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { newId } from '../../server/platform/ids.js';

export interface BenchDatabase {
  handle: DatabaseHandle;
  label: string;
  /** the rows came from an earlier run (template or kept schema) */
  generated: boolean;
  /** SQLite file */
  file?: string;
  /** PostgreSQL */
  url?: string;
  schema?: string;
  /** environment for a server process on the same database */
  serverEnv: Record<string, string>;
  /** keep the generated rows for later runs (SQLite: a template file) */
  saveTemplate(): Promise<void>;
  cleanup(): Promise<void>;
}

const TEMPLATES = '/tmp/aftersales-bench';

export async function openBenchDatabase(options: { name: string; reuse: boolean; keep: boolean; schema?: string }): Promise<BenchDatabase> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url?.startsWith('postgres')) {
    const kept = options.schema;
    const schema = kept ?? `bench_${newId().replace(/-/g, '').slice(-8)}`;
    if (!kept) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
    }
    const handle = openPostgres(url, { schema, max: 10 });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      label: `PostgreSQL (schema ${schema}${kept ? ', rows of an earlier run' : ''})`,
      generated: Boolean(kept),
      url,
      schema,
      serverEnv: { DATABASE_URL: url, DATABASE_SCHEMA: schema },
      saveTemplate: async () => {},
      cleanup: async () => {
        await handle.destroy();
        if (options.keep || kept) return console.log(`kept schema ${schema} (--schema ${schema})`);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'aftersales-bench-'));
  const file = path.join(dir, 'aftersales.db');
  const template = `${TEMPLATES}/${options.name}.template.db`;
  const generated = options.reuse && existsSync(template);
  if (generated) copyFileSync(template, file);
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  return {
    handle,
    label: `SQLite ${file}${generated ? ` (rows from ${template})` : ''}`,
    generated,
    file,
    serverEnv: { DATABASE_URL: file },
    saveTemplate: async () => {
      mkdirSync(TEMPLATES, { recursive: true });
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
      rmSync(template, { force: true });
      await sql`vacuum into ${template}`.execute(handle.db);
    },
    cleanup: async () => {
      await handle.destroy();
      if (options.keep) return console.log(`kept ${file}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
