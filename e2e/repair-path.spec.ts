import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  DEMO_PASSWORD,
  loginInBrowser,
  newPage,
  PHONE,
  screenshot,
  SCREENSHOT_DIR,
  type TestServer,
} from './support';

/**
 * The whole repair path in the browser (R-REP-1..6, issue 3 §8): agent1 takes a call and opens a
 * 报修 case for a demo customer's unit, reviews and dispatches it to tech1 (孙建军); tech1 on his
 * phone finds it in 我的工单, accepts, departs, checks in, records the work, uses a part from his van,
 * self-checks, and the customer signs on the pad; the order completes; agent1 closes the case and
 * every deadline was met. Setup that is not the point (stock on the van) goes through the API.
 */

/** A demo customer with a mobile phone that finds exactly them, at least one registered unit and no cases yet. */
async function demoCallerWithUnit(server: TestServer) {
  const session = await apiLogin(server.baseUrl, 'agent1', DEMO_PASSWORD);
  const page = await session.get('/customers?limit=60&sort=name');
  for (const c of page.items as { id: string; name: string }[]) {
    const detail = await session.get(`/customers/${c.id}`);
    if (detail.units.length === 0) continue;
    const contact = (detail.contacts as { name: string; phone: string | null }[]).find(
      (x) => x.phone && /^1\d{10}$/.test(x.phone),
    );
    if (!contact?.phone) continue;
    const lookup = await session.get(`/customers/lookup?q=${contact.phone}`);
    if (lookup.items.length !== 1) continue;
    // the demo has cases of its own: a caller without any shows no duplicate candidates on the new case
    if ((await session.get(`/cases?customerId=${c.id}&limit=1`)).items.length > 0) continue;
    return { id: c.id as string, name: c.name, phone: contact.phone, contactName: contact.name };
  }
  throw new Error('no demo customer with a mobile phone and a unit');
}

/** The warehouse receives a part and moves two onto the technician's van (车载库). */
async function stockTheVan(server: TestServer, technicianId: string) {
  const warehouse = await apiLogin(server.baseUrl, 'warehouse', DEMO_PASSWORD);
  const part = await warehouse.post('/spare-parts', {
    code: `E2E-CAP-${Date.now()}`,
    name: '启动电容',
    unitOfMeasure: '个',
  });
  const store = await warehouse.post('/stock-locations', {
    code: `E2E-WH-${Date.now()}`,
    name: '上海中心仓',
    kind: 'warehouse',
  });
  const vans = await warehouse.get(`/stock-locations?kind=van&technicianUserId=${technicianId}`);
  const van =
    vans.items[0] ??
    (await warehouse.post('/stock-locations', {
      code: `E2E-VAN-${Date.now()}`,
      name: '孙建军车载库',
      kind: 'van',
      technicianUserId: technicianId,
    }));
  await warehouse.post('/stock/receive', {
    locationId: store.id,
    lines: [{ partId: part.id, quantity: 5 }],
    supplier: '上海电容器厂',
  });
  await warehouse.post('/stock/transfer', {
    fromLocationId: store.id,
    toLocationId: van.id,
    lines: [{ partId: part.id, quantity: 2 }],
    reason: '补充车载库',
  });
  return { part, van };
}

const companyDay = (iso: string) => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

