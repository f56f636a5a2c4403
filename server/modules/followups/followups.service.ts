/**
 * Follow-up visits (回访, R-FUP-1..9): rules, tasks, the call queue, recording a call.
 *
 * ── Commands (each one transaction with its audit rows) ──────────────────────────────────────────
 *   createRule / updateRule (followup.manage)   editing a rule never touches generated tasks: their
 *       source keys stay, so re-generation neither duplicates nor loses them
 *   recordAttempt(ctx, taskId, …) (followup.work)  one row of the 回访记录表: reached or not (retry:
 *       next slot after [2] h, at most [3] attempts), channel (on-site needs the signature), answers
 *       (checked against the questionnaire, 400 outside the scale), overall score 0–5 with its
 *       meaning, problems → a complaint/repair case linked to the task (R-FUP-7); a score at or
 *       below [1] opens a complaint; an unresolved problem schedules the next round
 *   assignTask / cancelTask (followup.manage)
 * ── Queries ──────────────────────────────────────────────────────────────────────────────────────
 *   callQueue(ctx, {date})  today's calls of the user (his own, or unassigned for his roles), by
 *       due time then priority; listTasks(ctx, filters); getTask(ctx, id) with the customer's
 *       history, the script and questionnaire. Restricted records (R-FUP-9) need
 *       followup.readRestricted and every view of one is audited.
 * Generation: followups.generate.ts. Surveys: surveys.service.ts. Rates: followups.reports.ts.
 */
