import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { makeCategory, makeProduct } from '../../testing/factories/catalog.js';
import { makeSparePart, makeWarehouse, stockUp } from '../../testing/factories/parts.js';

describe('parts catalogue and stock locations', () => {
  let t: TestApp;
  let admin: TestClient;
  let warehouse: TestClient;
  let agent: TestClient;
  let technician: TestClient;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith(['admin']);
    warehouse = await t.userWith(['warehouse']);
    agent = await t.userWith(['agent']);
    technician = await t.userWith(['technician']);
  });
  afterAll(async () => t.close());

  const auditOf = (entityId: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('at').orderBy('id').execute();

  describe('spare parts (备件)', () => {
    it('creates a part with the products it fits, edits it with the current version, refuses a stale one, and audits', async () => {
      const ctx = t.systemContext();
      const category = await makeCategory(ctx, { name: '热水器' });
      const heater = await makeProduct(ctx, { model: 'RSQ-60', categoryId: category.id });
      const created = await warehouse.post('/api/v1/spare-parts', {
        code: 'JRG-001',
        name: '加热管',
        specification: '2000W 不锈钢',
        unitOfMeasure: '根',
        categoryId: category.id,
        productIds: [heater.id],
        standardCostFen: 4550,
        minStock: 5,
      });
      expect(created.statusCode).toBe(201);
      const part = created.json();
      expect(part).toMatchObject({
        code: 'JRG-001',
        name: '加热管',
        unitOfMeasure: '根',
        categoryName: '热水器',
        products: [{ id: heater.id, model: 'RSQ-60' }],
        standardCostFen: 4550,
        minStock: 5,
        status: 'active',
        onHandTotal: 0,
        availableTotal: 0,
        version: 1,
      });

      const edited = await warehouse.patch(`/api/v1/spare-parts/${part.id}`, { version: 1, minStock: 8, productIds: [] });
      expect(edited.statusCode).toBe(200);
      expect(edited.json()).toMatchObject({ minStock: 8, products: [], version: 2 });

      const stale = await warehouse.patch(`/api/v1/spare-parts/${part.id}`, { version: 1, name: '加热棒' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('version_conflict');
      expect((await warehouse.get(`/api/v1/spare-parts/${part.id}`)).json().name).toBe('加热管');

      const audit = await auditOf(part.id);
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
      expect(JSON.parse(audit[1].before!)).toEqual({ minStock: 5, productIds: [heater.id] });
      expect(JSON.parse(audit[1].after!)).toEqual({ minStock: 8, productIds: [] });
    });

    it('refuses a duplicate part number in any letter case with 409, and unknown products with 422 on the field', async () => {
      await makeSparePart(t.systemContext(), { code: 'MB-100' });
      const dup = await warehouse.post('/api/v1/spare-parts', { code: 'mb-100', name: '主板', unitOfMeasure: '块' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('duplicate_code');

      const badProduct = await warehouse.post('/api/v1/spare-parts', {
        code: 'MB-200',
        name: '主板',
        unitOfMeasure: '块',
        productIds: ['0190f000-0000-7000-8000-0000000000ff'],
      });
      expect(badProduct.statusCode).toBe(422);
      expect(badProduct.json().error.details[0].path).toEqual(['body', 'productIds', 0]);
      expect((await warehouse.get('/api/v1/spare-parts?q=MB-200')).json().items).toHaveLength(0);
    });

    it('validates input with field paths and changes nothing', async () => {
      const bad = await warehouse.post('/api/v1/spare-parts', { code: '', name: '', unitOfMeasure: '个', minStock: -1 });
      expect(bad.statusCode).toBe(400);
      const paths = bad.json().error.details.map((d: any) => d.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.minStock']));
    });

    it('lists with search, filters and cursor pages; shows stock totals', async () => {
      const ctx = t.systemContext();
      const product = await makeProduct(ctx, { model: 'KT-35' });
      const fits = await makeSparePart(ctx, { code: 'LIST-A1', name: '压缩机电容', productIds: [product.id] });
      await makeSparePart(ctx, { code: 'LIST-A2', name: '遥控器' });
      await makeSparePart(ctx, { code: 'LIST-A3', name: '风扇电机' });
      const wh = await makeWarehouse(ctx);
      await stockUp(ctx, wh.id, fits.id, 7);

      const page1 = (await agent.get('/api/v1/spare-parts?q=LIST-A&limit=2')).json();
      expect(page1.items.map((p: any) => p.code)).toEqual(['LIST-A1', 'LIST-A2']);
      expect(page1.items[0]).toMatchObject({ onHandTotal: 7, availableTotal: 7 });
      const page2 = (await agent.get(`/api/v1/spare-parts?q=LIST-A&limit=2&cursor=${page1.nextCursor}`)).json();
      expect(page2.items.map((p: any) => p.code)).toEqual(['LIST-A3']);
      expect(page2.nextCursor).toBeNull();

      const byProduct = (await agent.get(`/api/v1/spare-parts?productId=${product.id}`)).json();
      expect(byProduct.items.map((p: any) => p.code)).toEqual(['LIST-A1']);
      const byName = (await agent.get(`/api/v1/spare-parts?q=${encodeURIComponent('遥控')}`)).json();
      expect(byName.items.map((p: any) => p.code)).toEqual(['LIST-A2']);
    });

    it('discontinues a part (audited as such); a discontinued part takes no new stock', async () => {
      const ctx = t.systemContext();
      const part = await makeSparePart(ctx);
      const wh = await makeWarehouse(ctx);
      const res = await warehouse.patch(`/api/v1/spare-parts/${part.id}`, { version: part.version, status: 'discontinued' });
      expect(res.json()).toMatchObject({ status: 'discontinued', version: 2 });
      expect((await auditOf(part.id)).map((a) => a.action)).toEqual(['create', 'discontinue']);
      const receive = await warehouse.post('/api/v1/stock/receive', {
        locationId: wh.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(receive.statusCode).toBe(422);
      expect(receive.json().error.code).toBe('part_discontinued');
    });

    it('lets agents and technicians read but only warehouse staff and admins write', async () => {
      expect((await agent.get('/api/v1/spare-parts')).statusCode).toBe(200);
      expect((await technician.get('/api/v1/spare-parts')).statusCode).toBe(200);
      const byAgent = await agent.post('/api/v1/spare-parts', { code: 'X-1', name: '螺丝', unitOfMeasure: '个' });
      expect(byAgent.statusCode).toBe(403);
      const byTech = await technician.post('/api/v1/spare-parts', { code: 'X-1', name: '螺丝', unitOfMeasure: '个' });
      expect(byTech.statusCode).toBe(403);
      expect((await admin.post('/api/v1/spare-parts', { code: 'X-1', name: '螺丝', unitOfMeasure: '个' })).statusCode).toBe(201);
    });

    it('answers 404 for an unknown part', async () => {
      const res = await agent.get('/api/v1/spare-parts/0190f000-0000-7000-8000-0000000000aa');
      expect(res.statusCode).toBe(404);
    });
  });

  describe('stock locations (仓库 / 车载库)', () => {
    it("creates a warehouse and a technician's van; a van needs a technician, a warehouse has none", async () => {
      const wh = await warehouse.post('/api/v1/stock-locations', { code: 'WH-SH', name: '上海总仓', kind: 'warehouse' });
      expect(wh.statusCode).toBe(201);
      expect(wh.json()).toMatchObject({ kind: 'warehouse', technicianUserId: null, archived: false, version: 1 });

      const noTech = await warehouse.post('/api/v1/stock-locations', { code: 'VAN-X', name: '车载库', kind: 'van' });
      expect(noTech.statusCode).toBe(400);
      expect(noTech.json().error.details[0].path).toEqual(['body', 'technicianUserId']);

      const notATechnician = await warehouse.post('/api/v1/stock-locations', {
        code: 'VAN-X',
        name: '车载库',
        kind: 'van',
        technicianUserId: agent.userId,
      });
      expect(notATechnician.statusCode).toBe(422);
      expect(notATechnician.json().error.code).toBe('invalid_reference');

      const van = await warehouse.post('/api/v1/stock-locations', {
        code: 'VAN-ZS',
        name: '张师傅车载库',
        kind: 'van',
        technicianUserId: technician.userId,
      });
      expect(van.statusCode).toBe(201);
      expect(van.json()).toMatchObject({ kind: 'van', technicianUserId: technician.userId, technicianName: expect.any(String) });

      const mine = (await technician.get(`/api/v1/stock-locations?technicianUserId=${technician.userId}`)).json();
      expect(mine.items.map((l: any) => l.code)).toEqual(['VAN-ZS']);
      const warehouses = (await agent.get('/api/v1/stock-locations?kind=warehouse&q=WH-SH')).json();
      expect(warehouses.items.map((l: any) => l.code)).toEqual(['WH-SH']);

      const dup = await warehouse.post('/api/v1/stock-locations', { code: 'wh-sh', name: '重复', kind: 'warehouse' });
      expect(dup.statusCode).toBe(409);
    });

    it('archives a location only when nothing is on hand there, and refuses movements at an archived one', async () => {
      const ctx = t.systemContext();
      const wh = await makeWarehouse(ctx);
      const part = await makeSparePart(ctx);
      await stockUp(ctx, wh.id, part.id, 2);

      const refused = await warehouse.patch(`/api/v1/stock-locations/${wh.id}`, { version: wh.version, archived: true });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.code).toBe('location_not_empty');

      const emptied = await warehouse.post('/api/v1/stock/adjust', {
        locationId: wh.id,
        partId: part.id,
        quantity: -2,
        reason: '报废',
      });
      expect(emptied.statusCode).toBe(200);
      const archived = await warehouse.patch(`/api/v1/stock-locations/${wh.id}`, { version: wh.version, archived: true });
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ archived: true, version: 2 });
      expect((await auditOf(wh.id)).map((a) => a.action)).toEqual(['create', 'archive']);

      const receive = await warehouse.post('/api/v1/stock/receive', {
        locationId: wh.id,
        lines: [{ partId: part.id, quantity: 1 }],
      });
      expect(receive.statusCode).toBe(422);
      expect(receive.json().error.code).toBe('location_archived');

      const stale = await warehouse.patch(`/api/v1/stock-locations/${wh.id}`, { version: 1, name: '旧仓' });
      expect(stale.statusCode).toBe(409);
    });
  });
});
