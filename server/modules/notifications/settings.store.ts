import type { ZodType } from 'zod';
import type { DB } from '../../db/database.js';
import { cachedReference } from '../../db/reference-data.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { VersionConflictError } from '../../platform/errors.js';

/**
 * Company settings kept as one JSON row per key in `settings` (attachments.settings,
 * notifications.settings, mail.settings). Before anyone saved a key it reads as the defaults at
 * version 1, so the first save is based on version 1 too; every save is versioned and audited.
 */
export interface StoredSetting<T> {
  value: T;
  version: number;
  updatedAt: string | null;
}

/** A setting (the row itself: before a change, or when staleness matters). */
export async function readSetting<T extends object>(db: DB, key: string, schema: ZodType<T>, defaults: T): Promise<StoredSetting<T>> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
  return parseSetting(row, schema, defaults);
}

const settingRow = cachedReference((db, key) => db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst());

/** A setting read on hot paths (e.g. every notification): cached, see db/reference-data.ts. */
export async function readCachedSetting<T extends object>(db: DB, key: string, schema: ZodType<T>, defaults: T): Promise<StoredSetting<T>> {
  return parseSetting(await settingRow(db, key), schema, defaults);
}

function parseSetting<T extends object>(
  row: { value: unknown; version: number | string; updated_at: string } | undefined,
  schema: ZodType<T>,
  defaults: T,
): StoredSetting<T> {
  if (!row) return { value: defaults, version: 1, updatedAt: null };
  let raw: unknown;
  try {
    raw = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
  } catch {
    raw = {};
  }
  const parsed = schema.safeParse({ ...defaults, ...(raw as object) });
  return { value: parsed.success ? parsed.data : defaults, version: Number(row.version), updatedAt: row.updated_at };
}

/** Save (inside the caller's transaction); 409 when `version` is stale. */
export async function saveSetting<T extends object>(
  tx: ServiceContext,
  key: string,
  version: number,
  value: T,
  current: StoredSetting<T>,
): Promise<void> {
  const now = tx.clock.now().toISOString();
  const json = JSON.stringify(value);
  const existing = await tx.db.selectFrom('settings').select('version').where('key', '=', key).executeTakeFirst();
  let saved: boolean;
  if (existing) {
    const result = await tx.db
      .updateTable('settings')
      .set({ value: json, version: version + 1, updated_at: now })
      .where('key', '=', key)
      .where('version', '=', version)
      .executeTakeFirst();
    saved = Number(result.numUpdatedRows) === 1;
  } else {
    saved = version === 1;
    if (saved) {
      const result = await tx.db
        .insertInto('settings')
        .values({ key, value: json, version: 2, updated_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      saved = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    }
  }
  if (!saved) throw new VersionConflictError('setting', key, current.version);
  const diff = changedFields(current.value as Record<string, unknown>, value as Record<string, unknown>);
  await recordAudit(tx, { entity: 'setting', entityId: key, action: 'update', before: diff.before, after: diff.after });
}
