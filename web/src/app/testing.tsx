/**
 * Helpers for web unit tests (vitest + jsdom + @testing-library/react). Only tests import this file.
 *
 *   const server = mockApi({ 'GET /customers': { items: [], nextCursor: null }, 'POST /customers': (body) => ({ id: '1', ...body }) });
 *   renderApp({ features: [customersFeature], path: '/customers', user: testUser({ permissions: ['customer.read'] }) });
 *   expect(await screen.findByRole('heading', { name: '客户' })).toBeTruthy();
 *   expect(server.calls('POST /customers')[0].body).toEqual({ … });
 *
 * renderApp renders the whole shell (menu, header) at a path with the user already logged in;
 * renderWithProviders renders one element with translations, antd, TanStack Query and a router.
 */
import type { QueryClient } from '@tanstack/react-query';
import { configure, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { FeatureModule } from './feature';
import { createI18n, type Language } from './i18n';
import { AppProviders } from './providers';
import { createQueryClient } from './queryClient';
import { buildRoutes } from './router';
import { type CurrentUser, SESSION_QUERY_KEY } from './session';
import { FeaturesProvider } from './shell';

/** Width the media queries of tests answer for (a desktop screen; set it before rendering to test phones). */
export const testScreen = { width: 1280 };

function mediaMatches(query: string): boolean {
  const min = query.match(/min-width:\s*(\d+)px/);
  const max = query.match(/max-width:\s*(\d+(?:\.\d+)?)px/);
  return (!min || testScreen.width >= Number(min[1])) && (!max || testScreen.width <= Number(max[1]));
}

/** jsdom lacks what antd's responsive helpers use. */
function polyfillBrowser() {
  if (typeof window === 'undefined') return;
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: mediaMatches(query),
        media: query,
        onchange: null,
        addListener: () => {},
        removeListener: () => {},
        addEventListener: () => {},
        removeEventListener: () => {},
        dispatchEvent: () => false,
      }) as unknown as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    (window as any).ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }
  const originalGetComputedStyle = window.getComputedStyle;
  // jsdom does not implement pseudo-element styles and logs an error; antd asks for them (scrollbar size)
  window.getComputedStyle = ((el: Element) => originalGetComputedStyle(el)) as typeof window.getComputedStyle;
}
polyfillBrowser();

// lazy pages load their code on first render; a busy CI machine needs more than the default second
configure({ asyncUtilTimeout: 5000 });

export function testUser(fields: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: '0190f000-0000-7000-8000-000000000001',
    username: 'zhangsan',
    displayName: '张三',
    roles: ['agent'],
    permissions: [],
    departmentId: null,
    locale: 'zh-CN',
    ...fields,
  };
}

function testQueryClient(user: CurrentUser | null | undefined): QueryClient {
  // the app's client (a 401 ends the session), without retries so failures show at once
  const client = createQueryClient();
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false, staleTime: Infinity },
    mutations: { retry: false },
  });
  if (user !== undefined) client.setQueryData(SESSION_QUERY_KEY, user);
  return client;
}

export interface RenderAppOptions {
  features?: readonly FeatureModule[];
  /** initial location, e.g. '/customers?q=张' */
  path?: string;
  /** logged-in user; null = logged out; undefined = ask GET /auth/me (mock it) */
  user?: CurrentUser | null;
  language?: Language;
}

/** The whole app (login page + shell + the given features' routes) in a memory router. */
export function renderApp({ features = [], path = '/', user = testUser(), language = 'zh-CN' }: RenderAppOptions = {}) {
  const i18n = createI18n(features, language);
  const queryClient = testQueryClient(user);
  const router = createMemoryRouter(buildRoutes(features), { initialEntries: [path] });
  const result = render(
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, i18n, queryClient, router };
}

/** One element with translations, antd, TanStack Query (user in the session) and a memory router. */
export function renderWithProviders(
  element: ReactElement,
  { features = [], path = '/', user = testUser(), language = 'zh-CN' }: RenderAppOptions = {},
) {
  const i18n = createI18n(features, language);
  const queryClient = testQueryClient(user);
  const result = render(
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <FeaturesProvider features={features}>
        <MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>
      </FeaturesProvider>
    </AppProviders>,
  );
  return { ...result, i18n, queryClient };
}

type Handler = unknown | ((body: any, url: URL) => unknown);

export interface MockedCall {
  method: string;
  path: string;
  url: URL;
  body: any;
}

/** Thrown by a handler (or given as a handler's value) to answer with an error status. */
export class MockApiError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message = code,
    readonly details?: unknown,
  ) {}
}

/**
 * Replace fetch with a table of '<METHOD> <path under /api/v1>' → JSON (or a function of the body).
 * Unlisted requests answer 404 not_found. Paths may end with '*' to match a prefix.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: MockedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    calls.push({ method, path, url, body });
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(' ');
      return m === method && (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : p === path);
    });
    const json = (status: number, payload: unknown) =>
      new Response(JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });
    if (!key) return json(404, { error: { code: 'not_found', message: `no mock for ${method} ${path}` } });
    try {
      const handler = routes[key];
      const value = typeof handler === 'function' ? await (handler as (b: any, u: URL) => unknown)(body, url) : handler;
      if (value instanceof MockApiError) throw value;
      return json(200, value ?? { ok: true });
    } catch (error) {
      if (error instanceof MockApiError) {
        return json(error.status, {
          error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
        });
      }
      throw error;
    }
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetch: fetchMock,
    calls: (route?: string) =>
      route
        ? calls.filter(
            (c) =>
              `${c.method} ${c.path}` === route ||
              (route.endsWith('*') && `${c.method} ${c.path}`.startsWith(route.slice(0, -1))),
          )
        : calls,
  };
}
