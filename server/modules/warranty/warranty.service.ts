/**
 * Warranty, returns and 三包 (R-WAR-1..6): entitlement, the warranty-claim / return workflow on
 * the case core, and the entry points of the remedies (remedies.service.ts).
 *
 * ── For other modules (inside your transaction) ──────────────────────────────────────────────────
 *   unitEntitlementOf(tx, unitId, asOf?) → {unit, product, entitlement}   (no permission check), e.g.
 *       the repairs review (R-REP-1) decides in/out of warranty with the post-repair warranty included.
 *   recordRepairWarranty(tx, {unitId, caseId, completedAt, days?})   (remedies.service.ts) — call it
 *       when a repair is completed/accepted: the unit is then covered for the product's post-repair
 *       days after the completion day, also after its own warranty ended (row in unit_repairs).
 *   onRepairCaseFinished(tx, repairCaseId) — a repair case a claim handed over to was resolved or
 *       closed: the claim moves to 'completed' (otherwise the agent takes 'complete' by hand).
 *
 * ── The claim workflow ('warranty', case types warranty_claim 保修申请 and return 退换货) ────────────
 * The transition table is warranty.workflow.ts; this file registers it with the case core and does
 * the work of each action in the same transaction (onTransition), so an action taken on the case
 * page (POST /cases/:id/actions) and through POST /warranty/claims/:id/actions is the same command:
 *   review        the entitlement as of the claim's day is stored on the claim (snapshot)
 *   decide_*      the decision with that snapshot (warranty_decisions); repair opens or links a
 *                 repair case (mode repair_case) or creates the RMA (mode factory); replace creates
 *                 the replacement; refund checks R-WAR-5 and records the rule (422 with the reasons
 *                 when none holds); reject may open a paid repair case
 *   complete      refused (422) until the remedy is done; taken by the remedies themselves
 *   revise/reopen the current decision is superseded (its remedy withdrawn while it has not started)
 *   send_result   the result text is kept and e-mailed to the contact (outbox)
 */
import type {
  ClaimActionRequest,
  ClaimView,
  EntitlementLookup,
  EntitlementLookupQuery,
  EntitlementView,
  OpenClaimRequest,
  PurchaseProofInput,
  RefundCheck,
  RefundFactsInput,
  UnitEntitlement,
  UpdateProofRequest,
} from '../../../contracts/warranty.js';
import {
  decideRejectData,
  decideRepairData,
  type DecideRejectData,
  type DecideRepairData,
  refundFactsInput,
  reviewData,
} from '../../../contracts/warranty.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, BusinessRuleError, ConflictError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueMessage } from '../../platform/outbox.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { registerCaseWorkflow, type CaseTransition } from '../cases/cases.registry.js';
import {
  applyCaseAction,
  assertCanReadCase,
  type CaseRecord,
  getCase,
  getCaseRecord,
  linkCases,
  openCase,
  RESERVED_PREFIXES,
  recordCaseEvent,
  transitionCase,
} from '../cases/cases.service.js';
import { RESOLUTION_METRIC, RESPONSE_METRICS } from '../cases/sla.policy.js';
import { normalizeSerial } from '../customers/customer-text.js';
import { entitlement, type Entitlement, EntitlementInputError, type RepairCover } from './entitlement.js';
import {
  companyDay,
  computeRefund,
  createRefund,
  createReplacement,
  createRma,
  currentRefund,
  currentReplacement,
  currentRma,
  defectivePartViewsOfCase,
  presentProductRef,
  presentUnitRef,
  refundViewsOfCase,
  replacementViewsOfCase,
  RMA_NUMBER_PREFIX,
  rmaViewsOfCase,
  withdrawRefund,
  withdrawReplacement,
  withdrawRma,
} from './remedies.service.js';
import * as repo from './warranty.repository.js';
import { readWarrantySettings } from './warranty.settings.js';
import {
  CLAIM_CLOSED_STATES,
  CLAIM_INITIAL_STATE,
  CLAIM_NOTE_REQUIRED,
  CLAIM_RESOLVED_STATES,
  CLAIM_TABLE,
  DECISION_OF_ACTION,
  isDecisionAction,
  WARRANTY_WORKFLOW,
} from './warranty.workflow.js';

