/**
 * The benchmark suite (issue 6): a generated company (bench/lib/company.ts) at a given size, the real
 * server as its own process on that database, and load from a worker thread over loopback:
 *
 *   open       POST /cases, 8 in flight (the intake screen: customer, contact and unit chosen)
 *   flow       a repair from the call to closure: open → review → dispatch → technician accepts,
 *              travels, checks in, works, self-checks, asks for acceptance → customer signs → closed
 *              (12 requests, 4 flows in flight; agents and technicians with their own sessions)
 *   reads      one request at a time: the agent's queues (mine, overdue), lookup by phone and serial,
 *              the case page (case + repair order), the dashboard, the follow-up queue, the monthly
 *              complaint matrix; then all of them mixed, 8 in flight (throughput)
 *   raw        durable single-row inserts and point lookups of the same database (the physical
 *              limit), so every rate is also a ratio to it
 *   soak       (--soak SECONDS) mixed load with the server's resident memory sampled every 10 s
 *
 *   npm run bench -- --cases 100000                     # SQLite in a temp dir; rows kept as a template
 *   npm run bench -- --cases 100000 --reuse             # start from the template of an earlier run
 *   npm run bench -- --cases 1000000 --reuse --soak 600
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- --cases 100000
 *   … --only open,reads   run some parts only (open, flow, reads, mixed)
 *   … --open-concurrency 32   requests in flight while opening cases (default 8)
 *   … --server-heap 160   experiment: the server's V8 heap limit in MB (NODE_OPTIONS=--max-old-space-size)
 *
 * Prints the figures and writes them as JSON to /tmp/aftersales-bench/suite-<database>-<cases>.json.
 * Figures are recorded in docs/BENCHMARKS.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { systemClock } from '../server/platform/clock.js';
import type { ServiceContext } from '../server/platform/context.js';
import { systemActor } from '../server/platform/permissions.js';
import { ensureReferenceData } from '../server/startup.js';
import { testConfig } from '../server/testing/app.js';
import { loginCookie, startServerProcess } from '../server/testing/server-process.js';
import { BENCH_PASSWORD, BENCH_USERS, generateCompany } from './lib/company.js';
import { openBenchDatabase } from './lib/database.js';
import { type Figures, figuresOf, formatFigures, type LoadTask, runLoad } from './lib/load.js';
import { seededRandom, textFrom } from './lib/random.js';
import { rawRates } from './lib/raw.js';

const args = process.argv.slice(2);
const argText = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const argNumber = (name: string, fallback: number) => Number(argText(name) ?? fallback);
const CASES = argNumber('--cases', 100_000);
const SECONDS = argNumber('--seconds', 20);
const READS = argNumber('--reads', 300);
const SOAK = argNumber('--soak', 0);
/** requests in flight while opening cases (SQLite shares a commit among the commands waiting) */
const OPEN_CONCURRENCY = argNumber('--open-concurrency', 8);
const RAW_SECONDS = argNumber('--raw-seconds', 3);
const ONLY = argText('--only')?.split(',');
/** experiment: a V8 heap limit for the server process (MB) */
const SERVER_HEAP = argText('--server-heap');
const runs = (part: string) => !ONLY || ONLY.includes(part);
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const rand = seededRandom(7);
const text = textFrom(rand);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function main() {
  const bench = await openBenchDatabase({ name: `company-${CASES}`, reuse: args.includes('--reuse'), keep: args.includes('--keep'), schema: argText('--schema') });
  const db = bench.handle.db;
  const ctx: ServiceContext = { db, clock: systemClock, config: testConfig(), actor: systemActor, requestId: null };
  const summary: Record<string, unknown> = { database: bench.handle.dialect, cases: CASES, at: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}` };
  const figures: Figures[] = [];
  const record = (f: Figures) => {
    figures.push(f);
    console.log(formatFigures(f));
  };
  try {
    console.log(`database: ${bench.label}`);
    await ensureReferenceData(ctx);
    if (!bench.generated) {
      const stats = await generateCompany(bench.handle, { cases: CASES, log: console.log });
      console.log(`generated ${stats.customers} customers, ${stats.units} units, ${stats.cases} cases (${stats.open} open, ${stats.overdue} overdue) in ${stats.seconds.toFixed(0)} s`);
      summary.generateSeconds = stats.seconds;
      await bench.saveTemplate();
    }
    const counts: Record<string, number> = {};
    for (const table of ['customers', 'units', 'cases', 'case_events', 'audit_log', 'complaints', 'followup_tasks', 'stock_movements'] as const)
      counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    console.log(`rows: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    summary.rows = counts;

    // what the requests use: customers with a unit still under warranty (no quote needed), recent repair cases
    const today = new Date().toISOString().slice(0, 10);
    const parties = await db
      .selectFrom('units')
      .innerJoin('customer_contacts', (j) => j.onRef('customer_contacts.customer_id', '=', 'units.customer_id').on('customer_contacts.is_primary', '=', true))
      .select(['units.customer_id as customerId', 'customer_contacts.id as contactId', 'customer_contacts.phone', 'units.id as unitId', 'units.serial_number as serial'])
      .where('units.warranty_end', '>=', today)
      .limit(20_000)
      .execute();
    const recentCases = await db.selectFrom('cases').select('id').where('type', '=', 'repair').orderBy('created_at', 'desc').limit(3000).execute();
    const techs = await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'bench_tech%').orderBy('username').limit(12).execute();
    const lastMonth = new Date(Date.now() + 8 * 3_600_000);
    lastMonth.setUTCDate(1);
    lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
    const month = lastMonth.toISOString().slice(0, 7);

    const raw = await rawRates(bench, RAW_SECONDS, recentCases.map((c) => c.id));
    console.log(`raw: ${raw.insertsPerSecond.toFixed(0)} durable single-row inserts/s, ${raw.lookupsPerSecond.toFixed(0)} point lookups/s (one connection)`);
    summary.raw = raw;
    if (bench.handle.dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);

    const server = await startServerProcess({ ...bench.serverEnv, LOGIN_RATE_LIMIT_PER_MINUTE: '10000', ...(SERVER_HEAP ? { NODE_OPTIONS: `--max-old-space-size=${SERVER_HEAP}` } : {}) }, { singleProcess: true, timeoutMs: 300_000 });
    try {
      const cookies: Record<string, string> = {};
      for (const [key, username] of Object.entries(BENCH_USERS)) cookies[key] = await loginCookie(server.baseUrl, username, BENCH_PASSWORD);
      for (const t of techs) cookies[t.id] = await loginCookie(server.baseUrl, t.username, BENCH_PASSWORD);
      summary.rssAtStartMb = rssMb(server.pid);

      const openBody = () => {
        const p = text.pick(parties);
        const title = text.caseTitle();
        return { type: 'repair', channel: 'phone', customerId: p.customerId, contactId: p.contactId, unitId: p.unitId, title, description: text.caseDescription(title), urgency: rand() < 0.1 ? 'high' : 'medium', severity: 'general', onSiteRequired: true };
      };
      const openTask = (): LoadTask => [{ method: 'POST', path: '/api/v1/cases', body: openBody(), as: 'agent', label: 'POST /cases (open a repair case)', expect: 201 }];
      const flowTask = (): LoadTask => {
        const tech = text.pick(techs).id;
        const act = (as: string, action: string, data?: unknown, note?: string) => ({
          method: 'POST' as const, path: '/api/v1/cases/$id/repair/actions', as, label: `flow: ${action}`,
          body: { action, version: '$version', ...(data ? { data } : {}), ...(note ? { note } : {}) },
        });
        const start = new Date(Date.now() + 2 * 3_600_000);
        return [
          { ...openTask()[0], label: 'flow: open' },
          act('agent', 'review', { dataVerified: true, onSite: true }, '已与客户核对地址、型号和序列号'),
          { method: 'POST', path: '/api/v1/cases/$id/dispatch', as: 'agent', label: 'flow: dispatch', body: { technicianId: tech, window: { start: start.toISOString(), end: new Date(start.getTime() + 7_200_000).toISOString() }, version: '$version', overrideReason: '客户指定该工程师', note: '已与客户约定上门时间' } },
          act(tech, 'accept'),
          act(tech, 'start_travel'),
          act(tech, 'check_in', {}),
          act(tech, 'start_work'),
          act(tech, 'record_work', { diagnosis: '电源模块老化，输出电压不稳', workDone: '更换电源模块并测试', toolsUsed: ['万用表'], labourMinutes: 40 }),
          act(tech, 'self_check', { result: '通电测试正常', usageAdvice: '避免潮湿环境使用' }),
          act(tech, 'request_acceptance'),
          act(tech, 'customer_accept', { signerName: '客户', signature: PNG, comment: '师傅很专业' }),
          act('agent', 'close', { customerInformed: true }, '客户确认修复，结案'),
        ];
      };
      const get = (path: string, as: string, label: string): LoadTask => [{ method: 'GET', path, as, label }];
      const readKinds: [string, (i: number) => LoadTask][] = [
        ['GET /cases?queue=mine', () => get('/api/v1/cases?queue=mine', 'agent', 'GET /cases?queue=mine')],
        ['GET /cases?queue=overdue', () => get('/api/v1/cases?queue=overdue', 'agent', 'GET /cases?queue=overdue')],
        ['lookup phone, first 7 digits', (i) => get(`/api/v1/customers/lookup?q=${parties[(i * 37) % parties.length].phone!.slice(0, 7)}`, 'agent', 'lookup phone, first 7 digits')],
        ['lookup phone, last 4 digits', (i) => get(`/api/v1/customers/lookup?q=${parties[(i * 37) % parties.length].phone!.slice(-4)}`, 'agent', 'lookup phone, last 4 digits')],
        ['lookup serial, first 8 characters', (i) => get(`/api/v1/customers/lookup?q=${parties[(i * 37) % parties.length].serial!.slice(0, 8)}`, 'agent', 'lookup serial, first 8 characters')],
        ['GET /cases/:id (case page)', (i) => get(`/api/v1/cases/${recentCases[(i * 13) % recentCases.length].id}`, 'agent', 'GET /cases/:id (case page)')],
        ['GET /cases/:id/repair (case page, repair)', (i) => get(`/api/v1/cases/${recentCases[(i * 13) % recentCases.length].id}/repair`, 'agent', 'GET /cases/:id/repair (case page, repair)')],
        ['GET /dashboard', () => get('/api/v1/dashboard', 'manager', 'GET /dashboard')],
        ['GET /followups/queue', () => get('/api/v1/followups/queue', 'agent', 'GET /followups/queue')],
        [`GET /complaints/monthly`, () => get(`/api/v1/complaints/monthly?month=${month}`, 'quality', 'GET /complaints/monthly')],
      ];

      if (runs('open')) {
        await runLoad(server.baseUrl, cookies, Array.from({ length: 200 }, openTask), { concurrency: OPEN_CONCURRENCY, maxMs: 60_000 }); // warm-up
        const load = await runLoad(server.baseUrl, cookies, Array.from({ length: 100_000 }, openTask), { concurrency: OPEN_CONCURRENCY, maxMs: SECONDS * 1000 });
        record({ ...figuresOf(load), label: `POST /cases (open a repair case, ${OPEN_CONCURRENCY} in flight)` });
      }
      if (runs('flow')) {
        const load = await runLoad(server.baseUrl, cookies, Array.from({ length: 20_000 }, flowTask), { concurrency: 4, maxMs: SECONDS * 1000 });
        const steps = figuresOf(load);
        record({ ...steps, label: 'repair flow, 12 steps (rate: flows/s)', rate: (load.tasksDone / load.elapsedMs) * 1000 });
        record({ ...steps, label: 'repair flow: any step (rate: requests/s)' });
        for (const label of [...new Set(load.results.map((r) => r.label))]) record(figuresOf(load, label));
      }
      if (runs('reads')) {
        for (const [label, make] of readKinds) {
          await runLoad(server.baseUrl, cookies, Array.from({ length: 5 }, (_, i) => make(i)), { concurrency: 1, maxMs: 60_000 });
          record(figuresOf(await runLoad(server.baseUrl, cookies, Array.from({ length: READS }, (_, i) => make(i)), { concurrency: 1, maxMs: SECONDS * 1000 }), label));
        }
      }
      if (runs('mixed')) {
        const mixed = Array.from({ length: 50_000 }, (_, i) => readKinds[i % readKinds.length][1](i));
        const load = await runLoad(server.baseUrl, cookies, mixed, { concurrency: 8, maxMs: SECONDS * 1000 });
        record({ ...figuresOf(load), label: 'all reads mixed, 8 in flight' });
      }
      if (SOAK > 0) {
        const samples: { second: number; rssMb: number }[] = [{ second: 0, rssMb: rssMb(server.pid) }];
        const started = Date.now();
        const timer = setInterval(() => samples.push({ second: Math.round((Date.now() - started) / 1000), rssMb: rssMb(server.pid) }), 10_000);
        const tasks: LoadTask[] = [];
        for (let i = 0; tasks.length < 2_000_000 && i < 400_000; i++) tasks.push(i % 10 === 0 ? openTask() : i % 25 === 1 ? flowTask() : readKinds[i % readKinds.length][1](i));
        const load = await runLoad(server.baseUrl, cookies, tasks, { concurrency: 8, maxMs: SOAK * 1000 });
        clearInterval(timer);
        samples.push({ second: Math.round((Date.now() - started) / 1000), rssMb: rssMb(server.pid) });
        record({ ...figuresOf(load), label: `soak ${SOAK} s: opens, flows and reads mixed` });
        console.log(`server RSS (MB) every 10 s: ${samples.map((s) => s.rssMb.toFixed(0)).join(' ')}`);
        summary.soak = { samples, maxMb: Math.max(...samples.map((s) => s.rssMb)) };
      }
      summary.rssAtEndMb = rssMb(server.pid);
      console.log(`server RSS: ${Number(summary.rssAtStartMb).toFixed(0)} MB after start, ${Number(summary.rssAtEndMb).toFixed(0)} MB at the end`);
      if (figures.some((f) => f.failed)) console.log(`\nserver output (last 4 000 characters):\n${server.output().slice(-4000)}`);
    } finally {
      await server.stop();
    }
    const open = figures.find((f) => f.label.startsWith('POST /cases'));
    const mixed = figures.find((f) => f.label.startsWith('all reads'));
    if (open) console.log(`open rate = ${((open.rate / raw.insertsPerSecond) * 100).toFixed(1)} % of the raw durable insert rate`);
    if (mixed) console.log(`mixed read rate = ${((mixed.rate / raw.lookupsPerSecond) * 100).toFixed(2)} % of the raw point-lookup rate`);
    summary.figures = figures;
    summary.loadAverage = os.loadavg();
    mkdirSync('/tmp/aftersales-bench', { recursive: true });
    const out = `/tmp/aftersales-bench/suite-${bench.handle.dialect}-${CASES}.json`;
    writeFileSync(out, JSON.stringify(summary, null, 2));
    console.log(`figures: ${out}`);
  } finally {
    await bench.cleanup();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
