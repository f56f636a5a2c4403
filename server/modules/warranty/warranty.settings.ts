/**
 * Warranty settings (administrator, per company): the numbers in brackets of R-WAR — the [7] days
 * of the refund rule, how many remedies before "still failing" allows a refund, when the [7]
 * working days of the ship-back deadline start, and the default deductions.
 */
import type { UpdateWarrantySettingsRequest, WarrantySettings } from '../../../contracts/warranty.js';
import type { DB } from '../../db/database.js';
import { cachedReference } from '../../db/reference-data.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { VersionConflictError } from '../../platform/errors.js';
import { assertCan } from '../../platform/permissions.js';
import * as repo from './warranty.repository.js';

export const WARRANTY_SETTINGS_KEY = 'warranty.settings';

export type WarrantySettingsValue = Omit<WarrantySettings, 'version' | 'updatedAt'>;

export const DEFAULT_WARRANTY_SETTINGS: WarrantySettingsValue = {
  refundPolicyDays: 7,
  refundAfterRemedies: 1,
  shipBackStartsAt: 'received_by_factory',
  expiringSoonDays: 30,
  deductionDefaults: { missing_part: 5_000, packaging: 2_000, other: 0 },
};

/**
 * The warranty settings, cached like the other reference data (db/reference-data.ts: every repair
 * case opened reads them); `fresh` reads the row itself (the before-image of a change). The value is
 * shared and frozen: callers must not modify it.
 */
export async function readWarrantySettings(db: DB, options: { fresh?: boolean } = {}): Promise<WarrantySettings> {
  return options.fresh ? loadWarrantySettings(db) : cachedWarrantySettings(db, WARRANTY_SETTINGS_KEY);
}

const cachedWarrantySettings = cachedReference((db) => loadWarrantySettings(db));

async function loadWarrantySettings(db: DB): Promise<WarrantySettings> {
  const row = await repo.findSetting(db, WARRANTY_SETTINGS_KEY);
  if (!row) return { ...DEFAULT_WARRANTY_SETTINGS, version: 1, updatedAt: null };
  const stored = JSON.parse(row.value) as Partial<WarrantySettingsValue>;
  return {
    ...DEFAULT_WARRANTY_SETTINGS,
    ...stored,
    deductionDefaults: { ...DEFAULT_WARRANTY_SETTINGS.deductionDefaults, ...stored.deductionDefaults },
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

export async function getWarrantySettings(ctx: ServiceContext): Promise<WarrantySettings> {
  assertCan(ctx.actor, 'warranty.read');
  return readWarrantySettings(ctx.db);
}

export async function updateWarrantySettings(ctx: ServiceContext, input: UpdateWarrantySettingsRequest): Promise<WarrantySettings> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    const before = await readWarrantySettings(tx.db, { fresh: true });
    const { version, ...value } = input;
    const now = tx.clock.now().toISOString();
    const existing = await repo.findSetting(tx.db, WARRANTY_SETTINGS_KEY);
    const saved = existing
      ? await repo.updateSettingVersioned(tx.db, WARRANTY_SETTINGS_KEY, version, value, now)
      : version === 1 && (await repo.insertSettingIfMissing(tx.db, WARRANTY_SETTINGS_KEY, value, 2, now));
    if (!saved) throw new VersionConflictError('setting', WARRANTY_SETTINGS_KEY, before.version);
    const { version: _v, updatedAt: _u, ...beforeValue } = before;
    await recordAudit(tx, { entity: 'setting', entityId: WARRANTY_SETTINGS_KEY, action: 'update', before: beforeValue, after: value });
    return readWarrantySettings(tx.db, { fresh: true });
  });
}