export { recordRepairWarranty } from './remedies.service.js';

if (!RESERVED_PREFIXES.includes(RMA_NUMBER_PREFIX)) RESERVED_PREFIXES.push(RMA_NUMBER_PREFIX);

// ---------------------------------------------------------------------------------------------
// Entitlement (R-WAR-1)

function entitlementError(error: unknown, location: 'querystring' | 'body' = 'querystring'): never {
  if (error instanceof EntitlementInputError) {
    throw new BadRequestError(error.message, [{ path: [location, error.field], message: error.message }]);
  }
  throw error;
}

async function lastRepairCover(tx: ServiceContext, unitId: string, asOf: string): Promise<RepairCover | null> {
  const row = await repo.lastRepairOfUnit(tx.db, unitId, asOf);
  if (!row) return null;
  return {
    completedOn: row.completed_on,
    days: Number(row.warranty_days),
    coveredUntil: row.warranty_end,
    caseNumber: row.case_number,
  };
}

function evaluate(input: Parameters<typeof entitlement>[0]): Entitlement {
  try {
    return entitlement(input);
  } catch (error) {
    entitlementError(error);
  }
}

async function entitlementOfUnitRow(
  tx: ServiceContext,
  unit: repo.UnitRow,
  asOf: string,
  proof: { purchaseDate: string; documentNumber?: string | null } | null,
  expiringSoonDays: number,
): Promise<EntitlementView> {
  return evaluate({
    unit: {
      purchaseDate: unit.purchase_date,
      warrantyEndOverride: unit.warranty_end_override,
      overrideReason: unit.warranty_override_reason,
      contractNumber: unit.contract_number,
      status: unit.status,
    },
    product: {
      defaultWarrantyMonths: Number(unit.default_warranty_months),
      postRepairWarrantyDays: Number(unit.post_repair_warranty_days),
    },
    purchaseProof: proof,
    lastRepair: await lastRepairCover(tx, unit.id, asOf),
    asOf,
    expiringSoonDays,
  });
}

function productOf(unit: repo.UnitRow): repo.ProductRow {
  return {
    id: unit.product_id,
    model: unit.product_model,
    name: unit.product_name,
    specification: unit.product_specification,
    status: unit.product_status,
    default_warranty_months: unit.default_warranty_months,
    post_repair_warranty_days: unit.post_repair_warranty_days,
  };
}

/** The entitlement of a unit (no permission check: for other modules inside their transaction). */
export async function unitEntitlementOf(tx: ServiceContext, unitId: string, asOf?: string): Promise<UnitEntitlement> {
  const unit = await repo.findUnit(tx.db, unitId);
  if (!unit) throw new NotFoundError('unit', unitId);
  const settings = await readWarrantySettings(tx.db);
  const day = asOf ?? companyDay(tx, tx.clock.now());
  return {
    unit: presentUnitRef(unit),
    product: presentProductRef(productOf(unit)),
    entitlement: await entitlementOfUnitRow(tx, unit, day, null, settings.expiringSoonDays),
  };
}

export async function getUnitEntitlement(ctx: ServiceContext, unitId: string, asOf?: string): Promise<UnitEntitlement> {
  assertCan(ctx.actor, 'warranty.read');
  return unitEntitlementOf(ctx, unitId, asOf);
}

/**
 * The agent's screen on a call: units with the serial number (narrowed by the model), each with its
 * entitlement; no unit but a model and the purchase proof's date → the product's default months
 * from that date. The proof's date also stands in for a unit without a purchase date.
 */
