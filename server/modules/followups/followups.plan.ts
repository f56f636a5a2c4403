/**
 * Pure planning rules of follow-ups (R-FUP-1..4): when a task is due after its anchor, the first
 * call-window slot on a working day, sampling, cadences, who calls, and how a new task respects the
 * customer (do-not-disturb, reduced frequency, one contact per N days, merging into one call).
 * No database, no clock: everything is passed in, so every rule is unit-tested densely.
 */
import {
  addDays,
  type BusinessWindow,
  daysInMonth,
  formatDateKey,
  instantWindowsOn,
  localDateOf,
  makeCalendar,
  parseDateKey,
  type WorkingCalendar,
} from '../../platform/calendar/index.js';
import { wallClockOf, wallTimeToInstant } from '../../platform/calendar/timezone.js';

export type TimeUnit = 'hours' | 'days' | 'months';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The month-end-clamped date `months` months after `date` (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseDateKey(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatDateKey(y, m, Math.min(day, daysInMonth(y, m)));
}

/**
 * `amount` `unit` after `instant` in the company time zone: hours are clock hours; days and months
 * keep the wall-clock time of day (a task 3 days after 10:15 is at 10:15 three days later).
 */
export function addTime(instant: number, amount: number, unit: TimeUnit, timeZone: string): number {
  if (unit === 'hours') return instant + amount * HOUR_MS;
  const wall = wallClockOf(instant, timeZone);
  const msOfDay = instant - wallTimeToInstant(wall.date, 0, timeZone).getTime();
  const date = unit === 'days' ? addDays(wall.date, amount) : addMonths(wall.date, amount);
  return wallTimeToInstant(date, msOfDay, timeZone).getTime();
}

/**
 * The calendar whose "business hours" are the call windows: the company's time zone, weekends,
 * holidays and make-up working days (调休), with the follow-up call windows instead of office hours.
 */
export function callCalendar(company: WorkingCalendar, callWindows: readonly BusinessWindow[]): WorkingCalendar {
  return makeCalendar({
    timeZone: company.timeZone,
    businessHours: callWindows,
    weekendDays: company.weekendDays,
    days: company.days,
  });
}

/** How far ahead a slot is searched: a calendar with no working day in a year is a configuration error. */
const MAX_SEARCH_DAYS = 400;

/** The first instant ≥ `earliest` inside a call window of a working day (holidays skipped, 调休 days included). */
export function nextCallSlot(earliest: number, calls: WorkingCalendar): number {
  let date = localDateOf(earliest, calls);
  for (let i = 0; i < MAX_SEARCH_DAYS; i += 1) {
    for (const window of instantWindowsOn(date, calls)) {
      if (earliest < window.end) return Math.max(earliest, window.start);
    }
    date = addDays(date, 1);
  }
  throw new RangeError('no call window in the next 400 days: check the calendar and the call windows');
}

/** Is `instant` inside a call window of a working day? */
export function inCallWindow(instant: number, calls: WorkingCalendar): boolean {
  return instantWindowsOn(localDateOf(instant, calls), calls).some((w) => instant >= w.start && instant < w.end);
}

/** A stable 0..99 bucket of a text (FNV-1a), so sampling the same source always gives the same answer. */
export function sampleBucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}

/** Whether a source is in the rule's sample (e.g. 30 % of maintenance visits). */
export function isSampled(key: string, percent: number): boolean {
  if (percent >= 100) return true;
  if (percent <= 0) return false;
  return sampleBucket(key) < percent;
}

/** One step of a cadence: every `everyMonths` from `fromMonths` on, up to and including `untilMonths`. */
export interface CadenceStep {
  everyMonths: number;
  fromMonths: number;
  /** null: no end (capped at MAX_CADENCE_MONTHS) */
  untilMonths: number | null;
}
export const MAX_CADENCE_MONTHS = 240;

/** The month offsets of a cadence, ascending and distinct, e.g. quarterly then half-yearly then yearly. */
export function cadenceMonths(steps: readonly CadenceStep[], cap = MAX_CADENCE_MONTHS): number[] {
  const months = new Set<number>();
  for (const step of steps) {
    if (!(step.everyMonths >= 1)) continue;
    const until = Math.min(step.untilMonths ?? cap, cap);
    for (let m = step.fromMonths; m <= until; m += step.everyMonths) if (m >= 0) months.add(m);
  }
  return [...months].sort((a, b) => a - b);
}

/**
 * The anchors (dates) whose `months`-th anniversary falls within [from, to]: a range of anchor
 * dates, because adding months is monotonic. Month ends make several anchors land on one day
 * (01-29/30/31 + 1 month → 02-28); the range covers them all.
 */
