import { z } from 'zod';
import { caseDetail, openCaseRequest, userBrief } from './cases.js';
import { isoDate, isoDateTime, pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';
import { queryBoolean } from './customers.js';

/**
 * Warranty, returns and 三包 (R-WAR-1..6): entitlement, the warranty-claim / return workflow
 * (case types 'warranty_claim' 保修申请 and 'return' 退换货, workflow 'warranty'), return to
 * factory (返厂/RMA), replacement (换货), refund (退货) and defective-part returns (三包件).
 */

// ── enums ────────────────────────────────────────────────────────────────────────────────────
export const entitlementBasis = z.enum(['catalogue_default', 'contract_override', 'post_repair', 'purchase_proof', 'none']);
/** what the entitlement says, for the UI to translate (params carry the dates and numbers) */
export const entitlementMessageCode = z.enum([
  'in_warranty',
  'out_of_warranty',
  'warranty_unknown',
  'expires_soon',
  'catalogue_default',
  'contract_override',
  'purchase_date_from_proof',
  'proof_date_differs',
  'purchase_date_unknown',
  'before_purchase',
  'post_repair_cover',
  'post_repair_extends',
  'post_repair_expired',
  'unit_replaced',
  'unit_returned',
  'unit_scrapped',
]);
export const warrantyCaseType = z.enum(['warranty_claim', 'return']);
export const claimState = z.enum([
  'applied',
  'replied',
  'reviewed',
  'repairing',
  'replacing',
  'refunding',
  'rejected',
  'completed',
  'result_sent',
  'closed',
  'cancelled',
]);
export const claimDecision = z.enum(['repair', 'replace', 'refund', 'reject']);
/** repair by a repair work order (on site / workshop) or return to factory (返厂) */
export const repairMode = z.enum(['repair_case', 'factory']);
export const rejectReason = z.enum(['out_of_warranty', 'not_covered', 'customer_damage', 'no_fault_found', 'other']);
export const rmaState = z.enum([
  'to_ship',
  'shipped_to_factory',
  'received_by_factory',
  'repaired_at_factory',
  'unrepairable',
  'shipped_back',
  'received_by_customer',
  'cancelled',
]);
export const rmaAction = z.enum([
  'ship_to_factory',
  'receive_at_factory',
  'repair_at_factory',
  'report_unrepairable',
  'ship_back',
  'receive_by_customer',
  'cancel',
]);
export const shipmentDirection = z.enum(['outbound', 'return']);
export const replacementState = z.enum(['pending', 'unit_recorded', 'inspection_failed', 'inspected', 'accepted', 'cancelled']);
export const replacementAction = z.enum(['record_unit', 'inspect', 'accept', 'reject_acceptance', 'cancel']);
export const refundRule = z.enum(['failed_after_repair', 'contract_mismatch', 'early_quality_problem']);
export const refundReasonCode = z.enum([
  'failed_after_remedy',
  'no_completed_remedy',
  'no_new_failure',
  'mismatch',
  'matches_contract',
  'within_policy_days',
  'purchase_date_unknown',
  'found_date_missing',
  'found_before_purchase',
  'after_policy_days',
  'used',
  'damaged',
  'condition_unknown',
]);
export const refundState = z.enum(['approved', 'paid', 'cancelled']);
export const refundAction = z.enum(['pay']);
export const deductionKind = z.enum(['missing_part', 'packaging', 'other']);
export const defectiveDisposition = z.enum(['pending', 'scrap', 'repair', 'return_to_supplier', 'restock']);
export const shipBackStart = z.enum(['received_by_factory', 'repaired_at_factory']);
export const inspectionResult = z.enum(['passed', 'failed']);

export type EntitlementBasis = z.infer<typeof entitlementBasis>;
export type EntitlementMessageCode = z.infer<typeof entitlementMessageCode>;
export type ClaimState = z.infer<typeof claimState>;
export type ClaimDecision = z.infer<typeof claimDecision>;
export type RepairMode = z.infer<typeof repairMode>;
export type RmaState = z.infer<typeof rmaState>;
export type RmaAction = z.infer<typeof rmaAction>;
export type ReplacementState = z.infer<typeof replacementState>;
export type ReplacementAction = z.infer<typeof replacementAction>;
export type RefundRule = z.infer<typeof refundRule>;
export type RefundReasonCode = z.infer<typeof refundReasonCode>;
export type RefundState = z.infer<typeof refundState>;
export type DeductionKind = z.infer<typeof deductionKind>;
export type DefectiveDisposition = z.infer<typeof defectiveDisposition>;

const money = z.number().int().min(0).max(1_000_000_000_000);
const optionalText = (max: number) => trimmed(max).nullable().optional();

// ── entitlement (R-WAR-1) ────────────────────────────────────────────────────────────────────
export const entitlementMessage = z.object({
  code: entitlementMessageCode,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export const entitlementView = z.object({
  asOf: z.string(),
  /** null when it cannot be known (no purchase date: ask for the purchase proof) */
  inWarranty: z.boolean().nullable(),
  /** the last covered day (when out of warranty: the last day that was covered) */
  coveredUntil: z.string().nullable(),
  daysLeft: z.number().nullable(),
  basis: entitlementBasis,
  purchaseDate: z.string().nullable(),
  purchaseDateSource: z.enum(['unit', 'purchase_proof']).nullable(),
  standard: z.object({ months: z.number(), end: z.string().nullable() }),
  contractOverride: z.object({ end: z.string(), reason: z.string().nullable(), contractNumber: z.string().nullable() }).nullable(),
  postRepair: z
    .object({
      completedOn: z.string(),
      days: z.number(),
      coveredUntil: z.string(),
      caseNumber: z.string().nullable(),
      inEffect: z.boolean(),
    })
    .nullable(),
  messages: z.array(entitlementMessage),
});
export type EntitlementView = z.infer<typeof entitlementView>;

export const warrantyUnitRef = z.object({
  id: z.string(),
  serialNumber: z.string(),
  status: z.enum(['in_service', 'replaced', 'returned', 'scrapped']),
  customerId: z.string(),
  customerName: z.string(),
  purchaseDate: z.string().nullable(),
  replacedByUnitId: z.string().nullable(),
});
export const warrantyProductRef = z.object({
  id: z.string(),
  model: z.string(),
  name: z.string(),
  specification: z.string().nullable(),
  status: z.enum(['active', 'discontinued']),
  defaultWarrantyMonths: z.number(),
  postRepairWarrantyDays: z.number(),
});
export type WarrantyUnitRef = z.infer<typeof warrantyUnitRef>;
export type WarrantyProductRef = z.infer<typeof warrantyProductRef>;

export const entitlementAsOfQuery = z.object({ asOf: isoDate.optional() });
export const unitEntitlement = z.object({
  unit: warrantyUnitRef.nullable(),
  product: warrantyProductRef,
  entitlement: entitlementView,
});
export type UnitEntitlement = z.infer<typeof unitEntitlement>;

/** The agent's screen on a call: by serial number (model narrows it), or a model + the purchase proof's date. */
export const entitlementLookupQuery = z
  .object({
    serial: trimmed(100).min(1).optional(),
    model: trimmed(100).min(1).optional(),
    /** the purchase proof's date (购买凭证), used when the unit has none or there is no unit */
    purchaseDate: isoDate.optional(),
    asOf: isoDate.optional(),
  })
  .refine((q) => q.serial !== undefined || (q.model !== undefined && q.purchaseDate !== undefined), {
    message: '请输入序列号，或型号和购买日期 (serial, or model and purchase date)',
    path: ['serial'],
  });
export type EntitlementLookupQuery = z.infer<typeof entitlementLookupQuery>;
export const entitlementLookup = z.object({ items: z.array(unitEntitlement) });
export type EntitlementLookup = z.infer<typeof entitlementLookup>;

// ── claims (R-WAR-2) ─────────────────────────────────────────────────────────────────────────
export const purchaseProofInput = z.object({
  purchaseDate: isoDate,
  /** invoice / receipt number (发票号) */
  documentNumber: optionalText(100),
  seller: optionalText(200),
  /** an uploaded photo of the proof (attachments module) */
  attachmentId: z.uuid().nullable().optional(),
});
export type PurchaseProofInput = z.infer<typeof purchaseProofInput>;

/** Open a warranty claim (保修申请) or a return (退换货): the case intake plus the purchase proof. */
export const openClaimRequest = openCaseRequest.omit({ type: true }).extend({
  type: warrantyCaseType.default('warranty_claim'),
  purchaseProof: purchaseProofInput.optional(),
});
export type OpenClaimRequest = z.infer<typeof openClaimRequest>;
/** what a client sends (type may be left out) */
export type OpenClaimInput = z.input<typeof openClaimRequest>;

export const updateProofRequest = z.object({ version: versionField, purchaseProof: purchaseProofInput.nullable() });
export type UpdateProofRequest = z.infer<typeof updateProofRequest>;

export const reviewData = z.object({
  /** the day eligibility is judged on; default the day the claim was applied */
  asOf: isoDate.optional(),
});
export const decideRepairData = z.object({
  mode: repairMode,
  /** link an existing repair case instead of opening one (mode repair_case) */
  repairCaseId: z.uuid().optional(),
  factoryName: optionalText(200),
  factoryAddress: optionalText(500),
});
export const deductionInput = z.object({
  kind: deductionKind,
  description: optionalText(200),
  /** default: the setting for the kind */
  amountFen: money.optional(),
});
export const refundFactsInput = z.object({
  contractMismatch: z
    .object({ model: z.boolean().optional(), spec: z.boolean().optional(), quality: z.boolean().optional() })
    .optional(),
  qualityProblemFoundOn: isoDate.optional(),
  unused: z.boolean().optional(),
  undamaged: z.boolean().optional(),
  /** price paid when no order line is known */
  priceFen: money.optional(),
  /** the sales order the unit was bought with (default: the unit's order) */
  orderId: z.uuid().optional(),
  deductions: z.array(deductionInput).max(20).optional(),
});
export const decideRejectData = z.object({
  reason: rejectReason,
  offerPaidRepair: z.boolean().optional(),
  /** open a (paid) repair case linked to the claim when the customer accepts the offer */
  openPaidRepairCase: z.boolean().optional(),
});
export type ReviewData = z.infer<typeof reviewData>;
export type DecideRepairData = z.infer<typeof decideRepairData>;
export type RefundFactsInput = z.infer<typeof refundFactsInput>;
export type DecideRejectData = z.infer<typeof decideRejectData>;

const actionBase = { version: versionField, note: optionalText(4000) };
/** One body per action of the warranty workflow (the same actions work on POST /cases/:id/actions). */
export const claimActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('review'), ...actionBase, data: reviewData.optional() }),
  z.object({ action: z.literal('decide_repair'), ...actionBase, data: decideRepairData }),
  z.object({ action: z.literal('decide_replace'), ...actionBase, data: z.object({}).optional() }),
  z.object({ action: z.literal('decide_refund'), ...actionBase, data: refundFactsInput }),
  z.object({ action: z.literal('decide_reject'), version: versionField, note: requiredText(4000), data: decideRejectData }),
  z.object({
    action: z.enum(['reply', 'complete', 'send_result', 'close', 'reopen', 'revise', 'cancel']),
    ...actionBase,
    data: z.object({}).optional(),
  }),
]);
export type ClaimActionRequest = z.infer<typeof claimActionRequest>;

