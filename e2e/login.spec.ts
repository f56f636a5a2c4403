import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  loginInBrowser,
  newPage,
  type Page,
  PHONE,
  screenshotOnFailure,
  startServer,
  type TestServer,
  type TestUser,
} from './support';

describe('logging in and out', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page | undefined;
  let agent: TestUser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    agent = await server.createUser({ roles: ['agent'], displayName: '李晓燕' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  screenshotOnFailure(() => page);

  it('rejects a wrong password, lets the right one in to the workbench, and logs out again', async () => {
    page = await newPage(browser, server);
    await page.goto('/');
    // not logged in: the app sends us to the login page
    await page.waitForURL('**/login');
    await expect.poll(() => page!.title()).toBe('用户登录 - 售后服务管理系统');
    const username = page.getByLabel('用户名');
    await expect(username.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await username.fill(agent.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).textContent()).resolves.toContain(
      '用户名或密码错误',
    );
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByLabel('密码').fill(agent.password);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('heading', { level: 1, name: /李晓燕/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const sider = page.locator('[data-testid=app-sider]');
    await expect(sider.getByRole('link', { name: '工作台' }).isVisible()).resolves.toBe(true);
    // an agent works with customers but does not administer users
    await expect(page.getByText('客服', { exact: true }).first().isVisible()).resolves.toBe(true);

    await page.locator('[data-testid=user-menu]').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: '登录' }).waitFor();

    // the session is really gone: a protected page sends us back to the login page
    await page.goto('/account');
    await page.waitForURL(/\/login\?next=%2Faccount$/);
  });

  it('returns to the page asked for after logging in', async () => {
    page = await newPage(browser, server);
    await page.goto('/account');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('用户名').fill(agent.username);
    await page.getByLabel('密码').fill(agent.password);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');
  });

  it('works on a phone screen: the menu opens as a drawer', async () => {
    page = await newPage(browser, server, { viewport: PHONE });
    await loginInBrowser(page, server, agent);
    await expect(page.locator('[data-testid=app-sider]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: '打开菜单' }).click();
    const drawer = page.locator('[data-testid=app-drawer]');
    await drawer.getByRole('link', { name: '工作台' }).waitFor();
    await drawer.getByRole('link', { name: '工作台' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=user-menu]').click();
    await page.getByRole('menuitem', { name: '修改密码' }).click();
    await page.getByRole('heading', { level: 1, name: '我的账户' }).waitFor();
  });
});
