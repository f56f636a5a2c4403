/**
 * The company working calendar (R-CAL-1): time zone, business-hour windows, weekends, and per-date
 * overrides — public holidays and make-up working days (调休/补班). Pure data and pure functions.
 */
import { type DateKey, isDateKey, weekdayOf } from './dates.js';
import { wallClockOf, wallTimeToInstant } from './timezone.js';

/** One business-hour window of a day in wall-clock time, 'HH:MM'–'HH:MM' (end may be '24:00'). */
export interface BusinessWindow {
  start: string;
  end: string;
}

/** A date that differs from the weekly pattern. */
export type DayOverride = { kind: 'holiday'; name: string } | { kind: 'workday'; name: string };

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WorkingCalendar {
  /** IANA zone the business hours and dates are read in, e.g. 'Asia/Shanghai' */
  timeZone: string;
  /** windows of an ordinary working day, sorted and non-overlapping */
  businessHours: readonly BusinessWindow[];
  /**
   * Optional different windows for one weekday (e.g. Saturday 09:00–12:00 for a shop that works
   * Saturdays). Used on ordinary working days of that weekday; a make-up working day (调休) always
   * uses `businessHours`, because it stands in for a full normal day.
   */
  weekdayHours?: Partial<Record<Weekday, readonly BusinessWindow[]>>;
  /** 0 = Sunday … 6 = Saturday */
  weekendDays: readonly number[];
  /** 'YYYY-MM-DD' → holiday or make-up working day */
  days: ReadonlyMap<DateKey, DayOverride>;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_BUSINESS_HOURS: readonly BusinessWindow[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:00' },
];
export const DEFAULT_WEEKEND_DAYS: readonly number[] = [0, 6];

export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayInfo {
  date: DateKey;
  working: boolean;
  reason: DayReason;
  /** holiday or make-up day name, e.g. '国庆节' / '国庆节 调休' */
  name?: string;
}

/** What kind of day `date` is in the company calendar. */
export function dayInfo(date: DateKey, cal: WorkingCalendar): DayInfo {
  const override = cal.days.get(date);
  if (override?.kind === 'holiday') return { date, working: false, reason: 'holiday', name: override.name };
  if (override?.kind === 'workday') return { date, working: true, reason: 'makeup_workday', name: override.name };
  const weekend = cal.weekendDays.includes(weekdayOf(date));
  return weekend ? { date, working: false, reason: 'weekend' } : { date, working: true, reason: 'weekday' };
}

export function isWorkingDay(date: DateKey, cal: WorkingCalendar): boolean {
  return dayInfo(date, cal).working;
}

// ---------------------------------------------------------------------------------------------
// Business-hour windows

const HM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes since midnight of 'HH:MM' ('24:00' = 1440); NaN when malformed. */
export function minutesOf(hm: string): number {
  const m = HM.exec(hm);
  if (!m) return Number.NaN;
  return m[3] ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

export interface WindowIssue {
  index: number;
  field: 'start' | 'end' | 'window';
  message: string;
}

/** Problems with a list of windows: malformed times, start ≥ end, overlaps, wrong order, empty list. */
export function checkBusinessWindows(windows: readonly BusinessWindow[]): WindowIssue[] {
  const issues: WindowIssue[] = [];
  if (windows.length === 0) issues.push({ index: 0, field: 'window', message: 'at least one business-hour window is required' });
  let previousEnd = -1;
  windows.forEach((w, index) => {
    const start = minutesOf(w.start);
    const end = minutesOf(w.end);
    if (Number.isNaN(start) || start === 1440)
      issues.push({ index, field: 'start', message: 'time must be HH:MM between 00:00 and 23:59' });
    if (Number.isNaN(end) || end === 0)
      issues.push({ index, field: 'end', message: 'time must be HH:MM between 00:01 and 24:00' });
    if (Number.isNaN(start) || Number.isNaN(end)) return;
    if (start >= end) {
      issues.push({ index, field: 'end', message: 'window must end after it starts' });
      return;
    }
    if (start < previousEnd) {
      issues.push({ index, field: 'start', message: 'windows must be sorted and must not overlap' });
    }
    previousEnd = Math.max(previousEnd, end);
  });
  return issues;
}

/** The wall-clock windows that apply on `date` (empty on a non-working day). */
export function windowsOn(date: DateKey, cal: WorkingCalendar): readonly BusinessWindow[] {
  const info = dayInfo(date, cal);
  if (!info.working) return [];
  if (info.reason === 'makeup_workday') return cal.businessHours;
  return cal.weekdayHours?.[weekdayOf(date) as Weekday] ?? cal.businessHours;
}

export interface InstantWindow {
  start: number;
  end: number;
}

/** Windows already converted per calendar object (calendars are immutable values). */
const windowCache = new WeakMap<WorkingCalendar, Map<DateKey, InstantWindow[]>>();

/** The business windows of `date` as UTC instants (epoch ms), in order. */
export function instantWindowsOn(date: DateKey, cal: WorkingCalendar): InstantWindow[] {
  let perDate = windowCache.get(cal);
  if (!perDate) {
    perDate = new Map();
    windowCache.set(cal, perDate);
  }
  const cached = perDate.get(date);
  if (cached) return cached;
  const windows = windowsOn(date, cal).map((w) => ({
    start: wallTimeToInstant(date, minutesOf(w.start) * 60_000, cal.timeZone).getTime(),
    end: wallTimeToInstant(date, minutesOf(w.end) * 60_000, cal.timeZone).getTime(),
  }));
  if (perDate.size > 20_000) perDate.clear();
  perDate.set(date, windows);
  return windows;
}

/** The local calendar date of an instant in the company time zone. */
export function localDateOf(instant: Date | number, cal: Pick<WorkingCalendar, 'timeZone'>): DateKey {
  return wallClockOf(instant, cal.timeZone).date;
}

/** Build a calendar; `days` may be given as a plain record. Throws on malformed input. */
export function makeCalendar(input: {
  timeZone?: string;
  businessHours?: readonly BusinessWindow[];
  weekdayHours?: WorkingCalendar['weekdayHours'];
  weekendDays?: readonly number[];
  days?: ReadonlyMap<DateKey, DayOverride> | Record<DateKey, DayOverride>;
}): WorkingCalendar {
  const businessHours = input.businessHours ?? DEFAULT_BUSINESS_HOURS;
  const issues = checkBusinessWindows(businessHours);
  if (issues.length) throw new RangeError(`invalid business hours: ${issues.map((i) => i.message).join('; ')}`);
  for (const [day, windows] of Object.entries(input.weekdayHours ?? {})) {
    const dayIssues = checkBusinessWindows(windows ?? []);
    if (dayIssues.length) throw new RangeError(`invalid business hours for weekday ${day}: ${dayIssues[0].message}`);
  }
  const days =
    input.days instanceof Map ? input.days : new Map(Object.entries((input.days ?? {}) as Record<DateKey, DayOverride>));
  for (const key of days.keys()) if (!isDateKey(key)) throw new RangeError(`not a calendar date: ${key}`);
  return {
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    businessHours,
    weekdayHours: input.weekdayHours,
    weekendDays: input.weekendDays ?? DEFAULT_WEEKEND_DAYS,
    days,
  };
}
