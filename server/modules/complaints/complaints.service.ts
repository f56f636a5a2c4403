/**
 * Complaints (投诉, R-CMP-1..13) on the case core: the 'complaint' workflow (complaints.workflow.ts)
 * registered here with the work each action does in the same transaction, and the commands around
 * it — investigation, GM decision on an unclear cause, countersignatures, resolution by category,
 * extension with approval, task force, corrective and preventive actions (CAPA), the complainant's
 * confirmation link, categories and settings.
 *
 * ── Workflow actions (POST /complaints/:id/actions, or POST /cases/:id/actions) ────────────────────
 *   acknowledge        受理登记 (meets acknowledge, starts verify)
 *   verify             核实: valid → investigation (starts analysis, handling, handling_limit); not ours /
 *                      the customer's / a third party's fault → the facts are replied and the case closes
 *   submit_analysis    原因分析报告: needs root cause + responsibility (unclear → the GM's decision), the
 *                      department(s); several departments → a meeting record countersigned by each
 *   submit_plan        the action plan (≥ 1 corrective/preventive action when the company is responsible)
 *   sign_plan / reject_plan                  部门经理 (complaint.signPlan)
 *   complete_handling  needs the resolution of R-CMP-6 (outcomes fitting the category)
 *   send_result        the result told to the complainant with a signed expiring confirmation link
 *   record_call        the complainant's answer on the phone: satisfied → confirmed; not → another round
 *   complainant_confirm / complainant_reject       only through the link (public route, system actor)
 *   attach_reply       R-CMP-13: anonymous / written-reply-only complaints, the written reply attached
 *   sign_tracking_sheet / reject_tracking_sheet   品质部 (complaint.signTrackingSheet)
 *   approve_closure / reject_closure         总经理 (complaint.approveClosure); 409 with what is missing
 * Final closure schedules the follow-up (+[3] days) and the survey (+[3] months) as due-work rows of
 * kind 'followup.after_complaint' for the follow-ups module (dedupe keys: never twice).
 */
