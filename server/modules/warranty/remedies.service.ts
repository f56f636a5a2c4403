/**
 * The remedies of a warranty decision (R-WAR-3..6), each a record with its own small state machine
 * (warranty.workflow.ts) and a timeline on the case:
 *   - return to factory (返厂/RMA) with its outbound and return shipments, the ship-back deadline
 *     ([7] working days, case core policy 'ship_back') started at the factory's receipt (or repair)
 *     and met when shipped back; the post-repair warranty recorded when the customer has it back;
 *   - replacement (换货): same model (or the identical specification when the model was
 *     discontinued, with the reason), the new unit registered for the customer through the
 *     customers service, the old unit marked 'replaced' by it there (markUnitReplaced) with its
 *     history kept; inspection and acceptance;
 *   - refund (退货): allowed only under a rule of R-WAR-5 (refund-rules.ts), recorded with the rule,
 *     the evidence and the deductions; paid by finance (the unit then 'returned': markUnitReturned);
 *   - defective-part returns (三包件) for quality analysis.
 * When a remedy finishes (RMA back with the customer, replacement accepted, refund paid) the claim
 * moves to 'completed' in the same transaction.
 *
 * Functions taking `tx` run inside the caller's transaction (the claim's decision hooks).
 */
import type {
  AnalyseDefectivePartRequest,
  CreateDefectivePartRequest,
  DefectivePartListQuery,
  DefectivePartView,
  RefundActionRequest,
  RefundCheck,
  RefundFactsInput,
  RefundView,
  ReplacementActionRequest,
  ReplacementView,
  RmaActionRequest,
  RmaView,
  WarrantyProductRef,
  WarrantyUnitRef,
} from '../../../contracts/warranty.js';
import { recordAudit } from '../../platform/audit.js';
import { wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, BusinessRuleError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextNumber } from '../../platform/numbering.js';
import type { Page } from '../../platform/pagination.js';
import { assertCan, can } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { allowedActions, decide, GuardRefusedError } from '../../platform/workflow.js';
import { IllegalTransitionError } from '../../platform/errors.js';
import { assertCanReadCase, type CaseRecord, getCaseRecord, recordCaseEvent, transitionCase } from '../cases/cases.service.js';
import { cancelDeadline, companyCalendar, meetDeadline, startDeadline } from '../cases/sla.service.js';
import { createUnit, markUnitReplaced, markUnitReturned } from '../customers/units.service.js';
import { postRepairWarrantyEnd } from './entitlement.js';
import { type CompletedRemedy, type DeductionLine, RefundInputError, refundAmount, refundEligibility } from './refund-rules.js';
import { addDays, localDate } from './warranty-end.js';
import * as repo from './warranty.repository.js';
import { readWarrantySettings } from './warranty.settings.js';
import { REFUND_TABLE, REPLACEMENT_TABLE, RMA_FINISHED, RMA_STEP_COLUMN, RMA_TABLE } from './warranty.workflow.js';

/** RMA numbers: 返厂 FC-2026-000001. */
export const RMA_NUMBER_PREFIX = 'FC';

// ---------------------------------------------------------------------------------------------
// Helpers

function dataError(field: string, message: string): BadRequestError {
  return new BadRequestError(message, [{ path: ['body', 'data', field], message }]);
}

export function companyDay(ctx: ServiceContext, instant: string | Date): string {
  return localDate(new Date(instant), ctx.config.companyTimeZone);
}

function json<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

async function nameMap(tx: ServiceContext, ids: (string | null)[]) {
  return new Map((await repo.userNames(tx.db, ids)).map((u) => [u.id, u.display_name]));
}

function brief(names: Map<string, string>, id: string | null) {
  return id ? { id, name: names.get(id) ?? '' } : null;
}

export function presentUnitRef(row: repo.UnitRow): WarrantyUnitRef {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    status: row.status,
    customerId: row.customer_id,
    customerName: row.customer_name,
    purchaseDate: row.purchase_date,
    replacedByUnitId: row.replaced_by_unit_id,
  };
}

export function presentProductRef(row: repo.ProductRow): WarrantyProductRef {
  return {
    id: row.id,
    model: row.model,
    name: row.name,
    specification: row.specification,
    status: row.status,
    defaultWarrantyMonths: Number(row.default_warranty_months),
    postRepairWarrantyDays: Number(row.post_repair_warranty_days),
  };
}

function productOfUnit(row: repo.UnitRow): repo.ProductRow {
  return {
    id: row.product_id,
    model: row.product_model,
    name: row.product_name,
    specification: row.product_specification,
    status: row.product_status,
    default_warranty_months: row.default_warranty_months,
    post_repair_warranty_days: row.post_repair_warranty_days,
  };
}

/** The step's time: given (entered afterwards) or now; never in the future, never before the previous step. */
function stepTime(tx: ServiceContext, given: string | undefined, previous: string | null, field: string): string {
  const now = tx.clock.now();
  if (!given) return now.toISOString();
  const at = new Date(given);
  if (at.getTime() > now.getTime()) throw dataError(field, '时间不能晚于现在 (the time cannot be in the future)');
  if (previous && at.getTime() < new Date(previous).getTime()) {
    throw dataError(field, '时间不能早于上一步 (the time cannot be before the previous step)');
  }
  return at.toISOString();
}

/** Decide an action of a record's table: 409 with the allowed actions when it does not apply. */
function decideRecord<S extends string, A extends string, D>(
  table: Parameters<typeof decide<S, A, D>>[0],
  state: S,
  action: A,
  tx: ServiceContext,
  data: D,
): S {
  try {
    return decide(table, state, action, tx.actor, data).to;
  } catch (error) {
    if (error instanceof GuardRefusedError) throw new BusinessRuleError('action_refused', error.reason, { action });
    if (error instanceof IllegalTransitionError) throw error;
    throw error;
  }
}

/** The claim moves to 'completed' when it is still waiting for this remedy. */
async function completeClaim(tx: ServiceContext, caseId: string, expectedState: string, note: string) {
  const c = await getCaseRecord(tx, caseId);
  if (c.state !== expectedState) return;
  await transitionCase(tx, caseId, { action: 'complete', note });
}

