import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  launchBrowser,
  loginInBrowser,
  newPage,
  type Page,
  screenshot,
  screenshotOnFailure,
  startServer,
  type TestServer,
  type TestUser,
} from './support';

describe('language switch', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page | undefined;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await server.createUser({ roles: ['admin'], displayName: '周立新' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  screenshotOnFailure(() => page);

  it('switches the menu and headings to English, keeps English after a reload, and switches back', async () => {
    page = await newPage(browser, server);
    await loginInBrowser(page, server, admin);
    const sider = page.locator('[data-testid=app-sider]');
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.textContent()).resolves.toMatch(/(上午好|下午好|晚上好)，周立新/);
    await expect(sider.getByRole('link', { name: '工作台' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'shell-zh-CN');

    await chooseLanguage(page, 'English', 'Workbench');
    await sider.getByRole('link', { name: 'Workbench' }).waitFor();
    await expect(heading.textContent()).resolves.toMatch(/Good (morning|afternoon|evening), 周立新/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(sider.textContent()).resolves.not.toMatch(/工作台/);

    await page.reload();
    await sider.getByRole('link', { name: 'Workbench' }).waitFor();
    await expect(heading.textContent()).resolves.toMatch(/Good (morning|afternoon|evening)/);

    await chooseLanguage(page, '中文', '工作台');
    await sider.getByRole('link', { name: '工作台' }).waitFor();
    await expect(heading.textContent()).resolves.toMatch(/周立新/);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  });

  it('keeps the chosen language on the login page', async () => {
    page = await newPage(browser, server, { language: 'en' });
    await page.goto('/login');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await expect(page.getByLabel('Username').isVisible()).resolves.toBe(true);
  });
});

/** Pick a language in the header switch; click again, as a user would, if the menu was still opening. */
async function chooseLanguage(page: Page, language: string, workbenchLabel: string) {
  const workbench = page.locator('[data-testid=app-sider]').getByRole('link', { name: workbenchLabel });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.locator('[data-testid=language-switch]').click();
    const item = page.getByRole('menuitem', { name: language });
    await item.waitFor();
    await item.click();
    if (await workbench.waitFor({ timeout: 5000 }).then(() => true, () => false)) return;
  }
}
