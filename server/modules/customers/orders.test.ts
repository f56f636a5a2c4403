import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { customerInput, makeProduct } from '../../testing/factories/customers.js';
import { orderTotalFen } from './orders.service.js';

describe('order total', () => {
  it('is Σ quantity × unit price in exact integer fen', () => {
    expect(orderTotalFen([])).toBe(0);
    expect(
      orderTotalFen([
        { quantity: 3, unitPriceFen: 1 },
        { quantity: 7, unitPriceFen: 129_999 },
      ]),
    ).toBe(909_996);
    // 0.1 yuan × 3 would be 0.30000000000000004 in floating point yuan; in fen it is exact
    expect(orderTotalFen([{ quantity: 3, unitPriceFen: 10 }])).toBe(30);
    expect(orderTotalFen([{ quantity: 1_000_000, unitPriceFen: 9_000_000_000 }])).toBe(9_000_000_000_000_000);
    expect(() => orderTotalFen([{ quantity: 1_000_000, unitPriceFen: 1_000_000_000_000 }])).toThrow(/too large/);
  });
});

describe('orders (销售订单 / transactions)', () => {
  let t: TestApp;
  let agent: TestClient;
  let customer: any;
  let lamp: Awaited<ReturnType<typeof makeProduct>>;
  let fan: Awaited<ReturnType<typeof makeProduct>>;

  const orderCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.userWith(['agent']);
    lamp = await makeProduct(t.database.db, { model: 'LED-36W', name: 'LED 面板灯' });
    fan = await makeProduct(t.database.db, { model: 'FS-40', name: '落地扇' });
    customer = (await agent.post('/api/v1/customers', customerInput({ name: '杭州好运来超市' }))).json();
  });
  afterAll(async () => t.close());

  it('records an order with lines; the total is computed exactly; the number is generated when omitted', async () => {
    const res = await agent.post('/api/v1/orders', {
      customerId: customer.id,
      orderDate: '2026-02-20',
      contractNumber: 'HT-2026-007',
      lines: [
        { productId: lamp.id, quantity: 12, unitPriceFen: 12_990 },
        { productId: fan.id, quantity: 3, unitPriceFen: 19_950 },
      ],
    });
    expect(res.statusCode).toBe(201);
    const o = res.json();
    expect(o.orderNumber).toBe('DD-2026-000001');
    expect(o.totalFen).toBe(12 * 12_990 + 3 * 19_950);
    expect(o).toMatchObject({ kind: 'sale', status: 'completed', lineCount: 2, contractNumber: 'HT-2026-007' });
    expect(o.lines.map((l: any) => [l.lineNo, l.productModel, l.amountFen])).toEqual([
      [1, 'LED-36W', 155_880],
      [2, 'FS-40', 59_850],
    ]);
    expect(o.customer).toMatchObject({ id: customer.id, name: '杭州好运来超市' });
    const trail = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', o.id).execute();
    expect(trail.map((a) => a.action)).toEqual(['create']);
    expect(JSON.parse(trail[0].after!).lines).toHaveLength(2);
  });

  it('an order number is unique: 409 duplicate_order_number', async () => {
    const body = {
      orderNumber: 'SO-2026-0100',
      customerId: customer.id,
      orderDate: '2026-01-05',
      lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 100 }],
    };
    expect((await agent.post('/api/v1/orders', body)).statusCode).toBe(201);
    const before = await orderCount();
    const again = await agent.post('/api/v1/orders', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('duplicate_order_number');
    expect(await orderCount()).toBe(before);
  });

  it('bad lines → 400 with the line path, nothing written', async () => {
    const before = await orderCount();
    const unknownProduct = await agent.post('/api/v1/orders', {
      customerId: customer.id,
      orderDate: '2026-01-05',
      lines: [
        { productId: lamp.id, quantity: 1, unitPriceFen: 100 },
        { productId: '01890000-0000-7000-8000-000000000000', quantity: 1, unitPriceFen: 100 },
      ],
    });
    expect(unknownProduct.statusCode).toBe(400);
    expect(unknownProduct.json().error.details[0].path).toEqual(['body', 'lines', 1, 'productId']);
    const invalid = await agent.post('/api/v1/orders', {
      customerId: customer.id,
      orderDate: '2026-13-01',
      lines: [{ productId: lamp.id, quantity: 0, unitPriceFen: 1.5 }],
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.map((d: any) => d.path.join('.'))).toEqual(
      expect.arrayContaining(['body.orderDate', 'body.lines.0.quantity', 'body.lines.0.unitPriceFen']),
    );
    expect((await agent.post('/api/v1/orders', { customerId: customer.id, orderDate: '2026-01-05', lines: [] })).statusCode).toBe(
      400,
    );
    expect(await orderCount()).toBe(before);
  });

  it('changes an order: new lines replace the old ones and the total follows; stale version → 409', async () => {
    const o = (
      await agent.post('/api/v1/orders', {
        customerId: customer.id,
        orderDate: '2026-01-10',
        lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 500 }],
      })
    ).json();
    const res = await agent.patch(`/api/v1/orders/${o.id}`, {
      version: 1,
      notes: '补货',
      lines: [
        { productId: fan.id, quantity: 2, unitPriceFen: 333 },
        { productId: lamp.id, quantity: 1, unitPriceFen: 1 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ totalFen: 667, notes: '补货', version: 2, lineCount: 2 });
    expect(res.json().lines.map((l: any) => l.productModel)).toEqual(['FS-40', 'LED-36W']);
    const trail = await t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', o.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    const change = JSON.parse(trail[1].before!);
    expect(change.total_fen).toBe(500);
    expect(change.lines).toHaveLength(1);
    expect((await agent.patch(`/api/v1/orders/${o.id}`, { version: 1, notes: 'x' })).statusCode).toBe(409);
    expect((await agent.patch('/api/v1/orders/01890000-0000-7000-8000-000000000000', { version: 1 })).statusCode).toBe(404);
  });

  it("cancelling an order removes it from the customer's transaction count; a cancelled order cannot change", async () => {
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    const make = async (orderDate: string) =>
      (
        await agent.post('/api/v1/orders', {
          customerId: c.id,
          orderDate,
          lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 100 }],
        })
      ).json();
    const first = await make('2025-11-01');
    await make('2025-12-01');
    await make('2026-01-01');
    expect((await agent.get(`/api/v1/customers/${c.id}`)).json().transactionCount).toBe(3);
    const cancelled = await agent.post(`/api/v1/orders/${first.id}/cancel`, { version: 1 });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await agent.get(`/api/v1/customers/${c.id}`)).json().transactionCount).toBe(2);
    expect((await agent.post(`/api/v1/orders/${first.id}/cancel`, { version: 2 })).statusCode).toBe(409);
    const edit = await agent.patch(`/api/v1/orders/${first.id}`, { version: 2, notes: 'x' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('illegal_transition');
  });

  it('lists by customer and date range, newest first by default', async () => {
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    for (const d of ['2025-01-15', '2025-06-15', '2025-12-15']) {
      await agent.post('/api/v1/orders', {
        customerId: c.id,
        orderDate: d,
        lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 100 }],
      });
    }
    const dates = async (query: string) =>
      (await agent.get(`/api/v1/orders?customerId=${c.id}&${query}`)).json().items.map((o: any) => o.orderDate);
    expect(await dates('')).toEqual(['2025-12-15', '2025-06-15', '2025-01-15']);
    expect(await dates('from=2025-06-01&to=2025-12-31&sort=orderDate')).toEqual(['2025-06-15', '2025-12-15']);
    expect(await dates('to=2025-01-15')).toEqual(['2025-01-15']);
    const all = (await agent.get('/api/v1/orders?q=SO-2026')).json().items;
    expect(all.map((o: any) => o.orderNumber)).toEqual(['SO-2026-0100']);
  });

  it('a technician can read orders but not record them', async () => {
    const technician = await t.userWith(['technician']);
    expect((await technician.get('/api/v1/orders')).statusCode).toBe(200);
    const denied = await technician.post('/api/v1/orders', {
      customerId: customer.id,
      orderDate: '2026-01-05',
      lines: [{ productId: lamp.id, quantity: 1, unitPriceFen: 100 }],
    });
    expect(denied.statusCode).toBe(403);
  });
});