import type {
  CapaUpdateRequest,
  CapaView,
  CauseDecisionRequest,
  ComplaintActionRequest,
  ComplaintCategory,
  ComplaintSettings,
  ComplaintView,
  ConfirmationLinkView,
  CountersignRequest,
  CreateCapaRequest,
  CreateCategoryRequest,
  EvidenceItem,
  ExtensionDecisionRequest,
  ExtensionRequest,
  InvestigationRequest,
  OpenComplaintRequest,
  PublicConfirmationRequest,
  PublicConfirmationView,
  ResolutionOutcome,
  ResolutionRequest,
  SignatureStep,
  TaskForceRequest,
  UpdateCategoryRequest,
  UpdateComplaintRequest,
  UpdateComplaintSettingsRequest,
} from '../../../contracts/complaints.js';
import type { OpenCaseRequest } from '../../../contracts/cases.js';
import { callData, complaintSettings, verifyData } from '../../../contracts/complaints.js';
import { z } from 'zod';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import { addDays, localDateOf, wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { cancelDueWork, type DueWorkItem, scheduleDueWork } from '../../platform/due-work.js';
import { AppError, BadRequestError, BusinessRuleError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertCan, can, systemActor } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { allowedActions as tableActions } from '../../platform/workflow.js';
import { METRIC_LABELS } from '../cases/cases.model.js';
import { type CaseTransition, registerCaseWorkflow } from '../cases/cases.registry.js';
import {
  assertCanReadCase,
  type CaseRecord,
  cancelDeadline,
  getCase,
  getCaseRecord,
  linkWithin,
  openCase,
  recordCaseEvent,
  startDeadline,
  transitionCase,
} from '../cases/cases.service.js';
import { notify, notifyCaseClosed, readNotificationSettings } from '../notifications/notifications.service.js';
import { readSetting, saveSetting } from '../notifications/settings.store.js';
import * as repo from './complaints.repository.js';
import {
  closureBlockers,
  FOLLOWUP_KIND,
  followOnCaseTypes,
  followUpsAfterClosure,
  linkStatus,
  makeLinkToken,
  parseLinkToken,
  stepSigned,
  unfitOutcomes,
} from './complaints.rules.js';
import {
  ACTOR_OF_STATE,
  COMPLAINT_CLOSED_STATES,
  COMPLAINT_EFFECTS,
  COMPLAINT_INITIAL_STATE,
  COMPLAINT_METRICS,
  COMPLAINT_NOTE_REQUIRED,
  COMPLAINT_RESOLVED_STATES,
  COMPLAINT_TABLE,
  COMPLAINT_TYPE,
  COMPLAINT_WORKFLOW,
  type ComplaintState,
  isNewRound,
  METRIC_OF_STATE,
} from './complaints.workflow.js';

Object.assign(METRIC_LABELS, COMPLAINT_METRICS);

export const CAPA_OVERDUE_KIND = 'complaint.capa.overdue';

// ---------------------------------------------------------------------------------------------
// Settings (the numbers in brackets of R-CMP; admin-editable)

export const COMPLAINT_SETTINGS_KEY = 'complaints.settings';
const settingsValue = complaintSettings.omit({ version: true, updatedAt: true });
type SettingsValue = z.infer<typeof settingsValue>;
export const DEFAULT_COMPLAINT_SETTINGS: SettingsValue = {
  followUpDelayDays: 3,
  surveyDelayMonths: 3,
  confirmationLinkDays: 7,
  highFrequencyAt: 5,
  mediumFrequencyAt: 2,
  publicBaseUrl: '',
};

export async function readComplaintSettings(db: DB): Promise<ComplaintSettings> {
  const s = await readSetting(db, COMPLAINT_SETTINGS_KEY, settingsValue, DEFAULT_COMPLAINT_SETTINGS);
  return { ...s.value, version: s.version, updatedAt: s.updatedAt };
}

export async function getComplaintSettings(ctx: ServiceContext): Promise<ComplaintSettings> {
  assertCan(ctx.actor, 'complaint.read');
  return readComplaintSettings(ctx.db);
}

export async function updateComplaintSettings(ctx: ServiceContext, input: UpdateComplaintSettingsRequest): Promise<ComplaintSettings> {
  assertCan(ctx.actor, 'settings.write');
  if (input.mediumFrequencyAt > input.highFrequencyAt) {
    throw new BadRequestError('中频阈值不能高于高频阈值', [{ path: ['body', 'mediumFrequencyAt'], message: 'must not exceed highFrequencyAt' }]);
  }
  return inTransaction(ctx, async (tx) => {
    const current = await readSetting(tx.db, COMPLAINT_SETTINGS_KEY, settingsValue, DEFAULT_COMPLAINT_SETTINGS);
    const { version, ...value } = input;
    await saveSetting(tx, COMPLAINT_SETTINGS_KEY, version, value, current);
    return readComplaintSettings(tx.db);
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

function json<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

async function mustFindComplaint(db: DB, caseId: string): Promise<repo.ComplaintRow> {
  const row = await repo.findComplaint(db, caseId);
  if (!row) throw new NotFoundError('complaint', caseId);
  return row;
}

async function assertComplaintCase(db: DB, caseId: string) {
  const c = await repo.caseWorkflowOf(db, caseId);
  if (!c || c.workflow !== COMPLAINT_WORKFLOW) throw new NotFoundError('complaint', caseId);
}

async function updateComplaint(tx: ServiceContext, row: repo.ComplaintRow, patch: Record<string, unknown>, action: string, version?: number) {
  if (version !== undefined && Number(row.version) !== version) throw new VersionConflictError('complaint', row.case_id, Number(row.version));
  await updateVersioned(tx, 'complaints', row.id, Number(row.version), patch, 'complaint');
  const before: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) before[key] = (row as Record<string, unknown>)[key];
  await recordAudit(tx, { entity: 'complaint', entityId: row.case_id, action, before, after: patch });
}

function assertState(c: CaseRecord, states: readonly ComplaintState[], what: string) {
  if (!states.includes(c.state as ComplaintState)) {
    throw new ConflictError('wrong_step', `当前步骤不能${what} (not possible in state ${c.state})`, { state: c.state, allowedStates: states });
  }
}

/** A reading + working check for the commands beside the workflow. */
async function loadForWork(tx: ServiceContext, caseId: string) {
  assertCan(tx.actor, 'complaint.write');
  await assertComplaintCase(tx.db, caseId);
  const c = await getCaseRecord(tx, caseId);
  await assertCanReadCase(tx, c);
  const complaint = await mustFindComplaint(tx.db, caseId);
  return { c, complaint };
}

function fieldError(path: (string | number)[], message: string): BadRequestError {
  return new BadRequestError(message, [{ path: ['body', ...path], message }]);
}

async function signatureRow(tx: ServiceContext, caseId: string, step: SignatureStep, decision: 'approved' | 'rejected', comment: string | null, departmentId: string | null = null) {
  const row = {
    id: newId(),
    case_id: caseId,
    step,
    decision,
    department_id: departmentId,
    signer_id: tx.actor.id as string,
    comment,
    signed_at: tx.clock.now().toISOString(),
    superseded_at: null,
  };
  await repo.insertSignature(tx.db, row);
  await recordAudit(tx, { entity: 'complaint_signature', entityId: row.id, action: decision === 'approved' ? 'sign' : 'reject', after: row });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Opening (onOpen) and the major-problem alarm (R-CMP-10)

async function insertComplaintRow(tx: ServiceContext, c: CaseRecord) {
  const now = tx.clock.now().toISOString();
  const row = {
    id: newId(),
    case_id: c.id,
    category_id: null,
    subcategory_id: null,
    anonymous: c.customerId === null && !c.contactPhone && !c.contactEmail,
    written_reply_only: false,
    batch_number: null,
    created_at: now,
    updated_at: now,
  };
  await repo.insertComplaint(tx.db, row);
  await recordAudit(tx, { entity: 'complaint', entityId: c.id, action: 'create', after: row });
  if (c.severity === 'major') await notifyManagement(tx, c);
}

/**
 * Severity found after intake (R-CMP-1): the case's severity, in its timeline and audit; becoming
 * 重大 alerts management at once (once per complaint). Deadlines already running keep their due
 * times; those started later follow the policy of the new severity.
 */
async function changeSeverity(tx: ServiceContext, c: CaseRecord, severity: CaseRecord['severity']) {
  await updateVersioned(tx, 'cases', c.id, c.version, { severity }, 'case');
  await recordAudit(tx, { entity: 'case', entityId: c.id, action: 'severity', before: { severity: c.severity }, after: { severity } });
  await recordCaseEvent(tx, c.id, { kind: 'severity_changed', data: { from: c.severity, to: severity } });
  const complaint = await repo.findComplaint(tx.db, c.id);
  if (severity === 'major' && complaint && !complaint.management_notified_at) await notifyManagement(tx, { ...c, severity });
}

/** 重大质量问题: the general manager and the department heads at once (in-app and e-mail). */
async function notifyManagement(tx: ServiceContext, c: CaseRecord) {
  const recipients = await repo.activeUsersWithRoles(tx.db, ['general_manager', 'department_head']);
  const customer = c.customerId
    ? await tx.db.selectFrom('customers').select('name').where('id', '=', c.customerId).executeTakeFirst()
    : undefined;
  let queued = 0;
  for (const r of recipients) {
    const result = await notify(tx, {
      template: 'complaint.major',
      to: { userId: r.id },
      vars: { caseNumber: c.number, caseType: '投诉', caseTitle: c.title, customerName: customer?.name ?? c.contactName ?? '匿名', description: c.description ?? '' },
      related: { entity: 'case', id: c.id },
      dedupeKey: `complaint.major:${c.id}:${r.id}`,
    });
    queued += result.queued.length;
  }
  const complaint = await repo.findComplaint(tx.db, c.id);
  if (complaint) await updateComplaint(tx, complaint, { management_notified_at: tx.clock.now().toISOString() }, 'notify_management');
  await recordCaseEvent(tx, c.id, {
    kind: 'complaint_major_notified',
    note: `通报 ${recipients.length} 人（总经理、部门经理）`,
    data: { recipients: recipients.map((r) => r.id), messages: queued },
  });
}

// ---------------------------------------------------------------------------------------------
// The work of each workflow action (inside the action's transaction)

async function onVerify(tx: ServiceContext, t: CaseTransition) {
  const data = t.data as z.infer<typeof verifyData>;
  const complaint = await mustFindComplaint(tx.db, t.after.id);
  const now = tx.clock.now().toISOString();
  const patch: Record<string, unknown> = { verification_result: data.result, verification_facts: data.facts, verified_at: now, verified_by: tx.actor.id };
  if (data.result !== 'valid') patch.closure_reason = data.result;
  await updateComplaint(tx, complaint, patch, 'verify');
  if (data.result !== 'valid' && !complaint.anonymous) {
    // R-CMP-3: the reply with the facts, to the complainant
    await sendResult(tx, t.after, { ...complaint, ...patch } as repo.ComplaintRow, data.facts, { withLink: false });
  }
}

async function onSubmitAnalysis(tx: ServiceContext, c: CaseRecord) {
  const complaint = await mustFindComplaint(tx.db, c.id);
  const missing: string[] = [];
  const departments = json<string[]>(complaint.responsible_departments, []);
  if (!complaint.root_cause) missing.push('root_cause');
  if (!complaint.responsibility) missing.push('responsibility');
  if (complaint.responsibility === 'unclear' && !complaint.gm_decision) missing.push('gm_decision');
  if (complaint.responsibility === 'company' && departments.length === 0) missing.push('departments');
  if (departments.length > 1) {
    if (!complaint.meeting) missing.push('meeting');
    const signatures = await repo.signaturesOf(tx.db, c.id);
    const unsigned = departments.filter(
      (d) => !signatures.some((s) => s.step === 'countersign' && s.department_id === d && s.decision === 'approved' && s.superseded_at === null),
    );
    if (unsigned.length) missing.push(...unsigned.map((d) => `countersign:${d}`));
  }
  if (missing.length) {
    throw new BusinessRuleError('investigation_incomplete', `投诉调查不完整：${missing.join('、')} (investigation incomplete)`, { missing });
  }
}

async function onSubmitPlan(tx: ServiceContext, c: CaseRecord) {
  const complaint = await mustFindComplaint(tx.db, c.id);
  const actions = (await repo.actionsOfCase(tx.db, c.id)).filter((a) => a.state !== 'cancelled');
  if (complaint.responsibility === 'company' && actions.length === 0) {
    throw new BusinessRuleError('no_actions', '请至少制定一项纠正或预防措施 (add at least one corrective or preventive action)', {});
  }
}

async function onCompleteHandling(tx: ServiceContext, c: CaseRecord) {
  const complaint = await mustFindComplaint(tx.db, c.id);
  if (json<string[]>(complaint.resolution_outcomes, []).length === 0) {
    throw new BusinessRuleError('resolution_required', '请先登记处理结果 (record the resolution first)', {});
  }
}

/** The result to the complainant; with a confirmation link unless it is only the verification reply. */
async function sendResult(tx: ServiceContext, c: CaseRecord, complaint: repo.ComplaintRow, text: string, options: { withLink: boolean }) {
  const now = tx.clock.now().toISOString();
  let link: (ConfirmationLinkView & { id: string }) | null = null;
  if (options.withLink && !complaint.anonymous) link = await issueLink(tx, c, Number(complaint.rounds));
  const cal = { timeZone: tx.config.companyTimeZone };
  const result = await notify(tx, {
    template: 'complaint.result',
    to: { customerId: c.customerId, contactId: c.contactId, email: c.contactEmail, phone: c.contactPhone, name: c.contactName },
    vars: {
      caseNumber: c.number,
      caseType: '投诉',
      caseTitle: c.title,
      resultText: text,
      confirmationUrl: link?.url ?? '',
      expiresAt: link ? localDateOf(new Date(link.expiresAt), cal) : '',
    },
    related: { entity: 'case', id: c.id },
    // one message per link (each round has its own) or the verification reply
    dedupeKey: `complaint.result:${c.id}:${link?.id ?? `verification:${now}`}`,
  });
  if (result.queued.length) {
    await recordCaseEvent(tx, c.id, {
      kind: 'customer_notified',
      note: `投诉处理结果通知（${[...new Set(result.queued.map((q) => q.channel))].join('、')}）`,
      data: { template: 'complaint.result', messages: result.queued.map((q) => ({ id: q.messageId, channel: q.channel, recipient: q.recipient })) },
      visibility: 'customer',
    });
  }
  return link;
}

async function onSendResult(tx: ServiceContext, t: CaseTransition) {
  const complaint = await mustFindComplaint(tx.db, t.after.id);
  await updateComplaint(tx, complaint, { result_text: t.note, result_sent_at: tx.clock.now().toISOString() }, 'send_result');
  await sendResult(tx, t.after, complaint, t.note ?? '', { withLink: true });
}

async function confirm(tx: ServiceContext, caseId: string, via: 'link' | 'call' | 'written_reply', note: string | null) {
  const complaint = await mustFindComplaint(tx.db, caseId);
  await updateComplaint(tx, complaint, { confirmed_at: tx.clock.now().toISOString(), confirmed_via: via, confirmation_note: note }, 'confirm');
  await repo.revokeOpenLinks(tx.db, caseId, tx.clock.now().toISOString());
}

/** Not satisfied (R-CMP-8): another round of handling, counted; the handling deadline runs again. */
async function newRound(tx: ServiceContext, caseId: string, note: string | null) {
  const complaint = await mustFindComplaint(tx.db, caseId);
  const now = tx.clock.now().toISOString();
  await updateComplaint(
    tx,
    complaint,
    { rounds: Number(complaint.rounds) + 1, unsatisfied_count: Number(complaint.unsatisfied_count) + 1, confirmed_at: null, confirmed_via: null, confirmation_note: note },
    'not_satisfied',
  );
  await repo.revokeOpenLinks(tx.db, caseId, now);
  await repo.supersedeSignatures(tx.db, caseId, ['tracking_sheet'], now);
  await startDeadline(tx, caseId, 'handling');
}

async function onApproveClosure(tx: ServiceContext, c: CaseRecord, note: string | null) {
  const blockers = await closureBlockersOf(tx.db, c.id);
  if (blockers.length) {
    throw new ConflictError('complaint_not_closable', `不能结案：${blockers.map((b) => b.message).join('；')}`, { missing: blockers });
  }
  await signatureRow(tx, c.id, 'closure', 'approved', note);
}

async function closureBlockersOf(db: DB, caseId: string) {
  const complaint = await mustFindComplaint(db, caseId);
  const [actions, signatures] = await Promise.all([repo.actionsOfCase(db, caseId), repo.signaturesOf(db, caseId)]);
  return closureBlockers({
    actions,
    signed: { actionPlan: stepSigned(signatures, 'action_plan'), trackingSheet: stepSigned(signatures, 'tracking_sheet') },
    confirmed: complaint.confirmed_at !== null,
    closedAtVerification: complaint.verification_result !== null && complaint.verification_result !== 'valid',
  });
}

/** Finally closed: follow-up and survey for the follow-ups module, the complainant told, links revoked. */
async function onClosed(tx: ServiceContext, c: CaseRecord) {
  const complaint = await mustFindComplaint(tx.db, c.id);
  const settings = await readComplaintSettings(tx.db);
  const closedAt = new Date(c.closedAt ?? tx.clock.now().toISOString());
  const plans = followUpsAfterClosure(c.id, closedAt, settings, { anonymous: Boolean(complaint.anonymous), writtenReplyOnly: Boolean(complaint.written_reply_only) });
  const scheduled: string[] = [];
  for (const plan of plans) {
    const fresh = await scheduleDueWork(tx, { kind: FOLLOWUP_KIND, refId: c.id, dueAt: plan.dueAt, dedupeKey: plan.dedupeKey, payload: { caseId: c.id, purpose: plan.purpose } });
    if (fresh) scheduled.push(plan.purpose);
  }
  if (scheduled.length) {
    await recordCaseEvent(tx, c.id, { kind: 'followup_scheduled', data: { plans: plans.filter((p) => scheduled.includes(p.purpose)) } });
  }
  await repo.revokeOpenLinks(tx.db, c.id, tx.clock.now().toISOString());
  if (!complaint.anonymous) await notifyCaseClosed(tx, c.id);
}

async function onTransition(tx: ServiceContext, t: CaseTransition) {
  const { action, to } = t.decision;
  const c = t.after;
  switch (action) {
    case 'verify':
      await onVerify(tx, t);
      break;
    case 'submit_analysis':
      await onSubmitAnalysis(tx, c);
      break;
    case 'submit_plan':
      await onSubmitPlan(tx, c);
      break;
    case 'sign_plan':
      await signatureRow(tx, c.id, 'action_plan', 'approved', t.note);
      break;
    case 'reject_plan':
      await signatureRow(tx, c.id, 'action_plan', 'rejected', t.note);
      break;
    case 'complete_handling':
      await onCompleteHandling(tx, c);
      break;
    case 'send_result':
      await onSendResult(tx, t);
      break;
    case 'record_call':
      if (to === 'confirmed') await confirm(tx, c.id, 'call', t.note);
      break;
    case 'complainant_confirm':
      await confirm(tx, c.id, 'link', t.note);
      break;
    case 'attach_reply': {
      const complaint = await mustFindComplaint(tx.db, c.id);
      if (!complaint.anonymous && !complaint.written_reply_only) {
        throw new BusinessRuleError('confirmation_required', '实名投诉须由投诉人确认结案 (谁投诉谁关闭)', {});
      }
      await confirm(tx, c.id, 'written_reply', t.note);
      break;
    }
    case 'sign_tracking_sheet':
      await signatureRow(tx, c.id, 'tracking_sheet', 'approved', t.note);
      break;
    case 'reject_tracking_sheet': {
      await signatureRow(tx, c.id, 'tracking_sheet', 'rejected', t.note);
      const complaint = await mustFindComplaint(tx.db, c.id);
      await updateComplaint(tx, complaint, { confirmed_at: null, confirmed_via: null }, 'tracking_sheet_rejected');
      await startDeadline(tx, c.id, 'handling');
      break;
    }
    case 'approve_closure':
      await onApproveClosure(tx, c, t.note);
      break;
    case 'reject_closure':
      await signatureRow(tx, c.id, 'closure', 'rejected', t.note);
      await repo.supersedeSignatures(tx.db, c.id, ['tracking_sheet'], tx.clock.now().toISOString());
      break;
  }
  if (isNewRound(action, to)) await newRound(tx, c.id, t.note);
  if (to === 'closed') await onClosed(tx, c);
}

registerCaseWorkflow({
  name: COMPLAINT_WORKFLOW,
  initialState: COMPLAINT_INITIAL_STATE,
  table: COMPLAINT_TABLE,
  closedStates: COMPLAINT_CLOSED_STATES,
  resolvedStates: COMPLAINT_RESOLVED_STATES,
  noteRequired: COMPLAINT_NOTE_REQUIRED,
  dataSchemas: { verify: verifyData, record_call: callData },
  effects: COMPLAINT_EFFECTS,
  onOpen: insertComplaintRow,
  onTransition,
});

// ---------------------------------------------------------------------------------------------
// Commands

async function assertCategory(db: DB, categoryId: string, subcategoryId: string | null | undefined) {
  const category = await repo.findCategory(db, categoryId);
  if (!category || category.parent_id !== null || category.archived) throw fieldError(['categoryId'], '投诉类别不存在或已停用 (unknown category)');
  if (subcategoryId) {
    const sub = await repo.findCategory(db, subcategoryId);
    if (!sub || sub.parent_id !== categoryId || sub.archived) throw fieldError(['subcategoryId'], '子类别不属于该类别 (sub-category of another category)');
  }
}

/** Register a complaint: the case (customer matched, acknowledge deadline) with its category. */
export async function openComplaint(ctx: ServiceContext, input: OpenComplaintRequest): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.write');
  const { categoryId, subcategoryId, anonymous, writtenReplyOnly, batchNumber, ...caseInput } = input;
  await assertCategory(ctx.db, categoryId, subcategoryId);
  const caseId = await inTransaction(ctx, async (tx) => {
    const opened = await openCase(tx, { ...caseInput, type: COMPLAINT_TYPE });
    const complaint = await mustFindComplaint(tx.db, opened.case.id);
    await updateComplaint(
      tx,
      complaint,
      {
        category_id: categoryId,
        subcategory_id: subcategoryId ?? null,
        anonymous: anonymous ?? Boolean(complaint.anonymous),
        written_reply_only: writtenReplyOnly ?? false,
        batch_number: batchNumber ?? null,
      },
      'categorize',
    );
    return opened.case.id;
  });
  return getComplaint(ctx, caseId);
}

/** Category, sub-category and flags after intake (not once the complaint is finished). */
export async function updateComplaintDetails(ctx: ServiceContext, caseId: string, input: UpdateComplaintRequest): Promise<ComplaintView> {
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    if (c.closedAt !== null) throw new ConflictError('complaint_closed', '投诉已结案 (the complaint is closed)', { state: c.state });
    await assertCategory(tx.db, input.categoryId, input.subcategoryId);
    const patch: Record<string, unknown> = { category_id: input.categoryId, subcategory_id: input.subcategoryId ?? null };
    if (input.writtenReplyOnly !== undefined) patch.written_reply_only = input.writtenReplyOnly;
    if (input.batchNumber !== undefined) patch.batch_number = input.batchNumber;
    await updateComplaint(tx, complaint, patch, 'categorize', input.version);
    await recordCaseEvent(tx, caseId, { kind: 'complaint_categorized', data: { categoryId: input.categoryId, subcategoryId: input.subcategoryId ?? null } });
    if (input.severity && input.severity !== c.severity) await changeSeverity(tx, c, input.severity);
  });
  return getComplaint(ctx, caseId);
}

/** A workflow action, answered with the complaint (the same command as POST /cases/:id/actions). */
export async function applyComplaintAction(ctx: ServiceContext, caseId: string, input: ComplaintActionRequest): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.write');
  await assertComplaintCase(ctx.db, caseId);
  await inTransaction(ctx, async (tx) => {
    const c = await getCaseRecord(tx, caseId);
    await assertCanReadCase(tx, c);
    await transitionCase(tx, caseId, { action: input.action, version: input.version, note: input.note, data: input.data ?? {} });
  });
  return getComplaint(ctx, caseId);
}

