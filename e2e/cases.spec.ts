import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  DEMO_PASSWORD,
  loginInBrowser,
  newPage,
  type Page,
  screenshot,
  type TestServer,
} from './support';

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A demo customer with a mobile phone on a contact, no cases yet (and, when there is one, a registered unit). */
async function demoCaller(server: TestServer) {
  const session = await apiLogin(server.baseUrl, 'agent1', DEMO_PASSWORD);
  const page = await session.get('/customers?limit=60&sort=name');
  let fallback: { id: string; name: string; phone: string } | undefined;
  for (const c of page.items as { id: string; name: string }[]) {
    const detail = await session.get(`/customers/${c.id}`);
    const contact = (detail.contacts as { phone: string | null }[]).find((x) => x.phone && /^1\d{10}$/.test(x.phone));
    if (!contact?.phone) continue;
    const found = { id: c.id, name: c.name, phone: contact.phone };
    // the full number must find exactly this customer
    const lookup = await session.get(`/customers/lookup?q=${contact.phone}`);
    if (lookup.items.length !== 1) continue;
    // the demo has cases of its own: a caller without any shows no duplicate candidates on the new case
    if ((await session.get(`/cases?customerId=${c.id}&limit=1`)).items.length > 0) continue;
    if (detail.units.length > 0) return found;
    fallback ??= found;
  }
  if (!fallback) throw new Error('no demo customer with a mobile phone');
  return fallback;
}

