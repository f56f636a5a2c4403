/**
 * Deadline arithmetic on the company calendar (R-CAL-2..4).
 *
 * Units
 * - clock_hours: elapsed wall time; the calendar is not consulted ("within 24 hours").
 * - business_hours: only time inside the business windows of working days counts, read in the
 *   company time zone. A start outside a window starts counting at the next window opening. A
 *   deadline that uses up a window exactly ends at that window's close (09:00 + 3 h → 12:00, not
 *   13:30). Fractions are exact to the millisecond (0.5 h = 30 min).
 * - working_days ("within N working days", 工作日): the day of receipt never counts, whatever the
 *   hour and whether or not it is a working day; counting starts on the next working day, and the
 *   deadline is the close of business (end of the last window) of the N-th working day after the
 *   day of receipt. This is the rule of the Civil Code of the PRC for periods counted in days
 *   (民法典 第二百零一条: 开始的当日不计入，自下一日开始计算; 第二百零三条: 有业务时间的，停止业务活动的
 *   时间为截止时间) applied to working days, and how service departments read "3个工作日内".
 *   Monday 10:00 + 3 → Thursday 18:00; Saturday + 1 → Monday 18:00; Friday 17:59 + 1 → Monday 18:00.
 *   N must be a whole number.
 * - amount must be a finite number > 0; anything else throws a RangeError (the API answers 400).
 *
 * Pauses (R-CAL-3): a deadline is {start, duration, pauses: [{from, to|null}]}. When a pause starts,
 * the time left is measured in the unit's currency — wall time for clock_hours, business time for
 * business_hours and for working_days (a working-days deadline is converted at the pause to the
 * business time between the pause and its due instant) — and on resume the new due instant is the
 * resume instant plus that time left. A pause that starts at or after the current due instant (the
 * deadline is already breached) changes nothing; pauses after completion are ignored.
 */
import { type InstantWindow, instantWindowsOn, isWorkingDay, localDateOf, type WorkingCalendar } from './calendar.js';
import { addDays, type DateKey } from './dates.js';

export type DurationUnit = 'clock_hours' | 'business_hours' | 'working_days';
export const DURATION_UNITS: readonly DurationUnit[] = ['clock_hours', 'business_hours', 'working_days'];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export const HOUR_MS = 3_600_000;

/** Give up when this many consecutive days have no business time (a calendar that never works). */
const MAX_IDLE_DAYS = 400;

function noWorkingTime(from: DateKey): never {
  throw new RangeError(`the calendar has no working time in the ${MAX_IDLE_DAYS} days after ${from}`);
}

export function assertValidDuration(duration: Duration): void {
  const { amount, unit } = duration;
  if (unit !== 'clock_hours' && unit !== 'business_hours' && unit !== 'working_days') {
    throw new RangeError(`unknown duration unit: ${String(unit)}`);
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
    throw new RangeError('duration amount must be a number greater than 0');
  }
  if (unit === 'working_days' && !Number.isInteger(amount)) {
    throw new RangeError('working days must be a whole number');
  }
}

