/**
 * The company working calendar: settings, per-date overrides, import, seeding, and deadlines on
 * it. Other modules compute deadlines with `loadCompanyCalendar(db)` and the pure functions of
 * server/platform/calendar.
 */
import type {
  CalendarDayDto,
  CalendarSettingsDto,
  DeadlineRequest,
  DeadlineResponse,
  ImportRequest,
  ImportResultDto,
  SetDayRequest,
  UpdateCalendarSettingsRequest,
} from '../../../contracts/calendar.js';
import { MAX_DAYS_RANGE } from '../../../contracts/calendar.js';
import type { DB } from '../../db/database.js';
import type { CalendarDayKind, CalendarDaySource } from '../../db/types/calendar.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { chineseDaysSeed } from '../../platform/calendar/chinese-days.js';
import {
  addDuration,
  type BusinessWindow,
  type DayOverride,
  DEFAULT_BUSINESS_HOURS,
  DEFAULT_TIME_ZONE,
  DEFAULT_WEEKEND_DAYS,
  dayInfo,
  daysBetween,
  dueAt,
  eachDate,
  formatInZone,
  isDateKey,
  isValidTimeZone,
  makeCalendar,
  parseCalendarImport,
  type Weekday,
  type WorkingCalendar,
} from '../../platform/calendar/index.js';
import { databaseOf, inTransaction, type ServiceContext } from '../../platform/context.js';
import { AppError, BadRequestError, VersionConflictError } from '../../platform/errors.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import * as repo from './calendar.repository.js';

// ---------------------------------------------------------------------------------------------
// Settings

interface StoredSettings {
  timeZone: string;
  businessHours: BusinessWindow[];
  weekdayHours: { weekday: number; windows: BusinessWindow[] }[];
  weekendDays: number[];
}

function defaultSettings(timeZone: string | undefined): StoredSettings {
  return {
    timeZone: timeZone && isValidTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE,
    businessHours: DEFAULT_BUSINESS_HOURS.map((w) => ({ ...w })),
    weekdayHours: [],
    weekendDays: [...DEFAULT_WEEKEND_DAYS],
  };
}

function parseSettings(row: repo.SettingsRow): StoredSettings {
  return {
    timeZone: row.time_zone,
    businessHours: JSON.parse(row.business_hours),
    weekdayHours: JSON.parse(row.weekday_hours || '[]'),
    weekendDays: JSON.parse(row.weekend_days),
  };
}

function settingsColumns(s: StoredSettings) {
  return {
    time_zone: s.timeZone,
    business_hours: JSON.stringify(s.businessHours),
    weekday_hours: JSON.stringify(s.weekdayHours),
    weekend_days: JSON.stringify(s.weekendDays),
  };
}

export async function getSettings(ctx: ServiceContext): Promise<CalendarSettingsDto> {
  assertCan(ctx.actor, 'calendar.read');
  const row = await repo.findSettings(ctx.db);
  if (!row) return { ...defaultSettings(ctx.config.companyTimeZone), version: 1, updatedAt: null };
  return { ...parseSettings(row), version: row.version, updatedAt: row.updated_at };
}