/** 投诉调查: evidence, root cause, responsibility, departments, meeting record (R-CMP-4). */
export async function saveInvestigation(ctx: ServiceContext, caseId: string, input: InvestigationRequest): Promise<ComplaintView> {
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['investigating', 'planning'], '登记调查');
    const departments = [...new Set(input.departmentIds)];
    const known = await repo.existingDepartmentIds(tx.db, departments);
    const unknown = departments.findIndex((d) => !known.includes(d));
    if (unknown >= 0) throw fieldError(['departmentIds', unknown], '部门不存在 (unknown department)');
    for (const [i, e] of input.evidence.entries()) {
      if (e.caseId && !(await tx.db.selectFrom('cases').select('id').where('id', '=', e.caseId).executeTakeFirst())) {
        throw fieldError(['evidence', i, 'caseId'], '工单不存在 (unknown case)');
      }
    }
    const now = tx.clock.now().toISOString();
    const previous = json<string[]>(complaint.responsible_departments, []);
    await updateComplaint(
      tx,
      complaint,
      {
        evidence: JSON.stringify(input.evidence),
        root_cause: input.rootCause ?? null,
        responsibility: input.responsibility ?? null,
        responsible_departments: JSON.stringify(departments),
        meeting: input.meeting ? JSON.stringify(input.meeting) : null,
        investigated_at: now,
        investigated_by: tx.actor.id,
      },
      'investigate',
      input.version,
    );
    // changing the departments or the meeting conclusion asks for the countersignatures again
    if (JSON.stringify(previous) !== JSON.stringify(departments) || complaint.meeting !== (input.meeting ? JSON.stringify(input.meeting) : null)) {
      await repo.supersedeSignatures(tx.db, caseId, ['countersign'], now);
    }
    await recordCaseEvent(tx, caseId, {
      kind: 'complaint_investigation',
      note: input.rootCause ?? null,
      data: { evidence: input.evidence.length, responsibility: input.responsibility ?? null, departments },
    });
  });
  return getComplaint(ctx, caseId);
}