export async function lookupEntitlement(ctx: ServiceContext, query: EntitlementLookupQuery): Promise<EntitlementLookup> {
  assertCan(ctx.actor, 'warranty.read');
  const settings = await readWarrantySettings(ctx.db);
  const asOf = query.asOf ?? companyDay(ctx, ctx.clock.now());
  const proof = query.purchaseDate ? { purchaseDate: query.purchaseDate } : null;
  const items: UnitEntitlement[] = [];
  if (query.serial) {
    for (const unit of await repo.unitsBySerial(ctx.db, normalizeSerial(query.serial), query.model)) {
      items.push({
        unit: presentUnitRef(unit),
        product: presentProductRef(productOf(unit)),
        entitlement: await entitlementOfUnitRow(ctx, unit, asOf, proof, settings.expiringSoonDays),
      });
    }
  }
  if (items.length === 0 && query.model && proof) {
    for (const product of await repo.productsByModel(ctx.db, query.model)) {
      items.push({
        unit: null,
        product: presentProductRef(product),
        entitlement: evaluate({
          product: {
            defaultWarrantyMonths: Number(product.default_warranty_months),
            postRepairWarrantyDays: Number(product.post_repair_warranty_days),
          },
          purchaseProof: proof,
          asOf,
          expiringSoonDays: settings.expiringSoonDays,
        }),
      });
    }
  }
  return { items };
}

/** The entitlement of a claim: its unit, or its product with the purchase proof; null without either. */
async function claimEntitlement(
  tx: ServiceContext,
  c: CaseRecord,
  claim: repo.ClaimRow | null,
  asOf: string,
): Promise<EntitlementView | null> {
  const settings = await readWarrantySettings(tx.db);
  const proof = claim?.proof_purchase_date
    ? { purchaseDate: claim.proof_purchase_date, documentNumber: claim.proof_document_number }
    : null;
  if (c.unitId) {
    const unit = await repo.findUnit(tx.db, c.unitId);
    if (unit) return entitlementOfUnitRow(tx, unit, asOf, proof, settings.expiringSoonDays);
  }
  if (!c.productId) return null;
  const product = await repo.findProduct(tx.db, c.productId);
  if (!product) return null;
  return evaluate({
    product: {
      defaultWarrantyMonths: Number(product.default_warranty_months),
      postRepairWarrantyDays: Number(product.post_repair_warranty_days),
    },
    purchaseProof: proof,
    asOf,
    expiringSoonDays: settings.expiringSoonDays,
  });
}

// ---------------------------------------------------------------------------------------------
// The claim workflow on the case core

async function mustFindClaim(tx: ServiceContext, caseId: string): Promise<repo.ClaimRow> {
  const claim = await repo.findClaimByCase(tx.db, caseId);
  if (!claim) throw new NotFoundError('warranty_claim', caseId);
  return claim;
}

async function insertClaimRow(tx: ServiceContext, c: CaseRecord) {
  const nowIso = tx.clock.now().toISOString();
  const row = {
    id: newId(),
    case_id: c.id,
    proof_purchase_date: null,
    proof_document_number: null,
    proof_seller: null,
    proof_attachment_id: null,
    entitlement: null,
    eligible: null,
    reviewed_at: null,
    reviewed_by: null,
    decision: null,
    repair_mode: null,
    repair_case_id: null,
    decided_at: null,
    decided_by: null,
    result_text: null,
    result_sent_at: null,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await repo.insertClaim(tx.db, row);
  await recordAudit(tx, { entity: 'warranty_claim', entityId: row.id, action: 'create', after: row });
}

async function updateClaim(tx: ServiceContext, claim: repo.ClaimRow, patch: Record<string, unknown>, action: string) {
  await updateVersioned(tx, 'warranty_claims', claim.id, Number(claim.version), patch, 'warranty_claim');
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) before[key] = (claim as Record<string, unknown>)[key];
  await recordAudit(tx, { entity: 'warranty_claim', entityId: claim.id, action, before, after: patch });
}