/** The instant `businessMs` of business time after `start` (start itself when businessMs is 0). */
export function addBusinessTime(start: number, businessMs: number, cal: WorkingCalendar): number {
  if (businessMs < 0) throw new RangeError('business time must not be negative');
  if (businessMs === 0) return start;
  let remaining = businessMs;
  const first = localDateOf(start, cal);
  let date = first;
  let idle = 0;
  for (;;) {
    const windows = instantWindowsOn(date, cal);
    if (windows.length === 0 && ++idle > MAX_IDLE_DAYS) noWorkingTime(first);
    if (windows.length > 0) idle = 0;
    for (const w of windows) {
      const from = Math.max(w.start, start);
      if (from >= w.end) continue;
      const available = w.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    date = addDays(date, 1);
  }
}

function overlap(w: InstantWindow, from: number, to: number): number {
  return Math.max(0, Math.min(w.end, to) - Math.max(w.start, from));
}

/** Business time (ms) between two instants; negative when `to` is before `from`. */
export function businessTimeBetween(from: Date | number, to: Date | number, cal: WorkingCalendar): number {
  const a = typeof from === 'number' ? from : from.getTime();
  const b = typeof to === 'number' ? to : to.getTime();
  if (b < a) return -businessTimeBetween(b, a, cal);
  let total = 0;
  const last = localDateOf(b, cal);
  for (let date = localDateOf(a, cal); date <= last; date = addDays(date, 1)) {
    for (const w of instantWindowsOn(date, cal)) total += overlap(w, a, b);
  }
  return total;
}

/** The N-th working day after `date` (N ≥ 1). */
export function nthWorkingDayAfter(date: DateKey, n: number, cal: WorkingCalendar): DateKey {
  let day = date;
  let counted = 0;
  let idle = 0;
  while (counted < n) {
    day = addDays(day, 1);
    if (isWorkingDay(day, cal)) {
      counted += 1;
      idle = 0;
    } else if (++idle > MAX_IDLE_DAYS) noWorkingTime(date);
  }
  return day;
}

/** Close of business of a working day: the end of its last window. */
export function closeOfBusiness(date: DateKey, cal: WorkingCalendar): number {
  const windows = instantWindowsOn(date, cal);
  if (windows.length === 0) throw new RangeError(`${date} is not a working day`);
  return windows[windows.length - 1].end;
}

/** The due instant of `duration` counted from `start` (see the unit rules at the top of this file). */
export function addDuration(start: Date, duration: Duration, cal: WorkingCalendar): Date {
  assertValidDuration(duration);
  const t = start.getTime();
  if (!Number.isFinite(t)) throw new RangeError('start is not a valid instant');
  switch (duration.unit) {
    case 'clock_hours':
      return new Date(t + Math.round(duration.amount * HOUR_MS));
    case 'business_hours':
      return new Date(addBusinessTime(t, Math.round(duration.amount * HOUR_MS), cal));
    case 'working_days':
      return new Date(closeOfBusiness(nthWorkingDayAfter(localDateOf(t, cal), duration.amount, cal), cal));
  }
}

// ---------------------------------------------------------------------------------------------
// Pauses, remaining time, status

export interface Pause {
  from: Date;
  /** null while the pause is still open (waiting on the customer) */
  to: Date | null;
}

export interface Deadline {
  start: Date;
  duration: Duration;
  pauses?: readonly Pause[];
  /** when the work the deadline guards was done */
  completedAt?: Date | null;
}

/** Time left in the unit's currency: wall ms for clock hours, business ms otherwise. */
function timeLeft(unit: DurationUnit, from: number, due: number, cal: WorkingCalendar): number {
  return unit === 'clock_hours' ? due - from : businessTimeBetween(from, due, cal);
}

function extend(unit: DurationUnit, from: number, left: number, cal: WorkingCalendar): number {
  return unit === 'clock_hours' ? from + left : addBusinessTime(from, left, cal);
}

export function assertValidPauses(deadline: Deadline): void {
  const pauses = deadline.pauses ?? [];
  let previousEnd = deadline.start.getTime();
  pauses.forEach((p, i) => {
    const from = p.from.getTime();
    if (!Number.isFinite(from)) throw new RangeError(`pause ${i}: from is not a valid instant`);
    if (from < previousEnd)
      throw new RangeError(`pause ${i}: must start after the deadline starts and after the previous pause ends`);
    if (p.to === null) {
      if (i !== pauses.length - 1) throw new RangeError(`pause ${i}: only the last pause may still be open`);
      return;
    }
    const to = p.to.getTime();
    if (!Number.isFinite(to) || to < from) throw new RangeError(`pause ${i}: must end after it starts`);
    previousEnd = to;
  });
}

interface Evaluation {
  /** the due instant, or null while paused */
  due: number | null;
  /** when paused: since when, and the time left frozen at that moment (unit currency) */
  pausedAt: number | null;
  frozenLeft: number | null;
}

/**
 * Replay the pauses up to `asOf` (pauses starting at/after asOf are not yet known; one that ends
 * after asOf is still open at asOf).
 */
function evaluate(deadline: Deadline, cal: WorkingCalendar, asOf: number | null): Evaluation {
  assertValidPauses(deadline);
  const unit = deadline.duration.unit;
  let due = addDuration(deadline.start, deadline.duration, cal).getTime();
  for (const pause of deadline.pauses ?? []) {
    const from = pause.from.getTime();
    if (asOf !== null && from >= asOf) break;
    if (from >= due) break; // already breached when the pause began: nothing is left to keep
    const left = timeLeft(unit, from, due, cal);
    const to = pause.to === null ? null : pause.to.getTime();
    if (to === null || (asOf !== null && to > asOf)) return { due: null, pausedAt: from, frozenLeft: left };
    due = extend(unit, to, left, cal);
  }
  return { due, pausedAt: null, frozenLeft: null };
}

/** The due instant after all pauses; null while the last pause is still open. */
export function dueAt(deadline: Deadline, cal: WorkingCalendar): Date | null {
  const { due } = evaluate(deadline, cal, null);
  return due === null ? null : new Date(due);
}

export interface Remaining {
  unit: DurationUnit;
  /** wall ms for clock_hours, business ms for business_hours/working_days; negative when overdue */
  ms: number;
  /** ms in hours */
  hours: number;
  /** working_days only: whole working days left after today (today's remaining time is in `todayMs`) */
  workingDays?: number;
  /** working_days only: business ms left today (until close of business or the due instant) */
  todayMs?: number;
  paused: boolean;
}

/** Time left at `now` in the unit's terms (frozen while paused). */
export function remaining(deadline: Deadline, now: Date, cal: WorkingCalendar): Remaining {
  const unit = deadline.duration.unit;
  const at = now.getTime();
  const ev = evaluate(deadline, cal, at);
  const paused = ev.due === null;
  const ref = paused ? (ev.pausedAt as number) : at;
  const due = paused ? extend(unit, ref, ev.frozenLeft as number, cal) : (ev.due as number);
  const ms = paused ? (ev.frozenLeft as number) : timeLeft(unit, ref, due, cal);
  const result: Remaining = { unit, ms, hours: ms / HOUR_MS, paused };
  if (unit === 'working_days') {
    const today = localDateOf(ref, cal);
    const dueDate = localDateOf(due, cal);
    let days = 0;
    for (let d = addDays(today, 1); d <= dueDate; d = addDays(d, 1)) if (isWorkingDay(d, cal)) days += 1;
    result.workingDays = ms > 0 ? days : 0;
    const endOfToday = instantWindowsOn(today, cal).at(-1)?.end ?? ref;
    result.todayMs = ms > 0 ? Math.max(0, businessTimeBetween(ref, Math.min(endOfToday, due), cal)) : 0;
  }
  return result;
}

export type DeadlineState = 'running' | 'paused' | 'met' | 'breached';

export interface DeadlineStatus {
  /** the due instant; null while paused (see projectedDueAt) */
  dueAt: Date | null;
  /** while paused: the due instant if the clock were resumed now */
  projectedDueAt: Date | null;
  state: DeadlineState;
  /** running and due within the threshold */
  dueSoon: boolean;
  /** wall time until due (running/paused: from now; met: from completion); null when breached */
  timeLeftMs: number | null;
  /** wall time past due (breached: until completion or now); null otherwise */
  overdueByMs: number | null;
  completedAt: Date | null;
  remaining: Remaining;
}

/**
 * Everything a screen shows about a deadline (R-CAL-4). `dueSoonThreshold`: a wall-time window in ms,
 * or a Duration (e.g. 2 business hours) — due soon when the due instant falls within it from now.
 */
export function status(
  deadline: Deadline,
  now: Date,
  cal: WorkingCalendar,
  dueSoonThreshold: number | Duration = 0,
): DeadlineStatus {
  const unit = deadline.duration.unit;
  const completedAt = deadline.completedAt ?? null;
  const at = (completedAt ?? now).getTime();
  const ev = evaluate(deadline, cal, at);
  const rem = remaining(deadline, completedAt ?? now, cal);

  if (ev.due === null) {
    const projected = extend(unit, at, ev.frozenLeft as number, cal);
    if (completedAt) {
      // finished while waiting on the customer: the clock was stopped, so the deadline was met
      return {
        dueAt: null,
        projectedDueAt: new Date(projected),
        state: 'met',
        dueSoon: false,
        timeLeftMs: projected - at,
        overdueByMs: null,
        completedAt,
        remaining: rem,
      };
    }
    return {
      dueAt: null,
      projectedDueAt: new Date(projected),
      state: 'paused',
      dueSoon: false,
      timeLeftMs: projected - at,
      overdueByMs: null,
      completedAt: null,
      remaining: rem,
    };
  }

  const due = ev.due;
  const base = { dueAt: new Date(due), projectedDueAt: null, completedAt, remaining: rem };
  if (at > due) return { ...base, state: 'breached', dueSoon: false, timeLeftMs: null, overdueByMs: at - due };
  if (completedAt) return { ...base, state: 'met', dueSoon: false, timeLeftMs: due - at, overdueByMs: null };
  const soonLimit =
    typeof dueSoonThreshold === 'number' ? at + dueSoonThreshold : addDuration(new Date(at), dueSoonThreshold, cal).getTime();
  return { ...base, state: 'running', dueSoon: due <= soonLimit, timeLeftMs: due - at, overdueByMs: null };
}
