import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { cancelDueWork, type DueWorkHandlers, rescheduleDueWork, retryDelayMs, runDueWork, scheduleDueWork } from './due-work.js';
import { deliverOutbox, enqueueMessage } from './outbox.js';

describe('due work and outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
  });
  afterAll(async () => t.close());

  const deps = () => ({ db: t.database.db, clock: t.clock, config: t.config });
  /** a handler whose effect is countable: bump a counter row */
  const bump = (kind: string): DueWorkHandlers => ({
    [kind]: async (tx) => {
      await tx.db
        .insertInto('counters')
        .values({ kind, year: 0, value: 1 })
        .onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ value: sql`counters.value + 1` }))
        .execute();
    },
  });
  const countOf = async (kind: string) =>
    (await t.database.db.selectFrom('counters').select('value').where('kind', '=', kind).executeTakeFirst())?.value ?? 0;

  it('runs work when due, once, and scheduling the same key twice is a no-op', async () => {
    const ctx = t.systemContext();
    expect(await scheduleDueWork(ctx, { kind: 'ping', dedupeKey: 'ping:1', dueAt: '2026-03-02T03:00:00.000Z' })).toBe(true);
    expect(await scheduleDueWork(ctx, { kind: 'ping', dedupeKey: 'ping:1', dueAt: '2026-03-02T03:00:00.000Z' })).toBe(false);
    expect(await runDueWork(deps(), bump('ping'))).toEqual({ done: 0, retried: 0, failed: 0 });
    t.clock.set('2026-03-02T03:00:00.000Z');
    expect((await runDueWork(deps(), bump('ping'))).done).toBe(1);
    expect((await runDueWork(deps(), bump('ping'))).done).toBe(0);
    expect(await countOf('ping')).toBe(1);
  });

  it('two instances sweeping at once do each piece of work exactly once', async () => {
    const ctx = t.systemContext();
    for (let i = 0; i < 40; i++) await scheduleDueWork(ctx, { kind: 'race', dedupeKey: `race:${i}`, dueAt: t.clock.now().toISOString() });
    const results = await Promise.all([runDueWork(deps(), bump('race')), runDueWork(deps(), bump('race')), runDueWork(deps(), bump('race'))]);
    expect(results.reduce((n, r) => n + r.done, 0)).toBe(40);
    expect(await countOf('race')).toBe(40);
  });

  it('a failing handler is retried with backoff and its effects rolled back, then marked failed', async () => {
    const ctx = t.systemContext();
    await scheduleDueWork(ctx, { kind: 'flaky', dedupeKey: 'flaky:1', dueAt: t.clock.now().toISOString(), maxAttempts: 2 });
    const failing: DueWorkHandlers = {
      flaky: async (tx) => {
        await tx.db.insertInto('counters').values({ kind: 'flaky-effect', year: 0, value: 1 }).onConflict((oc) => oc.columns(['kind', 'year']).doUpdateSet({ value: sql`counters.value + 1` })).execute();
        throw new Error('SMTP down');
      },
    };
    expect(await runDueWork(deps(), failing)).toEqual({ done: 0, retried: 1, failed: 0 });
    expect(await countOf('flaky-effect')).toBe(0);
    const row = await t.database.db.selectFrom('due_work').selectAll().where('dedupe_key', '=', 'flaky:1').executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
    expect(row.last_error).toBe('SMTP down');
    expect(new Date(row.due_at).getTime() - t.clock.now().getTime()).toBe(retryDelayMs(1));
    t.clock.advance(retryDelayMs(1));
    expect(await runDueWork(deps(), failing)).toEqual({ done: 0, retried: 0, failed: 1 });
    t.clock.advance(3_600_000);
    expect(await runDueWork(deps(), failing)).toEqual({ done: 0, retried: 0, failed: 0 });
  });

  it('work claimed by an instance that died is taken over after the lease expires', async () => {
    const ctx = t.systemContext();
    await scheduleDueWork(ctx, { kind: 'crash', dedupeKey: 'crash:1', dueAt: t.clock.now().toISOString() });
    // simulate an instance that claimed the row and then died
    await t.database.db
      .updateTable('due_work')
      .set({ state: 'running', lease_token: 'dead-instance', lease_until: new Date(t.clock.now().getTime() + 60_000).toISOString(), attempts: 1 })
      .where('dedupe_key', '=', 'crash:1')
      .execute();
    expect((await runDueWork(deps(), bump('crash'))).done).toBe(0);
    t.clock.advance(61_000);
    expect((await runDueWork(deps(), bump('crash'))).done).toBe(1);
    expect(await countOf('crash')).toBe(1);
  });

  it('cancel and reschedule only touch pending work', async () => {
    const ctx = t.systemContext();
    const later = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    await scheduleDueWork(ctx, { kind: 'esc', refId: 'case-1', dedupeKey: 'esc:case-1:1', dueAt: later });
    await scheduleDueWork(ctx, { kind: 'esc', refId: 'case-1', dedupeKey: 'esc:case-1:2', dueAt: later });
    const muchLater = new Date(t.clock.now().getTime() + 7_200_000).toISOString();
    expect(await rescheduleDueWork(ctx, 'esc:case-1:2', muchLater)).toBe(true);
    expect(await cancelDueWork(ctx, { dedupeKey: 'esc:case-1:1' })).toBe(1);
    t.clock.advance(3_600_000);
    expect((await runDueWork(deps(), bump('esc'))).done).toBe(0);
    t.clock.advance(3_600_000);
    expect((await runDueWork(deps(), bump('esc'))).done).toBe(1);
    expect(await cancelDueWork(ctx, { refId: 'case-1' })).toBe(0);
  });

  it('outbox: delivers, retries a failing channel, dies after the last try, dedupes', async () => {
    const ctx = t.systemContext();
    const sent: string[] = [];
    await enqueueMessage(ctx, { channel: 'email', recipient: 'kehu@example.com', subject: '您的报修已受理', body: '尊敬的客户…', dedupeKey: 'mail:1' });
    expect(await enqueueMessage(ctx, { channel: 'email', recipient: 'kehu@example.com', body: 'dup', dedupeKey: 'mail:1' })).toBeNull();
    await enqueueMessage(ctx, { channel: 'sms', recipient: '13900000000', body: '短信', maxAttempts: 2 });
    const senders = {
      email: async (m: any) => void sent.push(`${m.recipient}:${m.subject}`),
      sms: async () => {
        throw new Error('gateway 503');
      },
    };
    expect(await deliverOutbox(deps(), senders)).toEqual({ sent: 1, retried: 1, dead: 0 });
    expect(sent).toEqual(['kehu@example.com:您的报修已受理']);
    t.clock.advance(retryDelayMs(1));
    expect(await deliverOutbox(deps(), senders)).toEqual({ sent: 0, retried: 0, dead: 1 });
    const dead = await t.database.db.selectFrom('outbox_messages').selectAll().where('channel', '=', 'sms').executeTakeFirstOrThrow();
    expect(dead.state).toBe('dead');
    expect(dead.last_error).toBe('gateway 503');
  });

  it('outbox: a channel without a sender waits untouched until one is configured', async () => {
    const ctx = t.systemContext();
    const id = await enqueueMessage(ctx, { channel: 'im_webhook', recipient: 'https://hooks.example/robot', body: '新工单' });
    for (let i = 0; i < 8; i++) {
      await deliverOutbox(deps(), {});
      t.clock.advance(3_600_000);
    }
    const waiting = await t.database.db.selectFrom('outbox_messages').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ state: 'pending', attempts: 0 });
    const delivered: string[] = [];
    expect((await deliverOutbox(deps(), { im_webhook: async (m) => void delivered.push(m.body) })).sent).toBe(1);
    expect(delivered).toEqual(['新工单']);
  });
});
