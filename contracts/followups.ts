import { z } from 'zod';
import { isoDate, isoDateTime, pageOf, requiredText, trimmed, versionField } from './common.js';

/** Follow-up visits (回访) and satisfaction surveys (R-FUP-1..9, R-SAT-1..3). */

export const followupChannel = z.enum(['phone', 'sms', 'email', 'im', 'letter', 'on_site']);
export type FollowupChannel = z.infer<typeof followupChannel>;
export const followupTrigger = z.enum([
  'case_closed',
  'complaint_closure',
  'first_purchase',
  'customer_cadence',
  'unit_cadence',
  'account_cadence',
  'maintenance_done',
  'project_milestone',
]);
export type FollowupTrigger = z.infer<typeof followupTrigger>;
export const followupAssignee = z.enum(['agent', 'supervisor', 'manager', 'by_severity']);
export const timeUnit = z.enum(['hours', 'days', 'months']);
export const taskState = z.enum(['pending', 'done', 'unreached', 'merged', 'skipped', 'cancelled']);
export type FollowupTaskState = z.infer<typeof taskState>;
export const taskPurpose = z.enum(['follow_up', 'survey']);

const hm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
export const callWindow = z.object({ start: hm, end: hm });

// ── settings (the bracketed defaults of R-FUP / R-SAT, admin-editable) ──────────────────────────
const percent = z.number().int().min(0).max(100);
export const followupSettingsValue = z.object({
  /** R-FUP-4 call windows [10:00–11:30, 15:30–17:00] */
  callWindows: z.array(callWindow).min(1).max(6),
  /** R-FUP-4 one contact per customer per [7] days */
  minContactGapDays: z.number().int().min(0).max(365),
  /** customers who asked for reduced frequency: at most one contact per [30] days */
  reducedContactGapDays: z.number().int().min(0).max(365),
  /** R-FUP-3 who calls by complaint severity */
  severityRoles: z.object({ general: z.string().min(1), important: z.string().min(1), major: z.string().min(1) }),
  /** R-FUP-6 retry schedule of a call not reached */
  maxAttempts: z.number().int().min(1).max(20),
  retryAfterHours: z.number().min(0.25).max(24 * 30),
  /** an overall score (0–5) at or below this opens a complaint */
  lowScoreThreshold: z.number().int().min(0).max(5),
  /** the meaning of each overall score 0..5 */
  scoreMeanings: z.array(trimmed(40)).length(6),
  /** R-FUP-7 an unresolved problem is followed up again after [7] days */
  unresolvedFollowupDays: z.number().int().min(1).max(365),
  /** survey links stay valid [14] days; reminder after [5] days */
  surveyLinkDays: z.number().int().min(1).max(365),
  surveyReminderDays: z.number().int().min(1).max(365),
  /** a survey score (of 100) at or below this opens a complaint */
  surveyLowScore: percent,
  /** R-SAT-2 */
  campaignMinTransactions: z.number().int().min(1).max(1000),
  responseTargetPercent: percent,
  satisfiedScore: percent,
  /** R-FUP-8 overall follow-up rate target */
  overallTargetPercent: percent,
  /** R-SAT-3 bands */
  commendationPercent: percent,
  warningPercent: percent,
  failingPercent: percent,
  /** the generator runs every [60] minutes and catches up at most [7] days */
  generateEveryMinutes: z.number().int().min(5).max(24 * 60),
  catchUpDays: z.number().int().min(1).max(60),
  /** where customers open survey links, e.g. https://service.example.com (empty: a relative link) */
  publicBaseUrl: z.union([z.literal(''), z.url().max(200)]),
});
export type FollowupSettingsValue = z.infer<typeof followupSettingsValue>;
export const followupSettings = followupSettingsValue.extend({ version: z.number().int(), updatedAt: z.string().nullable() });
export type FollowupSettings = z.infer<typeof followupSettings>;
export const updateFollowupSettingsRequest = followupSettingsValue.partial().extend({ version: versionField });
export type UpdateFollowupSettingsRequest = z.infer<typeof updateFollowupSettingsRequest>;

