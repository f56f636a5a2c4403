import { sql } from 'kysely';
import type { DB } from '../../db/database.js';
import type { CalendarDayKind, CalendarDaySource } from '../../db/types/calendar.js';

/** Kysely queries of the calendar tables only. */

export const SETTINGS_ID = 'default';

export interface SettingsRow {
  time_zone: string;
  business_hours: string;
  weekday_hours: string;
  weekend_days: string;
  version: number;
  updated_at: string;
}

export interface DayRow {
  date: string;
  kind: CalendarDayKind;
  name: string;
  source: CalendarDaySource;
  version: number;
  updated_at: string;
}

export async function findSettings(db: DB): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('calendar_settings')
    .select(['time_zone', 'business_hours', 'weekday_hours', 'weekend_days', 'version', 'updated_at'])
    .where('id', '=', SETTINGS_ID)
    .executeTakeFirst();
}

/** Insert the settings row unless it exists; true when this call created it. */
export async function insertSettingsIfMissing(
  db: DB,
  row: { time_zone: string; business_hours: string; weekday_hours: string; weekend_days: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('calendar_settings')
    .values({ id: SETTINGS_ID, ...row })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

const dayColumns = ['date', 'kind', 'name', 'source', 'version', 'updated_at'] as const;

export async function findDay(db: DB, date: string): Promise<DayRow | undefined> {
  return db.selectFrom('calendar_days').select(dayColumns).where('date', '=', date).executeTakeFirst();
}

export async function listDays(db: DB, from?: string, to?: string): Promise<DayRow[]> {
  let q = db.selectFrom('calendar_days').select(dayColumns);
  if (from) q = q.where('date', '>=', from);
  if (to) q = q.where('date', '<=', to);
  return q.orderBy('date').execute();
}

export async function listDates(db: DB): Promise<{ date: string; source: CalendarDaySource }[]> {
  return db.selectFrom('calendar_days').select(['date', 'source']).execute();
}

/** A cheap fingerprint of the days table: changes with every insert and every versioned update. */
export async function daysFingerprint(db: DB): Promise<string> {
  const row = await db
    .selectFrom('calendar_days')
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(version), 0)`.as('v')])
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}:${Number(row?.v ?? 0)}`;
}

export async function insertDays(
  db: DB,
  rows: {
    date: string;
    kind: CalendarDayKind;
    name: string;
    source: CalendarDaySource;
    created_at: string;
    updated_at: string;
  }[],
  options: { ignoreExisting?: boolean } = {},
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    let q = db.insertInto('calendar_days').values(chunk);
    if (options.ignoreExisting) q = q.onConflict((oc) => oc.column('date').doNothing());
    const result = await q.executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** Update a day only at the expected version; false when someone changed it first. */
export async function updateDay(
  db: DB,
  date: string,
  expectedVersion: number,
  patch: { kind: CalendarDayKind; name: string; source: CalendarDaySource; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('calendar_days')
    .set({ ...patch, version: expectedVersion + 1 })
    .where('date', '=', date)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countByYear(db: DB): Promise<{ year: number; holidays: number; makeupWorkdays: number }[]> {
  const rows = await db.selectFrom('calendar_days').select(['date', 'kind']).where('kind', '<>', 'normal').execute();
  const byYear = new Map<number, { year: number; holidays: number; makeupWorkdays: number }>();
  for (const r of rows) {
    const year = Number(String(r.date).slice(0, 4));
    const entry = byYear.get(year) ?? { year, holidays: 0, makeupWorkdays: 0 };
    if (r.kind === 'holiday') entry.holidays += 1;
    else entry.makeupWorkdays += 1;
    byYear.set(year, entry);
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
