/**
 * Opening cases through the real HTTP API at scale (issue 3, Speed): a file database with 10 000
 * customers and units and 100 000 existing cases (deadlines, timeline, audit, repair orders, due
 * work), the real app (buildApp + listen on 127.0.0.1, random port), a logged-in agent, and
 *   1. POST /api/v1/cases by a bounded pool of concurrent keep-alive connections → opens/s, p50/p95/p99
 *   2. GET /api/v1/cases?queue=overdue, GET /api/v1/customers/lookup?q=<phone digits> and
 *      ?q=<serial prefix>, GET /api/v1/cases/:id → p50/p95/p99
 *   3. the raw durable single-row insert rate of the same database (one INSERT per transaction,
 *      SQLite synchronous=FULL / PostgreSQL synchronous_commit=on) — the physical limit the open
 *      rate is compared with.
 * The HTTP client runs in a worker thread, so it does not take the server's event loop.
 *
 *   npx tsx bench/open-case.ts                         # SQLite file in a temp dir (removed after; --keep keeps it)
 *   npx tsx bench/open-case.ts --opens 2000 --concurrency 8 --seconds 20
 *   npx tsx bench/open-case.ts --cases 20000           # smaller data
 *   … --reuse      reuse the generated data of an earlier run with the same sizes (SQLite only;
 *                  copied from a template, so every run starts from the same rows)
 *   … --cpu-profile /tmp/open.cpuprofile   profile the server while it opens cases
 *   … --trace-sql  count and time every SQLite statement while cases are opened (slows the run)
 *   … --pragma "synchronous = NORMAL"   run a pragma on the app's SQLite connection first (experiments:
 *                  NORMAL shows the rate without an fsync per commit — not durable, not the app's setting)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/open-case.ts
 *                                                      # PostgreSQL, in a fresh schema (dropped after)
 *   … --keep / --schema bench_xxxxxxxx   keep the PostgreSQL schema / run again on a kept one
 *
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { type DatabaseHandle, openPostgres, openSqlite } from '../server/db/database.js';
import { migrateToLatest } from '../server/db/migrate.js';
import * as customersRepo from '../server/modules/customers/customers.repository.js';
import { addressRow, contactRow, customerRow } from '../server/modules/customers/customers.rows.js';
import * as unitsRepo from '../server/modules/customers/units.repository.js';
import { lastCoveredDay } from '../server/modules/warranty/warranty-end.js';
import { systemClock } from '../server/platform/clock.js';
import type { ServiceContext } from '../server/platform/context.js';
import { newId } from '../server/platform/ids.js';
import { hashPassword } from '../server/platform/passwords.js';
import { systemActor } from '../server/platform/permissions.js';
import { ensureReferenceData } from '../server/startup.js';
import { testConfig } from '../server/testing/app.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const argText = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CUSTOMERS = argValue('--customers', 10_000);
const CASES = argValue('--cases', 100_000);
const OPENS = argValue('--opens', 3000);
const SECONDS = argValue('--seconds', 30);
const CONCURRENCY = argValue('--concurrency', 8);
const READS = argValue('--reads', 300);
const RAW_SECONDS = argValue('--raw-seconds', 3);
const REUSE = args.includes('--reuse');
const KEEP = args.includes('--keep');
const CPU_PROFILE = argText('--cpu-profile');
const TRACE_SQL = args.includes('--trace-sql');
const PRAGMAS = args.flatMap((a, i) => (a === '--pragma' ? [args[i + 1]] : []));
const PASSWORD = 'bench-password-1';
const DAY = 86_400_000;

// deterministic pseudo-random numbers (mulberry32), so runs are comparable
let seed = 20261124;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬飞鹏辉建国志文斌海燕晨阳宇浩然涵欣怡轩萱思远博';
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '南京', '苏州', '成都', '重庆', '武汉', '西安', '天津', '长沙', '郑州'];
const TRADES = ['照明', '电器', '物业', '酒店', '商贸', '建设', '电子', '机电', '家居', '科技', '实业', '工程'];
const DISTRICTS = ['南山区', '福田区', '宝安区', '龙岗区', '罗湖区', '龙华区'];
const DEVICES = ['吸顶灯', '投光灯', '路灯控制器', '空调室外机', '热水器', '净水器', '配电箱', '智能面板', '应急照明灯', '筒灯'];
const SYMPTOMS = ['不亮', '闪烁', '无法开机', '有异响', '漏水', '显示屏花屏', '遥控失灵', '频繁跳闸', '温度过高', '噪音大', '通电后无反应', '指示灯报警'];
const MODELS = Array.from({ length: 50 }, (_, i) => `M${String(i + 1).padStart(3, '0')}`);

const personName = () => pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.6 ? pick([...GIVEN]) : '');
const companyName = () => `${pick(CITIES)}市${pick([...GIVEN])}${pick([...GIVEN])}${pick(TRADES)}有限公司`;
const mobile = () => `1${pick(['3', '5', '8', '9'])}${digits(9)}`;
const caseTitle = () => `${pick(DEVICES)}${pick(SYMPTOMS)}`;
const caseDescription = (title: string) =>
  `客户来电反映${title}，已持续${1 + Math.floor(rand() * 9)}天，${pick(['影响正常营业', '家中老人不便', '多次重启无效', '雨后出现', '更换电源后依旧'])}，请尽快安排检修。`;

// ---------------------------------------------------------------------------------------------
// Database

interface Bench {
  handle: DatabaseHandle;
  label: string;
  /** the SQLite file, for the raw insert figure */
  file?: string;
  url?: string;
  schema?: string;
  cleanup: () => Promise<void>;
}

