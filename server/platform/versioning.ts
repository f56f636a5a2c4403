import { changedFields, recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { NotFoundError, VersionConflictError } from './errors.js';

/**
 * Update a versioned row only if nobody changed it since the caller read it.
 * Bumps `version` and `updated_at`; a stale version is a 409, an unknown id a 404.
 */
export async function updateVersioned(
  ctx: ServiceContext,
  table: string,
  id: string,
  expectedVersion: number,
  patch: Record<string, unknown>,
  entityLabel = table,
): Promise<void> {
  const db = ctx.db as any;
  const result = await db
    .updateTable(table)
    .set({ ...patch, version: expectedVersion + 1, updated_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return;
  const current = await db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirst();
  if (!current) throw new NotFoundError(entityLabel, id);
  throw new VersionConflictError(entityLabel, id, Number(current.version));
}

/**
 * Apply the fields that really change, based on the client's version, and audit them.
 * Nothing changes → no write and no audit row, but a stale version is still a 409.
 */
export async function applyVersionedChange<P extends { version: number }>(
  tx: ServiceContext,
  args: {
    table: string;
    entity: string;
    id: string;
    version: number;
    before: P;
    wanted: Partial<P>;
    toColumns: (changed: Partial<P>) => Record<string, unknown>;
    reload: () => Promise<P>;
  },
): Promise<P> {
  const { before, after } = changedFields(args.before as Record<string, unknown>, args.wanted as Record<string, unknown>);
  if (Object.keys(after).length === 0) {
    if (args.before.version !== args.version) throw new VersionConflictError(args.entity, args.id, args.before.version);
    return args.before;
  }
  await updateVersioned(tx, args.table, args.id, args.version, args.toColumns(after as Partial<P>), args.entity);
  await recordAudit(tx, { entity: args.entity, entityId: args.id, action: 'update', before, after });
  return args.reload();
}