/** Unclear cause or department: the general manager decides, recorded with his signature. */
export async function decideCause(ctx: ServiceContext, caseId: string, input: CauseDecisionRequest): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.decideCause');
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['investigating'], '决定原因');
    const departments = [...new Set(input.departmentIds)];
    const known = await repo.existingDepartmentIds(tx.db, departments);
    const unknown = departments.findIndex((d) => !known.includes(d));
    if (unknown >= 0) throw fieldError(['departmentIds', unknown], '部门不存在 (unknown department)');
    const now = tx.clock.now().toISOString();
    await updateComplaint(
      tx,
      complaint,
      {
        gm_decision: input.decision,
        gm_decided_by: tx.actor.id,
        gm_decided_at: now,
        root_cause: input.rootCause,
        responsibility: input.responsibility,
        responsible_departments: JSON.stringify(departments),
      },
      'decide_cause',
      input.version,
    );
    await signatureRow(tx, caseId, 'cause_decision', 'approved', input.decision);
    await recordCaseEvent(tx, caseId, { kind: 'complaint_cause_decided', note: input.decision, data: { responsibility: input.responsibility, departments } });
  });
  return getComplaint(ctx, caseId);
}

/** 会签: each responsible department's head countersigns the meeting's conclusion. */
export async function countersign(ctx: ServiceContext, caseId: string, input: CountersignRequest): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.signPlan');
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['investigating'], '会签');
    if (!json<string[]>(complaint.responsible_departments, []).includes(input.departmentId)) {
      throw fieldError(['departmentId'], '该部门不是责任部门 (not a responsible department)');
    }
    if (!complaint.meeting) throw new BusinessRuleError('meeting_required', '请先登记会议结论 (record the meeting first)', {});
    const ownDepartment = tx.actor.kind === 'user' && tx.actor.departmentId === input.departmentId;
    if (!ownDepartment && !can(tx.actor, 'complaint.decideCause')) {
      throw new ForbiddenError('只能为本部门会签 (countersign for your own department)', { departmentId: input.departmentId });
    }
    await signatureRow(tx, caseId, 'countersign', input.decision, input.comment ?? null, input.departmentId);
    await recordCaseEvent(tx, caseId, { kind: 'complaint_countersign', note: input.comment ?? null, data: { departmentId: input.departmentId, decision: input.decision } });
  });
  return getComplaint(ctx, caseId);
}

