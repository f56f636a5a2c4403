/**
 * The follow-up generator (R-FUP-1, R-FUP-2, R-FUP-4): every enabled rule finds its sources with one
 * set-based query (per cadence step), leaving out sources that already have their task; each new
 * task is planned in the first call-window slot on a working day, sampled, and made to respect the
 * customer (do-not-disturb, reduced frequency, one contact per N days, merged into an open call);
 * then everything is inserted in batches with one audit row per run. Re-running never duplicates a
 * task: `source_key` is unique and already-planned sources are excluded in SQL.
 *
 * Runs from the sweeper: due work of kind `followup.generate` every [60] minutes (each run schedules
 * the next; the key is the slot, so two instances never make two chains). The complaint module's
 * `followup.after_complaint` rows (+3 days follow-up, +3 months survey) are executed here too.
 */
import type { GenerationResult } from '../../../contracts/followups.js';
import { ruleConditions } from '../../../contracts/followups.js';
import { lockBusinessKeys } from '../../db/locks.js';
import { recordAudit } from '../../platform/audit.js';
import { addDays, localDateOf, type WorkingCalendar, wallTimeToInstant } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { type DueWorkItem, scheduleDueWork } from '../../platform/due-work.js';
import { newId } from '../../platform/ids.js';
import { assertCan, permissionsOf, type Role } from '../../platform/permissions.js';
import { loadCompanyCalendar } from '../calendar/calendar.service.js';
import {
  addMonths,
  addTime,
  anchorRangeFor,
  assigneeRoleFor,
  cadenceMonths,
  callCalendar,
  DAY_MS,
  decideRespect,
  isSampled,
  nextCallSlot,
  periodOf,
  type Severity,
  type TimeUnit,
} from './followups.plan.js';
import * as repo from './followups.repository.js';
import { readFollowupSettings } from './followups.settings.js';
import type { FollowupSettings } from '../../../contracts/followups.js';

export const GENERATE_KIND = 'followup.generate';
export const AFTER_COMPLAINT_KIND = 'followup.after_complaint';

/** Approximate length of a delay/window in days (for look-back ranges only). */
function roughDays(amount: number, unit: TimeUnit): number {
  return unit === 'hours' ? Math.ceil(amount / 24) : unit === 'days' ? amount : amount * 31;
}

interface Planning {
  now: number;
  calls: WorkingCalendar;
  timeZone: string;
  settings: FollowupSettings;
}

async function planning(ctx: ServiceContext): Promise<Planning> {
  const settings = await readFollowupSettings(ctx.db);
  const company = await loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
  return { now: ctx.clock.now().getTime(), calls: callCalendar(company, settings.callWindows), timeZone: company.timeZone, settings };
}

/** A source found for a rule, with its anchor as an instant. */
interface Candidate {
  rule: repo.RuleRow;
  row: repo.CandidateRow;
  anchorAt: number;
}

function anchorInstant(anchor: string, timeZone: string): number {
  return anchor.length === 10 ? wallTimeToInstant(anchor, 0, timeZone).getTime() : Date.parse(anchor);
}

function conditionsOf(rule: repo.RuleRow) {
  const parsed = ruleConditions.safeParse(JSON.parse(rule.conditions || '{}'));
  return parsed.success ? parsed.data : {};
}

