import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../db/dialect.js';
import { newId } from '../platform/ids.js';
import { createTestApp, type TestApp, type TestClient } from '../testing/app.js';

/**
 * Bad input over every endpoint (issue 6 §8), generated from the OpenAPI document: malformed JSON,
 * wrong types in every body property and query parameter, huge and odd Unicode strings, SQL and
 * HTML injection, invalid and unknown ids in every path parameter. Whatever the input: never a
 * 5xx, and a refused request (4xx) changes nothing — checked on the row count of every table and
 * on the audit log after each endpoint. Sent as an administrator, so the input reaches validation
 * and the services instead of stopping at the permission check.
 */

const HUGE = '𠮷'.repeat(70_000);
const ODD_STRINGS = [
  "'; drop table cases; --",
  '" or 1=1 --',
  '<img src=x onerror=alert(1)>',
  '\u0000\u0001\u202e\ufeff',
  '\ud800',
  'ｒｅｐａｉｒ　全角　',
  HUGE,
];
const WRONG_VALUES: unknown[] = [null, 12345678901234567890, -1, true, [], {}, [1, 'a', null], ...ODD_STRINGS];
const BAD_IDS = ['not-a-uuid', "1' or '1'='1", '%00', 'x'.repeat(3000), newId(), '00000000-0000-0000-0000-000000000000', '..%2F..%2Fetc%2Fpasswd'];

/** Routes a fuzzer must not call: they end the session it runs on. */
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyProperties: string[];
  hasBody: boolean;
}

function operationsOf(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const params: any[] = op.parameters ?? [];
      const body = op.requestBody?.content?.['application/json']?.schema;
      const properties = new Set<string>(Object.keys(body?.properties ?? {}));
      for (const part of [...(body?.anyOf ?? []), ...(body?.oneOf ?? []), ...(body?.allOf ?? [])]) {
        for (const p of Object.keys(part?.properties ?? {})) properties.add(p);
      }
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyProperties: [...properties],
        hasBody: !!op.requestBody,
      });
    }
  }
  return out;
}

describe('bad input on every endpoint', () => {
  let t: TestApp;
  let admin: TestClient;
  let doc: any;
  let tables: string[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith(['admin']);
    doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const db = t.database.db;
    tables =
      dialectOf(db) === 'postgres'
        ? (
            await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${t.database.schema!} and table_type = 'BASE TABLE'`.execute(
              db,
            )
          ).rows.map((r) => r.name)
        : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows.map(
            (r) => r.name,
          );
    // sessions change on every request (last seen); the login rate limiter counts attempts
    tables = tables.filter((name) => !['sessions', 'kysely_migration', 'kysely_migration_lock'].includes(name)).sort();
  });
  afterAll(async () => t?.close());

  /** Row count of every table: a refused request must leave all of them as they were. */
  async function snapshot(): Promise<Record<string, number>> {
    const union = tables.map((name) => `select '${name}' as name, count(*) as n from "${name}"`).join(' union all ');
    const rows = (await sql.raw<{ name: string; n: number }>(union).execute(t.database.db)).rows;
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
  }

  it('never answers 5xx, and a refused request changes nothing', async () => {
    const operations = operationsOf(doc).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
    expect(operations.length).toBeGreaterThan(50);
    const serverErrors: string[] = [];
    const changedOnRefusal: string[] = [];
    let requests = 0;

    for (const op of operations) {
      const url = (params: Record<string, string>, query = '') =>
        op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? newId())) + query;
      const attempts: { label: string; url: string; payload?: string; contentType?: string }[] = [];
      // invalid and unknown ids in each path parameter
      for (const name of op.pathParams) for (const id of BAD_IDS) attempts.push({ label: `path ${name}=${id.slice(0, 20)}`, url: url({ [name]: id }) });
      // wrong types and odd strings in each query parameter
      for (const name of op.queryParams) {
        const encoded = [...ODD_STRINGS.slice(0, 6).filter((v) => v !== '\ud800'), 'x'.repeat(5000), '-1', '1e309', '[]'].map(encodeURIComponent);
        // plus bytes that are not UTF-8 at all
        for (const value of [...encoded, '%ff%fe%ed%a0%80']) attempts.push({ label: `query ${name}`, url: url({}, `?${name}=${value}`) });
      }
      if (op.hasBody || ['POST', 'PUT', 'PATCH'].includes(op.method)) {
        for (const raw of ['{"title": ', '[', 'null', '"text"', '12', '{"__proto__": {"admin": true}}', `{"a": "${'x'.repeat(200_000)}"}`]) {
          attempts.push({ label: `raw ${raw.slice(0, 12)}`, url: url({}), payload: raw, contentType: 'application/json' });
        }
        attempts.push({ label: 'form body', url: url({}), payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' });
        for (const property of op.bodyProperties) {
          for (const value of WRONG_VALUES) {
            attempts.push({ label: `body ${property}`, url: url({}), payload: JSON.stringify({ [property]: value }), contentType: 'application/json' });
          }
        }
      }

      const before = await snapshot();
      let refusedAll = true;
      for (const attempt of attempts) {
        requests++;
        const response = await t.app.inject({
          method: op.method as any,
          url: attempt.url,
          headers: { cookie: admin.cookie, ...(attempt.contentType ? { 'content-type': attempt.contentType } : {}) },
          ...(attempt.payload !== undefined ? { payload: attempt.payload } : {}),
        });
        if (response.statusCode >= 500) serverErrors.push(`${op.method} ${op.path} [${attempt.label}] → ${response.statusCode} ${response.body.slice(0, 200)}`);
        if (response.statusCode < 400) refusedAll = false;
      }
      // only when every attempt on the endpoint was refused is "nothing changed" the expectation
      // (a GET that ignores an odd filter answers 200 and changes nothing either)
      if (refusedAll || op.method === 'GET') {
        const after = await snapshot();
        const diff = Object.keys(after).filter((k) => after[k] !== before[k]);
        if (diff.length) changedOnRefusal.push(`${op.method} ${op.path}: ${diff.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`);
      }
    }
    expect(serverErrors).toEqual([]);
    expect(changedOnRefusal).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 600_000);
});