/** The resolution by category (R-CMP-6): outcomes that fit the category, and what was done. */
export async function saveResolution(ctx: ServiceContext, caseId: string, input: ResolutionRequest): Promise<ComplaintView> {
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['planning', 'plan_review', 'handling'], '登记处理结果');
    const category = complaint.category_id ? await repo.findCategory(tx.db, complaint.category_id) : undefined;
    const unfit = unfitOutcomes(category?.resolution_kind ?? null, input.outcomes);
    if (unfit.length) {
      throw fieldError(['outcomes'], `处理方式与投诉类别不符：${unfit.join(', ')} (outcomes do not fit the category ${category?.code})`);
    }
    const outcomes = [...new Set(input.outcomes)];
    const compensationFen = input.compensationFen ?? null;
    if (outcomes.includes('compensation') && compensationFen === null) {
      throw fieldError(['compensationFen'], '请填写赔偿金额 (the agreed compensation is required)');
    }
    if (!outcomes.includes('compensation') && compensationFen !== null) {
      throw fieldError(['compensationFen'], '处理方式不含赔偿 (no compensation among the outcomes)');
    }
    await updateComplaint(
      tx,
      complaint,
      { resolution_outcomes: JSON.stringify(outcomes), resolution_note: input.note, compensation_fen: compensationFen },
      'resolve',
      input.version,
    );
    await recordCaseEvent(tx, caseId, { kind: 'complaint_resolution', note: input.note, data: { outcomes, compensationFen } });
    await openFollowOnCases(tx, c, outcomes, input.note);
  });
  return getComplaint(ctx, caseId);
}

const FOLLOW_ON_TITLE: Record<string, string> = { repair: '维修', warranty_claim: '换货', return: '退货退款' };

/**
 * Repair, replacement and refund are carried out through their own case types (R-CMP-6 "through
 * the warranty rules"): a case of that type is opened for the complainant's customer and unit,
 * owned by the complaint's owner and linked to the complaint, once per type. Its workflow then
 * applies the entitlement and refund rules. An anonymous complaint has nobody to open it for.
 */
async function openFollowOnCases(tx: ServiceContext, c: CaseRecord, outcomes: readonly ResolutionOutcome[], note: string) {
  // a complainant known only by name and phone becomes a customer record for the repair or claim
  let caller: Partial<OpenCaseRequest> | null = c.customerId
    ? { customerId: c.customerId, contactId: c.contactId }
    : c.contactName && (c.contactPhone || c.contactEmail)
      ? { newCustomer: { kind: 'person' as const, name: c.contactName }, contactName: c.contactName, contactPhone: c.contactPhone, contactEmail: c.contactEmail }
      : null;
  if (!caller) return;
  const types = followOnCaseTypes(outcomes, await repo.linkedCaseTypes(tx.db, c.id));
  // opened by the system on behalf of the complaint (whoever records the resolution may not open cases)
  const system: ServiceContext = { ...tx, actor: systemActor };
  for (const type of types) {
    const opened = await openCase(
      system,
      {
        type,
        channel: c.channel,
        ...caller,
        unitId: c.unitId,
        productId: c.productId,
        ownerId: c.ownerId,
        title: `投诉 ${c.number} 处理：${FOLLOW_ON_TITLE[type] ?? type}`.slice(0, 200),
        description: note,
        severity: c.severity,
        urgency: c.urgency,
      },
      { acknowledge: false },
    );
    const followOn = await getCaseRecord(tx, opened.case.id);
    await linkWithin(tx, c, followOn, 'related', `投诉处理结果：${FOLLOW_ON_TITLE[type] ?? type}`);
    // the next one is for the same (possibly just created) customer
    caller = { customerId: followOn.customerId, contactId: followOn.contactId };
  }
}

/** Ask to extend the handling time (special cases, R-CMP-2): a reason, then a department head's approval. */
export async function requestExtension(ctx: ServiceContext, caseId: string, input: ExtensionRequest): Promise<ComplaintView> {
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['investigating', 'planning', 'plan_review', 'handling'], '申请延期');
    if (complaint.extension_state === 'requested' || complaint.extension_state === 'approved') {
      throw new ConflictError('extension_exists', '已申请或已批准延期 (an extension was already requested)', { state: complaint.extension_state });
    }
    const now = tx.clock.now().toISOString();
    await updateComplaint(
      tx,
      complaint,
      { extension_state: 'requested', extension_reason: input.reason, extension_requested_by: tx.actor.id, extension_requested_at: now, extension_decided_by: null, extension_decided_at: null, extension_comment: null },
      'request_extension',
      input.version,
    );
    await recordCaseEvent(tx, caseId, { kind: 'complaint_extension_requested', note: input.reason });
  });
  return getComplaint(ctx, caseId);
}

/** Approve (handling deadline → the extended one, from the same start; the hard limit stays) or reject. */
export async function decideExtension(ctx: ServiceContext, caseId: string, input: ExtensionDecisionRequest): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.approveExtension');
  await inTransaction(ctx, async (tx) => {
    const { complaint } = await loadForWork(tx, caseId);
    if (complaint.extension_state !== 'requested') throw new ConflictError('no_extension_request', '没有待审批的延期申请 (no extension request)', {});
    const now = tx.clock.now().toISOString();
    await updateComplaint(
      tx,
      complaint,
      { extension_state: input.approve ? 'approved' : 'rejected', extension_decided_by: tx.actor.id, extension_decided_at: now, extension_comment: input.comment ?? null },
      input.approve ? 'approve_extension' : 'reject_extension',
      input.version,
    );
    await signatureRow(tx, caseId, 'extension', input.approve ? 'approved' : 'rejected', input.comment ?? null);
    if (input.approve) {
      const handling = await repo.latestDeadline(tx.db, caseId, 'handling');
      if (handling && ['running', 'paused', 'breached'].includes(handling.state)) {
        await cancelDeadline(tx, caseId, 'handling');
        await startDeadline(tx, caseId, 'handling_extended', { at: new Date(handling.started_at) });
      }
    }
    await recordCaseEvent(tx, caseId, { kind: input.approve ? 'complaint_extension_approved' : 'complaint_extension_rejected', note: input.comment ?? null });
  });
  return getComplaint(ctx, caseId);
}

/** 专案小组 of a major quality problem (R-CMP-10). */
export async function setTaskForce(ctx: ServiceContext, caseId: string, input: TaskForceRequest): Promise<ComplaintView> {
  await inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    if (c.severity !== 'major') throw new BusinessRuleError('not_major', '只有重大质量问题需要成立专案小组 (only for major problems)', { severity: c.severity });
    const people = [...new Set([input.leaderId, ...input.memberIds])];
    const active = await repo.activeUserIds(tx.db, people);
    if (!active.includes(input.leaderId)) throw fieldError(['leaderId'], '组长不是有效用户 (unknown or inactive user)');
    const bad = input.memberIds.findIndex((m) => !active.includes(m));
    if (bad >= 0) throw fieldError(['memberIds', bad], '成员不是有效用户 (unknown or inactive user)');
    const members = input.memberIds.filter((m) => m !== input.leaderId);
    await updateComplaint(tx, complaint, { task_force: JSON.stringify({ leaderId: input.leaderId, memberIds: members }) }, 'task_force', input.version);
    await recordCaseEvent(tx, caseId, { kind: 'complaint_task_force', data: { leaderId: input.leaderId, memberIds: members } });
  });
  return getComplaint(ctx, caseId);
}

// ---------------------------------------------------------------------------------------------
// Corrective and preventive actions (R-CMP-5)

/** The end of the due day in the company's time zone: when an open action becomes overdue. */
function overdueInstant(ctx: ServiceContext, dueOn: string): string {
  return wallTimeToInstant(addDays(dueOn, 1), 0, ctx.config.companyTimeZone).toISOString();
}

