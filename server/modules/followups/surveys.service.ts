/**
 * Questionnaires and satisfaction surveys (R-SAT-1, R-SAT-2).
 *
 *   Questionnaires: templates of scale / choice / text questions with weights (questionnaire.score.ts).
 *   Invitations: one survey for one customer, answered once through a signed link without an account
 *       (`<id>.<HMAC>`: the id is useless without the signature, the page shows only that customer's
 *       name and the questions) or recorded by an agent; the link expires after [14] days. Sent
 *       through the outbox (SMS or e-mail to the primary contact). A score at or below [40]/100
 *       opens a complaint. A survey task of a follow-up (complaint +3 months) is done when answered.
 *   Campaigns: the annual satisfaction survey — customers with ≥[3] transactions, invitations and a
 *       reminder through the outbox, response rate against [80] %, score out of 100; every item
 *       below [90] needs a cause and a corrective action, replied to the customers who rated it low.
 */
import { sql } from 'kysely';
import type {
  AnswerSurveyRequest,
  Campaign,
  CampaignStats,
  CreateCampaignRequest,
  CreateQuestionnaireRequest,
  Invitation,
  PublicSurvey,
  Questionnaire,
  UpdateQuestionnaireRequest,
} from '../../../contracts/followups.js';
import type { DB } from '../../db/database.js';
import type { AppConfig } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { type DueWorkItem, scheduleDueWork } from '../../platform/due-work.js';
import { AppError, BadRequestError, ConflictError, IllegalTransitionError, NotFoundError, VersionConflictError } from '../../platform/errors.js';
import { isId, newId } from '../../platform/ids.js';
import { enqueueMessage } from '../../platform/outbox.js';
import { assertCan, type SystemActor } from '../../platform/permissions.js';
import { sign, verifySignature } from '../../platform/tokens.js';
import { updateVersioned } from '../../platform/versioning.js';
import { openCase } from '../cases/cases.service.js';
import { onTaskCreated } from './followups.generate.js';
import { DAY_MS } from './followups.plan.js';
import * as repo from './followups.repository.js';
import { readFollowupSettings } from './followups.settings.js';
import { checkAnswers, questionScore, scoreAnswers } from './questionnaire.score.js';
import { presentQuestionnaire } from './surveys.presenter.js';

export const SURVEY_REMINDER_KIND = 'followup.survey_reminders';

// ---------------------------------------------------------------------------------------------
// Questionnaires

export async function listQuestionnaires(ctx: ServiceContext): Promise<{ items: Questionnaire[] }> {
  assertCan(ctx.actor, 'followup.read');
  return { items: (await repo.listQuestionnaires(ctx.db)).map(presentQuestionnaire) };
}

function checkQuestions(questions: CreateQuestionnaireRequest['questions']): void {
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    const fail = (field: string, message: string) => {
      throw new BadRequestError(message, [{ path: ['body', 'questions', i, field], message }]);
    };
    if (seen.has(q.key)) fail('key', 'duplicate question key');
    seen.add(q.key);
    if (q.kind === 'scale' && (q.min ?? 1) >= (q.max ?? 5)) fail('max', 'max must be above min');
    if (q.kind === 'choice' && !(q.options?.length)) fail('options', 'a choice question needs options');
  });
}

export async function createQuestionnaire(ctx: ServiceContext, input: CreateQuestionnaireRequest): Promise<Questionnaire> {
  assertCan(ctx.actor, 'followup.manage');
  checkQuestions(input.questions);
  return inTransaction(ctx, async (tx) => {
    if (await repo.findQuestionnaireByCode(tx.db, input.code)) throw new ConflictError('duplicate', `问卷编码已存在: ${input.code}`, { path: ['body', 'code'] });
    const now = tx.clock.now().toISOString();
    const id = newId();
    await repo.insertQuestionnaireIfMissing(tx.db, {
      id,
      code: input.code,
      name: input.name,
      intro: input.intro ?? null,
      script: input.script ?? null,
      questions: JSON.stringify(input.questions),
      created_at: now,
      updated_at: now,
    });
    await recordAudit(tx, { entity: 'questionnaire', entityId: id, action: 'create', after: input });
    return presentQuestionnaire((await repo.findQuestionnaire(tx.db, id)) as repo.QuestionnaireRow);
  });
}

