import { z } from 'zod';
import { isoDate, requiredText, trimmed, versionField } from './common.js';
import { caseDetail, caseSeverity, caseUrgency, openCaseRequest, userBrief } from './cases.js';

/**
 * Complaints (投诉, R-CMP-1..13): categories, the complaint record beside its case (verification,
 * investigation, resolution, feedback rounds, signatures), corrective and preventive actions (CAPA),
 * the complainant's confirmation link, settings, the monthly view and the monthly meeting.
 */

const optionalText = (max: number) => trimmed(max).nullable().optional();

// ── enums ────────────────────────────────────────────────────────────────────────────────────
export const complaintResolutionKind = z.enum(['quality', 'delivery', 'service', 'price', 'infringement']);
export const verificationResult = z.enum(['valid', 'not_ours', 'customer_fault', 'third_party']);
export const responsibilityParty = z.enum(['company', 'customer', 'third_party', 'unclear']);
export const evidenceKind = z.enum(['repair_record', 'inspection_report', 'customer_statement', 'photo', 'sample', 'other']);
export const capaKind = z.enum(['corrective', 'preventive', 'process_change']);
export const capaState = z.enum(['open', 'done', 'verified', 'cancelled']);
export const signatureStep = z.enum(['action_plan', 'countersign', 'tracking_sheet', 'closure', 'cause_decision', 'extension']);
export const signatureDecision = z.enum(['approved', 'rejected']);
/** The outcomes of R-CMP-6, by the category's resolution kind. */
export const resolutionOutcome = z.enum([
  'repair',
  'replace',
  'refund',
  'compensation',
  'rectification',
  'apology',
  'improvement',
  'price_correction',
  'explanation',
  'stop',
  'accountability',
  'redelivery',
]);
export type ComplaintResolutionKind = z.infer<typeof complaintResolutionKind>;
export type ResolutionOutcome = z.infer<typeof resolutionOutcome>;
export type CapaKind = z.infer<typeof capaKind>;
export type CapaState = z.infer<typeof capaState>;
export type SignatureStep = z.infer<typeof signatureStep>;

// ── categories (R-CMP-1) ─────────────────────────────────────────────────────────────────────
export const complaintCategory = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  parentId: z.string().nullable(),
  resolutionKind: complaintResolutionKind.nullable(),
  sortOrder: z.number(),
  archived: z.boolean(),
  version: z.number(),
});
export type ComplaintCategory = z.infer<typeof complaintCategory>;
export const complaintCategoryList = z.object({ items: z.array(complaintCategory) });

export const createCategoryRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{1,39}$/, 'lower-case letters, digits, ".", "-" or "_"'),
  nameZh: requiredText(100),
  nameEn: requiredText(100),
  parentId: z.uuid().nullable().optional(),
  resolutionKind: complaintResolutionKind.nullable().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type CreateCategoryRequest = z.infer<typeof createCategoryRequest>;
export const updateCategoryRequest = z.object({
  nameZh: requiredText(100).optional(),
  nameEn: requiredText(100).optional(),
  resolutionKind: complaintResolutionKind.nullable().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
  version: versionField,
});
export type UpdateCategoryRequest = z.infer<typeof updateCategoryRequest>;

// ── intake ───────────────────────────────────────────────────────────────────────────────────
export const openComplaintRequest = openCaseRequest.omit({ type: true }).extend({
  categoryId: z.uuid(),
  subcategoryId: z.uuid().nullable().optional(),
  /** no complainant named (R-CMP-13): no follow-up call, the reply is attached instead */
  anonymous: z.boolean().optional(),
  /** only a written reply is asked for (R-CMP-13) */
  writtenReplyOnly: z.boolean().optional(),
  /** production batch, to link complaints about the same batch (R-CMP-10) */
  batchNumber: optionalText(100),
});
export type OpenComplaintRequest = z.infer<typeof openComplaintRequest>;

