/**
 * Reading holiday files for import: the app's JSON shape, the chinese-days JSON shape, and iCalendar
 * (.ics) all-day events such as chinese-days' holidays.ics. Pure: text in, days and errors out.
 * Every problem is reported with where it is (line of the ICS file, item of the JSON list).
 */
import { addDays, daysBetween, isDateKey } from './dates.js';

export type ImportKind = 'holiday' | 'workday';

export interface ImportedDay {
  date: string;
  kind: ImportKind;
  name: string;
}

export interface ImportProblem {
  /** 1-based line of the ICS file or of the JSON text, when known */
  line?: number;
  /** 0-based item of the JSON `days` list */
  index?: number;
  field?: string;
  /** stable code for translation (the web shows import.problem.<code> with params) */
  code: string;
  params?: Record<string, string | number>;
  /** English text, for logs and API users */
  message: string;
}

export interface ParsedImport {
  /** the year the file declares (JSON `year`) or the one asked for */
  year: number | null;
  days: ImportedDay[];
  /** dates outside the requested year, left out */
  skipped: number;
  errors: ImportProblem[];
}

export const MAX_IMPORT_DAYS = 3700;
const MAX_EVENT_DAYS = 62;
const MAX_NAME = 100;

/** The name stored for a make-up working day of a holiday, e.g. '春节 调休'. */
export function makeupDayName(holidayName: string): string {
  return holidayName.endsWith('调休') || holidayName.endsWith('补班') ? holidayName : `${holidayName} 调休`;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/** Merge days; the same date twice with different kinds is an error, with the same kind the names join. */
function collect(
  entries: { day: ImportedDay; where: Omit<ImportProblem, 'message' | 'code'> }[],
  year: number | null,
  restrictToYear: boolean,
  errors: ImportProblem[],
): { days: ImportedDay[]; skipped: number } {
  const byDate = new Map<string, ImportedDay>();
  let skipped = 0;
  for (const { day, where } of entries) {
    if (year !== null && yearOf(day.date) !== year) {
      if (restrictToYear) {
        skipped += 1;
        continue;
      }
      errors.push({
        ...where,
        field: 'date',
        code: 'date_outside_year',
        params: { date: day.date, year },
        message: `date ${day.date} is not in year ${year}`,
      });
      continue;
    }
    const seen = byDate.get(day.date);
    if (!seen) {
      byDate.set(day.date, { ...day });
    } else if (seen.kind !== day.kind) {
      errors.push({
        ...where,
        code: 'conflicting_kinds',
        params: { date: day.date },
        message: `${day.date} is listed both as a holiday and as a working day`,
      });
    } else if (!seen.name.split('、').includes(day.name)) {
      seen.name = `${seen.name}、${day.name}`.slice(0, MAX_NAME);
    }
  }
  if (byDate.size > MAX_IMPORT_DAYS)
    errors.push({
      code: 'too_many_days',
      params: { count: byDate.size, max: MAX_IMPORT_DAYS },
      message: `too many days (${byDate.size}); at most ${MAX_IMPORT_DAYS}`,
    });
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { days, skipped };
}

// ---------------------------------------------------------------------------------------------
// JSON

/** 1-based line of the n-th item of a JSON array named "days" — best effort, for messages only. */
function lineOfIndex(text: string, index: number): number | undefined {
  const start = text.indexOf('"days"');
  if (start < 0) return undefined;
  let depth = 0;
  let item = -1;
  let inString = false;
  for (let i = text.indexOf('[', start); i >= 0 && i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 2 && c === '{') {
        item++;
        if (item === index) return text.slice(0, i).split('\n').length;
      }
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  return undefined;
}

/**
 * JSON import. Accepted shapes:
 *  - { "year": 2027, "days": [ { "date": "2027-01-01", "kind": "holiday", "name": "元旦" }, … ] }
 *  - chinese-days' { "holidays": { "2027-01-01": "New Year's Day,元旦,1" }, "workdays": { … } }
 * A declared `year` makes any date of another year an error.
 */
export function parseJsonImport(text: string, requestedYear: number | null = null): ParsedImport {
  const errors: ImportProblem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      year: requestedYear,
      days: [],
      skipped: 0,
      errors: [{ code: 'invalid_json', message: `not valid JSON: ${message}` }],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      year: requestedYear,
      days: [],
      skipped: 0,
      errors: [{ code: 'not_object', message: 'expected a JSON object with "days"' }],
    };
  }
  const obj = data as Record<string, unknown>;
  const entries: { day: ImportedDay; where: Omit<ImportProblem, 'message' | 'code'> }[] = [];

  let declaredYear: number | null = null;
  if (obj.year !== undefined) {
    if (typeof obj.year !== 'number' || !Number.isInteger(obj.year) || obj.year < 1900 || obj.year > 2200) {
      errors.push({ field: 'year', code: 'bad_year', message: 'year must be a whole number between 1900 and 2200' });
    } else {
      declaredYear = obj.year;
    }
  }
  if (declaredYear !== null && requestedYear !== null && declaredYear !== requestedYear) {
    errors.push({
      field: 'year',
      code: 'year_mismatch',
      params: { declared: declaredYear, requested: requestedYear },
      message: `the file is for ${declaredYear}, not ${requestedYear}`,
    });
  }

  if (Array.isArray(obj.days)) {
    obj.days.forEach((raw, index) => {
      const line = lineOfIndex(text, index);
      const where = { index, ...(line ? { line } : {}) };
      if (typeof raw !== 'object' || raw === null) {
        errors.push({ ...where, code: 'item_not_object', message: 'each day must be an object {date, kind, name}' });
        return;
      }
      const item = raw as Record<string, unknown>;
      let ok = true;
      if (typeof item.date !== 'string' || !isDateKey(item.date)) {
        errors.push({ ...where, field: 'date', code: 'bad_date', message: 'date must be a real date YYYY-MM-DD' });
        ok = false;
      }
      if (item.kind !== 'holiday' && item.kind !== 'workday') {
        errors.push({ ...where, field: 'kind', code: 'bad_kind', message: 'kind must be "holiday" or "workday"' });
        ok = false;
      }
      const name = typeof item.name === 'string' ? item.name.trim() : '';
      if (!name || name.length > MAX_NAME) {
        errors.push({
          ...where,
          field: 'name',
          code: 'bad_name',
          params: { max: MAX_NAME },
          message: `name is required (at most ${MAX_NAME} characters)`,
        });
        ok = false;
      }
      if (ok) entries.push({ day: { date: item.date as string, kind: item.kind as ImportKind, name }, where });
    });
  } else if (typeof obj.holidays === 'object' && obj.holidays !== null) {
    // chinese-days shape
    for (const [field, kind] of [
      ['holidays', 'holiday'],
      ['workdays', 'workday'],
    ] as const) {
      const map = obj[field];
      if (map === undefined) continue;
      if (typeof map !== 'object' || map === null || Array.isArray(map)) {
        errors.push({ field, code: 'bad_map', message: `${field} must be an object of date → "English,中文,n"` });
        continue;
      }
      for (const [date, value] of Object.entries(map as Record<string, unknown>)) {
        const where = { field: `${field}.${date}` };
        if (!isDateKey(date)) {
          errors.push({ ...where, code: 'bad_date', message: 'date must be a real date YYYY-MM-DD' });
          continue;
        }
        const parts = typeof value === 'string' ? value.split(',') : [];
        const base = (parts[1] ?? parts[0] ?? '').trim();
        if (!base) {
          errors.push({ ...where, code: 'bad_value', message: 'expected "English,中文,n"' });
          continue;
        }
        entries.push({ day: { date, kind, name: kind === 'workday' ? makeupDayName(base) : base }, where });
      }
    }
  } else {
    errors.push({ field: 'days', code: 'no_days_list', message: 'expected "days": [ {date, kind, name}, … ]' });
  }

  const year = declaredYear ?? requestedYear;
  const { days, skipped } = collect(entries, year, declaredYear === null, errors);
  return { year, days, skipped, errors };
}