/** The candidates of one rule for the local days [from, to]. */
async function candidatesOf(ctx: ServiceContext, rule: repo.RuleRow, from: string, to: string, p: Planning, firstPurchases: () => Promise<Map<string, string>>): Promise<Candidate[]> {
  const c = conditionsOf(rule);
  const classes = c.customerClasses ?? [];
  const lookback = roughDays(rule.delay_amount, rule.delay_unit) + roughDays(rule.window_amount, rule.window_unit);
  const tz = p.timeZone;
  const of = (rows: repo.CandidateRow[], anchor?: (r: repo.CandidateRow) => string) =>
    rows.map((row) => ({ rule, row, anchorAt: anchorInstant(anchor ? anchor(row) : row.anchor, tz) }));

  switch (rule.trigger_kind) {
    case 'case_closed': {
      const rows = await repo.closedCaseCandidates(ctx.db, {
        ruleId: rule.id,
        from: wallTimeToInstant(addDays(from, -lookback), 0, tz).toISOString(),
        to: wallTimeToInstant(addDays(to, 1), 0, tz).toISOString(),
        caseTypes: c.caseTypes ?? [],
        repairKind: c.repairKind ?? 'any',
        customerClasses: classes,
      });
      return of(rows);
    }
    case 'maintenance_done':
      return of(await repo.maintenanceCandidates(ctx.db, { ruleId: rule.id, from: addDays(from, -lookback), to, customerClasses: classes }));
    case 'unit_cadence': {
      const out: Candidate[] = [];
      for (const months of cadenceMonths(c.cadence ?? [])) {
        const range = anchorRangeFor(months, from, to);
        const rows = await repo.unitAnniversaryCandidates(ctx.db, {
          ruleId: rule.id,
          months,
          from: range.from,
          to: range.to,
          inWarrantyOn: c.inWarrantyOnly ? from : null,
          customerClasses: classes,
        });
        out.push(...of(rows, (r) => addMonths(r.anchor, months)));
      }
      return out;
    }
    case 'account_cadence': {
      const period = periodOf(to, c.perYear ?? 1);
      const rows = await repo.accountCandidates(ctx.db, {
        ruleId: rule.id,
        periodKey: period.key,
        periodStart: period.from,
        accountKind: c.accountKind ?? 'key',
        customerClasses: classes,
      });
      return of(rows);
    }
    case 'first_purchase':
    case 'customer_cadence': {
      const firsts = await firstPurchases();
      const found: { key: string; customerId: string; anchor: string }[] = [];
      if (rule.trigger_kind === 'first_purchase') {
        const since = addDays(from, -lookback);
        for (const [customerId, date] of firsts) {
          if (date >= since && date <= to) found.push({ key: `customer:${rule.id}:${customerId}`, customerId, anchor: date });
        }
      } else {
        const ranges = cadenceMonths(c.cadence ?? []).map((months) => ({ months, ...anchorRangeFor(months, from, to) }));
        for (const [customerId, date] of firsts) {
          for (const r of ranges) {
            if (date >= r.from && date <= r.to) found.push({ key: `customer:${rule.id}:${customerId}:${r.months}`, customerId, anchor: addMonths(date, r.months) });
          }
        }
      }
      if (found.length === 0) return [];
      const existing = await repo.existingSourceKeys(ctx.db, found.map((f) => f.key));
      const fresh = found.filter((f) => !existing.has(f.key));
      const flags = new Map((await repo.customerFlags(ctx.db, [...new Set(fresh.map((f) => f.customerId))], classes)).map((f) => [f.id, f]));
      const out: Candidate[] = [];
      for (const f of fresh) {
        const flag = flags.get(f.customerId);
        if (!flag) continue;
        out.push({
          rule,
          anchorAt: anchorInstant(f.anchor, tz),
          row: {
            source_key: f.key,
            customer_id: f.customerId,
            case_id: null,
            unit_id: null,
            order_id: null,
            anchor: f.anchor,
            severity: null,
            do_not_disturb: flag.do_not_disturb,
            reduced_contact: flag.reduced_contact,
          },
        });
      }
      return out;
    }
    default:
      // complaint_closure runs from the complaint module's due work; project milestones have no source yet
      return [];
  }
}

/**
 * Who calls (R-FUP-3); a restricted record (R-FUP-9) goes to a role allowed to see it — a supervisor
 * when the rule's level could not open the record.
 */
function callerRole(rule: repo.RuleRow, severity: Severity | null, p: Planning): string {
  const role = assigneeRoleFor(rule.assignee, severity, p.settings.severityRoles);
  if (Boolean(rule.restricted) && !permissionsOf([role as Role]).has('followup.readRestricted')) return 'supervisor';
  return role;
}

interface Outcome {
  created: number;
  merged: number;
  skipped: number;
  postponed: number;
  sampledOut: number;
  expired: number;
  rows: Record<string, unknown>[];
}

/**
 * Plan candidates into task rows: sampling, the call slot, respect for the customer, merging. Pure
 * apart from reading the customers' open calls and last contacts (one query per 500 customers).
 */
