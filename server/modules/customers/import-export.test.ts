import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { customerInput, makeProduct } from '../../testing/factories/customers.js';

/** A multipart/form-data body with one file field, as a browser sends it. */
function multipart(fileName: string, content: Buffer, contentType: string) {
  const boundary = '----aftersales-test-boundary';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as any);
  return workbook;
}

const csvBody = (text: string, bom = true) => ({
  format: 'csv',
  contentBase64: Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text)]).toString('base64'),
});

describe('import (R-CUS-5): all or nothing, with a per-row report', () => {
  let t: TestApp;
  let agent: TestClient;

  const counts = async () => {
    const n = async (
      table: 'customers' | 'customer_contacts' | 'customer_addresses' | 'units' | 'orders' | 'order_lines' | 'audit_log',
    ) =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      customers: await n('customers'),
      contacts: await n('customer_contacts'),
      addresses: await n('customer_addresses'),
      units: await n('units'),
      orders: await n('orders'),
      lines: await n('order_lines'),
      audit: await n('audit_log'),
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    agent = await t.userWith(['agent'], { username: 'import.agent' });
    const now = new Date().toISOString();
    await t.database.db
      .insertInto('regions')
      .values({ id: '01890000-0000-7000-8000-0000000000e1', code: 'HD', name: '华东', created_at: now, updated_at: now })
      .execute();
    await makeProduct(t.database.db, { model: 'LED-600', defaultWarrantyMonths: 12 });
    await makeProduct(t.database.db, { model: 'KFR-35GW', defaultWarrantyMonths: 36 });
  });
  afterAll(async () => t.close());

  const CUSTOMERS_CSV = [
    '客户编号,客户名称,类型,等级,联系人,电话,邮箱,省,市,地址,区域,大客户,VIP贵宾,负责人,标签,备注',
    'IMP-001,上海明亮物业管理有限公司,公司,A,陈经理,021-62345678,chen@mingliang.example,上海市,上海市,浦东新区张江路100号,华东,是,否,import.agent,"物业,重点",老客户',
    'IMP-002,王小明,个人,C,,13812345678,,,,,,,是,,,',
  ].join('\r\n');

  it('a dry run validates and writes nothing; the real run creates customers, contacts, addresses with audit rows', async () => {
    const before = await counts();
    const dry = await agent.post('/api/v1/customers/import?kind=customers&dryRun=true', csvBody(CUSTOMERS_CSV));
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      outcome: 'validated',
      dryRun: true,
      totalRows: 2,
      errors: [],
      created: { customers: 2, contacts: 2, addresses: 1 },
      ids: [],
    });
    expect(await counts()).toEqual(before);

    const res = await agent.post('/api/v1/customers/import?kind=customers', csvBody(CUSTOMERS_CSV));
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.outcome).toBe('imported');
    expect(report.ids).toHaveLength(2);
    const after = await counts();
    expect(after.customers - before.customers).toBe(2);
    expect(after.contacts - before.contacts).toBe(2);
    expect(after.addresses - before.addresses).toBe(1);
    expect(after.audit - before.audit).toBe(5); // one per created record

    const company = (await agent.get(`/api/v1/customers/${report.ids[0]}`)).json();
    expect(company).toMatchObject({
      code: 'IMP-001',
      name: '上海明亮物业管理有限公司',
      kind: 'company',
      class: 'A',
      keyAccount: true,
      vip: false,
      regionName: '华东',
      ownerUserId: agent.userId,
      tags: ['物业', '重点'],
      notes: '老客户',
    });
    expect(company.contacts[0]).toMatchObject({
      name: '陈经理',
      phone: '021-62345678',
      email: 'chen@mingliang.example',
      isPrimary: true,
    });
    expect(company.addresses[0]).toMatchObject({ province: '上海市', line: '浦东新区张江路100号' });
    const person = (await agent.get(`/api/v1/customers/${report.ids[1]}`)).json();
    expect(person).toMatchObject({ kind: 'person', vip: true, namePinyin: 'wangxiaoming wxm' });
    expect(person.contacts[0].name).toBe('王小明'); // no contact name: the customer's own
    // imported phones are found by the lookup
    expect((await agent.get('/api/v1/customers/lookup?q=021-6234')).json().items[0].customer.code).toBe('IMP-001');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', report.ids[0]).execute();
    expect(audit.map((a) => a.action)).toEqual(['import']);
  });

  it('one bad row → 422 with every problem by row and column, and nothing imported', async () => {
    const before = await counts();
    const csv = [
      '客户名称,类型,等级,电话,邮箱,区域,大客户',
      '好公司,公司,B,13900001111,ok@example.com,华东,否',
      ',外星人,E,12-34,bad-mail,火星,也许',
      '另一家好公司,公司,C,,,,',
    ].join('\n');
    const res = await agent.post('/api/v1/customers/import?kind=customers', csvBody(csv));
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('import_rejected');
    const problems = error.details.errors.map((e: any) => `${e.row}:${e.column}:${e.code}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        '3:客户名称:required',
        '3:类型:invalid_value',
        '3:等级:invalid_value',
        '3:电话:invalid_phone',
        '3:邮箱:invalid_email',
        '3:区域:unknown_region',
        '3:大客户:invalid_value',
      ]),
    );
    expect(error.details.errors.every((e: any) => e.row === 3)).toBe(true);
    expect(error.details.outcome).toBe('invalid');
    expect(await counts()).toEqual(before);
    // the failed import did not consume customer numbers
    const next = (await agent.post('/api/v1/customers', customerInput())).json();
    expect(next.code).toBe('KH-2026-000001');
  });

  it('reports missing required columns, unknown columns, duplicate codes and an empty file', async () => {
    const missing = await agent.post(
      '/api/v1/customers/import?kind=customers&dryRun=true',
      csvBody('联系人,电话,业务员\n张三,13800000000,老李'),
    );
    expect(missing.statusCode).toBe(200);
    expect(missing.json().outcome).toBe('invalid');
    expect(missing.json().errors[0]).toMatchObject({ row: 1, column: '客户名称', code: 'missing_column' });
    expect(missing.json().ignoredColumns).toEqual(['业务员']);
    const dup = await agent.post(
      '/api/v1/customers/import?kind=customers&dryRun=true',
      csvBody('客户编号,客户名称\nX-1,甲\nX-1,乙\nIMP-001,丙'),
    );
    expect(dup.json().errors.map((e: any) => `${e.row}:${e.code}`)).toEqual(['3:duplicate_code', '4:duplicate_code']);
    const empty = await agent.post('/api/v1/customers/import?kind=customers&dryRun=true', csvBody('客户名称\n'));
    expect(empty.json().errors[0].code).toBe('no_rows');
  });

  it('reads CSV saved by Excel on Chinese Windows (GB18030) and English headers', async () => {
    const gbkContent = Buffer.from([
      // "name,phone\n" + "宏达电器,13700001234\n" in GBK
      ...Buffer.from('name,phone\n'),
      0xba,
      0xea,
      0xb4,
      0xef,
      0xb5,
      0xe7,
      0xc6,
      0xf7,
      ...Buffer.from(',13700001234\n'),
    ]);
    const res = await agent.post('/api/v1/customers/import?kind=customers', {
      format: 'csv',
      contentBase64: gbkContent.toString('base64'),
    });
    expect(res.statusCode).toBe(200);
    const c = (await agent.get(`/api/v1/customers/${res.json().ids[0]}`)).json();
    expect(c.name).toBe('宏达电器');
  });

  it('imports units from an uploaded XLSX with Chinese headers; warranty computed; duplicates refused', async () => {
    const before = await counts();
    const file = await xlsx([
      ['序列号', '型号', '客户编号', '购买日期', '合同号', '合同保修截止日期', '保修说明', '安装地址'],
      ['led600-x001', 'LED-600', 'IMP-001', new Date(Date.UTC(2025, 2, 15)), 'HT-01', '', '', '一号楼大堂'],
      ['KFR-X001', 'KFR-35GW', 'IMP-001', '2025/1/31', 'HT-01', '2030-12-31', '合同约定保修至2030年底', ''],
    ]);
    const upload = multipart('设备.xlsx', file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const res = await agent.request('POST', '/api/v1/customers/import?kind=units', upload.body, upload.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'imported', created: { units: 2 } });
    const units = (await agent.get('/api/v1/units?sort=serialNumber')).json().items;
    const bySerial = Object.fromEntries(units.map((u: any) => [u.serialNumber, u]));
    expect(bySerial['LED600-X001'].warranty).toMatchObject({ end: '2026-03-14', reason: 'catalogue_default' });
    expect(bySerial['LED600-X001'].installationAddress).toBe('一号楼大堂');
    expect(bySerial['KFR-X001'].warranty).toMatchObject({ end: '2030-12-31', reason: 'contract_override' });
    expect((await counts()).units - before.units).toBe(2);

    const again = await xlsx([
      ['序列号', '型号', '客户编号', '购买日期', '合同保修截止日期'],
      ['NEW-1', 'LED-600', 'IMP-001', '2025-05-05', ''],
      ['LED600-X001', 'LED-600', 'IMP-001', '', ''],
      ['NEW-2', 'NOPE-1', 'IMP-404', '2025-13-01', ''],
      ['new-1', 'LED-600', 'IMP-001', '', '2027-01-01'],
    ]);
    const upload2 = multipart('units.xlsx', again, 'application/octet-stream');
    const rejected = await agent.request('POST', '/api/v1/customers/import?kind=units', upload2.body, upload2.headers);
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error.details.errors.map((e: any) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '3:序列号:duplicate_serial',
      '4:型号:unknown_model',
      '4:客户编号:unknown_customer',
      '4:购买日期:invalid_date',
      '5:序列号:duplicate_serial',
      '5:保修说明:invalid_warranty',
    ]);
    expect((await counts()).units - before.units).toBe(2);
  });

  it('imports orders: rows with the same number are lines of one order; totals exact', async () => {
    const csv = [
      'orderNumber,customerCode,orderDate,model,quantity,unitPrice,contractNumber',
      'SO-9001,IMP-001,2025-03-01,LED-600,10,129.90,HT-9',
      'SO-9001,IMP-001,2025-03-01,KFR-35GW,2,"3,299.00",HT-9',
      'SO-9002,IMP-002,2025-04-01,LED-600,1,0.10,',
    ].join('\n');
    const res = await agent.post('/api/v1/customers/import?kind=orders', csvBody(csv, false));
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toMatchObject({ orders: 2, orderLines: 3 });
    const orders = (await agent.get('/api/v1/orders?q=SO-90&sort=orderNumber')).json().items;
    expect(orders.map((o: any) => [o.orderNumber, o.totalFen, o.lineCount])).toEqual([
      ['SO-9001', 10 * 12_990 + 2 * 329_900, 2],
      ['SO-9002', 10, 1],
    ]);
    const customer = (await agent.get(`/api/v1/customers/${orders[0].customerId}`)).json();
    expect(customer.transactionCount).toBe(1);

    const bad = [
      '订单号,客户编号,日期,型号,数量,单价',
      'SO-9001,IMP-001,2025-03-01,LED-600,1,1',
      'SO-9100,IMP-001,2025-03-01,LED-600,0,12.345',
      'SO-9100,IMP-002,2025-03-02,LED-600,1,1',
    ].join('\n');
    const rejected = await agent.post('/api/v1/customers/import?kind=orders', csvBody(bad));
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error.details.errors.map((e: any) => `${e.row}:${e.column}:${e.code}`)).toEqual([
      '2:订单号:duplicate_order_number',
      '3:数量:invalid_quantity',
      '3:单价:invalid_price',
      '4:客户编号:inconsistent_order',
      '4:日期:inconsistent_order',
    ]);
  });

  it('refuses a file that is not a spreadsheet, and an unknown kind', async () => {
    const res = await agent.post('/api/v1/customers/import?kind=units', {
      format: 'xlsx',
      contentBase64: Buffer.from('hello').toString('base64'),
    });
    expect(res.statusCode).toBe(400);
    expect((await agent.post('/api/v1/customers/import?kind=cats', csvBody('a\nb'))).statusCode).toBe(400);
    expect((await agent.post('/api/v1/customers/import?kind=units')).statusCode).toBe(400);
  });

  it('the template is an XLSX with the Chinese headers (required marked *) and a 说明 sheet', async () => {
    const res = await agent.get('/api/v1/customers/import/template?kind=units');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('产品档案导入模板.xlsx')}`);
    const workbook = await readXlsx(res.rawPayload);
    const headers = (workbook.worksheets[0].getRow(1).values as string[]).filter(Boolean);
    expect(headers.slice(0, 4)).toEqual(['*序列号', '*型号', '*客户编号', '购买日期']);
    expect(workbook.getWorksheet('说明')).toBeTruthy();
    // a filled-in template imports
    const sheet = workbook.worksheets[0];
    sheet.addRow(['TPL-0001', 'LED-600', 'IMP-002', '2026-01-01']);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = await agent.post('/api/v1/customers/import?kind=units&dryRun=true', {
      format: 'xlsx',
      contentBase64: filled.toString('base64'),
    });
    expect(dry.json()).toMatchObject({ outcome: 'validated', errors: [] });
  });

  it('permissions: a technician may neither import nor export; quality may export', async () => {
    const technician = await t.userWith(['technician']);
    expect(
      (await technician.post('/api/v1/customers/import?kind=customers&dryRun=true', csvBody(CUSTOMERS_CSV))).statusCode,
    ).toBe(403);
    expect((await technician.get('/api/v1/customers/export.xlsx')).statusCode).toBe(403);
    expect((await technician.get('/api/v1/customers/import/template?kind=customers')).statusCode).toBe(403);
    const quality = await t.userWith(['quality']);
    expect((await quality.get('/api/v1/customers/export.xlsx')).statusCode).toBe(200);
    expect((await quality.get('/api/v1/units/export.xlsx')).statusCode).toBe(200);
  });

  it('exports customers to XLSX with Chinese headers and text, honouring the list filters', async () => {
    const res = await agent.get('/api/v1/customers/export.xlsx?class=A');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="customers-2026-03-02.xlsx"; filename*=UTF-8''${encodeURIComponent('顾客档案-2026-03-02.xlsx')}`,
    );
    const workbook = await readXlsx(res.rawPayload);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('顾客档案');
    const header = sheet.getRow(1).values as string[];
    expect(header).toEqual(expect.arrayContaining(['客户编号', '客户名称', '联系人', '电话', 'VIP贵宾', '交易次数']));
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const values = sheet.getRow(r).values as string[];
      rows.push(Object.fromEntries(header.map((h, i) => [h, values[i]]).filter(([h]) => h)));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      客户编号: 'IMP-001',
      客户名称: '上海明亮物业管理有限公司',
      类型: '公司',
      联系人: '陈经理',
      电话: '021-62345678',
      大客户: '是',
      区域: '华东',
      标签: '物业，重点',
      交易次数: 1,
    });
    // the export re-imports: its headers are the import's
    const bad = await agent.get('/api/v1/customers/export.xlsx?sort=password');
    expect(bad.statusCode).toBe(400);
  });

  it('exports units with warranty status 在保/过保 and the reason', async () => {
    const res = await agent.get('/api/v1/units/export.xlsx?q=led600-x');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('产品档案-2026-03-02.xlsx'));
    const sheet = (await readXlsx(res.rawPayload)).worksheets[0];
    const header = sheet.getRow(1).values as string[];
    const row = sheet.getRow(2).values as string[];
    const get = (h: string) => row[header.indexOf(h)];
    expect(sheet.rowCount).toBe(2);
    expect(get('序列号')).toBe('LED600-X001');
    expect(get('保修截止日期')).toBe('2026-03-14');
    expect(get('保修状态')).toBe('在保');
    expect(get('保修依据')).toBe('产品默认');
    expect(get('客户名称')).toBe('上海明亮物业管理有限公司');
  });
});
