import { afterAll, beforeAll, expect } from 'vitest';
import { type Browser, launchBrowser, type Page, screenshotOnFailure } from './browser';
import { startServer, type TestServer } from './server';

/** Polls long enough for a loaded machine (expect.poll's own default is one second). */
export const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  /** the page a failure screenshot is taken of: set it to the page the test is acting on */
  page: Page | undefined;
}

/**
 * A describe block's real server (demo data) and browser, started once for its tests and stopped
 * after them, with a screenshot of `suite.page` when a test fails.
 */
export function browserSuite(options: Parameters<typeof startServer>[0] = {}): BrowserSuite {
  const suite = { page: undefined } as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer(options);
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  screenshotOnFailure(() => suite.page);
  return suite;
}
