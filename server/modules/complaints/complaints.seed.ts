/**
 * Reference data of complaints, made at startup after the case core's (server/startup.ts) and in
 * tests: the default categories and sub-categories (R-CMP-1) and the service-level policies of
 * R-CMP-2 beside the acknowledge policy the case core seeds. Both are admin-editable afterwards.
 *
 * Runs once per database: a marker row in `settings` is inserted first (insert-if-missing), and only
 * the start that inserted it seeds — so several instances starting together seed once, and what
 * administrators changed, disabled or archived is never touched again.
 */
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import type { ComplaintResolutionKind } from '../../db/types/complaints.js';

export const COMPLAINTS_SEEDED_KEY = 'complaints.seeded';

type CategorySeed = readonly [code: string, nameZh: string, nameEn: string, kind: ComplaintResolutionKind, children: readonly (readonly [string, string, string])[]];
export const DEFAULT_CATEGORIES: readonly CategorySeed[] = [
  ['quality', '产品质量', 'Product quality', 'quality', [
    ['quality.appearance', '外观', 'Appearance'],
    ['quality.performance', '性能', 'Performance'],
    ['quality.material', '材质', 'Material'],
  ]],
  ['delivery', '交付', 'Delivery', 'delivery', []],
  ['service', '服务', 'Service', 'service', [
    ['service.pre_sales', '售前服务', 'Pre-sales'],
    ['service.after_sales', '售后服务', 'After-sales'],
    ['service.logistics', '物流', 'Logistics'],
  ]],
  ['price', '价格', 'Price', 'price', [
    ['price.contract', '与合同不符', 'Differs from contract'],
    ['price.advertising', '虚假宣传', 'False advertising'],
  ]],
  ['infringement', '侵权', 'Infringement', 'infringement', [
    ['infringement.ip', '知识产权', 'Intellectual property'],
    ['infringement.counterfeit', '假冒', 'Counterfeit'],
  ]],
];

type PolicySeed = readonly [severity: 'general' | null, metric: string, amount: number, unit: 'clock_hours' | 'working_days', warn: number, escalate: number];
/** R-CMP-2 (acknowledge 24 h is seeded by the case core). Started by the workflow's actions, not at open. */
export const COMPLAINT_POLICIES: readonly PolicySeed[] = [
  [null, 'verify', 24, 'clock_hours', 120, 240],
  [null, 'analysis', 3, 'working_days', 240, 480],
  [null, 'handling', 5, 'working_days', 480, 480],
  ['general', 'handling', 3, 'working_days', 240, 480],
  // an approved extension replaces 'handling' by this one (counted from the same start)
  [null, 'handling_extended', 7, 'working_days', 480, 480],
  [null, 'handling_limit', 10, 'working_days', 480, 240],
  [null, 'feedback', 3, 'working_days', 240, 480],
];

export async function ensureComplaintReferenceData(ctx: ServiceContext): Promise<{ seeded: boolean }> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    const type = await tx.db.selectFrom('case_types').select('code').where('code', '=', 'complaint').executeTakeFirst();
    if (!type) return { seeded: false };
    const marker = await tx.db
      .insertInto('settings')
      .values({ key: COMPLAINTS_SEEDED_KEY, value: JSON.stringify({ at: now }), version: 1, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(marker.numInsertedOrUpdatedRows ?? 0) === 0) return { seeded: false };

    let order = 0;
    for (const [code, nameZh, nameEn, kind, children] of DEFAULT_CATEGORIES) {
      order += 10;
      const parentId = newId();
      const row = { id: parentId, code, name_zh: nameZh, name_en: nameEn, parent_id: null, resolution_kind: kind, sort_order: order, archived: false, created_at: now, updated_at: now };
      const inserted = await tx.db.insertInto('complaint_categories').values(row).onConflict((oc) => oc.column('code').doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue;
      let childOrder = 0;
      for (const [childCode, childZh, childEn] of children) {
        childOrder += 10;
        await tx.db
          .insertInto('complaint_categories')
          .values({ id: newId(), code: childCode, name_zh: childZh, name_en: childEn, parent_id: parentId, resolution_kind: null, sort_order: childOrder, archived: false, created_at: now, updated_at: now })
          .onConflict((oc) => oc.column('code').doNothing())
          .execute();
      }
    }

    const existing = await tx.db.selectFrom('sla_policies').select(['metric', 'severity']).where('case_type', '=', 'complaint').execute();
    const has = (metric: string, severity: string | null) => existing.some((p) => p.metric === metric && p.severity === severity);
    const policies = COMPLAINT_POLICIES.filter(([severity, metric]) => !has(metric, severity)).map(([severity, metric, amount, unit, warn, escalate]) => ({
      id: newId(),
      case_type: 'complaint',
      severity,
      urgency: null,
      metric,
      amount,
      unit,
      warn_before_minutes: warn,
      escalate_after_minutes: escalate,
      starts_at_open: false,
      enabled: true,
      created_at: now,
      updated_at: now,
    }));
    if (policies.length) await tx.db.insertInto('sla_policies').values(policies).execute();
    await recordAudit(tx, {
      entity: 'complaint_categories',
      entityId: 'builtin',
      action: 'seed',
      after: { categories: DEFAULT_CATEGORIES.length, policies: policies.length },
    });
    return { seeded: true };
  });
}