async function planCandidates(ctx: ServiceContext, candidates: readonly Candidate[], p: Planning, extra: { previousTaskId?: string; round?: number } = {}): Promise<Outcome> {
  const outcome: Outcome = { created: 0, merged: 0, skipped: 0, postponed: 0, sampledOut: 0, expired: 0, rows: [] };
  const planned: { c: Candidate; earliest: number; dueBy: number; slot: number }[] = [];
  for (const c of candidates) {
    if (!isSampled(c.row.source_key, c.rule.sampling_percent)) {
      outcome.sampledOut += 1;
      continue;
    }
    const earliest = addTime(c.anchorAt, c.rule.delay_amount, c.rule.delay_unit, p.timeZone);
    const dueBy = addTime(c.anchorAt, c.rule.window_amount, c.rule.window_unit, p.timeZone);
    if (dueBy < p.now) {
      outcome.expired += 1;
      continue;
    }
    planned.push({ c, earliest, dueBy, slot: nextCallSlot(Math.max(earliest, p.now), p.calls) });
  }
  // earlier slots first, then the more important rule: the first one becomes the call others merge into
  planned.sort((a, b) => a.slot - b.slot || b.c.rule.priority - a.c.rule.priority);
  const states = await repo.contactStates(ctx.db, [...new Set(planned.map((x) => x.c.row.customer_id))]);
  const nowIso = new Date(p.now).toISOString();
  for (const { c, dueBy, slot } of planned) {
    const customerId = c.row.customer_id;
    const caseDemanded = Boolean(c.rule.case_demanded);
    const purpose = conditionsOf(c.rule).purpose ?? 'follow_up';
    // a survey goes out as a link: it never merges into a call (nor does a call merge into it)
    const isSurvey = purpose === 'survey';
    const decision = decideRespect(
      { plannedAt: slot, dueBy, caseDemanded },
      {
        doNotDisturb: Boolean(c.row.do_not_disturb),
        reducedContact: Boolean(c.row.reduced_contact),
        openTask: isSurvey ? null : (states.open.get(customerId) ?? null),
        lastContactAt: states.last.get(customerId) ?? null,
      },
      p.settings,
      p.calls,
    );
    const id = newId();
    if (decision.state === 'merged') outcome.merged += 1;
    else if (decision.state === 'skipped') outcome.skipped += 1;
    else {
      outcome.created += 1;
      if (decision.reason) outcome.postponed += 1;
      if (!isSurvey) states.open.set(customerId, { id, plannedAt: decision.plannedAt });
    }
    const plannedIso = new Date(decision.plannedAt).toISOString();
    outcome.rows.push({
      id,
      rule_id: c.rule.id,
      source_key: c.row.source_key,
      purpose,
      customer_id: customerId,
      case_id: c.row.case_id,
      unit_id: c.row.unit_id,
      order_id: c.row.order_id,
      previous_task_id: extra.previousTaskId ?? null,
      round: extra.round ?? 1,
      anchor_at: new Date(c.anchorAt).toISOString(),
      planned_at: plannedIso,
      due_by: new Date(Math.max(dueBy, decision.plannedAt)).toISOString(),
      due_at: plannedIso,
      channel: c.rule.channel,
      assignee_role: callerRole(c.rule, (c.row.severity as Severity | null) ?? null, p),
      assignee_id: null,
      priority: c.rule.priority,
      questionnaire_id: c.rule.questionnaire_id,
      case_demanded: caseDemanded,
      restricted: Boolean(c.rule.restricted),
      state: decision.state,
      state_reason: decision.reason,
      merged_into_id: decision.state === 'merged' ? decision.mergedIntoId : null,
      attempts: 0,
      max_attempts: p.settings.maxAttempts,
      reached: null,
      score: null,
      opened_case_id: null,
      done_at: null,
      done_by: null,
      version: 1,
      created_at: nowIso,
      updated_at: nowIso,
    });
  }
  return outcome;
}