/** A repair case opened for the claim (warranty repair or paid repair) and linked to it. */
async function openLinkedRepairCase(tx: ServiceContext, c: CaseRecord, title: string): Promise<{ id: string; number: string }> {
  const opened = await openCase(tx, {
    type: 'repair',
    channel: c.channel,
    customerId: c.customerId,
    contactId: c.contactId,
    unitId: c.unitId,
    productId: c.unitId ? undefined : c.productId,
    contactName: c.contactName,
    contactPhone: c.contactPhone,
    contactEmail: c.contactEmail,
    title,
    description: c.description,
    faultStartedOn: c.faultStartedOn,
    usageEnvironment: c.usageEnvironment,
    severity: c.severity,
    urgency: c.urgency,
    onSiteRequired: c.onSiteRequired,
    address: c.address,
    regionId: c.regionId,
  });
  await linkCases(tx, c.id, { otherCaseId: opened.case.id, kind: 'related', note: `由 ${c.number} 转维修` });
  return { id: opened.case.id, number: opened.case.number };
}

async function linkExistingRepairCase(tx: ServiceContext, c: CaseRecord, repairCaseId: string) {
  const other = await repo.findCaseBrief(tx.db, repairCaseId);
  if (!other) throw new BadRequestError('unknown case', [{ path: ['body', 'data', 'repairCaseId'], message: '工单不存在 (unknown case)' }]);
  if (other.workflow !== 'repair') {
    throw new BusinessRuleError('not_a_repair_case', '只能关联维修类工单 (link a repair case)', { path: ['body', 'data', 'repairCaseId'] });
  }
  const sameUnit = c.unitId !== null && other.unit_id === c.unitId;
  const sameCustomer = c.customerId !== null && other.customer_id === c.customerId;
  if (!sameUnit && !(c.unitId === null && sameCustomer)) {
    throw new BusinessRuleError('repair_case_mismatch', '维修工单不是同一设备 (the repair case is about another unit)', {
      path: ['body', 'data', 'repairCaseId'],
    });
  }
  try {
    await linkCases(tx, c.id, { otherCaseId: other.id, kind: 'related', note: `${c.number} 转维修` });
  } catch (error) {
    if (!(error instanceof ConflictError && error.code === 'already_linked')) throw error;
  }
  return { id: other.id, number: other.number };
}

