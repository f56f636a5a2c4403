import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  DEMO_PASSWORD,
  loginInBrowser,
  newPage,
  type Page,
  screenshot,
} from './support';

/**
 * A warranty claim through return to factory in the browser (R-WAR-2, R-WAR-3): agent1 answers
 * the claim, reviews eligibility (在保), decides 返厂维修, records every RMA step on the case page's
 * 保修处理 panel (运单号, 运费, 厂家签收 with the ship-back deadline, 寄回, 客户签收) and tells the
 * customer the result.
 */
describe('warranty claim → return to factory in the browser', () => {
  const suite = browserSuite();

  it('agent1 takes a claim from the reply to the customer receiving the repaired unit', async () => {
    const { server, browser } = suite;
    let page: Page;
    const session = await apiLogin(server.baseUrl, 'agent1', DEMO_PASSWORD);
    const product = (await session.get('/products?limit=1')).items[0];
    const customer = await session.post('/customers', {
      kind: 'person',
      name: '赵保修',
      contacts: [{ name: '赵保修', phone: '13912340000', email: 'zhao.warranty@example.com', isPrimary: true }],
    });
    const purchaseDate = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    const unit = await session.post('/units', {
      serialNumber: `E2E-WAR-${Date.now()}`,
      productId: product.id,
      customerId: customer.id,
      purchaseDate,
    });
    const claim = await session.post('/warranty/claims', {
      type: 'warranty_claim',
      channel: 'phone',
      unitId: unit.id,
      title: '设备不工作，申请保修',
      purchaseProof: { purchaseDate, documentNumber: 'FP-E2E-1' },
    });
    const number = claim.case.number as string;

    page = suite.page = await newPage(browser, server);
    await loginInBrowser(page, server, { username: 'agent1', password: DEMO_PASSWORD });
    await page.goto(`${server.baseUrl}/cases/${claim.case.id}`);
    await page.getByRole('heading', { level: 1, name: number }).waitFor();
    await expect(page.getByTestId('case-state').textContent()).resolves.toBe('已申请');
    const panel = page.getByTestId('warranty-panel');
    await panel.getByText('FP-E2E-1', { exact: false }).waitFor();
    const dialog = page.getByRole('dialog');

    // 答复客户 within 24 hours, then 审核: in warranty
    await page.getByTestId('action-reply').click();
    await dialog.getByTestId('action-note').fill('已收到保修申请，今天内审核');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('已答复');
    await page.getByTestId('action-review').click();
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('已审核');
    await panel.getByTestId('claim-entitlement').getByText('在保', { exact: false }).first().waitFor();

    // 决定维修 → 返厂维修
    await page.getByTestId('action-decide_repair').click();
    await dialog.getByText('返厂维修').click();
    await dialog.getByLabel('维修厂家').fill('厂家售后中心');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('维修中');
    const rma = panel.getByTestId('rma-card');
    await rma.getByTestId('rma-state').getByText('待寄出').waitFor();
    await screenshot(page, 'warranty-rma-to-ship');

    const step = async (button: string, fill: (d: typeof dialog) => Promise<void>, state: string) => {
      await rma.getByRole('button', { name: button }).click();
      await dialog.waitFor();
      await fill(dialog);
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await rma.getByTestId('rma-state').getByText(state).waitFor();
    };
    await step(
      '寄往厂家',
      async (d) => {
        await d.getByLabel('承运商').fill('顺丰速运');
        await d.getByLabel('运单号').fill('SF1001');
        await d.getByLabel('运费').fill('23');
      },
      '已寄厂',
    );
    await step('厂家签收', async () => {}, '厂家已收货');
    // the ship-back deadline (7 working days) is running
    await expect(rma.textContent()).resolves.toMatch(/寄回时限\s*\d{4}-\d{2}-\d{2} 18:00/);
    await step('厂家修复', async (d) => d.getByLabel('厂家维修记录').fill('更换主板，测试合格'), '厂家已修复');
    await step(
      '寄回客户',
      async (d) => {
        await d.getByLabel('承运商').fill('顺丰速运');
        await d.getByLabel('运单号').fill('SF2002');
        await d.getByLabel('运费').fill('23');
      },
      '已寄回',
    );
    await expect(rma.textContent()).resolves.toContain('已按时寄回');
    await step('客户签收', async () => {}, '客户已收货');
    await expect(rma.textContent()).resolves.toContain('¥46.00');
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('已完成');
    await screenshot(page, 'warranty-rma-done');

    // 告知结果
    await page.getByTestId('action-send_result').click();
    await dialog.getByTestId('action-note').fill('您的设备已返厂维修完毕并寄回，维修后保修90天。');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page!.getByTestId('case-state').textContent()).toBe('已告知结果');
    await page.getByTestId('case-timeline').getByText('您的设备已返厂维修完毕并寄回', { exact: false }).waitFor();
  });
});
