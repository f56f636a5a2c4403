import { describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS } from '../server/demo/demo-data';
import {
  browserSuite,
  DEMO_PASSWORD,
  DEMO_USERS,
  loginInBrowser,
  newPage,
  type Page,
} from './support';

describe('customer registry in the browser', () => {
  const suite = browserSuite();

  it('the demo agent creates a customer, registers a unit, and finds the customer again by typing the serial number', async () => {
    const { server, browser } = suite;
    let page: Page;
    const agent = DEMO_USERS.find((u) => u.roles.includes('agent'));
    if (!agent) throw new Error('the demo data has no agent');
    const product = DEMO_PRODUCTS[0];
    const stamp = Date.now().toString(36).toUpperCase();
    const customerName = `浏览器测试照明有限公司${stamp}`;
    const serial = `E2E-${stamp}-0001`;

    page = suite.page = await newPage(browser, server);
    await loginInBrowser(page, server, { username: agent.username, password: DEMO_PASSWORD });

    // 顾客档案 from the side menu, then 新建客户
    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '顾客档案' }).click();
    await page.getByRole('heading', { level: 1, name: '顾客档案' }).waitFor();
    await page.getByTestId('new-customer').click();
    await page.getByRole('heading', { level: 1, name: '新建客户' }).waitFor();
    await page.getByTestId('customer-name').fill(customerName);
    await page.getByTestId('contact-phone').fill('021-6234 5678');
    await page.getByTestId('customer-save').click();

    // the customer's page: the number is shown, the agent owns the customer
    await page.getByRole('heading', { level: 1, name: customerName }).waitFor();
    await expect(
      page
        .getByText(/KH-\d{4}-\d{6}/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText(agent.displayName).first().isVisible()).resolves.toBe(true);

    // 登记设备: serial number and a product model from the catalogue
    await page.getByTestId('add-unit').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('unit-serial').fill(serial.toLowerCase());
    const productPicker = dialog.getByTestId('product-picker');
    await productPicker.click();
    await page.keyboard.type(product.model);
    await page.locator('.ant-select-item-option').filter({ hasText: product.model }).first().click();
    await dialog.getByTestId('unit-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const unitRow = page.getByRole('row').filter({ hasText: serial });
    await unitRow.waitFor();
    // no purchase date yet: the warranty status is unknown, not guessed
    await expect(unitRow.getByTestId('warranty-tag').textContent()).resolves.toBe('未知');

    // back to the list: type part of the serial number into the search box
    await page.locator('[data-testid=app-sider]').getByRole('link', { name: '顾客档案' }).click();
    await page.getByRole('heading', { level: 1, name: '顾客档案' }).waitFor();
    const lookup = page.getByTestId('customer-lookup');
    await lookup.click();
    await lookup.pressSequentially(`e2e-${stamp.toLowerCase()}`, { delay: 30 });
    const suggestion = page.locator('.ant-select-item-option').filter({ hasText: customerName });
    await suggestion.waitFor();
    await expect(suggestion.textContent()).resolves.toContain('序列号');
    await expect(suggestion.textContent()).resolves.toContain(serial);
    await lookup.press('Enter');
    await page.getByRole('heading', { level: 1, name: customerName }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
  });
});
