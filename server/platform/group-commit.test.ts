import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing/app.js';
import { type DatabaseHandle, openSqlite } from '../db/database.js';
import { insertRows, reusableQuery } from '../db/compiled.js';
import { migrateToLatest } from '../db/migrate.js';
import { systemClock } from './clock.js';
import { inTransaction, type ServiceContext } from './context.js';
import { systemActor } from './permissions.js';

/**
 * SQLite file database: commands that arrive while a transaction runs share its COMMIT (group
 * commit, platform/context.ts), each in its own savepoint; reads outside a transaction go to the
 * reader connection (db/database.ts) and see only committed rows, without waiting.
 */
const countersOfKind = reusableQuery('test.countersOfKind', (db, kind: string) => db.selectFrom('counters').select('kind').where('kind', '=', kind));

describe('group commit on a SQLite file', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let ctx: ServiceContext;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aftersales-group-commit-'));
    handle = openSqlite(path.join(dir, 'test.db'));
    await migrateToLatest(handle.db);
    ctx = { db: handle.db, clock: systemClock, config: testConfig(), actor: systemActor, requestId: null };
  });
  afterAll(async () => {
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const counter = (kind: string) => ({ kind, year: 2026, value: 1 });
  const committed = async (kinds: string[]) =>
    (await handle.db.selectFrom('counters').select('kind').where('kind', 'in', kinds).orderBy('kind').execute()).map((r) => r.kind);

  it('a failing command is undone alone; the others are kept and answered after the COMMIT', async () => {
    const seenAtAnswer: Record<string, string[]> = {};
    const command = (kind: string, fail = false) =>
      inTransaction(ctx, async (tx) => {
        await tx.db.insertInto('counters').values(counter(kind)).execute();
        // outside the transaction nothing uncommitted is visible, and reading does not wait for it
        expect(await committed([kind])).toEqual([]);
        if (fail) throw new Error(`${kind} refused`);
        return kind;
      }).then(async (value) => {
        seenAtAnswer[value] = await committed(['GA', 'GB', 'GC']);
        return value;
      });
    const result = await Promise.allSettled([command('GA'), command('GB', true), command('GC')]);
    expect(result.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((result[1] as PromiseRejectedResult).reason.message).toBe('GB refused');
    expect(await committed(['GA', 'GB', 'GC'])).toEqual(['GA', 'GC']);
    // when a command is answered, its rows (and those of its group) are committed already
    expect(seenAtAnswer.GA).toEqual(['GA', 'GC']);
    expect(seenAtAnswer.GC).toEqual(['GA', 'GC']);
  });

  it('compiled statements of a command (run straight on the writer) are undone with it, and see its own writes', async () => {
    const command = (kind: string, fail: boolean) =>
      inTransaction(ctx, async (tx) => {
        await insertRows(tx.db, 'counters', [counter(kind)]);
        const seen = await countersOfKind(tx.db, kind);
        if (fail) throw new Error(`${kind} refused`);
        return seen.length;
      });
    const outcome = await Promise.allSettled([command('GJ', false), command('GK', true), command('GL', false)]);
    expect(outcome.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([1, 'failed', 1]);
    expect(await committed(['GJ', 'GK', 'GL'])).toEqual(['GJ', 'GL']);
  });

  it('commands share one transaction: each sees the ones before it', async () => {
    const first = inTransaction(ctx, (tx) => tx.db.insertInto('counters').values(counter('GD')).execute());
    const second = inTransaction(ctx, async (tx) =>
      (await tx.db.selectFrom('counters').select('kind').where('kind', '=', 'GD').execute()).length,
    );
    await first;
    expect(await second).toBe(1);
  });

  it('when the transaction itself is lost, no command of the group is reported done', async () => {
    const kept = inTransaction(ctx, (tx) => tx.db.insertInto('counters').values(counter('GE')).execute());
    // a command that ends the whole transaction under the others' feet
    const wrecker = inTransaction(ctx, async (tx) => {
      await tx.db.insertInto('counters').values(counter('GF')).execute();
      await sql`rollback`.execute(tx.db);
      throw new Error('wrecked');
    });
    const outcome = await Promise.allSettled([kept, wrecker]);
    expect(outcome.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await committed(['GE', 'GF'])).toEqual([]);
    // and the connection works on
    await inTransaction(ctx, (tx) => tx.db.insertInto('counters').values(counter('GG')).execute());
    expect(await committed(['GG'])).toEqual(['GG']);
  });

  it('nested inTransaction joins the command; a plain write outside waits for the writer', async () => {
    await inTransaction(ctx, async (tx) => {
      await inTransaction(tx, (inner) => inner.db.insertInto('counters').values(counter('GH')).execute());
    });
    await handle.db.insertInto('counters').values(counter('GI')).execute();
    expect(await committed(['GH', 'GI'])).toEqual(['GH', 'GI']);
  });
});

/**
 * The WAL is flushed off the main thread (db/database.ts WalSync, ADR 0005): a command is committed
 * with synchronous=NORMAL and answered only once a flush that started after its COMMIT has finished;
 * the next group runs meanwhile. A flush that fails fails its commands and every later commit.
 */
describe('answers wait for the WAL flush', () => {
  let dir: string;
  let handle: DatabaseHandle;
  let ctx: ServiceContext;
  /** flushes asked for and not yet let through */
  const pending: { release: () => void; fail: (error: Error) => void }[] = [];
  let flushes = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aftersales-wal-sync-'));
    handle = openSqlite(path.join(dir, 'test.db'), {
      syncWal: (wal) =>
        new Promise<void>((resolve, reject) => {
          flushes += 1;
          pending.push({ release: () => wal.datasync().then(resolve, reject), fail: reject });
        }),
    });
    const migrating = migrateToLatest(handle.db);
    // migrations commit too: let their flushes through
    const releaser = setInterval(() => pending.splice(0).forEach((p) => p.release()), 1);
    await migrating;
    clearInterval(releaser);
    pending.splice(0).forEach((p) => p.release());
    ctx = { db: handle.db, clock: systemClock, config: testConfig(), actor: systemActor, requestId: null };
  });
  afterAll(async () => {
    pending.splice(0).forEach((p) => p.release());
    await handle.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert = (kind: string) => inTransaction(ctx, (tx) => tx.db.insertInto('counters').values({ kind, year: 2026, value: 1 }).execute());
  const committed = async (kinds: string[]) =>
    (await handle.db.selectFrom('counters').select('kind').where('kind', 'in', kinds).orderBy('kind').execute()).map((r) => r.kind);
  const until = async (check: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 2500 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await check()).toBe(true);
  };

  it('a command is answered only after its flush; commands arriving meanwhile run, and share the next commit', async () => {
    const before = flushes;
    const answered = new Set<string>();
    const command = (kind: string) => insert(kind).then(() => answered.add(kind));
    const first = command('WA');
    await until(() => pending.length === 1);
    // committed (the reader sees it) but not reported done while its flush is running
    expect(await committed(['WA'])).toEqual(['WA']);
    expect(answered.size).toBe(0);
    // the next commands run now, but their flush could not start before WA's ends: their group
    // waits for it before its COMMIT, so that more commands can join
    let ran = 0;
    const next = ['WB', 'WC', 'WD'].map((kind) => inTransaction(ctx, async (tx) => {
      await tx.db.insertInto('counters').values({ kind, year: 2026, value: 1 }).execute();
      ran += 1;
    }).then(() => answered.add(kind)));
    await until(() => ran === 3);
    expect(await committed(['WB', 'WC', 'WD'])).toEqual([]);
    pending.shift()!.release();
    await first;
    expect([...answered]).toEqual(['WA']);
    await until(() => pending.length === 1);
    expect(await committed(['WB', 'WC', 'WD'])).toEqual(['WB', 'WC', 'WD']);
    expect([...answered]).toEqual(['WA']);
    pending.shift()!.release();
    await Promise.all(next);
    // one commit and one flush for the three
    expect(flushes - before).toBe(2);
  });

  it('a write outside a transaction returns once it is flushed', async () => {
    let done = false;
    const write = handle.db.insertInto('counters').values({ kind: 'WF', year: 2026, value: 1 }).execute().then(() => (done = true));
    await until(() => pending.length === 1);
    expect(await committed(['WF'])).toEqual(['WF']);
    expect(done).toBe(false);
    pending.shift()!.release();
    await write;
  });

  it('a failed flush fails its commands and every later commit; reads go on', async () => {
    const lost = insert('WG');
    await until(() => pending.length === 1);
    pending.shift()!.fail(new Error('EIO: flush failed'));
    await expect(lost).rejects.toThrow('EIO: flush failed');
    await expect(insert('WH')).rejects.toThrow('EIO: flush failed');
    expect(await committed(['WG'])).toEqual(['WG']);
  });
});
