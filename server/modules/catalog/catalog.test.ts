import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { makeCategory, makeProduct } from '../../testing/factories/catalog.js';

describe('product catalogue', () => {
  let t: TestApp;
  let admin: TestClient;
  let warehouse: TestClient;
  let agent: TestClient;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith(['admin']);
    warehouse = await t.userWith(['warehouse']);
    agent = await t.userWith(['agent']);
  });
  afterAll(async () => t.close());

  const countProducts = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const auditOf = (entityId: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('at').orderBy('id').execute();

  describe('categories', () => {
    it('creates, renames with the current version, refuses a stale one, and audits each change', async () => {
      const created = await admin.post('/api/v1/product-categories', { code: 'lighting', name: '照明' });
      expect(created.statusCode).toBe(201);
      const category = created.json();
      expect(category).toMatchObject({ code: 'lighting', name: '照明', parentId: null, archived: false, version: 1 });

      const renamed = await admin.patch(`/api/v1/product-categories/${category.id}`, { version: 1, name: '照明灯具' });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: '照明灯具', version: 2 });

      const stale = await admin.patch(`/api/v1/product-categories/${category.id}`, { version: 1, name: '灯具' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('version_conflict');
      expect((await admin.get(`/api/v1/product-categories/${category.id}`)).json().name).toBe('照明灯具');

      const audit = await auditOf(category.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(JSON.parse(audit[1].before!)).toEqual({ name: '照明' });
      expect(JSON.parse(audit[1].after!)).toEqual({ name: '照明灯具' });
    });

    it('refuses a duplicate code (any letter case) with 409 and changes nothing', async () => {
      await admin.post('/api/v1/product-categories', { code: 'hvac', name: '暖通空调' });
      const dup = await admin.post('/api/v1/product-categories', { code: 'HVAC', name: '空调' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('duplicate_code');
      const list = await admin.get('/api/v1/product-categories?q=hvac');
      expect(list.json().items).toHaveLength(1);
    });

    it('keeps the tree a tree: no cycles, no archiving a parent with active children', async () => {
      const ctx = t.systemContext();
      const parent = await makeCategory(ctx, { code: 'appliance', name: '家电' });
      const child = await makeCategory(ctx, { code: 'appliance.heater', name: '热水器', parentId: parent.id });
      const cycle = await admin.patch(`/api/v1/product-categories/${parent.id}`, { version: parent.version, parentId: child.id });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json().error.code).toBe('tree_cycle');

      const archiveParent = await admin.post(`/api/v1/product-categories/${parent.id}/archive`, { version: parent.version });
      expect(archiveParent.statusCode).toBe(422);
      expect(archiveParent.json().error.code).toBe('has_active_children');

      const archiveChild = await admin.post(`/api/v1/product-categories/${child.id}/archive`, { version: child.version });
      expect(archiveChild.statusCode).toBe(200);
      expect(archiveChild.json().archived).toBe(true);
      const active = (await admin.get('/api/v1/product-categories?limit=500')).json().items.map((c: any) => c.id);
      expect(active).not.toContain(child.id);
      const archived = (await admin.get('/api/v1/product-categories?archived=archived')).json().items.map((c: any) => c.id);
      expect(archived).toContain(child.id);

      const again = await admin.post(`/api/v1/product-categories/${child.id}/archive`, { version: 2 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('illegal_transition');
      const restored = await admin.post(`/api/v1/product-categories/${child.id}/restore`, { version: 2 });
      expect(restored.json()).toMatchObject({ archived: false, version: 3 });
    });

    it('lets an agent read but not change categories', async () => {
      expect((await agent.get('/api/v1/product-categories')).statusCode).toBe(200);
      const res = await agent.post('/api/v1/product-categories', { code: 'x1', name: 'X' });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('products', () => {
    it('takes warranty terms from the company default when the form leaves them out', async () => {
      const category = await makeCategory(t.systemContext());
      const res = await warehouse.post('/api/v1/products', {
        model: 'HG-LED-DL-12W',
        name: 'LED 筒灯 12W',
        categoryId: category.id,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        model: 'HG-LED-DL-12W',
        categoryName: category.name,
        defaultWarrantyMonths: 12,
        postRepairWarrantyDays: 90,
        status: 'active',
        version: 1,
      });
    });

    it('company defaults: readable by all, changed by the admin only, with versions, used for new products', async () => {
      const initial = (await agent.get('/api/v1/settings/catalog-defaults')).json();
      expect(initial).toMatchObject({ defaultWarrantyMonths: 12, postRepairWarrantyDays: 90, version: 1 });

      expect(
        (
          await warehouse.put('/api/v1/settings/catalog-defaults', {
            version: 1,
            defaultWarrantyMonths: 24,
            postRepairWarrantyDays: 180,
          })
        ).statusCode,
      ).toBe(403);
      const bad = await admin.put('/api/v1/settings/catalog-defaults', {
        version: 1,
        defaultWarrantyMonths: -1,
        postRepairWarrantyDays: 180,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.map((d: any) => d.path.join('.'))).toContain('body.defaultWarrantyMonths');

      const saved = await admin.put('/api/v1/settings/catalog-defaults', {
        version: 1,
        defaultWarrantyMonths: 24,
        postRepairWarrantyDays: 180,
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json()).toMatchObject({ defaultWarrantyMonths: 24, postRepairWarrantyDays: 180, version: 2 });
      const stale = await admin.put('/api/v1/settings/catalog-defaults', {
        version: 1,
        defaultWarrantyMonths: 6,
        postRepairWarrantyDays: 30,
      });
      expect(stale.statusCode).toBe(409);

      const category = await makeCategory(t.systemContext());
      const product = await warehouse.post('/api/v1/products', {
        model: 'HG-AC-35',
        name: '壁挂式空调',
        categoryId: category.id,
      });
      expect(product.json()).toMatchObject({ defaultWarrantyMonths: 24, postRepairWarrantyDays: 180 });
      const explicit = await warehouse.post('/api/v1/products', {
        model: 'HG-AC-72',
        name: '柜式空调',
        categoryId: category.id,
        defaultWarrantyMonths: 36,
        postRepairWarrantyDays: 0,
      });
      expect(explicit.json()).toMatchObject({ defaultWarrantyMonths: 36, postRepairWarrantyDays: 0 });

      const audit = await auditOf('catalog.defaults');
      expect(JSON.parse(audit[0].after!)).toEqual({ defaultWarrantyMonths: 24, postRepairWarrantyDays: 180 });
      // put the SPEC defaults back for the other tests
      await admin.put('/api/v1/settings/catalog-defaults', { version: 2, defaultWarrantyMonths: 12, postRepairWarrantyDays: 90 });
    });

    it('refuses a duplicate model with 409 duplicate_model and changes nothing', async () => {
      const category = await makeCategory(t.systemContext());
      await makeProduct(t.systemContext(), { model: 'HG-HW-60L', categoryId: category.id });
      const before = await countProducts();
      const dup = await admin.post('/api/v1/products', { model: 'hg-hw-60l', name: '电热水器', categoryId: category.id });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('duplicate_model');
      expect(await countProducts()).toBe(before);
    });

    it('answers 400 with field paths for a bad product and 422 for an unknown category', async () => {
      const before = await countProducts();
      const bad = await admin.post('/api/v1/products', { model: '', defaultWarrantyMonths: 1.5, categoryId: 'nope' });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().error.details.map((d: any) => d.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['body.model', 'body.name', 'body.categoryId', 'body.defaultWarrantyMonths']));

      const unknown = await admin.post('/api/v1/products', {
        model: 'HG-X',
        name: 'X',
        categoryId: '0190a000-0000-7000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error.details[0].path).toEqual(['body', 'categoryId']);
      expect(await countProducts()).toBe(before);
    });

    it('updates with versions and audits before/after; unknown id is 404; agents cannot change products', async () => {
      const product = await makeProduct(t.systemContext(), { model: 'HG-CL-24W', name: '吸顶灯' });
      const res = await warehouse.patch(`/api/v1/products/${product.id}`, {
        version: 1,
        specification: '24W 4000K Φ400mm',
        defaultWarrantyMonths: 24,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ specification: '24W 4000K Φ400mm', defaultWarrantyMonths: 24, version: 2 });
      const stale = await warehouse.patch(`/api/v1/products/${product.id}`, { version: 1, name: '圆形吸顶灯' });
      expect(stale.statusCode).toBe(409);

      const audit = await auditOf(product.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(JSON.parse(audit[1].before!)).toEqual({ specification: null, defaultWarrantyMonths: 12 });

      expect((await agent.patch(`/api/v1/products/${product.id}`, { version: 2, name: 'x' })).statusCode).toBe(403);
      expect((await admin.get('/api/v1/products/0190a000-0000-7000-8000-000000000000')).statusCode).toBe(404);
      expect((await admin.get('/api/v1/products/not-an-id')).statusCode).toBe(400);
    });

    it('discontinues a product (once) and filters the list by status, category and text', async () => {
      const ctx = t.systemContext();
      const lamps = await makeCategory(ctx, { code: 'street', name: '路灯' });
      const a = await makeProduct(ctx, { model: 'HG-SL-100W', name: 'LED 路灯 100W', categoryId: lamps.id });
      const b = await makeProduct(ctx, { model: 'HG-SL-150W', name: 'LED 路灯 150W', categoryId: lamps.id });
      const stopped = await warehouse.post(`/api/v1/products/${a.id}/discontinue`, { version: a.version });
      expect(stopped.statusCode).toBe(200);
      expect(stopped.json()).toMatchObject({ status: 'discontinued', version: 2 });
      const twice = await warehouse.post(`/api/v1/products/${a.id}/discontinue`, { version: 2 });
      expect(twice.statusCode).toBe(409);

      const active = await agent.get(`/api/v1/products?categoryId=${lamps.id}&status=active`);
      expect(active.json().items.map((p: any) => p.model)).toEqual(['HG-SL-150W']);
      const byText = await agent.get(`/api/v1/products?q=${encodeURIComponent('路灯 1')}&sort=-model`);
      expect(byText.json().items.map((p: any) => p.model)).toEqual(['HG-SL-150W', 'HG-SL-100W']);
      const byModel = await agent.get('/api/v1/products?q=sl-15');
      expect(byModel.json().items.map((p: any) => p.id)).toEqual([b.id]);
      // LIKE wildcards in the search text are taken literally
      expect((await agent.get('/api/v1/products?q=%25')).json().items).toEqual([]);
    });

    it('pages through products with a cursor', async () => {
      const ctx = t.systemContext();
      const category = await makeCategory(ctx, { code: 'paging' });
      for (let i = 1; i <= 5; i++) await makeProduct(ctx, { model: `PG-${i}`, categoryId: category.id });
      const first = (await agent.get(`/api/v1/products?categoryId=${category.id}&limit=2&sort=model`)).json();
      expect(first.items.map((p: any) => p.model)).toEqual(['PG-1', 'PG-2']);
      const second = (
        await agent.get(`/api/v1/products?categoryId=${category.id}&limit=2&sort=model&cursor=${first.nextCursor}`)
      ).json();
      expect(second.items.map((p: any) => p.model)).toEqual(['PG-3', 'PG-4']);
      const third = (
        await agent.get(`/api/v1/products?categoryId=${category.id}&limit=2&sort=model&cursor=${second.nextCursor}`)
      ).json();
      expect(third.items.map((p: any) => p.model)).toEqual(['PG-5']);
      expect(third.nextCursor).toBeNull();
      expect((await agent.get('/api/v1/products?sort=price')).statusCode).toBe(400);
    });

    it('cannot put a product into an archived category', async () => {
      const ctx = t.systemContext();
      const old = await makeCategory(ctx, { code: 'old' });
      const archived = await admin.post(`/api/v1/product-categories/${old.id}/archive`, { version: 1 });
      expect(archived.statusCode).toBe(200);
      const res = await admin.post('/api/v1/products', { model: 'HG-OLD', name: '旧产品', categoryId: old.id });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('invalid_reference');
    });
  });
});
