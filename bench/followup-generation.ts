/**
 * Generating the day's follow-up tasks at scale (issue 5, Speed): a SQLite file database (WAL,
 * synchronous=FULL — the app's settings) with 100 000 customers, 200 000 units (two each, bought
 * over the last six years), ~250 000 orders (10 % maintenance), 20 000 cases closed in the last 30
 * days, the default rules of R-FUP-2 and the 2026 company calendar; then the real generator
 * (runGeneration, the function the sweeper's `followup.generate` due work calls):
 *   1. the first run of the day (catches up [7] days: every rule, every cadence step),
 *   2. the same run again (idempotent: nothing new, must be as cheap),
 *   3. the next day's run.
 * Each run is one transaction with its batch inserts and audit row.
 *
 *   npx tsx bench/followup-generation.ts                       # 100 000 customers, 2 units each
 *   npx tsx bench/followup-generation.ts --customers 20000     # smaller
 *   … --keep   keep the database file (path printed)
 *
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { openSqlite } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import * as customersRepo from '../server/modules/customers/customers.repository.js';
import { contactRow, customerRow } from '../server/modules/customers/customers.rows.js';
import * as unitsRepo from '../server/modules/customers/units.repository.js';
import { runGeneration } from '../server/modules/followups/followups.generate.js';
import { fixedClock } from '../server/platform/clock.js';
import type { ServiceContext } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { systemActor } from '../server/platform/permissions.js';
import { ensureReferenceData } from '../server/startup.js';
import { testConfig } from '../server/testing/app.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CUSTOMERS = argValue('--customers', 100_000);
const UNITS_PER_CUSTOMER = argValue('--units-per-customer', 2);
const CLOSED_CASES = argValue('--closed-cases', 20_000);
const KEEP = args.includes('--keep');
// Tuesday 10 March 2026, 06:00 in Shanghai: the morning run
const NOW = '2026-03-09T22:00:00.000Z';
const DAY = 86_400_000;

let seed = 20261123;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const dateKey = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const addMonthsKey = (key: string, months: number) => {
  const [y, m, d] = key.split('-').map(Number);
  const index = y * 12 + m - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'followup-bench-'));
  const file = path.join(dir, 'bench.db');
  const handle = openSqlite(file);
  const db = handle.db;
  await migrateToLatest(db);
  const clock = fixedClock(NOW);
  const ctx: ServiceContext = { db, clock, config: testConfig(), actor: systemActor, requestId: null };
  await ensureReferenceData(ctx);
  const nowMs = clock.now().getTime();
  const nowIso = new Date(nowMs).toISOString();

  const started = performance.now();
  const ownerId = newId();
  await db
    .insertInto('users')
    .values({ id: ownerId, username: 'bench', display_name: '压测客服', password_hash: 'x', email: null, phone: null, department_id: null, grade: null, created_at: nowIso, updated_at: nowIso })
    .execute();
  const categoryId = newId();
  await db.insertInto('product_categories').values({ id: categoryId, code: 'BENCH', name: '压测设备', parent_id: null, created_at: nowIso, updated_at: nowIso }).execute();
  const productId = newId();
  await db
    .insertInto('products')
    .values({ id: productId, model: 'BENCH-1', name: '压测设备', category_id: categoryId, specification: null, default_warranty_months: 36, post_repair_warranty_days: 90, created_at: nowIso, updated_at: nowIso })
    .execute();

  const customerIds: string[] = [];
  const sixYears = 6 * 365 * DAY;
  let orderCount = 0;
  for (let offset = 0; offset < CUSTOMERS; offset += 2000) {
    const customers: customersRepo.CustomerInsert[] = [];
    const contacts: customersRepo.ContactInsert[] = [];
    const units: unitsRepo.UnitInsert[] = [];
    const orders: Record<string, unknown>[] = [];
    for (let i = offset; i < Math.min(offset + 2000, CUSTOMERS); i += 1) {
      const r = rand();
      const customer = customerRow(
        {
          kind: 'company',
          name: `压测客户${i}`,
          class: pick(['A', 'B', 'C', 'C', 'D'] as const),
          keyAccount: r < 0.05,
          veryLargeAccount: r < 0.01,
          doNotDisturb: rand() < 0.02,
          reducedContact: rand() < 0.03,
        },
        { code: `KH-B-${String(i).padStart(7, '0')}`, ownerUserId: null, now: nowIso },
      );
      customers.push(customer);
      customerIds.push(customer.id);
      contacts.push(contactRow(customer.id, { name: `联系人${i}`, phone: `139${String(i).padStart(8, '0')}`, isPrimary: true }, nowIso));
      for (let u = 0; u < UNITS_PER_CUSTOMER; u += 1) {
        const purchase = dateKey(nowMs - Math.floor(rand() * sixYears));
        units.push({
          id: newId(),
          serial_number: `B${String(i).padStart(7, '0')}-${u}`,
          product_id: productId,
          customer_id: customer.id,
          purchase_date: purchase,
          warranty_end: addMonthsKey(purchase, pick([24, 36])),
          created_at: nowIso,
          updated_at: nowIso,
        });
      }
      const orderTotal = 1 + Math.floor(rand() * 4);
      for (let o = 0; o < orderTotal; o += 1) {
        orderCount += 1;
        orders.push({
          id: newId(),
          order_number: `XS-B-${orderCount}`,
          customer_id: customer.id,
          order_date: dateKey(nowMs - Math.floor(rand() * sixYears)),
          contract_number: null,
          kind: rand() < 0.1 ? 'maintenance' : 'sale',
          total_fen: 100_000,
          status: 'completed',
          notes: null,
          version: 1,
          created_at: nowIso,
          updated_at: nowIso,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await customersRepo.insertCustomers(trx as any, customers);
      await customersRepo.insertContacts(trx as any, contacts);
      await unitsRepo.insertUnits(trx as any, units);
      for (const chunk of customersRepo.chunked(orders, 12)) await trx.insertInto('orders').values(chunk as any).execute();
    });
  }

  // cases closed over the last 30 days (80 % repairs)
  for (let offset = 0; offset < CLOSED_CASES; offset += 2000) {
    const cases: Record<string, unknown>[] = [];
    for (let i = offset; i < Math.min(offset + 2000, CLOSED_CASES); i += 1) {
      const closedMs = nowMs - Math.floor(rand() * 30 * DAY);
      const createdIso = new Date(closedMs - 3 * DAY).toISOString();
      const isRepair = rand() < 0.8;
      cases.push({
        id: newId(),
        number: `${isRepair ? 'BX' : 'ZX'}-B-${String(i).padStart(7, '0')}`,
        type: isRepair ? 'repair' : 'consultation',
        state: 'closed',
        channel: 'phone',
        customer_id: pick(customerIds),
        title: '压测工单',
        owner_id: ownerId,
        closed_at: new Date(closedMs).toISOString(),
        resolved_at: new Date(closedMs).toISOString(),
        created_at: createdIso,
        updated_at: createdIso,
      });
    }
    await db.transaction().execute(async (trx) => {
      for (const chunk of customersRepo.chunked(cases, 13)) await trx.insertInto('cases').values(chunk as any).execute();
    });
  }
  await sql`analyze`.execute(db);
  const unitCount = CUSTOMERS * UNITS_PER_CUSTOMER;
  console.log(`data: ${CUSTOMERS} customers, ${unitCount} units, ${orderCount} orders, ${CLOSED_CASES} closed cases in ${((performance.now() - started) / 1000).toFixed(1)} s (${file})`);

  const run = async (label: string) => {
    const t0 = performance.now();
    const result = await runGeneration(ctx);
    const ms = performance.now() - t0;
    console.log(
      `${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  candidates ${result.candidates}, created ${result.created}, merged ${result.merged}, skipped ${result.skipped}, postponed ${result.postponed}, sampled out ${result.sampledOut} (days ${result.from}..${result.to})`,
    );
    return ms;
  };
  const first = await run('first run (7-day catch-up)');
  const again = await run('same run again (idempotent)');
  clock.set(new Date(nowMs + DAY));
  const next = await run('next day');
  const tasks = await db.selectFrom('followup_tasks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const byState = await db.selectFrom('followup_tasks').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  console.log(`tasks: ${tasks.n} (${byState.map((s) => `${s.state} ${s.n}`).join(', ')})`);
  const worst = Math.max(first, again, next);
  console.log(`slowest run ${(worst / 1000).toFixed(2)} s — ${worst < 10_000 ? 'within' : 'OVER'} the 10 s budget`);

  await handle.destroy();
  if (KEEP) console.log(`kept ${file}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