export const refundReason = z.object({
  rule: refundRule,
  holds: z.boolean(),
  code: refundReasonCode,
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(z.string())])),
});
export const deductionLine = z.object({ kind: deductionKind, description: z.string().nullable(), amountFen: z.number() });
export const completedRemedy = z.object({
  kind: z.enum(['repair', 'replacement']),
  completedOn: z.string(),
  reference: z.string().nullable(),
});
export const refundCheck = z.object({
  allowed: z.boolean(),
  rule: refundRule.nullable(),
  reasons: z.array(refundReason),
  evidence: z.object({ completedRemedies: z.array(completedRemedy), newFailureOn: z.string().nullable() }),
  purchaseDate: z.string().nullable(),
  policyDays: z.number(),
  priceFen: z.number().nullable(),
  priceSource: z.enum(['order_line', 'entered']).nullable(),
  deductions: z.array(deductionLine),
  deductionsFen: z.number(),
  refundFen: z.number().nullable(),
});
export type RefundCheck = z.infer<typeof refundCheck>;

export const rmaShipmentView = z.object({
  id: z.string(),
  direction: shipmentDirection,
  carrier: z.string(),
  trackingNumber: z.string(),
  /** borne by the company (公司承担) */
  costFen: z.number(),
  shippedAt: z.string(),
  receivedAt: z.string().nullable(),
});
export const rmaView = z.object({
  id: z.string(),
  number: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  unit: z.object({ id: z.string(), serialNumber: z.string() }).nullable(),
  state: rmaState,
  factoryName: z.string().nullable(),
  factoryAddress: z.string().nullable(),
  faultDescription: z.string().nullable(),
  factoryRepairNotes: z.string().nullable(),
  shippedToFactoryAt: z.string().nullable(),
  receivedByFactoryAt: z.string().nullable(),
  repairedAtFactoryAt: z.string().nullable(),
  unrepairableAt: z.string().nullable(),
  shippedBackAt: z.string().nullable(),
  receivedByCustomerAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  shipments: z.array(rmaShipmentView),
  totalShippingCostFen: z.number(),
  /** the ship-back deadline (7 working days) of the case, when started */
  shipBackDueAt: z.string().nullable(),
  shipBackMetAt: z.string().nullable(),
  allowedActions: z.array(rmaAction),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RmaView = z.infer<typeof rmaView>;

export const replacementView = z.object({
  id: z.string(),
  caseId: z.string(),
  state: replacementState,
  oldUnit: warrantyUnitRef,
  oldProduct: warrantyProductRef,
  newUnit: warrantyUnitRef.nullable(),
  newProduct: warrantyProductRef.nullable(),
  /** why another model with the identical specification was given (the model was discontinued) */
  substitutionReason: z.string().nullable(),
  inspectionResult: inspectionResult.nullable(),
  inspectionNote: z.string().nullable(),
  inspectedBy: userBrief.nullable(),
  inspectedAt: z.string().nullable(),
  acceptanceSignedBy: z.string().nullable(),
  acceptanceNote: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  reworkCount: z.number(),
  allowedActions: z.array(replacementAction),
  version: z.number(),
  createdAt: z.string(),
});
export type ReplacementView = z.infer<typeof replacementView>;

export const refundView = z.object({
  id: z.string(),
  caseId: z.string(),
  unitId: z.string().nullable(),
  rule: refundRule,
  reasons: z.array(refundReason),
  evidence: z.unknown(),
  priceFen: z.number(),
  priceSource: z.enum(['order_line', 'entered']),
  orderId: z.string().nullable(),
  deductions: z.array(deductionLine),
  deductionsFen: z.number(),
  refundFen: z.number(),
  state: refundState,
  paymentReference: z.string().nullable(),
  paidAt: z.string().nullable(),
  paidBy: userBrief.nullable(),
  allowedActions: z.array(refundAction),
  version: z.number(),
  createdAt: z.string(),
});
export type RefundView = z.infer<typeof refundView>;

export const defectivePartView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string(),
  unitId: z.string().nullable(),
  unitSerialNumber: z.string().nullable(),
  productId: z.string().nullable(),
  productModel: z.string().nullable(),
  partId: z.string().nullable(),
  partCode: z.string().nullable(),
  partName: z.string(),
  serialOrBatch: z.string().nullable(),
  faultDescription: z.string(),
  receivedAt: z.string(),
  receivedBy: userBrief.nullable(),
  disposition: defectiveDisposition,
  analysis: z.string().nullable(),
  analysedBy: userBrief.nullable(),
  analysedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export type DefectivePartView = z.infer<typeof defectivePartView>;

export const claimDecisionView = z.object({
  id: z.string(),
  decision: claimDecision,
  note: z.string().nullable(),
  entitlement: entitlementView.nullable(),
  data: z.unknown(),
  decidedBy: userBrief.nullable(),
  decidedAt: z.string(),
  supersededAt: z.string().nullable(),
});

export const purchaseProofView = z.object({
  purchaseDate: z.string(),
  documentNumber: z.string().nullable(),
  seller: z.string().nullable(),
  attachmentId: z.string().nullable(),
});

export const claimView = z.object({
  case: caseDetail,
  claim: z.object({
    purchaseProof: purchaseProofView.nullable(),
    /** the entitlement snapshot of the last review */
    entitlement: entitlementView.nullable(),
    eligible: z.boolean().nullable(),
    reviewedAt: z.string().nullable(),
    reviewedBy: userBrief.nullable(),
    decision: claimDecision.nullable(),
    repairMode: repairMode.nullable(),
    repairCase: z.object({ id: z.string(), number: z.string(), state: z.string() }).nullable(),
    decidedAt: z.string().nullable(),
    decidedBy: userBrief.nullable(),
    resultText: z.string().nullable(),
    resultSentAt: z.string().nullable(),
    version: z.number(),
  }),
  /** today's entitlement of the case's unit / product (null without either) */
  currentEntitlement: entitlementView.nullable(),
  decisions: z.array(claimDecisionView),
  rmas: z.array(rmaView),
  replacements: z.array(replacementView),
  refunds: z.array(refundView),
  defectiveParts: z.array(defectivePartView),
});
export type ClaimView = z.infer<typeof claimView>;

// ── RMA (R-WAR-3) ────────────────────────────────────────────────────────────────────────────
export const shipmentInput = z.object({
  carrier: requiredText(100),
  /** 运单号 */
  trackingNumber: requiredText(100),
  costFen: money,
  shippedAt: isoDateTime.optional(),
});
const stepAt = z.object({ at: isoDateTime.optional() });
export const rmaActionRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('ship_to_factory'), ...actionBase, data: shipmentInput }),
  z.object({ action: z.literal('receive_at_factory'), ...actionBase, data: stepAt.optional() }),
  z.object({
    action: z.literal('repair_at_factory'),
    ...actionBase,
    data: stepAt.extend({ repairNotes: requiredText(4000) }),
  }),
  z.object({ action: z.literal('report_unrepairable'), version: versionField, note: requiredText(4000), data: stepAt.optional() }),
  z.object({ action: z.literal('ship_back'), ...actionBase, data: shipmentInput }),
  z.object({ action: z.literal('receive_by_customer'), ...actionBase, data: stepAt.optional() }),
  z.object({ action: z.literal('cancel'), version: versionField, note: requiredText(4000), data: z.object({}).optional() }),
]);
export type RmaActionRequest = z.infer<typeof rmaActionRequest>;
export const rmaListQuery = pageQuery.extend({
  state: rmaState.optional(),
  caseId: z.uuid().optional(),
  /** only those whose ship-back deadline is past due and not met */
  overdue: queryBoolean.optional(),
});
export const rmaPage = pageOf(rmaView);