describe('repair path: call → dispatch → technician with a part and a signature → closed', () => {
  const suite = browserSuite();

  it('agent1 opens and dispatches a 报修 case, tech1 repairs it on his phone, the customer signs, agent1 closes it', async () => {
    const { server, browser } = suite;
    const caller = await demoCallerWithUnit(server);
    const tech = await apiLogin(server.baseUrl, 'tech1', DEMO_PASSWORD);
    const techUser = await tech.get('/auth/me');
    const { part } = await stockTheVan(server, techUser.id);

    // ── agent1 takes the call on the desk
    const desk = await newPage(browser, server);
    suite.page = desk;
    await loginInBrowser(desk, server, { username: 'agent1', password: DEMO_PASSWORD });
    await desk.locator('[data-testid=app-sider]').getByRole('link', { name: '新建工单' }).click();
    await desk.getByRole('heading', { level: 1, name: '新建工单' }).waitFor();
    await desk.getByTestId('case-customer-lookup').click();
    await desk.keyboard.type(caller.phone, { delay: 20 });
    await desk.locator('[data-testid=lookup-option]').filter({ hasText: caller.name }).first().waitFor();
    await desk.keyboard.press('Enter');
    await expect(desk.getByTestId('picked-customer').textContent()).resolves.toBe(caller.name);
    const unitChoice = desk.getByTestId('unit-choices').getByRole('radio').first();
    if (!(await unitChoice.isChecked())) await unitChoice.check();
    await expect(desk.getByRole('radio', { name: /报修/ }).isChecked()).resolves.toBe(true);
    await desk.getByTestId('case-title').fill('空调外机不转，不制冷');
    await desk.getByTestId('case-description').fill('开机后外机风扇不转，室内不出冷风');
    await desk.getByTestId('case-description').press('Control+Enter');
    const number = (await desk.getByTestId('created-number').textContent())?.match(/BX-\d{4}-\d{6}/)?.[0];
    expect(number).toBeTruthy();
    await desk.getByTestId('open-created-case').click();
    await desk.getByRole('heading', { level: 1, name: number }).waitFor();
    const caseId = desk.url().split('/cases/')[1];
    await expect(desk.getByTestId('case-state').textContent()).resolves.toBe('待审核');
    // the work order is a panel of the case page, without buttons of its own
    const panel = desk.getByTestId('repair-panel');
    await panel.waitFor();
    await expect(panel.getByRole('button', { name: '审核' }).count()).resolves.toBe(0);
    await expect(desk.getByRole('button', { name: '审核' }).count()).resolves.toBe(1);
    const dialog = desk.getByRole('dialog');

    // 审核
    await desk.getByTestId('action-review').click();
    await dialog.getByTestId('review-data-verified').check();
    await dialog.getByTestId('action-note').fill('已与客户核对地址和型号');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => desk.getByTestId('case-state').textContent()).toBe('待派单');

    // 派单 to tech1 (孙建军): a reason when he is not the first recommendation
    await desk.getByTestId('action-dispatch').click();
    const candidates = dialog.getByTestId('dispatch-candidates');
    await candidates.waitFor();
    const firstIsTech1 = ((await candidates.getByRole('radio').first().locator('xpath=ancestor::label').textContent()) ?? '').includes(
      '孙建军',
    );
    await candidates.getByRole('radio', { name: /孙建军/ }).check();
    if (!firstIsTech1) await dialog.getByLabel('未选第一推荐人选的原因').fill('客户指定孙师傅，熟悉该设备');
    await screenshot(desk, 'repair-path-dispatch');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => desk.getByTestId('case-state').textContent()).toBe('已派单');
    await panel.getByText('孙建军').first().waitFor();

    // ── tech1 on his phone: 我的工单
    const phone = await newPage(browser, server, { viewport: PHONE });
    suite.page = phone;
    await loginInBrowser(phone, server, { username: 'tech1', password: DEMO_PASSWORD });
    await phone.getByRole('button', { name: '打开菜单' }).click();
    await phone.locator('[data-testid=app-drawer]').getByRole('link', { name: '我的工单' }).click();
    await phone.getByRole('heading', { level: 1, name: '我的工单' }).waitFor();
    const appointment = (await tech.get(`/cases/${caseId}/repair`)).repair.appointment;
    const today = companyDay(new Date().toISOString());
    if (companyDay(appointment.start) !== today) {
      // late in the evening the first free window is tomorrow: look at that day
      const picker = phone.getByLabel('日期');
      await picker.click();
      await picker.fill(companyDay(appointment.start));
      await picker.press('Enter');
    }
    const card = phone.getByTestId(`job-${caseId}`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(number!);
    await expect(card.textContent()).resolves.toContain(caller.name);
    await screenshot(phone, 'repair-path-phone-my-jobs');
    await card.getByRole('button', { name: '维修工单' }).click();
    await phone.getByRole('heading', { level: 1, name: `维修工单 ${number}` }).waitFor();

    const phoneDialog = phone.getByRole('dialog');
    const state = () => phone.getByTestId('repair-state').first().textContent();
    const step = async (action: string, next: string, fill?: () => Promise<void>) => {
      await phone.getByTestId(`repair-action-${action}`).click();
      await phoneDialog.waitFor();
      if (fill) await fill();
      await phone.getByTestId('repair-action-submit').click();
      await phoneDialog.waitFor({ state: 'hidden' });
      await expect.poll(state).toBe(next);
    };
    await step('accept', '已接单');
    await screenshot(phone, 'repair-path-phone-job');
    await step('start_travel', '在途');
    await step('check_in', '已到场');
    await step('start_work', '维修中');
    await step('record_work', '维修中', async () => {
      await phoneDialog.getByTestId('diagnosis').fill('外机启动电容击穿');
      await phoneDialog.getByTestId('work-done').fill('更换启动电容，试机制冷正常');
      await phoneDialog.getByTestId('labour-minutes').fill('45');
    });
    await phone.getByText('外机启动电容击穿').waitFor();
    await step('use_parts', '维修中', async () => {
      await phoneDialog.getByRole('combobox').first().click();
      await phone.keyboard.type(part.code);
      await phone.locator('.ant-select-item-option').filter({ hasText: part.code }).click();
    });
    await phone.getByText(`${part.code} 启动电容`).waitFor();
    await step('self_check', '已自检', async () => {
      await phoneDialog.getByTestId('self-check').fill('制冷正常，出风温度12度，无异响');
      await phoneDialog.getByTestId('usage-advice').fill('每月清洗一次滤网');
    });
    await step('request_acceptance', '待客户验收');

    // the customer signs on the pad with the finger (here: the mouse)
    await step('customer_accept', '已完工', async () => {
      await expect(phoneDialog.getByTestId('signer-name').inputValue()).resolves.toBe(caller.contactName);
      const pad = phoneDialog.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await phone.mouse.move(box.x + 30, box.y + box.height * 0.6);
      await phone.mouse.down();
      for (const [dx, dy] of [
        [60, -40],
        [90, 10],
        [130, -30],
        [170, 20],
        [220, -10],
      ])
        await phone.mouse.move(box.x + dx, box.y + box.height * 0.5 + dy, { steps: 6 });
      await phone.mouse.up();
      // what the phone shows (the dialog is fixed on the screen, a full-page shot would cut it)
      await phone.screenshot({ path: path.join(SCREENSHOT_DIR, 'repair-path-phone-signature.png') });
    });
    await phone.getByRole('img', { name: '客户签字' }).waitFor();
    await screenshot(phone, 'repair-path-phone-completed');

    // the signature is kept as a PNG attachment of the case
    const order = (await tech.get(`/cases/${caseId}/repair`)).repair;
    expect(order.acceptance).toMatchObject({ result: 'accepted', signerName: caller.contactName });
    expect(order.parts).toEqual([expect.objectContaining({ partCode: part.code, kind: 'issue', quantity: 1 })]);
    const signature = await fetch(`${server.baseUrl}/api/v1/attachments/${order.acceptance.signatureId}?inline=true`, {
      headers: { cookie: tech.cookie },
    });
    expect(signature.status).toBe(200);
    expect(signature.headers.get('content-type')).toContain('image/png');
    const bytes = Buffer.from(await signature.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');

    // ── agent1 closes the case after telling the customer
    suite.page = desk;
    await desk.getByRole('button', { name: '刷新' }).first().click();
    await expect.poll(() => desk.getByTestId('case-state').textContent()).toBe('已完成');
    await panel.getByText('外机启动电容击穿').waitFor();
    await panel.getByText(`${part.code} 启动电容`).waitFor();
    await panel.getByRole('img', { name: '客户签字' }).waitFor();
    await expect(desk.getByTestId('case-actions').getByRole('button', { name: '结案' }).count()).resolves.toBe(1);
    await expect(panel.getByRole('button', { name: '结案' }).count()).resolves.toBe(0);
    await desk.getByTestId('action-close').click();
    await dialog.getByTestId('close-customer-informed').check();
    await dialog.getByTestId('action-note').fill('已电话告知客户维修完成');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => desk.getByTestId('case-state').textContent()).toBe('已结案');
    await expect(desk.getByTestId('case-actions').getByRole('button').count()).resolves.toBe(0);
    const statuses = await desk
      .getByTestId('deadline-status')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 'met')).toBe(true);
    await screenshot(desk, 'repair-path-closed');

    // the unit's failure history (产品失败履历) lists the case in words
    await desk.locator('[data-testid=case-customer] a[href^="/units/"]').click();
    const history = desk.getByTestId('unit-cases');
    const row = history.getByRole('row').filter({ hasText: number! });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/报修.*已结案/);
    await row.getByRole('link', { name: number }).click();
    await desk.getByRole('heading', { level: 1, name: number }).waitFor();
  }, 400_000);
});
