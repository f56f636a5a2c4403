import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/testing/app.js';
import { BENCH_PASSWORD, BENCH_USERS, type CompanyStats, generateCompany } from './company.js';

/**
 * The benchmark data must stay what the modules would have written: the pages the load scripts
 * measure answer over it (a generated row the app cannot show would be a 500 in the middle of a
 * benchmark, or a benchmark of an error page). Small company, both databases.
 */
describe('generated benchmark company', () => {
  let t: TestApp;
  let stats: CompanyStats;
  const cookies: Record<string, string> = {};
  const get = async (as: keyof typeof BENCH_USERS, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: cookies[as] } });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    const now = new Date();
    t = await createTestApp({ now: now.toISOString() });
    stats = await generateCompany(t.database, { cases: 3000, nowMs: now.getTime() });
    for (const [key, username] of Object.entries(BENCH_USERS)) {
      const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: BENCH_PASSWORD } });
      expect(login.statusCode).toBe(200);
      cookies[key] = `as_session=${login.cookies.find((c) => c.name === 'as_session')?.value}`;
    }
  }, 240_000);
  afterAll(async () => t?.close());

  it('has the sizes asked for, open and overdue cases among them', async () => {
    expect(stats.cases).toBe(3000);
    const cases = await t.database.db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(cases.n)).toBe(3000);
    expect(stats.open).toBeGreaterThan(0);
    expect(stats.overdue).toBeGreaterThan(0);
  });

  it('every kind of generated case opens on its case page, repair cases with their repair order', async () => {
    const sample = await t.database.db.selectFrom('cases').select(['id', 'type']).orderBy('number').execute();
    for (const type of ['repair', 'consultation', 'warranty_claim', 'complaint', 'return']) {
      const ofType = sample.filter((c) => c.type === type);
      expect(ofType.length, type).toBeGreaterThan(0);
      for (const c of ofType.slice(0, 5)) expect((await get('agent', `/api/v1/cases/${c.id}`)).id).toBe(c.id);
    }
    for (const c of sample.filter((c) => c.type === 'repair').slice(0, 20)) await get('agent', `/api/v1/cases/${c.id}/repair`);
  });

  it('hangs the service history off the cases: a complaint per complaint case, a claim per warranty claim or return, a stock ledger that adds up', async () => {
    const db = t.database.db;
    const count = async (table: 'complaints' | 'warranty_claims' | 'followup_tasks' | 'stock_movements') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const casesOf = async (types: string[]) =>
      Number((await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).where('type', 'in', types).executeTakeFirstOrThrow()).n);
    expect(await count('complaints')).toBe(await casesOf(['complaint']));
    expect(await count('warranty_claims')).toBe(await casesOf(['warranty_claim', 'return']));
    expect(await count('followup_tasks')).toBeGreaterThan(0);
    expect(await count('stock_movements')).toBeGreaterThan(0);
    const ledger = await db
      .selectFrom('stock_movements')
      .select(['location_id', 'part_id', (eb) => eb.fn.sum<number>('quantity').as('total')])
      .groupBy(['location_id', 'part_id'])
      .execute();
    const levels = await db.selectFrom('stock_levels').select(['location_id', 'part_id', 'on_hand']).execute();
    const onHand = new Map(levels.map((l) => [`${l.location_id}|${l.part_id}`, l.on_hand]));
    expect(ledger.length).toBeGreaterThan(0);
    for (const row of ledger) expect(onHand.get(`${row.location_id}|${row.part_id}`) ?? 0).toBe(Number(row.total));
  });

  it('the queues, lookups, dashboard, follow-up queue and monthly complaint view answer with figures', async () => {
    expect((await get('agent', '/api/v1/cases?queue=mine')).items.length).toBeGreaterThan(0);
    expect((await get('agent', '/api/v1/cases?queue=overdue')).items.length).toBeGreaterThan(0);
    const unit = await t.database.db.selectFrom('units').select('serial_number').executeTakeFirstOrThrow();
    expect((await get('agent', `/api/v1/customers/lookup?q=${unit.serial_number.slice(0, 8)}`)).items.length).toBeGreaterThan(0);
    expect((await get('manager', '/api/v1/dashboard')).followUpsToday).toBeGreaterThan(0);
    expect((await get('agent', '/api/v1/followups/queue')).items.length).toBeGreaterThan(0);
    expect((await get('quality', '/api/v1/complaints/capa')).items.length).toBeGreaterThan(0);
    const month = new Date(Date.now() + 8 * 3_600_000);
    month.setUTCDate(1);
    month.setUTCMonth(month.getUTCMonth() - 1);
    const monthly = await get('quality', `/api/v1/complaints/monthly?month=${month.toISOString().slice(0, 7)}`);
    expect(monthly.total).toBeGreaterThan(0);
    expect(monthly.byCategory.length).toBeGreaterThan(0);
    const closedComplaint = await t.database.db.selectFrom('cases').select('id').where('type', '=', 'complaint').where('state', '=', 'closed').executeTakeFirstOrThrow();
    await get('quality', `/api/v1/complaints/${closedComplaint.id}`);
  });
});