async function onDecision(tx: ServiceContext, t: CaseTransition, action: keyof typeof DECISION_OF_ACTION) {
  const decision = DECISION_OF_ACTION[action];
  assertCan(tx.actor, 'warranty.write');
  if (decision === 'replace' || decision === 'refund') assertCan(tx.actor, 'warranty.approve');
  const c = t.after;
  const claim = await mustFindClaim(tx, c.id);
  const snapshot = claim.entitlement ? (JSON.parse(claim.entitlement) as EntitlementView) : null;
  if (!snapshot) {
    throw new BusinessRuleError('review_required', '请先审核保修资格 (review eligibility first)', { action });
  }
  const eligible = claim.eligible === null ? null : Boolean(claim.eligible);
  if ((decision === 'repair' || decision === 'replace') && eligible !== true) {
    throw new BusinessRuleError(
      'out_of_warranty',
      snapshot.inWarranty === null
        ? '无法确认保修期，请补充购买凭证 (warranty unknown: add the purchase proof and review again)'
        : '已过保修期，请拒绝并建议有偿维修 (out of warranty: reject and offer a paid repair)',
      { entitlement: snapshot },
    );
  }
  const nowIso = tx.clock.now().toISOString();
  const patch: Record<string, unknown> = {
    decision,
    repair_mode: null,
    repair_case_id: null,
    decided_at: nowIso,
    decided_by: tx.actor.id,
  };
  const recorded: Record<string, unknown> = { ...t.data };
  switch (decision) {
    case 'repair': {
      const data = t.data as DecideRepairData;
      patch.repair_mode = data.mode;
      if (data.mode === 'factory') {
        const rma = await createRma(tx, c, { factoryName: data.factoryName, factoryAddress: data.factoryAddress });
        recorded.rma = { id: rma.id, number: rma.number };
      } else {
        const repair = data.repairCaseId
          ? await linkExistingRepairCase(tx, c, data.repairCaseId)
          : await openLinkedRepairCase(tx, c, `保修维修：${c.title}`);
        patch.repair_case_id = repair.id;
        recorded.repairCase = repair;
      }
      break;
    }
    case 'replace': {
      const rep = await createReplacement(tx, c);
      recorded.replacementId = rep.id;
      break;
    }
    case 'refund': {
      const refund = await createRefund(tx, c, claim, t.data as RefundFactsInput);
      Object.assign(recorded, { refundId: refund.id, rule: refund.rule, refundFen: Number(refund.refund_fen) });
      break;
    }
    case 'reject': {
      const data = t.data as DecideRejectData;
      if (data.openPaidRepairCase) {
        const repair = await openLinkedRepairCase(tx, c, `有偿维修：${c.title}`);
        patch.repair_case_id = repair.id;
        recorded.repairCase = repair;
      }
      break;
    }
  }
  await repo.supersedeDecisions(tx.db, c.id, nowIso);
  const decisionRow = {
    id: newId(),
    case_id: c.id,
    decision,
    note: t.note,
    entitlement: claim.entitlement,
    data: JSON.stringify(recorded),
    decided_by: tx.actor.id,
    decided_at: nowIso,
    superseded_at: null,
  };
  await repo.insertDecision(tx.db, decisionRow);
  await updateClaim(tx, claim, patch, 'decide');
  await recordCaseEvent(tx, c.id, {
    kind: 'warranty_decision',
    action,
    note: t.note,
    data: {
      decision,
      inWarranty: snapshot.inWarranty,
      basis: snapshot.basis,
      coveredUntil: snapshot.coveredUntil,
      ...recorded,
    },
  });
}

async function onReview(tx: ServiceContext, t: CaseTransition) {
  assertCan(tx.actor, 'warranty.write');
  const c = t.after;
  const claim = await mustFindClaim(tx, c.id);
  const asOf = (t.data as { asOf?: string }).asOf ?? companyDay(tx, c.createdAt);
  const ent = await claimEntitlement(tx, c, claim, asOf);
  if (!ent) {
    throw new BusinessRuleError('product_required', '请先登记设备或产品型号 (the claim needs a unit or a model)', {
      path: ['body', 'unitId'],
    });
  }
  await updateClaim(
    tx,
    claim,
    {
      entitlement: JSON.stringify(ent),
      eligible: ent.inWarranty,
      reviewed_at: tx.clock.now().toISOString(),
      reviewed_by: tx.actor.id,
    },
    'review',
  );
  await recordCaseEvent(tx, c.id, {
    kind: 'warranty_review',
    action: 'review',
    data: { asOf, inWarranty: ent.inWarranty, basis: ent.basis, coveredUntil: ent.coveredUntil },
  });
}

/** The remedy of the current decision is done (complete is refused until then). */
async function assertRemedyDone(tx: ServiceContext, c: CaseRecord, claim: repo.ClaimRow) {
  const refuse = (what: string) => {
    throw new BusinessRuleError('remedy_not_finished', `${what}尚未完成 (the remedy is not finished)`, { decision: claim.decision });
  };
  if (claim.decision === 'repair' && claim.repair_mode === 'factory') {
    const rma = await currentRma(tx, c.id);
    if (rma?.state !== 'received_by_customer') refuse('返厂维修');
  } else if (claim.decision === 'repair') {
    const repair = claim.repair_case_id ? await repo.findCaseBrief(tx.db, claim.repair_case_id) : null;
    const done = repair && (repair.resolved_at !== null || repair.closed_at !== null) && !['cancelled', 'merged'].includes(repair.state);
    if (!done) refuse('维修工单');
  } else if (claim.decision === 'replace') {
    if ((await currentReplacement(tx, c.id))?.state !== 'accepted') refuse('换货验收');
  } else if (claim.decision === 'refund') {
    if ((await currentRefund(tx, c.id))?.state !== 'paid') refuse('退款');
  } else {
    refuse('处理');
  }
}