async function insertCapa(tx: ServiceContext, target: { caseId: string | null; meetingId: string | null }, input: CreateCapaRequest, path: (string | number)[] = []) {
  if (!(await repo.activeUserIds(tx.db, [input.ownerId])).length) throw fieldError([...path, 'ownerId'], '责任人不是有效用户 (unknown or inactive user)');
  if (input.departmentId && !(await repo.existingDepartmentIds(tx.db, [input.departmentId])).length) {
    throw fieldError([...path, 'departmentId'], '部门不存在 (unknown department)');
  }
  const today = localDateOf(tx.clock.now(), { timeZone: tx.config.companyTimeZone });
  if (input.dueOn < today) throw fieldError([...path, 'dueOn'], '完成期限不能早于今天 (the deadline is in the past)');
  const now = tx.clock.now().toISOString();
  const row = {
    id: newId(),
    case_id: target.caseId,
    meeting_id: target.meetingId,
    kind: input.kind,
    description: input.description,
    owner_id: input.ownerId,
    department_id: input.departmentId ?? null,
    due_on: input.dueOn,
    state: 'open' as const,
    evidence: null,
    done_at: null,
    verified_by: null,
    verified_at: null,
    verification_note: null,
    overdue_at: null,
    created_by: tx.actor.id,
    created_at: now,
    updated_at: now,
  };
  await repo.insertAction(tx.db, row);
  await recordAudit(tx, { entity: 'complaint_action', entityId: row.id, action: 'create', after: row });
  await scheduleDueWork(tx, { kind: CAPA_OVERDUE_KIND, refId: row.id, dueAt: overdueInstant(tx, input.dueOn), dedupeKey: `${CAPA_OVERDUE_KIND}:${row.id}`, payload: { actionId: row.id } });
  if (target.caseId) {
    await recordCaseEvent(tx, target.caseId, { kind: 'complaint_capa_added', note: input.description, data: { actionId: row.id, kind: input.kind, dueOn: input.dueOn, ownerId: input.ownerId } });
  }
  return row;
}

/** The decisions of a monthly meeting, as actions (inside the meeting's transaction). */
export async function insertMeetingActions(tx: ServiceContext, meetingId: string, decisions: readonly CreateCapaRequest[]): Promise<void> {
  for (const [i, d] of decisions.entries()) await insertCapa(tx, { caseId: null, meetingId }, d, ['decisions', i]);
}

export async function addCapa(ctx: ServiceContext, caseId: string, input: CreateCapaRequest): Promise<CapaView> {
  const id = await inTransaction(ctx, async (tx) => {
    const { c } = await loadForWork(tx, caseId);
    if (c.closedAt !== null) throw new ConflictError('complaint_closed', '投诉已结案 (the complaint is closed)', { state: c.state });
    return (await insertCapa(tx, { caseId, meetingId: null }, input)).id;
  });
  return presentCapa(ctx.db, (await repo.findAction(ctx.db, id))!);
}

/** complete (the owner or the desk) → verify by quality (passed → verified; failed → open again) / cancel. */
export async function updateCapa(ctx: ServiceContext, actionId: string, input: CapaUpdateRequest): Promise<CapaView> {
  assertCan(ctx.actor, 'complaint.write');
  await inTransaction(ctx, async (tx) => {
    const a = await repo.findAction(tx.db, actionId);
    if (!a) throw new NotFoundError('complaint_action', actionId);
    if (Number(a.version) !== input.version) throw new VersionConflictError('complaint_action', actionId, Number(a.version));
    if (a.case_id) await assertCanReadCase(tx, await getCaseRecord(tx, a.case_id));
    const now = tx.clock.now().toISOString();
    let patch: Record<string, unknown>;
    let note: string | null = null;
    switch (input.action) {
      case 'complete':
        if (a.state !== 'open') throw new ConflictError('illegal_transition', `措施状态为 ${a.state}，不能完成`, { state: a.state, allowedActions: allowedCapaActions(a.state) });
        patch = { state: 'done', evidence: input.evidence, done_at: now };
        note = input.evidence;
        break;
      case 'verify':
        assertCan(tx.actor, 'complaint.verifyAction');
        if (a.state !== 'done') throw new ConflictError('illegal_transition', `措施状态为 ${a.state}，不能验证`, { state: a.state, allowedActions: allowedCapaActions(a.state) });
        patch = input.passed
          ? { state: 'verified', verified_by: tx.actor.id, verified_at: now, verification_note: input.note ?? null }
          : { state: 'open', done_at: null, verification_note: input.note ?? null };
        note = input.note ?? null;
        break;
      case 'cancel':
        if (a.state === 'verified' || a.state === 'cancelled') throw new ConflictError('illegal_transition', `措施状态为 ${a.state}，不能取消`, { state: a.state, allowedActions: allowedCapaActions(a.state) });
        patch = { state: 'cancelled', verification_note: input.note };
        note = input.note;
        break;
    }
    await updateVersioned(tx, 'complaint_actions', actionId, Number(a.version), patch, 'complaint_action');
    await recordAudit(tx, { entity: 'complaint_action', entityId: actionId, action: input.action, before: { state: a.state }, after: patch });
    if (patch.state === 'verified' || patch.state === 'cancelled') await cancelDueWork(tx, { refId: actionId, kind: CAPA_OVERDUE_KIND });
    if (a.case_id) {
      await recordCaseEvent(tx, a.case_id, { kind: `complaint_capa_${input.action}`, note, data: { actionId, description: a.description, state: patch.state } });
    }
  });
  return presentCapa(ctx.db, (await repo.findAction(ctx.db, actionId))!);
}

function allowedCapaActions(state: string): string[] {
  if (state === 'open') return ['complete', 'cancel'];
  if (state === 'done') return ['verify', 'cancel'];
  return [];
}

export async function listCapa(ctx: ServiceContext, query: { state?: string; overdue?: 'true' | 'false' }): Promise<{ items: CapaView[] }> {
  assertCan(ctx.actor, 'complaint.read');
  const rows = await repo.listActions(ctx.db, { state: query.state, overdue: query.overdue === 'true' ? true : undefined });
  return { items: await presentCapas(ctx.db, rows) };
}

/**
 * Due work: an action still open after its due day is overdue — marked, its owner, his department
 * head and quality alerted, the complaint's timeline told. Once per action (dedupe key).
 */
export async function capaOverdue(tx: ServiceContext, item: DueWorkItem): Promise<void> {
  const a = await repo.findAction(tx.db, (item.payload as { actionId: string }).actionId);
  if (!a || a.state !== 'open' || a.overdue_at) return;
  await updateVersioned(tx, 'complaint_actions', a.id, Number(a.version), { overdue_at: tx.clock.now().toISOString() }, 'complaint_action');
  await recordAudit(tx, { entity: 'complaint_action', entityId: a.id, action: 'overdue', before: { overdueAt: null }, after: { overdueAt: tx.clock.now().toISOString() } });
  const owner = await tx.db.selectFrom('users').select(['id', 'display_name', 'department_id']).where('id', '=', a.owner_id).executeTakeFirst();
  const departmentId = a.department_id ?? owner?.department_id ?? null;
  const head = departmentId ? await repo.departmentHeadOf(tx.db, departmentId) : null;
  const quality = await repo.activeUsersWithRoles(tx.db, ['quality']);
  const recipients = [...new Set([a.owner_id, head, ...quality.map((q) => q.id)].filter((x): x is string => !!x))];
  for (const userId of recipients) {
    await notify(tx, {
      template: 'complaint.capa_overdue',
      to: { userId },
      vars: { caseNumber: a.case_number ?? '', caseType: '投诉', caseTitle: '', actionDescription: a.description, dueOn: a.due_on, ownerName: owner?.display_name ?? '' },
      related: { entity: 'complaint_action', id: a.id },
      dedupeKey: `complaint.capa_overdue:${a.id}:${userId}`,
    });
  }
  if (a.case_id) {
    await recordCaseEvent(tx, a.case_id, { kind: 'complaint_capa_overdue', note: a.description, data: { actionId: a.id, dueOn: a.due_on, notified: recipients } });
  }
}