export async function updateSettings(ctx: ServiceContext, input: UpdateCalendarSettingsRequest): Promise<CalendarSettingsDto> {
  assertCan(ctx.actor, 'calendar.write');
  const next: StoredSettings = {
    timeZone: input.timeZone,
    businessHours: input.businessHours.map(({ start, end }) => ({ start, end })),
    weekdayHours: [...(input.weekdayHours ?? [])]
      .map((w) => ({ weekday: w.weekday, windows: w.windows.map(({ start, end }) => ({ start, end })) }))
      .sort((a, b) => a.weekday - b.weekday),
    weekendDays: [...input.weekendDays].sort((a, b) => a - b),
  };
  assertUsableCalendar(next);
  await changeCalendar(ctx, async (tx) => {
    let row = await repo.findSettings(tx.db);
    if (!row) {
      await repo.insertSettingsIfMissing(tx.db, {
        ...settingsColumns(defaultSettings(tx.config.companyTimeZone)),
        updated_at: tx.clock.now().toISOString(),
      });
      row = (await repo.findSettings(tx.db))!;
    }
    const before = parseSettings(row);
    await updateVersioned(tx, 'calendar_settings', repo.SETTINGS_ID, input.version, settingsColumns(next), 'calendar_settings');
    const diff = changedFields(before as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
    await recordAudit(tx, { entity: 'calendar_settings', entityId: repo.SETTINGS_ID, action: 'update', ...diff });
  });
  return getSettings(ctx);
}

/** A calendar whose week has no working day at all would make every deadline impossible. */
function assertUsableCalendar(s: StoredSettings) {
  try {
    toCalendar(s, new Map());
  } catch (error) {
    throw new BadRequestError(error instanceof Error ? error.message : String(error));
  }
  if (s.weekendDays.length >= 7)
    throw new BadRequestError('at least one weekday must be a working day', { path: ['weekendDays'] });
}

function toCalendar(s: StoredSettings, days: Map<string, DayOverride>): WorkingCalendar {
  const weekdayHours: WorkingCalendar['weekdayHours'] = {};
  for (const w of s.weekdayHours) weekdayHours[w.weekday as Weekday] = w.windows;
  return makeCalendar({
    timeZone: s.timeZone,
    businessHours: s.businessHours,
    weekdayHours: s.weekdayHours.length ? weekdayHours : undefined,
    weekendDays: s.weekendDays,
    days,
  });
}

// ---------------------------------------------------------------------------------------------
// The calendar for deadline computations

interface CachedCalendar {
  key: string;
  calendar: WorkingCalendar;
  /** performance.now() of the last check against the database */
  checkedAt: number;
  /** calendarGeneration when it was checked */
  generation: number;
}
const calendarCache = new WeakMap<DB, CachedCalendar>();

/**
 * How long a checked calendar is used without asking the database again: a change made by another
 * instance is seen within this time; a change made through this process at once (calendarGeneration).
 * Without it every deadline computation read the settings and the days' fingerprint (2 queries;
 * opening a case computes several), and inside a transaction the whole calendar (~800 day rows).
 */
export const CALENDAR_RECHECK_MS = 1000;
/** Bumped before and after every calendar change made through this process (changeCalendar). */
let calendarGeneration = 0;

/** A calendar change in one transaction: cached calendars are re-checked before they are used again. */
async function changeCalendar<T>(ctx: ServiceContext, work: (tx: ServiceContext) => Promise<T>): Promise<T> {
  calendarGeneration += 1;
  try {
    return await inTransaction(ctx, work);
  } finally {
    calendarGeneration += 1;
  }
}

/**
 * The company calendar as it is now in the database (settings + every holiday and make-up day).
 * Cached per database; a cached calendar is used for CALENDAR_RECHECK_MS, then checked against a
 * fingerprint (settings version, number of day rows and the sum of their versions) and reloaded
 * when it changed — so a change made by another instance is seen within a second, one made through
 * this process at once. Inside a transaction the cache is read but never filled (the transaction
 * may hold a change that is rolled back). Without a settings row (database not yet seeded) the
 * defaults apply: Asia/Shanghai, 09:00–12:00 + 13:30–18:00, Saturday/Sunday off.
 */
export async function loadCompanyCalendar(db: DB, options: { fallbackTimeZone?: string } = {}): Promise<WorkingCalendar> {
  const database = databaseOf(db);
  const cached = calendarCache.get(database);
  const started = performance.now();
  if (cached && cached.generation === calendarGeneration && started - cached.checkedAt < CALENDAR_RECHECK_MS) {
    return cached.calendar;
  }
  const generation = calendarGeneration;
  const row = await repo.findSettings(db);
  const settings = row ? parseSettings(row) : defaultSettings(options.fallbackTimeZone);
  const key = `${JSON.stringify(settings)}|${row?.version ?? 0}|${await repo.daysFingerprint(db)}`;
  let calendar: WorkingCalendar;
  if (cached && cached.key === key) calendar = cached.calendar;
  else {
    const days = new Map<string, DayOverride>();
    for (const d of await repo.listDays(db)) {
      if (d.kind === 'holiday' || d.kind === 'workday') days.set(d.date, { kind: d.kind, name: d.name });
    }
    calendar = toCalendar(settings, days);
  }
  if (!db.isTransaction) calendarCache.set(database, { key, calendar, checkedAt: started, generation });
  return calendar;
}

async function calendarFor(ctx: ServiceContext): Promise<WorkingCalendar> {
  return loadCompanyCalendar(ctx.db, { fallbackTimeZone: ctx.config.companyTimeZone });
}

// ---------------------------------------------------------------------------------------------
// Deadlines

export async function computeDeadline(ctx: ServiceContext, input: DeadlineRequest): Promise<DeadlineResponse> {
  assertCan(ctx.actor, 'calendar.read');
  const cal = await calendarFor(ctx);
  let due: Date | null;
  try {
    due = dueAt(
      {
        start: new Date(input.start),
        duration: { amount: input.amount, unit: input.unit },
        pauses: (input.pauses ?? []).map((p) => ({ from: new Date(p.from), to: new Date(p.to) })),
      },
      cal,
    );
  } catch (error) {
    if (error instanceof RangeError) throw new BadRequestError(error.message);
    throw error;
  }
  const result = due as Date;
  return { due: result.toISOString(), dueLocal: formatInZone(result, cal.timeZone), timeZone: cal.timeZone };
}

/** For other modules: the due instant of a duration from `start` on the company calendar. */
export async function companyDueAt(
  db: DB,
  start: Date,
  duration: { amount: number; unit: DeadlineRequest['unit'] },
): Promise<Date> {
  return addDuration(start, duration, await loadCompanyCalendar(db));
}

// ---------------------------------------------------------------------------------------------
// Days

function present(date: string, cal: WorkingCalendar, row: repo.DayRow | undefined): CalendarDayDto {
  const info = dayInfo(date, cal);
  return {
    date,
    working: info.working,
    reason: info.reason,
    name: info.name ?? null,
    source: row?.source ?? null,
    version: row?.version ?? null,
  };
}

export async function listDays(ctx: ServiceContext, from: string, to: string): Promise<CalendarDayDto[]> {
  assertCan(ctx.actor, 'calendar.read');
  if (!isDateKey(from) || !isDateKey(to)) throw new BadRequestError('from and to must be dates YYYY-MM-DD');
  const span = daysBetween(from, to);
  if (span < 0) throw new BadRequestError('to must not be before from', { path: ['to'] });
  if (span + 1 > MAX_DAYS_RANGE) throw new BadRequestError(`at most ${MAX_DAYS_RANGE} days per request`, { path: ['to'] });
  const cal = await calendarFor(ctx);
  const rows = new Map((await repo.listDays(ctx.db, from, to)).map((r) => [r.date, r]));
  return [...eachDate(from, to)].map((date) => present(date, cal, rows.get(date)));
}

export async function listYears(ctx: ServiceContext) {
  assertCan(ctx.actor, 'calendar.read');
  return repo.countByYear(ctx.db);
}

function auditView(row: { kind: CalendarDayKind; name: string; source: CalendarDaySource } | undefined) {
  return row ? { kind: row.kind, name: row.name, source: row.source } : undefined;
}

/** Write one day inside a transaction: insert, or update at `expectedVersion`. Audited. */
async function writeDay(
  tx: ServiceContext,
  date: string,
  existing: repo.DayRow | undefined,
  expectedVersion: number | undefined,
  next: { kind: CalendarDayKind; name: string; source: CalendarDaySource },
  action: string,
): Promise<void> {
  const now = tx.clock.now().toISOString();
  if (!existing) {
    await repo.insertDays(tx.db, [{ date, ...next, created_at: now, updated_at: now }]);
    await recordAudit(tx, { entity: 'calendar_day', entityId: date, action, after: next });
    return;
  }
  if (expectedVersion === undefined || !(await repo.updateDay(tx.db, date, expectedVersion, { ...next, updated_at: now }))) {
    throw new VersionConflictError('calendar_day', date, existing.version);
  }
  await recordAudit(tx, { entity: 'calendar_day', entityId: date, action, before: auditView(existing), after: next });
}

/** Create or edit a date's override (holiday or make-up working day). */
export async function setDay(ctx: ServiceContext, date: string, input: SetDayRequest): Promise<CalendarDayDto> {
  assertCan(ctx.actor, 'calendar.write');
  if (!isDateKey(date)) throw new BadRequestError('date must be a real date YYYY-MM-DD', { path: ['date'] });
  await changeCalendar(ctx, async (tx) => {
    const existing = await repo.findDay(tx.db, date);
    if (!existing && input.version !== undefined) throw new VersionConflictError('calendar_day', date);
    await writeDay(
      tx,
      date,
      existing,
      input.version,
      { kind: input.kind, name: input.name, source: 'admin' },
      existing ? 'update' : 'create',
    );
  });
  return dayOf(ctx, date);
}

/**
 * Remove a date's override: the weekly pattern applies again. The row is kept as kind 'normal'
 * (history and version stay, and the seed never brings the old holiday back).
 */
export async function resetDay(ctx: ServiceContext, date: string, input: { version?: number }): Promise<CalendarDayDto> {
  assertCan(ctx.actor, 'calendar.write');
  if (!isDateKey(date)) throw new BadRequestError('date must be a real date YYYY-MM-DD', { path: ['date'] });
  await changeCalendar(ctx, async (tx) => {
    const existing = await repo.findDay(tx.db, date);
    if (!existing) {
      if (input.version !== undefined) throw new VersionConflictError('calendar_day', date);
      return; // nothing to reset
    }
    if (input.version !== existing.version) throw new VersionConflictError('calendar_day', date, existing.version);
    if (existing.kind === 'normal') return;
    await writeDay(tx, date, existing, input.version, { kind: 'normal', name: '', source: 'admin' }, 'reset');
  });
  return dayOf(ctx, date);
}

async function dayOf(ctx: ServiceContext, date: string): Promise<CalendarDayDto> {
  const cal = await calendarFor(ctx);
  return present(date, cal, await repo.findDay(ctx.db, date));
}

// ---------------------------------------------------------------------------------------------
// Import

/**
 * Import holidays and make-up days from a JSON or ICS text. All or nothing: any problem in the
 * file → 400 `import_invalid` with every problem and its line/item, and nothing is written.
 * Imported rows win over seeded and admin rows (the admin chose to import); each changed date is
 * audited. An imported year is never touched by the seed again.
 */
export async function importDays(ctx: ServiceContext, input: ImportRequest): Promise<ImportResultDto> {
  assertCan(ctx.actor, 'calendar.write');
  if (input.replaceYear && input.year === undefined) {
    throw new BadRequestError('replaceYear needs the year to replace', { path: ['year'] });
  }
  const parsed = parseCalendarImport(input.format, input.content, input.year ?? null);
  if (parsed.errors.length > 0) {
    throw new AppError(400, 'import_invalid', `the file has ${parsed.errors.length} problem(s); nothing was imported`, {
      errors: parsed.errors.slice(0, 200),
      total: parsed.errors.length,
    });
  }
  if (parsed.days.length === 0) {
    throw new AppError(400, 'import_invalid', 'the file has no days for the chosen year; nothing was imported', {
      errors: [
        input.year
          ? { code: 'no_days_for_year', params: { year: input.year }, message: `no dates in ${input.year}` }
          : { code: 'no_days', message: 'no dates' },
      ],
      total: 1,
    });
  }
  const result: ImportResultDto = {
    year: parsed.year,
    days: parsed.days.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    reset: 0,
    skipped: parsed.skipped,
  };
  await changeCalendar(ctx, async (tx) => {
    const year = parsed.year;
    const from = year !== null ? `${year}-01-01` : parsed.days[0].date;
    const to = year !== null ? `${year}-12-31` : parsed.days[parsed.days.length - 1].date;
    const existing = new Map((await repo.listDays(tx.db, from, to)).map((r) => [r.date, r]));
    for (const day of parsed.days) {
      const row = existing.get(day.date);
      if (row && row.kind === day.kind && row.name === day.name) {
        result.unchanged += 1;
        continue;
      }
      await writeDay(tx, day.date, row, row?.version, { kind: day.kind, name: day.name, source: 'import' }, 'import');
      if (row) result.updated += 1;
      else result.created += 1;
    }
    if (input.replaceYear && year !== null) {
      const listed = new Set(parsed.days.map((d) => d.date));
      for (const row of existing.values()) {
        if (listed.has(row.date) || row.kind === 'normal') continue;
        await writeDay(tx, row.date, row, row.version, { kind: 'normal', name: '', source: 'import' }, 'import');
        result.reset += 1;
      }
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Seeding (startup)

/**
 * Make sure the calendar exists: the settings row (time zone from config, 09:00–12:00 + 13:30–18:00,
 * Saturday/Sunday off) and every holiday and make-up day chinese-days knows. Safe on every start
 * and from several instances at once (inserts that ignore existing rows):
 * - a date that already has a row (seeded, edited or reset by an admin, imported) is never touched;
 * - a year that was imported is the admin's: the seed adds nothing to it;
 * - a newer chinese-days release adds its new dates on the next start.
 */
export async function ensureCalendarSeeded(ctx: ServiceContext): Promise<{ settingsCreated: boolean; daysInserted: number }> {
  return changeCalendar(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    const settings = defaultSettings(tx.config.companyTimeZone);
    const settingsCreated = await repo.insertSettingsIfMissing(tx.db, { ...settingsColumns(settings), updated_at: now });
    if (settingsCreated) {
      await recordAudit(tx, { entity: 'calendar_settings', entityId: repo.SETTINGS_ID, action: 'seed', after: settings });
    }
    const known = await repo.listDates(tx.db);
    const taken = new Set(known.map((r) => r.date));
    const importedYears = new Set(known.filter((r) => r.source === 'import').map((r) => r.date.slice(0, 4)));
    const missing = chineseDaysSeed().filter((d) => !taken.has(d.date) && !importedYears.has(d.date.slice(0, 4)));
    const daysInserted = await repo.insertDays(
      tx.db,
      missing.map((d) => ({
        date: d.date,
        kind: d.kind,
        name: d.name,
        source: 'seed' as const,
        created_at: now,
        updated_at: now,
      })),
      { ignoreExisting: true },
    );
    if (daysInserted > 0) {
      const years = [...new Set(missing.map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
      await recordAudit(tx, {
        entity: 'calendar',
        entityId: repo.SETTINGS_ID,
        action: 'seed',
        after: { source: 'chinese-days', days: daysInserted, years },
      });
    }
    return { settingsCreated, daysInserted };
  });
}