/** Withdraw the current decision's remedy (revise / reopen) and clear the decision. */
async function supersedeDecision(tx: ServiceContext, c: CaseRecord, note: string | null, withdraw: boolean) {
  const claim = await mustFindClaim(tx, c.id);
  if (withdraw) {
    if (claim.decision === 'repair' && claim.repair_mode === 'factory') await withdrawRma(tx, c.id, note);
    if (claim.decision === 'replace') await withdrawReplacement(tx, c.id, note);
    if (claim.decision === 'refund') await withdrawRefund(tx, c.id, note);
  }
  const nowIso = tx.clock.now().toISOString();
  await repo.supersedeDecisions(tx.db, c.id, nowIso);
  await updateClaim(
    tx,
    claim,
    { decision: null, repair_mode: null, repair_case_id: null, decided_at: null, decided_by: null },
    'supersede',
  );
}

async function onSendResult(tx: ServiceContext, t: CaseTransition) {
  const c = t.after;
  const claim = await mustFindClaim(tx, c.id);
  const nowIso = tx.clock.now().toISOString();
  await updateClaim(tx, claim, { result_text: t.note, result_sent_at: nowIso }, 'send_result');
  if (c.contactEmail) {
    await enqueueMessage(tx, {
      channel: 'email',
      recipient: c.contactEmail,
      subject: `您的${c.type === 'return' ? '退换货' : '保修'}申请 ${c.number} 处理结果`,
      body: `${c.contactName ?? '客户'}您好：\n\n您的申请 ${c.number}「${c.title}」处理结果如下：\n${t.note ?? ''}\n\n如有疑问请联系我们的客服热线。`,
      related: { entity: 'case', id: c.id },
      templateKey: 'warranty.result',
      dedupeKey: `warranty.result:${c.id}:${nowIso}`,
    });
  }
}

async function onTransition(tx: ServiceContext, t: CaseTransition) {
  const action = t.decision.action;
  if (action === 'review') return onReview(tx, t);
  if (isDecisionAction(action)) return onDecision(tx, t, action);
  switch (action) {
    case 'complete': {
      const claim = await mustFindClaim(tx, t.after.id);
      await assertRemedyDone(tx, t.after, claim);
      return;
    }
    case 'revise':
      assertCan(tx.actor, 'warranty.write');
      return supersedeDecision(tx, t.after, t.note, true);
    case 'reopen':
      assertCan(tx.actor, 'warranty.write');
      return supersedeDecision(tx, t.after, t.note, false);
    case 'send_result':
      return onSendResult(tx, t);
    default:
      return;
  }
}

registerCaseWorkflow({
  name: WARRANTY_WORKFLOW,
  initialState: CLAIM_INITIAL_STATE,
  table: CLAIM_TABLE,
  closedStates: CLAIM_CLOSED_STATES,
  resolvedStates: CLAIM_RESOLVED_STATES,
  noteRequired: CLAIM_NOTE_REQUIRED,
  dataSchemas: {
    review: reviewData,
    decide_repair: decideRepairData,
    decide_refund: refundFactsInput,
    decide_reject: decideRejectData,
  },
  effects: {
    reply: { meet: RESPONSE_METRICS, firstReply: true },
    send_result: { meet: [...RESPONSE_METRICS, RESOLUTION_METRIC], firstReply: true },
  },
  onOpen: insertClaimRow,
  onTransition,
});