// ---------------------------------------------------------------------------------------------
// iCalendar

interface IcsLine {
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unfold (RFC 5545 §3.1) and split into name;params:value, keeping the first physical line number. */
function icsLines(text: string): IcsLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const logical: { line: number; text: string }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && logical.length > 0) {
      logical[logical.length - 1].text += raw.slice(1);
    } else if (raw.length > 0) {
      logical.push({ line: i + 1, text: raw });
    }
  });
  return logical.map(({ line, text: t }) => {
    // the value starts at the first ':' that is not inside a quoted parameter value
    let inQuote = false;
    let colon = -1;
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '"') inQuote = !inQuote;
      else if (t[i] === ':' && !inQuote) {
        colon = i;
        break;
      }
    }
    const head = colon < 0 ? t : t.slice(0, colon);
    const value = colon < 0 ? '' : t.slice(colon + 1);
    const [name, ...paramParts] = head.split(';');
    const params: Record<string, string> = {};
    for (const p of paramParts) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
    }
    return { line, name: name.toUpperCase(), params, value };
  });
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** 'YYYYMMDD' (a DATE value) → 'YYYY-MM-DD', or null. */
function icsDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const key = `${m[1]}-${m[2]}-${m[3]}`;
  return isDateKey(key) ? key : null;
}