/** Category and flags after intake (e.g. a complaint that came in by e-mail without a category). */
export const updateComplaintRequest = z.object({
  categoryId: z.uuid(),
  subcategoryId: z.uuid().nullable().optional(),
  writtenReplyOnly: z.boolean().optional(),
  batchNumber: optionalText(100),
  /** raise or lower the severity found after intake; raising it to major alerts management */
  severity: caseSeverity.optional(),
  version: versionField,
});
export type UpdateComplaintRequest = z.infer<typeof updateComplaintRequest>;

// ── workflow action data ───────────────────────────────────────────────────────────────────────
export const verifyData = z.object({
  result: verificationResult,
  /** the facts found (and, when not valid, the reply to the customer) */
  facts: requiredText(4000),
});
export const callData = z.object({ satisfied: z.boolean() });
export const complaintActionRequest = z.object({
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'an action name'),
  version: versionField,
  note: optionalText(4000),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type ComplaintActionRequest = z.infer<typeof complaintActionRequest>;

// ── investigation (R-CMP-4) ──────────────────────────────────────────────────────────────────
export const evidenceItem = z.object({
  kind: evidenceKind,
  description: requiredText(1000),
  /** a repair/inspection case this evidence is */
  caseId: z.uuid().nullable().optional(),
  attachmentId: z.uuid().nullable().optional(),
});
export type EvidenceItem = z.infer<typeof evidenceItem>;
export const meetingRecord = z.object({
  heldOn: isoDate,
  attendees: requiredText(1000),
  conclusion: requiredText(4000),
});
export const investigationRequest = z.object({
  evidence: z.array(evidenceItem).max(50),
  rootCause: optionalText(4000),
  responsibility: responsibilityParty.nullable().optional(),
  departmentIds: z.array(z.uuid()).max(20),
  meeting: meetingRecord.nullable().optional(),
  version: versionField,
});
export type InvestigationRequest = z.infer<typeof investigationRequest>;
export const causeDecisionRequest = z.object({
  decision: requiredText(4000),
  rootCause: requiredText(4000),
  responsibility: responsibilityParty.exclude(['unclear']),
  departmentIds: z.array(z.uuid()).max(20),
  version: versionField,
});
export type CauseDecisionRequest = z.infer<typeof causeDecisionRequest>;
export const countersignRequest = z.object({
  departmentId: z.uuid(),
  decision: signatureDecision,
  comment: optionalText(2000),
});
export type CountersignRequest = z.infer<typeof countersignRequest>;

// ── resolution (R-CMP-6) ─────────────────────────────────────────────────────────────────────
export const resolutionRequest = z.object({
  outcomes: z.array(resolutionOutcome).min(1).max(6),
  note: requiredText(4000),
  /** the agreed compensation in fen: required with the outcome compensation, not allowed without */
  compensationFen: z.number().int().min(1).max(100_000_000_000).nullable().optional(),
  version: versionField,
});
export type ResolutionRequest = z.infer<typeof resolutionRequest>;

// ── extension (R-CMP-2) ──────────────────────────────────────────────────────────────────────
export const extensionRequest = z.object({ reason: requiredText(2000), version: versionField });
export type ExtensionRequest = z.infer<typeof extensionRequest>;
export const extensionDecisionRequest = z.object({ approve: z.boolean(), comment: optionalText(2000), version: versionField });
export type ExtensionDecisionRequest = z.infer<typeof extensionDecisionRequest>;

// ── task force (R-CMP-10) ────────────────────────────────────────────────────────────────────
export const taskForceRequest = z.object({
  leaderId: z.uuid(),
  memberIds: z.array(z.uuid()).max(30),
  version: versionField,
});
export type TaskForceRequest = z.infer<typeof taskForceRequest>;

// ── CAPA (R-CMP-5) ───────────────────────────────────────────────────────────────────────────
export const createCapaRequest = z.object({
  kind: capaKind,
  description: requiredText(4000),
  ownerId: z.uuid(),
  departmentId: z.uuid().nullable().optional(),
  dueOn: isoDate,
});
export type CreateCapaRequest = z.infer<typeof createCapaRequest>;
export const capaUpdateRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('complete'), evidence: requiredText(4000), version: versionField }),
  z.object({ action: z.literal('verify'), passed: z.boolean(), note: optionalText(2000), version: versionField }),
  z.object({ action: z.literal('cancel'), note: requiredText(2000), version: versionField }),
]);
export type CapaUpdateRequest = z.infer<typeof capaUpdateRequest>;
export const capaView = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  meetingId: z.string().nullable(),
  kind: capaKind,
  description: z.string(),
  owner: userBrief,
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueOn: z.string(),
  state: capaState,
  overdue: z.boolean(),
  evidence: z.string().nullable(),
  doneAt: z.string().nullable(),
  verifiedBy: userBrief.nullable(),
  verifiedAt: z.string().nullable(),
  verificationNote: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export type CapaView = z.infer<typeof capaView>;
