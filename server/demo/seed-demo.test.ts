import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(seconds).toBeLessThan(20);
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
