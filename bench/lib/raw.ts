/**
 * The physical limit of the database a benchmark runs on, measured by the same script (issue 6
 * item 3): durable single-row inserts (one INSERT of a 300-byte row per transaction — SQLite WAL
 * with synchronous=FULL, PostgreSQL autocommit with synchronous_commit=on) and point lookups (one
 * case row by primary key at a time), each from one connection, as a rate.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { newId } from '../../server/platform/ids.js';
import type { BenchDatabase } from './database.js';

export interface RawRates {
  insertsPerSecond: number;
  lookupsPerSecond: number;
}

export async function rawRates(bench: BenchDatabase, seconds: number, caseIds: string[]): Promise<RawRates> {
  const payload = 'x'.repeat(300);
  if (bench.file) {
    const raw = new SQLite(bench.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    raw.exec('create table if not exists bench_raw_inserts (id text primary key, at text not null, payload text not null)');
    const insert = raw.prepare('insert into bench_raw_inserts (id, at, payload) values (?, ?, ?)');
    const once = raw.transaction(() => insert.run(newId(), new Date().toISOString(), payload));
    const lookup = raw.prepare('select * from cases where id = ?');
    const inserts = timed(seconds, () => once());
    const lookups = timed(seconds, (i) => lookup.get(caseIds[i % caseIds.length]));
    raw.exec('drop table bench_raw_inserts');
    raw.close();
    return { insertsPerSecond: inserts, lookupsPerSecond: lookups };
  }
  const client = new pg.Client({ connectionString: bench.url, options: `-c search_path=${bench.schema}` });
  await client.connect();
  await client.query('create table bench_raw_inserts (id text primary key, at text not null, payload text not null)');
  const inserts = await timedAsync(seconds, () => client.query('insert into bench_raw_inserts (id, at, payload) values ($1, $2, $3)', [newId(), new Date().toISOString(), payload]));
  const lookups = await timedAsync(seconds, (i) => client.query({ name: 'bench_lookup', text: 'select * from cases where id = $1', values: [caseIds[i % caseIds.length]] }));
  await client.query('drop table bench_raw_inserts');
  await client.end();
  return { insertsPerSecond: inserts, lookupsPerSecond: lookups };
}

function timed(seconds: number, run: (i: number) => unknown): number {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) run(n++);
  return (n / (performance.now() - t0)) * 1000;
}

async function timedAsync(seconds: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) await run(n++);
  return (n / (performance.now() - t0)) * 1000;
}