async function openBenchDatabase(): Promise<Bench & { generated: boolean }> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url?.startsWith('postgres')) {
    // --schema <name>: a schema kept by an earlier run (--keep), with its rows; never dropped
    const kept = argText('--schema');
    const schema = kept ?? `bench_${newId().replace(/-/g, '').slice(-8)}`;
    if (!kept) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
    }
    const handle = openPostgres(url, { schema, max: 10 });
    await migrateToLatest(handle.db, schema);
    return {
      handle,
      label: `PostgreSQL (schema ${schema}${kept ? ', rows of an earlier run' : ''})`,
      url,
      schema,
      generated: Boolean(kept),
      cleanup: async () => {
        await handle.destroy();
        if (KEEP || kept) return console.log(`kept schema ${schema}`);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      },
    };
  }
  // DATA in a temp dir; the generated rows may be kept as a template under /tmp/aftersales-bench
  const dir = mkdtempSync(path.join(tmpdir(), 'aftersales-open-case-'));
  const file = path.join(dir, 'aftersales.db');
  const template = `/tmp/aftersales-bench/open-case-${CUSTOMERS}-${CASES}.template.db`;
  const generated = REUSE && existsSync(template);
  if (generated) copyFileSync(template, file);
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  return {
    handle,
    label: `SQLite ${file}${generated ? ' (rows from the template of an earlier run)' : ''}`,
    file,
    generated,
    cleanup: async () => {
      await handle.destroy();
      if (KEEP) return console.log(`kept ${file}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function saveTemplate(bench: Bench) {
  if (!bench.file) return;
  const template = `/tmp/aftersales-bench/open-case-${CUSTOMERS}-${CASES}.template.db`;
  mkdirSync(path.dirname(template), { recursive: true });
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(bench.handle.db);
  rmSync(template, { force: true });
  await sql`vacuum into ${template}`.execute(bench.handle.db);
}

// ---------------------------------------------------------------------------------------------
// Data

interface Party {
  customerId: string;
  contactId: string;
  phone: string;
  unitId: string | null;
  serial: string | null;
}

async function insertChunked(db: DatabaseHandle['db'], table: string, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  for (const chunk of customersRepo.chunked(rows, Object.keys(rows[0]).length)) {
    await (db as any).insertInto(table).values(chunk).execute();
  }
}

/** Local (Asia/Shanghai) year of an instant, for case numbers. */
const localYear = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCFullYear();

async function generate(bench: Bench, agentIds: string[], technicianIds: string[]) {
  const db = bench.handle.db;
  const started = performance.now();
  const nowMs = Date.now();
  const nowIso = new Date(nowMs).toISOString();

  // catalogue and regions
  const categoryIds = Array.from({ length: 8 }, () => newId());
  await insertChunked(
    db,
    'product_categories',
    categoryIds.map((id, i) => ({
      id,
      code: `BENCH-C${i}`,
      name: pick(DEVICES) + i,
      parent_id: i > 1 ? categoryIds[i % 2] : null,
      created_at: nowIso,
      updated_at: nowIso,
    })),
  );
  const products = MODELS.map((model) => ({
    id: newId(),
    model,
    name: `${pick(DEVICES)} ${model}`,
    category_id: pick(categoryIds),
    specification: null,
    default_warranty_months: pick([12, 24, 36]),
    post_repair_warranty_days: 90,
    created_at: nowIso,
    updated_at: nowIso,
  }));
  await insertChunked(db, 'products', products);
  const regionIds = Array.from({ length: 1 + DISTRICTS.length }, () => newId());
  await insertChunked(
    db,
    'regions',
    regionIds.map((id, i) => ({
      id,
      code: `BENCH-R${i}`,
      name: i === 0 ? '深圳市' : DISTRICTS[i - 1],
      parent_id: i === 0 ? null : regionIds[0],
      created_at: nowIso,
      updated_at: nowIso,
    })),
  );

  // customers, contacts, default addresses, units (10 000 each)
  const parties: Party[] = [];
  for (let offset = 0; offset < CUSTOMERS; offset += 1000) {
    const customers: customersRepo.CustomerInsert[] = [];
    const contacts: customersRepo.ContactInsert[] = [];
    const addresses: customersRepo.AddressInsert[] = [];
    const units: unitsRepo.UnitInsert[] = [];
    for (let i = offset; i < Math.min(offset + 1000, CUSTOMERS); i++) {
      const isPerson = rand() < 0.6;
      const name = isPerson ? personName() : companyName();
      const customer = customerRow(
        { kind: isPerson ? 'person' : 'company', name, class: pick(['A', 'B', 'C', 'C', 'D'] as const) },
        { code: `KH-2025-${String(i + 1).padStart(6, '0')}`, ownerUserId: null, now: nowIso },
      );
      customers.push(customer);
      const phone = mobile();
      const contact = contactRow(customer.id, { name: isPerson ? name : personName(), phone, isPrimary: true }, nowIso);
      contacts.push(contact);
      const regionIndex = 1 + Math.floor(rand() * DISTRICTS.length);
      addresses.push(
        addressRow(
          customer.id,
          {
            line: `${pick(['科技园', '华侨城', '福华路', '新安街道', '坂田'])}${1 + Math.floor(rand() * 300)}号`,
            province: '广东省',
            city: '深圳市',
            district: DISTRICTS[regionIndex - 1],
            regionId: regionIds[regionIndex],
            latitude: 22.5 + rand() * 0.2,
            longitude: 113.9 + rand() * 0.3,
            isDefault: true,
          },
          nowIso,
        ),
      );
      // one unit per customer (10 000 units)
      const product = pick(products);
      const serial = `${product.model}${pick(['23', '24', '25'])}${String(i + 1).padStart(7, '0')}`;
      const purchase = `202${pick(['3', '4', '5'])}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const unitId = newId();
      units.push({
        id: unitId,
        serial_number: serial,
        product_id: product.id,
        customer_id: customer.id,
        purchase_date: purchase,
        warranty_end: lastCoveredDay(purchase, product.default_warranty_months),
        created_at: nowIso,
        updated_at: nowIso,
      });
      parties.push({ customerId: customer.id, contactId: contact.id, phone, unitId, serial });
    }
    await db.transaction().execute(async (trx) => {
      await customersRepo.insertCustomers(trx as any, customers);
      await customersRepo.insertContacts(trx as any, contacts);
      await customersRepo.insertAddresses(trx as any, addresses);
      await unitsRepo.insertUnits(trx as any, units);
    });
  }

  // policies of the seeded reference data
  const policies = await db.selectFrom('sla_policies').selectAll().where('starts_at_open', '=', true).execute();
  const policyOf = (type: string, metric: string) => policies.find((p) => p.case_type === type && p.metric === metric && p.urgency === null);

  // 100 000 cases over the last two years, oldest first; still open: 70 % of those of the last 5 days,
  // 10 % of the last 30 days, 0.5 % of the older ones; the open ones past their resolution time are
  // breached (the overdue queue)
  const counters = new Map<string, number>();
  const span = 730 * DAY;
  let overdue = 0;
  let open = 0;
  for (let offset = 0; offset < CASES; offset += 2000) {
    const cases: Record<string, unknown>[] = [];
    const orders: Record<string, unknown>[] = [];
    const deadlines: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const audits: Record<string, unknown>[] = [];
    const dueWork: Record<string, unknown>[] = [];
    for (let i = offset; i < Math.min(offset + 2000, CASES); i++) {
      const createdMs = nowMs - span + Math.floor((span * (i + rand())) / CASES) - DAY;
      const created = new Date(createdMs).toISOString();
      const isRepair = rand() < 0.8;
      const type = isRepair ? 'repair' : 'consultation';
      const prefix = isRepair ? 'BX' : 'ZX';
      const year = localYear(createdMs);
      const counterKey = `${prefix}|${year}`;
      const n = (counters.get(counterKey) ?? 0) + 1;
      counters.set(counterKey, n);
      const party = pick(parties);
      const age = nowMs - createdMs;
      const isOpen = rand() < (age < 5 * DAY ? 0.7 : age < 30 * DAY ? 0.1 : 0.005);
      const owner = pick(agentIds);
      const title = caseTitle();
      const urgency = rand() < 0.1 ? 'high' : pick(['medium', 'medium', 'low'] as const);
      const resolutionHours = urgency === 'high' ? 24 : 3 * 24 + 48; // 3 working days, roughly
      const resolutionDue = createdMs + resolutionHours * 3_600_000;
      const state = isOpen
        ? isRepair
          ? pick(['reviewing', 'awaiting_dispatch', 'dispatched', 'accepted', 'in_progress', 'awaiting_acceptance'])
          : pick(['new', 'in_progress'])
        : isRepair
          ? pick(['closed', 'closed', 'closed', 'closed_unrepaired', 'cancelled'])
          : 'closed';
      const closedAt = isOpen ? null : new Date(createdMs + (1 + rand() * 4) * DAY).toISOString();
      const id = newId();
      const breached = isOpen && resolutionDue < nowMs;
      if (breached) overdue++;
      if (isOpen) open++;
      cases.push({
        id,
        number: `${prefix}-${year}-${String(n).padStart(6, '0')}`,
        type,
        state,
        channel: pick(['phone', 'phone', 'phone', 'email', 'portal', 'api'] as const),
        customer_id: party.customerId,
        contact_id: party.contactId,
        contact_name: null,
        contact_phone: party.phone,
        contact_email: null,
        unit_id: isRepair ? party.unitId : null,
        product_id: null,
        title,
        description: caseDescription(title),
        fault_started_on: null,
        usage_environment: null,
        severity: pick(['general', 'general', 'important', 'major'] as const),
        urgency,
        on_site_required: isRepair,
        owner_id: owner,
        region_id: null,
        address: null,
        latitude: null,
        longitude: null,
        waiting_on: null,
        waiting_since: null,
        escalation_level: breached ? 2 : 0,
        escalated: false,
        merged_into_id: null,
        first_replied_at: new Date(createdMs + 3_600_000).toISOString(),
        resolved_at: closedAt,
        closed_at: closedAt,
        created_by: owner,
        version: isOpen ? 3 : 6,
        created_at: created,
        updated_at: closedAt ?? created,
      });
      if (isRepair) {
        orders.push({
          id: newId(),
          case_id: id,
          warranty_status: pick(['in_warranty', 'out_of_warranty'] as const),
          warranty_reason: 'purchase_date',
          on_site: true,
          technician_id: state === 'reviewing' || state === 'awaiting_dispatch' ? null : pick(technicianIds),
          created_at: created,
          updated_at: closedAt ?? created,
        });
      }
      const firstReply = policyOf(type, 'first_reply');
      const resolution = policyOf(type, 'resolution');
      const deadlineRow = (policy: any, dueMs: number, dState: string, met: string | null) => ({
        id: newId(),
        case_id: id,
        metric: policy.metric,
        policy_id: policy.id,
        amount: policy.amount,
        unit: policy.unit,
        warn_before_minutes: policy.warn_before_minutes,
        escalate_after_minutes: policy.escalate_after_minutes,
        started_at: created,
        due_at: new Date(dueMs).toISOString(),
        warn_at: dState === 'running' ? new Date(dueMs - policy.warn_before_minutes * 60_000).toISOString() : null,
        state: dState,
        met_at: met,
        breached_at: dState === 'breached' ? new Date(dueMs).toISOString() : null,
        escalation_level: dState === 'breached' ? 2 : 0,
        created_at: created,
        updated_at: met ?? created,
      });
      if (firstReply) deadlines.push(deadlineRow(firstReply, createdMs + 4 * 3_600_000, 'met', new Date(createdMs + 3_600_000).toISOString()));
      if (resolution) {
        const dState = isOpen ? (breached ? 'breached' : 'running') : 'met';
        const d = deadlineRow(resolution, resolutionDue, dState, closedAt);
        deadlines.push(d);
        if (dState !== 'met') {
          dueWork.push({
            id: newId(),
            kind: 'case.deadline.escalate',
            ref_id: d.id,
            dedupe_key: `deadline:${d.id}:g1:l${breached ? 3 : 1}`,
            due_at: breached ? new Date(resolutionDue + 480 * 60_000).toISOString() : d.warn_at,
            payload: JSON.stringify({ deadlineId: d.id, caseId: id, level: breached ? 3 : 1, generation: 1 }),
            created_at: created,
            updated_at: created,
          });
        }
      }
      // every row with every column: a missing one would be written as NULL on SQLite, not its default
      const event = (at: string, kind: string, fields: { action?: string; to?: string; note?: string; data?: unknown }) => ({
        id: newId(),
        case_id: id,
        at,
        actor_id: owner,
        actor_label: '坐席',
        kind,
        action: fields.action ?? null,
        from_state: null,
        to_state: fields.to ?? null,
        note: fields.note ?? null,
        data: fields.data ? JSON.stringify(fields.data) : null,
        visibility: 'internal',
      });
      events.push(event(created, 'created', { to: isRepair ? 'reviewing' : 'new', data: { channel: 'phone', match: 'given', ownerId: owner } }));
      events.push(event(new Date(createdMs + 3_600_000).toISOString(), 'action', { action: 'reply', note: '已电话联系客户' }));
      if (closedAt) events.push(event(closedAt, 'action', { action: 'close', to: state }));
      const audit = (at: string, action: string, after: unknown) => ({
        id: newId(),
        at,
        actor_id: owner,
        actor_label: 'agent',
        entity: 'case',
        entity_id: id,
        action,
        before: null,
        after: JSON.stringify(after),
        request_id: null,
      });
      audits.push(audit(created, 'create', { title }));
      if (closedAt) audits.push(audit(closedAt, 'close', { state }));
    }
    await db.transaction().execute(async (trx) => {
      await insertChunked(trx as any, 'cases', cases);
      await insertChunked(trx as any, 'repair_orders', orders);
      await insertChunked(trx as any, 'case_deadlines', deadlines);
      await insertChunked(trx as any, 'case_events', events);
      await insertChunked(trx as any, 'audit_log', audits);
      await insertChunked(trx as any, 'due_work', dueWork);
    });
  }
  for (const [key, value] of counters) {
    const [kind, year] = key.split('|');
    await db.insertInto('counters').values({ kind, year: Number(year), value }).execute();
  }
  if (bench.handle.dialect === 'postgres') {
    // what autovacuum does on a live database: statistics and the visibility map
    for (const table of ['customers', 'customer_contacts', 'customer_addresses', 'units', 'cases', 'case_deadlines', 'case_events', 'repair_orders', 'audit_log', 'due_work'])
      await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  } else {
    await sql`analyze`.execute(db);
  }
  console.log(
    `generated ${CUSTOMERS} customers / contacts / units, ${CASES} cases (${open} open, ${overdue} overdue) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function ensureUsers(bench: Bench, ctx: ServiceContext) {
  const db = bench.handle.db;
  const existing = await db.selectFrom('users').select('id').where('username', '=', 'bench_agent').executeTakeFirst();
  if (existing) {
    const agents = await db.selectFrom('users').select('id').where('username', 'like', 'bench_agent%').execute();
    return { agentIds: agents.map((a) => a.id), technicianIds: [] as string[] };
  }
  const now = new Date().toISOString();
  const hash = await hashPassword(PASSWORD, ctx.config.passwordHashCost);
  const users = [
    ...Array.from({ length: 20 }, (_, i) => ({ username: i === 0 ? 'bench_agent' : `bench_agent${i}`, role: 'agent' })),
    ...Array.from({ length: 30 }, (_, i) => ({ username: `bench_tech${i}`, role: 'technician' })),
  ].map((u) => ({ ...u, id: newId(), display_name: u.role === 'agent' ? `坐席${personName()}` : `工程师${personName()}` }));
  await db
    .insertInto('users')
    .values(users.map((u) => ({ id: u.id, username: u.username, display_name: u.display_name, password_hash: hash, email: null, phone: null, department_id: null, grade: null, created_at: now, updated_at: now })))
    .execute();
  await db.insertInto('user_roles').values(users.map((u) => ({ user_id: u.id, role: u.role as any }))).execute();
  return { agentIds: users.filter((u) => u.role === 'agent').map((u) => u.id), technicianIds: users.filter((u) => u.role === 'technician').map((u) => u.id) };
}

// ---------------------------------------------------------------------------------------------
/** CPU time (user + system) of this process's main thread so far, in ms; NaN where /proc is missing. */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15 of stat) in clock ticks of 10 ms
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------
// --trace-sql: every statement better-sqlite3 runs, by SQL text (count, total time)

const sqlTrace = new Map<string, { n: number; ms: number }>();
let tracing = false;
if (TRACE_SQL) {
  const proto = SQLite.prototype as any;
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, text: string) {
    const stmt = prepare.call(this, text);
    for (const method of ['all', 'run', 'get', 'iterate']) {
      const original = stmt[method];
      if (typeof original !== 'function') continue;
      stmt[method] = (...params: unknown[]) => {
        const t0 = performance.now();
        try {
          return original.apply(stmt, params);
        } finally {
          if (tracing) {
            const entry = sqlTrace.get(text) ?? { n: 0, ms: 0 };
            entry.n += 1;
            entry.ms += performance.now() - t0;
            sqlTrace.set(text, entry);
          }
        }
      };
    }
    return stmt;
  };
}

function printSqlTrace(opened: number) {
  const rows = [...sqlTrace].sort((a, b) => b[1].ms - a[1].ms);
  const statements = rows.reduce((sum, [, e]) => sum + e.n, 0);
  const ms = rows.reduce((sum, [, e]) => sum + e.ms, 0);
  console.log(`\nSQL while opening: ${(statements / opened).toFixed(1)} statements and ${(ms / opened).toFixed(2)} ms per request`);
  for (const [text, e] of rows.slice(0, 40))
    console.log(`${(e.n / opened).toFixed(2).padStart(6)} × ${(e.ms / e.n).toFixed(3).padStart(7)} ms  ${text.slice(0, 170)}`);
}

// ---------------------------------------------------------------------------------------------
// HTTP load in a worker thread (plain JS: node:http with keep-alive connections)

const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { requests, concurrency, maxMs, port, cookie } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function send(r) {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : Buffer.from(JSON.stringify(r.body));
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, agent,
      headers: { cookie, ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0, body: res.statusCode >= 300 ? Buffer.concat(chunks).toString().slice(0, 300) : null }));
    });
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, body: String(e) }));
    if (body) req.write(body);
    req.end();
  });
}
(async () => {
  const started = performance.now();
  let next = 0;
  const results = [];
  async function loop() {
    while (next < requests.length && performance.now() - started < maxMs) {
      const r = requests[next++];
      results.push(await send(r));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  parentPort.postMessage({ results, elapsedMs: performance.now() - started });
  agent.destroy();
})();
`;

interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}
interface LoadResult {
  results: { status: number; ms: number; body: string | null }[];
  elapsedMs: number;
}

function runLoad(port: number, cookie: string, requests: LoadRequest[], concurrency: number, maxMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, { eval: true, workerData: { requests, concurrency, maxMs, port, cookie } });
    worker.once('message', (m) => {
      resolve(m as LoadResult);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summarize(label: string, load: LoadResult, expectedStatus: number) {
  const ok = load.results.filter((r) => r.status === expectedStatus);
  const failed = load.results.filter((r) => r.status !== expectedStatus);
  const times = ok.map((r) => r.ms).sort((a, b) => a - b);
  const rate = (load.results.length / load.elapsedMs) * 1000;
  console.log(
    `${label.padEnd(36)} n=${String(load.results.length).padStart(5)}  ${rate.toFixed(0).padStart(5)}/s   p50 ${percentile(times, 50).toFixed(2).padStart(6)}  p95 ${percentile(times, 95).toFixed(2).padStart(6)}  p99 ${percentile(times, 99).toFixed(2).padStart(6)} ms${failed.length ? `   FAILED ${failed.length}: ${failed[0].status} ${failed[0].body}` : ''}`,
  );
  return { rate, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), failed: failed.length };
}

// ---------------------------------------------------------------------------------------------
// Raw durable single-row inserts (the physical limit)

async function rawInsertRate(bench: Bench, seconds: number): Promise<string> {
  if (bench.file) {
    const raw = new SQLite(bench.file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('busy_timeout = 5000');
    raw.exec('create table if not exists bench_raw_inserts (id text primary key, at text not null, payload text not null)');
    const insert = raw.prepare('insert into bench_raw_inserts (id, at, payload) values (?, ?, ?)');
    const once = raw.transaction(() => insert.run(newId(), new Date().toISOString(), 'x'.repeat(300)));
    const t0 = performance.now();
    let n = 0;
    while (performance.now() - t0 < seconds * 1000) {
      once();
      n++;
    }
    const rate = (n / (performance.now() - t0)) * 1000;
    raw.exec('drop table bench_raw_inserts');
    raw.close();
    return `${rate.toFixed(0)}/s (one INSERT per transaction, WAL, synchronous=FULL)`;
  }
  const client = new pg.Client({ connectionString: bench.url, options: `-c search_path=${bench.schema}` });
  await client.connect();
  await client.query('create table bench_raw_inserts (id text primary key, at text not null, payload text not null)');
  const measure = async (clients: pg.Client[]) => {
    const t0 = performance.now();
    let n = 0;
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() - t0 < seconds * 1000) {
          await c.query('insert into bench_raw_inserts (id, at, payload) values ($1, $2, $3)', [newId(), new Date().toISOString(), 'x'.repeat(300)]);
          n++;
        }
      }),
    );
    return (n / (performance.now() - t0)) * 1000;
  };
  const serial = await measure([client]);
  const many = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const c = new pg.Client({ connectionString: bench.url, options: `-c search_path=${bench.schema}` });
      await c.connect();
      return c;
    }),
  );
  const concurrent = await measure(many);
  for (const c of many) await c.end();
  await client.query('drop table bench_raw_inserts');
  await client.end();
  return `${serial.toFixed(0)}/s from one connection, ${concurrent.toFixed(0)}/s from ${CONCURRENCY} (autocommit INSERTs, synchronous_commit=on)`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const bench = await openBenchDatabase();
  const config = testConfig();
  const ctx: ServiceContext = { db: bench.handle.db, clock: systemClock, config, actor: systemActor, requestId: null };
  try {
    console.log(`database: ${bench.label}`);
    await ensureReferenceData(ctx);
    const { agentIds, technicianIds } = await ensureUsers(bench, ctx);
    if (!bench.generated) {
      await generate(bench, agentIds, technicianIds);
      if (bench.file) await saveTemplate(bench);
    }
    const db = bench.handle.db;
    const counts = await Promise.all(
      (['cases', 'case_deadlines', 'case_events', 'units', 'customers', 'audit_log'] as const).map(async (t) =>
        `${t} ${Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)}`,
      ),
    );
    console.log(`rows: ${counts.join(', ')}`);

    // what an agent picks on the intake screen, and API callers that give a serial or a phone
    const parties = await db
      .selectFrom('customers')
      .innerJoin('customer_contacts', 'customer_contacts.customer_id', 'customers.id')
      .leftJoin('units', 'units.customer_id', 'customers.id')
      .select(['customers.id as customerId', 'customer_contacts.id as contactId', 'customer_contacts.phone', 'units.id as unitId', 'units.serial_number as serial'])
      .orderBy('customers.code')
      .execute();

    for (const pragma of PRAGMAS) {
      await sql.raw(`pragma ${pragma}`).execute(db);
      console.log(`pragma ${pragma}`);
    }
    const app = await buildApp({ db, clock: systemClock, config, logger: false, webRoot: '/nonexistent' });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    try {
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench_agent', password: PASSWORD }),
      });
      if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];

      const raw = await rawInsertRate(bench, RAW_SECONDS);
      console.log(`raw durable single-row inserts: ${raw}`);

      const opens: LoadRequest[] = Array.from({ length: OPENS }, () => {
        const p = pick(parties);
        const title = caseTitle();
        const common = {
          type: 'repair',
          title,
          description: caseDescription(title),
          urgency: rand() < 0.1 ? 'high' : 'medium',
          severity: pick(['general', 'general', 'important']),
          onSiteRequired: true,
        };
        const r = rand();
        // 70 % from the intake screen (customer, contact, unit chosen), 15 % by serial, 15 % by phone
        const body =
          r < 0.7
            ? { ...common, channel: 'phone', customerId: p.customerId, contactId: p.contactId, unitId: p.unitId }
            : r < 0.85
              ? { ...common, channel: 'api', serialNumber: p.serial, contactPhone: p.phone }
              : { ...common, channel: 'phone', contactPhone: p.phone, contactName: '来电人' };
        return { method: 'POST' as const, path: '/api/v1/cases', body };
      });
      // warm-up (JIT, statement caches), not counted
      await runLoad(port, cookie, opens.splice(0, Math.min(200, Math.floor(OPENS / 10))), CONCURRENCY, 60_000);

      let session: Session | null = null;
      if (CPU_PROFILE) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
      }
      tracing = true;
      const elu = performance.eventLoopUtilization();
      const cpuBefore = mainThreadCpuMs();
      const openLoad = await runLoad(port, cookie, opens, CONCURRENCY, SECONDS * 1000);
      const busy = performance.eventLoopUtilization(elu);
      const cpuMs = mainThreadCpuMs() - cpuBefore;
      tracing = false;
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(CPU_PROFILE!, JSON.stringify(profile));
        session.disconnect();
        console.log(`cpu profile: ${CPU_PROFILE}`);
      }
      console.log(`\nconcurrency ${CONCURRENCY}`);
      const openFigures = summarize('POST /cases (open a repair case)', openLoad, 201);
      // the server's main thread does all the work (better-sqlite3 is synchronous, fsync included)
      console.log(
        `server main thread busy ${(busy.utilization * 100).toFixed(0)} % of the time, ${(busy.active / openLoad.results.length).toFixed(2)} ms per case opened`,
      );
      // CPU time the main thread actually got (Linux): unlike the busy time above, not inflated when
      // a shared machine's other processes take the core away from it
      if (!Number.isNaN(cpuMs))
        console.log(`server main thread CPU ${(cpuMs / openLoad.results.length).toFixed(2)} ms per case opened`);
      if (TRACE_SQL) printSqlTrace(openLoad.results.length);

      const openCaseIds = await db
        .selectFrom('cases')
        .select('id')
        .where('type', '=', 'repair')
        .orderBy('created_at', 'desc')
        .limit(5000)
        .execute();
      const reads = (make: (i: number) => string): LoadRequest[] => Array.from({ length: READS }, (_, i) => ({ method: 'GET', path: make(i) }));
      const p = (i: number) => parties[(i * 37) % parties.length];
      const kinds: [string, LoadRequest[]][] = [
        ['GET /cases?queue=overdue', reads(() => '/api/v1/cases?queue=overdue')],
        ['GET /customers/lookup phone 7 digits', reads((i) => `/api/v1/customers/lookup?q=${p(i).phone!.slice(0, 7)}`)],
        ['GET /customers/lookup phone last 4', reads((i) => `/api/v1/customers/lookup?q=${p(i).phone!.slice(-4)}`)],
        ['GET /customers/lookup serial prefix', reads((i) => `/api/v1/customers/lookup?q=${p(i).serial!.slice(0, 8)}`)],
        ['GET /cases/:id', reads((i) => `/api/v1/cases/${openCaseIds[(i * 13) % openCaseIds.length].id}`)],
      ];
      console.log('\none request at a time (latency):');
      for (const [label, requests] of kinds) {
        await runLoad(port, cookie, requests.slice(0, 10), 1, 60_000); // warm-up
        summarize(label, await runLoad(port, cookie, requests, 1, 60_000), 200);
      }
      console.log(
        `\nopen rate ${openFigures.rate.toFixed(0)}/s = ${((openFigures.rate / Number.parseFloat(raw)) * 100).toFixed(0)} % of the raw durable single-row insert rate`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await bench.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
