import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AppConfig } from '../config.js';
import { loadConfig } from '../config.js';
import { buildApp } from '../app.js';
import { type Clock, fixedClock } from '../platform/clock.js';
import type { ServiceContext } from '../platform/context.js';
import { newId } from '../platform/ids.js';
import { hashPassword } from '../platform/passwords.js';
import { type Role, systemActor } from '../platform/permissions.js';
import { ensureReferenceData } from '../startup.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_PASSWORD = 'Passw0rd!test';

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const config = loadConfig({
    NODE_ENV: 'test',
    APP_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/aftersales-test',
  });
  return { ...config, passwordHashCost: { memoryCost: 1024, timeCost: 1 }, loginRateLimitPerMinute: 1000, ...overrides };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: Clock & { set(at: Date | string): void; advance(ms: number): void };
  config: AppConfig;
  /** a service context acting as the system (for arranging data through services) */
  systemContext(): ServiceContext;
  /** create a user with roles and return a logged-in client */
  userWith(roles: Role[], fields?: { username?: string; departmentId?: string | null }): Promise<TestClient>;
  close(): Promise<void>;
}

export interface TestClient {
  userId: string;
  username: string;
  cookie: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

let userCounter = 0;

/** A whole app on a fresh database (SQLite, or PostgreSQL when TEST_DATABASE_URL is set). */
export async function createTestApp(
  options: { now?: string; config?: Partial<AppConfig>; /** reference data as at startup: calendar with holidays, case types, policies, templates (default true) */ referenceData?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = fixedClock(options.now ?? '2026-03-02T02:00:00.000Z');
  const config = testConfig(options.config);
  const app = await buildApp({ db: database.db, clock, config, logger: false, webRoot: '/nonexistent' });
  await app.ready();

  const systemContext = (): ServiceContext => ({ db: database.db, clock, config, actor: systemActor, requestId: null });
  if (options.referenceData !== false) await ensureReferenceData(systemContext());

  async function userWith(roles: Role[], fields: { username?: string; departmentId?: string | null } = {}) {
    userCounter += 1;
    const username = fields.username ?? `user${userCounter}_${roles.join('_')}`;
    const id = newId();
    const now = clock.now().toISOString();
    await database.db
      .insertInto('users')
      .values({
        id,
        username,
        display_name: `测试用户${userCounter}`,
        password_hash: await hashPassword(TEST_PASSWORD, config.passwordHashCost),
        email: null,
        phone: null,
        department_id: fields.departmentId ?? null,
        grade: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (roles.length) {
      await database.db.insertInto('user_roles').values(roles.map((role) => ({ user_id: id, role }))).execute();
    }
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`test login failed: ${login.body}`);
    const setCookie = login.cookies.find((c) => c.name === 'as_session');
    const cookie = `as_session=${setCookie?.value}`;
    const request = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: method as any, url, payload: body as any, headers: { cookie, ...headers } });
    return {
      userId: id,
      username,
      cookie,
      request,
      get: (url: string) => request('GET', url),
      post: (url: string, body?: unknown) => request('POST', url, body ?? {}),
      patch: (url: string, body?: unknown) => request('PATCH', url, body ?? {}),
      put: (url: string, body?: unknown) => request('PUT', url, body ?? {}),
      delete: (url: string) => request('DELETE', url),
    };
  }

  return {
    app,
    database,
    clock,
    config,
    systemContext,
    userWith,
    async close() {
      await app.close();
      await database.destroy();
    },
  };
}