const WORKDAY_MARKERS = /(补班|上班|[（(]班[)）]|^班$|workday|working day|work day|ALTERNATE-WORKDAY)/i;
const HOLIDAY_MARKERS = /(休|假|holiday|day off|WORK-HOLIDAY)/i;

/** Holiday or make-up working day, from SUMMARY, then DESCRIPTION / Apple's X-APPLE-SPECIAL-DAY. */
function kindOf(summary: string, hints: string[]): ImportKind | null {
  for (const text of [summary, ...hints]) {
    if (!text) continue;
    if (WORKDAY_MARKERS.test(text)) return 'workday';
    if (/班/.test(text) && !/休/.test(text)) return 'workday';
    if (HOLIDAY_MARKERS.test(text)) return 'holiday';
  }
  return null;
}

/** '春节(休)' → '春节', 'National Day(Holiday)' → 'National Day', '国庆节调休上班' → '国庆节'. */
function baseName(summary: string): string {
  return summary
    .replace(/[（(][^）)]*[)）]\s*$/, '')
    .replace(/\s*(调休上班|调休|补班|上班|放假|休息|休|班)\s*$/, '')
    .trim();
}

/**
 * ICS import: VEVENTs with all-day DTSTART;VALUE=DATE and DTEND (exclusive) or DURATION;
 * SUMMARY with 休/假/Holiday → holiday, 班/补班/调休上班/Workday → make-up working day.
 * With `year`, events of other years are left out (holiday feeds carry several years).
 */
