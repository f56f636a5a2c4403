import { describe, expect, it } from 'vitest';
import { checkBusinessWindows, dayInfo, isWorkingDay, localDateOf, makeCalendar, minutesOf, windowsOn } from './calendar.js';
import { chineseDaysCalendar, chineseDaysSeed, chineseDaysYears } from './chinese-days.js';
import { addDays, daysBetween, eachDate, isDateKey, weekdayOf } from './dates.js';
import { formatInZone, isValidTimeZone, offsetAt, wallClockOf, wallTimeToInstant } from './timezone.js';

const cal = chineseDaysCalendar();

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isDateKey('2025-10-01')).toBe(true);
    expect(isDateKey('2024-02-29')).toBe(true);
    expect(isDateKey('2025-02-29')).toBe(false);
    expect(isDateKey('2025-13-01')).toBe(false);
    expect(isDateKey('2025-04-31')).toBe(false);
    expect(isDateKey('2025-4-1')).toBe(false);
    expect(isDateKey('2025-10-01T00:00')).toBe(false);
  });

  it('adds days across month and year ends and knows weekdays', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2025-10-01')).toBe(3); // Wednesday
    expect(weekdayOf('2025-09-28')).toBe(0); // Sunday
    expect(weekdayOf('2026-02-14')).toBe(6); // Saturday
    expect(daysBetween('2025-12-25', '2026-01-05')).toBe(11);
    expect([...eachDate('2025-12-30', '2026-01-02')]).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
  });
});

