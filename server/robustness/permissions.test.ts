import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.js';
import { type Permission, permissionsOf, ROLES, type Role } from '../platform/permissions.js';
import { createTestApp, type TestApp, type TestClient } from '../testing/app.js';

/**
 * Every role × every endpoint (issue 6 §9). Each endpoint is called with a body that passes its
 * schema (generated from the OpenAPI document), first by a logged-in user without any role: every
 * endpoint must refuse that user with 403 naming the permission it needs — except the few that
 * every user has (their own account, session, inbox). Then each role calls each endpoint: refused
 * with 403 for that permission exactly when the role lacks it in the permission matrix
 * (platform/permissions.ts), never refused for it when the role has it.
 */

/** What any logged-in user may do, whatever the roles. */
const EVERY_USER = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/change-password',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'PUT /api/v1/auth/password',
  'PATCH /api/v1/auth/me',
  'PUT /api/v1/auth/me',
  'GET /api/v1/notifications/inbox',
  // upload limits and allowed file types: every form with an attachment shows them
  'GET /api/v1/settings/attachments',
]);

/** Endpoints a second permission also opens (the rule is "either … or …"). */
const ALTERNATIVES: Record<string, Permission[]> = {
  // dispatchers keep the technicians' bases too (and each technician his own)
  'PUT /api/v1/technicians/{id}/base': ['repair.dispatch'],
};

/** A value that passes a JSON schema (as far as a generator without regex solving can). */
function sample(schema: any, depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  for (const key of ['anyOf', 'oneOf']) {
    if (schema[key]) return sample(schema[key].find((s: any) => s.type !== 'null') ?? schema[key][0], depth + 1);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: any) => sample(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sample(schema.properties?.[name], depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'string': {
      if (schema.format === 'uuid') return newId();
      if (schema.format === 'date') return '2026-03-02';
      if (schema.format === 'date-time') return '2026-03-02T02:00:00.000Z';
      if (schema.format === 'email') return 'probe@example.com';
      const text = '权限探测';
      return text.padEnd(Math.max(schema.minLength ?? 1, 1), '测').slice(0, schema.maxLength ?? 100);
    }
    default:
      return undefined;
  }
}

interface Probe {
  key: string;
  method: string;
  url: string;
  body?: unknown;
}

function probesOf(doc: any): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const key = `${method.toUpperCase()} ${path}`;
      const query = (op.parameters ?? [])
        .filter((p: any) => p.in === 'query' && p.required)
        .map((p: any) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`)
        .join('&');
      const url = path.replace(/\{\w+\}/g, () => newId()) + (query ? `?${query}` : '');
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out.push({ key, method: method.toUpperCase(), url, ...(schema ? { body: sample(schema) } : {}) });
    }
  }
  return out;
}

describe('permissions: every role × every endpoint', () => {
  let t: TestApp;
  let nobody: TestClient;
  const byRole = new Map<Role, TestClient>();
  let probes: Probe[];

  beforeAll(async () => {
    t = await createTestApp();
    nobody = await t.userWith([]);
    for (const role of ROLES) byRole.set(role, await t.userWith([role]));
    const admin = byRole.get('admin')!;
    probes = probesOf((await admin.get('/api/docs/json')).json()).filter((p) => p.key !== 'POST /api/v1/auth/logout');
  });
  afterAll(async () => t?.close());

  const call = (client: TestClient, probe: Probe) =>
    client.request(probe.method, probe.url, probe.body, probe.body === undefined ? {} : { 'content-type': 'application/json' });

  it('refuses a user without roles everywhere except their own account, naming the permission', async () => {
    const open: string[] = [];
    const unprobed: string[] = [];
    for (const probe of probes) {
      const response = await call(nobody, probe);
      if (response.statusCode === 403) {
        expect(response.json().error.details?.permission, probe.key).toBeTruthy();
      } else if (response.statusCode < 400 && !EVERY_USER.has(probe.key)) {
        open.push(`${probe.key} → ${response.statusCode}`);
      } else if (!EVERY_USER.has(probe.key)) {
        unprobed.push(`${probe.key} → ${response.statusCode}`);
      }
    }
    expect(open).toEqual([]);
    // The generated bodies pass validation for most endpoints, so the check is reached. Not for
    // all: a field with a pattern or a cross-field rule fails validation first (400), and a few
    // services look the record up before the check (404 for an unknown id, nothing revealed).
    // Those endpoints are covered by their modules' tests; this keeps the share from growing.
    expect(unprobed.length, unprobed.join('\n')).toBeLessThan(probes.length * 0.2);
  }, 120_000);

  it('allows each role exactly what the permission matrix grants it', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const probe of probes) {
      const refusal = await call(nobody, probe);
      if (refusal.statusCode !== 403) continue;
      const needed = refusal.json().error.details.permission as Permission;
      for (const role of ROLES) {
        const response = await call(byRole.get(role)!, probe);
        const error = response.statusCode === 403 ? response.json().error : null;
        // a role-level refusal names the permission; a record-level one (e.g. "only your own van") says why
        const roleLevel = error !== null && String(error.message).startsWith('没有权限');
        const perms = permissionsOf([role]);
        const granted = [needed, ...(ALTERNATIVES[probe.key] ?? [])].some((p) => perms.has(p));
        if (granted && roleLevel && error.details?.permission === needed) wrong.push(`${role} ${probe.key}: refused ${needed} although granted`);
        if (!granted && error?.details?.permission !== needed) wrong.push(`${role} ${probe.key}: not refused ${needed} (→ ${response.statusCode})`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(ROLES.length * 100);
  }, 300_000);
});