// ---------------------------------------------------------------------------------------------
// Post-repair warranty (R-WAR-1, R-REP-6)

/**
 * Record the post-repair warranty of a unit after a completed repair, in the caller's transaction:
 * covered for `days` (default the product's post-repair warranty days) counted from the day after
 * completion (entitlement.ts). One row per case and unit in unit_repairs (repairs migration);
 * completing the same case again (rework) moves the row to the new completion. For the repairs
 * module (repair accepted) and the RMA (unit back with the customer).
 */
export async function recordRepairWarranty(
  tx: ServiceContext,
  input: { unitId: string; caseId: string; completedAt: string; days?: number },
): Promise<{ completedOn: string; days: number; coveredUntil: string | null }> {
  const unit = await repo.findUnit(tx.db, input.unitId);
  if (!unit) throw new NotFoundError('unit', input.unitId);
  const days = input.days ?? Number(unit.post_repair_warranty_days);
  const completedOn = companyDay(tx, input.completedAt);
  const coveredUntil = postRepairWarrantyEnd(completedOn, days);
  // no cover (0 days) is stored as an end before the completion day
  const warrantyEnd = coveredUntil ?? addDays(completedOn, -1);
  const existing = await repo.findUnitRepairOfCase(tx.db, input.caseId);
  if (existing && existing.unit_id === input.unitId) {
    const patch = { completed_on: completedOn, warranty_days: days, warranty_end: warrantyEnd };
    await repo.updateUnitRepair(tx.db, existing.id, patch);
    await recordAudit(tx, { entity: 'unit_repair', entityId: existing.id, action: 'update', before: existing, after: patch });
  } else if (!existing) {
    const row = {
      id: newId(),
      unit_id: input.unitId,
      case_id: input.caseId,
      completed_on: completedOn,
      warranty_days: days,
      warranty_end: warrantyEnd,
      created_at: tx.clock.now().toISOString(),
    };
    await repo.insertUnitRepair(tx.db, row);
    await recordAudit(tx, { entity: 'unit_repair', entityId: row.id, action: 'create', after: row });
  } else {
    throw new BusinessRuleError('repair_recorded_for_other_unit', 'the case already recorded a repair of another unit', {
      caseId: input.caseId,
    });
  }
  return { completedOn, days, coveredUntil };
}

// ---------------------------------------------------------------------------------------------
// RMA (R-WAR-3)

