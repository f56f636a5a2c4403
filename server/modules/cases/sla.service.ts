/**
 * Service levels of cases: policies (admin), deadlines started from them, pauses, and the
 * escalation ladder run by the sweeper (issue 3 item 3; R-CAL-3..4; R-CMP-11).
 *
 * Functions taking `tx` run inside the caller's transaction (inTransaction) and never open one:
 *   startDeadline(tx, caseId, metric, options?)   start the metric's deadline from the case's policy
 *   meetDeadline(tx, caseId, metric, options?)    the work it guards was done (late → breached_at kept)
 *   cancelDeadline(tx, caseId, metric)            no longer applies
 * Escalation: each running deadline has one pending due-work row of kind 'case.deadline.escalate'
 * for its next level (dedupe key deadline:<id>:g<generation>:l<level>); the handler does that level's
 * work and schedules the next, in one transaction with marking the row done — so every level
 * happens exactly once, also across restarts and several instances. Pause/met/cancel cancel the
 * pending row; resume bumps the generation and schedules the next level at the new times.
 */
import type { CreateSlaPolicyRequest, SlaPolicy, UpdateSlaPolicyRequest } from '../../../contracts/cases.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { assertValidDuration, type DurationUnit, type WorkingCalendar } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { cancelDueWork, type DueWorkItem, type ScheduleRequest, scheduleDueWork, scheduleDueWorkBatch } from '../../platform/due-work.js';
import { BadRequestError, BusinessRuleError, NotFoundError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { loadCompanyCalendar } from '../calendar/calendar.service.js';
import { notifyEscalation } from '../notifications/notifications.service.js';
import { type CaseRecord, metricLabel, toCaseRecord } from './cases.model.js';
import * as repo from './cases.repository.js';
import { recordCaseEvent } from './cases.timeline.js';
import {
  dueAfterResume,
  dueFrom,
  type EscalationLevel,
  fullTimeInUnit,
  MINUTE_MS,
  nextLevel,
  timeLeftInUnit,
} from './sla.deadline.js';
import { type PolicyRule, samePolicyKey, selectPolicies, selectPolicy } from './sla.policy.js';

export const ESCALATION_KIND = 'case.deadline.escalate';

/** The company calendar (cached per database handle; load it before a transaction when you can). */
export function companyCalendar(ctx: ServiceContext): Promise<WorkingCalendar> {
  return loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
}

// ---------------------------------------------------------------------------------------------
// Policies

export function toPolicyRule(row: repo.PolicyRow): PolicyRule {
  return {
    id: row.id,
    caseType: row.case_type,
    severity: row.severity,
    urgency: row.urgency,
    metric: row.metric,
    amount: Number(row.amount),
    unit: row.unit,
    warnBeforeMinutes: Number(row.warn_before_minutes),
    escalateAfterMinutes: Number(row.escalate_after_minutes),
    startsAtOpen: Boolean(row.starts_at_open),
    enabled: Boolean(row.enabled),
  };
}

function presentPolicy(row: repo.PolicyRow): SlaPolicy {
  const {
    id,
    caseType,
    severity,
    urgency,
    metric,
    amount,
    unit,
    warnBeforeMinutes,
    escalateAfterMinutes,
    startsAtOpen,
    enabled,
  } = toPolicyRule(row);
  return {
    id,
    caseType,
    severity,
    urgency,
    metric,
    amount,
    unit,
    warnBeforeMinutes,
    escalateAfterMinutes,
    startsAtOpen,
    enabled,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

export async function listSlaPolicies(
  ctx: ServiceContext,
  filter: { caseType?: string; metric?: string },
): Promise<{ items: SlaPolicy[] }> {
  assertCan(ctx.actor, 'case.read');
  return { items: (await repo.listPolicies(ctx.db, filter)).map(presentPolicy) };
}

function checkDuration(amount: number, unit: DurationUnit) {
  try {
    assertValidDuration({ amount, unit });
  } catch (error) {
    throw new BadRequestError(error instanceof Error ? error.message : String(error), [
      { path: ['body', 'amount'], message: String((error as Error).message) },
    ]);
  }
}

async function assertNoTwin(tx: ServiceContext, policy: PolicyRule) {
  if (!policy.enabled) return;
  const twins = (await repo.listPolicies(tx.db, { caseType: policy.caseType, metric: policy.metric }))
    .map(toPolicyRule)
    .filter((p) => p.id !== policy.id && p.enabled && samePolicyKey(p, policy));
  if (twins.length > 0) {
    throw new BusinessRuleError(
      'duplicate_policy',
      '已有相同工单类型、严重程度、紧急程度和时限指标的启用策略 (an enabled policy with the same key exists)',
      {
        existingId: twins[0].id,
      },
    );
  }
}

export async function createSlaPolicy(ctx: ServiceContext, input: CreateSlaPolicyRequest): Promise<SlaPolicy> {
  assertCan(ctx.actor, 'sla.manage');
  checkDuration(input.amount, input.unit);
  return inTransaction(ctx, async (tx) => {
    if (!(await repo.findCaseType(tx.db, input.caseType))) {
      throw new BadRequestError('工单类型不存在 (unknown case type)', [
        { path: ['body', 'caseType'], message: 'unknown case type' },
      ]);
    }
    const now = tx.clock.now().toISOString();
    const row: repo.PolicyInsert = {
      id: newId(),
      case_type: input.caseType,
      severity: input.severity ?? null,
      urgency: input.urgency ?? null,
      metric: input.metric,
      amount: input.amount,
      unit: input.unit,
      warn_before_minutes: input.warnBeforeMinutes ?? 60,
      escalate_after_minutes: input.escalateAfterMinutes ?? 240,
      starts_at_open: input.startsAtOpen ?? true,
      enabled: input.enabled ?? true,
      created_at: now,
      updated_at: now,
    };
    await assertNoTwin(tx, toPolicyRule({ ...row, version: 1 } as repo.PolicyRow));
    await repo.insertPolicy(tx.db, row);
    await recordAudit(tx, { entity: 'sla_policy', entityId: row.id, action: 'create', after: row });
    return presentPolicy((await repo.findPolicy(tx.db, row.id))!);
  });
}

/** Changes apply to deadlines started afterwards; running deadlines keep the terms they started with. */
export async function updateSlaPolicy(ctx: ServiceContext, id: string, input: UpdateSlaPolicyRequest): Promise<SlaPolicy> {
  assertCan(ctx.actor, 'sla.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await repo.findPolicy(tx.db, id);
    if (!before) throw new NotFoundError('sla_policy', id);
    const patch: Partial<repo.PolicyInsert> = {};
    if (input.severity !== undefined) patch.severity = input.severity;
    if (input.urgency !== undefined) patch.urgency = input.urgency;
    if (input.amount !== undefined) patch.amount = input.amount;
    if (input.unit !== undefined) patch.unit = input.unit;
    if (input.warnBeforeMinutes !== undefined) patch.warn_before_minutes = input.warnBeforeMinutes;
    if (input.escalateAfterMinutes !== undefined) patch.escalate_after_minutes = input.escalateAfterMinutes;
    if (input.startsAtOpen !== undefined) patch.starts_at_open = input.startsAtOpen;
    if (input.enabled !== undefined) patch.enabled = input.enabled;
    const next = { ...before, ...patch } as repo.PolicyRow;
    checkDuration(Number(next.amount), next.unit);
    await assertNoTwin(tx, toPolicyRule(next));
    await updateVersioned(tx, 'sla_policies', id, input.version, patch, 'sla_policy');
    const diff = changedFields(before as unknown as Record<string, unknown>, patch as Record<string, unknown>);
    await recordAudit(tx, { entity: 'sla_policy', entityId: id, action: 'update', ...diff });
    return presentPolicy((await repo.findPolicy(tx.db, id))!);
  });
}

async function policiesForType(tx: ServiceContext, type: string): Promise<PolicyRule[]> {
  return (await repo.cachedPoliciesOfType(tx.db, type)).map(toPolicyRule);
}

// ---------------------------------------------------------------------------------------------
// Deadlines (inside the caller's transaction)

function dedupeKey(deadlineId: string, generation: number, level: number) {
  return `deadline:${deadlineId}:g${generation}:l${level}`;
}

interface LadderPosition {
  id: string;
  due_at: string | null;
  generation: number;
  escalation_level: number;
  warn_before_minutes: number;
  escalate_after_minutes: number;
  case_id: string;
}

/** The due-work row of the next escalation level of a running deadline (none after level 3). */
function nextLevelWork(tx: ServiceContext, d: LadderPosition): ScheduleRequest | null {
  if (!d.due_at) return null;
  const next = nextLevel(
    Number(d.escalation_level),
    new Date(d.due_at),
    { warnBeforeMinutes: Number(d.warn_before_minutes), escalateAfterMinutes: Number(d.escalate_after_minutes) },
    tx.clock.now(),
  );
  if (!next) return null;
  return {
    kind: ESCALATION_KIND,
    refId: d.id,
    dueAt: next.at.toISOString(),
    dedupeKey: dedupeKey(d.id, Number(d.generation), next.level),
    payload: { deadlineId: d.id, caseId: d.case_id, level: next.level, generation: Number(d.generation) },
  };
}

/** Schedule the next escalation level of a running deadline (none after level 3). */
async function scheduleNextLevel(tx: ServiceContext, d: LadderPosition) {
  const work = nextLevelWork(tx, d);
  if (work) await scheduleDueWork(tx, work);
}

async function cancelEscalations(tx: ServiceContext, deadlineId: string) {
  await cancelDueWork(tx, { refId: deadlineId, kind: ESCALATION_KIND });
}

export interface StartedDeadline {
  id: string;
  metric: string;
  dueAt: string | null;
  state: 'running' | 'paused';
}

interface PlannedDeadline {
  row: repo.DeadlineInsert;
  started: StartedDeadline;
  /** the escalation ladder's first level, for a running deadline */
  escalation: ScheduleRequest | null;
}

/** The deadline row a policy starts at `at` (the case must not have an open one for the metric). */
function planDeadline(tx: ServiceContext, c: CaseRecord, policy: PolicyRule, cal: WorkingCalendar, at: Date): PlannedDeadline {
  const duration = { amount: policy.amount, unit: policy.unit };
  const nowIso = tx.clock.now().toISOString();
  const base = {
    id: newId(),
    case_id: c.id,
    metric: policy.metric,
    policy_id: policy.id,
    amount: policy.amount,
    unit: policy.unit,
    warn_before_minutes: policy.warnBeforeMinutes,
    escalate_after_minutes: policy.escalateAfterMinutes,
    started_at: at.toISOString(),
    created_at: nowIso,
    updated_at: nowIso,
  };
  if (c.waitingOn) {
    // the case waits on the customer already: the clock starts stopped, with the whole time left
    return {
      row: {
        ...base,
        state: 'paused',
        due_at: null,
        warn_at: null,
        paused_at: at.toISOString(),
        remaining_ms: fullTimeInUnit(at, duration, cal),
      },
      started: { id: base.id, metric: policy.metric, dueAt: null, state: 'paused' },
      escalation: null,
    };
  }
  const due = dueFrom(at, duration, cal);
  const row = {
    ...base,
    state: 'running' as const,
    due_at: due.toISOString(),
    warn_at: new Date(due.getTime() - policy.warnBeforeMinutes * MINUTE_MS).toISOString(),
    // the same columns as a paused row, so the rows of a case go in one INSERT
    paused_at: null,
    remaining_ms: null,
  };
  return {
    row,
    started: { id: base.id, metric: policy.metric, dueAt: row.due_at, state: 'running' },
    escalation: nextLevelWork(tx, { ...row, generation: 1, escalation_level: 0 }),
  };
}

/** Insert a deadline from a policy (the case must not have an open one for the metric). */
async function insertFromPolicy(
  tx: ServiceContext,
  c: CaseRecord,
  policy: PolicyRule,
  cal: WorkingCalendar,
  at: Date,
): Promise<StartedDeadline> {
  const planned = planDeadline(tx, c, policy, cal, at);
  await repo.insertDeadlines(tx.db, [planned.row]);
  if (planned.escalation) await scheduleDueWork(tx, planned.escalation);
  return planned.started;
}

/**
 * At intake: the deadlines of every policy of the case's class that starts when the case is opened —
 * one INSERT for the deadlines and one for their escalation rows (not two statements per policy).
 */
export async function startOpeningDeadlines(tx: ServiceContext, c: CaseRecord, cal: WorkingCalendar): Promise<StartedDeadline[]> {
  const policies = selectPolicies(
    await policiesForType(tx, c.type),
    { type: c.type, severity: c.severity, urgency: c.urgency },
    { atOpen: true },
  );
  const at = new Date(c.createdAt);
  const planned = policies.map((p) => planDeadline(tx, c, p, cal, at));
  await repo.insertDeadlines(
    tx.db,
    planned.map((p) => p.row),
  );
  await scheduleDueWorkBatch(
    tx,
    planned.flatMap((p) => (p.escalation ? [p.escalation] : [])),
  );
  return planned.map((p) => p.started);
}

async function loadCase(tx: ServiceContext, caseId: string): Promise<CaseRecord> {
  const row = await repo.findCase(tx.db, caseId);
  if (!row) throw new NotFoundError('case', caseId);
  return toCaseRecord(row);
}

/**
 * Start the deadline of `metric` for a case from its policy (most specific for its type, severity
 * and urgency), e.g. the RMA flow starts 'ship_back' when the factory has repaired the unit.
 * Idempotent: an open deadline of the metric is returned as it is. No policy → null.
 */
export async function startDeadline(
  tx: ServiceContext,
  caseId: string,
  metric: string,
  options: { at?: Date; calendar?: WorkingCalendar } = {},
): Promise<StartedDeadline | null> {
  const c = await loadCase(tx, caseId);
  const open = await repo.openDeadlineOf(tx.db, caseId, metric);
  if (open) return { id: open.id, metric, dueAt: open.due_at, state: open.state === 'paused' ? 'paused' : 'running' };
  const policy = selectPolicy(
    await policiesForType(tx, c.type),
    { type: c.type, severity: c.severity, urgency: c.urgency },
    metric,
  );
  if (!policy) return null;
  const cal = options.calendar ?? (await companyCalendar(tx));
  const started = await insertFromPolicy(tx, c, policy, cal, options.at ?? tx.clock.now());
  await recordCaseEvent(tx, caseId, {
    kind: 'deadline_started',
    data: { metric, dueAt: started.dueAt, amount: policy.amount, unit: policy.unit, paused: started.state === 'paused' },
  });
  await recordAudit(tx, {
    entity: 'case_deadline',
    entityId: started.id,
    action: 'start',
    after: { caseId, metric, dueAt: started.dueAt, state: started.state },
  });
  return started;
}

/**
 * The work a deadline guards was done: the open deadline of `metric` is met (nothing open → null).
 * Met after its due time → met late: breached_at is kept (or set to the due time). Met while paused
 * → on time (the clock was stopped).
 */
export async function meetDeadline(tx: ServiceContext, caseId: string, metric: string, options: { note?: string | null } = {}) {
  const d = await repo.openDeadlineOf(tx.db, caseId, metric);
  if (!d) return null;
  const now = tx.clock.now().toISOString();
  const late = d.state === 'breached' || (d.state === 'running' && d.due_at !== null && d.due_at < now);
  const patch = {
    state: 'met' as const,
    met_at: now,
    breached_at: late ? (d.breached_at ?? d.due_at) : d.breached_at,
    paused_at: null,
    remaining_ms: null,
    warn_at: null,
  };
  repo.deadlineChanged(d.case_id);
  await updateVersioned(tx, 'case_deadlines', d.id, Number(d.version), patch, 'case_deadline');
  await cancelEscalations(tx, d.id);
  await recordCaseEvent(tx, caseId, {
    kind: 'deadline_met',
    note: options.note ?? null,
    data: { metric, dueAt: d.due_at, late },
  });
  await recordAudit(tx, {
    entity: 'case_deadline',
    entityId: d.id,
    action: 'meet',
    before: { state: d.state },
    after: { state: 'met', metAt: now, late },
  });
  return { id: d.id, metric, late };
}

/** The deadline of `metric` no longer applies (e.g. the customer withdrew the RMA). */
export async function cancelDeadline(tx: ServiceContext, caseId: string, metric: string): Promise<boolean> {
  const d = await repo.openDeadlineOf(tx.db, caseId, metric);
  if (!d) return false;
  await cancelRows(tx, [d]);
  await recordCaseEvent(tx, caseId, { kind: 'deadline_cancelled', data: { metric } });
  return true;
}

async function cancelRows(tx: ServiceContext, rows: repo.DeadlineRow[]) {
  const now = tx.clock.now().toISOString();
  for (const d of rows) {
    repo.deadlineChanged(d.case_id);
    await updateVersioned(
      tx,
      'case_deadlines',
      d.id,
      Number(d.version),
      { state: 'cancelled', cancelled_at: now, paused_at: null, warn_at: null },
      'case_deadline',
    );
    await cancelEscalations(tx, d.id);
    await recordAudit(tx, {
      entity: 'case_deadline',
      entityId: d.id,
      action: 'cancel',
      before: { state: d.state },
      after: { state: 'cancelled' },
    });
  }
}

/** Cancel every open deadline of a case (closed, cancelled, merged). Returns the metrics. */
export async function cancelOpenDeadlines(tx: ServiceContext, caseId: string): Promise<string[]> {
  const rows = await repo.openDeadlinesOf(tx.db, caseId);
  await cancelRows(tx, rows);
  return rows.map((r) => r.metric);
}

/**
 * Stop the clocks of a case's running deadlines, keeping the time left (R-CAL-3). A deadline that is
 * already past due has nothing left to keep and runs on. Returns the metrics paused.
 */
export async function pauseDeadlines(tx: ServiceContext, caseId: string, cal: WorkingCalendar): Promise<string[]> {
  const now = tx.clock.now();
  const paused: string[] = [];
  for (const d of await repo.openDeadlinesOf(tx.db, caseId, ['running'])) {
    if (!d.due_at || new Date(d.due_at).getTime() <= now.getTime()) continue;
    const left = timeLeftInUnit(d.unit, now, new Date(d.due_at), cal);
    repo.deadlineChanged(d.case_id);
    await updateVersioned(
      tx,
      'case_deadlines',
      d.id,
      Number(d.version),
      { state: 'paused', paused_at: now.toISOString(), remaining_ms: left, due_at: null, warn_at: null },
      'case_deadline',
    );
    await cancelEscalations(tx, d.id);
    await recordAudit(tx, {
      entity: 'case_deadline',
      entityId: d.id,
      action: 'pause',
      before: { state: 'running', dueAt: d.due_at },
      after: { state: 'paused', remainingMs: left },
    });
    paused.push(d.metric);
  }
  return paused;
}

/** Restart the clocks of paused deadlines: due = now + the time left; the ladder goes on where it stopped. */
export async function resumeDeadlines(
  tx: ServiceContext,
  caseId: string,
  cal: WorkingCalendar,
): Promise<{ metric: string; dueAt: string }[]> {
  const now = tx.clock.now();
  const resumed: { metric: string; dueAt: string }[] = [];
  for (const d of await repo.openDeadlinesOf(tx.db, caseId, ['paused'])) {
    const due = dueAfterResume(d.unit, now, Number(d.remaining_ms ?? 0), cal);
    const generation = Number(d.generation) + 1;
    const patch = {
      state: 'running' as const,
      due_at: due.toISOString(),
      warn_at: new Date(due.getTime() - Number(d.warn_before_minutes) * MINUTE_MS).toISOString(),
      paused_at: null,
      remaining_ms: null,
      generation,
    };
    repo.deadlineChanged(d.case_id);
    await updateVersioned(tx, 'case_deadlines', d.id, Number(d.version), patch, 'case_deadline');
    await scheduleNextLevel(tx, { ...d, ...patch });
    await recordAudit(tx, {
      entity: 'case_deadline',
      entityId: d.id,
      action: 'resume',
      before: { state: 'paused', remainingMs: d.remaining_ms },
      after: { state: 'running', dueAt: patch.due_at },
    });
    resumed.push({ metric: d.metric, dueAt: patch.due_at });
  }
  return resumed;
}

// ---------------------------------------------------------------------------------------------
// Escalation ladder (due-work handler)

interface Recipient {
  id: string;
  display_name: string;
  email: string | null;
}

/** Level 2: the supervisors of the owner's department, else every supervisor. */
async function supervisorsFor(tx: ServiceContext, departmentId: string | null): Promise<Recipient[]> {
  if (departmentId) {
    const inDept = await repo.activeUsersWithRole(tx.db, 'supervisor', departmentId);
    if (inDept.length) return inDept;
  }
  return repo.activeUsersWithRole(tx.db, 'supervisor');
}

/** Level 3: the head of the owner's department, else its department heads, else every department head. */
async function departmentHeadsFor(tx: ServiceContext, departmentId: string | null): Promise<Recipient[]> {
  if (departmentId) {
    const head = await repo.findDepartmentHead(tx.db, departmentId);
    if (head && head.status === 'active') return [head];
    const inDept = await repo.activeUsersWithRole(tx.db, 'department_head', departmentId);
    if (inDept.length) return inDept;
  }
  return repo.activeUsersWithRole(tx.db, 'department_head');
}

const LEVEL_EVENT: Record<EscalationLevel, string> = { 1: 'deadline_warning', 2: 'deadline_breached', 3: 'escalated' };

/**
 * One level of the ladder for one deadline: 1 alert the owner (即将超时); 2 mark the deadline
 * breached, alert the supervisor; 3 alert the department head and mark the case escalated (升级).
 * The alerts (in-app and e-mail) come from the editable notification templates
 * (case.escalation.due_soon / overdue / escalated) through notifyEscalation, keyed by the ladder's
 * dedupe key, so a level never alerts twice.
 * Re-checks everything first, so a stale row (met, cancelled, paused, resumed since) does nothing.
 */
export async function escalateDeadline(tx: ServiceContext, item: DueWorkItem): Promise<void> {
  const { deadlineId, level, generation } = item.payload as { deadlineId: string; level: EscalationLevel; generation: number };
  const d = await repo.findDeadline(tx.db, deadlineId);
  if (!d || Number(d.generation) !== generation || Number(d.escalation_level) >= level || !d.due_at) return;
  if (level < 3 ? d.state !== 'running' : d.state !== 'breached') return;
  const c = await loadCase(tx, d.case_id);
  const owner = await repo.findUserRef(tx.db, c.ownerId);

  const deadlinePatch: Record<string, unknown> = { escalation_level: level };
  if (level === 2) Object.assign(deadlinePatch, { state: 'breached', breached_at: d.due_at });
  repo.deadlineChanged(d.case_id);
  await updateVersioned(tx, 'case_deadlines', d.id, Number(d.version), deadlinePatch, 'case_deadline');

  const casePatch: Record<string, unknown> = {};
  if (level > c.escalationLevel) casePatch.escalation_level = level;
  if (level === 3 && !c.escalated) casePatch.escalated = true;
  if (Object.keys(casePatch).length) {
    await updateVersioned(tx, 'cases', c.id, c.version, casePatch, 'case');
    await recordAudit(tx, {
      entity: 'case',
      entityId: c.id,
      action: 'escalate',
      before: { escalationLevel: c.escalationLevel, escalated: c.escalated },
      after: casePatch,
    });
  }

  const departmentId = owner?.department_id ?? null;
  const recipients: Recipient[] =
    level === 1
      ? owner
        ? [owner]
        : []
      : level === 2
        ? await supervisorsFor(tx, departmentId)
        : await departmentHeadsFor(tx, departmentId);
  await notifyEscalation(tx, {
    caseId: c.id,
    level,
    metric: metricLabel(d.metric),
    dueAt: d.due_at,
    recipientIds: recipients.map((r) => r.id),
    dedupeKey: dedupeKey(d.id, generation, level),
  });

  await recordCaseEvent(tx, c.id, {
    kind: LEVEL_EVENT[level],
    data: { metric: d.metric, level, dueAt: d.due_at, notified: recipients.map((r) => ({ id: r.id, name: r.display_name })) },
  });
  await recordAudit(tx, {
    entity: 'case_deadline',
    entityId: d.id,
    action: `escalate_level_${level}`,
    before: { state: d.state, escalationLevel: d.escalation_level },
    after: deadlinePatch,
  });
  await scheduleNextLevel(tx, { ...d, escalation_level: level });
}
