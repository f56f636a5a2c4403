/**
 * Opening cases through the real HTTP API at scale (issue 3, Speed): a generated company
 * (bench/lib/company.ts: 100 000 cases and 10 000 customers by default, the same rows as
 * `npm run bench -- --cases 100000`, sharing its template), the real app in this process (buildApp +
 * listen on 127.0.0.1, random port — so it can be profiled and traced), a logged-in agent, and
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
 *   npx tsx bench/open-case.ts --cases 20000           # smaller data (one customer per 10 cases)
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
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Session } from 'node:inspector/promises';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { buildApp } from '../server/app.js';
import { systemClock } from '../server/platform/clock.js';
import type { ServiceContext } from '../server/platform/context.js';
import { systemActor } from '../server/platform/permissions.js';
import { ensureReferenceData } from '../server/startup.js';
import { testConfig } from '../server/testing/app.js';
import { loginCookie } from '../server/testing/server-process.js';
import { BENCH_PASSWORD, BENCH_USERS, generateCompany } from './lib/company.js';
import { openBenchDatabase } from './lib/database.js';
import { figuresOf, formatFigures, type LoadTask, runLoad } from './lib/load.js';
import { seededRandom, textFrom } from './lib/random.js';
import { rawRates } from './lib/raw.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const argText = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const CASES = argValue('--cases', 100_000);
const OPENS = argValue('--opens', 3000);
const SECONDS = argValue('--seconds', 30);
const CONCURRENCY = argValue('--concurrency', 8);
const READS = argValue('--reads', 300);
const RAW_SECONDS = argValue('--raw-seconds', 3);
const CPU_PROFILE = argText('--cpu-profile');
const TRACE_SQL = args.includes('--trace-sql');
const PRAGMAS = args.flatMap((a, i) => (a === '--pragma' ? [args[i + 1]] : []));

const rand = seededRandom(20261124);
const { pick, caseTitle, caseDescription } = textFrom(rand);

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

async function main() {
  const bench = await openBenchDatabase({ name: `company-${CASES}`, reuse: args.includes('--reuse'), keep: args.includes('--keep'), schema: argText('--schema') });
  const config = testConfig();
  const ctx: ServiceContext = { db: bench.handle.db, clock: systemClock, config, actor: systemActor, requestId: null };
  try {
    console.log(`database: ${bench.label}`);
    await ensureReferenceData(ctx);
    if (!bench.generated) {
      const stats = await generateCompany(bench.handle, { cases: CASES });
      console.log(`generated ${stats.customers} customers, ${stats.units} units, ${stats.cases} cases (${stats.open} open, ${stats.overdue} overdue) in ${stats.seconds.toFixed(0)} s`);
      await bench.saveTemplate();
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
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const cookies = { agent: await loginCookie(baseUrl, BENCH_USERS.agent, BENCH_PASSWORD) };
      const recentCaseIds = (await db.selectFrom('cases').select('id').orderBy('created_at', 'desc').limit(5000).execute()).map((c) => c.id);
      const raw = await rawRates(bench, RAW_SECONDS, recentCaseIds);
      console.log(`raw durable single-row inserts: ${raw.insertsPerSecond.toFixed(0)}/s (one connection, one INSERT per transaction)`);

      const opens: LoadTask[] = Array.from({ length: OPENS }, () => {
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
        return [{ method: 'POST' as const, path: '/api/v1/cases', body, as: 'agent', label: 'POST /cases (open a repair case)', expect: 201 }];
      });
      // warm-up (JIT, statement caches), not counted
      await runLoad(baseUrl, cookies, opens.splice(0, Math.min(200, Math.floor(OPENS / 10))), { concurrency: CONCURRENCY, maxMs: 60_000 });

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
      const openLoad = await runLoad(baseUrl, cookies, opens, { concurrency: CONCURRENCY, maxMs: SECONDS * 1000 });
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
      const openFigures = figuresOf(openLoad);
      console.log(formatFigures({ ...openFigures, label: 'POST /cases (open a repair case)' }));
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
      const reads = (make: (i: number) => string): LoadTask[] => Array.from({ length: READS }, (_, i) => [{ method: 'GET', path: make(i), as: 'agent', label: 'read' }]);
      const p = (i: number) => parties[(i * 37) % parties.length];
      const kinds: [string, LoadTask[]][] = [
        ['GET /cases?queue=overdue', reads(() => '/api/v1/cases?queue=overdue')],
        ['GET /customers/lookup phone 7 digits', reads((i) => `/api/v1/customers/lookup?q=${p(i).phone!.slice(0, 7)}`)],
        ['GET /customers/lookup phone last 4', reads((i) => `/api/v1/customers/lookup?q=${p(i).phone!.slice(-4)}`)],
        ['GET /customers/lookup serial prefix', reads((i) => `/api/v1/customers/lookup?q=${p(i).serial!.slice(0, 8)}`)],
        ['GET /cases/:id', reads((i) => `/api/v1/cases/${openCaseIds[(i * 13) % openCaseIds.length].id}`)],
      ];
      console.log('\none request at a time (latency):');
      for (const [label, requests] of kinds) {
        await runLoad(baseUrl, cookies, requests.slice(0, 10), { concurrency: 1, maxMs: 60_000 }); // warm-up
        console.log(formatFigures({ ...figuresOf(await runLoad(baseUrl, cookies, requests, { concurrency: 1, maxMs: 60_000 })), label }));
      }
      console.log(
        `\nopen rate ${openFigures.rate.toFixed(0)}/s = ${((openFigures.rate / raw.insertsPerSecond) * 100).toFixed(1)} % of the raw durable single-row insert rate`,
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
