import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../db/dialect.js';
import { ROLES } from '../platform/permissions.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { DEMO_PASSWORD } from './demo-data.js';
import { demoSeedingAllowed, formatDemoLogins, presentDemoLogins, seedDemo, shouldSeedDemoOnStartup } from './seed-demo.js';

const TABLES = [
  'users',
  'user_roles',
  'user_skills',
  'user_regions',
  'departments',
  'regions',
  'staff_grades',
  'product_categories',
  'products',
  'customers',
  'customer_contacts',
  'customer_addresses',
  'orders',
  'order_lines',
  'units',
  // the demo cases (demo-cases.ts) and what the services wrote for them
  'cases',
  'case_events',
  'case_deadlines',
  'repair_orders',
  'warranty_claims',
  'rma_orders',
  'spare_parts',
  'stock_movements',
  'attachments',
  'due_work',
  'outbox_messages',
  'audit_log',
] as const;

describe('demo data', () => {
  let t: TestApp;
  let firstRun: Awaited<ReturnType<typeof seedDemo>>;
  let seconds = 0;

  beforeAll(async () => {
    t = await createTestApp();
    const started = Date.now();
    firstRun = await seedDemo(t.systemContext());
    seconds = (Date.now() - started) / 1000;
  });
  afterAll(async () => t.close());

  async function counts() {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await (t.database.db as any)
        .selectFrom(table)
        .select((eb: any) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  }

  it('creates a believable company in seconds: users for every role, catalogue, a few hundred customers', async () => {
    expect(firstRun.seeded).toBe(true);
    // the demo cases are ~300 service commands of ~40 statements each: on PostgreSQL every statement
    // is a round trip (about 9 s on an idle machine, far more on a busy one)
    expect(seconds).toBeLessThan(dialectOf(t.database.db) === 'postgres' ? 60 : 20);
    const c = await counts();
    expect(c.customers).toBeGreaterThanOrEqual(250);
    expect(c.products).toBeGreaterThanOrEqual(25);
    expect(c.units).toBeGreaterThan(c.customers);
    expect(c.orders).toBeGreaterThan(c.customers);
    const roles = await t.database.db.selectFrom('user_roles').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual([...ROLES].sort());
    const technicians = await t.database.db
      .selectFrom('user_roles')
      .innerJoin('user_skills', 'user_skills.user_id', 'user_roles.user_id')
      .innerJoin('user_regions', 'user_regions.user_id', 'user_roles.user_id')
      // a base to measure the distance to the job from (dispatch ranking)
      .innerJoin('technician_bases', 'technician_bases.user_id', 'user_roles.user_id')
      .select('user_roles.user_id')
      .distinct()
      .where('user_roles.role', '=', 'technician')
      .execute();
    expect(technicians).toHaveLength(6);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await counts();
    const again = await seedDemo(t.systemContext());
    expect(again.seeded).toBe(false);
    expect(await counts()).toEqual(before);
  });

  async function loginAs(username: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = `as_session=${res.cookies.find((c) => c.name === 'as_session')?.value}`;
    return async (url: string) => {
      const page = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(page.statusCode, page.body).toBe(200);
      return page.json();
    };
  }

  it('a department in the middle of its day: cases in every state, made through the services', async () => {
    expect(firstRun.counts.demo_repairs).toBeGreaterThanOrEqual(25);
    expect(firstRun.counts.demo_warranty_claims).toBeGreaterThanOrEqual(5);
    expect(firstRun.counts.demo_consultations).toBeGreaterThanOrEqual(3);
    const db = t.database.db;
    const cases = await db.selectFrom('cases').select(['id', 'type', 'state', 'number', 'created_at', 'waiting_on']).execute();
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const repairStates = new Set(cases.filter((c) => c.type === 'repair').map((c) => c.state));
    for (const state of ['reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'on_site', 'in_progress', 'escalated', 'awaiting_acceptance', 'inspection', 'completed', 'closed', 'cancelled']) {
      expect(repairStates, state).toContain(state);
    }
    expect(cases.some((c) => c.waiting_on === 'parts')).toBe(true);
    // numbered in the order they were opened, over the past weeks
    const repairs = cases.filter((c) => c.type === 'repair').sort((a, b) => a.number.localeCompare(b.number));
    expect(repairs.map((c) => c.created_at)).toEqual([...repairs.map((c) => c.created_at)].sort());
    expect(repairs[0].created_at < '2026-02-10').toBe(true);
    expect(cases.every((c) => c.created_at <= t.clock.now().toISOString())).toBe(true);

    // the work took parts from the technicians' vans, stocked from the warehouses first
    const movements = await db.selectFrom('stock_movements').select('kind').distinct().execute();
    expect(movements.map((m) => m.kind)).toEqual(expect.arrayContaining(['receive', 'issue']));
    const signatures = await db.selectFrom('repair_orders').select('signature_id').where('signature_id', 'is not', null).execute();
    expect(signatures.length).toBeGreaterThanOrEqual(5);
  });

  it("agent1's queues have work: mine, unassigned and overdue", async () => {
    const get = await loginAs('agent1');
    for (const queue of ['mine', 'unassigned', 'overdue']) {
      const page = await get(`/api/v1/cases?queue=${queue}&limit=100`);
      expect(page.items.length, queue).toBeGreaterThan(0);
    }
  });

  it('tech1 has a job today in 我的工单', async () => {
    const get = await loginAs('tech1');
    const jobs = await get('/api/v1/my/jobs');
    expect(jobs.date).toBe('2026-03-02');
    expect(jobs.items.length).toBeGreaterThan(0);
    expect(jobs.items.some((j: any) => j.appointment && j.appointment.start.slice(0, 10) === '2026-03-02')).toBe(true);
  });

  it('warranty: claims in several states, an RMA on its way to the factory, a replacement and a refund', async () => {
    const get = await loginAs('agent1');
    const claims = (await get('/api/v1/cases?type=warranty_claim&limit=100')).items;
    expect(new Set(claims.map((c: any) => c.state)).size).toBeGreaterThanOrEqual(4);
    const rmas = (await get('/api/v1/warranty/rmas?limit=100')).items;
    expect(rmas.map((r: any) => r.state)).toContain('shipped_to_factory');
    const db = t.database.db;
    expect(await db.selectFrom('unit_replacements').select('state').where('state', '=', 'accepted').execute()).toHaveLength(1);
    expect(await db.selectFrom('warranty_refunds').select('state').where('state', '=', 'paid').execute()).toHaveLength(1);
  });

  it("every demo case's timeline starts with 'created'", async () => {
    const events = await t.database.db
      .selectFrom('case_events')
      .select(['case_id', 'kind', 'at', 'id'])
      .orderBy('at')
      .orderBy('id')
      .execute();
    const first = new Map<string, string>();
    for (const e of events) if (!first.has(e.case_id)) first.set(e.case_id, e.kind);
    const cases = await t.database.db.selectFrom('cases').select('id').execute();
    expect(first.size).toBe(cases.length);
    expect([...first.values()].every((kind) => kind === 'created')).toBe(true);
  });

  it('every demo login works with the shared demo password', async () => {
    const logins = await presentDemoLogins(t.database.db);
    expect(logins.map((l) => l.role).sort()).toEqual(expect.arrayContaining([...ROLES]));
    for (const username of ['admin', 'agent1', 'tech1', 'finance']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: DEMO_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
    }
    const table = formatDemoLogins(logins);
    expect(table).toContain('admin');
    expect(table).toContain(DEMO_PASSWORD);
  });

  it('follows the registry rules: codes, pinyin, phone digits, serial numbers, warranty ends', async () => {
    const db = t.database.db;
    const customers = await db
      .selectFrom('customers')
      .select(['code', 'name', 'name_pinyin', 'kind', 'region_id', 'owner_user_id'])
      .execute();
    expect(customers.every((c) => /^KH-\d{4}-\d{6}$/.test(c.code))).toBe(true);
    expect(new Set(customers.map((c) => c.code)).size).toBe(customers.length);
    expect(customers.every((c) => /^[a-z0-9]+ [a-z0-9]+$/.test(c.name_pinyin))).toBe(true);
    expect(customers.every((c) => c.region_id && c.owner_user_id)).toBe(true);
    expect(customers.some((c) => c.kind === 'company' && /有限公司$/.test(c.name))).toBe(true);

    const contacts = await db.selectFrom('customer_contacts').select(['phone', 'phone_digits']).execute();
    expect(contacts.every((c) => c.phone && c.phone_digits === c.phone.replace(/\D/g, ''))).toBe(true);
    expect(contacts.some((c) => /^1[3-9]\d{9}$/.test(c.phone!))).toBe(true);

    const addresses = await db.selectFrom('customer_addresses').select(['latitude', 'longitude', 'region_id']).execute();
    expect(
      addresses.every((a) => a.latitude! > 29 && a.latitude! < 33 && a.longitude! > 118 && a.longitude! < 122 && a.region_id),
    ).toBe(true);

    const units = await db
      .selectFrom('units')
      .innerJoin('products', 'products.id', 'units.product_id')
      .select([
        'units.serial_number',
        'units.purchase_date',
        'units.warranty_end',
        'units.warranty_end_override',
        'units.warranty_override_reason',
        'products.default_warranty_months',
      ])
      .execute();
    expect(units.every((u) => /^HG-(LED|AC|WH|KA|EL)-\d{4}-\d{6}$/.test(u.serial_number))).toBe(true);
    for (const u of units) {
      if (u.warranty_end_override) {
        expect(u.warranty_end).toBe(u.warranty_end_override);
        expect(u.warranty_override_reason).toMatch(/^合同 HT-/);
      } else {
        // N months from the purchase day, the day before the anniversary
        const [y, m, d] = u.purchase_date!.split('-').map(Number);
        const anniversary = new Date(Date.UTC(y, m - 1 + u.default_warranty_months, d));
        if (anniversary.getUTCDate() === d) {
          expect(u.warranty_end).toBe(new Date(anniversary.getTime() - 86_400_000).toISOString().slice(0, 10));
        }
      }
    }
    const today = '2026-03-02';
    expect(units.some((u) => u.warranty_end! >= today)).toBe(true);
    expect(units.some((u) => u.warranty_end! < today)).toBe(true);

    const orders = await db.selectFrom('orders').select(['order_number', 'order_date', 'total_fen']).execute();
    expect(
      orders.every((o) => /^DD-\d{4}-\d{6}$/.test(o.order_number) && o.order_number.slice(3, 7) === o.order_date.slice(0, 4)),
    ).toBe(true);
    expect(orders.every((o) => o.order_date <= today && Number(o.total_fen) > 0)).toBe(true);
  });

  it('writes one audit row for the seed', async () => {
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'demo').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after!).counts.customers).toBeGreaterThan(0);
    expect(audit[0].after).not.toContain('argon2');
  });

  it('decides when to seed: auto only on an empty database, never in production unless SEED_DEMO=true', () => {
    expect(shouldSeedDemoOnStartup({ env: 'development', seedDemo: 'auto' }, true)).toBe(true);
    expect(shouldSeedDemoOnStartup({ env: 'development', seedDemo: 'auto' }, false)).toBe(false);
    expect(shouldSeedDemoOnStartup({ env: 'production', seedDemo: 'auto' }, true)).toBe(false);
    expect(shouldSeedDemoOnStartup({ env: 'production', seedDemo: 'true' }, false)).toBe(true);
    expect(shouldSeedDemoOnStartup({ env: 'development', seedDemo: 'false' }, true)).toBe(false);
    expect(demoSeedingAllowed({ env: 'production', seedDemo: 'auto' })).toBe(false);
    expect(demoSeedingAllowed({ env: 'production', seedDemo: 'true' })).toBe(true);
  });

  it('refuses to seed in production without SEED_DEMO=true', async () => {
    const ctx = t.systemContext();
    await expect(seedDemo({ ...ctx, config: { ...ctx.config, env: 'production', seedDemo: 'auto' } })).rejects.toThrow(
      /production/,
    );
  });
});

describe('demo cases at an odd hour', () => {
  // Sunday 8 March 2026, 06:10 in Shanghai: nobody worked yet today
  const NOW = '2026-03-07T22:10:00.000Z';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    expect((await seedDemo(t.systemContext())).counts.demo_repairs).toBeGreaterThanOrEqual(25);
  });
  afterAll(async () => t.close());

  it('nothing happened after now; work under way started in working hours', async () => {
    const db = t.database.db;
    const late = await db.selectFrom('case_events').select('at').where('at', '>', NOW).execute();
    expect(late).toHaveLength(0);
    const under = await db
      .selectFrom('repair_orders')
      .innerJoin('cases', 'cases.id', 'repair_orders.case_id')
      .select(['repair_orders.work_started_at'])
      .where('cases.state', 'in', ['on_site', 'in_progress'])
      .where('repair_orders.work_started_at', 'is not', null)
      .execute();
    expect(under.length).toBeGreaterThan(0);
    for (const o of under) {
      const hour = (new Date(o.work_started_at!).getUTCHours() + 8) % 24;
      expect(hour, o.work_started_at!).toBeGreaterThanOrEqual(8);
      expect(hour, o.work_started_at!).toBeLessThan(20);
    }
  });
});