/** Generate the follow-up tasks due up to `asOf` (default today), catching up [7] days. Idempotent. */
export async function runGeneration(ctx: ServiceContext, options: { asOf?: string } = {}): Promise<GenerationResult> {
  const started = performance.now();
  return inTransaction(ctx, async (tx) => {
    // one generator at a time across instances: what it inserts depends on what it read
    await lockBusinessKeys(tx.db, [GENERATE_KIND]);
    const p = await planning(tx);
    const to = options.asOf ?? localDateOf(p.now, p.calls);
    const from = addDays(to, -p.settings.catchUpDays);
    const rules = (await repo.listRules(tx.db)).filter((r) => Boolean(r.enabled));
    let firsts: Map<string, string> | null = null;
    const firstPurchases = async () => {
      if (!firsts) firsts = new Map((await repo.firstPurchases(tx.db, '0001-01-01', to)).map((r) => [r.customer_id, r.first_date]));
      return firsts;
    };
    const candidates: Candidate[] = [];
    for (const rule of rules) candidates.push(...(await candidatesOf(tx, rule, from, to, p, firstPurchases)));
    const outcome = await planCandidates(tx, candidates, p);
    await repo.insertTasks(tx.db, outcome.rows);
    const result: GenerationResult = {
      from,
      to,
      candidates: candidates.length,
      created: outcome.created,
      merged: outcome.merged,
      skipped: outcome.skipped,
      postponed: outcome.postponed,
      sampledOut: outcome.sampledOut,
      ms: 0,
    };
    if (outcome.rows.length > 0) {
      await recordAudit(tx, { entity: 'followup_generation', entityId: `${from}..${to}`, action: 'generate', after: { ...result, expired: outcome.expired } });
    }
    result.ms = Math.round(performance.now() - started);
    return result;
  });
}

/** POST /followups/generate: an administrator runs the generator now. */
export async function generateNow(ctx: ServiceContext, input: { asOf?: string }): Promise<GenerationResult> {
  assertCan(ctx.actor, 'followup.manage');
  return runGeneration(ctx, input);
}

/** The next generator run: the slot after now, keyed by its time so every instance schedules the same row. */
export async function scheduleNextGeneration(ctx: ServiceContext): Promise<void> {
  const settings = await readFollowupSettings(ctx.db);
  const every = settings.generateEveryMinutes * 60_000;
  const next = new Date((Math.floor(ctx.clock.now().getTime() / every) + 1) * every).toISOString();
  await scheduleDueWork(ctx, { kind: GENERATE_KIND, dueAt: next, dedupeKey: `${GENERATE_KIND}:${next}`, maxAttempts: 3 });
}

/**
 * At startup: make sure the generator chain exists (a no-op when its next row is already scheduled);
 * `runNow` (a freshly seeded demo) generates at once, so the demo's queue is not empty for an hour.
 */
export async function ensureFollowupGeneration(ctx: ServiceContext, options: { runNow?: boolean } = {}): Promise<void> {
  if (options.runNow) await runGeneration(ctx);
  await scheduleNextGeneration(ctx);
}

export async function generateDueWork(tx: ServiceContext, _item: DueWorkItem): Promise<void> {
  await runGeneration(tx);
  await scheduleNextGeneration(tx);
}

// ---------------------------------------------------------------------------------------------
// The complaint contract: `followup.after_complaint` {caseId, purpose: 'follow_up' | 'survey'}

export interface PlannedTask {
  task: Record<string, unknown>;
  created: boolean;
}

/**
 * Create the follow-up task (purpose follow_up) or survey task (purpose survey) of a finally closed
 * complaint, by the enabled complaint_closure rule of that purpose. Idempotent per rule × case.
 * Anonymous complaints (no customer) get none (R-CMP-13).
 */
