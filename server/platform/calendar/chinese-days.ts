/**
 * The seed source of public holidays and make-up working days: the `chinese-days` package's data
 * (dist/chinese-days.json: { holidays: { date: "English,中文,n" }, workdays: { … } }). Its data ends
 * where the State Council's announcements end; admins add later years by import.
 */
import { createRequire } from 'node:module';
import { type DayOverride, makeCalendar, type WorkingCalendar } from './calendar.js';
import { makeupDayName } from './import.js';

export interface SeedDay {
  date: string;
  kind: 'holiday' | 'workday';
  /** Chinese name, e.g. '春节'; a make-up working day is named '春节 调休' */
  name: string;
}

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

let cached: SeedDay[] | null = null;

function chineseName(value: string): string {
  const parts = value.split(',');
  return (parts[1] ?? parts[0]).trim();
}

/** Every holiday and make-up working day chinese-days knows, sorted by date. */
export function chineseDaysSeed(): readonly SeedDay[] {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
    const days: SeedDay[] = [
      ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: 'holiday' as const, name: chineseName(v) })),
      ...Object.entries(data.workdays).map(([date, v]) => ({
        date,
        kind: 'workday' as const,
        name: makeupDayName(chineseName(v)),
      })),
    ];
    days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    cached = days;
  }
  return cached;
}

/** The years chinese-days has data for. */
export function chineseDaysYears(): number[] {
  return [...new Set(chineseDaysSeed().map((d) => Number(d.date.slice(0, 4))))].sort((a, b) => a - b);
}

/** A calendar with the chinese-days holidays (default hours and weekends unless given). */
export function chineseDaysCalendar(settings: Partial<Omit<WorkingCalendar, 'days'>> = {}): WorkingCalendar {
  const days = new Map<string, DayOverride>();
  for (const d of chineseDaysSeed()) days.set(d.date, { kind: d.kind, name: d.name });
  return makeCalendar({ ...settings, days });
}
