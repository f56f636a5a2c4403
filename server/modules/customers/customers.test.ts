import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { customerInput, makeProduct } from '../../testing/factories/customers.js';

describe('customer file (顾客档案)', () => {
  let t: TestApp;
  let agent: TestClient;
  let technician: TestClient;

  const count = async (table: 'customers' | 'customer_contacts' | 'customer_addresses' | 'audit_log') =>
    Number(
      (
        await t.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const audits = (entityId: string) =>
    t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('at').orderBy('id').execute();

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.userWith(['agent']);
    technician = await t.userWith(['technician']);
  });
  afterAll(async () => t.close());

  it('creates a customer with contacts and addresses in one go; the creating agent owns it', async () => {
    const res = await agent.post('/api/v1/customers', {
      kind: 'person',
      name: '张三',
      class: 'A',
      vip: true,
      preferredChannel: 'phone',
      preferredContactHours: '工作日 10:00-11:30',
      tags: ['老客户', '华南'],
      contacts: [
        { name: '张三', role: 'main_user', phone: '+86 138-0013-8000', email: 'Zhang.San@Example.com' },
        { name: '李四', role: 'purchaser', phone: '0755-88886666' },
      ],
      addresses: [{ province: '广东省', city: '深圳市', district: '南山区', line: '科技园南区1号' }],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.code).toBe('KH-2026-000001');
    expect(c.namePinyin).toBe('zhangsan zs');
    expect(c.ownerUserId).toBe(agent.userId);
    expect(c.ownerName).toMatch(/测试用户/);
    expect(c.vip).toBe(true);
    expect(c.keyAccount).toBe(false);
    expect(c.tags).toEqual(['老客户', '华南']);
    expect(c.contacts).toHaveLength(2);
    expect(c.contacts[0]).toMatchObject({ name: '张三', isPrimary: true, phone: '+86 138-0013-8000' });
    expect(c.contacts[1].isPrimary).toBe(false);
    expect(c.addresses[0]).toMatchObject({ city: '深圳市', isDefault: true });
    expect(c.counts).toEqual({ contacts: 2, addresses: 1, units: 0, orders: 0 });
    expect(c.transactionCount).toBe(0);

    const stored = await t.database.db
      .selectFrom('customer_contacts')
      .selectAll()
      .where('customer_id', '=', c.id)
      .orderBy('name', 'desc')
      .execute();
    expect(stored.map((s) => s.phone_digits).sort()).toEqual(['075588886666', '13800138000']);
    expect(stored.find((s) => s.phone_digits === '13800138000')?.email_lower).toBe('zhang.san@example.com');

    const trail = await audits(c.id);
    expect(trail.map((a) => a.action)).toEqual(['create']);
    expect(JSON.parse(trail[0].after!).name).toBe('张三');
    expect(trail[0].actor_id).toBe(agent.userId);
    for (const contact of c.contacts) expect((await audits(contact.id)).map((a) => a.action)).toEqual(['create']);
  });

  it('bad input → 400 with field paths and nothing written (not even a number)', async () => {
    const before = await Promise.all([
      count('customers'),
      count('customer_contacts'),
      count('customer_addresses'),
      count('audit_log'),
    ]);
    const res = await agent.post('/api/v1/customers', {
      kind: 'robot',
      name: '',
      contacts: [{ name: '王五', phone: '12-34', email: 'not-an-email' }],
      addresses: [{ line: '' }],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: any) => d.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.kind',
        'body.name',
        'body.contacts.0.phone',
        'body.contacts.0.email',
        'body.addresses.0.line',
      ]),
    );
    const unknownOwner = await agent.post(
      '/api/v1/customers',
      customerInput({ ownerUserId: '01890000-0000-7000-8000-000000000000' }),
    );
    expect(unknownOwner.statusCode).toBe(400);
    expect(unknownOwner.json().error.details[0].path).toEqual(['body', 'ownerUserId']);
    const unknownRegion = await agent.post(
      '/api/v1/customers',
      customerInput({ addresses: [{ line: 'x', regionId: '01890000-0000-7000-8000-000000000000' }] }),
    );
    expect(unknownRegion.json().error.details[0].path).toEqual(['body', 'addresses', 0, 'regionId']);
    const after = await Promise.all([
      count('customers'),
      count('customer_contacts'),
      count('customer_addresses'),
      count('audit_log'),
    ]);
    expect(after).toEqual(before);
    // the failed requests did not use up a customer number
    const next = await agent.post('/api/v1/customers', customerInput());
    expect(next.json().code).toBe('KH-2026-000002');
  });

  it('lists in pinyin order (阿, 北, 张, 赵) with cursor pages, and filters', async () => {
    const t2 = await createTestApp();
    try {
      const a = await t2.userWith(['agent']);
      const other = await t2.userWith(['agent']);
      for (const name of ['赵', '张', '阿', '北', '程平', '陈娟', '陈超']) {
        expect((await a.post('/api/v1/customers', { kind: 'person', name })).statusCode).toBe(201);
      }
      await a.post('/api/v1/customers', {
        kind: 'company',
        name: '广州大客户集团',
        keyAccount: true,
        class: 'A',
        ownerUserId: other.userId,
      });
      const people = await a.get('/api/v1/customers?kind=person&sort=name');
      // phone-book order: every 陈 (chen) before 程 (cheng)
      expect(people.json().items.map((c: any) => c.name)).toEqual(['阿', '北', '陈超', '陈娟', '程平', '张', '赵']);
      const desc = await a.get('/api/v1/customers?kind=person&sort=-name');
      expect(desc.json().items.map((c: any) => c.name)).toEqual(['赵', '张', '程平', '陈娟', '陈超', '北', '阿']);

      const page1 = (await a.get('/api/v1/customers?kind=person&limit=4')).json();
      expect(page1.items.map((c: any) => c.name)).toEqual(['阿', '北', '陈超', '陈娟']);
      const page2 = (await a.get(`/api/v1/customers?kind=person&limit=4&cursor=${page1.nextCursor}`)).json();
      expect(page2.items.map((c: any) => c.name)).toEqual(['程平', '张', '赵']);
      expect(page2.nextCursor).toBeNull();

      expect((await a.get('/api/v1/customers?keyAccount=true')).json().items.map((c: any) => c.name)).toEqual(['广州大客户集团']);
      expect((await a.get('/api/v1/customers?class=A')).json().items).toHaveLength(1);
      expect((await a.get(`/api/v1/customers?ownerUserId=${other.userId}`)).json().items).toHaveLength(1);
      expect((await a.get(`/api/v1/customers?ownerUserId=${a.userId}`)).json().items).toHaveLength(7);
      expect((await a.get(`/api/v1/customers?q=${encodeURIComponent('大客户')}`)).json().items).toHaveLength(1);
      expect((await a.get('/api/v1/customers?q=gzdkh')).json().items).toHaveLength(1); // initials
      expect((await a.get('/api/v1/customers?sort=code')).json().items[0].code).toBe('KH-2026-000001');
      const bad = await a.get('/api/v1/customers?sort=password');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toEqual(['sort']);
      expect((await a.get('/api/v1/customers?vip=maybe')).statusCode).toBe(400);
    } finally {
      await t2.close();
    }
  });

  it('changes a customer with its version; name changes recompute pinyin; audit keeps only changed fields', async () => {
    const created = (await agent.post('/api/v1/customers', { kind: 'person', name: '赵六' })).json();
    const res = await agent.patch(`/api/v1/customers/${created.id}`, {
      version: created.version,
      name: '曾小贤',
      doNotDisturb: true,
      class: 'A',
    });
    expect(res.statusCode).toBe(200);
    const updated = res.json();
    expect(updated).toMatchObject({ name: '曾小贤', namePinyin: 'zengxiaoxian zxx', doNotDisturb: true, class: 'A', version: 2 });
    const trail = await audits(created.id);
    expect(trail.map((a) => a.action)).toEqual(['create', 'update']);
    const change = { before: JSON.parse(trail[1].before!), after: JSON.parse(trail[1].after!) };
    expect(change.before).toMatchObject({ name: '赵六', class: 'C' });
    expect(change.after).toMatchObject({ name: '曾小贤', class: 'A', do_not_disturb: true });
    expect(Object.keys(change.after)).not.toContain('kind');

    // someone else saved first: stale version → 409, nothing changed
    const stale = await agent.patch(`/api/v1/customers/${created.id}`, { version: 1, name: '覆盖' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');
    expect((await agent.get(`/api/v1/customers/${created.id}`)).json().name).toBe('曾小贤');

    const missing = await agent.patch('/api/v1/customers/01890000-0000-7000-8000-000000000000', { version: 1, name: 'x' });
    expect(missing.statusCode).toBe(404);
    expect((await agent.get('/api/v1/customers/01890000-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await agent.get('/api/v1/customers/not-a-uuid')).statusCode).toBe(400);
    const noVersion = await agent.patch(`/api/v1/customers/${created.id}`, { name: 'x' });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().error.details[0].path).toEqual(['body', 'version']);
  });

  it('archives a customer (hidden from the default list), and not twice', async () => {
    const created = (await agent.post('/api/v1/customers', customerInput({ name: '归档测试公司' }))).json();
    const res = await agent.post(`/api/v1/customers/${created.id}/archive`, { version: created.version });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('archived');
    const active = (await agent.get(`/api/v1/customers?q=${encodeURIComponent('归档测试')}`)).json().items;
    expect(active).toHaveLength(0);
    const archived = (await agent.get(`/api/v1/customers?status=archived&q=${encodeURIComponent('归档测试')}`)).json().items;
    expect(archived).toHaveLength(1);
    const again = await agent.post(`/api/v1/customers/${created.id}/archive`, { version: 2 });
    expect(again.statusCode).toBe(409);
    expect((await audits(created.id)).map((a) => a.action)).toEqual(['create', 'archive']);
  });

  it('contacts: add, change (one primary at a time), archive — each versioned and audited', async () => {
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    const firstContact = c.contacts[0];
    expect(firstContact.isPrimary).toBe(true);
    const added = await agent.post(`/api/v1/customers/${c.id}/contacts`, {
      name: '赵工',
      role: 'technical_lead',
      phone: '021 5555 6666',
      isPrimary: true,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ name: '赵工', isPrimary: true, role: 'technical_lead' });
    const detail = (await agent.get(`/api/v1/customers/${c.id}`)).json();
    expect(detail.contacts.filter((x: any) => x.isPrimary).map((x: any) => x.name)).toEqual(['赵工']);
    const demoted = detail.contacts.find((x: any) => x.id === firstContact.id);
    expect(demoted.version).toBe(2);

    const changed = await agent.patch(`/api/v1/customer-contacts/${added.json().id}`, {
      version: 1,
      phone: '13912345678',
      email: 'ZG@Corp.CN',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ phone: '13912345678', email: 'ZG@Corp.CN', version: 2 });
    const row = await t.database.db
      .selectFrom('customer_contacts')
      .selectAll()
      .where('id', '=', added.json().id)
      .executeTakeFirstOrThrow();
    expect(row.phone_digits).toBe('13912345678');
    expect(row.phone_digits_reversed).toBe('87654321931');
    expect(row.email_lower).toBe('zg@corp.cn');

    expect((await agent.patch(`/api/v1/customer-contacts/${added.json().id}`, { version: 1, name: 'x' })).statusCode).toBe(409);
    expect((await agent.patch(`/api/v1/customer-contacts/${added.json().id}`, { version: 2, phone: 'abc' })).statusCode).toBe(
      400,
    );
    const archived = await agent.post(`/api/v1/customer-contacts/${added.json().id}/archive`, { version: 2 });
    expect(archived.statusCode).toBe(200);
    expect(archived.json().archived).toBe(true);
    expect((await agent.get(`/api/v1/customers/${c.id}`)).json().contacts.map((x: any) => x.id)).not.toContain(added.json().id);
    expect((await audits(added.json().id)).map((a) => a.action)).toEqual(['create', 'update', 'archive']);
    expect((await agent.post('/api/v1/customers/01890000-0000-7000-8000-000000000000/contacts', { name: 'x' })).statusCode).toBe(
      404,
    );
    expect(
      (await agent.post('/api/v1/customer-contacts/01890000-0000-7000-8000-000000000000/archive', { version: 1 })).statusCode,
    ).toBe(404);
  });

  it('addresses: add (new default), change, archive', async () => {
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    const added = await agent.post(`/api/v1/customers/${c.id}/addresses`, {
      label: '仓库',
      province: '浙江省',
      city: '杭州市',
      line: '余杭区文一西路 969 号',
      latitude: 30.28,
      longitude: 120.02,
      isDefault: true,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ isDefault: true, latitude: 30.28, longitude: 120.02 });
    const detail = (await agent.get(`/api/v1/customers/${c.id}`)).json();
    expect(detail.addresses.filter((a: any) => a.isDefault).map((a: any) => a.label)).toEqual(['仓库']);
    const bad = await agent.post(`/api/v1/customers/${c.id}/addresses`, { line: 'x', latitude: 120 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toEqual(['body', 'latitude']);
    const changed = await agent.patch(`/api/v1/customer-addresses/${added.json().id}`, { version: 1, postalCode: '311121' });
    expect(changed.json()).toMatchObject({ postalCode: '311121', version: 2 });
    const archived = await agent.post(`/api/v1/customer-addresses/${added.json().id}/archive`, { version: 2 });
    expect(archived.json()).toMatchObject({ archived: true, isDefault: false });
    expect((await agent.post(`/api/v1/customer-addresses/${added.json().id}/archive`, { version: 3 })).statusCode).toBe(409);
  });

  it('a technician reads customers but cannot change them; anonymous callers are refused', async () => {
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    expect((await technician.get(`/api/v1/customers/${c.id}`)).statusCode).toBe(200);
    expect((await technician.get('/api/v1/customers')).statusCode).toBe(200);
    expect((await technician.get('/api/v1/customers/lookup?q=139')).statusCode).toBe(200);
    const before = await count('customers');
    const denied = await technician.post('/api/v1/customers', customerInput());
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');
    expect((await technician.patch(`/api/v1/customers/${c.id}`, { version: 1, name: 'x' })).statusCode).toBe(403);
    expect((await technician.post(`/api/v1/customers/${c.id}/archive`, { version: 1 })).statusCode).toBe(403);
    expect((await technician.post(`/api/v1/customers/${c.id}/contacts`, { name: 'x' })).statusCode).toBe(403);
    expect((await technician.patch(`/api/v1/customer-contacts/${c.contacts[0].id}`, { version: 1, name: 'x' })).statusCode).toBe(
      403,
    );
    expect(await count('customers')).toBe(before);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/customers' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the detail shows units with warranty status and the order summary', async () => {
    const product = await makeProduct(t.database.db, { model: 'DT-100', defaultWarrantyMonths: 12 });
    const c = (await agent.post('/api/v1/customers', customerInput())).json();
    await agent.post('/api/v1/units', {
      serialNumber: 'dt100-0001',
      productId: product.id,
      customerId: c.id,
      purchaseDate: '2025-03-15',
    });
    await agent.post('/api/v1/units', {
      serialNumber: 'dt100-0002',
      productId: product.id,
      customerId: c.id,
      purchaseDate: '2024-01-10',
    });
    for (const orderDate of ['2025-03-01', '2025-04-01', '2025-05-01']) {
      await agent.post('/api/v1/orders', {
        customerId: c.id,
        orderDate,
        lines: [{ productId: product.id, quantity: 1, unitPriceFen: 100 }],
      });
    }
    const cancelled = (await agent.get(`/api/v1/orders?customerId=${c.id}&sort=orderDate`)).json().items[0];
    await agent.post(`/api/v1/orders/${cancelled.id}/cancel`, { version: cancelled.version });
    const detail = (await agent.get(`/api/v1/customers/${c.id}`)).json();
    expect(detail.units).toHaveLength(2);
    const bySerial = Object.fromEntries(detail.units.map((u: any) => [u.serialNumber, u]));
    expect(bySerial['DT100-0001'].product.model).toBe('DT-100');
    expect(bySerial['DT100-0001'].warranty).toMatchObject({ end: '2026-03-14', inWarranty: true, reason: 'catalogue_default' });
    expect(bySerial['DT100-0002'].warranty).toMatchObject({ end: '2025-01-09', inWarranty: false });
    expect(detail.orders).toMatchObject({ count: 3, transactionCount: 2, totalFen: 200 });
    expect(detail.orders.recent).toHaveLength(3);
    expect(detail.transactionCount).toBe(2);
    expect(detail.counts).toMatchObject({ units: 2, orders: 3 });
    const listed = (await agent.get(`/api/v1/customers?q=${encodeURIComponent(c.name)}`)).json().items[0];
    expect(listed.transactionCount).toBe(2);
  });
});

describe('lookup as you type (来电查找)', () => {
  let t: TestApp;
  let agent: TestClient;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.userWith(['agent']);
    const product = await makeProduct(t.database.db, { model: 'KT-35' });
    const make = async (body: any) => (await agent.post('/api/v1/customers', body)).json();
    const zhang = await make({
      kind: 'person',
      name: '张伟',
      contacts: [{ name: '张伟', phone: '138-0013-8000', email: 'zhangwei@example.com' }],
    });
    const huawei = await make({
      kind: 'company',
      name: '北京华为技术有限公司',
      contacts: [{ name: '采购部', phone: '010-62345678', email: 'purchase@huawei.example' }],
    });
    const li = await make({ kind: 'person', name: '李娜', contacts: [{ name: '李娜', phone: '13912348000' }] });
    await agent.post('/api/v1/units', { serialNumber: 'KT35-2025-00017', productId: product.id, customerId: li.id });
    ids = { zhang: zhang.id, huawei: huawei.id, li: li.id, liCode: li.code };
  });
  afterAll(async () => t.close());

  const lookup = async (q: string) => {
    const res = await agent.get(`/api/v1/customers/lookup?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    return res.json().items as any[];
  };

  it('by the start of a phone number', async () => {
    const items = await lookup('138 0013');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ matchedBy: 'phone', matchedValue: '138-0013-8000' });
    expect(items[0].customer.id).toBe(ids.zhang);
    expect(items[0].contact.name).toBe('张伟');
  });

  it('by the last four digits the caller gives', async () => {
    const items = await lookup('8000');
    expect(items.map((i) => i.customer.id).sort()).toEqual([ids.zhang, ids.li].sort());
    expect(items.every((i) => i.matchedBy === 'phone')).toBe(true);
    expect((await lookup('5678'))[0].customer.id).toBe(ids.huawei);
  });

  it('by serial number prefix, typed in lower case', async () => {
    const items = await lookup('kt35-2025');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ matchedBy: 'serial', matchedValue: 'KT35-2025-00017' });
    expect(items[0].unit).toMatchObject({ serialNumber: 'KT35-2025-00017', productModel: 'KT-35' });
    expect(items[0].customer.id).toBe(ids.li);
  });

  it('by pinyin initials and full pinyin', async () => {
    expect((await lookup('zw'))[0]).toMatchObject({ matchedBy: 'initials', matchedValue: 'zw', customer: { id: ids.zhang } });
    expect((await lookup('bjhw'))[0].customer.id).toBe(ids.huawei);
    const full = await lookup('zhang wei');
    expect(full[0]).toMatchObject({ matchedBy: 'pinyin', matchedValue: 'zhangwei' });
  });

  it('by name (contains), e-mail prefix and customer code', async () => {
    expect((await lookup('华为'))[0]).toMatchObject({ matchedBy: 'name', matchedValue: '北京华为技术有限公司' });
    expect((await lookup('PURCHASE@'))[0]).toMatchObject({ matchedBy: 'email', matchedValue: 'purchase@huawei.example' });
    expect((await lookup(ids.liCode.toLowerCase()))[0]).toMatchObject({ matchedBy: 'code', customer: { id: ids.li } });
  });

  it('answers nothing for no match, at most 10, and 400 without q', async () => {
    expect(await lookup('不存在的客户')).toEqual([]);
    for (let i = 0; i < 12; i++) await agent.post('/api/v1/customers', { kind: 'company', name: `批量公司${i}` });
    expect(await lookup('批量')).toHaveLength(10);
    expect((await agent.get('/api/v1/customers/lookup?q=%E6%89%B9%E9%87%8F&limit=3')).json().items).toHaveLength(3);
    expect((await agent.get('/api/v1/customers/lookup')).statusCode).toBe(400);
    expect((await agent.get('/api/v1/customers/lookup?q=%25')).statusCode).toBe(200);
  });
});
