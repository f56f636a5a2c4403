import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterEach } from 'vitest';
import type { TestServer, TestUser } from './server';

export type { Browser, Page } from 'playwright-core';

export const SCREENSHOT_DIR = process.env.E2E_SCREENSHOT_DIR ?? '/tmp/aftersales-e2e';

/** A phone screen (technicians use phones): the side menu becomes a drawer. */
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 800 };

/** Headless Debian Chromium; the machine is offline, so everything that phones home is off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context (own cookies and storage) on the app, in Chinese unless asked otherwise. */
export async function newPage(
  browser: Browser,
  server: Pick<TestServer, 'baseUrl'>,
  options: { viewport?: { width: number; height: number }; language?: 'zh-CN' | 'en' } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: options.viewport ?? DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (options.language) {
    await context.addInitScript((language) => {
      if (!window.localStorage.getItem('aftersales.language')) window.localStorage.setItem('aftersales.language', language);
    }, options.language);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Log in through the login form (Enter submits) and wait until the app shell is shown. */
export async function loginInBrowser(
  page: Page,
  server: Pick<TestServer, 'baseUrl'>,
  user: Pick<TestUser, 'username' | 'password'>,
  next?: string,
) {
  await page.goto(next ? `${server.baseUrl}/login?next=${encodeURIComponent(next)}` : `${server.baseUrl}/login`);
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('#password').press('Enter');
  await page.locator('[data-testid=user-menu]').waitFor();
}

function slug(text: string): string {
  return (
    text
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'page'
  );
}

/** Save a full-page PNG; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Call once inside a describe: a failed test leaves a screenshot of its page behind. */
export function screenshotOnFailure(currentPage: () => Page | undefined) {
  afterEach(async (context) => {
    const result = context.task.result;
    if (result?.state !== 'fail' && !result?.errors?.length) return;
    const page = currentPage();
    if (!page || page.isClosed()) return;
    try {
      const file = await screenshot(page, `FAILED-${context.task.name}`);
      console.error(`screenshot of the failed test: ${file}`);
    } catch {
      // the page may be gone
    }
  });
}