// ── replacement (R-WAR-4) ────────────────────────────────────────────────────────────────────
export const replacementActionRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('record_unit'),
    ...actionBase,
    data: z.object({
      serialNumber: requiredText(100),
      /** default: the old unit's product */
      productId: z.uuid().optional(),
      substitutionReason: optionalText(500),
    }),
  }),
  z.object({ action: z.literal('inspect'), ...actionBase, data: z.object({ result: inspectionResult }) }),
  z.object({ action: z.literal('accept'), ...actionBase, data: z.object({ signedBy: requiredText(100) }) }),
  z.object({ action: z.literal('reject_acceptance'), version: versionField, note: requiredText(4000), data: z.object({}).optional() }),
  z.object({ action: z.literal('cancel'), version: versionField, note: requiredText(4000), data: z.object({}).optional() }),
]);
export type ReplacementActionRequest = z.infer<typeof replacementActionRequest>;

// ── refund (R-WAR-5) ─────────────────────────────────────────────────────────────────────────
export const refundActionRequest = z.object({
  action: refundAction,
  version: versionField,
  note: optionalText(4000),
  data: z.object({ paymentReference: requiredText(100), paidAt: isoDateTime.optional() }),
});
export type RefundActionRequest = z.infer<typeof refundActionRequest>;

