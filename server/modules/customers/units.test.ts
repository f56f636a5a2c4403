import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { customerInput, makeProduct } from '../../testing/factories/customers.js';
import { markUnitReplaced, markUnitReturned } from './units.service.js';

describe('units (设备/产品档案) and their warranty', () => {
  let t: TestApp;
  let agent: TestClient;
  let lamp: Awaited<ReturnType<typeof makeProduct>>;
  let aircon: Awaited<ReturnType<typeof makeProduct>>;
  let customer: any;
  let otherCustomer: any;

  const unitCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('units')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    // 2026-03-02 10:00 in Shanghai; sessions outlive the clock moves below
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', config: { sessionTtlHours: 24 * 365 } });
    agent = await t.userWith(['agent']);
    lamp = await makeProduct(t.database.db, { model: 'LED-600', name: 'LED 面板灯', defaultWarrantyMonths: 12 });
    aircon = await makeProduct(t.database.db, { model: 'KFR-35GW', name: '挂式空调', defaultWarrantyMonths: 36 });
    customer = (await agent.post('/api/v1/customers', customerInput({ name: '上海明亮物业管理有限公司' }))).json();
    otherCustomer = (await agent.post('/api/v1/customers', customerInput())).json();
  });
  afterAll(async () => t.close());

  it('registers a unit; warranty = purchase date + catalogue months, covered through the day before', async () => {
    const res = await agent.post('/api/v1/units', {
      serialNumber: ' led600-a0001 ',
      productId: lamp.id,
      customerId: customer.id,
      purchaseDate: '2025-03-15',
      contractNumber: 'HT-2025-018',
      installationAddress: '上海市浦东新区张江路 100 号',
    });
    expect(res.statusCode).toBe(201);
    const u = res.json();
    expect(u.serialNumber).toBe('LED600-A0001');
    expect(u.product).toMatchObject({ model: 'LED-600', name: 'LED 面板灯', defaultWarrantyMonths: 12 });
    expect(u.customer).toMatchObject({ id: customer.id, name: '上海明亮物业管理有限公司' });
    expect(u.warranty).toMatchObject({
      end: '2026-03-14',
      inWarranty: true,
      asOf: '2026-03-02',
      daysLeft: 12,
      reason: 'catalogue_default',
      defaultMonths: 12,
      override: null,
    });
    expect(u.cases).toEqual([]);
    const trail = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', u.id).execute();
    expect(trail.map((a) => a.action)).toEqual(['create']);
    expect((await agent.get(`/api/v1/units/${u.id}`)).json().warranty.end).toBe('2026-03-14');
  });

  it('a duplicate serial number of the same model is a clear 409, whatever the case typed', async () => {
    const before = await unitCount();
    const res = await agent.post('/api/v1/units', {
      serialNumber: 'Led600-A0001',
      productId: lamp.id,
      customerId: otherCustomer.id,
    });
    expect(res.statusCode).toBe(409);
    const error = res.json().error;
    expect(error.code).toBe('duplicate_serial');
    expect(error.message).toContain('LED600-A0001');
    expect(error.message).toContain('LED-600');
    expect(error.details.existingUnitId).toBeTruthy();
    expect(await unitCount()).toBe(before);
    // the same serial number on another model is a different unit
    const otherModel = await agent.post('/api/v1/units', {
      serialNumber: 'LED600-A0001',
      productId: aircon.id,
      customerId: customer.id,
    });
    expect(otherModel.statusCode).toBe(201);
  });

  it('the database constraint backs the check up', async () => {
    const now = new Date().toISOString();
    const row = {
      id: '01890000-0000-7000-8000-0000000000aa',
      serial_number: 'LED600-A0001',
      product_id: lamp.id,
      customer_id: customer.id,
      created_at: now,
      updated_at: now,
    };
    await expect(t.database.db.insertInto('units').values(row).execute()).rejects.toThrow();
  });

  it('a contract override needs a reason; with one it wins and says so', async () => {
    const before = await unitCount();
    const noReason = await agent.post('/api/v1/units', {
      serialNumber: 'KFR-0001',
      productId: aircon.id,
      customerId: customer.id,
      purchaseDate: '2025-03-15',
      warrantyEndOverride: '2030-03-14',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.map((d: any) => d.path.join('.'))).toContain('body.warrantyOverrideReason');
    expect(await unitCount()).toBe(before);

    const res = await agent.post('/api/v1/units', {
      serialNumber: 'KFR-0001',
      productId: aircon.id,
      customerId: customer.id,
      purchaseDate: '2025-03-15',
      warrantyEndOverride: '2030-03-14',
      warrantyOverrideReason: '合同 HT-2025-018 约定整机保修五年',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().warranty).toMatchObject({
      end: '2030-03-14',
      reason: 'contract_override',
      override: '2030-03-14',
      overrideReason: '合同 HT-2025-018 约定整机保修五年',
      inWarranty: true,
    });
  });

  it('recomputes the warranty end when purchase date, override or product change', async () => {
    const u = (
      await agent.post('/api/v1/units', {
        serialNumber: 'RE-0001',
        productId: lamp.id,
        customerId: customer.id,
        purchaseDate: '2025-01-31',
      })
    ).json();
    expect(u.warranty.end).toBe('2026-01-30');
    expect(u.warranty.inWarranty).toBe(false);

    let res = await agent.patch(`/api/v1/units/${u.id}`, { version: 1, purchaseDate: '2025-12-31' });
    expect(res.json().warranty).toMatchObject({ end: '2026-12-30', inWarranty: true });

    res = await agent.patch(`/api/v1/units/${u.id}`, { version: 2, productId: aircon.id });
    expect(res.json().warranty).toMatchObject({ end: '2028-12-30', defaultMonths: 36 });

    // an override without a reason is refused on change too, and nothing changes
    const refused = await agent.patch(`/api/v1/units/${u.id}`, { version: 3, warrantyEndOverride: '2029-01-01' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toEqual(['body', 'warrantyOverrideReason']);
    expect((await agent.get(`/api/v1/units/${u.id}`)).json().version).toBe(3);

    res = await agent.patch(`/api/v1/units/${u.id}`, {
      version: 3,
      warrantyEndOverride: '2029-01-01',
      warrantyOverrideReason: '延保合同',
    });
    expect(res.json().warranty).toMatchObject({ end: '2029-01-01', reason: 'contract_override' });
    res = await agent.patch(`/api/v1/units/${u.id}`, { version: 4, warrantyEndOverride: null });
    expect(res.json().warranty).toMatchObject({ end: '2028-12-30', reason: 'catalogue_default', overrideReason: null });
    res = await agent.patch(`/api/v1/units/${u.id}`, { version: 5, purchaseDate: null });
    expect(res.json().warranty).toMatchObject({ end: null, inWarranty: null, reason: 'unknown_purchase_date' });

    const stale = await agent.patch(`/api/v1/units/${u.id}`, { version: 2, notes: '覆盖' });
    expect(stale.statusCode).toBe(409);
    const trail = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', u.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(trail.map((a) => a.action)).toEqual(['create', 'update', 'update', 'update', 'update', 'update']);
    expect(JSON.parse(trail[1].after!)).toEqual({ purchase_date: '2025-12-31', warranty_end: '2026-12-30' });
  });

  it('changing serial number or model to one already registered is a 409', async () => {
    const u = (await agent.post('/api/v1/units', { serialNumber: 'MOVE-1', productId: lamp.id, customerId: customer.id })).json();
    const res = await agent.patch(`/api/v1/units/${u.id}`, { version: 1, serialNumber: 'led600-a0001' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('duplicate_serial');
  });

  it('"in warranty" is decided on today\'s date in the company time zone', async () => {
    const u = (
      await agent.post('/api/v1/units', {
        serialNumber: 'TZ-1',
        productId: lamp.id,
        customerId: customer.id,
        purchaseDate: '2025-03-15',
      })
    ).json();
    const saved = t.clock.now();
    try {
      t.clock.set('2026-03-14T15:59:00Z'); // 23:59 on 14 March in Shanghai: last covered day
      expect((await agent.get(`/api/v1/units/${u.id}`)).json().warranty).toMatchObject({ inWarranty: true, daysLeft: 0 });
      t.clock.set('2026-03-14T16:01:00Z'); // 00:01 on 15 March in Shanghai, still the 14th in UTC
      expect((await agent.get(`/api/v1/units/${u.id}`)).json().warranty).toMatchObject({ inWarranty: false, asOf: '2026-03-15' });
    } finally {
      t.clock.set(saved);
    }
  });

  it('rejects references that do not exist or belong to another customer', async () => {
    const before = await unitCount();
    const unknownProduct = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: '01890000-0000-7000-8000-000000000000',
      customerId: customer.id,
    });
    expect(unknownProduct.statusCode).toBe(400);
    expect(unknownProduct.json().error.details[0].path).toEqual(['body', 'productId']);
    const unknownCustomer = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: lamp.id,
      customerId: '01890000-0000-7000-8000-000000000000',
    });
    expect(unknownCustomer.json().error.details[0].path).toEqual(['body', 'customerId']);
    const order = (
      await agent.post('/api/v1/orders', {
        customerId: otherCustomer.id,
        orderDate: '2025-01-01',
        lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 1 }],
      })
    ).json();
    const foreignOrder = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: lamp.id,
      customerId: customer.id,
      orderId: order.id,
    });
    expect(foreignOrder.statusCode).toBe(400);
    expect(foreignOrder.json().error.details[0].path).toEqual(['body', 'orderId']);
    const foreignAddress = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: lamp.id,
      customerId: customer.id,
      installationAddressId: otherCustomer.addresses[0].id,
    });
    expect(foreignAddress.json().error.details[0].path).toEqual(['body', 'installationAddressId']);
    const badDate = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: lamp.id,
      customerId: customer.id,
      purchaseDate: '2025-02-30',
    });
    expect(badDate.statusCode).toBe(400);
    expect(await unitCount()).toBe(before);
    const ok = await agent.post('/api/v1/units', {
      serialNumber: 'X-1',
      productId: lamp.id,
      customerId: otherCustomer.id,
      orderId: order.id,
      installationAddressId: otherCustomer.addresses[0].id,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().orderNumber).toBe(order.orderNumber);
  });

  it('lists units by serial prefix, customer, product, status and warranty as of a date', async () => {
    const t2 = await createTestApp({ now: '2026-03-02T02:00:00.000Z' });
    try {
      const a = await t2.userWith(['agent']);
      const p = await makeProduct(t2.database.db, { model: 'P-1', defaultWarrantyMonths: 12 });
      const c1 = (await a.post('/api/v1/customers', customerInput())).json();
      const c2 = (await a.post('/api/v1/customers', customerInput())).json();
      await a.post('/api/v1/units', { serialNumber: 'ABC-001', productId: p.id, customerId: c1.id, purchaseDate: '2025-06-01' }); // → 2026-05-31
      await a.post('/api/v1/units', { serialNumber: 'ABC-002', productId: p.id, customerId: c1.id, purchaseDate: '2024-06-01' }); // → 2025-05-31
      await a.post('/api/v1/units', { serialNumber: 'XYZ-001', productId: p.id, customerId: c2.id, status: 'scrapped' });
      const serials = async (query: string) =>
        (await a.get(`/api/v1/units?sort=serialNumber&${query}`)).json().items.map((u: any) => u.serialNumber);
      expect(await serials('q=abc')).toEqual(['ABC-001', 'ABC-002']);
      expect(await serials(`customerId=${c2.id}`)).toEqual(['XYZ-001']);
      expect(await serials(`productId=${p.id}`)).toHaveLength(3);
      expect(await serials('status=scrapped')).toEqual(['XYZ-001']);
      expect(await serials('warranty=in')).toEqual(['ABC-001']);
      expect(await serials('warranty=out')).toEqual(['ABC-002']);
      expect(await serials('warranty=unknown')).toEqual(['XYZ-001']);
      expect(await serials('warranty=in&asOf=2025-05-31')).toEqual(['ABC-001', 'ABC-002']);
      expect(await serials('warranty=out&asOf=2026-06-01')).toEqual(['ABC-001', 'ABC-002']);
      const page = (await a.get('/api/v1/units?limit=2&sort=serialNumber')).json();
      expect(page.items).toHaveLength(2);
      expect(
        (await a.get(`/api/v1/units?limit=2&sort=serialNumber&cursor=${page.nextCursor}`)).json().items[0].serialNumber,
      ).toBe('XYZ-001');
      expect((await a.get('/api/v1/units?warranty=maybe')).statusCode).toBe(400);
    } finally {
      await t2.close();
    }
  });

  it('the unit page lists every case on the unit (产品失败履历), newest first', async () => {
    const unit = (
      await agent.post('/api/v1/units', { customerId: customer.id, productId: lamp.id, serialNumber: 'HIST-0001', purchaseDate: '2025-06-01' })
    ).json();
    expect((await agent.get(`/api/v1/units/${unit.id}`)).json().cases).toEqual([]);
    const first = await agent.post('/api/v1/cases', { type: 'repair', channel: 'phone', title: '灯不亮', unitId: unit.id });
    expect(first.statusCode).toBe(201);
    t.clock.advance(60_000);
    const second = await agent.post('/api/v1/cases', { type: 'consultation', channel: 'phone', title: '如何调光', unitId: unit.id });
    const history = (await agent.get(`/api/v1/units/${unit.id}`)).json().cases;
    expect(history.map((c: any) => [c.number, c.type])).toEqual([
      [second.json().case.number, 'consultation'],
      [first.json().case.number, 'repair'],
    ]);
  });

  it('after a warranty remedy: replaced by the new unit, or returned — versioned, audited with the case', async () => {
    const register = async (serialNumber: string, customerId = customer.id) => {
      const res = await agent.post('/api/v1/units', { customerId, productId: aircon.id, serialNumber, purchaseDate: '2025-06-01' });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    const unitRow = (id: string) => t.database.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const trailOf = async (id: string) =>
      (await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('at').orderBy('id').execute()).map(
        (a) => a.action,
      );
    const sys = () => t.systemContext();
    const caseId = newId();
    const old = await register('EXCH-0001');
    const fresh = await register('EXCH-0002');
    const stranger = await register('EXCH-0003', otherCustomer.id);

    // another customer's unit, or the unit itself, cannot be the replacement: nothing changes
    for (const replacedByUnitId of [stranger.id, old.id]) {
      await expect(
        inTransaction(sys(), (tx) => markUnitReplaced(tx, { unitId: old.id, replacedByUnitId, caseId })),
      ).rejects.toMatchObject({ statusCode: 422, code: 'replacement_unit_mismatch' });
    }
    await expect(
      inTransaction(sys(), (tx) => markUnitReplaced(tx, { unitId: newId(), replacedByUnitId: fresh.id, caseId })),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(await unitRow(old.id)).toMatchObject({ status: 'in_service', replaced_by_unit_id: null, version: 1 });

    await inTransaction(sys(), (tx) => markUnitReplaced(tx, { unitId: old.id, replacedByUnitId: fresh.id, caseId }));
    expect(await unitRow(old.id)).toMatchObject({ status: 'replaced', replaced_by_unit_id: fresh.id, version: 2 });
    expect((await agent.get(`/api/v1/units/${old.id}`)).json().status).toBe('replaced');
    const replaced = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', old.id)
      .where('action', '=', 'replace')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(String(replaced.after))).toEqual({ status: 'replaced', replacedByUnitId: fresh.id, caseId });
    // a unit no longer in service is neither replaced again nor returned
    await expect(
      inTransaction(sys(), (tx) => markUnitReplaced(tx, { unitId: old.id, replacedByUnitId: fresh.id, caseId })),
    ).rejects.toMatchObject({ statusCode: 422, code: 'unit_not_in_service' });
    expect(await inTransaction(sys(), (tx) => markUnitReturned(tx, { unitId: old.id, caseId }))).toBe(false);
    expect(await trailOf(old.id)).toEqual(['create', 'replace']);

    // a refund paid: the new unit goes back, once
    expect(await inTransaction(sys(), (tx) => markUnitReturned(tx, { unitId: fresh.id, caseId }))).toBe(true);
    expect(await unitRow(fresh.id)).toMatchObject({ status: 'returned', version: 2 });
    expect(await inTransaction(sys(), (tx) => markUnitReturned(tx, { unitId: fresh.id, caseId }))).toBe(false);
    expect(await trailOf(fresh.id)).toEqual(['create', 'return']);
  });

  it('404 for an unknown unit; a technician reads but cannot register', async () => {
    expect((await agent.get('/api/v1/units/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await agent.patch('/api/v1/units/01890000-0000-7000-8000-000000000000', { version: 1, notes: 'x' })).statusCode).toBe(
      404,
    );
    const technician = await t.userWith(['technician']);
    expect((await technician.get('/api/v1/units')).statusCode).toBe(200);
    const denied = await technician.post('/api/v1/units', { serialNumber: 'T-1', productId: lamp.id, customerId: customer.id });
    expect(denied.statusCode).toBe(403);
  });
});