export const capaListQuery = z.object({
  state: capaState.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export const capaList = z.object({ items: z.array(capaView) });

// ── the complaint view ───────────────────────────────────────────────────────────────────────
export const signatureView = z.object({
  id: z.string(),
  step: signatureStep,
  decision: signatureDecision,
  department: z.object({ id: z.string(), name: z.string() }).nullable(),
  signer: userBrief,
  comment: z.string().nullable(),
  signedAt: z.string(),
  /** a later rejection or round made it no longer count */
  superseded: z.boolean(),
});
export type SignatureView = z.infer<typeof signatureView>;

export const complaintRecord = z.object({
  category: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  subcategory: z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  resolutionKind: complaintResolutionKind.nullable(),
  anonymous: z.boolean(),
  writtenReplyOnly: z.boolean(),
  batchNumber: z.string().nullable(),
  verificationResult: verificationResult.nullable(),
  verificationFacts: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: userBrief.nullable(),
  evidence: z.array(evidenceItem),
  rootCause: z.string().nullable(),
  responsibility: responsibilityParty.nullable(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
  gmDecision: z.string().nullable(),
  gmDecidedBy: userBrief.nullable(),
  gmDecidedAt: z.string().nullable(),
  meeting: meetingRecord.nullable(),
  investigatedAt: z.string().nullable(),
  resolutionOutcomes: z.array(resolutionOutcome),
  resolutionNote: z.string().nullable(),
  compensationFen: z.number().int().nullable(),
  resultText: z.string().nullable(),
  resultSentAt: z.string().nullable(),
  rounds: z.number(),
  unsatisfiedCount: z.number(),
  confirmedAt: z.string().nullable(),
  confirmedVia: z.enum(['link', 'call', 'written_reply']).nullable(),
  confirmationNote: z.string().nullable(),
  closureReason: z.string().nullable(),
  extension: z
    .object({
      state: z.enum(['requested', 'approved', 'rejected']),
      reason: z.string().nullable(),
      requestedBy: userBrief.nullable(),
      requestedAt: z.string().nullable(),
      decidedBy: userBrief.nullable(),
      decidedAt: z.string().nullable(),
      comment: z.string().nullable(),
    })
    .nullable(),
  taskForce: z.object({ leader: userBrief, members: z.array(userBrief) }).nullable(),
  managementNotifiedAt: z.string().nullable(),
  version: z.number(),
});
export type ComplaintRecordView = z.infer<typeof complaintRecord>;

export const complaintView = z.object({
  case: caseDetail,
  complaint: complaintRecord,
  actions: z.array(capaView),
  signatures: z.array(signatureView),
  /** the step now and who must act (R-CMP web: current step, deadline, who) */
  step: z.object({ state: z.string(), actor: z.string(), dueAt: z.string().nullable(), metric: z.string().nullable() }),
  /** what final closure still needs (empty when the general manager may approve) */
  closureBlockers: z.array(z.object({ code: z.string(), message: z.string() })),
  /** other complaints about the same product or batch (R-CMP-10) */
  sameProductOrBatch: z.array(z.object({ id: z.string(), number: z.string(), title: z.string(), state: z.string(), createdAt: z.string() })),
  confirmationLinks: z.array(
    z.object({ id: z.string(), round: z.number(), expiresAt: z.string(), usedAt: z.string().nullable(), result: z.string().nullable(), reason: z.string().nullable(), revoked: z.boolean() }),
  ),
});
export type ComplaintView = z.infer<typeof complaintView>;

export const confirmationLinkView = z.object({ url: z.string(), token: z.string(), expiresAt: z.string() });
export type ConfirmationLinkView = z.infer<typeof confirmationLinkView>;

// ── public confirmation (no login) ───────────────────────────────────────────────────────────
export const publicConfirmationQuery = z.object({ token: z.string().min(10).max(300) });
export const publicConfirmationView = z.object({
  number: z.string(),
  title: z.string(),
  resultText: z.string().nullable(),
  companyName: z.string(),
  hotline: z.string(),
  expiresAt: z.string(),
  /** open = the complainant may answer; otherwise why not */
  status: z.enum(['open', 'used', 'expired', 'revoked']),
  result: z.enum(['confirmed', 'rejected']).nullable(),
});
export type PublicConfirmationView = z.infer<typeof publicConfirmationView>;
export const publicConfirmationRequest = z
  .object({
    token: z.string().min(10).max(300),
    satisfied: z.boolean(),
    reason: optionalText(2000),
  })
  .refine((v) => v.satisfied || (v.reason && v.reason.length > 0), {
    message: '请说明不满意的原因 (a reason is required)',
    path: ['reason'],
  });
export type PublicConfirmationRequest = z.infer<typeof publicConfirmationRequest>;

// ── settings ─────────────────────────────────────────────────────────────────────────────────
export const complaintSettings = z.object({
  /** follow-up after closure, calendar days (R-FUP) */
  followUpDelayDays: z.number().int().min(1).max(60),
  /** survey after closure, months (R-CMP-9) */
  surveyDelayMonths: z.number().int().min(1).max(24),
  /** how long a confirmation link works, days */
  confirmationLinkDays: z.number().int().min(1).max(60),
  /** frequency × urgency matrix: a topic with at least this many complaints in the month is high / medium frequency */
  highFrequencyAt: z.number().int().min(1).max(1000),
  mediumFrequencyAt: z.number().int().min(1).max(1000),
  /** the base URL of the web app for links in messages (empty: relative link) */
  publicBaseUrl: trimmed(300),
  version: z.number(),
  updatedAt: z.string().nullable(),
});
export type ComplaintSettings = z.infer<typeof complaintSettings>;
export const updateComplaintSettingsRequest = complaintSettings.omit({ updatedAt: true }).extend({ version: versionField });
export type UpdateComplaintSettingsRequest = z.infer<typeof updateComplaintSettingsRequest>;

// ── monthly view (R-CMP-12 analysis) ─────────────────────────────────────────────────────────
export const monthQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM') });
export const level = z.enum(['high', 'medium', 'low']);
export const monthlyView = z.object({
  month: z.string(),
  total: z.number(),
  escalated: z.number(),
  closed: z.number(),
  byCategory: z.array(z.object({ id: z.string().nullable(), name: z.string(), count: z.number() })),
  byCause: z.array(z.object({ responsibility: z.string(), count: z.number() })),
  byDepartment: z.array(z.object({ id: z.string().nullable(), name: z.string(), count: z.number() })),
  matrix: z.array(
    z.object({
      categoryId: z.string().nullable(),
      name: z.string(),
      count: z.number(),
      frequency: level,
      urgency: level,
      /** goes to the monthly complaint meeting */
      meetingTopic: z.boolean(),
    }),
  ),
  meetings: z.array(z.object({ id: z.string(), heldOn: z.string(), topics: z.array(z.string()), minutes: z.string().nullable() })),
});
export type MonthlyView = z.infer<typeof monthlyView>;
export const createMeetingRequest = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  heldOn: isoDate,
  topics: z.array(requiredText(200)).min(1).max(30),
  attendees: optionalText(1000),
  minutes: optionalText(8000),
  decisions: z.array(createCapaRequest).max(30),
});
export type CreateMeetingRequest = z.infer<typeof createMeetingRequest>;
export const meetingView = z.object({
  id: z.string(),
  month: z.string(),
  heldOn: z.string(),
  topics: z.array(z.string()),
  attendees: z.string().nullable(),
  minutes: z.string().nullable(),
  actions: z.array(capaView),
});
export type MeetingView = z.infer<typeof meetingView>;

export { caseSeverity, caseUrgency };