// ── defective parts (R-WAR-6) ────────────────────────────────────────────────────────────────
export const createDefectivePartRequest = z.object({
  caseId: z.uuid(),
  /** default: the case's unit */
  unitId: z.uuid().nullable().optional(),
  partId: z.uuid().nullable().optional(),
  /** default: the spare part's name */
  partName: trimmed(200).optional(),
  serialOrBatch: optionalText(100),
  faultDescription: requiredText(4000),
  receivedAt: isoDateTime.optional(),
});
export type CreateDefectivePartRequest = z.infer<typeof createDefectivePartRequest>;
export const analyseDefectivePartRequest = z.object({
  version: versionField,
  disposition: defectiveDisposition.exclude(['pending']),
  analysis: requiredText(4000),
});
export type AnalyseDefectivePartRequest = z.infer<typeof analyseDefectivePartRequest>;
export const defectivePartListQuery = pageQuery.extend({
  productId: z.uuid().optional(),
  caseId: z.uuid().optional(),
  partId: z.uuid().optional(),
  disposition: defectiveDisposition.optional(),
  analysed: queryBoolean.optional(),
  /** received on or after this day (company time zone) */
  from: isoDate.optional(),
  /** received on or before this day */
  to: isoDate.optional(),
});
export type DefectivePartListQuery = z.infer<typeof defectivePartListQuery>;
export const defectivePartPage = pageOf(defectivePartView);

// ── settings ─────────────────────────────────────────────────────────────────────────────────
const settingsFields = {
  /** R-WAR-5: a quality problem found within [7] days of purchase */
  refundPolicyDays: z.number().int().min(0).max(365),
  /** R-WAR-5: completed repairs/replacements before "still failing" allows a refund [1] */
  refundAfterRemedies: z.number().int().min(1).max(10),
  /** R-WAR-3: the ship-back deadline starts when the factory receives the unit, or when it has repaired it */
  shipBackStartsAt: shipBackStart,
  /** entitlement: "expires soon" within this many days [30] */
  expiringSoonDays: z.number().int().min(0).max(365),
  /** default deduction per kind (fen) when the agent does not enter an amount */
  deductionDefaults: z.object({ missing_part: money, packaging: money, other: money }),
};
export const warrantySettings = z.object({ ...settingsFields, version: z.number(), updatedAt: z.string().nullable() });
export type WarrantySettings = z.infer<typeof warrantySettings>;
export const updateWarrantySettingsRequest = z.object({ ...settingsFields, version: versionField });
export type UpdateWarrantySettingsRequest = z.infer<typeof updateWarrantySettingsRequest>;