// ── rules (R-FUP-1, R-FUP-2) ─────────────────────────────────────────────────────────────────────
export const cadenceStep = z.object({
  everyMonths: z.number().int().min(1).max(120),
  fromMonths: z.number().int().min(0).max(240),
  untilMonths: z.number().int().min(0).max(240).nullable(),
});
export const ruleConditions = z
  .object({
    /** case_closed: which case types */
    caseTypes: z.array(z.string().min(1).max(40)).max(20).optional(),
    /** case_closed on repairs: only paid or only warranty repairs */
    repairKind: z.enum(['paid', 'warranty', 'any']).optional(),
    /** complaint_closure: the contract's purpose */
    purpose: taskPurpose.optional(),
    /** customer classes A–D (empty: all) */
    customerClasses: z.array(z.enum(['A', 'B', 'C', 'D'])).max(4).optional(),
    /** unit_cadence / customer_cadence */
    cadence: z.array(cadenceStep).max(10).optional(),
    /** unit_cadence: only units still in warranty on the day */
    inWarrantyOnly: z.boolean().optional(),
    /** account_cadence */
    accountKind: z.enum(['key', 'very_large', 'vip']).optional(),
    perYear: z.number().int().min(1).max(12).optional(),
  })
  .strict();
export type RuleConditions = z.infer<typeof ruleConditions>;

const ruleFields = {
  name: requiredText(100),
  trigger: followupTrigger,
  conditions: ruleConditions,
  delayAmount: z.number().int().min(0).max(10_000),
  delayUnit: timeUnit,
  windowAmount: z.number().int().min(1).max(10_000),
  windowUnit: timeUnit,
  channel: followupChannel,
  assignee: followupAssignee,
  samplingPercent: percent,
  targetPercent: percent,
  questionnaireId: z.uuid().nullable(),
  priority: z.number().int().min(0).max(9),
  caseDemanded: z.boolean(),
  restricted: z.boolean(),
  enabled: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
};
export const followupRule = z.object({
  id: z.uuid(),
  code: z.string(),
  ...ruleFields,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FollowupRule = z.infer<typeof followupRule>;
export const createRuleRequest = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits, "_"'),
  ...ruleFields,
  samplingPercent: percent.default(100),
  targetPercent: percent.default(80),
  questionnaireId: z.uuid().nullable().default(null),
  priority: z.number().int().min(0).max(9).default(0),
  caseDemanded: z.boolean().default(false),
  restricted: z.boolean().default(false),
  enabled: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(10_000).default(100),
});
export type CreateRuleRequest = z.infer<typeof createRuleRequest>;
export const updateRuleRequest = z.object(ruleFields).partial().extend({ version: versionField });
export type UpdateRuleRequest = z.infer<typeof updateRuleRequest>;
export const ruleList = z.object({ items: z.array(followupRule) });

// ── generation ───────────────────────────────────────────────────────────────────────────────────
export const generateRequest = z.object({
  /** generate as of this local day (default today) */
  asOf: isoDate.optional(),
});
export const generationResult = z.object({
  from: z.string(),
  to: z.string(),
  candidates: z.number().int(),
  created: z.number().int(),
  merged: z.number().int(),
  skipped: z.number().int(),
  postponed: z.number().int(),
  sampledOut: z.number().int(),
  ms: z.number(),
});
export type GenerationResult = z.infer<typeof generationResult>;

// ── tasks and the call queue (R-FUP-5, R-FUP-6) ─────────────────────────────────────────────────
export const followupTask = z.object({
  id: z.uuid(),
  ruleId: z.uuid().nullable(),
  ruleCode: z.string().nullable(),
  ruleName: z.string().nullable(),
  purpose: taskPurpose,
  state: taskState,
  stateReason: z.string().nullable(),
  customer: z.object({ id: z.uuid(), code: z.string(), name: z.string(), phone: z.string().nullable(), class: z.string() }),
  caseId: z.uuid().nullable(),
  caseNumber: z.string().nullable(),
  unitId: z.uuid().nullable(),
  serialNumber: z.string().nullable(),
  round: z.number().int(),
  anchorAt: z.string(),
  plannedAt: z.string(),
  dueBy: z.string(),
  dueAt: z.string(),
  channel: followupChannel,
  assigneeRole: z.string(),
  assigneeId: z.uuid().nullable(),
  priority: z.number().int(),
  questionnaireId: z.uuid().nullable(),
  restricted: z.boolean(),
  caseDemanded: z.boolean(),
  mergedIntoId: z.uuid().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  reached: z.boolean().nullable(),
  score: z.number().int().nullable(),
  openedCaseId: z.uuid().nullable(),
  doneAt: z.string().nullable(),
  version: z.number().int(),
});
export type FollowupTask = z.infer<typeof followupTask>;
export const followupTaskPage = pageOf(followupTask);

