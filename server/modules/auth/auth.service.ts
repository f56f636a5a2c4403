import type { AppConfig } from '../../config.js';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { verifyPassword } from '../../platform/passwords.js';
import { type Actor, assertCan, permissionsOf, type UserActor } from '../../platform/permissions.js';
import { newSecretToken, sha256 } from '../../platform/tokens.js';
import * as repo from './auth.repository.js';

export const SESSION_COOKIE = 'as_session';

/** A hash computed once so a login for an unknown user costs as much as a wrong password. */
let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  sessionToken: string;
  expiresAt: Date;
  user: Awaited<ReturnType<typeof describeUser>>;
}

export async function login(
  deps: { db: DB; clock: Clock; config: AppConfig; requestId: string | null },
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<LoginResult> {
  const user = await repo.findUserByUsername(deps.db, input.username);
  if (!user || user.status !== 'active') {
    if (!dummyHash) {
      const { hashPassword } = await import('../../platform/passwords.js');
      dummyHash = hashPassword('not-a-user-password', deps.config.passwordHashCost);
    }
    await verifyPassword(await dummyHash, input.password);
    throw new UnauthorizedError('用户名或密码错误 (wrong username or password)');
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    throw new UnauthorizedError('用户名或密码错误 (wrong username or password)');
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
  const sessionToken = newSecretToken('ses');
  const roles = await repo.findRoles(deps.db, user.id);
  const actor: UserActor = {
    kind: 'user',
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    roles,
    departmentId: user.department_id,
  };
  const ctx: ServiceContext = { ...deps, actor };
  await inTransaction(ctx, async (tx) => {
    const sessionId = newId();
    await repo.insertSession(tx.db, {
      id: sessionId,
      tokenHash: sha256(sessionToken),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await recordAudit(tx, { entity: 'session', entityId: sessionId, action: 'login', after: { ip: input.ip } });
  });
  return { sessionToken, expiresAt, user: describeUser(actor, user.locale) };
}

export async function logout(ctx: ServiceContext, sessionToken: string): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    await repo.revokeSession(tx.db, sha256(sessionToken), tx.clock.now().toISOString());
    if (tx.actor.kind === 'user') {
      await recordAudit(tx, { entity: 'user', entityId: tx.actor.id, action: 'logout' });
    }
  });
}

/** Resolve who is calling from a session cookie or a bearer token; null when anonymous. */
export async function resolveActor(
  db: DB,
  clock: Clock,
  credentials: { sessionToken?: string; bearerToken?: string },
): Promise<(UserActor & { locale: string }) | null> {
  const now = clock.now().toISOString();
  let row: { id: string; username: string; display_name: string; department_id: string | null; locale: string } | undefined;
  if (credentials.bearerToken) {
    const tokenRow = await repo.findUserByApiTokenHash(db, sha256(credentials.bearerToken), now);
    if (!tokenRow) throw new UnauthorizedError('API token is invalid, expired or revoked');
    await repo.touchApiToken(db, tokenRow.token_id, now);
    row = tokenRow;
  } else if (credentials.sessionToken) {
    row = await repo.findUserBySessionHash(db, sha256(credentials.sessionToken), now);
  }
  if (!row) return null;
  return {
    kind: 'user',
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: await repo.findRoles(db, row.id),
    departmentId: row.department_id,
    locale: row.locale,
  };
}

export function describeUser(actor: UserActor, locale: string) {
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    permissions: [...permissionsOf(actor.roles)].sort(),
    departmentId: actor.departmentId,
    locale,
  };
}

function presentToken(row: Awaited<ReturnType<typeof repo.findApiToken>> & {}) {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

function requireUser(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new ForbiddenError();
  return actor;
}

export async function createApiToken(ctx: ServiceContext, input: { name: string; expiresInDays?: number }) {
  assertCan(ctx.actor, 'apiToken.manage');
  const user = requireUser(ctx.actor);
  const token = newSecretToken('ast');
  const now = ctx.clock.now();
  const id = newId();
  await inTransaction(ctx, async (tx) => {
    await repo.insertApiToken(tx.db, {
      id,
      name: input.name,
      tokenHash: sha256(token),
      tokenPrefix: token.slice(0, 10),
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString() : null,
    });
    await recordAudit(tx, { entity: 'api_token', entityId: id, action: 'create', after: { name: input.name } });
  });
  const row = await repo.findApiToken(ctx.db, id);
  if (!row) throw new NotFoundError('api_token', id);
  return { ...presentToken(row), token };
}

export async function listApiTokens(ctx: ServiceContext) {
  assertCan(ctx.actor, 'apiToken.manage');
  const user = requireUser(ctx.actor);
  return (await repo.listApiTokens(ctx.db, user.id)).map(presentToken);
}

export async function revokeApiToken(ctx: ServiceContext, id: string) {
  assertCan(ctx.actor, 'apiToken.manage');
  const user = requireUser(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findApiToken(tx.db, id);
    if (!row) throw new NotFoundError('api_token', id);
    if (row.user_id !== user.id && !user.roles.includes('admin')) throw new ForbiddenError();
    if (!row.revoked_at) {
      await repo.setApiTokenRevoked(tx.db, id, tx.clock.now().toISOString());
      await recordAudit(tx, { entity: 'api_token', entityId: id, action: 'revoke' });
    }
    const updated = await repo.findApiToken(tx.db, id);
    return presentToken(updated!);
  });
}
