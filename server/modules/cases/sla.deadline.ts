/**
 * Deadline arithmetic of the case core, on top of the pure calendar (server/platform/calendar):
 * due instants, the escalation ladder's times, pause/resume with the time left kept (R-CAL-3), and
 * what a screen shows for a deadline (R-CAL-4). No database here.
 *
 * Time left is kept in the unit's own currency, as the calendar's `remaining()` does: wall time for
 * clock hours, business time for business hours and working days (a working-days deadline paused on
 * Tuesday 10:00 with Thursday 18:00 due keeps the business time between the two, and on resume the
 * new due instant is that much business time after the resume).
 *
 * The stored due instant is the truth: a screen shows the same due time the escalation ladder was
 * scheduled for, even if an administrator edits the calendar afterwards.
 */
import {
  addBusinessTime,
  addDuration,
  businessTimeBetween,
  type Duration,
  type DurationUnit,
  type WorkingCalendar,
} from '../../platform/calendar/index.js';

export const MINUTE_MS = 60_000;

/** Escalation levels: 1 due soon → owner (即将超时); 2 due → breached, supervisor; 3 later → department head (升级). */
export type EscalationLevel = 1 | 2 | 3;

export interface LadderSettings {
  warnBeforeMinutes: number;
  escalateAfterMinutes: number;
}

/** When each level of the ladder is due for a deadline due at `due`. */
export function ladderTimes(due: Date, ladder: LadderSettings): Record<EscalationLevel, Date> {
  return {
    1: new Date(due.getTime() - ladder.warnBeforeMinutes * MINUTE_MS),
    2: due,
    3: new Date(due.getTime() + ladder.escalateAfterMinutes * MINUTE_MS),
  };
}

/** The next level to schedule after `firedLevel`, and when (never earlier than `now`); null after level 3. */
export function nextLevel(
  firedLevel: number,
  due: Date,
  ladder: LadderSettings,
  now: Date,
): { level: EscalationLevel; at: Date } | null {
  if (firedLevel >= 3) return null;
  const level = (firedLevel + 1) as EscalationLevel;
  const at = ladderTimes(due, ladder)[level];
  return { level, at: at.getTime() < now.getTime() ? now : at };
}

export function dueFrom(start: Date, duration: Duration, cal: WorkingCalendar): Date {
  return addDuration(start, duration, cal);
}

/** Time left from `from` to `due` in the unit's currency (negative when overdue). */
export function timeLeftInUnit(unit: DurationUnit, from: Date, due: Date, cal: WorkingCalendar): number {
  return unit === 'clock_hours' ? due.getTime() - from.getTime() : businessTimeBetween(from, due, cal);
}

/** The due instant when a paused deadline with `left` (unit currency) resumes at `at`. */
export function dueAfterResume(unit: DurationUnit, at: Date, left: number, cal: WorkingCalendar): Date {
  if (left <= 0) return at;
  return unit === 'clock_hours' ? new Date(at.getTime() + left) : new Date(addBusinessTime(at.getTime(), left, cal));
}

/** The full duration in the unit's currency, for a deadline that starts paused (case already waiting). */
export function fullTimeInUnit(start: Date, duration: Duration, cal: WorkingCalendar): number {
  return timeLeftInUnit(duration.unit, start, dueFrom(start, duration, cal), cal);
}

// ---------------------------------------------------------------------------------------------
// What a screen shows

export type StoredDeadlineState = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
export type DeadlineDisplay = 'running' | 'due_soon' | 'overdue' | 'paused' | 'met' | 'met_late' | 'breached' | 'cancelled';

export interface StoredDeadline {
  unit: DurationUnit;
  state: StoredDeadlineState;
  dueAt: string | null;
  warnAt: string | null;
  pausedAt: string | null;
  remainingMs: number | null;
  metAt: string | null;
  breachedAt: string | null;
}

export interface DeadlineDisplayView {
  status: DeadlineDisplay;
  projectedDueAt: string | null;
  timeLeftMs: number | null;
  unitTimeLeftMs: number | null;
  overdueByMs: number | null;
}

/** Status, time left or overdue by, at `now` (R-CAL-4). */
export function displayDeadline(d: StoredDeadline, now: Date, cal: WorkingCalendar): DeadlineDisplayView {
  const at = now.getTime();
  const due = d.dueAt ? new Date(d.dueAt) : null;
  const none = { projectedDueAt: null, timeLeftMs: null, unitTimeLeftMs: null, overdueByMs: null };
  switch (d.state) {
    case 'cancelled':
      return { status: 'cancelled', ...none };
    case 'met': {
      const late = Boolean(d.breachedAt) || (due !== null && d.metAt !== null && new Date(d.metAt).getTime() > due.getTime());
      const metAt = d.metAt ? new Date(d.metAt).getTime() : at;
      return late && due
        ? { status: 'met_late', ...none, overdueByMs: metAt - due.getTime() }
        : { status: late ? 'met_late' : 'met', ...none, timeLeftMs: due ? Math.max(0, due.getTime() - metAt) : null };
    }
    case 'breached':
      return { status: 'breached', ...none, overdueByMs: due ? Math.max(0, at - due.getTime()) : null };
    case 'paused': {
      const left = d.remainingMs ?? 0;
      const projected = dueAfterResume(d.unit, now, left, cal);
      return {
        status: 'paused',
        projectedDueAt: projected.toISOString(),
        timeLeftMs: projected.getTime() - at,
        unitTimeLeftMs: left,
        overdueByMs: null,
      };
    }
    case 'running': {
      if (!due) return { status: 'running', ...none };
      if (at > due.getTime()) return { status: 'overdue', ...none, overdueByMs: at - due.getTime() };
      const soon = d.warnAt !== null && at >= new Date(d.warnAt).getTime();
      return {
        status: soon ? 'due_soon' : 'running',
        projectedDueAt: null,
        timeLeftMs: due.getTime() - at,
        unitTimeLeftMs: timeLeftInUnit(d.unit, now, due, cal),
        overdueByMs: null,
      };
    }
  }
}
