import { reusableQuery } from '../../db/compiled.js';
import type { DB } from '../../db/database.js';
import type { Role } from '../../platform/permissions.js';

export async function findUserByUsername(db: DB, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

// The session and its roles are read on every request: compiled once (db/compiled.ts).
const roleRows = reusableQuery('auth.roles', (db, userId: string) =>
  db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role'),
);

export async function findRoles(db: DB, userId: string): Promise<Role[]> {
  const rows = await roleRows(db, userId);
  return rows.map((r) => r.role as Role);
}

export async function insertSession(
  db: DB,
  session: { id: string; tokenHash: string; userId: string; createdAt: string; expiresAt: string; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      revoked_at: null,
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

/** The active user behind a session or API token hash, if still valid at `now`. */
const sessionUsers = reusableQuery('auth.sessionUser', (db, tokenHash: string, now: string, active: 'active') =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.department_id', 'users.locale', 'sessions.id as session_id'])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.status', '=', active),
);

export async function findUserBySessionHash(db: DB, tokenHash: string, now: string) {
  return (await sessionUsers(db, tokenHash, now, 'active'))[0];
}

export async function findUserByApiTokenHash(db: DB, tokenHash: string, now: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.department_id', 'users.locale', 'api_tokens.id as token_id'])
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', now)]))
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

export async function revokeSession(db: DB, tokenHash: string, now: string) {
  await db.updateTable('sessions').set({ revoked_at: now }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: DB, userId: string, now: string) {
  await db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export async function touchApiToken(db: DB, tokenId: string, now: string) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}

export async function insertApiToken(
  db: DB,
  token: { id: string; name: string; tokenHash: string; tokenPrefix: string; userId: string; createdAt: string; expiresAt: string | null },
) {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      name: token.name,
      token_hash: token.tokenHash,
      token_prefix: token.tokenPrefix,
      user_id: token.userId,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      revoked_at: null,
      last_used_at: null,
    })
    .execute();
}

export async function listApiTokens(db: DB, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function findApiToken(db: DB, id: string) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setApiTokenRevoked(db: DB, id: string, now: string) {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}
