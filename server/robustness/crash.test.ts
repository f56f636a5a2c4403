import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { type DatabaseHandle, openSqlite } from '../db/database.js';
import { ESCALATION_KIND } from '../modules/cases/sla.service.js';
import { prepareDatabase } from '../startup.js';
import { systemClock } from '../platform/clock.js';
import { createTestDatabase, testDialect } from '../testing/database.js';
import { insertLoginUser, loginCookie, type ServerProcess, startServerProcess } from '../testing/server-process.js';

/**
 * Crash safety (issue 6 §6, "nothing is lost"): the server is killed with SIGKILL in the middle of
 * a load of cases being opened, and started again on the same database. Every case whose opening
 * was answered 2xx is there exactly once, with its deadlines, timeline and audit row; no case is
 * half-written; numbering continues; and due work the dead process had claimed but not finished
 * runs exactly once after its lease expires.
 */

const PASSWORD = 'Crash-Test-1!';

interface Target {
  handle: DatabaseHandle;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A database the server process can open too: a file for SQLite, a fresh schema for PostgreSQL. */
async function serverDatabase(): Promise<Target> {
  if (testDialect() === 'postgres') {
    const test = await createTestDatabase();
    return {
      handle: test,
      env: { DATABASE_URL: process.env.TEST_DATABASE_URL!, DATABASE_SCHEMA: test.schema! },
      cleanup: () => test.destroy(),
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'aftersales-crash-'));
  const file = path.join(dir, 'aftersales.db');
  const handle = openSqlite(file);
  return {
    handle,
    env: { DATABASE_URL: file, DATA_DIR: dir },
    cleanup: async () => {
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('crash safety: SIGKILL during a write load', () => {
  let target: Target;
  let server: ServerProcess | undefined;
  const env = () => ({ ...target.env, SWEEPER_INTERVAL_MS: '200', APP_SECRET: 'crash-test-secret-crash-test-secret' });

  beforeAll(async () => {
    target = await serverDatabase();
    const config = loadConfig({ ...process.env, ...env(), NODE_ENV: 'test', SEED_DEMO: 'false' });
    await prepareDatabase(target.handle, config, systemClock);
    await insertLoginUser(target.handle.db, { username: 'crash_agent', displayName: '压力测试客服', password: PASSWORD, roles: ['agent'] });
  });
  afterAll(async () => {
    await server?.kill();
    await target?.cleanup();
  });

  it('every case answered 2xx is there exactly once and whole; claimed due work resumes once', async () => {
    const db = target.handle.db;
    server = await startServerProcess(env());
    let cookie = await loginCookie(server.baseUrl, 'crash_agent', PASSWORD);
    const open = (baseUrl: string, i: number, urgent = false) =>
      fetch(`${baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          type: 'repair',
          channel: 'phone',
          newCustomer: { kind: 'person', name: `来电客户${i}` },
          contactName: `来电客户${i}`,
          contactPhone: `139${String(10_000_000 + i).slice(-8)}`,
          title: `灯具不亮 ${i}`,
          description: '开关后灯具闪烁几下熄灭',
          ...(urgent ? { urgency: 'high' } : {}),
        }),
      });

    // an urgent case whose first escalation step (level 1) the dying process has claimed and not finished
    const urgent = await open(server.baseUrl, 0, true);
    expect(urgent.status).toBe(201);
    const urgentCase = (await urgent.json()).case;
    const claimed = await db
      .selectFrom('due_work')
      .selectAll()
      .where('kind', '=', ESCALATION_KIND)
      .where('state', '=', 'pending')
      .where('payload', 'like', '%"level":1%')
      .where(
        'ref_id',
        'in',
        db.selectFrom('case_deadlines').select('id').where('case_id', '=', urgentCase.id).where('metric', '=', 'customer_contact'),
      )
      .executeTakeFirstOrThrow();
    const leaseUntil = new Date(Date.now() + 3_000).toISOString();
    await db
      .updateTable('due_work')
      .set({ state: 'running', due_at: new Date(Date.now() - 1000).toISOString(), lease_token: 'killed-process', lease_until: leaseUntil, attempts: 1 })
      .where('id', '=', claimed.id)
      .execute();

    // the load: 6 clients opening cases until the server dies under them
    const answered: string[] = [];
    let failedRequests = 0;
    let stop = false;
    let counter = 1;
    const client = async () => {
      while (!stop) {
        const i = counter++;
        try {
          const response = await open(server!.baseUrl, i);
          if (response.status === 201) answered.push((await response.json()).case.id);
          else throw new Error(`unexpected ${response.status}: ${await response.text()}`);
        } catch (error) {
          if (!stop) throw error;
          failedRequests++;
        }
      }
    };
    const clients = Array.from({ length: 6 }, client);
    while (answered.length < 40) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await server.kill();
    await Promise.allSettled(clients);
    expect(answered.length).toBeGreaterThanOrEqual(40);

    // started again on the same database
    server = await startServerProcess(env());
    cookie = await loginCookie(server.baseUrl, 'crash_agent', PASSWORD);

    // every answered case exactly once, and no case anywhere half-written
    const cases = await db.selectFrom('cases').select(['id', 'number']).execute();
    const ids = new Set(cases.map((c) => c.id));
    expect(answered.filter((id) => !ids.has(id))).toEqual([]);
    expect(new Set(answered).size).toBe(answered.length);
    expect(new Set(cases.map((c) => c.number)).size).toBe(cases.length);
    const perCase = await db
      .selectFrom('cases')
      .select((eb) => [
        'cases.id',
        eb.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).where('entity', '=', 'case').where('action', '=', 'create').whereRef('entity_id', '=', 'cases.id').as('audits'),
        eb.selectFrom('case_events').select(sql<number>`count(*)`.as('n')).where('kind', '=', 'created').whereRef('case_id', '=', 'cases.id').as('created_events'),
        eb.selectFrom('case_deadlines').select(sql<number>`count(*)`.as('n')).whereRef('case_id', '=', 'cases.id').as('deadlines'),
        eb.selectFrom('repair_orders').select(sql<number>`count(*)`.as('n')).whereRef('case_id', '=', 'cases.id').as('orders'),
      ])
      .execute();
    for (const row of perCase) {
      expect({ id: row.id, audits: Number(row.audits), created: Number(row.created_events), orders: Number(row.orders) }).toEqual({
        id: row.id,
        audits: 1,
        created: 1,
        orders: 1,
      });
      expect(Number(row.deadlines)).toBeGreaterThan(0);
    }

    // numbering continues after the crash
    const after = await open(server.baseUrl, 99_999);
    expect(after.status).toBe(201);
    const afterNumber: string = (await after.json()).case.number;
    expect(cases.every((c) => c.number < afterNumber)).toBe(true);

    // the claimed escalation step runs once its lease has expired, exactly once
    const deadline = Date.now() + 20_000;
    let row = await db.selectFrom('due_work').selectAll().where('id', '=', claimed.id).executeTakeFirstOrThrow();
    while (row.state !== 'done' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      row = await db.selectFrom('due_work').selectAll().where('id', '=', claimed.id).executeTakeFirstOrThrow();
    }
    expect(row.state).toBe('done');
    expect(row.done_at! >= leaseUntil).toBe(true);
    const warnings = await db
      .selectFrom('case_events')
      .select('id')
      .where('case_id', '=', urgentCase.id)
      .where('kind', '=', 'deadline_warning')
      .execute();
    expect(warnings).toHaveLength(1);
  }, 120_000);
});
