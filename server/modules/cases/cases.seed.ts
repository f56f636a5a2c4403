/**
 * Reference data of the case core, made at startup (server/startup.ts) and in tests: the seven
 * case types of R-REQ-2 and the SPEC's default service-level policies (R-REP-2, R-REP-8, R-WAR-2,
 * R-WAR-3, R-CMP-2, R-STF-4). Not in the migration: a restore needs empty tables.
 *
 * Safe on every start and from several instances at once: a type is inserted only when missing
 * (its code or prefix not taken), and the default policies of a type only together with the type —
 * so what administrators changed, disabled or added is never touched again.
 */
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';

type Seed = readonly [
  code: string,
  nameZh: string,
  nameEn: string,
  prefix: string,
  workflow: string,
  anonymous: boolean,
  order: number,
];
export const BUILTIN_CASE_TYPES: readonly Seed[] = [
  ['repair', '报修', 'Repair request', 'BX', 'repair', false, 10],
  ['warranty_claim', '保修申请', 'Warranty claim', 'BZ', 'warranty', false, 20],
  ['complaint', '投诉', 'Complaint', 'TS', 'complaint', true, 30],
  ['consultation', '咨询', 'Consultation', 'ZX', 'simple', false, 40],
  ['return', '退换货', 'Return / refund / exchange', 'TH', 'warranty', false, 50],
  ['rescue', '救援', 'Emergency rescue', 'JY', 'repair', false, 60],
  ['temporary_demand', '临时需求', 'Temporary demand', 'LS', 'simple', false, 70],
];

type PolicySeed = readonly [
  type: string,
  urgency: 'high' | null,
  metric: string,
  amount: number,
  unit: 'clock_hours' | 'business_hours' | 'working_days',
  warnBeforeMinutes: number,
  escalateAfterMinutes: number,
  startsAtOpen: boolean,
];
export const DEFAULT_POLICIES: readonly PolicySeed[] = [
  // R-REP-2: first reply within 4 business hours; urgent: customer contacted within 30 minutes
  ['repair', null, 'first_reply', 4, 'business_hours', 60, 240, true],
  ['repair', 'high', 'customer_contact', 0.5, 'clock_hours', 10, 30, true],
  // R-REP-8: repaired within 3 working days, urgent within 24 hours
  ['repair', null, 'resolution', 3, 'working_days', 240, 480, true],
  ['repair', 'high', 'resolution', 24, 'clock_hours', 120, 240, true],
  // R-WAR-2: warranty reply within 24 hours; R-WAR-3: shipped back within 7 working days (started by the RMA flow)
  ['warranty_claim', null, 'warranty_reply', 24, 'clock_hours', 120, 240, true],
  ['warranty_claim', null, 'ship_back', 7, 'working_days', 480, 480, false],
  ['return', null, 'first_reply', 4, 'business_hours', 60, 240, true],
  ['return', null, 'ship_back', 7, 'working_days', 480, 480, false],
  // R-CMP-2: acknowledged and registered within 24 hours (the complaints module adds the rest)
  ['complaint', null, 'acknowledge', 24, 'clock_hours', 120, 240, true],
  ['consultation', null, 'first_reply', 4, 'business_hours', 60, 240, true],
  // R-STF-4: rescue — call back at once, on site within 2 hours in the city
  ['rescue', null, 'customer_contact', 0.5, 'clock_hours', 10, 30, true],
  ['rescue', null, 'on_site_arrival', 2, 'clock_hours', 30, 60, true],
  ['temporary_demand', null, 'first_reply', 4, 'business_hours', 60, 240, true],
];

export async function ensureCaseReferenceData(
  ctx: ServiceContext,
): Promise<{ typesInserted: string[]; policiesInserted: number }> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    const typesInserted: string[] = [];
    for (const [code, nameZh, nameEn, prefix, workflow, anonymous, order] of BUILTIN_CASE_TYPES) {
      const result = await tx.db
        .insertInto('case_types')
        .values({
          code,
          name_zh: nameZh,
          name_en: nameEn,
          number_prefix: prefix,
          workflow,
          allow_anonymous: anonymous,
          builtin: true,
          enabled: true,
          sort_order: order,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) typesInserted.push(code);
    }
    const policies = DEFAULT_POLICIES.filter(([type]) => typesInserted.includes(type)).map(
      ([type, urgency, metric, amount, unit, warn, escalate, atOpen]) => ({
        id: newId(),
        case_type: type,
        severity: null,
        urgency,
        metric,
        amount,
        unit,
        warn_before_minutes: warn,
        escalate_after_minutes: escalate,
        starts_at_open: atOpen,
        enabled: true,
        created_at: now,
        updated_at: now,
      }),
    );
    if (policies.length) await tx.db.insertInto('sla_policies').values(policies).execute();
    if (typesInserted.length) {
      await recordAudit(tx, {
        entity: 'case_types',
        entityId: 'builtin',
        action: 'seed',
        after: { types: typesInserted, policies: policies.length },
      });
    }
    return { typesInserted, policiesInserted: policies.length };
  });
}