export async function updateQuestionnaire(ctx: ServiceContext, id: string, input: UpdateQuestionnaireRequest): Promise<Questionnaire> {
  assertCan(ctx.actor, 'followup.manage');
  if (input.questions) checkQuestions(input.questions);
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findQuestionnaire(tx.db, id);
    if (!row) throw new NotFoundError('questionnaire', id);
    const before = presentQuestionnaire(row);
    const patch: Record<string, unknown> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.intro !== undefined) patch.intro = input.intro;
    if (input.script !== undefined) patch.script = input.script;
    if (input.questions !== undefined) patch.questions = JSON.stringify(input.questions);
    if (input.archived !== undefined) patch.archived = input.archived;
    await updateVersioned(tx, 'questionnaires', id, input.version, patch, 'questionnaire');
    const after = presentQuestionnaire((await repo.findQuestionnaire(tx.db, id)) as repo.QuestionnaireRow);
    await recordAudit(tx, { entity: 'questionnaire', entityId: id, action: 'update', before, after });
    return after;
  });
}

// ---------------------------------------------------------------------------------------------
// Signed links

export function surveyToken(secret: string, invitationId: string): string {
  return `${invitationId}.${sign(secret, `survey:${invitationId}`)}`;
}

/** The invitation id of a valid token, or null (a wrong signature tells nothing about the id). */
export function invitationIdOf(secret: string, token: string): string | null {
  const dot = token.indexOf('.');
  if (dot <= 0) return null;
  const id = token.slice(0, dot);
  if (!isId(id)) return null;
  return verifySignature(secret, `survey:${id}`, token.slice(dot + 1)) ? id : null;
}

