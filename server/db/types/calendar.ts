import type { Generated } from 'kysely';

/** Row types of the calendar tables. JSON columns hold text; dates are 'YYYY-MM-DD'. */
export interface CalendarSettingsTable {
  /** always 'default' (one company calendar) */
  id: string;
  time_zone: string;
  /** JSON [{start:'09:00', end:'12:00'}, …] */
  business_hours: string;
  /** JSON [{weekday: 6, windows: [{start, end}]}] */
  weekday_hours: Generated<string>;
  /** JSON [0, 6] */
  weekend_days: string;
  version: Generated<number>;
  updated_at: string;
}

export type CalendarDayKind = 'holiday' | 'workday' | 'normal';
export type CalendarDaySource = 'seed' | 'admin' | 'import';

export interface CalendarDaysTable {
  date: string;
  /** 'normal' = an override an admin reset: the weekly pattern applies again */
  kind: CalendarDayKind;
  name: Generated<string>;
  source: CalendarDaySource;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CalendarTables {
  calendar_settings: CalendarSettingsTable;
  calendar_days: CalendarDaysTable;
}