describe('cases (工单) in the browser', () => {
  const suite = browserSuite();

  it('agent1 takes a call: finds the customer by phone, opens a 报修 case, sees its number and deadlines, reviews and dispatches it, finds it in 我的', async () => {
    const { server, browser } = suite;
    let page: Page;
    const caller = await demoCaller(server);
    page = suite.page = await newPage(browser, server);
    await loginInBrowser(page, server, {
      username: 'agent1',
      password: DEMO_PASSWORD,
    });

    // 新建工单 from the side menu: the search box has the focus
    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '新建工单' }).click();
    await page.getByRole('heading', { level: 1, name: '新建工单' }).waitFor();
    const lookup = page.getByTestId('case-customer-lookup');
    await expect(lookup.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // type the caller's phone number as it is said on the phone; the match says it matched by phone
    await page.keyboard.type(caller.phone, { delay: 20 });
    const suggestion = page.locator('[data-testid=lookup-option]').filter({ hasText: caller.name }).first();
    await suggestion.waitFor();
    await expect(suggestion.textContent()).resolves.toContain('电话');
    await screenshot(page, 'cases-new-lookup');
    await page.keyboard.press('Enter');

    // the customer card with the units' warranty status; the focus moves to the title
    await expect(page.getByTestId('picked-customer').textContent()).resolves.toBe(caller.name);
    await page.getByTestId('case-title').waitFor();
    await expect(page.getByTestId('case-title').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: /报修/ }).isChecked()).resolves.toBe(true);
    await page.keyboard.type('客厅吸顶灯不亮');
    await page.getByTestId('case-description').fill('开关打开后灯不亮，已更换过开关');
    // a photo of the fault, uploaded once the case exists
    await page.locator('input[type=file]').setInputFiles({
      name: '故障照片.png',
      mimeType: 'image/png',
      buffer: PNG_1PX,
    });
    await page.getByText('故障照片.png').waitFor();
    await screenshot(page, 'cases-new-filled');
    await page.getByTestId('case-description').press('Control+Enter');

    // the number, prominently
    const numberEl = page.getByTestId('created-number');
    await numberEl.waitFor();
    const number = (await numberEl.textContent())?.match(/BX-\d{4}-\d{6}/)?.[0];
    expect(number).toBeTruthy();
    await screenshot(page, 'cases-created');
    await page.getByTestId('open-created-case').click();

    // the case page: number, state, owner (首问负责制: the agent who took the call), deadlines with time left
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await expect(page.getByTestId('case-state').textContent()).resolves.toBe('待审核');
    await expect(page.getByTestId('case-owner').textContent()).resolves.toBe('李晓燕');
    const panel = page.getByTestId('deadline-panel');
    await panel.getByText('首次响应').waitFor();
    await panel.getByText('维修完成').waitFor();
    await expect(panel.getByTestId('deadline-time').first().textContent()).resolves.toMatch(/剩余/);
    await expect(page.getByTestId('case-customer').getByRole('link', { name: caller.name }).isVisible()).resolves.toBe(true);
    await page.getByTestId('case-attachments').getByText('故障照片.png').waitFor();
    await screenshot(page, 'cases-detail');

    // the allowed actions are buttons; 审核 asks what the repair workflow needs, then the state moves on
    await page.getByTestId('action-review').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('action-confirm').click();
    await dialog.getByText('请先与客户核对信息').waitFor();
    await dialog.getByTestId('review-data-verified').check();
    await dialog.getByTestId('action-note').fill('已与客户核对地址和型号');
    await screenshot(page, 'cases-review-dialog');
    await dialog.getByTestId('action-note').press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('待派单');
    await page.getByTestId('case-timeline').getByText('已与客户核对地址和型号').waitFor();
    // the first reply was met by the review
    await expect
      .poll(async () => page!.getByTestId('deadline-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))
      .toContain('met');

    // 派单 to the top-ranked technician with an appointment window
    await page.getByTestId('action-dispatch').click();
    await dialog.getByTestId('dispatch-candidates').waitFor();
    await dialog.getByTestId('dispatch-candidates').getByRole('radio').first().check();
    await screenshot(page, 'cases-dispatch-dialog');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('已派单');
    await page.getByTestId('repair-panel').waitFor();
    await screenshot(page, 'cases-detail-dispatched');

    // 工单队列 → 我的: the case is there with its deadline colour
    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '工单队列' }).click();
    await page.getByRole('heading', { level: 1, name: '工单队列' }).waitFor();
    await expect(page.getByRole('tab', { name: '我的', selected: true }).isVisible()).resolves.toBe(true);
    const row = page.getByRole('row').filter({ hasText: number! });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(caller.name);
    await expect(row.getByTestId('queue-deadline').getAttribute('data-status')).resolves.toMatch(/running|due_soon|overdue/);
    await screenshot(page, 'cases-queue-mine');

    // a row opens its case
    await row.getByText('客厅吸顶灯不亮').click();
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
  });

  it('markup typed by a caller renders as text, never runs (customer list, case page, queue)', async () => {
    const { server, browser } = suite;
    let page: Page;
    const agent = await apiLogin(server.baseUrl, 'agent1', DEMO_PASSWORD);
    const name = '<img src=x onerror="window.__xss=1">王五';
    const title = '<script>window.__xss=2</script>灯不亮';
    const opened = await agent.post('/cases', {
      type: 'consultation',
      channel: 'phone',
      newCustomer: { kind: 'person', name },
      contactName: name,
      contactPhone: '13700009999',
      title,
      description: '<a href="javascript:window.__xss=3">点我</a>',
    });
    page = suite.page = await newPage(browser, server);
    await loginInBrowser(page, server, { username: 'agent1', password: DEMO_PASSWORD });
    await page.goto(`${server.baseUrl}/cases/${opened.case.id}`);
    await page.getByRole('heading', { level: 1, name: opened.case.number }).waitFor();
    await page.getByText(title).first().waitFor();
    await page.getByText(name).first().waitFor();
    await page.goto(`${server.baseUrl}/customers?q=${encodeURIComponent('王五')}`);
    await page.getByText(name).first().waitFor();
    await page.goto(`${server.baseUrl}/cases?queue=mine`);
    await page.getByText(title).first().waitFor();
    await expect(page.evaluate(() => (window as any).__xss)).resolves.toBeUndefined();
    await expect(page.locator('img[src="x"], a[href^="javascript:"]').count()).resolves.toBe(0);
  });

  it('the administrator sees the case types and the service-level policies in words', async () => {
    const { server, browser } = suite;
    let page: Page;
    page = suite.page = await newPage(browser, server);
    await loginInBrowser(page, server, {
      username: 'admin',
      password: DEMO_PASSWORD,
    });
    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '服务时限策略' }).click();
    await page.getByRole('heading', { level: 1, name: '服务时限策略' }).waitFor();
    const policies = page.getByRole('row');
    await policies.filter({ hasText: '联系客户' }).first().waitFor();
    await expect(page.getByText('4 工作小时').first().isVisible()).resolves.toBe(true);
    await screenshot(page, 'cases-sla-policies');

    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '工单类型' }).click();
    await page.getByRole('heading', { level: 1, name: '工单类型' }).waitFor();
    await page.getByRole('row').filter({ hasText: '保修申请' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: '报修' }).first().textContent()).resolves.toContain('BX');
    await screenshot(page, 'cases-case-types');
  });
});
