/**
 * Browser-test harness (vitest project 'e2e', node environment, real server, real Chromium).
 *
 * `npm test` (scripts/test.mjs) builds dist/web first; by hand:
 *   npx vite build --config web/vite.config.ts && CHROMIUM_PATH=/usr/bin/chromium npx vitest run --project e2e
 *
 * API
 *   startServer(options?) → Promise<TestServer>
 *       Spawns `tsx server/main.ts serve` on a free port with a fresh DATA_DIR (SQLite), NODE_ENV=development,
 *       SEED_DEMO=true, LOG_LEVEL=warn; resolves when GET /api/health answers. Call in beforeAll, stop() in afterAll.
 *     server.baseUrl                   'http://127.0.0.1:<port>'
 *     server.createUser({ roles, username?, displayName?, password? }) → Promise<TestUser>
 *                                      a user written straight into the server's database (unique username;
 *                                      password TEST_PASSWORD unless given); use it for a known role/permission
 *                                      set instead of depending on the demo data
 *     server.output()                  the server's stdout+stderr so far (for debugging)
 *     server.stop()                    stops the server and deletes its data dir
 *   DEMO_PASSWORD, DEMO_USERS          the demo company's logins (server/demo/demo-data.ts), present once the
 *                                      demo seed runs at start (SEED_DEMO=true): admin, gm, head, supervisor,
 *                                      agent1..3, tech1..6, quality, warehouse, finance
 *   apiLogin(baseUrl, username, password) → Promise<ApiSession>
 *       Logs in through the API; session.get/post/patch/put/delete(path, body?) call /api/v1<path> with the session
 *       cookie and return parsed JSON (throw ApiCallError with status/code/details on non-2xx). Use it to arrange
 *       data quickly before driving the browser. session.cookie is 'as_session=…'.
 *   launchBrowser() → Promise<Browser>   headless Debian Chromium with the flags this offline machine needs
 *   newPage(browser, server, { viewport?, language? }) → Promise<Page>
 *       A fresh context (own cookies) at 1366×800, zh-CN, time zone Asia/Shanghai; language 'en' pre-selects English
 *       in the app (localStorage). { viewport: PHONE } for a phone screen.
 *   loginInBrowser(page, server, user) → Promise<void>
 *       Opens /login, types username and password, presses Enter, waits for the workbench (or the `next` page).
 *   screenshotOnFailure(() => page)      call once in a describe: saves a full-page PNG of each failed test to
 *                                        SCREENSHOT_DIR (/tmp/aftersales-e2e by default, env E2E_SCREENSHOT_DIR)
 *   screenshot(page, name) → Promise<string>   a PNG on purpose (path returned)
 *
 * Conventions for specs: find things by role and visible Chinese text (page.getByRole('button', { name: '保存' }));
 * antd buttons keep their text as written (no '保 存' spacing). Menu items are links inside the side menu
 * ('[data-testid=app-sider]'; on a phone, after clicking the button named 打开菜单, '[data-testid=app-drawer]'); the language switch is '[data-testid=language-switch]'; the user menu is
 * '[data-testid=user-menu]'. Each page has exactly one <h1> (PageHeader).
 */
export * from './browser';
export * from './server';
export * from './suite';