export const taskListQuery = z.object({
  state: taskState.optional(),
  ruleId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  caseId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const queueQuery = z.object({
  /** the local day of the queue (default today) */
  date: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const callQueue = z.object({ date: z.string(), items: z.array(followupTask) });

export const question = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  text: requiredText(300),
  kind: z.enum(['scale', 'choice', 'text']),
  min: z.number().int().min(0).max(10).optional(),
  max: z.number().int().min(1).max(10).optional(),
  options: z.array(z.object({ value: z.string().min(1).max(40), label: requiredText(100), score: z.number().min(0).max(100).optional() })).max(20).optional(),
  weight: z.number().min(0).max(100).optional(),
  required: z.boolean().optional(),
});
export type Question = z.infer<typeof question>;
export const questionnaire = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  intro: z.string().nullable(),
  script: z.string().nullable(),
  questions: z.array(question),
  archived: z.boolean(),
  version: z.number().int(),
});
export type Questionnaire = z.infer<typeof questionnaire>;
export const questionnaireList = z.object({ items: z.array(questionnaire) });
export const createQuestionnaireRequest = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: requiredText(100),
  intro: trimmed(2000).nullable().optional(),
  script: trimmed(8000).nullable().optional(),
  questions: z.array(question).min(1).max(50),
});
export type CreateQuestionnaireRequest = z.infer<typeof createQuestionnaireRequest>;
export const updateQuestionnaireRequest = createQuestionnaireRequest.omit({ code: true }).partial().extend({
  archived: z.boolean().optional(),
  version: versionField,
});
export type UpdateQuestionnaireRequest = z.infer<typeof updateQuestionnaireRequest>;

export const answerValue = z.union([z.number(), z.string().max(2000)]);
export const answers = z.record(z.string().max(40), answerValue);
export type Answers = z.infer<typeof answers>;

export const attempt = z.object({
  id: z.uuid(),
  attemptNo: z.number().int(),
  channel: followupChannel,
  /** "电话回访" for phone visits */
  channelLabel: z.string(),
  reached: z.boolean(),
  answers: answers.nullable(),
  questionnaireScore: z.number().int().nullable(),
  score: z.number().int().nullable(),
  scoreMeaning: z.string().nullable(),
  problems: z.string().nullable(),
  problemResolved: z.boolean().nullable(),
  suggestions: z.string().nullable(),
  note: z.string().nullable(),
  signerName: z.string().nullable(),
  hasSignature: z.boolean(),
  nextAttemptAt: z.string().nullable(),
  openedCaseId: z.uuid().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
});
export type Attempt = z.infer<typeof attempt>;

export const taskDetail = z.object({
  task: followupTask,
  /** tasks merged into this call */
  merged: z.array(followupTask),
  attempts: z.array(attempt),
  questionnaire: questionnaire.nullable(),
  /** the customer's history: earlier follow-ups and recent cases */
  history: z.object({
    followups: z.array(z.object({ id: z.uuid(), ruleName: z.string().nullable(), state: taskState, doneAt: z.string().nullable(), score: z.number().int().nullable() })),
    cases: z.array(z.object({ id: z.uuid(), number: z.string(), type: z.string(), state: z.string(), title: z.string(), createdAt: z.string() })),
  }),
  scoreMeanings: z.array(z.string()),
});
export type TaskDetail = z.infer<typeof taskDetail>;

export const recordAttemptRequest = z.object({
  version: versionField,
  reached: z.boolean(),
  channel: followupChannel.optional(),
  answers: answers.optional(),
  /** overall score 0–5 */
  score: z.number().int().min(0).max(5).nullable().optional(),
  problems: trimmed(4000).nullable().optional(),
  /** false: the problem is open — the next follow-up is scheduled (R-FUP-7) */
  problemResolved: z.boolean().nullable().optional(),
  suggestions: trimmed(4000).nullable().optional(),
  note: trimmed(4000).nullable().optional(),
  /** on-site visits: the customer's signature (data URL of the drawing) and name */
  signerName: trimmed(100).nullable().optional(),
  signature: z.string().max(500_000).regex(/^data:image\/(png|jpeg|svg\+xml);base64,/, 'a data:image/… URL').nullable().optional(),
  /** not reached: when to try again (default: the next call slot after the retry delay) */
  nextAttemptAt: isoDateTime.nullable().optional(),
  /** a problem found opens a case linked to the follow-up (R-FUP-7) */
  openCase: z
    .object({
      type: z.enum(['complaint', 'repair']),
      title: requiredText(200),
      description: trimmed(8000).nullable().optional(),
      severity: z.enum(['general', 'important', 'major']).optional(),
    })
    .optional(),
});
export type RecordAttemptRequest = z.infer<typeof recordAttemptRequest>;

export const assignTaskRequest = z.object({ version: versionField, assigneeId: z.uuid().nullable() });
export const cancelTaskRequest = z.object({ version: versionField, reason: requiredText(500) });