// ---------------------------------------------------------------------------------------------
// The complainant's confirmation link (谁投诉谁关闭)

function linkUrl(base: string, caseId: string, token: string): string {
  return `${base.replace(/\/$/, '')}/confirm/complaint/${caseId}?token=${encodeURIComponent(token)}`;
}

async function issueLink(tx: ServiceContext, c: CaseRecord, round: number): Promise<ConfirmationLinkView & { id: string }> {
  const settings = await readComplaintSettings(tx.db);
  const now = tx.clock.now();
  await repo.revokeOpenLinks(tx.db, c.id, now.toISOString());
  const id = newId();
  const expiresAt = new Date(now.getTime() + settings.confirmationLinkDays * 86_400_000).toISOString();
  await repo.insertLink(tx.db, { id, case_id: c.id, round, expires_at: expiresAt, used_at: null, result: null, reason: null, revoked_at: null, created_by: tx.actor.id, created_at: now.toISOString() });
  await recordAudit(tx, { entity: 'complaint_link', entityId: id, action: 'issue', after: { caseId: c.id, round, expiresAt } });
  const token = makeLinkToken(tx.config.appSecret, id, c.id, expiresAt);
  return { id, url: linkUrl(settings.publicBaseUrl, c.id, token), token, expiresAt };
}

/** A new link for the complainant (e.g. read out or re-sent by the agent); older open links stop working. */
export async function createConfirmationLink(ctx: ServiceContext, caseId: string): Promise<ConfirmationLinkView> {
  return inTransaction(ctx, async (tx) => {
    const { c, complaint } = await loadForWork(tx, caseId);
    assertState(c, ['awaiting_confirmation'], '发送确认链接');
    if (complaint.anonymous) throw new BusinessRuleError('anonymous', '匿名投诉无需投诉人确认 (anonymous complaint)', {});
    const { id: _id, ...link } = await issueLink(tx, c, Number(complaint.rounds));
    await recordCaseEvent(tx, caseId, { kind: 'complaint_link_issued', data: { expiresAt: link.expiresAt } });
    return link;
  });
}

function publicContext(deps: Pick<ServiceContext, 'db' | 'clock' | 'config'>): ServiceContext {
  return { db: deps.db, clock: deps.clock, config: deps.config, actor: systemActor, requestId: null };
}

async function resolveLink(ctx: ServiceContext, caseId: string, token: string) {
  const parsed = parseLinkToken(token);
  const link = parsed ? await repo.findLink(ctx.db, parsed.linkId) : undefined;
  const status = linkStatus(ctx.config.appSecret, token, caseId, link, ctx.clock.now());
  // a wrong token and a token of another complaint look the same: nothing to learn by guessing
  if (status === 'invalid' || !link) throw new NotFoundError('confirmation_link', caseId);
  return { link, status };
}

/** What the complainant's page shows (no login). */
export async function getPublicConfirmation(deps: Pick<ServiceContext, 'db' | 'clock' | 'config'>, caseId: string, token: string): Promise<PublicConfirmationView> {
  const ctx = publicContext(deps);
  const { link, status } = await resolveLink(ctx, caseId, token);
  const c = await getCaseRecord(ctx, caseId);
  const complaint = await mustFindComplaint(ctx.db, caseId);
  const settings = await readNotificationSettings(ctx.db);
  return {
    number: c.number,
    title: c.title,
    resultText: complaint.result_text,
    companyName: settings.companyName,
    hotline: settings.hotline,
    expiresAt: link.expires_at,
    status,
    result: link.result,
  };
}

/** The complainant confirms (→ confirmed) or rejects with a reason (→ another round). Once per link. */
export async function answerPublicConfirmation(
  deps: Pick<ServiceContext, 'db' | 'clock' | 'config'>,
  caseId: string,
  input: PublicConfirmationRequest,
): Promise<PublicConfirmationView> {
  const ctx = publicContext(deps);
  await inTransaction(ctx, async (tx) => {
    const { link, status } = await resolveLink(tx, caseId, input.token);
    if (status !== 'open') throw new AppError(410, `link_${status}`, status === 'used' ? '该链接已使用 (this link was used)' : status === 'expired' ? '该链接已过期 (this link expired)' : '该链接已失效 (this link was replaced)');
    const used = await repo.useLink(tx.db, link.id, tx.clock.now().toISOString(), input.satisfied ? 'confirmed' : 'rejected', input.reason ?? null);
    if (!used) throw new AppError(410, 'link_used', '该链接已使用 (this link was used)');
    await recordAudit(tx, { entity: 'complaint_link', entityId: link.id, action: 'use', after: { satisfied: input.satisfied, reason: input.reason ?? null } });
    const c = await getCaseRecord(tx, caseId);
    await transitionCase(tx, caseId, {
      action: input.satisfied ? 'complainant_confirm' : 'complainant_reject',
      version: c.version,
      note: input.satisfied ? (input.reason ?? '投诉人通过确认链接确认满意') : (input.reason ?? null),
    });
  });
  return getPublicConfirmation(deps, caseId, input.token);
}

// ---------------------------------------------------------------------------------------------
// Categories (R-CMP-1)

function presentCategory(r: repo.CategoryRow): ComplaintCategory {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    parentId: r.parent_id,
    resolutionKind: r.resolution_kind,
    sortOrder: Number(r.sort_order),
    archived: Boolean(r.archived),
    version: Number(r.version),
  };
}

export async function listCategories(ctx: ServiceContext): Promise<{ items: ComplaintCategory[] }> {
  assertCan(ctx.actor, 'complaint.read');
  return { items: (await repo.listCategories(ctx.db)).map(presentCategory) };
}

export async function createCategory(ctx: ServiceContext, input: CreateCategoryRequest): Promise<ComplaintCategory> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    if (await repo.categoryCodeTaken(tx.db, input.code)) throw new ConflictError('duplicate', '编码已存在 (code taken)', { path: ['body', 'code'] });
    if (input.parentId) {
      const parent = await repo.findCategory(tx.db, input.parentId);
      if (!parent || parent.parent_id !== null) throw fieldError(['parentId'], '上级类别须为一级类别 (the parent must be a top-level category)');
    } else if (!input.resolutionKind) {
      throw fieldError(['resolutionKind'], '一级类别须指定处理方式 (a top-level category needs its resolution kind)');
    }
    const now = tx.clock.now().toISOString();
    const row = {
      id: newId(),
      code: input.code,
      name_zh: input.nameZh,
      name_en: input.nameEn,
      parent_id: input.parentId ?? null,
      resolution_kind: input.parentId ? null : (input.resolutionKind ?? null),
      sort_order: input.sortOrder ?? 100,
      archived: false,
      created_at: now,
      updated_at: now,
    };
    await repo.insertCategory(tx.db, row);
    await recordAudit(tx, { entity: 'complaint_category', entityId: row.id, action: 'create', after: row });
    return presentCategory((await repo.findCategory(tx.db, row.id))!);
  });
}

