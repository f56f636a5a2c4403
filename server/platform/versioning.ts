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
