import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openSqlite, WalSync } from './database.js';

/** The SQLite connections (db/database.ts): rows as the app reads them, and stable query plans. */
describe('SQLite file connections', () => {
  let dir: string | null = null;
  let handle: DatabaseHandle | null = null;
  afterEach(async () => {
    await handle?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
    handle = null;
    dir = null;
  });

  function fileWith(setup: (sqlite: SQLite.Database) => void): string {
    dir = mkdtempSync(path.join(tmpdir(), 'aftersales-db-'));
    const file = path.join(dir, 'test.db');
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    setup(sqlite);
    sqlite.close();
    return file;
  }

  it('drops the value samples of ANALYZE (sqlite_stat4) and keeps the row counts (sqlite_stat1)', async () => {
    const file = fileWith((sqlite) => {
      sqlite.exec('create table parts (id text primary key, kind text); create index parts_kind on parts (kind)');
      const insert = sqlite.prepare('insert into parts values (?, ?)');
      for (let i = 0; i < 500; i++) insert.run(`p${i}`, i % 7 === 0 ? 'rare' : 'common');
      sqlite.exec('analyze');
      expect((sqlite.prepare('select count(*) as n from sqlite_stat4').get() as { n: number }).n).toBeGreaterThan(0);
    });
    handle = openSqlite(file);
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(handle!.db)).rows[0].n);
    // with samples, every join with a bound parameter would be compiled again for each new value
    expect(await count('sqlite_stat4')).toBe(0);
    expect(await count('sqlite_stat1')).toBeGreaterThan(0);
  });

  it('reads rows as plain objects with every column, the last of two same-named columns winning', async () => {
    const file = fileWith((sqlite) => {
      sqlite.exec("create table a (id text primary key, name text, n integer); insert into a values ('x', '名称', 3)");
      sqlite.exec("create table b (id text primary key, a_id text, name text); insert into b values ('y', 'x', '另一个')");
    });
    handle = openSqlite(file);
    const { rows } = await sql`select a.*, b.name, b.id as "__proto__" from a join b on b.a_id = a.id`.execute(handle.db);
    expect(rows).toEqual([{ id: 'x', name: '另一个', n: 3, ['__proto__']: 'y' }]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(Object.keys(rows[0] as object)).toEqual(['id', 'name', 'n', '__proto__']);
    // a column added later (the statement is prepared again by SQLite) is read too
    await sql`alter table a add column extra text default 'e'`.execute(handle.db);
    expect((await sql`select a.*, b.name, b.id as "__proto__" from a join b on b.a_id = a.id`.execute(handle.db)).rows).toEqual([
      { id: 'x', name: '另一个', n: 3, ['__proto__']: 'y', extra: 'e' },
    ]);
  });
});

describe('WalSync', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftersales-walsync-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shares one flush among the callers that came while another ran, and never lets a caller ride a flush that began before it', async () => {
    const file = path.join(dir, 'shared-wal');
    writeFileSync(file, 'frames');
    const gates: (() => void)[] = [];
    const sync = new WalSync(file, () => new Promise<void>((resolve) => gates.push(resolve)));
    const first = sync.durable();
    await until(() => gates.length === 1);
    const later = [sync.durable(), sync.durable(), sync.durable()];
    expect(later[1]).toBe(later[0]);
    gates.shift()!();
    await first;
    await until(() => gates.length === 1);
    gates.shift()!();
    await Promise.all(later);
    expect(gates).toEqual([]);
    await sync.close();
  });

  it('tries to open the WAL again after a failed open; a failed flush is final', async () => {
    const file = path.join(dir, 'late-wal');
    let flushes = 0;
    let failFlush = false;
    const sync = new WalSync(file, async () => {
      flushes += 1;
      if (failFlush) throw new Error('EIO');
    });
    await expect(sync.durable()).rejects.toThrow(/ENOENT/);
    writeFileSync(file, 'frames');
    await sync.durable();
    expect(flushes).toBe(1);
    failFlush = true;
    await expect(sync.durable()).rejects.toThrow('EIO');
    failFlush = false;
    await expect(sync.durable()).rejects.toThrow('EIO');
    expect(flushes).toBe(2);
    await sync.close();
  });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}
