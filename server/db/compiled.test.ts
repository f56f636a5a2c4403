import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { insertRows, reusableQuery } from './compiled.js';
import type { DB } from './database.js';
import { startsWith } from './text-prefix.js';

describe('queries compiled once', () => {
  let database: TestDatabase;
  let db: DB;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(async () => database.destroy());

  const region = (code: string, name: string, parentId: string | null = null) => ({
    id: `r-${code}`,
    code,
    name,
    parent_id: parentId,
    created_at: '2026-03-02T02:00:00.000Z',
    updated_at: '2026-03-02T02:00:00.000Z',
  });
  const byCode = reusableQuery('test.regionByCode', (db, code: string) =>
    db.selectFrom('regions').select(['id', 'code', 'name', 'parent_id']).where('code', '=', code),
  );

  it('writes the same rows as Kysely, each call with its own values, one row or many', async () => {
    await insertRows(db, 'regions', [region('SZ', '深圳市')]);
    await insertRows(db, 'regions', [region('NS', '南山区', 'r-SZ'), region('FT', '福田区', 'r-SZ')]);
    await insertRows(db, 'regions', [region('LH', '龙华区', 'r-SZ')]);
    const rows = await db.selectFrom('regions').select(['code', 'name', 'parent_id']).orderBy('code').execute();
    expect(rows).toEqual([
      { code: 'FT', name: '福田区', parent_id: 'r-SZ' },
      { code: 'LH', name: '龙华区', parent_id: 'r-SZ' },
      { code: 'NS', name: '南山区', parent_id: 'r-SZ' },
      { code: 'SZ', name: '深圳市', parent_id: null },
    ]);
    expect(await byCode(db, 'NS')).toEqual([{ id: 'r-NS', code: 'NS', name: '南山区', parent_id: 'r-SZ' }]);
    expect(await byCode(db, 'FT')).toEqual([{ id: 'r-FT', code: 'FT', name: '福田区', parent_id: 'r-SZ' }]);
    expect(await byCode(db, 'none')).toEqual([]);
  });

  it('rows with other columns or an undefined value are written as Kysely writes them', async () => {
    const { parent_id: _parent, ...withoutParent } = region('BA', '宝安区');
    await insertRows(db, 'regions', [withoutParent as any]);
    await insertRows(db, 'regions', [{ ...region('LG', '龙岗区'), parent_id: undefined }]);
    expect(await byCode(db, 'BA')).toEqual([{ id: 'r-BA', code: 'BA', name: '宝安区', parent_id: null }]);
    expect(await byCode(db, 'LG')).toEqual([{ id: 'r-LG', code: 'LG', name: '龙岗区', parent_id: null }]);
  });

  it('a builder that transforms its argument is built afresh every time (never a wrong template)', async () => {
    const codesStartingWith = reusableQuery('test.prefix', (db, prefix: string) =>
      db.selectFrom('regions').select('code').where(startsWith(db, 'code', prefix)).orderBy('code'),
    );
    expect((await codesStartingWith(db, 'L')).map((r) => r.code)).toEqual(['LG', 'LH']);
    expect((await codesStartingWith(db, 'F')).map((r) => r.code)).toEqual(['FT']);
  });

  it('runs inside a transaction, which a failure rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await insertRows(trx as unknown as DB, 'regions', [region('GM', '光明区')]);
        expect(await byCode(trx as unknown as DB, 'GM')).toHaveLength(1);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await byCode(db, 'GM')).toEqual([]);
  });
});