export function surveyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}/survey/${token}`;
}

type InvitationRow = Awaited<ReturnType<typeof findInvitation>>;

function findInvitation(db: DB, id: string) {
  return db
    .selectFrom('survey_invitations as i')
    .innerJoin('customers as cu', 'cu.id', 'i.customer_id')
    .selectAll('i')
    .select('cu.name as customer_name')
    .where('i.id', '=', id)
    .executeTakeFirst();
}

function presentInvitation(row: NonNullable<InvitationRow>): Invitation {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    taskId: row.task_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    questionnaireId: row.questionnaire_id,
    recipient: row.recipient,
    expiresAt: row.expires_at,
    sentAt: row.sent_at,
    remindedAt: row.reminded_at,
    answeredAt: row.answered_at,
    answeredVia: row.answered_via,
    score: row.score === null ? null : Number(row.score),
    openedCaseId: row.opened_case_id,
  };
}

interface NewInvitation {
  customerId: string;
  questionnaireId: string;
  sourceKey: string;
  taskId?: string | null;
  campaignId?: string | null;
}

/** Where a survey goes: the primary contact's mobile (SMS) or e-mail. */
async function surveyAddress(db: DB, customerId: string, prefer: 'sms' | 'email') {
  const contact = await repo.primaryContact(db, customerId);
  if (!contact) return null;
  if (prefer === 'email' && contact.email) return { channel: 'email' as const, recipient: contact.email, name: contact.name };
  if (contact.phone) return { channel: 'sms' as const, recipient: contact.phone, name: contact.name };
  if (contact.email) return { channel: 'email' as const, recipient: contact.email, name: contact.name };
  return null;
}

function invitationText(name: string | null, link: string, days: number, reminder: boolean) {
  const greeting = `尊敬的${name ?? '客户'}：`;
  return {
    subject: reminder ? '【提醒】满意度调查' : '满意度调查邀请',
    body: reminder
      ? `${greeting}您还没有填写我们的满意度调查，您的意见对我们很重要。请点击填写：${link}（链接${days}天内有效）`
      : `${greeting}感谢您选择我们的产品和服务。请花一分钟时间评价我们的服务：${link}（链接${days}天内有效，仅限本人使用）`,
  };
}

/** Create an invitation (once per source) and queue its message; null when the source already has one. */
async function createInvitation(tx: ServiceContext, input: NewInvitation, prefer: 'sms' | 'email' = 'sms'): Promise<{ id: string; token: string } | null> {
  const settings = await readFollowupSettings(tx.db);
  const now = tx.clock.now();
  const nowIso = now.toISOString();
  const id = newId();
  const address = await surveyAddress(tx.db, input.customerId, prefer);
  const result = await tx.db
    .insertInto('survey_invitations')
    .values({
      id,
      campaign_id: input.campaignId ?? null,
      task_id: input.taskId ?? null,
      customer_id: input.customerId,
      questionnaire_id: input.questionnaireId,
      source_key: input.sourceKey,
      recipient: address?.recipient ?? null,
      expires_at: new Date(now.getTime() + settings.surveyLinkDays * DAY_MS).toISOString(),
      sent_at: address ? nowIso : null,
      reminded_at: null,
      answered_at: null,
      answered_via: null,
      answers: null,
      score: null,
      opened_case_id: null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .onConflict((oc) => oc.column('source_key').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return null;
  const token = surveyToken(tx.config.appSecret, id);
  if (address) {
    const text = invitationText(address.name, surveyLink(settings.publicBaseUrl, token), settings.surveyLinkDays, false);
    await enqueueMessage(tx, {
      channel: address.channel,
      recipient: address.recipient,
      subject: text.subject,
      body: text.body,
      templateKey: 'survey.invitation',
      related: { entity: 'survey_invitation', id },
      dedupeKey: `survey-invitation:${id}`,
    });
  }
  await recordAudit(tx, { entity: 'survey_invitation', entityId: id, action: 'create', after: { ...input, recipient: address?.recipient ?? null } });
  if (input.taskId) {
    // a survey task: one reminder after [5] days, and when the link expires unanswered the task ends as not reached
    await scheduleDueWork(tx, {
      kind: SURVEY_REMINDER_KIND,
      refId: id,
      dueAt: new Date(now.getTime() + settings.surveyReminderDays * DAY_MS).toISOString(),
      dedupeKey: `${SURVEY_REMINDER_KIND}:remind:${id}`,
      payload: { invitationId: id, step: 'remind' },
    });
    await scheduleDueWork(tx, {
      kind: SURVEY_REMINDER_KIND,
      refId: id,
      dueAt: new Date(now.getTime() + settings.surveyLinkDays * DAY_MS).toISOString(),
      dedupeKey: `${SURVEY_REMINDER_KIND}:expire:${id}`,
      payload: { invitationId: id, step: 'expire' },
    });
  }
  return { id, token };
}

/** The reminder of one invitation not answered yet (once). */
async function remindInvitation(tx: ServiceContext, invitationId: string): Promise<boolean> {
  const settings = await readFollowupSettings(tx.db);
  const now = tx.clock.now();
  const row = await findInvitation(tx.db, invitationId);
  if (!row || row.answered_at || row.reminded_at || Date.parse(row.expires_at) <= now.getTime()) return false;
  const address = await surveyAddress(tx.db, row.customer_id, row.recipient?.includes('@') ? 'email' : 'sms');
  if (!address) return false;
  const days = Math.max(1, Math.ceil((Date.parse(row.expires_at) - now.getTime()) / DAY_MS));
  const text = invitationText(address.name, surveyLink(settings.publicBaseUrl, surveyToken(tx.config.appSecret, row.id)), days, true);
  await enqueueMessage(tx, { channel: address.channel, recipient: address.recipient, subject: text.subject, body: text.body, templateKey: 'survey.reminder', related: { entity: 'survey_invitation', id: row.id }, dedupeKey: `survey-reminder:${row.id}` });
  await tx.db.updateTable('survey_invitations').set({ reminded_at: now.toISOString() }).where('id', '=', row.id).execute();
  await recordAudit(tx, { entity: 'survey_invitation', entityId: row.id, action: 'remind' });
  return true;
}

/** The link of a survey task expired unanswered: the task ends as not reached (it counts against the rate). */
async function expireInvitation(tx: ServiceContext, invitationId: string): Promise<void> {
  const row = await findInvitation(tx.db, invitationId);
  if (!row?.task_id || row.answered_at) return;
  const now = tx.clock.now().toISOString();
  const result = await tx.db
    .updateTable('followup_tasks')
    .set({ state: 'unreached', reached: false, state_reason: 'survey_expired', done_at: now, updated_at: now, version: sql`version + 1` })
    .where('id', '=', row.task_id)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) {
    await recordAudit(tx, { entity: 'followup_task', entityId: row.task_id, action: 'survey_expired', after: { invitationId } });
  }
}

/** A survey task (e.g. complaint +3 months) sends its link at once when its channel is SMS or e-mail. */
onTaskCreated(async (tx, row) => {
  if (row.purpose !== 'survey' || row.state !== 'pending' || !row.questionnaire_id) return;
  if (row.channel !== 'sms' && row.channel !== 'email') return;
  await createInvitation(
    tx,
    { customerId: String(row.customer_id), questionnaireId: String(row.questionnaire_id), taskId: String(row.id), sourceKey: `task:${row.id}` },
    row.channel,
  );
});

/** POST /followups/invitations: an agent sends a survey to a customer; the link is shown once. */
export async function inviteCustomer(ctx: ServiceContext, input: { customerId: string; questionnaireId: string; taskId?: string | null }): Promise<{ invitation: Invitation; link: string }> {
  assertCan(ctx.actor, 'followup.work');
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findQuestionnaire(tx.db, input.questionnaireId))) throw new BadRequestError('问卷不存在', [{ path: ['body', 'questionnaireId'], message: 'unknown questionnaire' }]);
    const customer = await tx.db.selectFrom('customers').select(['id', 'status']).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer || customer.status !== 'active') throw new BadRequestError('客户不存在', [{ path: ['body', 'customerId'], message: 'unknown customer' }]);
    if (input.taskId && !(await repo.findTask(tx.db, input.taskId))) throw new BadRequestError('回访不存在', [{ path: ['body', 'taskId'], message: 'unknown task' }]);
    const created = await createInvitation(tx, { ...input, sourceKey: `manual:${newId()}` });
    const settings = await readFollowupSettings(tx.db);
    const row = await findInvitation(tx.db, (created as { id: string }).id);
    return { invitation: presentInvitation(row as NonNullable<InvitationRow>), link: surveyLink(settings.publicBaseUrl, (created as { token: string }).token) };
  });
}

export async function listInvitations(ctx: ServiceContext, query: { campaignId?: string; customerId?: string; limit?: number }): Promise<{ items: Invitation[]; nextCursor: null }> {
  assertCan(ctx.actor, 'followup.read');
  let q = ctx.db.selectFrom('survey_invitations as i').innerJoin('customers as cu', 'cu.id', 'i.customer_id').selectAll('i').select('cu.name as customer_name');
  if (query.campaignId) q = q.where('i.campaign_id', '=', query.campaignId);
  if (query.customerId) q = q.where('i.customer_id', '=', query.customerId);
  const rows = await q.orderBy('i.created_at', 'desc').limit(Math.min(query.limit ?? 100, 500)).execute();
  return { items: rows.map(presentInvitation), nextCursor: null };
}

// ---------------------------------------------------------------------------------------------
// Answering (link or agent)

class GoneError extends AppError {
  constructor(message: string) {
    super(410, 'expired', message);
  }
}

/** The public survey page's context: no user, acts as the system (audit label "survey-link"). */
export function publicContext(deps: { db: DB; clock: Clock; config: AppConfig }, requestId: string | null): ServiceContext {
  const actor: SystemActor = { kind: 'system', id: null, displayName: 'survey-link', roles: ['admin'] };
  return { db: deps.db, clock: deps.clock, config: deps.config, actor, requestId };
}

async function invitationByToken(tx: ServiceContext, token: string) {
  const id = invitationIdOf(tx.config.appSecret, token);
  const row = id ? await findInvitation(tx.db, id) : undefined;
  // one answer for a wrong signature and an unknown id: nothing to learn by guessing
  if (!row) throw new NotFoundError('survey');
  return row;
}

export async function getPublicSurvey(ctx: ServiceContext, token: string): Promise<PublicSurvey> {
  const row = await invitationByToken(ctx, token);
  if (Date.parse(row.expires_at) <= ctx.clock.now().getTime() && !row.answered_at) throw new GoneError('调查链接已过期 (the survey link has expired)');
  const questionnaire = presentQuestionnaire((await repo.findQuestionnaire(ctx.db, row.questionnaire_id)) as repo.QuestionnaireRow);
  return {
    questionnaire: { name: questionnaire.name, intro: questionnaire.intro, questions: questionnaire.questions },
    customerName: row.customer_name,
    expiresAt: row.expires_at,
    answered: Boolean(row.answered_at),
  };
}

/**
 * Who owns a complaint the system opens from a survey answered by link: the customer's own agent,
 * else the first active supervisor (the customer must never see an error because nobody owns it),
 * else the case core's default intake owner.
 */
async function complaintOwner(tx: ServiceContext, customerId: string): Promise<string | undefined> {
  const owner = await tx.db
    .selectFrom('customers as cu')
    .innerJoin('users as u', 'u.id', 'cu.owner_user_id')
    .select('u.id')
    .where('cu.id', '=', customerId)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  if (owner) return owner.id;
  const lead = await tx.db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('r.role', '=', 'supervisor')
    .where('u.status', '=', 'active')
    .orderBy('u.created_at')
    .limit(1)
    .executeTakeFirst();
  return lead?.id;
}

async function answerInvitation(tx: ServiceContext, row: NonNullable<InvitationRow>, input: AnswerSurveyRequest, via: 'link' | 'agent'): Promise<number> {
  const questionnaire = presentQuestionnaire((await repo.findQuestionnaire(tx.db, row.questionnaire_id)) as repo.QuestionnaireRow);
  const issues = checkAnswers(questionnaire.questions, input.answers);
  if (issues.length) throw new BadRequestError('问卷答案无效 (invalid answers)', issues.map((i) => ({ path: ['body', 'answers', i.key], message: i.message })));
  const score = scoreAnswers(questionnaire.questions, input.answers) ?? 0;
  const now = tx.clock.now().toISOString();
  const answers = input.comment ? { ...input.answers, _comment: input.comment } : input.answers;
  const updated = await tx.db
    .updateTable('survey_invitations')
    .set({ answered_at: now, answered_via: via, answers: JSON.stringify(answers), score, updated_at: now, version: sql`version + 1` })
    .where('id', '=', row.id)
    .where('answered_at', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('already_answered', '该调查已提交，感谢您的参与 (this survey was already answered)');
  const settings = await readFollowupSettings(tx.db);
  let openedCaseId: string | null = null;
  if (score <= settings.surveyLowScore) {
    const opened = await openCase(tx, {
      type: 'complaint',
      channel: 'followup',
      customerId: row.customer_id,
      ownerId: tx.actor.kind === 'user' ? undefined : await complaintOwner(tx, row.customer_id),
      title: '满意度调查评分过低',
      description: `满意度调查得分 ${score}/100。${input.comment ? `客户意见：${input.comment}` : ''}`,
    });
    openedCaseId = opened.case.id;
    await tx.db.updateTable('survey_invitations').set({ opened_case_id: openedCaseId }).where('id', '=', row.id).execute();
  }
  if (row.task_id) {
    const task = await repo.findTask(tx.db, row.task_id);
    if (task && task.state === 'pending') {
      const fiveScale = Math.round(score / 20);
      await tx.db
        .updateTable('followup_tasks')
        .set({ state: 'done', reached: true, score: fiveScale, attempts: Number(task.attempts) + 1, done_at: now, opened_case_id: openedCaseId ?? task.opened_case_id, updated_at: now, version: sql`version + 1` })
        .where('id', '=', task.id)
        .execute();
      await repo.insertAttempt(tx.db, {
        id: newId(),
        task_id: task.id,
        attempt_no: Number(task.attempts) + 1,
        channel: task.channel,
        reached: true,
        answers: JSON.stringify(input.answers),
        questionnaire_score: score,
        score: fiveScale,
        problems: null,
        problem_resolved: null,
        suggestions: input.comment ?? null,
        note: via === 'link' ? '客户通过调查链接填写' : null,
        signer_name: null,
        signature: null,
        next_attempt_at: null,
        opened_case_id: openedCaseId,
        recorded_by: tx.actor.id,
        recorded_at: now,
      });
    }
  }
  await recordAudit(tx, { entity: 'survey_invitation', entityId: row.id, action: 'answer', after: { via, score, openedCaseId } });
  return score;
}

export async function answerPublicSurvey(ctx: ServiceContext, token: string, input: AnswerSurveyRequest): Promise<{ ok: true; score: number }> {
  return inTransaction(ctx, async (tx) => {
    const row = await invitationByToken(tx, token);
    if (row.answered_at) throw new ConflictError('already_answered', '该调查已提交，感谢您的参与 (this survey was already answered)');
    if (Date.parse(row.expires_at) <= tx.clock.now().getTime()) throw new GoneError('调查链接已过期 (the survey link has expired)');
    return { ok: true as const, score: await answerInvitation(tx, row, input, 'link') };
  });
}

/** An agent records the answers a customer gave on the phone. */
export async function recordInvitationAnswers(ctx: ServiceContext, id: string, input: AnswerSurveyRequest): Promise<Invitation> {
  assertCan(ctx.actor, 'followup.work');
  return inTransaction(ctx, async (tx) => {
    const row = await findInvitation(tx.db, id);
    if (!row) throw new NotFoundError('survey_invitation', id);
    await answerInvitation(tx, row, input, 'agent');
    return presentInvitation((await findInvitation(tx.db, id)) as NonNullable<InvitationRow>);
  });
}

// ---------------------------------------------------------------------------------------------
// The annual satisfaction campaign (R-SAT-2)

type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;
function findCampaign(db: DB, id: string) {
  return db.selectFrom('survey_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

function presentCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    year: Number(row.year),
    questionnaireId: row.questionnaire_id,
    minTransactions: Number(row.min_transactions),
    responseTargetPercent: Number(row.response_target_percent),
    satisfiedScore: Number(row.satisfied_score),
    state: row.state,
    startedAt: row.started_at,
    closesAt: row.closes_at,
    closedAt: row.closed_at,
    version: Number(row.version),
  };
}

export async function listCampaigns(ctx: ServiceContext): Promise<{ items: Campaign[] }> {
  assertCan(ctx.actor, 'followup.read');
  const rows = await ctx.db.selectFrom('survey_campaigns').selectAll().orderBy('year', 'desc').orderBy('created_at', 'desc').execute();
  return { items: rows.map(presentCampaign) };
}

export async function createCampaign(ctx: ServiceContext, input: CreateCampaignRequest): Promise<Campaign> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findQuestionnaire(tx.db, input.questionnaireId))) throw new BadRequestError('问卷不存在', [{ path: ['body', 'questionnaireId'], message: 'unknown questionnaire' }]);
    const settings = await readFollowupSettings(tx.db);
    const now = tx.clock.now().toISOString();
    const id = newId();
    await tx.db
      .insertInto('survey_campaigns')
      .values({
        id,
        name: input.name,
        year: input.year,
        questionnaire_id: input.questionnaireId,
        min_transactions: settings.campaignMinTransactions,
        response_target_percent: settings.responseTargetPercent,
        satisfied_score: settings.satisfiedScore,
        state: 'draft',
        started_at: null,
        closes_at: null,
        closed_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(tx, { entity: 'survey_campaign', entityId: id, action: 'create', after: input });
    return presentCampaign((await findCampaign(tx.db, id)) as CampaignRow);
  });
}

/** Start: invite every eligible customer (≥[3] transactions, active, not do-not-disturb) through the outbox. */
export async function startCampaign(ctx: ServiceContext, id: string, input: { version: number }): Promise<Campaign> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await findCampaign(tx.db, id);
    if (!row) throw new NotFoundError('survey_campaign', id);
    if (row.state !== 'draft') throw new IllegalTransitionError(row.state, 'start', row.state === 'running' ? ['close', 'remind'] : []);
    const settings = await readFollowupSettings(tx.db);
    const now = tx.clock.now();
    const closesAt = new Date(now.getTime() + settings.surveyLinkDays * DAY_MS).toISOString();
    await updateVersioned(tx, 'survey_campaigns', id, input.version, { state: 'running', started_at: now.toISOString(), closes_at: closesAt }, 'survey_campaign');
    const eligible = await tx.db
      .selectFrom('orders as o')
      .innerJoin('customers as cu', 'cu.id', 'o.customer_id')
      .select('o.customer_id')
      .where('o.status', '<>', 'cancelled')
      .where('cu.status', '=', 'active')
      .where('cu.do_not_disturb', '=', false)
      .groupBy('o.customer_id')
      .having(sql`count(*)`, '>=', Number(row.min_transactions))
      .execute();
    let invited = 0;
    for (const e of eligible) {
      const created = await createInvitation(tx, { customerId: e.customer_id, questionnaireId: row.questionnaire_id, campaignId: id, sourceKey: `campaign:${id}:${e.customer_id}` }, 'email');
      if (created) invited += 1;
    }
    await tx.db.updateTable('survey_invitations').set({ expires_at: closesAt }).where('campaign_id', '=', id).execute();
    await scheduleDueWork(tx, {
      kind: SURVEY_REMINDER_KIND,
      refId: id,
      dueAt: new Date(now.getTime() + settings.surveyReminderDays * DAY_MS).toISOString(),
      dedupeKey: `${SURVEY_REMINDER_KIND}:${id}`,
      payload: { campaignId: id },
    });
    await recordAudit(tx, { entity: 'survey_campaign', entityId: id, action: 'start', after: { invited, closesAt } });
    return presentCampaign((await findCampaign(tx.db, id)) as CampaignRow);
  });
}

/** One reminder to every invitation of a running campaign not answered yet (once each). */
async function remindCampaign(tx: ServiceContext, campaignId: string): Promise<number> {
  const settings = await readFollowupSettings(tx.db);
  const now = tx.clock.now();
  const pending = await tx.db
    .selectFrom('survey_invitations as i')
    .innerJoin('survey_campaigns as c', 'c.id', 'i.campaign_id')
    .select(['i.id', 'i.customer_id', 'i.expires_at'])
    .where('i.campaign_id', '=', campaignId)
    .where('c.state', '=', 'running')
    .where('i.answered_at', 'is', null)
    .where('i.reminded_at', 'is', null)
    .where('i.expires_at', '>', now.toISOString())
    .execute();
  for (const p of pending) {
    const address = await surveyAddress(tx.db, p.customer_id, 'email');
    if (!address) continue;
    const days = Math.max(1, Math.ceil((Date.parse(p.expires_at) - now.getTime()) / DAY_MS));
    const text = invitationText(address.name, surveyLink(settings.publicBaseUrl, surveyToken(tx.config.appSecret, p.id)), days, true);
    await enqueueMessage(tx, { channel: address.channel, recipient: address.recipient, subject: text.subject, body: text.body, templateKey: 'survey.reminder', related: { entity: 'survey_invitation', id: p.id }, dedupeKey: `survey-reminder:${p.id}` });
  }
  if (pending.length) {
    await tx.db.updateTable('survey_invitations').set({ reminded_at: now.toISOString() }).where('id', 'in', pending.map((p) => p.id)).execute();
    await recordAudit(tx, { entity: 'survey_campaign', entityId: campaignId, action: 'remind', after: { reminded: pending.length } });
  }
  return pending.length;
}

export async function sendReminders(ctx: ServiceContext, id: string): Promise<{ reminded: number }> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await findCampaign(tx.db, id);
    if (!row) throw new NotFoundError('survey_campaign', id);
    if (row.state !== 'running') throw new IllegalTransitionError(row.state, 'remind', row.state === 'draft' ? ['start'] : []);
    return { reminded: await remindCampaign(tx, id) };
  });
}

/** Due work `followup.survey_reminders`: a campaign's reminders, or one invitation's reminder / expiry. */
export async function surveyReminderDueWork(tx: ServiceContext, item: DueWorkItem): Promise<void> {
  const invitationId = item.payload?.invitationId;
  if (typeof invitationId === 'string') {
    if (item.payload?.step === 'expire') await expireInvitation(tx, invitationId);
    else await remindInvitation(tx, invitationId);
    return;
  }
  await remindCampaign(tx, String(item.payload?.campaignId ?? item.refId));
}

export async function closeCampaign(ctx: ServiceContext, id: string, input: { version: number }): Promise<Campaign> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await findCampaign(tx.db, id);
    if (!row) throw new NotFoundError('survey_campaign', id);
    if (row.state !== 'running') throw new IllegalTransitionError(row.state, 'close', row.state === 'draft' ? ['start'] : []);
    await updateVersioned(tx, 'survey_campaigns', id, input.version, { state: 'closed', closed_at: tx.clock.now().toISOString() }, 'survey_campaign');
    await recordAudit(tx, { entity: 'survey_campaign', entityId: id, action: 'close' });
    return presentCampaign((await findCampaign(tx.db, id)) as CampaignRow);
  });
}

/** Response rate, score out of 100, and every item with its mean, satisfied or not, and its action. */
export async function campaignStats(ctx: ServiceContext, id: string): Promise<CampaignStats> {
  assertCan(ctx.actor, 'followup.read');
  const row = await findCampaign(ctx.db, id);
  if (!row) throw new NotFoundError('survey_campaign', id);
  const questionnaire = presentQuestionnaire((await repo.findQuestionnaire(ctx.db, row.questionnaire_id)) as repo.QuestionnaireRow);
  const invitations = await ctx.db.selectFrom('survey_invitations').select(['answers', 'score', 'answered_at']).where('campaign_id', '=', id).execute();
  const answered = invitations.filter((i) => i.answered_at);
  const actions = await ctx.db.selectFrom('survey_item_actions').selectAll().where('campaign_id', '=', id).execute();
  const satisfied = Number(row.satisfied_score);
  const items = questionnaire.questions
    .filter((q) => q.kind !== 'text')
    .map((q) => {
      const scores = answered.map((a) => questionScore(q, JSON.parse(a.answers ?? '{}')[q.key])).filter((s): s is number => s !== null);
      const mean = scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null;
      const action = actions.find((a) => a.question_key === q.key);
      return {
        key: q.key,
        text: q.text,
        averageScore: mean,
        satisfied: mean === null ? null : mean >= satisfied,
        cause: action?.cause ?? null,
        correctiveAction: action?.corrective_action ?? null,
        reply: action?.reply ?? null,
        repliedAt: action?.replied_at ?? null,
        version: action ? Number(action.version) : null,
      };
    });
  const scores = answered.map((a) => Number(a.score)).filter((s) => Number.isFinite(s));
  return {
    campaign: presentCampaign(row),
    eligible: invitations.length,
    invited: invitations.length,
    answered: answered.length,
    responseRatePercent: invitations.length ? Math.round((answered.length / invitations.length) * 1000) / 10 : 0,
    responseTargetPercent: Number(row.response_target_percent),
    averageScore: scores.length ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 10) / 10 : null,
    items,
  };
}

/**
 * The cause and corrective action of an unsatisfied item (R-SAT-2); with a reply, it is sent to
 * every customer who rated that item below the satisfied score.
 */
export async function setItemAction(
  ctx: ServiceContext,
  campaignId: string,
  key: string,
  input: { cause: string; correctiveAction: string; reply?: string | null; version: number },
): Promise<CampaignStats> {
  assertCan(ctx.actor, 'followup.manage');
  await inTransaction(ctx, async (tx) => {
    const row = await findCampaign(tx.db, campaignId);
    if (!row) throw new NotFoundError('survey_campaign', campaignId);
    const questionnaire = presentQuestionnaire((await repo.findQuestionnaire(tx.db, row.questionnaire_id)) as repo.QuestionnaireRow);
    const question = questionnaire.questions.find((q) => q.key === key && q.kind !== 'text');
    if (!question) throw new NotFoundError('survey_item', key);
    const now = tx.clock.now().toISOString();
    const existing = await tx.db.selectFrom('survey_item_actions').selectAll().where('campaign_id', '=', campaignId).where('question_key', '=', key).executeTakeFirst();
    const values = { cause: input.cause, corrective_action: input.correctiveAction, reply: input.reply ?? null, replied_at: input.reply ? now : (existing?.replied_at ?? null) };
    if (!existing) {
      if (input.version !== 0) throw new VersionConflictError('survey_item_action', key, 0);
      await tx.db.insertInto('survey_item_actions').values({ id: newId(), campaign_id: campaignId, question_key: key, ...values, created_at: now, updated_at: now }).execute();
    } else {
      await updateVersioned(tx, 'survey_item_actions', existing.id, input.version, values, 'survey_item_action');
    }
    if (input.reply) {
      const answered = await tx.db.selectFrom('survey_invitations').select(['id', 'customer_id', 'answers']).where('campaign_id', '=', campaignId).where('answered_at', 'is not', null).execute();
      for (const a of answered) {
        const s = questionScore(question, JSON.parse(a.answers ?? '{}')[key]);
        if (s === null || s >= Number(row.satisfied_score)) continue;
        const address = await surveyAddress(tx.db, a.customer_id, 'email');
        if (!address) continue;
        await enqueueMessage(tx, {
          channel: address.channel,
          recipient: address.recipient,
          subject: `关于您对"${question.text}"的评价的回复`,
          body: `尊敬的${address.name ?? '客户'}：感谢您参与满意度调查。针对"${question.text}"，我们的改进措施如下：${input.reply}`,
          templateKey: 'survey.item_reply',
          related: { entity: 'survey_invitation', id: a.id },
          dedupeKey: `survey-item-reply:${a.id}:${key}:${now}`,
        });
      }
    }
    await recordAudit(tx, { entity: 'survey_item_action', entityId: `${campaignId}:${key}`, action: existing ? 'update' : 'create', before: existing ?? undefined, after: values });
  });
  return campaignStats(ctx, campaignId);
}