import type {
  Attempt,
  CreateRuleRequest,
  FollowupRule,
  FollowupTask,
  RecordAttemptRequest,
  TaskDetail,
  TaskListQuery,
  UpdateRuleRequest,
} from '../../../contracts/followups.js';
import { sql } from 'kysely';
import type { Page } from '../../platform/pagination.js';
import { recordAudit, changedFields } from '../../platform/audit.js';
import { addDays, localDateOf, wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { BadRequestError, ConflictError, ForbiddenError, IllegalTransitionError, NotFoundError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type Actor, assertCan, can } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { loadCompanyCalendar } from '../calendar/calendar.service.js';
import { openCase, recordCaseEvent } from '../cases/cases.service.js';
import { readNotificationSettings } from '../notifications/notifications.service.js';
import { scheduleNextRound } from './followups.generate.js';
import { callCalendar, HOUR_MS, nextCallSlot } from './followups.plan.js';
import * as repo from './followups.repository.js';
import { readFollowupSettings } from './followups.settings.js';
import { checkAnswers, scoreAnswers } from './questionnaire.score.js';
import { presentQuestionnaire } from './surveys.presenter.js';

// ---------------------------------------------------------------------------------------------
// Presentation

const bool = (v: unknown) => v === true || v === 1;

export function presentRule(row: repo.RuleRow): FollowupRule {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    trigger: row.trigger_kind,
    conditions: JSON.parse(row.conditions || '{}'),
    delayAmount: Number(row.delay_amount),
    delayUnit: row.delay_unit,
    windowAmount: Number(row.window_amount),
    windowUnit: row.window_unit,
    channel: row.channel,
    assignee: row.assignee,
    samplingPercent: Number(row.sampling_percent),
    targetPercent: Number(row.target_percent),
    questionnaireId: row.questionnaire_id,
    priority: Number(row.priority),
    caseDemanded: bool(row.case_demanded),
    restricted: bool(row.restricted),
    enabled: bool(row.enabled),
    sortOrder: Number(row.sort_order),
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentTask(row: repo.TaskViewRow): FollowupTask {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleCode: row.rule_code ?? null,
    ruleName: row.rule_name ?? null,
    purpose: row.purpose as FollowupTask['purpose'],
    state: row.state,
    stateReason: row.state_reason,
    customer: { id: row.customer_id, code: row.customer_code, name: row.customer_name, phone: row.customer_phone ?? null, class: String(row.customer_class) },
    caseId: row.case_id,
    caseNumber: row.case_number ?? null,
    unitId: row.unit_id,
    serialNumber: row.serial_number ?? null,
    round: Number(row.round),
    anchorAt: row.anchor_at,
    plannedAt: row.planned_at,
    dueBy: row.due_by,
    dueAt: row.due_at,
    channel: row.channel,
    assigneeRole: row.assignee_role,
    assigneeId: row.assignee_id,
    priority: Number(row.priority),
    questionnaireId: row.questionnaire_id,
    restricted: bool(row.restricted),
    caseDemanded: bool(row.case_demanded),
    mergedIntoId: row.merged_into_id,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    reached: row.reached === null ? null : bool(row.reached),
    score: row.score === null ? null : Number(row.score),
    openedCaseId: row.opened_case_id,
    doneAt: row.done_at,
    version: Number(row.version),
  };
}

export const CHANNEL_LABELS: Record<string, string> = {
  phone: '电话回访',
  sms: '短信回访',
  email: '邮件回访',
  im: '即时通讯回访',
  letter: '信函回访',
  on_site: '上门回访',
};

function presentAttempt(row: repo.AttemptRow & { recorded_by_name?: string | null }, meanings: readonly string[]): Attempt {
  const score = row.score === null ? null : Number(row.score);
  return {
    id: row.id,
    attemptNo: Number(row.attempt_no),
    channel: row.channel,
    channelLabel: CHANNEL_LABELS[row.channel] ?? row.channel,
    reached: bool(row.reached),
    answers: row.answers ? JSON.parse(row.answers) : null,
    questionnaireScore: row.questionnaire_score === null ? null : Number(row.questionnaire_score),
    score,
    scoreMeaning: score === null ? null : (meanings[score] ?? null),
    problems: row.problems,
    problemResolved: row.problem_resolved === null ? null : bool(row.problem_resolved),
    suggestions: row.suggestions,
    note: row.note,
    signerName: row.signer_name,
    hasSignature: Boolean(row.signature),
    nextAttemptAt: row.next_attempt_at,
    openedCaseId: row.opened_case_id,
    recordedBy: row.recorded_by_name ?? row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Rules (R-FUP-1)

export async function listRules(ctx: ServiceContext): Promise<{ items: FollowupRule[] }> {
  assertCan(ctx.actor, 'followup.read');
  return { items: (await repo.listRules(ctx.db)).map(presentRule) };
}

/** Conditions a trigger cannot work without: 400 with the field path. */
function checkRuleShape(rule: Pick<CreateRuleRequest, 'trigger' | 'conditions'>): void {
  const c = rule.conditions;
  const missing = (field: string, message: string) => {
    throw new BadRequestError(message, [{ path: ['body', 'conditions', field], message }]);
  };
  if ((rule.trigger === 'unit_cadence' || rule.trigger === 'customer_cadence') && !(c.cadence?.length)) missing('cadence', '周期规则需要回访周期 (a cadence is required)');
  if (rule.trigger === 'account_cadence' && !c.accountKind) missing('accountKind', '请选择客户类别 (account kind is required)');
  if (rule.trigger === 'case_closed' && !(c.caseTypes?.length)) missing('caseTypes', '请选择工单类型 (case types are required)');
}

async function checkQuestionnaire(tx: ServiceContext, id: string | null | undefined): Promise<void> {
  if (!id) return;
  if (!(await repo.findQuestionnaire(tx.db, id))) {
    throw new BadRequestError('问卷不存在 (unknown questionnaire)', [{ path: ['body', 'questionnaireId'], message: 'unknown questionnaire' }]);
  }
}

export async function createRule(ctx: ServiceContext, input: CreateRuleRequest): Promise<FollowupRule> {
  assertCan(ctx.actor, 'followup.manage');
  checkRuleShape(input);
  return inTransaction(ctx, async (tx) => {
    await checkQuestionnaire(tx, input.questionnaireId);
    if (await repo.findRuleByCode(tx.db, input.code)) throw new ConflictError('duplicate', `规则编码已存在: ${input.code}`, { path: ['body', 'code'] });
    const now = tx.clock.now().toISOString();
    const id = newId();
    await repo.insertRuleIfMissing(tx.db, {
      id,
      code: input.code,
      name: input.name,
      trigger_kind: input.trigger,
      conditions: JSON.stringify(input.conditions),
      delay_amount: input.delayAmount,
      delay_unit: input.delayUnit,
      window_amount: input.windowAmount,
      window_unit: input.windowUnit,
      channel: input.channel,
      assignee: input.assignee,
      sampling_percent: input.samplingPercent,
      target_percent: input.targetPercent,
      questionnaire_id: input.questionnaireId,
      priority: input.priority,
      case_demanded: input.caseDemanded,
      restricted: input.restricted,
      enabled: input.enabled,
      sort_order: input.sortOrder,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(tx, { entity: 'followup_rule', entityId: id, action: 'create', after: input });
    return presentRule((await repo.findRule(tx.db, id)) as repo.RuleRow);
  });
}

export async function updateRule(ctx: ServiceContext, id: string, input: UpdateRuleRequest): Promise<FollowupRule> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await repo.findRule(tx.db, id);
    if (!row) throw new NotFoundError('followup_rule', id);
    const before = presentRule(row);
    const { version, ...changes } = input;
    const after = { ...before, ...changes };
    checkRuleShape(after);
    if (changes.questionnaireId !== undefined) await checkQuestionnaire(tx, changes.questionnaireId);
    const columns: Record<string, unknown> = {};
    const map: Record<string, string> = {
      name: 'name', trigger: 'trigger_kind', delayAmount: 'delay_amount', delayUnit: 'delay_unit', windowAmount: 'window_amount',
      windowUnit: 'window_unit', channel: 'channel', assignee: 'assignee', samplingPercent: 'sampling_percent', targetPercent: 'target_percent',
      questionnaireId: 'questionnaire_id', priority: 'priority', caseDemanded: 'case_demanded', restricted: 'restricted', enabled: 'enabled', sortOrder: 'sort_order',
    };
    for (const [field, column] of Object.entries(map)) if ((changes as any)[field] !== undefined) columns[column] = (changes as any)[field];
    if (changes.conditions !== undefined) columns.conditions = JSON.stringify(changes.conditions);
    await updateVersioned(tx, 'followup_rules', id, version, columns, 'followup_rule');
    const diff = changedFields(before as unknown as Record<string, unknown>, changes as Record<string, unknown>);
    await recordAudit(tx, { entity: 'followup_rule', entityId: id, action: 'update', before: diff.before, after: diff.after });
    return presentRule((await repo.findRule(tx.db, id)) as repo.RuleRow);
  });
}

// ---------------------------------------------------------------------------------------------
// Tasks and the queue

function canSeeRestricted(actor: Actor): boolean {
  return can(actor, 'followup.readRestricted');
}

export async function listTasks(ctx: ServiceContext, query: TaskListQuery): Promise<Page<FollowupTask>> {
  assertCan(ctx.actor, 'followup.read');
  const cal = await loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
  let q = repo.taskViewQuery(ctx.db);
  if (query.state) q = q.where('t.state', '=', query.state);
  if (query.ruleId) q = q.where('t.rule_id', '=', query.ruleId);
  if (query.customerId) q = q.where('t.customer_id', '=', query.customerId);
  if (query.caseId) q = q.where('t.case_id', '=', query.caseId);
  if (query.from) q = q.where('t.planned_at', '>=', wallTimeToInstant(query.from, 0, cal.timeZone).toISOString());
  if (query.to) q = q.where('t.planned_at', '<', wallTimeToInstant(addDays(query.to, 1), 0, cal.timeZone).toISOString());
  if (!canSeeRestricted(ctx.actor)) q = q.where('t.restricted', '=', false);
  const limit = Math.min(query.limit ?? 50, 500);
  if (query.cursor) {
    const [plannedAt, id] = Buffer.from(query.cursor, 'base64url').toString().split('|');
    if (!plannedAt || !id) throw new BadRequestError('bad cursor', [{ path: ['querystring', 'cursor'], message: 'bad cursor' }]);
    q = q.where((eb) => eb.or([eb('t.planned_at', '>', plannedAt), eb.and([eb('t.planned_at', '=', plannedAt), eb('t.id', '>', id)])]));
  }
  const rows = await q.orderBy('t.planned_at').orderBy('t.id').limit(limit + 1).execute();
  const items = rows.slice(0, limit);
  await auditListedRestricted(ctx, items);
  const last = items[items.length - 1];
  return {
    items: items.map(presentTask),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.planned_at}|${last.id}`).toString('base64url') : null,
  };
}

/** R-FUP-9: a restricted record shown in a list is a view too — one audit row each (they are few). */
async function auditListedRestricted(ctx: ServiceContext, rows: readonly { id: string; restricted: unknown }[]): Promise<void> {
  const restricted = rows.filter((r) => bool(r.restricted));
  if (restricted.length === 0) return;
  await inTransaction(ctx, async (tx) => {
    for (const r of restricted) await recordAudit(tx, { entity: 'followup_task', entityId: r.id, action: 'view_list' });
  });
}

/** The roles whose unassigned calls a user takes (a manager role stands for department_head). */
function queueRoles(actor: Actor): string[] {
  return [...actor.roles];
}

export async function callQueue(ctx: ServiceContext, query: { date?: string; limit?: number }): Promise<{ date: string; items: FollowupTask[] }> {
  assertCan(ctx.actor, 'followup.work');
  const cal = await loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
  const date = query.date ?? localDateOf(ctx.clock.now(), cal);
  const endOfDay = wallTimeToInstant(addDays(date, 1), 0, cal.timeZone).toISOString();
  const userId = ctx.actor.id;
  const roles = queueRoles(ctx.actor);
  let q = repo
    .taskViewQuery(ctx.db)
    .where('t.state', '=', 'pending')
    .where('t.merged_into_id', 'is', null)
    .where('t.due_at', '<', endOfDay)
    .where((eb) => {
      const mine = userId ? [eb('t.assignee_id', '=', userId)] : [];
      return eb.or([...mine, eb.and([eb('t.assignee_id', 'is', null), eb('t.assignee_role', 'in', roles.length ? roles : ['-'])])]);
    });
  if (!canSeeRestricted(ctx.actor)) q = q.where('t.restricted', '=', false);
  const rows = await q.orderBy('t.due_at').orderBy('t.priority', 'desc').orderBy('t.id').limit(Math.min(query.limit ?? 200, 500)).execute();
  await auditListedRestricted(ctx, rows);
  return { date, items: rows.map(presentTask) };
}

async function taskView(db: ServiceContext['db'], id: string): Promise<repo.TaskViewRow> {
  const row = await repo.taskViewQuery(db).where('t.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('followup_task', id);
  return row;
}

/** Restricted records (R-FUP-9): 403 without the permission; every view is audited. */
async function assertCanView(tx: ServiceContext, row: { id: string; restricted: unknown }, action = 'view'): Promise<void> {
  if (!bool(row.restricted)) return;
  if (!canSeeRestricted(tx.actor)) throw new ForbiddenError('该回访记录受限 (restricted follow-up record)', { permission: 'followup.readRestricted' });
  await recordAudit(tx, { entity: 'followup_task', entityId: row.id, action });
}

export async function getTask(ctx: ServiceContext, id: string): Promise<TaskDetail> {
  assertCan(ctx.actor, 'followup.read');
  return inTransaction(ctx, async (tx) => {
    const row = await taskView(tx.db, id);
    await assertCanView(tx, row);
    return taskDetail(tx, row);
  });
}

/** The call script with its placeholders ({公司}, {工号}, {客服}, {客户}, {工单}) filled in; unknown ones stay. */
export function fillScript(script: string, values: Record<string, string>): string {
  return script.replace(/\{([^{}]{1,10})\}/g, (whole, name: string) => values[name] ?? whole);
}

async function taskDetail(tx: ServiceContext, row: repo.TaskViewRow): Promise<TaskDetail> {
  const settings = await readFollowupSettings(tx.db);
  const merged = await repo.taskViewQuery(tx.db).where('t.merged_into_id', '=', row.id).orderBy('t.created_at').execute();
  const attempts = await tx.db
    .selectFrom('followup_attempts as a')
    .leftJoin('users as us', 'us.id', 'a.recorded_by')
    .selectAll('a')
    .select('us.display_name as recorded_by_name')
    .where('a.task_id', '=', row.id)
    .orderBy('a.attempt_no')
    .execute();
  const questionnaire = row.questionnaire_id ? await repo.findQuestionnaire(tx.db, row.questionnaire_id) : undefined;
  const followups = await repo.customerFollowupHistory(tx.db, row.customer_id, row.id);
  const cases = await repo.customerRecentCases(tx.db, row.customer_id);
  const company = await readNotificationSettings(tx.db);
  const questionnaireView = questionnaire ? presentQuestionnaire(questionnaire) : null;
  if (questionnaireView?.script) {
    questionnaireView.script = fillScript(questionnaireView.script, {
      公司: company.companyName,
      工号: tx.actor.kind === 'user' ? tx.actor.username : '',
      客服: tx.actor.displayName,
      客户: row.customer_name,
      工单: row.case_number ? `工单 ${row.case_number}` : '服务',
    });
  }
  return {
    task: presentTask(row),
    merged: merged.map(presentTask),
    attempts: attempts.map((a) => presentAttempt(a, settings.scoreMeanings)),
    questionnaire: questionnaireView,
    history: {
      followups: followups.map((f) => ({ id: f.id, ruleName: f.rule_name ?? null, state: f.state, doneAt: f.done_at, score: f.score === null ? null : Number(f.score) })),
      cases: cases.map((c) => ({ id: c.id, number: c.number, type: c.type, state: c.state, title: c.title, createdAt: c.created_at })),
    },
    scoreMeanings: settings.scoreMeanings,
  };
}

// ---------------------------------------------------------------------------------------------
// Recording a call (R-FUP-5, R-FUP-6, R-FUP-7)

function fieldError(path: (string | number)[], message: string): never {
  throw new BadRequestError(message, [{ path: ['body', ...path], message }]);
}

export async function recordAttempt(ctx: ServiceContext, id: string, input: RecordAttemptRequest): Promise<TaskDetail> {
  assertCan(ctx.actor, 'followup.work');
  return inTransaction(ctx, async (tx) => {
    const task = await repo.findTask(tx.db, id);
    if (!task) throw new NotFoundError('followup_task', id);
    await assertCanView(tx, task, 'record');
    if (task.state !== 'pending') throw new IllegalTransitionError(task.state, 'record', []);
    if (task.merged_into_id) {
      throw new ConflictError('merged', '该回访已并入同一客户的另一通回访，请在主回访上记录 (merged into another call)', { mergedIntoId: task.merged_into_id });
    }
    const settings = await readFollowupSettings(tx.db);
    const channel = input.channel ?? task.channel;
    const now = tx.clock.now();
    const nowIso = now.toISOString();
    let answersJson: string | null = null;
    let questionnaireScore: number | null = null;

    if (input.reached) {
      if (channel === 'on_site' && (!input.signature || !input.signerName)) {
        fieldError([input.signature ? 'signerName' : 'signature'], '上门回访需要客户签字确认 (an on-site visit needs the customer\'s signature and name)');
      }
      if (input.answers && Object.keys(input.answers).length > 0) {
        const questionnaire = task.questionnaire_id ? await repo.findQuestionnaire(tx.db, task.questionnaire_id) : undefined;
        if (!questionnaire) fieldError(['answers'], '该回访没有问卷 (this follow-up has no questionnaire)');
        const questions = presentQuestionnaire(questionnaire).questions;
        const issues = checkAnswers(questions, input.answers);
        if (issues.length) {
          throw new BadRequestError('问卷答案无效 (invalid answers)', issues.map((i) => ({ path: ['body', 'answers', i.key], message: i.message })));
        }
        answersJson = JSON.stringify(input.answers);
        questionnaireScore = scoreAnswers(questions, input.answers);
      }
      if (input.openCase && !input.problems) fieldError(['problems'], '请填写发现的问题 (describe the problem found)');
    }

    const attemptNo = Number(task.attempts) + 1;
    const score = input.reached ? (input.score ?? null) : null;
    let nextAttemptAt: string | null = null;
    let openedCaseId: string | null = null;

    // a problem found, or a very low score, opens a case linked to the follow-up (R-FUP-7, R-SAT-2)
    const lowScore = score !== null && score <= settings.lowScoreThreshold;
    const caseRequest = input.reached ? (input.openCase ?? (lowScore ? { type: 'complaint' as const, title: '回访客户不满意', description: null, severity: undefined } : undefined)) : undefined;
    if (caseRequest) {
      const opened = await openCase(tx, {
        type: caseRequest.type,
        channel: 'followup',
        customerId: task.customer_id,
        unitId: task.unit_id,
        title: caseRequest.title,
        description: [caseRequest.description, input.problems ? `回访发现的问题：${input.problems}` : null, score !== null ? `回访评分：${score}（${settings.scoreMeanings[score] ?? ''}）` : null]
          .filter(Boolean)
          .join('\n') || null,
        severity: caseRequest.severity,
      });
      openedCaseId = opened.case.id;
      await recordCaseEvent(tx, openedCaseId, {
        kind: 'note',
        note: `由回访发现${task.case_id ? '（原工单回访）' : ''}：${input.problems ?? caseRequest.title}`,
        data: { followupTaskId: task.id, sourceCaseId: task.case_id },
      });
    }

    let patch: Record<string, unknown>;
    if (input.reached) {
      patch = { state: 'done', reached: true, score, attempts: attemptNo, done_at: nowIso, done_by: tx.actor.id, channel };
    } else if (attemptNo < Number(task.max_attempts)) {
      const calls = callCalendar(await loadCompanyCalendar(tx.db, { fallbackTimeZone: tx.config.companyTimeZone }), settings.callWindows);
      const wanted = input.nextAttemptAt ? Date.parse(input.nextAttemptAt) : now.getTime() + settings.retryAfterHours * HOUR_MS;
      if (input.nextAttemptAt && wanted <= now.getTime()) fieldError(['nextAttemptAt'], '下次回访时间应在将来 (the next attempt must be in the future)');
      nextAttemptAt = new Date(nextCallSlot(wanted, calls)).toISOString();
      patch = { attempts: attemptNo, due_at: nextAttemptAt, reached: false };
    } else {
      patch = { state: 'unreached', reached: false, attempts: attemptNo, done_at: nowIso, done_by: tx.actor.id, state_reason: 'max_attempts' };
    }
    if (openedCaseId) patch.opened_case_id = openedCaseId;
    await updateVersioned(tx, 'followup_tasks', id, input.version, patch, 'followup_task');

    const attempt: repo.AttemptRow = {
      id: newId(),
      task_id: id,
      attempt_no: attemptNo,
      channel,
      reached: input.reached,
      answers: answersJson,
      questionnaire_score: questionnaireScore,
      score,
      problems: input.problems ?? null,
      problem_resolved: input.problemResolved ?? null,
      suggestions: input.suggestions ?? null,
      note: input.note ?? null,
      signer_name: input.signerName ?? null,
      signature: input.signature ?? null,
      next_attempt_at: nextAttemptAt,
      opened_case_id: openedCaseId,
      recorded_by: tx.actor.id,
      recorded_at: nowIso,
    };
    await repo.insertAttempt(tx.db, attempt);

    // the calls merged into this one end with it
    if (patch.state === 'done' || patch.state === 'unreached') {
      await tx.db
        .updateTable('followup_tasks')
        .set({ state: patch.state as 'done' | 'unreached', reached: patch.reached as boolean, score, done_at: nowIso, done_by: tx.actor.id, updated_at: nowIso, version: sql`version + 1` })
        .where('merged_into_id', '=', id)
        .where('state', '=', 'merged')
        .execute();
    }
    // the case the follow-up was about shows its outcome on the timeline
    if (task.case_id && (input.reached || patch.state === 'unreached')) {
      const words = input.reached
        ? [`${CHANNEL_LABELS[channel] ?? channel}：已联系`, score !== null ? `评分 ${score}（${settings.scoreMeanings[score] ?? ''}）` : null, input.problems ? `问题：${input.problems}` : null, openedCaseId ? '已转工单' : null]
        : [`${CHANNEL_LABELS[channel] ?? channel}：${attemptNo} 次未联系上`];
      // a restricted record (R-FUP-9) is not retold on a case everyone at the desk reads
      const note = bool(task.restricted) ? '回访已记录（受限记录，详见回访）' : `回访结果 — ${words.filter(Boolean).join('，')}`;
      await recordCaseEvent(tx, task.case_id, { kind: 'note', note, data: { followupTaskId: task.id, openedCaseId } });
    }
    let nextRoundId: string | null = null;
    if (input.reached && input.problems && input.problemResolved === false) nextRoundId = await scheduleNextRound(tx, task);

    await recordAudit(tx, {
      entity: 'followup_task',
      entityId: id,
      action: input.reached ? 'record_reached' : 'record_not_reached',
      before: { state: task.state, attempts: task.attempts },
      after: { ...patch, attemptId: attempt.id, openedCaseId, nextRoundId, signature: input.signature ? '[signature]' : undefined },
    });
    return taskDetail(tx, await taskView(tx.db, id));
  });
}

export async function assignTask(ctx: ServiceContext, id: string, input: { version: number; assigneeId: string | null }): Promise<FollowupTask> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const task = await repo.findTask(tx.db, id);
    if (!task) throw new NotFoundError('followup_task', id);
    if (input.assigneeId) {
      const user = await tx.db.selectFrom('users').select(['id', 'status']).where('id', '=', input.assigneeId).executeTakeFirst();
      if (!user || user.status !== 'active') fieldError(['assigneeId'], '用户不存在或已停用 (unknown or disabled user)');
    }
    await updateVersioned(tx, 'followup_tasks', id, input.version, { assignee_id: input.assigneeId }, 'followup_task');
    await recordAudit(tx, { entity: 'followup_task', entityId: id, action: 'assign', before: { assigneeId: task.assignee_id }, after: { assigneeId: input.assigneeId } });
    return presentTask(await taskView(tx.db, id));
  });
}

export async function cancelTask(ctx: ServiceContext, id: string, input: { version: number; reason: string }): Promise<FollowupTask> {
  assertCan(ctx.actor, 'followup.manage');
  return inTransaction(ctx, async (tx) => {
    const task = await repo.findTask(tx.db, id);
    if (!task) throw new NotFoundError('followup_task', id);
    if (task.state !== 'pending' && task.state !== 'merged') throw new IllegalTransitionError(task.state, 'cancel', []);
    await updateVersioned(tx, 'followup_tasks', id, input.version, { state: 'cancelled', state_reason: input.reason }, 'followup_task');
    // calls merged into a cancelled one become calls of their own again
    await tx.db
      .updateTable('followup_tasks')
      .set({ state: 'pending', merged_into_id: null, state_reason: null, updated_at: tx.clock.now().toISOString() })
      .where('merged_into_id', '=', id)
      .where('state', '=', 'merged')
      .execute();
    await recordAudit(tx, { entity: 'followup_task', entityId: id, action: 'cancel', before: { state: task.state }, after: { state: 'cancelled', reason: input.reason } });
    return presentTask(await taskView(tx.db, id));
  });
}