export async function createRma(
  tx: ServiceContext,
  c: CaseRecord,
  input: { factoryName?: string | null; factoryAddress?: string | null },
): Promise<repo.RmaRow> {
  const now = tx.clock.now();
  const nowIso = now.toISOString();
  const number = await nextNumber(tx, RMA_NUMBER_PREFIX, Number(companyDay(tx, now).slice(0, 4)));
  const row = {
    id: newId(),
    number,
    case_id: c.id,
    unit_id: c.unitId,
    state: 'to_ship' as const,
    factory_name: input.factoryName || null,
    factory_address: input.factoryAddress || null,
    fault_description: c.description ?? c.title,
    factory_repair_notes: null,
    shipped_to_factory_at: null,
    received_by_factory_at: null,
    repaired_at_factory_at: null,
    unrepairable_at: null,
    shipped_back_at: null,
    received_by_customer_at: null,
    cancelled_at: null,
    created_by: tx.actor.id,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await repo.insertRma(tx.db, row);
  await recordAudit(tx, { entity: 'rma_order', entityId: row.id, action: 'create', after: row });
  await recordCaseEvent(tx, c.id, { kind: 'rma', action: 'created', data: { rmaId: row.id, number, state: 'to_ship' } });
  return (await repo.findRma(tx.db, row.id))!;
}

function rmaAllowed(ctx: ServiceContext, state: repo.RmaRow['state']) {
  if (!can(ctx.actor, 'warranty.write')) return [];
  return allowedActions(RMA_TABLE, state, ctx.actor, null);
}

async function presentRmas(ctx: ServiceContext, rows: repo.RmaRow[]): Promise<RmaView[]> {
  const [shipments, numbers, serials, deadlines] = await Promise.all([
    repo.shipmentsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    repo.caseNumbers(
      ctx.db,
      rows.map((r) => r.case_id),
    ),
    repo.unitSerials(
      ctx.db,
      rows.map((r) => r.unit_id),
    ),
    repo.shipBackDeadlines(
      ctx.db,
      rows.map((r) => r.case_id),
    ),
  ]);
  const numberOf = new Map(numbers.map((n) => [n.id, n.number]));
  const serialOf = new Map(serials.map((s) => [s.id, s.serial_number]));
  return rows.map((r) => {
    const own = shipments.filter((s) => s.rma_id === r.id);
    // the ship-back deadline started for this RMA (the newest one started after it was created)
    const deadline = deadlines.filter((d) => d.case_id === r.case_id && d.created_at >= r.created_at).at(-1) ?? null;
    return {
      id: r.id,
      number: r.number,
      caseId: r.case_id,
      caseNumber: numberOf.get(r.case_id) ?? '',
      unit: r.unit_id ? { id: r.unit_id, serialNumber: serialOf.get(r.unit_id) ?? '' } : null,
      state: r.state,
      factoryName: r.factory_name,
      factoryAddress: r.factory_address,
      faultDescription: r.fault_description,
      factoryRepairNotes: r.factory_repair_notes,
      shippedToFactoryAt: r.shipped_to_factory_at,
      receivedByFactoryAt: r.received_by_factory_at,
      repairedAtFactoryAt: r.repaired_at_factory_at,
      unrepairableAt: r.unrepairable_at,
      shippedBackAt: r.shipped_back_at,
      receivedByCustomerAt: r.received_by_customer_at,
      cancelledAt: r.cancelled_at,
      shipments: own.map((s) => ({
        id: s.id,
        direction: s.direction,
        carrier: s.carrier,
        trackingNumber: s.tracking_number,
        costFen: Number(s.cost_fen),
        shippedAt: s.shipped_at,
        receivedAt: s.received_at,
      })),
      totalShippingCostFen: own.reduce((sum, s) => sum + Number(s.cost_fen), 0),
      shipBackDueAt: deadline && deadline.state !== 'cancelled' ? deadline.due_at : null,
      shipBackMetAt: deadline?.met_at ?? null,
      allowedActions: rmaAllowed(ctx, r.state),
      version: Number(r.version),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

export async function rmaViewsOfCase(ctx: ServiceContext, caseId: string): Promise<RmaView[]> {
  return presentRmas(ctx, await repo.rmasOfCase(ctx.db, caseId));
}

async function mustFindRma(ctx: ServiceContext, id: string) {
  const row = await repo.findRma(ctx.db, id);
  if (!row) throw new NotFoundError('rma', id);
  return row;
}

export async function getRma(ctx: ServiceContext, id: string): Promise<RmaView> {
  assertCan(ctx.actor, 'warranty.read');
  const row = await mustFindRma(ctx, id);
  await assertCanReadCase(ctx, await getCaseRecord(ctx, row.case_id));
  return (await presentRmas(ctx, [row]))[0];
}

export async function listRmas(
  ctx: ServiceContext,
  query: { state?: RmaView['state']; caseId?: string; overdue?: boolean; cursor?: string; limit?: number; sort?: string },
): Promise<Page<RmaView>> {
  assertCan(ctx.actor, 'warranty.read');
  assertCan(ctx.actor, 'case.readAll');
  const { cursor, limit, sort, overdue, ...filter } = query;
  const page = await repo.listRmas(
    ctx.db,
    { ...filter, overdueAt: overdue ? ctx.clock.now().toISOString() : undefined },
    { cursor, limit, sort },
  );
  return { items: await presentRmas(ctx, page.items), nextCursor: page.nextCursor };
}

/** One step of the RMA (each with its time, in the timeline; the ship-back deadline started / met). */
export async function applyRmaAction(ctx: ServiceContext, id: string, input: RmaActionRequest): Promise<RmaView> {
  assertCan(ctx.actor, 'warranty.write');
  const cal = await companyCalendar(ctx);
  const settings = await readWarrantySettings(ctx.db);
  await inTransaction(ctx, async (tx) => {
    const rma = await mustFindRma(tx, id);
    await assertCanReadCase(tx, await getCaseRecord(tx, rma.case_id));
    if (Number(rma.version) !== input.version) throw new VersionConflictError('rma', id, Number(rma.version));
    const to = decideRecord(RMA_TABLE, rma.state, input.action, tx, null);
    const nowIso = tx.clock.now().toISOString();
    const note = input.note?.trim() || null;
    const previous =
      rma.received_by_customer_at ??
      rma.shipped_back_at ??
      rma.repaired_at_factory_at ??
      rma.received_by_factory_at ??
      rma.shipped_to_factory_at ??
      rma.created_at;
    const patch: Record<string, unknown> = { state: to };
    const eventData: Record<string, unknown> = { rmaId: rma.id, number: rma.number };
    let at: string;
    switch (input.action) {
      case 'ship_to_factory':
      case 'ship_back': {
        const shipment = input.data;
        at = stepTime(tx, shipment.shippedAt, previous, 'shippedAt');
        const direction = input.action === 'ship_to_factory' ? 'outbound' : 'return';
        const row = {
          id: newId(),
          rma_id: rma.id,
          case_id: rma.case_id,
          direction,
          carrier: shipment.carrier,
          tracking_number: shipment.trackingNumber,
          cost_fen: shipment.costFen,
          shipped_at: at,
          received_at: null,
          created_by: tx.actor.id,
          created_at: nowIso,
        } as const;
        await repo.insertShipment(tx.db, row);
        await recordAudit(tx, { entity: 'rma_shipment', entityId: row.id, action: 'create', after: row });
        Object.assign(eventData, {
          direction,
          carrier: shipment.carrier,
          trackingNumber: shipment.trackingNumber,
          costFen: shipment.costFen,
        });
        break;
      }
      case 'receive_at_factory':
        at = stepTime(tx, input.data?.at, previous, 'at');
        await repo.markShipmentReceived(tx.db, rma.id, 'outbound', at);
        break;
      case 'repair_at_factory':
        at = stepTime(tx, input.data.at, previous, 'at');
        patch.factory_repair_notes = input.data.repairNotes;
        eventData.repairNotes = input.data.repairNotes;
        break;
      case 'report_unrepairable':
      case 'receive_by_customer':
        at = stepTime(tx, input.data?.at, previous, 'at');
        if (input.action === 'receive_by_customer') await repo.markShipmentReceived(tx.db, rma.id, 'return', at);
        break;
      case 'cancel':
        at = nowIso;
        break;
    }
    patch[RMA_STEP_COLUMN[input.action]] = at;
    eventData.at = at;
    await updateVersioned(tx, 'rma_orders', rma.id, Number(rma.version), patch, 'rma');
    await recordAudit(tx, {
      entity: 'rma_order',
      entityId: rma.id,
      action: input.action,
      before: { state: rma.state },
      after: patch,
    });
    await recordCaseEvent(tx, rma.case_id, {
      kind: 'rma',
      action: input.action,
      note,
      data: { ...eventData, fromState: rma.state, state: to },
    });

    // the ship-back deadline ([7] working days on the company calendar)
    const startsHere =
      (input.action === 'receive_at_factory' && settings.shipBackStartsAt === 'received_by_factory') ||
      (input.action === 'repair_at_factory' && settings.shipBackStartsAt === 'repaired_at_factory');
    if (startsHere) await startDeadline(tx, rma.case_id, 'ship_back', { at: new Date(at), calendar: cal });
    if (input.action === 'ship_back') await meetDeadline(tx, rma.case_id, 'ship_back', { note: `${rma.number} 已寄回` });
    if (input.action === 'report_unrepairable') await cancelDeadline(tx, rma.case_id, 'ship_back');

    if (input.action === 'receive_by_customer') {
      if (rma.unit_id) {
        const cover = await recordRepairWarranty(tx, { unitId: rma.unit_id, caseId: rma.case_id, completedAt: at });
        await recordCaseEvent(tx, rma.case_id, {
          kind: 'post_repair_warranty',
          data: { unitId: rma.unit_id, completedOn: cover.completedOn, days: cover.days, coveredUntil: cover.coveredUntil },
          visibility: 'customer',
        });
      }
      await completeClaim(tx, rma.case_id, 'repairing', `返厂维修完成，客户已收货 (${rma.number})`);
    }
  });
  return getRma(ctx, id);
}

/** Latest RMA of a case that is not cancelled. */
export async function currentRma(tx: ServiceContext, caseId: string) {
  const rows = await repo.rmasOfCase(tx.db, caseId);
  return rows.filter((r) => r.state !== 'cancelled').at(-1) ?? null;
}

/** Cancel the case's RMA when the decision is revised; only before it was shipped. */
export async function withdrawRma(tx: ServiceContext, caseId: string, note: string | null) {
  const rma = await currentRma(tx, caseId);
  if (!rma || RMA_FINISHED.includes(rma.state)) return;
  if (rma.state !== 'to_ship') {
    throw new BusinessRuleError('remedy_in_progress', '返厂已在进行中，不能更改决定 (the unit is already on its way to the factory)', {
      rmaId: rma.id,
      state: rma.state,
    });
  }
  const nowIso = tx.clock.now().toISOString();
  await updateVersioned(tx, 'rma_orders', rma.id, Number(rma.version), { state: 'cancelled', cancelled_at: nowIso }, 'rma');
  await recordAudit(tx, { entity: 'rma_order', entityId: rma.id, action: 'cancel', before: { state: rma.state }, after: { state: 'cancelled' } });
  await recordCaseEvent(tx, caseId, {
    kind: 'rma',
    action: 'cancel',
    note,
    data: { fromState: rma.state, state: 'cancelled', rmaId: rma.id, number: rma.number, at: nowIso },
  });
}

// ---------------------------------------------------------------------------------------------
// Replacement (R-WAR-4)

export async function createReplacement(tx: ServiceContext, c: CaseRecord): Promise<repo.ReplacementRow> {
  if (!c.unitId) {
    throw new BusinessRuleError('unit_required', '换货需要登记要更换的设备 (a replacement needs the unit on the case)', {
      path: ['body', 'unitId'],
    });
  }
  const old = await repo.findUnit(tx.db, c.unitId);
  if (!old) throw new NotFoundError('unit', c.unitId);
  if (old.status !== 'in_service') {
    throw new BusinessRuleError('unit_not_in_service', '该设备已更换、退货或报废 (the unit is no longer in service)', {
      status: old.status,
    });
  }
  const nowIso = tx.clock.now().toISOString();
  const row = {
    id: newId(),
    case_id: c.id,
    old_unit_id: old.id,
    new_unit_id: null,
    new_product_id: null,
    substitution_reason: null,
    state: 'pending' as const,
    inspection_result: null,
    inspection_note: null,
    inspected_by: null,
    inspected_at: null,
    acceptance_signed_by: null,
    acceptance_note: null,
    accepted_at: null,
    rework_count: 0,
    cancelled_at: null,
    created_by: tx.actor.id,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await repo.insertReplacement(tx.db, row);
  await recordAudit(tx, { entity: 'unit_replacement', entityId: row.id, action: 'create', after: row });
  return (await repo.findReplacement(tx.db, row.id))!;
}

function normalizeSpec(spec: string | null): string {
  return (spec ?? '').normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * May `next` replace a unit of `old`? The same product; or, when the old model was discontinued, a
 * product with the identical specification — with the reason recorded. Returns the refusal (null = ok).
 */
export function replacementProductRefusal(
  old: Pick<repo.ProductRow, 'id' | 'model' | 'specification' | 'status'>,
  next: Pick<repo.ProductRow, 'id' | 'model' | 'specification'>,
  substitutionReason: string | null | undefined,
): { code: 'replacement_model_mismatch' | 'substitution_reason_required'; message: string } | null {
  if (old.id === next.id) return null;
  const sameSpec = normalizeSpec(old.specification) !== '' && normalizeSpec(old.specification) === normalizeSpec(next.specification);
  if (old.status !== 'discontinued' || !sameSpec) {
    return {
      code: 'replacement_model_mismatch',
      message:
        old.status !== 'discontinued'
          ? `换货须为同型号 ${old.model}（该型号未停产） (replace with the same model while it is made)`
          : `替代型号 ${next.model} 的规格与 ${old.model} 不同 (the substitute must have the identical specification)`,
    };
  }
  if (!substitutionReason?.trim()) {
    return { code: 'substitution_reason_required', message: '使用替代型号需填写原因 (state why another model is given)' };
  }
  return null;
}

function replacementAllowed(ctx: ServiceContext, state: repo.ReplacementRow['state']): ReplacementView['allowedActions'] {
  const all = allowedActions(REPLACEMENT_TABLE, state, ctx.actor, { result: 'passed' });
  return all.filter((a) => (a === 'inspect' ? can(ctx.actor, 'warranty.quality') : can(ctx.actor, 'warranty.write')));
}

async function presentReplacements(ctx: ServiceContext, rows: repo.ReplacementRow[]): Promise<ReplacementView[]> {
  const names = await nameMap(
    ctx,
    rows.map((r) => r.inspected_by),
  );
  const out: ReplacementView[] = [];
  for (const r of rows) {
    const oldUnit = (await repo.findUnit(ctx.db, r.old_unit_id))!;
    const newUnit = r.new_unit_id ? ((await repo.findUnit(ctx.db, r.new_unit_id)) ?? null) : null;
    const newProduct = r.new_product_id ? ((await repo.findProduct(ctx.db, r.new_product_id)) ?? null) : null;
    out.push({
      id: r.id,
      caseId: r.case_id,
      state: r.state,
      oldUnit: presentUnitRef(oldUnit),
      oldProduct: presentProductRef(productOfUnit(oldUnit)),
      newUnit: newUnit ? presentUnitRef(newUnit) : null,
      newProduct: newProduct ? presentProductRef(newProduct) : null,
      substitutionReason: r.substitution_reason,
      inspectionResult: r.inspection_result,
      inspectionNote: r.inspection_note,
      inspectedBy: brief(names, r.inspected_by),
      inspectedAt: r.inspected_at,
      acceptanceSignedBy: r.acceptance_signed_by,
      acceptanceNote: r.acceptance_note,
      acceptedAt: r.accepted_at,
      reworkCount: Number(r.rework_count),
      allowedActions: replacementAllowed(ctx, r.state),
      version: Number(r.version),
      createdAt: r.created_at,
    });
  }
  return out;
}

export async function replacementViewsOfCase(ctx: ServiceContext, caseId: string): Promise<ReplacementView[]> {
  return presentReplacements(ctx, await repo.replacementsOfCase(ctx.db, caseId));
}

export async function getReplacement(ctx: ServiceContext, id: string): Promise<ReplacementView> {
  assertCan(ctx.actor, 'warranty.read');
  const row = await repo.findReplacement(ctx.db, id);
  if (!row) throw new NotFoundError('replacement', id);
  await assertCanReadCase(ctx, await getCaseRecord(ctx, row.case_id));
  return (await presentReplacements(ctx, [row]))[0];
}

export async function applyReplacementAction(
  ctx: ServiceContext,
  id: string,
  input: ReplacementActionRequest,
): Promise<ReplacementView> {
  assertCan(ctx.actor, input.action === 'inspect' ? 'warranty.quality' : 'warranty.write');
  await inTransaction(ctx, async (tx) => {
    const rep = await repo.findReplacement(tx.db, id);
    if (!rep) throw new NotFoundError('replacement', id);
    const c = await getCaseRecord(tx, rep.case_id);
    await assertCanReadCase(tx, c);
    if (Number(rep.version) !== input.version) throw new VersionConflictError('replacement', id, Number(rep.version));
    const to = decideRecord(
      REPLACEMENT_TABLE,
      rep.state,
      input.action,
      tx,
      input.action === 'inspect' ? { result: input.data.result } : {},
    );
    const nowIso = tx.clock.now().toISOString();
    const note = input.note?.trim() || null;
    const patch: Record<string, unknown> = { state: to };
    const eventData: Record<string, unknown> = { replacementId: rep.id };
    switch (input.action) {
      case 'record_unit': {
        const old = (await repo.findUnit(tx.db, rep.old_unit_id))!;
        const oldProduct = productOfUnit(old);
        const productId = input.data.productId ?? old.product_id;
        const product = productId === old.product_id ? oldProduct : await repo.findProduct(tx.db, productId);
        if (!product) throw dataError('productId', '产品型号不存在 (unknown product)');
        const refusal = replacementProductRefusal(oldProduct, product, input.data.substitutionReason);
        if (refusal?.code === 'substitution_reason_required') throw dataError('substitutionReason', refusal.message);
        if (refusal) {
          throw new BusinessRuleError(refusal.code, refusal.message, {
            path: ['body', 'data', 'productId'],
            oldModel: oldProduct.model,
            newModel: product.model,
            oldSpecification: oldProduct.specification,
            newSpecification: product.specification,
            oldModelDiscontinued: oldProduct.status === 'discontinued',
          });
        }
        const today = companyDay(tx, nowIso);
        // 三包: the replacement's warranty starts again on the day of the exchange (换货之日起重新计算)
        const created = await createUnit(tx, {
          serialNumber: input.data.serialNumber,
          productId: product.id,
          customerId: old.customer_id,
          purchaseDate: today,
          orderId: old.order_id,
          contractNumber: old.contract_number,
          installationAddressId: old.installation_address_id,
          installationAddress: old.installation_address,
          notes: `换货：替换序列号 ${old.serial_number} 的设备（工单 ${c.number}）`,
        });
        await markUnitReplaced(tx, { unitId: old.id, replacedByUnitId: created.id, caseId: c.id });
        Object.assign(patch, {
          new_unit_id: created.id,
          new_product_id: product.id,
          substitution_reason: product.id === old.product_id ? null : input.data.substitutionReason!.trim(),
        });
        Object.assign(eventData, {
          oldUnitId: old.id,
          oldSerialNumber: old.serial_number,
          newUnitId: created.id,
          newSerialNumber: created.serialNumber,
          model: product.model,
          substituted: product.id !== old.product_id,
        });
        break;
      }
      case 'inspect':
        if (input.data.result === 'failed' && !note) throw new BadRequestError('note required', [{ path: ['body', 'note'], message: '检验不合格须填写原因 (state what failed)' }]);
        Object.assign(patch, { inspection_result: input.data.result, inspection_note: note, inspected_by: tx.actor.id, inspected_at: nowIso });
        eventData.result = input.data.result;
        break;
      case 'accept':
        Object.assign(patch, { acceptance_signed_by: input.data.signedBy, acceptance_note: note, accepted_at: nowIso });
        eventData.signedBy = input.data.signedBy;
        break;
      case 'reject_acceptance':
        Object.assign(patch, {
          rework_count: Number(rep.rework_count) + 1,
          acceptance_note: note,
          inspection_result: null,
        });
        eventData.reworkCount = Number(rep.rework_count) + 1;
        break;
      case 'cancel':
        patch.cancelled_at = nowIso;
        break;
    }
    await updateVersioned(tx, 'unit_replacements', rep.id, Number(rep.version), patch, 'replacement');
    await recordAudit(tx, { entity: 'unit_replacement', entityId: rep.id, action: input.action, before: { state: rep.state }, after: patch });
    await recordCaseEvent(tx, rep.case_id, {
      kind: 'replacement',
      action: input.action,
      note,
      data: { ...eventData, fromState: rep.state, state: to },
    });
    if (input.action === 'accept') await completeClaim(tx, rep.case_id, 'replacing', `换货已验收（${input.data.signedBy}）`);
  });
  return getReplacement(ctx, id);
}

export async function currentReplacement(tx: ServiceContext, caseId: string) {
  return (await repo.replacementsOfCase(tx.db, caseId)).filter((r) => r.state !== 'cancelled').at(-1) ?? null;
}

/** Cancel the pending replacement when the decision is revised; not once a new unit was recorded. */
export async function withdrawReplacement(tx: ServiceContext, caseId: string, note: string | null) {
  const rep = await currentReplacement(tx, caseId);
  if (!rep) return;
  if (rep.state !== 'pending') {
    throw new BusinessRuleError('remedy_in_progress', '新设备已登记，不能更改换货决定 (the new unit is already recorded)', {
      replacementId: rep.id,
      state: rep.state,
    });
  }
  const nowIso = tx.clock.now().toISOString();
  await updateVersioned(tx, 'unit_replacements', rep.id, Number(rep.version), { state: 'cancelled', cancelled_at: nowIso }, 'replacement');
  await recordAudit(tx, { entity: 'unit_replacement', entityId: rep.id, action: 'cancel', before: { state: rep.state }, after: { state: 'cancelled' } });
  await recordCaseEvent(tx, caseId, { kind: 'replacement', action: 'cancel', note, data: { replacementId: rep.id, fromState: rep.state, state: 'cancelled' } });
}

// ---------------------------------------------------------------------------------------------
// Refund (R-WAR-5)

interface RefundComputation {
  check: RefundCheck;
  orderId: string | null;
  unitId: string | null;
}

/** The refund rules applied to a claim, with the price and deductions (nothing written). */
export async function computeRefund(
  tx: ServiceContext,
  c: CaseRecord,
  claim: repo.ClaimRow | null,
  input: RefundFactsInput,
): Promise<RefundComputation> {
  const settings = await readWarrantySettings(tx.db);
  const unit = c.unitId ? ((await repo.findUnit(tx.db, c.unitId)) ?? null) : null;
  const productId = unit?.product_id ?? c.productId;
  const purchaseDate = unit?.purchase_date ?? claim?.proof_purchase_date ?? null;

  // rule 1 evidence: repairs completed on this unit, and the replacement that gave the customer this unit
  const remedies: CompletedRemedy[] = [];
  if (unit) {
    for (const r of await repo.completedRepairsOfUnit(tx.db, unit.id)) {
      remedies.push({ kind: 'repair', completedOn: r.completed_on, reference: r.case_number });
    }
    for (const r of await repo.acceptedReplacementsGiving(tx.db, unit.id)) {
      if (r.accepted_at) remedies.push({ kind: 'replacement', completedOn: companyDay(tx, r.accepted_at), reference: r.case_number });
    }
  }
  const newFailureOn = companyDay(tx, c.createdAt);
  let eligibility: ReturnType<typeof refundEligibility>;
  try {
    eligibility = refundEligibility({
      stillFailingAfterRepairOrReplacement: { completedRemedies: remedies, newFailureOn },
      contractMismatch: input.contractMismatch ?? null,
      purchaseDate,
      qualityProblemFoundOn: input.qualityProblemFoundOn ?? null,
      unused: input.unused ?? null,
      undamaged: input.undamaged ?? null,
      policyDays: settings.refundPolicyDays,
      minRemedies: settings.refundAfterRemedies,
    });
  } catch (error) {
    if (error instanceof RefundInputError) throw dataError(error.field, error.message);
    throw error;
  }

  // price paid: the order line of the unit's product when known, else what the agent entered
  let priceFen: number | null = null;
  let priceSource: RefundCheck['priceSource'] = null;
  const orderId = input.orderId ?? unit?.order_id ?? null;
  if (input.orderId) {
    const order = await repo.findOrder(tx.db, input.orderId);
    if (!order) throw dataError('orderId', '订单不存在 (unknown order)');
    if (order.customer_id !== c.customerId) throw dataError('orderId', '订单不属于该客户 (the order belongs to another customer)');
  }
  if (orderId && productId) {
    const line = await repo.orderLinePrice(tx.db, orderId, productId);
    if (line) {
      priceFen = Number(line.unit_price_fen);
      priceSource = 'order_line';
    }
  }
  if (priceFen === null && input.priceFen !== undefined) {
    priceFen = input.priceFen;
    priceSource = 'entered';
  }

  const deductions: DeductionLine[] = (input.deductions ?? []).map((d) => ({
    kind: d.kind,
    description: d.description?.trim() || null,
    amountFen: d.amountFen ?? settings.deductionDefaults[d.kind],
  }));
  let deductionsFen = deductions.reduce((s, d) => s + d.amountFen, 0);
  let refundFen: number | null = null;
  if (priceFen !== null) {
    try {
      const amount = refundAmount(priceFen, deductions);
      deductionsFen = amount.deductionsFen;
      refundFen = amount.refundFen;
    } catch (error) {
      if (!(error instanceof RefundInputError)) throw error;
      // deductions above the price: reported by createRefund, shown by the check
      refundFen = null;
    }
  }
  return {
    check: {
      allowed: eligibility.allowed,
      rule: eligibility.rule,
      reasons: eligibility.reasons,
      evidence: {
        completedRemedies: remedies.map((r) => ({ kind: r.kind, completedOn: r.completedOn, reference: r.reference ?? null })),
        newFailureOn,
      },
      purchaseDate,
      policyDays: settings.refundPolicyDays,
      priceFen,
      priceSource,
      deductions,
      deductionsFen,
      refundFen,
    },
    orderId: priceSource === 'order_line' ? orderId : (input.orderId ?? null),
    unitId: unit?.id ?? null,
  };
}

/** Approve the refund of a claim: 422 with the reasons when no rule of R-WAR-5 holds. */
export async function createRefund(
  tx: ServiceContext,
  c: CaseRecord,
  claim: repo.ClaimRow | null,
  input: RefundFactsInput,
): Promise<repo.RefundRow> {
  const { check, orderId, unitId } = await computeRefund(tx, c, claim, input);
  if (!check.allowed || !check.rule) {
    throw new BusinessRuleError('refund_not_allowed', '不符合退货条件 (no refund rule of the 三包 policy holds)', {
      reasons: check.reasons,
      evidence: check.evidence,
    });
  }
  if (check.priceFen === null || check.priceSource === null) {
    throw dataError('priceFen', '未找到订单价格，请输入购买价格 (no order price known: enter the price paid)');
  }
  if (check.refundFen === null) {
    throw new BusinessRuleError('deductions_exceed_price', `扣款合计超过购买价格 (deductions exceed the price paid)`, {
      path: ['body', 'data', 'deductions'],
      priceFen: check.priceFen,
      deductionsFen: check.deductionsFen,
    });
  }
  const nowIso = tx.clock.now().toISOString();
  const row = {
    id: newId(),
    case_id: c.id,
    unit_id: unitId,
    rule: check.rule,
    reasons: JSON.stringify(check.reasons),
    evidence: JSON.stringify({ ...check.evidence, facts: input }),
    price_fen: check.priceFen,
    price_source: check.priceSource,
    order_id: orderId,
    deductions: JSON.stringify(check.deductions),
    deductions_fen: check.deductionsFen,
    refund_fen: check.refundFen,
    state: 'approved' as const,
    payment_reference: null,
    paid_at: null,
    paid_by: null,
    created_by: tx.actor.id,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await repo.insertRefund(tx.db, row);
  await recordAudit(tx, { entity: 'warranty_refund', entityId: row.id, action: 'approve', after: row });
  await recordCaseEvent(tx, c.id, {
    kind: 'refund',
    action: 'approve',
    data: {
      state: 'approved',
      refundId: row.id,
      rule: row.rule,
      priceFen: row.price_fen,
      deductionsFen: row.deductions_fen,
      refundFen: row.refund_fen,
    },
  });
  return (await repo.findRefund(tx.db, row.id))!;
}

async function presentRefunds(ctx: ServiceContext, rows: repo.RefundRow[]): Promise<RefundView[]> {
  const names = await nameMap(
    ctx,
    rows.map((r) => r.paid_by),
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    unitId: r.unit_id,
    rule: r.rule,
    reasons: json<RefundView['reasons']>(r.reasons) ?? [],
    evidence: json(r.evidence),
    priceFen: Number(r.price_fen),
    priceSource: r.price_source,
    orderId: r.order_id,
    deductions: json<RefundView['deductions']>(r.deductions) ?? [],
    deductionsFen: Number(r.deductions_fen),
    refundFen: Number(r.refund_fen),
    state: r.state,
    paymentReference: r.payment_reference,
    paidAt: r.paid_at,
    paidBy: brief(names, r.paid_by),
    allowedActions: can(ctx.actor, 'warranty.pay') ? allowedActions(REFUND_TABLE, r.state, ctx.actor, null) : [],
    version: Number(r.version),
    createdAt: r.created_at,
  }));
}

export async function refundViewsOfCase(ctx: ServiceContext, caseId: string): Promise<RefundView[]> {
  return presentRefunds(ctx, await repo.refundsOfCase(ctx.db, caseId));
}

export async function getRefund(ctx: ServiceContext, id: string): Promise<RefundView> {
  assertCan(ctx.actor, 'warranty.read');
  const row = await repo.findRefund(ctx.db, id);
  if (!row) throw new NotFoundError('refund', id);
  await assertCanReadCase(ctx, await getCaseRecord(ctx, row.case_id));
  return (await presentRefunds(ctx, [row]))[0];
}

/** Finance pays the approved refund: the unit is 'returned' and the claim completed. */
export async function applyRefundAction(ctx: ServiceContext, id: string, input: RefundActionRequest): Promise<RefundView> {
  assertCan(ctx.actor, 'warranty.pay');
  await inTransaction(ctx, async (tx) => {
    const refund = await repo.findRefund(tx.db, id);
    if (!refund) throw new NotFoundError('refund', id);
    await assertCanReadCase(tx, await getCaseRecord(tx, refund.case_id));
    if (Number(refund.version) !== input.version) throw new VersionConflictError('refund', id, Number(refund.version));
    const to = decideRecord(REFUND_TABLE, refund.state, input.action, tx, null);
    const paidAt = stepTime(tx, input.data.paidAt, refund.created_at, 'paidAt');
    const patch = { state: to, payment_reference: input.data.paymentReference, paid_at: paidAt, paid_by: tx.actor.id };
    await updateVersioned(tx, 'warranty_refunds', refund.id, Number(refund.version), patch, 'refund');
    await recordAudit(tx, { entity: 'warranty_refund', entityId: refund.id, action: 'pay', before: { state: refund.state }, after: patch });
    if (refund.unit_id) await markUnitReturned(tx, { unitId: refund.unit_id, caseId: refund.case_id });
    await recordCaseEvent(tx, refund.case_id, {
      kind: 'refund',
      action: 'pay',
      note: input.note?.trim() || null,
      data: { fromState: refund.state, state: to, refundId: refund.id, refundFen: Number(refund.refund_fen), paymentReference: input.data.paymentReference, paidAt },
    });
    await completeClaim(tx, refund.case_id, 'refunding', `退款已支付 ¥${(Number(refund.refund_fen) / 100).toFixed(2)}`);
  });
  return getRefund(ctx, id);
}

export async function currentRefund(tx: ServiceContext, caseId: string) {
  return (await repo.refundsOfCase(tx.db, caseId)).filter((r) => r.state !== 'cancelled').at(-1) ?? null;
}

/** Cancel the approved refund when the decision is revised; not once it was paid. */
export async function withdrawRefund(tx: ServiceContext, caseId: string, note: string | null) {
  const refund = await currentRefund(tx, caseId);
  if (!refund) return;
  if (refund.state === 'paid') {
    throw new BusinessRuleError('remedy_in_progress', '退款已支付，不能更改决定 (the refund was paid)', { refundId: refund.id });
  }
  await updateVersioned(tx, 'warranty_refunds', refund.id, Number(refund.version), { state: 'cancelled' }, 'refund');
  await recordAudit(tx, { entity: 'warranty_refund', entityId: refund.id, action: 'cancel', before: { state: refund.state }, after: { state: 'cancelled' } });
  await recordCaseEvent(tx, caseId, { kind: 'refund', action: 'cancel', note, data: { refundId: refund.id, fromState: refund.state, state: 'cancelled' } });
}

// ---------------------------------------------------------------------------------------------
// Defective-part returns (三包件, R-WAR-6)

function presentDefectivePart(row: NonNullable<repo.DefectivePartDetailRow>, names: Map<string, string>): DefectivePartView {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    unitId: row.unit_id,
    unitSerialNumber: row.unit_serial_number ?? null,
    productId: row.product_id,
    productModel: row.product_model ?? null,
    partId: row.part_id,
    partCode: row.part_code ?? null,
    partName: row.part_name,
    serialOrBatch: row.serial_or_batch,
    faultDescription: row.fault_description,
    receivedAt: row.received_at,
    receivedBy: brief(names, row.received_by),
    disposition: row.disposition,
    analysis: row.analysis,
    analysedBy: brief(names, row.analysed_by),
    analysedAt: row.analysed_at,
    version: Number(row.version),
    createdAt: row.created_at,
  };
}

async function presentDefectiveParts(ctx: ServiceContext, rows: NonNullable<repo.DefectivePartDetailRow>[]) {
  const names = await nameMap(
    ctx,
    rows.flatMap((r) => [r.received_by, r.analysed_by]),
  );
  return rows.map((r) => presentDefectivePart(r, names));
}

export async function defectivePartViewsOfCase(ctx: ServiceContext, caseId: string) {
  return presentDefectiveParts(ctx, await repo.defectivePartsOfCase(ctx.db, caseId));
}

export async function getDefectivePart(ctx: ServiceContext, id: string): Promise<DefectivePartView> {
  assertCan(ctx.actor, 'warranty.read');
  const row = await repo.findDefectivePart(ctx.db, id);
  if (!row) throw new NotFoundError('defective_part', id);
  await assertCanReadCase(ctx, await getCaseRecord(ctx, row.case_id));
  return (await presentDefectiveParts(ctx, [row]))[0];
}

function bodyError(field: string, message: string) {
  return new BadRequestError(message, [{ path: ['body', field], message }]);
}

export async function createDefectivePart(ctx: ServiceContext, input: CreateDefectivePartRequest): Promise<DefectivePartView> {
  assertCan(ctx.actor, 'warranty.write');
  const id = await inTransaction(ctx, async (tx) => {
    const caseRow = await repo.findCaseBrief(tx.db, input.caseId);
    if (!caseRow) throw bodyError('caseId', '工单不存在 (unknown case)');
    await assertCanReadCase(tx, await getCaseRecord(tx, input.caseId));
    const unitId = input.unitId === undefined ? caseRow.unit_id : input.unitId;
    let productId = caseRow.product_id;
    if (unitId) {
      const unit = await repo.findUnit(tx.db, unitId);
      if (!unit) throw bodyError('unitId', '设备不存在 (unknown unit)');
      productId = unit.product_id;
    }
    let partName = input.partName?.trim() || '';
    if (input.partId) {
      const part = await repo.findSparePart(tx.db, input.partId);
      if (!part) throw bodyError('partId', '备件不存在 (unknown spare part)');
      partName ||= part.name;
    }
    if (!partName) throw bodyError('partName', '请填写零部件名称 (name the part)');
    const nowIso = tx.clock.now().toISOString();
    const receivedAt = input.receivedAt ? new Date(input.receivedAt) : tx.clock.now();
    if (receivedAt.getTime() > tx.clock.now().getTime()) throw bodyError('receivedAt', '时间不能晚于现在 (the time cannot be in the future)');
    const row = {
      id: newId(),
      case_id: input.caseId,
      unit_id: unitId ?? null,
      product_id: productId,
      part_id: input.partId ?? null,
      part_name: partName,
      serial_or_batch: input.serialOrBatch || null,
      fault_description: input.faultDescription,
      received_at: receivedAt.toISOString(),
      received_by: tx.actor.id,
      disposition: 'pending' as const,
      analysis: null,
      analysed_by: null,
      analysed_at: null,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    };
    await repo.insertDefectivePart(tx.db, row);
    await recordAudit(tx, { entity: 'defective_part_return', entityId: row.id, action: 'create', after: row });
    await recordCaseEvent(tx, input.caseId, {
      kind: 'defective_part',
      action: 'received',
      data: { defectivePartId: row.id, partName, serialOrBatch: row.serial_or_batch },
    });
    return row.id;
  });
  return getDefectivePart(ctx, id);
}

/** Quality's analysis and the disposition of a returned defective part. */
export async function analyseDefectivePart(
  ctx: ServiceContext,
  id: string,
  input: AnalyseDefectivePartRequest,
): Promise<DefectivePartView> {
  assertCan(ctx.actor, 'warranty.quality');
  await inTransaction(ctx, async (tx) => {
    const row = await repo.findDefectivePart(tx.db, id);
    if (!row) throw new NotFoundError('defective_part', id);
    const patch = {
      disposition: input.disposition,
      analysis: input.analysis,
      analysed_by: tx.actor.id,
      analysed_at: tx.clock.now().toISOString(),
    };
    await updateVersioned(tx, 'defective_part_returns', id, input.version, patch, 'defective_part');
    await recordAudit(tx, {
      entity: 'defective_part_return',
      entityId: id,
      action: 'analyse',
      before: { disposition: row.disposition, analysis: row.analysis },
      after: patch,
    });
    await recordCaseEvent(tx, row.case_id, {
      kind: 'defective_part',
      action: 'analysed',
      note: input.analysis,
      data: { defectivePartId: id, disposition: input.disposition },
    });
  });
  return getDefectivePart(ctx, id);
}

/** 00:00 of a company day as an instant (the period [from, to] is [00:00 of from, 00:00 of the day after to)). */
function dayStart(day: string, timeZone: string): string {
  return wallTimeToInstant(day, 0, timeZone).toISOString();
}

export async function listDefectiveParts(ctx: ServiceContext, query: DefectivePartListQuery): Promise<Page<DefectivePartView>> {
  assertCan(ctx.actor, 'warranty.read');
  assertCan(ctx.actor, 'case.readAll');
  const { cursor, limit, sort, from, to, ...filter } = query;
  if (from && to && from > to) {
    throw new BadRequestError('from after to', [{ path: ['querystring', 'to'], message: '结束日期早于开始日期 (to is before from)' }]);
  }
  const tz = ctx.config.companyTimeZone;
  const page = await repo.listDefectiveParts(
    ctx.db,
    { ...filter, fromAt: from ? dayStart(from, tz) : undefined, toAt: to ? dayStart(addDays(to, 1), tz) : undefined },
    { cursor, limit, sort },
  );
  return { items: await presentDefectiveParts(ctx, page.items as NonNullable<repo.DefectivePartDetailRow>[]), nextCursor: page.nextCursor };
}
