import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { recordAudit } from './audit.js';
import { inTransaction } from './context.js';
import { NotFoundError, VersionConflictError } from './errors.js';
import { newId } from './ids.js';
import { nextNumber } from './numbering.js';
import { paginate } from './pagination.js';
import { assertCan, can, permissionsOf, systemActor } from './permissions.js';
import { updateVersioned } from './versioning.js';

describe('platform services on the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  async function insertDepartment(code: string, name: string) {
    const id = newId();
    const now = t.clock.now().toISOString();
    await t.database.db.insertInto('departments').values({ id, code, name, parent_id: null, head_user_id: null, created_at: now, updated_at: now }).execute();
    return id;
  }

  it('numbers cases per kind and year without gaps or repeats, even concurrently', async () => {
    const ctx = t.systemContext();
    expect(await nextNumber(ctx, 'BX', 2026)).toBe('BX-2026-000001');
    expect(await nextNumber(ctx, 'BX', 2026)).toBe('BX-2026-000002');
    expect(await nextNumber(ctx, 'TS', 2026)).toBe('TS-2026-000001');
    expect(await nextNumber(ctx, 'BX', 2027)).toBe('BX-2027-000001');
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => inTransaction(ctx, (tx) => nextNumber(tx, 'WX', 2026))));
    expect(new Set(concurrent).size).toBe(20);
    expect(concurrent.sort().at(-1)).toBe('WX-2026-000020');
  });

  it('updates only the version the caller read: stale → 409, unknown → 404', async () => {
    const id = await insertDepartment('QA', '品质部');
    const ctx = t.systemContext();
    await updateVersioned(ctx, 'departments', id, 1, { name: '质量部' });
    await expect(updateVersioned(ctx, 'departments', id, 1, { name: '品管部' })).rejects.toBeInstanceOf(VersionConflictError);
    await expect(updateVersioned(ctx, 'departments', newId(), 1, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const row = await t.database.db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).toBe('质量部');
    expect(row.version).toBe(2);
  });

  it('a failed command changes nothing, its audit row included', async () => {
    const id = await insertDepartment('FIN', '财务部');
    const ctx = t.systemContext();
    await expect(
      inTransaction(ctx, async (tx) => {
        await updateVersioned(tx, 'departments', id, 1, { name: '财务中心' });
        await recordAudit(tx, { entity: 'department', entityId: id, action: 'update' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const row = await t.database.db.selectFrom('departments').select(['name', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '财务部', version: 1 });
    const audits = await t.database.db.selectFrom('audit_log').select('id').where('entity_id', '=', id).execute();
    expect(audits).toHaveLength(0);
  });

  it('a service called inside another command joins its transaction', async () => {
    const id = await insertDepartment('JOIN', '联合部门');
    const ctx = t.systemContext();
    await expect(
      inTransaction(ctx, async (outer) => {
        await inTransaction(outer, (inner) => updateVersioned(inner, 'departments', id, 1, { name: '已改名' }));
        throw new Error('outer fails after the inner command');
      }),
    ).rejects.toThrow('outer fails');
    const row = await t.database.db.selectFrom('departments').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).toBe('联合部门');
  });

  it('pages with a stable cursor in both directions', async () => {
    for (const code of ['P05', 'P01', 'P04', 'P02', 'P03']) await insertDepartment(code, `部门${code}`);
    const base = () => t.database.db.selectFrom('departments').select(['departments.id', 'departments.code']).where('code', 'like', 'P%');
    const spec = { fields: { code: 'departments.code' }, idColumn: 'departments.id', defaultSort: 'code' };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await paginate(base(), spec, { limit: 2, cursor });
      seen.push(...page.items.map((r) => r.code));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['P01', 'P02', 'P03', 'P04', 'P05']);
    const desc = await paginate(base(), spec, { limit: 3, sort: '-code' });
    expect(desc.items.map((r) => r.code)).toEqual(['P05', 'P04', 'P03']);
    const rest = await paginate(base(), spec, { limit: 3, sort: '-code', cursor: desc.nextCursor! });
    expect(rest.items.map((r) => r.code)).toEqual(['P02', 'P01']);
    expect(rest.nextCursor).toBeNull();
    await expect(paginate(base(), spec, { sort: 'password' })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('permission matrix', () => {
  it('grants by role and unions several roles', () => {
    const agent = { kind: 'user' as const, id: 'a', username: 'a', displayName: 'a', roles: ['agent' as const], departmentId: null };
    expect(can(agent, 'customer.write')).toBe(true);
    expect(can(agent, 'staff.write')).toBe(false);
    expect(() => assertCan(agent, 'staff.write')).toThrow(/staff.write/);
    expect(permissionsOf(['technician']).has('customer.write')).toBe(false);
    expect(permissionsOf(['technician', 'supervisor']).has('customer.write')).toBe(true);
    expect(can(systemActor, 'staff.write')).toBe(true);
  });
});