export function anchorRangeFor(months: number, from: string, to: string): { from: string; to: string } {
  let start = addMonths(from, -months);
  // the earliest anchor that still lands on or after `from`
  while (addMonths(addDays(start, -1), months) >= from) start = addDays(start, -1);
  while (addMonths(start, months) < from) start = addDays(start, 1);
  let end = addMonths(to, -months);
  while (addMonths(addDays(end, 1), months) <= to) end = addDays(end, 1);
  return { from: start, to: end };
}

/** Calendar periods of an account cadence (twice a year → H1/H2, four times → Q1..Q4). */
export function periodOf(date: string, perYear: number): { key: string; from: string; to: string } {
  const { year, month } = parseDateKey(date);
  const n = [1, 2, 3, 4, 6, 12].includes(perYear) ? perYear : 1;
  const length = 12 / n;
  const index = Math.floor((month - 1) / length);
  const fromMonth = index * length + 1;
  const toMonth = fromMonth + length - 1;
  const label = n === 1 ? 'Y' : n === 2 ? `H${index + 1}` : n === 4 ? `Q${index + 1}` : `P${index + 1}`;
  return {
    key: `${year}-${label}`,
    from: formatDateKey(year, fromMonth, 1),
    to: formatDateKey(year, toMonth, daysInMonth(year, toMonth)),
  };
}

export type Severity = 'general' | 'important' | 'major';
export type SeverityRoles = Record<Severity, string>;
export type Assignee = 'agent' | 'supervisor' | 'manager' | 'by_severity';

/** Who calls (R-FUP-3): a fixed level, or by the case's severity (general → agent, important → supervisor, major → manager). */
export function assigneeRoleFor(assignee: Assignee, severity: Severity | null, severityRoles: SeverityRoles): string {
  if (assignee === 'agent') return 'agent';
  if (assignee === 'supervisor') return 'supervisor';
  if (assignee === 'manager') return 'department_head';
  return severityRoles[severity ?? 'general'] ?? 'agent';
}

// ---------------------------------------------------------------------------------------------
// Respecting the customer (R-FUP-4)

export interface CustomerContactState {
  doNotDisturb: boolean;
  reducedContact: boolean;
  /** the open call (pending primary task) of the customer, if any */
  openTask: { id: string; plannedAt: number } | null;
  /** the last time the customer was contacted (a reached or attempted follow-up), epoch ms */
  lastContactAt: number | null;
}

export interface RespectSettings {
  minContactGapDays: number;
  reducedContactGapDays: number;
}

export interface PlannedCandidate {
  /** the first call slot the rule allows */
  plannedAt: number;
  /** end of the rule's window */
  dueBy: number;
  /** the customer's case demands this contact (not held back by the contact gap) */
  caseDemanded: boolean;
}

export type RespectDecision =
  | { state: 'pending'; plannedAt: number; reason: string | null }
  | { state: 'merged'; mergedIntoId: string; plannedAt: number; reason: 'merged_same_customer' }
  | { state: 'skipped'; plannedAt: number; reason: 'do_not_disturb' };

/**
 * What becomes of a new task for a customer:
 *  - do-not-disturb: skipped, unless a case demands the contact;
 *  - an open call for the customer that happens before this task's window ends: merged into it
 *    (one call covers both);
 *  - contacted less than [7] days ago ([30] when the customer asked for reduced frequency) and no
 *    case demands it: postponed to the first slot after the gap;
 *  - otherwise a new call at its planned slot.
 */
export function decideRespect(
  candidate: PlannedCandidate,
  customer: CustomerContactState,
  settings: RespectSettings,
  calls: WorkingCalendar,
): RespectDecision {
  if (customer.doNotDisturb && !candidate.caseDemanded) {
    return { state: 'skipped', plannedAt: candidate.plannedAt, reason: 'do_not_disturb' };
  }
  if (customer.openTask && customer.openTask.plannedAt <= candidate.dueBy) {
    return { state: 'merged', mergedIntoId: customer.openTask.id, plannedAt: customer.openTask.plannedAt, reason: 'merged_same_customer' };
  }
  if (!candidate.caseDemanded && customer.lastContactAt !== null) {
    const gapDays = customer.reducedContact ? settings.reducedContactGapDays : settings.minContactGapDays;
    const allowedFrom = customer.lastContactAt + gapDays * DAY_MS;
    if (candidate.plannedAt < allowedFrom) {
      return { state: 'pending', plannedAt: nextCallSlot(allowedFrom, calls), reason: customer.reducedContact ? 'postponed_reduced_contact' : 'postponed_contact_gap' };
    }
  }
  return { state: 'pending', plannedAt: candidate.plannedAt, reason: null };
}
