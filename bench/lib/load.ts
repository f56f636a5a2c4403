/**
 * HTTP load from a worker thread (node:http with keep-alive connections, so the client never takes
 * the event loop of a server in the same process), bounded by count and time, loopback only.
 *
 * A task is a sequence of steps one client runs in order (one step for a plain request; a whole
 * repair from opening to closing for a flow). In a step's path and body, "$id" is the id and
 * "$version" the version of the case of the previous answer (`case.id` / `case.version`), so a
 * flow can act on the case it opened.
 */
import { Worker } from 'node:worker_threads';

export interface LoadStep {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
  /** whose session cookie (a key of the cookies given to runLoad) */
  as: string;
  /** figures are kept per label */
  label: string;
  /** the status that counts as success (default 200) */
  expect?: number;
}
export type LoadTask = LoadStep[];

export interface LoadResult {
  results: { label: string; status: number; ms: number; expected: boolean; body: string | null }[];
  elapsedMs: number;
  tasksDone: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { tasks, concurrency, maxMs, port, cookies } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
function send(step, ref) {
  const fill = (s) => s.split('"$version"').join(String(ref.version)).split('$id').join(ref.id);
  const body = step.body === undefined ? undefined : Buffer.from(fill(JSON.stringify(step.body)));
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: '127.0.0.1', port, method: step.method, path: fill(step.path), agent,
      headers: { cookie: cookies[step.as], ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        const text = Buffer.concat(chunks).toString();
        const expected = res.statusCode === (step.expect || 200);
        if (expected && text.startsWith('{')) {
          try {
            const json = JSON.parse(text);
            const c = json.case || json;
            if (c && c.id && c.version !== undefined) { ref.id = c.id; ref.version = c.version; }
          } catch {}
        }
        resolve({ label: step.label, status: res.statusCode, ms, expected, body: expected ? null : text.slice(0, 300) });
      });
    });
    req.on('error', (e) => resolve({ label: step.label, status: 0, ms: performance.now() - t0, expected: false, body: String(e) }));
    if (body) req.write(body);
    req.end();
  });
}
(async () => {
  const started = performance.now();
  let next = 0;
  let tasksDone = 0;
  const results = [];
  async function loop() {
    while (next < tasks.length && performance.now() - started < maxMs) {
      const task = tasks[next++];
      const ref = { id: '', version: 0 };
      let ok = true;
      for (const step of task) {
        const r = await send(step, ref);
        results.push(r);
        if (!r.expected) { ok = false; break; }
      }
      if (ok) tasksDone++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop));
  parentPort.postMessage({ results, elapsedMs: performance.now() - started, tasksDone });
  agent.destroy();
})();
`;

export function runLoad(
  baseUrl: string,
  cookies: Record<string, string>,
  tasks: LoadTask[],
  options: { concurrency: number; maxMs: number },
): Promise<LoadResult> {
  const port = Number(new URL(baseUrl).port);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { tasks, cookies, port, ...options } });
    worker.once('message', (m) => {
      resolve(m as LoadResult);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface Figures {
  label: string;
  n: number;
  /** requests (or flows) per second */
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  firstFailure?: string;
}

/** Figures of the results with `label` (all results when omitted); `rate` counts them over the run's time. */
export function figuresOf(load: LoadResult, label?: string, rateOf?: number): Figures {
  const mine = label ? load.results.filter((r) => r.label === label) : load.results;
  const ok = mine.filter((r) => r.expected);
  const failed = mine.filter((r) => !r.expected);
  const times = ok.map((r) => r.ms).sort((a, b) => a - b);
  return {
    label: label ?? 'all',
    n: mine.length,
    rate: ((rateOf ?? mine.length) / load.elapsedMs) * 1000,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    failed: failed.length,
    ...(failed.length ? { firstFailure: `${failed[0].status} ${failed[0].body}` } : {}),
  };
}

export function formatFigures(f: Figures): string {
  return `${f.label.padEnd(44)} n=${String(f.n).padStart(5)} ${f.rate.toFixed(0).padStart(6)}/s  p50 ${f.p50.toFixed(2).padStart(7)}  p95 ${f.p95.toFixed(2).padStart(7)}  p99 ${f.p99.toFixed(2).padStart(7)} ms${f.failed ? `  FAILED ${f.failed}: ${f.firstFailure}` : ''}`;
}
