import { insertRows } from '../db/compiled.js';
import type { ServiceContext } from './context.js';
import { newId } from './ids.js';

export interface AuditEntry {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Fields never written to the audit log. */
const SECRET_FIELDS = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash', 'tokenHash']);

/** JSON of a before/after image with the secret fields replaced, at any depth (one pass, no copy). */
function redactedJson(value: unknown): string {
  return JSON.stringify(value, (key, v) => (SECRET_FIELDS.has(key) ? '[redacted]' : v));
}

/** Write one audit row; call it inside the same transaction as the change. */
export async function recordAudit(ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  // compiled once (insertRows): every command writes audit rows
  await insertRows(ctx.db, 'audit_log', [
    {
      id: newId(),
      at: ctx.clock.now().toISOString(),
      actor_id: ctx.actor.id,
      actor_label: ctx.actor.kind === 'user' ? ctx.actor.username : ctx.actor.displayName,
      entity: entry.entity,
      entity_id: entry.entityId,
      action: entry.action,
      before: entry.before === undefined ? null : redactedJson(entry.before),
      after: entry.after === undefined ? null : redactedJson(entry.after),
      request_id: ctx.requestId,
    },
  ]);
}

/** Only the fields that changed, for compact before/after rows. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
