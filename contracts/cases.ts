import { z } from 'zod';
import { isoDate, pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';
import { addressInput, emailAddress, phoneNumber } from './customers.js';

/**
 * The case core shared by every case type (R-REQ-1..7): intake, ownership, actions, timeline,
 * links and merges, service-level policies and deadlines with escalation (R-CAL-3..4).
 */

// ── enums ────────────────────────────────────────────────────────────────────────────────────
export const caseChannel = z.enum(['phone', 'email', 'portal', 'chat', 'im', 'api', 'walk_in', 'followup']);
export const caseSeverity = z.enum(['general', 'important', 'major']);
export const caseUrgency = z.enum(['high', 'medium', 'low']);
export const waitingOn = z.enum(['customer', 'parts', 'third_party']);
export const deadlineUnit = z.enum(['clock_hours', 'business_hours', 'working_days']);
export const deadlineState = z.enum(['running', 'paused', 'met', 'breached', 'cancelled']);
/** what a screen shows for a deadline (colour): derived from the state and the time now */
export const deadlineStatus = z.enum(['running', 'due_soon', 'overdue', 'paused', 'met', 'met_late', 'breached', 'cancelled']);
export const caseLinkKind = z.enum(['duplicate', 'related']);
export const eventVisibility = z.enum(['internal', 'customer']);
/**
 * Work queues: mine (I own it), unassigned (still with the intake pool — the repairs module
 * refines it to "no technician yet"), overdue, due_soon, waiting (paused), escalated, all.
 */
export const caseQueue = z.enum(['mine', 'unassigned', 'overdue', 'due_soon', 'waiting', 'escalated', 'all']);
/** how the customer of a new case was found (R-REQ-4) */
export const customerMatch = z.enum(['given', 'unit', 'serial', 'phone', 'email', 'created', 'none']);
export const workflowName = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);

export type CaseChannel = z.infer<typeof caseChannel>;
export type CaseSeverity = z.infer<typeof caseSeverity>;
export type CaseUrgency = z.infer<typeof caseUrgency>;
export type WaitingOn = z.infer<typeof waitingOn>;
export type DeadlineUnit = z.infer<typeof deadlineUnit>;
export type DeadlineStatus = z.infer<typeof deadlineStatus>;
export type CaseLinkKind = z.infer<typeof caseLinkKind>;
export type CaseQueue = z.infer<typeof caseQueue>;
export type CustomerMatch = z.infer<typeof customerMatch>;

/** A deadline metric code: first_reply, customer_contact, acknowledge, on_site_arrival, resolution, warranty_reply, ship_back … */
export const metricCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _');
export const caseTypeCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _');
const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalText = (max: number) => trimmed(max).nullable().optional();

// ── intake ───────────────────────────────────────────────────────────────────────────────────
export const newCallerInput = z.object({
  kind: z.enum(['person', 'company']).optional(),
  name: requiredText(200),
  regionId: z.uuid().nullable().optional(),
  address: addressInput.nullable().optional(),
});

export const openCaseRequest = z.object({
  type: caseTypeCode,
  channel: caseChannel,
  /** known customer; otherwise matched by unit / serial / phone / e-mail, or created from newCustomer */
  customerId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  /** match the unit by its serial number (序列号) when unitId is not given */
  serialNumber: trimmed(100).optional(),
  productId: z.uuid().nullable().optional(),
  /** a new caller created on the spot (customer + contact from contactName/Phone/Email) */
  newCustomer: newCallerInput.optional(),
  contactName: optionalText(100),
  contactPhone: phoneNumber.nullable().optional(),
  contactEmail: emailAddress.nullable().optional(),
  title: requiredText(200),
  /** fault symptom (故障现象) */
  description: optionalText(8000),
  faultStartedOn: isoDate.nullable().optional(),
  usageEnvironment: optionalText(1000),
  severity: caseSeverity.optional(),
  urgency: caseUrgency.optional(),
  onSiteRequired: z.boolean().optional(),
  /** the owner; default the person who receives the case (首问负责制). Naming someone else needs case.assign. */
  ownerId: z.uuid().optional(),
  regionId: z.uuid().nullable().optional(),
  address: optionalText(300),
  latitude: z.number().min(-90).max(90).nullable().optional(),
  longitude: z.number().min(-180).max(180).nullable().optional(),
});
export type OpenCaseRequest = z.infer<typeof openCaseRequest>;