// ── surveys (R-SAT-1, R-SAT-2) ───────────────────────────────────────────────────────────────────
export const publicSurvey = z.object({
  questionnaire: z.object({ name: z.string(), intro: z.string().nullable(), questions: z.array(question) }),
  customerName: z.string(),
  expiresAt: z.string(),
  answered: z.boolean(),
});
export type PublicSurvey = z.infer<typeof publicSurvey>;
export const surveyTokenParam = z.object({ token: z.string().min(10).max(300) });
export const answerSurveyRequest = z.object({ answers, comment: trimmed(2000).nullable().optional() });
export type AnswerSurveyRequest = z.infer<typeof answerSurveyRequest>;
export const surveyAnswered = z.object({ ok: z.literal(true), score: z.number().int() });

export const invitation = z.object({
  id: z.uuid(),
  campaignId: z.uuid().nullable(),
  taskId: z.uuid().nullable(),
  customerId: z.uuid(),
  customerName: z.string(),
  questionnaireId: z.uuid(),
  recipient: z.string().nullable(),
  expiresAt: z.string(),
  sentAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answeredVia: z.enum(['link', 'agent']).nullable(),
  score: z.number().int().nullable(),
  openedCaseId: z.uuid().nullable(),
});
export type Invitation = z.infer<typeof invitation>;
export const invitationPage = pageOf(invitation);
export const createInvitationRequest = z.object({
  customerId: z.uuid(),
  questionnaireId: z.uuid(),
  taskId: z.uuid().nullable().optional(),
});
/** the link is only returned once, to the one who created it */
export const createdInvitation = z.object({ invitation, link: z.string() });

export const campaign = z.object({
  id: z.uuid(),
  name: z.string(),
  year: z.number().int(),
  questionnaireId: z.uuid(),
  minTransactions: z.number().int(),
  responseTargetPercent: z.number().int(),
  satisfiedScore: z.number().int(),
  state: z.enum(['draft', 'running', 'closed']),
  startedAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
});
export type Campaign = z.infer<typeof campaign>;
export const campaignList = z.object({ items: z.array(campaign) });
export const createCampaignRequest = z.object({
  name: requiredText(100),
  year: z.number().int().min(2000).max(2100),
  questionnaireId: z.uuid(),
});
export type CreateCampaignRequest = z.infer<typeof createCampaignRequest>;
export const startCampaignRequest = z.object({ version: versionField });
export const campaignStats = z.object({
  campaign,
  eligible: z.number().int(),
  invited: z.number().int(),
  answered: z.number().int(),
  responseRatePercent: z.number(),
  responseTargetPercent: z.number().int(),
  averageScore: z.number().nullable(),
  items: z.array(
    z.object({
      key: z.string(),
      text: z.string(),
      averageScore: z.number().nullable(),
      satisfied: z.boolean().nullable(),
      cause: z.string().nullable(),
      correctiveAction: z.string().nullable(),
      reply: z.string().nullable(),
      repliedAt: z.string().nullable(),
      version: z.number().int().nullable(),
    }),
  ),
});
export type CampaignStats = z.infer<typeof campaignStats>;
export const itemActionRequest = z.object({
  cause: requiredText(4000),
  correctiveAction: requiredText(4000),
  reply: trimmed(4000).nullable().optional(),
  version: z.number().int().min(0),
});
export const campaignItemParam = z.object({ id: z.uuid(), key: z.string().max(40) });

// ── rates and reports (R-FUP-8, R-SAT-3) ────────────────────────────────────────────────────────
export const ratesQuery = z.object({ from: isoDate, to: isoDate });
export const rateRow = z.object({
  due: z.number().int(),
  done: z.number().int(),
  reached: z.number().int(),
  ratePercent: z.number().nullable(),
  targetPercent: z.number().int(),
  metTarget: z.boolean().nullable(),
});
export const followupRates = z.object({
  from: z.string(),
  to: z.string(),
  overall: rateRow,
  rules: z.array(rateRow.extend({ ruleId: z.uuid(), code: z.string(), name: z.string() })),
  agents: z.array(
    z.object({
      userId: z.uuid(),
      name: z.string(),
      done: z.number().int(),
      reached: z.number().int(),
      scored: z.number().int(),
      satisfiedPercent: z.number().nullable(),
      band: z.enum(['commendation', 'normal', 'warning', 'failing']).nullable(),
    }),
  ),
  reviews: z.array(z.object({ id: z.uuid(), agentId: z.uuid().nullable(), comment: z.string(), reviewedBy: z.string(), reviewedAt: z.string() })),
});
export type FollowupRates = z.infer<typeof followupRates>;
export const reviewRequest = z.object({
  agentId: z.uuid().nullable(),
  from: isoDate,
  to: isoDate,
  comment: requiredText(4000),
});
