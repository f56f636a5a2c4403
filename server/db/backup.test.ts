import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../platform/ids.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { backupDatabase, orderByDependencies, restoreDatabase } from './backup.js';
import { openSqlite } from './database.js';
import { migrateToLatest } from './migrate.js';

const now = '2026-03-02T02:00:00.000Z';

async function fillSample(db: TestDatabase['db']) {
  const parentId = newId();
  const childId = newId();
  // child inserted first in id order would break a naive restore: the self-reference is deferred
  await db.insertInto('departments').values({ id: parentId, code: 'KF', name: '客服部', parent_id: null, head_user_id: null, created_at: now, updated_at: now }).execute();
  await db.insertInto('departments').values({ id: childId, code: 'KF-1', name: '客服一组', parent_id: parentId, head_user_id: null, created_at: now, updated_at: now }).execute();
  await db.updateTable('departments').set({ parent_id: childId }).where('id', '=', parentId).execute();
  await db.updateTable('departments').set({ parent_id: null }).where('id', '=', parentId).execute();
  const userId = newId();
  await db
    .insertInto('users')
    .values({ id: userId, username: 'wang.wu', display_name: '王五', password_hash: 'x', email: null, phone: '13900000000', department_id: childId, grade: null, created_at: now, updated_at: now })
    .execute();
  await db.insertInto('user_roles').values([{ user_id: userId, role: 'agent' }, { user_id: userId, role: 'supervisor' }]).execute();
  await db.insertInto('counters').values({ kind: 'KH', year: 2026, value: 42 }).execute();
  await db.insertInto('settings').values({ key: 'catalog.defaults', value: JSON.stringify({ months: 12 }), updated_at: now }).execute();
  await db
    .insertInto('audit_log')
    .values({ id: newId(), at: now, actor_id: userId, actor_label: 'wang.wu', entity: 'user', entity_id: userId, action: 'create', before: null, after: '{"名字":"王五"}', request_id: null })
    .execute();
  await db.updateTable('departments').set({ archived: true }).where('id', '=', childId).execute();
  // binary content (a signature PNG, a raw e-mail) must survive the JSON lines
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10]);
  await db
    .insertInto('attachments')
    .values({ id: newId(), entity: 'case', entity_id: 'c1', file_name: '签名.png', mime_type: 'image/png', size_bytes: png.length, sha256: 'x', content: png, uploaded_by: userId, source: 'signature', created_at: now })
    .execute();
}

async function snapshot(db: TestDatabase['db']) {
  const tables = ['departments', 'users', 'user_roles', 'counters', 'settings', 'audit_log', 'attachments'] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await (db as any).selectFrom(table).selectAll().execute();
    out[table] = rows
      .map((r: any) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v])))
      .sort((a: any, b: any) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

describe('backup and restore', () => {
  let source: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    source = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'aftersales-backup-'));
    await fillSample(source.db);
  });
  afterAll(async () => source.destroy());

  it('round-trips every row exactly into a fresh database', async () => {
    const file = path.join(dir, 'roundtrip.ndjson.gz');
    const summary = await backupDatabase(source.db, file, { schema: source.schema });
    expect(summary.tables.departments).toBe(2);
    expect(summary.tables.users).toBe(1);
    const target = await createTestDatabase();
    try {
      const restored = await restoreDatabase(target.db, file, { schema: target.schema });
      expect(restored.tables).toEqual(summary.tables);
      expect(await snapshot(target.db)).toEqual(await snapshot(source.db));
    } finally {
      await target.destroy();
    }
  });

  it('refuses to restore over existing data and leaves it untouched', async () => {
    const file = path.join(dir, 'refuse.ndjson.gz');
    await backupDatabase(source.db, file, { schema: source.schema });
    const before = await snapshot(source.db);
    await expect(restoreDatabase(source.db, file, { schema: source.schema })).rejects.toThrow(/empty database/);
    expect(await snapshot(source.db)).toEqual(before);
  });

  it('moves data from the embedded SQLite database to the other dialect', async () => {
    const sqliteSource = openSqlite(':memory:');
    await migrateToLatest(sqliteSource.db);
    await fillSample(sqliteSource.db);
    const file = path.join(dir, 'cross.ndjson.gz');
    await backupDatabase(sqliteSource.db, file);
    const target = await createTestDatabase();
    try {
      await restoreDatabase(target.db, file, { schema: target.schema });
      expect(await snapshot(target.db)).toEqual(await snapshot(sqliteSource.db));
    } finally {
      await target.destroy();
      await sqliteSource.destroy();
    }
  });

  it('orders parents before children', () => {
    const ordered = orderByDependencies([
      { name: 'units', columns: [], primaryKey: ['id'], foreignKeys: [{ column: 'customer_id', references: 'customers' }] },
      { name: 'customers', columns: [], primaryKey: ['id'], foreignKeys: [{ column: 'merged_into_id', references: 'customers' }] },
    ]);
    expect(ordered.map((t) => t.name)).toEqual(['customers', 'units']);
  });
});
