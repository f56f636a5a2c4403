/**
 * Time zones without a library: Intl.DateTimeFormat gives the wall clock of an instant in an IANA
 * zone; the reverse (wall clock → instant) searches the zone's offset. China has had no daylight
 * saving time since 1991, but the functions are exact for zones that do (gaps and overlaps below).
 */
import { type DateKey, formatDateKey, parseDateKey } from './dates.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name this runtime knows (e.g. 'Asia/Shanghai', 'UTC'). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  /** the local calendar date */
  date: DateKey;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** milliseconds since local midnight, including the instant's own milliseconds */
  msOfDay: number;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockOf(instant: Date | number, timeZone: string): WallClock {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = hourOffset(ms, timeZone);
  return offset === null ? wallClockFromIntl(ms, timeZone) : wallClockFromOffset(ms, offset);
}

/** Offset of the zone at `instant`: wall clock minus UTC, in milliseconds (+8 h for Asia/Shanghai). */
export function offsetAt(instant: number, timeZone: string): number {
  return hourOffset(instant, timeZone) ?? intlOffsetAt(instant, timeZone);
}

function wallClockFromIntl(ms: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const hour = get('hour') % 24;
  const minute = get('minute');
  const second = get('second');
  const millis = ((ms % 1000) + 1000) % 1000;
  return {
    date: formatDateKey(year, month, day),
    year,
    month,
    day,
    hour,
    minute,
    second,
    msOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + millis,
  };
}

/** The same wall clock by arithmetic, once the offset is known. */
function wallClockFromOffset(ms: number, offset: number): WallClock {
  const local = new Date(ms + offset);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  const day = local.getUTCDate();
  const hour = local.getUTCHours();
  const minute = local.getUTCMinutes();
  const second = local.getUTCSeconds();
  return {
    date: formatDateKey(year, month, day),
    year,
    month,
    day,
    hour,
    minute,
    second,
    msOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + local.getUTCMilliseconds(),
  };
}

function intlOffsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const w = wallClockFromIntl(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

const HOUR_MS = 3_600_000;
/** Per zone: UTC hour number → the zone's offset during that hour (null: it changes within the hour). */
const offsetsByHour = new Map<string, Map<number, number | null>>();

/**
 * The zone's offset at `instant` from a cache by UTC hour. Intl.DateTimeFormat#formatToParts costs
 * microseconds and deadline computations ask for thousands of wall clocks (it was a tenth of the
 * CPU of opening a case). An hour whose first and last second have the same offset is taken to
 * have it throughout (zones change offset at most once in an hour); an hour with a change is
 * answered by Intl every time (null).
 */
function hourOffset(instant: number, timeZone: string): number | null {
  let byHour = offsetsByHour.get(timeZone);
  if (!byHour) {
    byHour = new Map();
    offsetsByHour.set(timeZone, byHour);
  }
  const hour = Math.floor(instant / HOUR_MS);
  let offset = byHour.get(hour);
  if (offset === undefined) {
    const first = intlOffsetAt(hour * HOUR_MS, timeZone);
    offset = first === intlOffsetAt(hour * HOUR_MS + HOUR_MS - 1000, timeZone) ? first : null;
    if (byHour.size >= 100_000) byHour.clear();
    byHour.set(hour, offset);
  }
  return offset;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `msOfDay` (msOfDay may be 24 h,
 * meaning the next midnight). When the wall time occurs twice (clocks turned back) the earlier
 * instant is returned; when it does not occur (clocks turned forward) the time is moved forward by
 * the gap — the same "compatible" choice as Temporal and most calendar software.
 */
export function wallTimeToInstant(date: DateKey, msOfDay: number, timeZone: string): Date {
  const { year, month, day } = parseDateKey(date);
  const asUtc = Date.UTC(year, month - 1, day) + msOfDay;
  const before = offsetAt(asUtc - 86_400_000, timeZone);
  const after = offsetAt(asUtc + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset)
    .filter((t) => offsetAt(t, timeZone) === asUtc - t)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return new Date(candidates[0]);
  // In a gap: read the wall time with the offset in force before the change (lands after the gap).
  return new Date(asUtc - before);
}

/** ISO-8601 with the zone's offset, e.g. '2025-10-09T18:00:00+08:00'. */
export function formatInZone(instant: Date, timeZone: string): string {
  const w = wallClockOf(instant, timeZone);
  const offsetMinutes = Math.round(offsetAt(instant.getTime(), timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const millis = instant.getTime() % 1000;
  const frac = millis ? `.${String(millis).padStart(3, '0')}` : '';
  return `${w.date}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