// ── commands ─────────────────────────────────────────────────────────────────────────────────
export const caseActionRequest = z.object({
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'an action name'),
  version: versionField,
  note: optionalText(4000),
  /** action-specific input, validated by the case type's workflow */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CaseActionRequest = z.infer<typeof caseActionRequest>;

export const assignOwnerRequest = z.object({ ownerId: z.uuid(), version: versionField, note: optionalText(2000) });
export type AssignOwnerRequest = z.infer<typeof assignOwnerRequest>;

export const addNoteRequest = z.object({ note: requiredText(8000), visibility: eventVisibility.optional() });
export type AddNoteRequest = z.infer<typeof addNoteRequest>;

export const linkCasesRequest = z.object({ otherCaseId: z.uuid(), kind: caseLinkKind, note: optionalText(2000) });
export type LinkCasesRequest = z.infer<typeof linkCasesRequest>;

export const mergeCaseRequest = z.object({ targetId: z.uuid(), version: versionField, note: optionalText(2000) });
export type MergeCaseRequest = z.infer<typeof mergeCaseRequest>;

export const pauseCaseRequest = z.object({ reason: waitingOn, version: versionField, note: optionalText(2000) });
export type PauseCaseRequest = z.infer<typeof pauseCaseRequest>;

export const resumeCaseRequest = z.object({ version: versionField, note: optionalText(2000) });
export type ResumeCaseRequest = z.infer<typeof resumeCaseRequest>;

// ── reading ──────────────────────────────────────────────────────────────────────────────────
export const userBrief = z.object({ id: z.string(), name: z.string() });

export const caseCustomer = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  class: z.string(),
  vip: z.boolean(),
  keyAccount: z.boolean(),
});

export const caseUnit = z.object({
  id: z.string(),
  serialNumber: z.string(),
  productId: z.string(),
  productModel: z.string(),
  productName: z.string(),
  purchaseDate: z.string().nullable(),
  /** last covered day; null when unknown */
  warrantyEnd: z.string().nullable(),
  /** in warranty today (company time zone); null when unknown */
  inWarranty: z.boolean().nullable(),
});

export const deadlineView = z.object({
  id: z.string(),
  metric: z.string(),
  policyId: z.string().nullable(),
  amount: z.number(),
  unit: deadlineUnit,
  state: deadlineState,
  status: deadlineStatus,
  startedAt: z.string(),
  /** null while paused (see projectedDueAt) */
  dueAt: z.string().nullable(),
  /** while paused: the due time if the clock were resumed now */
  projectedDueAt: z.string().nullable(),
  /** wall time left until due (running/paused); null when met, overdue or cancelled */
  timeLeftMs: z.number().nullable(),
  /** business/clock time left in the unit's own terms (business ms for business hours and working days) */
  unitTimeLeftMs: z.number().nullable(),
  /** wall time past due: until now when still open, until met when met late */
  overdueByMs: z.number().nullable(),
  pausedAt: z.string().nullable(),
  metAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  escalationLevel: z.number(),
  version: z.number(),
});
export type DeadlineView = z.infer<typeof deadlineView>;

export const caseEvent = z.object({
  id: z.string(),
  caseId: z.string(),
  /** the case the event happened on (a merged source shows its own number) */
  caseNumber: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  kind: z.string(),
  action: z.string().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  note: z.string().nullable(),
  data: z.unknown().nullable(),
  visibility: eventVisibility,
});
export type CaseEvent = z.infer<typeof caseEvent>;

export const caseLinkView = z.object({
  linkId: z.string(),
  kind: caseLinkKind,
  caseId: z.string(),
  number: z.string(),
  title: z.string(),
  state: z.string(),
  createdAt: z.string(),
});

export const caseSummary = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  typeName: z.string(),
  state: z.string(),
  channel: caseChannel,
  title: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  unitId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  severity: caseSeverity,
  urgency: caseUrgency,
  onSiteRequired: z.boolean(),
  owner: userBrief,
  waitingOn: waitingOn.nullable(),
  escalated: z.boolean(),
  escalationLevel: z.number(),
  /** the earliest due time of the running deadlines */
  nextDueAt: z.string().nullable(),
  /** a deadline is past due and not met */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

export const caseDetail = caseSummary.extend({
  workflow: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  productId: z.string().nullable(),
  description: z.string().nullable(),
  faultStartedOn: z.string().nullable(),
  usageEnvironment: z.string().nullable(),
  regionId: z.string().nullable(),
  address: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  waitingSince: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  mergedFrom: z.array(z.object({ id: z.string(), number: z.string() })),
  firstRepliedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdBy: userBrief.nullable(),
  customer: caseCustomer.nullable(),
  unit: caseUnit.nullable(),
  deadlines: z.array(deadlineView),
  /** what this user may do now (workflow actions, then wait_* / resume) */
  allowedActions: z.array(z.string()),
  links: z.array(caseLinkView),
  /** newest 200 events in time order, merged sources included; the full history pages at /timeline */
  timeline: z.array(caseEvent),
});
export type CaseDetail = z.infer<typeof caseDetail>;

export const duplicateCandidate = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  title: z.string(),
  state: z.string(),
  createdAt: z.string(),
  ownerName: z.string(),
  /** character-bigram Jaccard similarity of title + description, 0–1 */
  similarity: z.number(),
  reasons: z.array(z.enum(['same_customer', 'same_unit', 'similar_text'])),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;

