import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlite } from '../../server/db/database';
import { newId } from '../../server/platform/ids';
import { hashPassword } from '../../server/platform/passwords';
import type { Role } from '../../server/platform/permissions';

export { DEMO_PASSWORD, DEMO_USERS } from '../../server/demo/demo-data';

export const TEST_PASSWORD = 'E2e-Passw0rd!';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

let userCounter = 0;

/** A real server on a fresh SQLite database, as users run it. */
export async function startServer(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'aftersales-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(path.join(repoRoot, 'node_modules/.bin/tsx'), ['server/main.ts', 'serve'], {
    cwd: repoRoot,
    // own process group, so stop() reaches tsx's child process too
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      NODE_ENV: 'development',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...options.env,
    },
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited(child);
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer /api/health in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

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
    const id = newId();
    const now = new Date().toISOString();
    const handle = openSqlite(path.join(dataDir, 'aftersales.db'));
    try {
      await handle.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('users')
          .values({
            id,
            username,
            display_name: displayName,
            password_hash: await hashPassword(password, { memoryCost: 19456, timeCost: 2 }),
            email: null,
            phone: null,
            department_id: null,
            grade: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        if (fields.roles.length)
          await tx
            .insertInto('user_roles')
            .values(fields.roles.map((role) => ({ user_id: id, role })))
            .execute();
      });
    } finally {
      await handle.destroy();
    }
    return { id, username, password, displayName, roles: fields.roles };
  }

  return { baseUrl, dataDir, createUser, output: () => output, stop };
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