export async function updateCategory(ctx: ServiceContext, id: string, input: UpdateCategoryRequest): Promise<ComplaintCategory> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findCategory(tx.db, id);
    if (!row) throw new NotFoundError('complaint_category', id);
    const patch: Record<string, unknown> = {};
    if (input.nameZh !== undefined) patch.name_zh = input.nameZh;
    if (input.nameEn !== undefined) patch.name_en = input.nameEn;
    if (input.sortOrder !== undefined) patch.sort_order = input.sortOrder;
    if (input.archived !== undefined) patch.archived = input.archived;
    if (input.resolutionKind !== undefined) {
      if (row.parent_id !== null && input.resolutionKind !== null) throw fieldError(['resolutionKind'], '子类别沿用上级类别的处理方式');
      if (row.parent_id === null && input.resolutionKind === null) throw fieldError(['resolutionKind'], '一级类别须指定处理方式');
      patch.resolution_kind = input.resolutionKind;
    }
    await updateVersioned(tx, 'complaint_categories', id, input.version, patch, 'complaint_category');
    await recordAudit(tx, { entity: 'complaint_category', entityId: id, action: 'update', before: { name_zh: row.name_zh, archived: Boolean(row.archived) }, after: patch });
    return presentCategory((await repo.findCategory(tx.db, id))!);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

async function presentCapas(db: DB, rows: repo.ActionRow[]): Promise<CapaView[]> {
  const names = await repo.userNames(db, rows.flatMap((r) => [r.owner_id, r.verified_by]));
  const departments = await repo.departmentNames(db, rows.map((r) => r.department_id));
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.case_number ?? null,
    meetingId: r.meeting_id,
    kind: r.kind,
    description: r.description,
    owner: { id: r.owner_id, name: names.get(r.owner_id) ?? '' },
    department: r.department_id ? { id: r.department_id, name: departments.get(r.department_id) ?? '' } : null,
    dueOn: r.due_on,
    state: r.state,
    overdue: r.overdue_at !== null && (r.state === 'open' || r.state === 'done'),
    evidence: r.evidence,
    doneAt: r.done_at,
    verifiedBy: r.verified_by ? { id: r.verified_by, name: names.get(r.verified_by) ?? '' } : null,
    verifiedAt: r.verified_at,
    verificationNote: r.verification_note,
    version: Number(r.version),
    createdAt: r.created_at,
  }));
}

export async function presentCapa(db: DB, row: repo.ActionRow): Promise<CapaView> {
  return (await presentCapas(db, [row]))[0]!;
}
export { presentCapas };

export async function getComplaint(ctx: ServiceContext, caseId: string): Promise<ComplaintView> {
  assertCan(ctx.actor, 'complaint.read');
  await assertComplaintCase(ctx.db, caseId);
  const detail = await getCase(ctx, caseId);
  const record = await getCaseRecord(ctx, caseId);
  const complaint = await mustFindComplaint(ctx.db, caseId);
  const [actions, signatures, links, categories, blockers] = await Promise.all([
    repo.actionsOfCase(ctx.db, caseId),
    repo.signaturesOf(ctx.db, caseId),
    repo.linksOf(ctx.db, caseId),
    repo.listCategories(ctx.db),
    closureBlockersOf(ctx.db, caseId),
  ]);
  const taskForce = json<{ leaderId: string; memberIds: string[] } | null>(complaint.task_force, null);
  const departmentIds = json<string[]>(complaint.responsible_departments, []);
  const names = await repo.userNames(ctx.db, [
    complaint.verified_by,
    complaint.gm_decided_by,
    complaint.extension_requested_by,
    complaint.extension_decided_by,
    ...signatures.map((s) => s.signer_id),
    ...(taskForce ? [taskForce.leaderId, ...taskForce.memberIds] : []),
  ]);
  const departments = await repo.departmentNames(ctx.db, [...departmentIds, ...signatures.map((s) => s.department_id)]);
  const who = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const cat = (id: string | null) => {
    const row = id ? categories.find((x) => x.id === id) : undefined;
    return row ? { id: row.id, code: row.code, nameZh: row.name_zh, nameEn: row.name_en } : null;
  };
  const category = categories.find((x) => x.id === complaint.category_id);
  const state = record.state as ComplaintState;
  const running = detail.deadlines.filter((d) => ['running', 'paused', 'breached'].includes(d.state));
  const stepDeadline = (METRIC_OF_STATE[state] ?? []).map((m) => running.find((d) => d.metric === m)).find((d) => d !== undefined);
  const same = await repo.sameProductOrBatch(ctx.db, caseId, record.productId, complaint.batch_number);
  // the actions this user may take here (quality and the GM sign without case.update)
  const workflowActions = can(ctx.actor, 'complaint.write') ? tableActions(COMPLAINT_TABLE, state, ctx.actor, { case: record, input: null }) : [];
  const extras = detail.allowedActions.filter((a) => !workflowActions.includes(a) && !COMPLAINT_TABLE.some((t) => t.action === a));
  return {
    case: { ...detail, allowedActions: [...workflowActions, ...extras] },
    complaint: {
      category: cat(complaint.category_id),
      subcategory: cat(complaint.subcategory_id),
      resolutionKind: category?.resolution_kind ?? null,
      anonymous: Boolean(complaint.anonymous),
      writtenReplyOnly: Boolean(complaint.written_reply_only),
      batchNumber: complaint.batch_number,
      verificationResult: complaint.verification_result,
      verificationFacts: complaint.verification_facts,
      verifiedAt: complaint.verified_at,
      verifiedBy: who(complaint.verified_by),
      evidence: json<EvidenceItem[]>(complaint.evidence, []),
      rootCause: complaint.root_cause,
      responsibility: complaint.responsibility,
      departments: departmentIds.map((id) => ({ id, name: departments.get(id) ?? '' })),
      gmDecision: complaint.gm_decision,
      gmDecidedBy: who(complaint.gm_decided_by),
      gmDecidedAt: complaint.gm_decided_at,
      meeting: json(complaint.meeting, null),
      investigatedAt: complaint.investigated_at,
      resolutionOutcomes: json<ResolutionOutcome[]>(complaint.resolution_outcomes, []),
      resolutionNote: complaint.resolution_note,
      compensationFen: complaint.compensation_fen === null ? null : Number(complaint.compensation_fen),
      resultText: complaint.result_text,
      resultSentAt: complaint.result_sent_at,
      rounds: Number(complaint.rounds),
      unsatisfiedCount: Number(complaint.unsatisfied_count),
      confirmedAt: complaint.confirmed_at,
      confirmedVia: complaint.confirmed_via,
      confirmationNote: complaint.confirmation_note,
      closureReason: complaint.closure_reason,
      extension: complaint.extension_state
        ? {
            state: complaint.extension_state,
            reason: complaint.extension_reason,
            requestedBy: who(complaint.extension_requested_by),
            requestedAt: complaint.extension_requested_at,
            decidedBy: who(complaint.extension_decided_by),
            decidedAt: complaint.extension_decided_at,
            comment: complaint.extension_comment,
          }
        : null,
      taskForce: taskForce ? { leader: who(taskForce.leaderId)!, members: taskForce.memberIds.map((m) => who(m)!) } : null,
      managementNotifiedAt: complaint.management_notified_at,
      version: Number(complaint.version),
    },
    actions: await presentCapas(ctx.db, actions),
    signatures: signatures.map((s) => ({
      id: s.id,
      step: s.step,
      decision: s.decision,
      department: s.department_id ? { id: s.department_id, name: departments.get(s.department_id) ?? '' } : null,
      signer: who(s.signer_id)!,
      comment: s.comment,
      signedAt: s.signed_at,
      superseded: s.superseded_at !== null,
    })),
    step: { state, actor: ACTOR_OF_STATE[state] ?? '', dueAt: stepDeadline?.dueAt ?? null, metric: stepDeadline?.metric ?? null },
    closureBlockers: record.closedAt ? [] : blockers,
    sameProductOrBatch: same.map((s) => ({ id: s.id, number: s.number, title: s.title, state: s.state, createdAt: s.created_at })),
    confirmationLinks: links.map((l) => ({ id: l.id, round: Number(l.round), expiresAt: l.expires_at, usedAt: l.used_at, result: l.result, reason: l.reason, revoked: l.revoked_at !== null })),
  };
}
