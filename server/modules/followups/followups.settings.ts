/**
 * Follow-up and satisfaction settings (administrator): the bracketed numbers of R-FUP and R-SAT —
 * call windows, the contact gap, who calls by severity, retries, score thresholds, the campaign's
 * eligibility and targets, the employee bands. Stored in `settings`, defaults until first saved.
 */
import type { FollowupSettings, FollowupSettingsValue, UpdateFollowupSettingsRequest } from '../../../contracts/followups.js';
import { followupSettingsValue } from '../../../contracts/followups.js';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import { checkBusinessWindows } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, VersionConflictError } from '../../platform/errors.js';
import { assertCan } from '../../platform/permissions.js';
import * as repo from './followups.repository.js';

export const FOLLOWUP_SETTINGS_KEY = 'followups.settings';

export const DEFAULT_FOLLOWUP_SETTINGS: FollowupSettingsValue = {
  callWindows: [
    { start: '10:00', end: '11:30' },
    { start: '15:30', end: '17:00' },
  ],
  minContactGapDays: 7,
  reducedContactGapDays: 30,
  severityRoles: { general: 'agent', important: 'supervisor', major: 'department_head' },
  maxAttempts: 3,
  retryAfterHours: 2,
  lowScoreThreshold: 1,
  scoreMeanings: ['极不满意', '很不满意', '不满意', '一般', '满意', '非常满意'],
  unresolvedFollowupDays: 7,
  surveyLinkDays: 14,
  surveyReminderDays: 5,
  surveyLowScore: 40,
  campaignMinTransactions: 3,
  responseTargetPercent: 80,
  satisfiedScore: 90,
  overallTargetPercent: 80,
  commendationPercent: 90,
  warningPercent: 70,
  failingPercent: 50,
  generateEveryMinutes: 60,
  catchUpDays: 7,
  publicBaseUrl: '',
};

export async function readFollowupSettings(db: DB): Promise<FollowupSettings> {
  const row = await repo.findSetting(db, FOLLOWUP_SETTINGS_KEY);
  if (!row) return { ...DEFAULT_FOLLOWUP_SETTINGS, version: 1, updatedAt: null };
  const stored = JSON.parse(row.value) as Partial<FollowupSettingsValue>;
  return { ...DEFAULT_FOLLOWUP_SETTINGS, ...stored, version: Number(row.version), updatedAt: row.updated_at };
}

export async function getFollowupSettings(ctx: ServiceContext): Promise<FollowupSettings> {
  assertCan(ctx.actor, 'followup.read');
  return readFollowupSettings(ctx.db);
}

export async function updateFollowupSettings(ctx: ServiceContext, input: UpdateFollowupSettingsRequest): Promise<FollowupSettings> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await readFollowupSettings(tx.db);
    const { version, updatedAt: _u, ...beforeValue } = before;
    const { version: expected, ...changes } = input;
    const value = followupSettingsValue.parse({ ...beforeValue, ...changes });
    const issues = checkBusinessWindows(value.callWindows);
    if (issues.length) {
      throw new BadRequestError('通话时段无效 (invalid call windows)', issues.map((i) => ({ path: ['body', 'callWindows', i.index, i.field], message: i.message })));
    }
    if (!(value.failingPercent <= value.warningPercent && value.warningPercent <= value.commendationPercent)) {
      throw new BadRequestError('考核区间应为 不合格 ≤ 警示 ≤ 表扬 (bands must be failing ≤ warning ≤ commendation)', [
        { path: ['body', 'warningPercent'], message: 'failing ≤ warning ≤ commendation' },
      ]);
    }
    const now = tx.clock.now().toISOString();
    const existing = await repo.findSetting(tx.db, FOLLOWUP_SETTINGS_KEY);
    const saved = existing
      ? await repo.updateSettingVersioned(tx.db, FOLLOWUP_SETTINGS_KEY, expected, value, now)
      : expected === 1 && (await repo.insertSettingIfMissing(tx.db, FOLLOWUP_SETTINGS_KEY, value, 2, now));
    if (!saved) throw new VersionConflictError('setting', FOLLOWUP_SETTINGS_KEY, version);
    await recordAudit(tx, { entity: 'setting', entityId: FOLLOWUP_SETTINGS_KEY, action: 'update', before: beforeValue, after: value });
    return readFollowupSettings(tx.db);
  });
}
