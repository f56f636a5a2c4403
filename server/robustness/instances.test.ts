import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ESCALATION_KIND } from '../modules/cases/sla.service.js';
import { systemClock } from '../platform/clock.js';
import { prepareDatabase } from '../startup.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../testing/database.js';
import { insertLoginUser, loginCookie, type ServerProcess, startServerProcess } from '../testing/server-process.js';

/**
 * Several instances on one PostgreSQL database (issue 6 §5; ARCHITECTURE: any number of app
 * processes, the database is the only coordination): three server processes on different ports,
 * cases opened across all of them, one killed with SIGKILL in the middle. Nothing answered is
 * lost; every escalation step happens once in total, however many sweepers race for it; every
 * outgoing SMS reaches the gateway (a real HTTP server on loopback), once per message except what
 * the killed process may have had in flight, which carries the same idempotency key.
 */

const PASSWORD = 'Instances-Test-1!';

describe.skipIf(testDialect() !== 'postgres')('several instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const sms: { key: string; to: string }[] = [];
  const gateway = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text) as { to: string };
      sms.push({ key: String(req.headers['idempotency-key']), to: body.to });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', () => resolve()));
    database = await createTestDatabase();
    const config = loadConfig({ ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL, DATABASE_SCHEMA: database.schema, NODE_ENV: 'test', SEED_DEMO: 'false' });
    await prepareDatabase(database, config, systemClock);
    await insertLoginUser(database.db, { username: 'multi_agent', displayName: '多实例客服', password: PASSWORD, roles: ['agent'] });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await database?.destroy();
    await new Promise<void>((resolve) => gateway.close(() => resolve()));
  });

  it('spreads the load over three processes, loses nothing when one dies, escalates and sends once', async () => {
    const db = database.db;
    const env = {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      DATABASE_SCHEMA: database.schema!,
      SWEEPER_INTERVAL_MS: '100',
      APP_SECRET: 'instances-test-secret-instances-test',
      SMS_WEBHOOK_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
    };
    servers.push(...(await Promise.all([0, 1, 2].map(() => startServerProcess(env)))));
    const cookies = await Promise.all(servers.map((s) => loginCookie(s.baseUrl, 'multi_agent', PASSWORD)));

    const answered: string[] = [];
    let refused = 0;
    const open = async (i: number) => {
      const n = i % servers.length;
      try {
        const response = await fetch(`${servers[n].baseUrl}/api/v1/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: cookies[n] },
          body: JSON.stringify({
            type: 'repair',
            channel: 'phone',
            newCustomer: { kind: 'person', name: `多实例客户${i}` },
            contactName: `多实例客户${i}`,
            contactPhone: `137${String(20_000_000 + i).slice(-8)}`,
            title: `射灯频闪 ${i}`,
            urgency: 'high',
          }),
        });
        expect(response.status).toBe(201);
        answered.push((await response.json()).case.id);
      } catch (error) {
        if (n !== 2 || !killed) throw error; // only the killed instance may fail to answer
        refused++;
      }
    };
    let killed = false;
    let next = 0;
    const client = async () => {
      while (next < 90) {
        const i = next++;
        if (i === 45 && !killed) {
          killed = true;
          void servers[2].kill();
        }
        await open(i);
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    expect(answered.length).toBeGreaterThanOrEqual(55);

    const ids = new Set((await db.selectFrom('cases').select('id').execute()).map((c) => c.id));
    expect(answered.filter((id) => !ids.has(id))).toEqual([]);
    const numbers = await db.selectFrom('cases').select('number').execute();
    expect(new Set(numbers.map((c) => c.number)).size).toBe(numbers.length);

    // every level-1 escalation step becomes due now: the two live sweepers race for them
    await db
      .updateTable('due_work')
      .set({ due_at: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', ESCALATION_KIND)
      .where('state', '=', 'pending')
      .where('payload', 'like', '%"level":1%')
      .execute();
    const steps = await db
      .selectFrom('due_work')
      .select(['id', 'ref_id'])
      .where('kind', '=', ESCALATION_KIND)
      .where('payload', 'like', '%"level":1%')
      .execute();
    expect(steps.length).toBeGreaterThanOrEqual(ids.size);
    const settle = Date.now() + 30_000;
    const unfinished = () =>
      db
        .selectFrom('due_work')
        .select(sql<number>`count(*)`.as('n'))
        .where('kind', '=', ESCALATION_KIND)
        .where('payload', 'like', '%"level":1%')
        .where('state', 'in', ['pending', 'running'])
        .executeTakeFirstOrThrow();
    while (Number((await unfinished()).n) > 0 && Date.now() < settle) await new Promise((r) => setTimeout(r, 200));
    expect(Number((await unfinished()).n)).toBe(0);
    const warnings = await db
      .selectFrom('case_events')
      .select(['case_id', sql<number>`count(*)`.as('n')])
      .where('kind', '=', 'deadline_warning')
      .groupBy('case_id')
      .execute();
    // urgent repairs: two deadlines with a warning step each (customer contact, repair within 24 h)
    const perCase = await db
      .selectFrom('case_deadlines')
      .innerJoin('due_work', 'due_work.ref_id', 'case_deadlines.id')
      .select(['case_deadlines.case_id', sql<number>`count(*)`.as('n')])
      .where('due_work.kind', '=', ESCALATION_KIND)
      .where('due_work.payload', 'like', '%"level":1%')
      .groupBy('case_deadlines.case_id')
      .execute();
    const expected = new Map(perCase.map((r) => [r.case_id, Number(r.n)]));
    expect(new Map(warnings.map((w) => [w.case_id, Number(w.n)]))).toEqual(expected);

    // every SMS reaches the gateway; duplicates only from what the killed process had in flight
    const messages = await db.selectFrom('outbox_messages').select(['id', 'recipient']).where('channel', '=', 'sms').execute();
    expect(messages.length).toBeGreaterThanOrEqual(ids.size);
    const delivered = () => new Set(sms.map((m) => m.key)).size;
    const pendingSms = () =>
      db.selectFrom('outbox_messages').select('id').where('channel', '=', 'sms').where('state', '=', 'pending').execute();
    const drained = Date.now() + 30_000;
    while ((await pendingSms()).length > 0 && Date.now() < drained) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1000));
    // what is still 'running' now was claimed by the killed process: its 60 s lease has to run out
    // before another instance takes it over — let that minute pass
    await db
      .updateTable('outbox_messages')
      .set({ lease_until: new Date(Date.now() - 1000).toISOString() })
      .where('channel', '=', 'sms')
      .where('state', '=', 'running')
      .execute();
    const sent = Date.now() + 30_000;
    while (delivered() < messages.length && Date.now() < sent) await new Promise((r) => setTimeout(r, 200));
    expect(new Set(sms.map((m) => m.key))).toEqual(new Set(messages.map((m) => m.id)));
    expect(sms.length - messages.length).toBeLessThanOrEqual(2);
    const states = await db.selectFrom('outbox_messages').select('state').distinct().where('channel', '=', 'sms').execute();
    expect(states.map((s) => s.state)).toEqual(['sent']);
  }, 180_000);
});