export function parseIcsImport(text: string, year: number | null = null): ParsedImport {
  const errors: ImportProblem[] = [];
  const entries: { day: ImportedDay; where: Omit<ImportProblem, 'message' | 'code'> }[] = [];
  const lines = icsLines(text);
  if (!lines.some((l) => l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VCALENDAR')) {
    return {
      year,
      days: [],
      skipped: 0,
      errors: [{ line: 1, code: 'not_ics', message: 'not an iCalendar file (BEGIN:VCALENDAR missing)' }],
    };
  }

  let event: { line: number; props: IcsLine[] } | null = null;
  let events = 0;
  for (const l of lines) {
    if (l.name === 'BEGIN' && l.value.trim().toUpperCase() === 'VEVENT') {
      if (event) errors.push({ line: l.line, code: 'nested_event', message: 'VEVENT inside another VEVENT' });
      event = { line: l.line, props: [] };
      continue;
    }
    if (l.name === 'END' && l.value.trim().toUpperCase() === 'VEVENT') {
      if (!event) {
        errors.push({ line: l.line, code: 'unopened_event', message: 'END:VEVENT without BEGIN:VEVENT' });
        continue;
      }
      events += 1;
      readEvent(event, entries, errors);
      event = null;
      continue;
    }
    if (event) event.props.push(l);
  }
  if (event) errors.push({ line: event.line, code: 'unclosed_event', message: 'VEVENT is not closed (END:VEVENT missing)' });
  if (events === 0 && errors.length === 0) errors.push({ code: 'no_events', message: 'the file has no events (VEVENT)' });

  const { days, skipped } = collect(entries, year, true, errors);
  return { year, days, skipped, errors };
}

function readEvent(
  event: { line: number; props: IcsLine[] },
  entries: { day: ImportedDay; where: Omit<ImportProblem, 'message' | 'code'> }[],
  errors: ImportProblem[],
) {
  const prop = (name: string) => event.props.find((p) => p.name === name);
  const dtstart = prop('DTSTART');
  const dtend = prop('DTEND');
  const duration = prop('DURATION');
  const summaryProp = prop('SUMMARY');
  const summary = summaryProp ? unescapeText(summaryProp.value).trim() : '';
  const status = prop('STATUS')?.value.trim().toUpperCase();
  if (status === 'CANCELLED') return;

  if (prop('RRULE')) {
    errors.push({
      line: prop('RRULE')!.line,
      code: 'rrule',
      message: 'repeating events (RRULE) are not supported; list each date',
    });
    return;
  }
  if (!dtstart) {
    errors.push({ line: event.line, code: 'no_dtstart', message: 'event has no DTSTART' });
    return;
  }
  const start = icsDate(dtstart.value);
  if (!start) {
    errors.push({
      line: dtstart.line,
      field: 'DTSTART',
      code: /T/.test(dtstart.value) ? 'not_all_day' : 'bad_ics_date',
      message: /T/.test(dtstart.value)
        ? 'DTSTART must be an all-day DATE (YYYYMMDD), not a date-time'
        : 'DTSTART is not a valid date YYYYMMDD',
    });
    return;
  }
  let endExclusive = addDays(start, 1);
  if (dtend) {
    const end = icsDate(dtend.value);
    if (!end) {
      errors.push({ line: dtend.line, field: 'DTEND', code: 'not_all_day', message: 'DTEND must be an all-day DATE (YYYYMMDD)' });
      return;
    }
    endExclusive = end;
  } else if (duration) {
    const m = /^P(?:(\d+)W|(\d+)D)$/.exec(duration.value.trim());
    if (!m) {
      errors.push({
        line: duration.line,
        field: 'DURATION',
        code: 'bad_duration',
        message: 'DURATION must be whole days or weeks, e.g. P3D',
      });
      return;
    }
    endExclusive = addDays(start, m[1] ? Number(m[1]) * 7 : Number(m[2]));
  }
  const span = daysBetween(start, endExclusive);
  if (span < 1) {
    errors.push({
      line: (dtend ?? dtstart).line,
      field: 'DTEND',
      code: 'end_before_start',
      message: 'DTEND must be after DTSTART',
    });
    return;
  }
  if (span > MAX_EVENT_DAYS) {
    errors.push({
      line: (dtend ?? dtstart).line,
      field: 'DTEND',
      code: 'event_too_long',
      params: { max: MAX_EVENT_DAYS },
      message: `an event may cover at most ${MAX_EVENT_DAYS} days`,
    });
    return;
  }
  const hints = [prop('DESCRIPTION')?.value ?? '', prop('X-APPLE-SPECIAL-DAY')?.value ?? ''];
  const kind = kindOf(summary, hints.map(unescapeText));
  if (!kind) {
    errors.push({
      line: summaryProp?.line ?? event.line,
      field: 'SUMMARY',
      code: 'unknown_kind',
      params: { summary },
      message: `cannot tell whether "${summary}" is a holiday (休/假) or a make-up working day (班/补班)`,
    });
    return;
  }
  const base = baseName(summary) || (kind === 'holiday' ? '节假日' : '调休上班');
  const name = (kind === 'workday' ? makeupDayName(base) : base).slice(0, MAX_NAME);
  for (let d = start; d < endExclusive; d = addDays(d, 1)) {
    entries.push({ day: { date: d, kind, name }, where: { line: dtstart.line } });
  }
}

export function parseCalendarImport(format: 'json' | 'ics', content: string, year: number | null = null): ParsedImport {
  return format === 'json' ? parseJsonImport(content, year) : parseIcsImport(content, year);
}
