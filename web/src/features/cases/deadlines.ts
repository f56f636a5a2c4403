import type { TFunction } from 'i18next';
import type { CaseSummary, DeadlineView } from './api';

/**
 * How a deadline looks on screen (R-CAL-4): the colour follows the status, and the status follows
 * the clock — a running deadline whose due time passed while the page was open turns red at once,
 * without waiting for the next refresh. Pure functions, unit-tested in deadlines.test.ts.
 */
export type DeadlineStatus = DeadlineView['status'];
/** what a queue row shows: a deadline status, or 'none' when the case has no open deadline */
export type QueueDeadlineStatus = DeadlineStatus | 'none';

/** antd Tag colours: green running, orange due soon, red overdue/breached, grey met/cancelled, blue paused. */
export const STATUS_COLOUR: Record<QueueDeadlineStatus, string> = {
  running: 'success',
  due_soon: 'warning',
  overdue: 'error',
  breached: 'error',
  met: 'default',
  met_late: 'default',
  cancelled: 'default',
  paused: 'processing',
  none: 'default',
};

/** Open (still counting or still owed) statuses, most urgent first: the order the panel sorts by. */
const URGENCY_ORDER: QueueDeadlineStatus[] = [
  'overdue',
  'breached',
  'due_soon',
  'running',
  'paused',
  'met_late',
  'met',
  'cancelled',
  'none',
];

export function statusRank(status: QueueDeadlineStatus): number {
  return URGENCY_ORDER.indexOf(status);
}

/** The status now: the server's, moved on to 'overdue' when the due time has passed since it was read. */
export function liveDeadlineStatus(d: Pick<DeadlineView, 'status' | 'dueAt'>, now: number): DeadlineStatus {
  if ((d.status === 'running' || d.status === 'due_soon') && d.dueAt && Date.parse(d.dueAt) <= now) return 'overdue';
  return d.status;
}

/** Milliseconds left until due (null when the deadline is not counting down or is past due). */
export function liveTimeLeftMs(d: Pick<DeadlineView, 'status' | 'dueAt' | 'timeLeftMs'>, now: number): number | null {
  const status = liveDeadlineStatus(d, now);
  if (status === 'paused') return d.timeLeftMs;
  if (status !== 'running' && status !== 'due_soon') return null;
  if (!d.dueAt) return d.timeLeftMs;
  return Math.max(0, Date.parse(d.dueAt) - now);
}

/** Milliseconds past due: until now while open, until it was met when met late. */
export function liveOverdueByMs(d: Pick<DeadlineView, 'status' | 'dueAt' | 'overdueByMs' | 'metAt'>, now: number): number | null {
  const status = liveDeadlineStatus(d, now);
  if (status === 'overdue' || status === 'breached') return d.dueAt ? Math.max(0, now - Date.parse(d.dueAt)) : d.overdueByMs;
  if (status === 'met_late') return d.overdueByMs;
  return null;
}

/**
 * A queue row's deadline: the list API gives the earliest running due time and whether any deadline
 * is overdue, not the warning time of the policy, so "due soon" means within `dueSoonMs` (or the
 * row is in the 即将超时 queue, which the server selects by the policies' warning times).
 */
export function queueDeadlineStatus(
  c: Pick<CaseSummary, 'overdue' | 'nextDueAt' | 'waitingOn'>,
  now: number,
  options: { dueSoonMs?: number; knownDueSoon?: boolean } = {},
): QueueDeadlineStatus {
  if (c.overdue) return 'overdue';
  if (c.nextDueAt) {
    const left = Date.parse(c.nextDueAt) - now;
    if (left <= 0) return 'overdue';
    if (options.knownDueSoon || left <= (options.dueSoonMs ?? DEFAULT_DUE_SOON_MS)) return 'due_soon';
    return 'running';
  }
  if (c.waitingOn) return 'paused';
  return 'none';
}

/** When the list cannot know a policy's warning time: one hour before due counts as due soon. */
export const DEFAULT_DUE_SOON_MS = 60 * 60_000;

export interface DurationParts {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes of a span (rounded down to the minute; under a minute is 0 minutes). */
export function splitDuration(ms: number): DurationParts {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

/** '2天3小时' / '3小时15分' / '12分钟' / '不到1分钟' — the two largest units, in the user's language. */
export function formatDuration(ms: number, t: TFunction): string {
  const { days, hours, minutes } = splitDuration(ms);
  if (days > 0) return hours > 0 ? t('cases:duration.daysHours', { days, hours }) : t('cases:duration.days', { count: days });
  if (hours > 0)
    return minutes > 0 ? t('cases:duration.hoursMinutes', { hours, minutes }) : t('cases:duration.hours', { count: hours });
  if (minutes > 0) return t('cases:duration.minutes', { count: minutes });
  return t('cases:duration.lessThanMinute');
}

/** The policy's own terms: '4 工作小时', '3 个工作日', '0.5 小时'. */
export function formatPolicyAmount(amount: number, unit: DeadlineView['unit'], t: TFunction): string {
  return t(`cases:deadlineUnitAmount.${unit}`, { count: amount });
}
