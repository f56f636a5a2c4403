import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqlite } from '../../server/db/database';
import { insertLoginUser, type ServerProcess, startServerProcess } from '../../server/testing/server-process';
import type { Role } from '../../server/platform/permissions';

export { DEMO_PASSWORD, DEMO_USERS } from '../../server/demo/demo-data';

export const TEST_PASSWORD = 'E2e-Passw0rd!';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  displayName: string;
  roles: Role[];
}

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  createUser(fields: { roles: Role[]; username?: string; displayName?: string; password?: string }): Promise<TestUser>;
  output(): string;
  stop(): Promise<void>;
}

let userCounter = 0;

/** A real server on a fresh SQLite database with the demo data, as users run it. */
export async function startServer(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aftersales-e2e-'));
  let server: ServerProcess;
  try {
    server = await startServerProcess(
      { DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'true', ...options.env },
      { timeoutMs: options.timeoutMs ?? 180_000 },
    );
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  async function createUser(fields: {
    roles: Role[];
    username?: string;
    displayName?: string;
    password?: string;
  }): Promise<TestUser> {
    userCounter += 1;
    const username = fields.username ?? `e2e_${userCounter}_${randomBytes(3).toString('hex')}`;
    const displayName = fields.displayName ?? `测试用户${userCounter}`;
    const password = fields.password ?? TEST_PASSWORD;
    const handle = openSqlite(path.join(dataDir, 'aftersales.db'));
    try {
      const id = await insertLoginUser(handle.db, { username, displayName, password, roles: fields.roles });
      return { id, username, password, displayName, roles: fields.roles };
    } finally {
      await handle.destroy();
    }
  }

  return { baseUrl: server.baseUrl, dataDir, createUser, output: server.output, stop };
}

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

export interface ApiSession {
  cookie: string;
  user: { id: string; username: string; displayName: string; roles: string[]; permissions: string[] };
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
  patch<T = any>(path: string, body?: unknown): Promise<T>;
  put<T = any>(path: string, body?: unknown): Promise<T>;
  delete<T = any>(path: string): Promise<T>;
}

async function call(
  baseUrl: string,
  method: string,
  apiPath: string,
  body: unknown,
  cookie?: string,
): Promise<{ data: any; response: Response }> {
  const response = await fetch(`${baseUrl}/api/v1${apiPath}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    throw new ApiCallError(
      response.status,
      data?.error?.code ?? 'http_error',
      data?.error?.message ?? response.statusText,
      data?.error?.details,
    );
  }
  return { data, response };
}

/** Log in through the API (to arrange data before driving the browser). */
export async function apiLogin(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const { data: user, response } = await call(baseUrl, 'POST', '/auth/login', { username, password });
  const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('as_session='));
  if (!setCookie) throw new Error('login answered without a session cookie');
  const cookie = setCookie.split(';')[0];
  const send = (method: string) => async (apiPath: string, body?: unknown) =>
    (await call(baseUrl, method, apiPath, body === undefined && method !== 'GET' && method !== 'DELETE' ? {} : body, cookie))
      .data;
  return {
    cookie,
    user,
    get: send('GET'),
    post: send('POST'),
    patch: send('PATCH'),
    put: send('PUT'),
    delete: send('DELETE'),
  };
}
