import { z } from 'zod';
import { checkBusinessWindows } from '../server/platform/calendar/calendar.js';
import { daysBetween, isDateKey } from '../server/platform/calendar/dates.js';
import { isValidTimeZone } from '../server/platform/calendar/timezone.js';
import { isoDateTime, requiredText, versionField } from './common.js';

/** Working calendar and deadlines (R-CAL). */

export const MAX_DAYS_RANGE = 400;

export const deadlineUnit = z.enum(['clock_hours', 'business_hours', 'working_days']);
export type DeadlineUnit = z.infer<typeof deadlineUnit>;

/** A real calendar date 'YYYY-MM-DD'. */
export const calendarDate = z.string().refine(isDateKey, { message: 'must be a real date YYYY-MM-DD' });

export const hhmm = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM');

export const businessWindow = z.object({ start: hhmm, end: hhmm });
export type BusinessWindowDto = z.infer<typeof businessWindow>;

/** Windows of one day: sorted, non-overlapping, each ending after it starts. */
export const businessWindows = z
  .array(businessWindow)
  .min(1)
  .max(8)
  .superRefine((windows, ctx) => {
    for (const issue of checkBusinessWindows(windows)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.field === 'window' ? [issue.index] : [issue.index, issue.field],
        message: issue.message,
      });
    }
  });

export const weekdayNumber = z.number().int().min(0).max(6);

export const weekdayHours = z.object({ weekday: weekdayNumber, windows: businessWindows });

const settingsFields = {
  timeZone: z.string().refine(isValidTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }),
  businessHours: businessWindows,
  /** weekdays with windows of their own (e.g. Saturday mornings); others use businessHours */
  weekdayHours: z.array(weekdayHours).max(7),
  /** 0 = Sunday … 6 = Saturday */
  weekendDays: z.array(weekdayNumber).max(6),
};

export const calendarSettings = z.object({
  ...settingsFields,
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type CalendarSettingsDto = z.infer<typeof calendarSettings>;

export const updateCalendarSettingsRequest = z
  .object({ ...settingsFields, weekdayHours: settingsFields.weekdayHours.default([]), version: versionField })
  .superRefine((value, ctx) => {
    if (new Set(value.weekendDays).size !== value.weekendDays.length) {
      ctx.addIssue({ code: 'custom', path: ['weekendDays'], message: 'each weekday may be listed once' });
    }
    const seen = new Set<number>();
    value.weekdayHours.forEach((w, i) => {
      if (seen.has(w.weekday))
        ctx.addIssue({ code: 'custom', path: ['weekdayHours', i, 'weekday'], message: 'each weekday may be listed once' });
      seen.add(w.weekday);
    });
  });
export type UpdateCalendarSettingsRequest = z.input<typeof updateCalendarSettingsRequest>;

// ---------------------------------------------------------------------------------------------
// Days

export const dayReason = z.enum(['weekday', 'weekend', 'holiday', 'makeup_workday']);
export type DayReason = z.infer<typeof dayReason>;
export const daySource = z.enum(['seed', 'admin', 'import']);
export type DaySource = z.infer<typeof daySource>;
export const dayKind = z.enum(['holiday', 'workday']);
export type DayKind = z.infer<typeof dayKind>;

export const calendarDay = z.object({
  date: z.string(),
  working: z.boolean(),
  reason: dayReason,
  /** holiday or make-up day name, e.g. '国庆节' / '国庆节 调休' */
  name: z.string().nullable(),
  /** where the stored override came from; null when the date follows the weekly pattern untouched */
  source: daySource.nullable(),
  /** version of the stored row, to send back when editing; null when there is none */
  version: z.number().int().nullable(),
});
export type CalendarDayDto = z.infer<typeof calendarDay>;

export const daysQuery = z.object({ from: calendarDate, to: calendarDate }).superRefine((q, ctx) => {
  if (!isDateKey(q.from) || !isDateKey(q.to)) return;
  const span = daysBetween(q.from, q.to);
  if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
  else if (span + 1 > MAX_DAYS_RANGE) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_DAYS_RANGE} days per request` });
  }
});

export const daysResponse = z.object({ days: z.array(calendarDay) });

export const dateParam = z.object({ date: calendarDate });

export const setDayRequest = z.object({
  kind: dayKind,
  name: requiredText(100),
  /** required when the date already has a stored row (its `version`) */
  version: versionField.optional(),
});
export type SetDayRequest = z.infer<typeof setDayRequest>;

export const resetDayRequest = z.object({ version: versionField.optional() });

export const calendarYear = z.object({
  year: z.number().int(),
  holidays: z.number().int(),
  makeupWorkdays: z.number().int(),
});
export const yearsResponse = z.object({ years: z.array(calendarYear) });

// ---------------------------------------------------------------------------------------------
// Import

export const importRequest = z.object({
  format: z.enum(['json', 'ics']),
  /** the file's text */
  content: z.string().min(1).max(2_000_000),
  /** import only this year (ICS feeds carry several); a JSON file's own `year` must match */
  year: z.number().int().min(1900).max(2200).optional(),
  /** with `year`: holidays and make-up days of that year missing from the file are reset to normal */
  replaceYear: z.boolean().optional(),
});
export type ImportRequest = z.infer<typeof importRequest>;

export const importProblem = z.object({
  line: z.number().int().optional(),
  index: z.number().int().optional(),
  field: z.string().optional(),
  /** stable code for translation, e.g. 'bad_date', 'unknown_kind' */
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string(),
});
export type ImportProblemDto = z.infer<typeof importProblem>;

export const importResult = z.object({
  year: z.number().int().nullable(),
  /** days in the file (after the year filter) */
  days: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** overrides of the year reset to normal (replaceYear) */
  reset: z.number().int(),
  /** dates of other years left out */
  skipped: z.number().int(),
});
export type ImportResultDto = z.infer<typeof importResult>;

// ---------------------------------------------------------------------------------------------
// Deadlines

/** Upper bounds keep one request cheap (about 4 years of business time). */
export const MAX_AMOUNT: Record<DeadlineUnit, number> = { clock_hours: 100_000, business_hours: 10_000, working_days: 1_000 };

export const deadlineRequest = z
  .object({
    start: isoDateTime,
    amount: z.number().positive(),
    unit: deadlineUnit,
    /** closed pauses (waiting on the customer); the time left at each pause is kept */
    pauses: z
      .array(z.object({ from: isoDateTime, to: isoDateTime }))
      .max(100)
      .optional(),
  })
  .superRefine((value, ctx) => {
    if (value.unit === 'working_days' && !Number.isInteger(value.amount)) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'working days must be a whole number' });
    }
    const max = MAX_AMOUNT[value.unit];
    if (max !== undefined && value.amount > max) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: `at most ${max} for ${value.unit}` });
    }
  });
export type DeadlineRequest = z.infer<typeof deadlineRequest>;

export const deadlineResponse = z.object({
  /** ISO-8601 UTC */
  due: z.string(),
  /** the same instant in company time, e.g. '2025-10-09T18:00:00+08:00' */
  dueLocal: z.string(),
  timeZone: z.string(),
});
export type DeadlineResponse = z.infer<typeof deadlineResponse>;
