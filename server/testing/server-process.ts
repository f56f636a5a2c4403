import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { DB } from '../db/database.js';
import { newId } from '../platform/ids.js';
import { hashPassword } from '../platform/passwords.js';
import type { Role } from '../platform/permissions.js';

/**
 * The real server as a separate process (`tsx server/main.ts serve`), for tests that kill it, run
 * several of it, or talk to it only over HTTP: crash safety, several instances on one database.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  /** the process that serves (with `singleProcess`, the Node process itself: its memory is the server's) */
  pid: number;
  /** everything it printed */
  output(): string;
  /** SIGKILL the process group: no shutdown code runs (a power cut, the OOM killer) */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 5 s) */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Start `serve` with `env` on a free port and wait until /api/health answers. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number; singleProcess?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  // singleProcess: tsx as a loader inside one Node process instead of tsx's wrapper and its child
  const [command, args] = options.singleProcess
    ? [process.execPath, ['--import', 'tsx', 'server/main.ts', 'serve']]
    : [`${repoRoot}node_modules/.bin/tsx`, ['server/main.ts', 'serve']];
  const child = spawn(command, args, {
    cwd: repoRoot,
    // own process group, so a kill reaches tsx's child process too
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'development',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));

  const kill = async () => {
    signalGroup(child, 'SIGKILL');
    await exited(child);
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`server did not answer /api/health in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { baseUrl, pid: child.pid ?? 0, output: () => output, kill, stop };
}

/** Log in over HTTP; the session cookie for later requests. */
export async function loginCookie(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  return (response.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** A user who can log in with `password`, written straight into a database a server process uses. */
export async function insertLoginUser(
  db: DB,
  fields: { username: string; displayName: string; password: string; roles: Role[] },
): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  const passwordHash = await hashPassword(fields.password, { memoryCost: 19456, timeCost: 2 });
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('users')
      .values({
        id,
        username: fields.username,
        display_name: fields.displayName,
        password_hash: passwordHash,
        email: null,
        phone: null,
        department_id: null,
        grade: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (fields.roles.length) await tx.insertInto('user_roles').values(fields.roles.map((role) => ({ user_id: id, role }))).execute();
  });
  return id;
}
