import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../testing/app.js';
import { type DatabaseHandle, openSqlite } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { systemClock } from './clock.js';
import { inTransaction, type ServiceContext } from './context.js';
import { systemActor } from './permissions.js';

/**
 * SQLite file database: commands that arrive while a transaction runs share its COMMIT (group
 * commit, platform/context.ts), each in its own savepoint; reads outside a transaction go to the
 * reader connection (db/database.ts) and see only committed rows, without waiting.
 */
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