export const openCaseResponse = z.object({
  case: caseDetail,
  match: z.object({
    customer: customerMatch,
    /** several customers share the phone / e-mail / serial: none was chosen, the agent picks */
    ambiguous: z.array(z.object({ customerId: z.string(), name: z.string() })),
  }),
  duplicates: z.array(duplicateCandidate),
});
export type OpenCaseResponse = z.infer<typeof openCaseResponse>;

export const caseListQuery = pageQuery.extend({
  queue: caseQueue.optional(),
  type: caseTypeCode.optional(),
  /** one state or several separated by commas */
  state: z
    .string()
    .trim()
    .max(200)
    .regex(/^[a-z_]+(,[a-z_]+)*$/)
    .optional(),
  severity: caseSeverity.optional(),
  urgency: caseUrgency.optional(),
  customerId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** number prefix (BX-2026-0001…) or words of the title */
  q: trimmed(100).optional(),
  /** only cases not yet closed/cancelled/merged (default: all) */
  open: queryBoolean.optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;
export const casePage = pageOf(caseSummary);
export const timelineQuery = pageQuery;
export const timelinePage = pageOf(caseEvent);
export const duplicateList = z.object({ items: z.array(duplicateCandidate) });

// ── configuration ────────────────────────────────────────────────────────────────────────────
export const caseType = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  numberPrefix: z.string(),
  workflow: z.string(),
  allowAnonymous: z.boolean(),
  builtin: z.boolean(),
  enabled: z.boolean(),
  sortOrder: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export type CaseType = z.infer<typeof caseType>;
export const caseTypeList = z.object({ items: z.array(caseType) });

/** Create (no version) or change (with version) a case type. New types use the 'simple' workflow. */
export const putCaseTypeRequest = z.object({
  version: versionField.optional(),
  nameZh: requiredText(50),
  nameEn: requiredText(100),
  numberPrefix: z
    .string()
    .trim()
    .regex(/^[A-Z]{2,4}$/, '2–4 capital letters, e.g. BX'),
  workflow: workflowName.optional(),
  allowAnonymous: z.boolean().optional(),
  enabled: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type PutCaseTypeRequest = z.infer<typeof putCaseTypeRequest>;
export const caseTypeParams = z.object({ code: caseTypeCode });

export const slaPolicy = z.object({
  id: z.string(),
  caseType: z.string(),
  severity: caseSeverity.nullable(),
  urgency: caseUrgency.nullable(),
  metric: z.string(),
  amount: z.number(),
  unit: deadlineUnit,
  warnBeforeMinutes: z.number(),
  escalateAfterMinutes: z.number(),
  startsAtOpen: z.boolean(),
  enabled: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});
export type SlaPolicy = z.infer<typeof slaPolicy>;
export const slaPolicyList = z.object({ items: z.array(slaPolicy) });
export const slaPolicyListQuery = z.object({ caseType: caseTypeCode.optional(), metric: metricCode.optional() });

const slaPolicyFields = {
  caseType: caseTypeCode,
  severity: caseSeverity.nullable().optional(),
  urgency: caseUrgency.nullable().optional(),
  metric: metricCode,
  amount: z.number().positive().max(10_000),
  unit: deadlineUnit,
  warnBeforeMinutes: z.number().int().min(0).max(100_000).optional(),
  escalateAfterMinutes: z.number().int().min(0).max(100_000).optional(),
  startsAtOpen: z.boolean().optional(),
  enabled: z.boolean().optional(),
};
const wholeWorkingDays = (v: { unit?: string; amount?: number }) =>
  v.unit !== 'working_days' || v.amount === undefined || Number.isInteger(v.amount);
const wholeWorkingDaysIssue = { message: '工作日必须是整数 (working days must be a whole number)', path: ['amount'] };
export const createSlaPolicyRequest = z.object(slaPolicyFields).refine(wholeWorkingDays, wholeWorkingDaysIssue);
export type CreateSlaPolicyRequest = z.infer<typeof createSlaPolicyRequest>;
export const updateSlaPolicyRequest = z
  .object(slaPolicyFields)
  .omit({ caseType: true, metric: true })
  .partial()
  .extend({ version: versionField });
export type UpdateSlaPolicyRequest = z.infer<typeof updateSlaPolicyRequest>;

export const caseSettings = z.object({
  /** owner of cases opened by the system (e-mail, portal, API without a named owner): the intake pool */
  defaultIntakeOwnerId: z.string().nullable(),
  /** duplicate candidates: open cases of the same customer or unit opened within this many days */
  duplicateWindowDays: z.number(),
  /** duplicate candidates: minimum text similarity (0–1) */
  similarityThreshold: z.number(),
  version: z.number(),
  updatedAt: z.string().nullable(),
});
export type CaseSettings = z.infer<typeof caseSettings>;
export const updateCaseSettingsRequest = z.object({
  version: versionField,
  defaultIntakeOwnerId: z.uuid().nullable(),
  duplicateWindowDays: z.number().int().min(1).max(365),
  similarityThreshold: z.number().min(0.05).max(1),
});
export type UpdateCaseSettingsRequest = z.infer<typeof updateCaseSettingsRequest>;