/**
 * For the repairs module: a repair case was resolved/closed — the warranty claims waiting for it
 * (decision repair by a repair case) move to 'completed' in the caller's transaction. Idempotent.
 */
export async function onRepairCaseFinished(tx: ServiceContext, repairCaseId: string): Promise<string[]> {
  const claims = await tx.db
    .selectFrom('warranty_claims')
    .innerJoin('cases', 'cases.id', 'warranty_claims.case_id')
    .select(['warranty_claims.case_id', 'cases.number'])
    .where('warranty_claims.repair_case_id', '=', repairCaseId)
    .where('warranty_claims.decision', '=', 'repair')
    .where('cases.state', '=', 'repairing')
    .execute();
  const repair = await repo.findCaseBrief(tx.db, repairCaseId);
  const completed: string[] = [];
  for (const claim of claims) {
    await transitionCase(tx, claim.case_id, { action: 'complete', note: `维修工单 ${repair?.number ?? ''} 已完成` });
    completed.push(claim.case_id);
  }
  return completed;
}

// ---------------------------------------------------------------------------------------------
// Claims: commands and reading

async function assertWarrantyCase(tx: ServiceContext, caseId: string) {
  const brief = await repo.findCaseBrief(tx.db, caseId);
  if (!brief || brief.workflow !== WARRANTY_WORKFLOW) throw new NotFoundError('warranty_claim', caseId);
  return brief;
}

function proofPatch(proof: PurchaseProofInput | null) {
  return {
    proof_purchase_date: proof?.purchaseDate ?? null,
    proof_document_number: proof?.documentNumber || null,
    proof_seller: proof?.seller || null,
    proof_attachment_id: proof?.attachmentId ?? null,
  };
}

/** Open a warranty claim or a return: the case (customer/unit matched, deadlines) with the purchase proof. */
export async function openClaim(ctx: ServiceContext, input: OpenClaimRequest): Promise<ClaimView> {
  assertCan(ctx.actor, 'warranty.write');
  const { purchaseProof, ...caseInput } = input;
  const caseId = await inTransaction(ctx, async (tx) => {
    const opened = await openCase(tx, caseInput);
    if (purchaseProof) {
      const claim = await mustFindClaim(tx, opened.case.id);
      await updateClaim(tx, claim, proofPatch(purchaseProof), 'proof');
      await recordCaseEvent(tx, opened.case.id, {
        kind: 'purchase_proof',
        data: { purchaseDate: purchaseProof.purchaseDate, documentNumber: purchaseProof.documentNumber ?? null },
      });
    }
    return opened.case.id;
  });
  return getClaim(ctx, caseId);
}

/** The purchase proof can change until the decision. */
export async function updatePurchaseProof(ctx: ServiceContext, caseId: string, input: UpdateProofRequest): Promise<ClaimView> {
  assertCan(ctx.actor, 'warranty.write');
  await inTransaction(ctx, async (tx) => {
    await assertWarrantyCase(tx, caseId);
    const c = await getCaseRecord(tx, caseId);
    await assertCanReadCase(tx, c);
    const claim = await mustFindClaim(tx, caseId);
    if (Number(claim.version) !== input.version) throw new VersionConflictError('warranty_claim', caseId, Number(claim.version));
    if (!['applied', 'replied', 'reviewed'].includes(c.state)) {
      throw new BusinessRuleError('claim_decided', '已作出处理决定，不能再修改购买凭证 (the claim was decided)', { state: c.state });
    }
    await updateClaim(tx, claim, proofPatch(input.purchaseProof), 'proof');
    await recordCaseEvent(tx, caseId, {
      kind: 'purchase_proof',
      data: input.purchaseProof
        ? { purchaseDate: input.purchaseProof.purchaseDate, documentNumber: input.purchaseProof.documentNumber ?? null }
        : { removed: true },
    });
  });
  return getClaim(ctx, caseId);
}