describe('time zones', () => {
  it('reads the wall clock in the company zone, not the server zone', () => {
    const w = wallClockOf(new Date('2025-12-31T16:30:00Z'), 'Asia/Shanghai');
    expect(w.date).toBe('2026-01-01');
    expect([w.hour, w.minute]).toEqual([0, 30]);
    expect(localDateOf(new Date('2026-03-02T15:59:59Z'), cal)).toBe('2026-03-02');
    expect(localDateOf(new Date('2026-03-02T16:00:00Z'), cal)).toBe('2026-03-03');
  });

  it('converts wall time to UTC with the zone offset', () => {
    expect(wallTimeToInstant('2025-10-09', 18 * 3_600_000, 'Asia/Shanghai').toISOString()).toBe('2025-10-09T10:00:00.000Z');
    expect(wallTimeToInstant('2025-10-09', 24 * 3_600_000, 'Asia/Shanghai').toISOString()).toBe('2025-10-09T16:00:00.000Z');
    expect(wallTimeToInstant('2026-07-01', 9 * 3_600_000, 'UTC').toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(offsetAt(Date.parse('2026-01-15T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });

  it('handles daylight-saving gaps and overlaps in zones that have them', () => {
    // New York 2026: clocks go forward Sun Mar 8 02:00 → 03:00 and back Sun Nov 1 02:00 → 01:00.
    expect(wallTimeToInstant('2026-03-07', 9 * 3_600_000, 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(wallTimeToInstant('2026-03-09', 9 * 3_600_000, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
    // 02:30 does not exist on Mar 8: moved forward by the gap to 03:30 EDT
    expect(wallTimeToInstant('2026-03-08', 2.5 * 3_600_000, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on Nov 1: the earlier one (EDT)
    expect(wallTimeToInstant('2026-11-01', 1.5 * 3_600_000, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(formatInZone(new Date('2026-07-01T13:00:00Z'), 'America/New_York')).toBe('2026-07-01T09:00:00-04:00');
  });

  it('reads the same wall clock as Intl in every kind of zone (offsets cached by the hour)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
    const intl = (zone: string) =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    // random instants from 1950 to 2060, and every quarter hour around the 2026 DST changes
    const instants = [
      ...Array.from({ length: 3000 }, () => Math.floor(Date.UTC(1950, 0, 1) + random() * (Date.UTC(2060, 0, 1) - Date.UTC(1950, 0, 1)))),
      ...Array.from({ length: 400 }, (_, i) => Date.UTC(2026, 2, 7) + i * 900_000 + 123),
      ...Array.from({ length: 400 }, (_, i) => Date.UTC(2026, 9, 3) + i * 900_000 + 999),
    ];
    for (const zone of zones) {
      const format = intl(zone);
      for (const ms of instants) {
        const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
        const w = wallClockOf(ms, zone);
        expect(`${w.date} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}:${String(w.second).padStart(2, '0')}`).toBe(
          `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`,
        );
        expect(w.msOfDay % 1000).toBe(((ms % 1000) + 1000) % 1000);
      }
    }
  });

  it('formats an instant in company time with its offset', () => {
    expect(formatInZone(new Date('2025-10-09T10:00:00Z'), 'Asia/Shanghai')).toBe('2025-10-09T18:00:00+08:00');
    expect(formatInZone(new Date('2025-10-09T10:00:00.250Z'), 'Asia/Shanghai')).toBe('2025-10-09T18:00:00.250+08:00');
  });

  it('recognises IANA zone names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('chinese-days seed', () => {
  it('covers 2025 and 2026 with Chinese names', () => {
    expect(chineseDaysYears()).toEqual(expect.arrayContaining([2025, 2026]));
    const seed = chineseDaysSeed();
    expect(seed.find((d) => d.date === '2026-02-17')).toEqual({ date: '2026-02-17', kind: 'holiday', name: '春节' });
    expect(seed.find((d) => d.date === '2026-02-28')).toEqual({ date: '2026-02-28', kind: 'workday', name: '春节 调休' });
  });
});

describe('dayInfo on the real 2025 National Day + Mid-Autumn calendar', () => {
  it('Sun Sep 28 is a make-up working day', () => {
    expect(dayInfo('2025-09-28', cal)).toEqual({
      date: '2025-09-28',
      working: true,
      reason: 'makeup_workday',
      name: '国庆节 调休',
    });
  });

  it('Oct 1–8 are holidays, including the weekend inside them', () => {
    for (const date of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-07', '2025-10-08']) {
      expect(dayInfo(date, cal)).toEqual({ date, working: false, reason: 'holiday', name: '国庆节' });
    }
    expect(dayInfo('2025-10-06', cal)).toEqual({ date: '2025-10-06', working: false, reason: 'holiday', name: '中秋' });
  });

  it('Thu Oct 9 is an ordinary weekday, Sat Oct 11 is worked, Sun Oct 12 is a weekend', () => {
    expect(dayInfo('2025-10-09', cal)).toEqual({ date: '2025-10-09', working: true, reason: 'weekday' });
    expect(dayInfo('2025-10-11', cal)).toEqual({
      date: '2025-10-11',
      working: true,
      reason: 'makeup_workday',
      name: '国庆节 调休',
    });
    expect(dayInfo('2025-10-12', cal)).toEqual({ date: '2025-10-12', working: false, reason: 'weekend' });
    expect(dayInfo('2025-09-27', cal)).toEqual({ date: '2025-09-27', working: false, reason: 'weekend' });
  });

  it('Sep 27 – Oct 12 has exactly six working days', () => {
    const working = [...eachDate('2025-09-27', '2025-10-12')].filter((d) => isWorkingDay(d, cal));
    expect(working).toEqual(['2025-09-28', '2025-09-29', '2025-09-30', '2025-10-09', '2025-10-10', '2025-10-11']);
  });
});

describe('dayInfo on the real 2026 Spring Festival calendar', () => {
  it('Sat Feb 14 and Sat Feb 28 are worked, Feb 15–23 are off', () => {
    expect(dayInfo('2026-02-14', cal).reason).toBe('makeup_workday');
    expect(dayInfo('2026-02-28', cal).reason).toBe('makeup_workday');
    const off = [...eachDate('2026-02-15', '2026-02-23')].map((d) => dayInfo(d, cal));
    expect(off.every((d) => !d.working && d.reason === 'holiday' && d.name === '春节')).toBe(true);
    expect(off).toHaveLength(9);
    expect(dayInfo('2026-02-24', cal)).toEqual({ date: '2026-02-24', working: true, reason: 'weekday' });
    expect(dayInfo('2026-03-01', cal)).toEqual({ date: '2026-03-01', working: false, reason: 'weekend' });
  });

  it('New Year 2026: Jan 1–3 off, Sun Jan 4 worked', () => {
    expect(dayInfo('2026-01-01', cal).reason).toBe('holiday');
    expect(dayInfo('2026-01-03', cal).reason).toBe('holiday');
    expect(dayInfo('2026-01-04', cal).reason).toBe('makeup_workday');
  });
});

describe('business-hour windows', () => {
  it('parses HH:MM and 24:00', () => {
    expect(minutesOf('09:00')).toBe(540);
    expect(minutesOf('13:30')).toBe(810);
    expect(minutesOf('24:00')).toBe(1440);
    expect(minutesOf('9:00')).toBeNaN();
    expect(minutesOf('24:30')).toBeNaN();
    expect(minutesOf('12:60')).toBeNaN();
  });

  it('accepts sorted, non-overlapping windows', () => {
    expect(
      checkBusinessWindows([
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '18:00' },
      ]),
    ).toEqual([]);
    expect(checkBusinessWindows([{ start: '00:00', end: '24:00' }])).toEqual([]);
    expect(
      checkBusinessWindows([
        { start: '09:00', end: '12:00' },
        { start: '12:00', end: '18:00' },
      ]),
    ).toEqual([]);
  });

  it('rejects overlaps, wrong order, empty or reversed windows and bad times', () => {
    expect(
      checkBusinessWindows([
        { start: '09:00', end: '12:30' },
        { start: '12:00', end: '18:00' },
      ]),
    ).toEqual([{ index: 1, field: 'start', message: 'windows must be sorted and must not overlap' }]);
    expect(
      checkBusinessWindows([
        { start: '13:30', end: '18:00' },
        { start: '09:00', end: '12:00' },
      ])[0].index,
    ).toBe(1);
    expect(checkBusinessWindows([{ start: '18:00', end: '09:00' }])[0]).toMatchObject({ index: 0, field: 'end' });
    expect(checkBusinessWindows([{ start: '09:00', end: '09:00' }])).toHaveLength(1);
    expect(checkBusinessWindows([{ start: '9am', end: '18:00' }])[0]).toMatchObject({ index: 0, field: 'start' });
    expect(checkBusinessWindows([])).toHaveLength(1);
    expect(() => makeCalendar({ businessHours: [{ start: '14:00', end: '12:00' }] })).toThrow(RangeError);
  });

  it('a make-up day uses the normal windows even when its weekday has its own', () => {
    const saturdayShop = chineseDaysCalendar({ weekendDays: [0], weekdayHours: { 6: [{ start: '09:00', end: '12:00' }] } });
    expect(windowsOn('2026-03-07', saturdayShop)).toEqual([{ start: '09:00', end: '12:00' }]);
    expect(windowsOn('2025-10-11', saturdayShop)).toEqual(saturdayShop.businessHours);
    expect(windowsOn('2025-10-04', saturdayShop)).toEqual([]); // a holiday Saturday
    expect(windowsOn('2026-03-08', saturdayShop)).toEqual([]);
  });
});