export async function afterComplaint(tx: ServiceContext, item: DueWorkItem): Promise<void> {
  const caseId = String(item.payload?.caseId ?? '');
  const purpose = item.payload?.purpose === 'survey' ? 'survey' : 'follow_up';
  const complaint = await tx.db.selectFrom('cases').select(['id', 'customer_id', 'unit_id', 'severity', 'state']).where('id', '=', caseId).executeTakeFirst();
  if (!complaint?.customer_id) return;
  const customer = await tx.db.selectFrom('customers').select(['do_not_disturb', 'reduced_contact', 'status']).where('id', '=', complaint.customer_id).executeTakeFirst();
  if (!customer || customer.status !== 'active') return;
  const rules = (await repo.listRules(tx.db)).filter(
    (r) => Boolean(r.enabled) && r.trigger_kind === 'complaint_closure' && (conditionsOf(r).purpose ?? 'follow_up') === purpose,
  );
  if (rules.length === 0) return;
  await lockBusinessKeys(tx.db, [GENERATE_KIND]);
  const p = await planning(tx);
  const candidates: Candidate[] = rules.map((rule) => ({
    rule,
    // the window counts from when the row ran: a closure handled late (sweeper down) still gets its call
    anchorAt: Math.max(Date.parse(item.dueAt), p.now),
    row: {
      source_key: `complaint:${rule.id}:${complaint.id}`,
      customer_id: complaint.customer_id as string,
      case_id: complaint.id,
      unit_id: complaint.unit_id,
      order_id: null,
      anchor: item.dueAt,
      severity: complaint.severity,
      do_not_disturb: customer.do_not_disturb,
      reduced_contact: customer.reduced_contact,
    },
  }));
  const existing = await repo.existingSourceKeys(tx.db, candidates.map((c) => c.row.source_key));
  const fresh = candidates.filter((c) => !existing.has(c.row.source_key));
  const outcome = await planCandidates(tx, fresh, p);
  for (const row of outcome.rows) {
    if (await repo.insertTaskIfNew(tx.db, row)) {
      await recordAudit(tx, { entity: 'followup_task', entityId: String(row.id), action: 'create', after: { sourceKey: row.source_key, state: row.state, plannedAt: row.planned_at } });
      await afterTaskCreated(tx, row);
    }
  }
}

/** Hooks run for a task created outside the batch generator (e.g. a survey task sends its link). */
type TaskCreatedHook = (tx: ServiceContext, row: Record<string, unknown>) => Promise<void>;
const taskCreatedHooks: TaskCreatedHook[] = [];
export function onTaskCreated(hook: TaskCreatedHook): void {
  taskCreatedHooks.push(hook);
}
async function afterTaskCreated(tx: ServiceContext, row: Record<string, unknown>): Promise<void> {
  for (const hook of taskCreatedHooks) await hook(tx, row);
}

/** A follow-up of an unresolved problem (R-FUP-7): the next round, after [7] days, demanded by the case. */
export async function scheduleNextRound(tx: ServiceContext, previous: repo.TaskRow): Promise<string | null> {
  const p = await planning(tx);
  const rule = previous.rule_id ? await repo.findRule(tx.db, previous.rule_id) : undefined;
  const earliest = p.now + p.settings.unresolvedFollowupDays * DAY_MS;
  const slot = nextCallSlot(earliest, p.calls);
  const nowIso = new Date(p.now).toISOString();
  const id = newId();
  const inserted = await repo.insertTaskIfNew(tx.db, {
    id,
    rule_id: previous.rule_id,
    source_key: `next:${previous.id}`,
    purpose: 'follow_up',
    customer_id: previous.customer_id,
    case_id: previous.case_id,
    unit_id: previous.unit_id,
    order_id: previous.order_id,
    previous_task_id: previous.id,
    round: previous.round + 1,
    anchor_at: nowIso,
    planned_at: new Date(slot).toISOString(),
    due_by: new Date(addTime(slot, rule?.window_amount ?? 7, rule?.window_unit ?? 'days', p.timeZone)).toISOString(),
    due_at: new Date(slot).toISOString(),
    channel: previous.channel,
    assignee_role: previous.assignee_role,
    assignee_id: previous.assignee_id,
    priority: previous.priority,
    questionnaire_id: previous.questionnaire_id,
    case_demanded: true,
    restricted: Boolean(previous.restricted),
    state: 'pending',
    state_reason: 'unresolved_problem',
    merged_into_id: null,
    attempts: 0,
    max_attempts: p.settings.maxAttempts,
    reached: null,
    score: null,
    opened_case_id: null,
    done_at: null,
    done_by: null,
    version: 1,
    created_at: nowIso,
    updated_at: nowIso,
  });
  if (!inserted) return null;
  await recordAudit(tx, { entity: 'followup_task', entityId: id, action: 'create', after: { previousTaskId: previous.id, round: previous.round + 1, plannedAt: new Date(slot).toISOString() } });
  return id;
}