/** A workflow action of the claim (the same command as POST /cases/:id/actions), answered with the claim. */
export async function applyClaimAction(ctx: ServiceContext, caseId: string, input: ClaimActionRequest): Promise<ClaimView> {
  assertCan(ctx.actor, 'warranty.write');
  if (input.action === 'decide_replace' || input.action === 'decide_refund') assertCan(ctx.actor, 'warranty.approve');
  await assertWarrantyCase(ctx, caseId);
  await applyCaseAction(ctx, caseId, {
    action: input.action,
    version: input.version,
    note: input.note,
    data: (input.data ?? {}) as Record<string, unknown>,
  });
  return getClaim(ctx, caseId);
}

/** What the refund rules say for this claim with these facts (nothing is written). */
export async function checkRefund(ctx: ServiceContext, caseId: string, input: RefundFactsInput): Promise<RefundCheck> {
  assertCan(ctx.actor, 'warranty.read');
  await assertWarrantyCase(ctx, caseId);
  const c = await getCaseRecord(ctx, caseId);
  await assertCanReadCase(ctx, c);
  const claim = await repo.findClaimByCase(ctx.db, caseId);
  return (await computeRefund(ctx, c, claim ?? null, input)).check;
}

export async function getClaim(ctx: ServiceContext, caseId: string): Promise<ClaimView> {
  assertCan(ctx.actor, 'warranty.read');
  await assertWarrantyCase(ctx, caseId);
  const detail = await getCase(ctx, caseId);
  const claim = await mustFindClaim(ctx, caseId);
  const record = await getCaseRecord(ctx, caseId);
  const [decisions, rmas, replacements, refunds, defectiveParts, current] = await Promise.all([
    repo.decisionsOf(ctx.db, caseId),
    rmaViewsOfCase(ctx, caseId),
    replacementViewsOfCase(ctx, caseId),
    refundViewsOfCase(ctx, caseId),
    defectivePartViewsOfCase(ctx, caseId),
    claimEntitlement(ctx, record, claim, companyDay(ctx, ctx.clock.now())),
  ]);
  const names = new Map(
    (await repo.userNames(ctx.db, [claim.reviewed_by, claim.decided_by, ...decisions.map((d) => d.decided_by)])).map((u) => [
      u.id,
      u.display_name,
    ]),
  );
  const who = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const repairCase = claim.repair_case_id ? await repo.findCaseBrief(ctx.db, claim.repair_case_id) : null;
  return {
    case: detail,
    claim: {
      purchaseProof: claim.proof_purchase_date
        ? {
            purchaseDate: claim.proof_purchase_date,
            documentNumber: claim.proof_document_number,
            seller: claim.proof_seller,
            attachmentId: claim.proof_attachment_id,
          }
        : null,
      entitlement: claim.entitlement ? (JSON.parse(claim.entitlement) as EntitlementView) : null,
      eligible: claim.eligible === null ? null : Boolean(claim.eligible),
      reviewedAt: claim.reviewed_at,
      reviewedBy: who(claim.reviewed_by),
      decision: claim.decision,
      repairMode: claim.repair_mode,
      repairCase: repairCase ? { id: repairCase.id, number: repairCase.number, state: repairCase.state } : null,
      decidedAt: claim.decided_at,
      decidedBy: who(claim.decided_by),
      resultText: claim.result_text,
      resultSentAt: claim.result_sent_at,
      version: Number(claim.version),
    },
    currentEntitlement: current,
    decisions: decisions.map((d) => ({
      id: d.id,
      decision: d.decision,
      note: d.note,
      entitlement: d.entitlement ? (JSON.parse(d.entitlement) as EntitlementView) : null,
      data: d.data ? JSON.parse(d.data) : null,
      decidedBy: who(d.decided_by),
      decidedAt: d.decided_at,
      supersededAt: d.superseded_at,
    })),
    rmas,
    replacements,
    refunds,
    defectiveParts,
  };
}
