/**
 * Deadline arithmetic on the real 2025/2026 Chinese calendars (seeded from chinese-days).
 * Every expectation is worked out by hand in the comment beside it.
 * Two-window calendar: 09:00–12:00 + 13:30–18:00 = 7.5 business hours a day.
 * One-window calendar: 09:00–18:00 = 9 business hours a day.
 */
import { describe, expect, it } from 'vitest';
import { makeCalendar } from './calendar.js';
import { chineseDaysCalendar } from './chinese-days.js';
import { addDuration, businessTimeBetween, type Deadline, type Duration, dueAt, HOUR_MS, remaining, status } from './deadline.js';

const twoWindows = chineseDaysCalendar();
const oneWindow = chineseDaysCalendar({ businessHours: [{ start: '09:00', end: '18:00' }] });

/** A Shanghai wall time, 'YYYY-MM-DD HH:MM[:SS]'. */
function cst(text: string): Date {
  const [date, time] = text.split(' ');
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}+08:00`);
}

function due(start: string, amount: number, unit: Duration['unit'], cal = twoWindows): string {
  return addDuration(cst(start), { amount, unit }, cal).toISOString();
}

const at = (text: string) => cst(text).toISOString();
const bh = (amount: number) => ({ amount, unit: 'business_hours' as const });
const H = HOUR_MS;

describe('business hours', () => {
  it('skips the lunch break: 11:30 + 1 h → 14:00', () => {
    // 11:30–12:00 = 0.5 h, then 13:30 + 0.5 h
    expect(due('2025-09-30 11:30', 1, 'business_hours')).toBe(at('2025-09-30 14:00'));
  });

  it('a window used up exactly ends at its close, not at the next opening', () => {
    expect(due('2026-03-02 09:00', 3, 'business_hours')).toBe(at('2026-03-02 12:00'));
    expect(due('2026-03-02 13:30', 4.5, 'business_hours')).toBe(at('2026-03-02 18:00'));
    expect(due('2026-03-02 09:00', 7.5, 'business_hours')).toBe(at('2026-03-02 18:00'));
    expect(due('2026-03-02 09:00', 9, 'business_hours', oneWindow)).toBe(at('2026-03-02 18:00'));
  });

  it('a start outside a window counts from the next opening', () => {
    expect(due('2026-03-02 08:00', 1, 'business_hours')).toBe(at('2026-03-02 10:00'));
    expect(due('2026-03-02 12:00', 1, 'business_hours')).toBe(at('2026-03-02 14:30'));
    expect(due('2026-03-02 12:45', 0.5, 'business_hours')).toBe(at('2026-03-02 14:00'));
    expect(due('2026-03-02 18:00', 1, 'business_hours')).toBe(at('2026-03-03 10:00'));
    expect(due('2026-03-02 23:30', 1, 'business_hours')).toBe(at('2026-03-03 10:00'));
    // 00:30 Shanghai is still the previous day in UTC; the company date decides
    expect(due('2026-03-03 00:30', 1, 'business_hours')).toBe(at('2026-03-03 10:00'));
  });

  it('one window vs two windows: Monday 10:00 + 8 h', () => {
    // one window: 10:00–18:00 = 8 h
    expect(due('2026-03-02 10:00', 8, 'business_hours', oneWindow)).toBe(at('2026-03-02 18:00'));
    // two windows: 10–12 (2) + 13:30–18 (4.5) = 6.5, then Tue 09:00 + 1.5 h
    expect(due('2026-03-02 10:00', 8, 'business_hours')).toBe(at('2026-03-03 10:30'));
    // 12:00 + 1 h: one window has no lunch break
    expect(due('2026-03-02 12:00', 1, 'business_hours', oneWindow)).toBe(at('2026-03-02 13:00'));
  });

  it('fractions of an hour are exact to the second', () => {
    expect(due('2026-03-02 09:00', 0.5, 'business_hours')).toBe(at('2026-03-02 09:30'));
    expect(due('2026-03-02 09:00', 1 / 60, 'business_hours')).toBe(at('2026-03-02 09:01'));
    // 10–12 = 2 h, then 13:30 + 45 min
    expect(due('2026-03-02 10:00', 2.75, 'business_hours')).toBe(at('2026-03-02 14:15'));
    expect(due('2026-03-02 10:00:30', 1, 'business_hours')).toBe(at('2026-03-02 11:00:30'));
    // 30 s before lunch, 59 min 30 s after it
    expect(due('2026-03-02 11:59:30', 1, 'business_hours')).toBe(at('2026-03-02 14:29:30'));
  });

  it('at 17:59 before National Day the next minute is on Oct 9', () => {
    // Tue Sep 30 17:59–18:00 = 1 min; Oct 1–8 off; Thu Oct 9 09:00 + 59 min
    expect(due('2025-09-30 17:59', 1, 'business_hours')).toBe(at('2025-10-09 09:59'));
  });

  it('at 17:59 on Friday Sep 26 the next minute is on the make-up Sunday Sep 28', () => {
    expect(due('2025-09-26 17:59', 1, 'business_hours')).toBe(at('2025-09-28 09:59'));
  });

  it('a start inside a holiday waits for the first working day', () => {
    // Fri Oct 3 is off; Thu Oct 9: 09–12 (3 h) + 13:30–14:30
    expect(due('2025-10-03 15:00', 4, 'business_hours')).toBe(at('2025-10-09 14:30'));
    expect(due('2025-10-06 09:00', 1, 'business_hours')).toBe(at('2025-10-09 10:00'));
  });

  it('a start on a make-up Saturday counts that Saturday', () => {
    expect(due('2025-10-11 10:00', 2, 'business_hours')).toBe(at('2025-10-11 12:00'));
    // Sat Feb 14 17–18 (1 h), Feb 15–23 off, Tue Feb 24: 09–12 (3 h) + 13:30 + 4 h
    expect(due('2026-02-14 17:00', 8, 'business_hours')).toBe(at('2026-02-24 17:30'));
  });

  it('business hours spanning the whole Spring Festival 2026', () => {
    // Fri Feb 13 (7.5) + Sat Feb 14 (7.5) = 15 h ends exactly Sat 18:00
    expect(due('2026-02-13 09:00', 15, 'business_hours')).toBe(at('2026-02-14 18:00'));
    // one more hour: Feb 15–23 off → Tue Feb 24 10:00
    expect(due('2026-02-13 09:00', 16, 'business_hours')).toBe(at('2026-02-24 10:00'));
    // Thu Feb 12 16–18 (2) + Feb 13 (7.5) + Feb 14 (7.5) = 17, Feb 24: 09–12 (3) + 13:30 + 4 → 17:30
    expect(due('2026-02-12 16:00', 24, 'business_hours')).toBe(at('2026-02-24 17:30'));
    // one window: 9 + 9 = 18 by Sat 18:00, then Feb 24 09:00 + 2 h
    expect(due('2026-02-13 09:00', 20, 'business_hours', oneWindow)).toBe(at('2026-02-24 11:00'));
  });

  it('across an ordinary weekend', () => {
    // Fri Mar 6 17–18 (1 h), Sat/Sun off, Mon 09:00 + 1 h
    expect(due('2026-03-06 17:00', 2, 'business_hours')).toBe(at('2026-03-09 10:00'));
    expect(due('2026-03-07 11:00', 1, 'business_hours')).toBe(at('2026-03-09 10:00'));
  });

  it('across the year boundary into the 2026 New Year holiday', () => {
    // Wed Dec 31 17–18 (1 h); Jan 1–3 off; Sun Jan 4 is a make-up day: 09:00 + 1 h
    expect(due('2025-12-31 17:00', 2, 'business_hours')).toBe(at('2026-01-04 10:00'));
    // Tue 2024-12-31 17–18 (1 h); Wed 2025-01-01 off; Thu Jan 2 09:00 + 1 h
    expect(due('2024-12-31 17:00', 2, 'business_hours')).toBe(at('2025-01-02 10:00'));
  });

  it('counts business time between two instants', () => {
    // a normal week: 5 × 7.5 h
    expect(businessTimeBetween(cst('2026-03-02 00:00'), cst('2026-03-09 00:00'), twoWindows)).toBe(37.5 * H);
    // Sep 26 – Oct 12 2025: Sep 26, 28, 29, 30, Oct 9, 10, 11 = 7 working days
    expect(businessTimeBetween(cst('2025-09-26 00:00'), cst('2025-10-13 00:00'), twoWindows)).toBe(7 * 7.5 * H);
    expect(businessTimeBetween(cst('2026-03-02 11:00'), cst('2026-03-02 14:00'), twoWindows)).toBe(1.5 * H);
    expect(businessTimeBetween(cst('2026-03-02 14:00'), cst('2026-03-02 11:00'), twoWindows)).toBe(-1.5 * H);
  });
});

describe('clock hours', () => {
  it('are plain elapsed time, holidays or not', () => {
    expect(due('2026-02-13 18:00', 72, 'clock_hours')).toBe(at('2026-02-16 18:00'));
    expect(due('2025-10-03 15:00', 24, 'clock_hours')).toBe(at('2025-10-04 15:00'));
    expect(due('2026-03-02 10:00', 1.25, 'clock_hours')).toBe(at('2026-03-02 11:15'));
    expect(due('2025-12-31 23:30', 1, 'clock_hours')).toBe(at('2026-01-01 00:30'));
  });
});

describe('working days (day of receipt never counts; due at close of business of the N-th working day)', () => {
  it('Monday 10:00 + 3 → Thursday 18:00', () => {
    expect(due('2026-03-02 10:00', 3, 'working_days')).toBe(at('2026-03-05 18:00'));
  });

  it('the hour of receipt does not matter', () => {
    expect(due('2026-03-02 08:00', 1, 'working_days')).toBe(at('2026-03-03 18:00'));
    expect(due('2026-03-02 17:59', 1, 'working_days')).toBe(at('2026-03-03 18:00'));
    expect(due('2026-03-02 23:30', 1, 'working_days')).toBe(at('2026-03-03 18:00'));
    // 00:30 on Tue (still Monday in UTC) is a Tuesday receipt
    expect(due('2026-03-03 00:30', 1, 'working_days')).toBe(at('2026-03-04 18:00'));
  });

  it('a receipt on a weekend counts from the next working day', () => {
    // Sat Mar 7: Mon 9 (1), Tue 10 (2), Wed 11 (3)
    expect(due('2026-03-07 10:00', 3, 'working_days')).toBe(at('2026-03-11 18:00'));
    expect(due('2026-03-06 20:00', 1, 'working_days')).toBe(at('2026-03-09 18:00'));
  });

  it('a receipt inside National Day counts from Oct 9', () => {
    expect(due('2025-10-03 15:00', 1, 'working_days')).toBe(at('2025-10-09 18:00'));
    // Oct 9 (1), Oct 10 (2), Sat Oct 11 make-up (3)
    expect(due('2025-10-03 15:00', 3, 'working_days')).toBe(at('2025-10-11 18:00'));
  });

  it('counts the make-up days around National Day 2025', () => {
    // Mon Sep 29: Sep 30 (1), Oct 9 (2), Oct 10 (3)
    expect(due('2025-09-29 10:00', 3, 'working_days')).toBe(at('2025-10-10 18:00'));
    // Fri Sep 26: Sun Sep 28 (1), 29 (2), 30 (3), Oct 9 (4), Oct 10 (5)
    expect(due('2025-09-26 10:00', 5, 'working_days')).toBe(at('2025-10-10 18:00'));
    expect(due('2025-09-26 17:59', 1, 'working_days')).toBe(at('2025-09-28 18:00'));
    expect(due('2025-09-30 17:59', 1, 'working_days')).toBe(at('2025-10-09 18:00'));
  });

  it('from a make-up Saturday', () => {
    // Sat Oct 11 2025 is worked but is the day of receipt; Sun 12 off → Mon Oct 13
    expect(due('2025-10-11 10:00', 1, 'working_days')).toBe(at('2025-10-13 18:00'));
    // Sat Feb 14 2026: Feb 15–23 off → Tue Feb 24 (1), Wed 25 (2), Thu 26 (3)
    expect(due('2026-02-14 10:00', 1, 'working_days')).toBe(at('2026-02-24 18:00'));
    expect(due('2026-02-14 10:00', 3, 'working_days')).toBe(at('2026-02-26 18:00'));
    // Sat Feb 28 2026: Sun Mar 1 off → Mon Mar 2
    expect(due('2026-02-28 10:00', 1, 'working_days')).toBe(at('2026-03-02 18:00'));
  });

  it('onto a make-up Saturday', () => {
    // Thu Feb 26 2026: Fri 27 (1), Sat 28 make-up (2)
    expect(due('2026-02-26 10:00', 2, 'working_days')).toBe(at('2026-02-28 18:00'));
  });

  it('across Spring Festival 2025 and 2026', () => {
    // Mon 2025-01-27: Jan 28 – Feb 4 off → Wed Feb 5 (1), Thu Feb 6 (2)
    expect(due('2025-01-27 10:00', 2, 'working_days')).toBe(at('2025-02-06 18:00'));
    // Fri 2026-02-13: Sat 14 make-up (1), Feb 15–23 off, Tue Feb 24 (2)
    expect(due('2026-02-13 10:00', 2, 'working_days')).toBe(at('2026-02-24 18:00'));
  });

  it('across the year boundary', () => {
    // Wed 2025-12-31: Jan 1–3 off, Sun Jan 4 make-up (1), Mon Jan 5 (2)
    expect(due('2025-12-31 10:00', 1, 'working_days')).toBe(at('2026-01-04 18:00'));
    expect(due('2025-12-31 10:00', 2, 'working_days')).toBe(at('2026-01-05 18:00'));
  });

  it('end at the close of the last window of the day that applies', () => {
    expect(due('2026-03-02 10:00', 1, 'working_days', oneWindow)).toBe(at('2026-03-03 18:00'));
    const lateShift = makeCalendar({
      businessHours: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '20:30' },
      ],
    });
    expect(due('2026-03-02 10:00', 1, 'working_days', lateShift)).toBe(at('2026-03-03 20:30'));
    // Saturday half-day shop: Fri Mar 6 + 1 → Sat Mar 7 12:00; a make-up Saturday is a full day
    const saturdayShop = chineseDaysCalendar({ weekendDays: [0], weekdayHours: { 6: [{ start: '09:00', end: '12:00' }] } });
    expect(due('2026-03-06 10:00', 1, 'working_days', saturdayShop)).toBe(at('2026-03-07 12:00'));
    expect(due('2025-10-10 10:00', 1, 'working_days', saturdayShop)).toBe(at('2025-10-11 18:00'));
    // Sat Mar 7 11:00 + 2 bh: Sat 11–12 (1), Sun off, Mon 09:00 + 1
    expect(due('2026-03-07 11:00', 2, 'business_hours', saturdayShop)).toBe(at('2026-03-09 10:00'));
  });
});

describe('a calendar edited by the company', () => {
  it('an extra company holiday moves the deadline', () => {
    const days = new Map(twoWindows.days);
    days.set('2026-03-03', { kind: 'holiday', name: '公司年会' });
    const edited = makeCalendar({ ...twoWindows, days });
    expect(due('2026-03-02 10:00', 3, 'working_days', edited)).toBe(at('2026-03-06 18:00'));
    expect(due('2026-03-02 17:00', 2, 'business_hours', edited)).toBe(at('2026-03-04 10:00'));
  });

  it('works in another time zone with daylight saving', () => {
    const ny = makeCalendar({ timeZone: 'America/New_York', businessHours: [{ start: '09:00', end: '17:00' }] });
    // Fri Mar 6 16:00 EST (21:00Z): 1 h Friday; Mon Mar 9 (now EDT) 09:00 + 1 h = 10:00 EDT = 14:00Z
    expect(addDuration(new Date('2026-03-06T21:00:00Z'), bh(2), ny).toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // Mon Mar 2 10:00 EST + 1 working day → Tue Mar 3 17:00 EST = 22:00Z
    expect(addDuration(new Date('2026-03-02T15:00:00Z'), { amount: 1, unit: 'working_days' }, ny).toISOString()).toBe(
      '2026-03-03T22:00:00.000Z',
    );
  });
});

describe('invalid durations', () => {
  it('rejects zero, negative, non-finite amounts, fractional working days and unknown units', () => {
    const start = cst('2026-03-02 10:00');
    expect(() => addDuration(start, bh(0), twoWindows)).toThrow(RangeError);
    expect(() => addDuration(start, bh(-1), twoWindows)).toThrow(RangeError);
    expect(() => addDuration(start, bh(Number.NaN), twoWindows)).toThrow(RangeError);
    expect(() => addDuration(start, { amount: Number.POSITIVE_INFINITY, unit: 'clock_hours' }, twoWindows)).toThrow(RangeError);
    expect(() => addDuration(start, { amount: 1.5, unit: 'working_days' }, twoWindows)).toThrow(/whole number/);
    expect(() => addDuration(start, { amount: 1, unit: 'fortnights' as any }, twoWindows)).toThrow(/unit/);
    expect(() => addDuration(new Date('nope'), bh(1), twoWindows)).toThrow(RangeError);
  });

  it('refuses a calendar that never works instead of looping forever', () => {
    const never = makeCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] });
    expect(() => addDuration(cst('2026-03-02 10:00'), bh(1), never)).toThrow(/no working time/);
    expect(() => addDuration(cst('2026-03-02 10:00'), { amount: 1, unit: 'working_days' }, never)).toThrow(/no working time/);
  });
});

describe('pauses keep the remaining time (R-CAL-3)', () => {
  it('paused Friday 17:00 with 2 h left, resumed Monday 10:00 → due Monday 12:00', () => {
    // Thu Mar 5 15:00 + 11.5 bh: Thu 15–18 (3) + Fri (7.5) + Mon 09–10 (1) → due Mon Mar 9 10:00
    const deadline: Deadline = { start: cst('2026-03-05 15:00'), duration: bh(11.5) };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-09 10:00'));
    // at Fri 17:00 there is Fri 17–18 (1) + Mon 09–10 (1) = 2 h left; Mon 10:00 + 2 h = 12:00
    const paused = { ...deadline, pauses: [{ from: cst('2026-03-06 17:00'), to: cst('2026-03-09 10:00') }] };
    expect(dueAt(paused, twoWindows)?.toISOString()).toBe(at('2026-03-09 12:00'));
  });

  it('an open pause has no due time and its remaining time is frozen', () => {
    const deadline: Deadline = {
      start: cst('2026-03-05 15:00'),
      duration: bh(11.5),
      pauses: [{ from: cst('2026-03-06 17:00'), to: null }],
    };
    expect(dueAt(deadline, twoWindows)).toBeNull();
    const later = remaining(deadline, cst('2026-03-20 15:00'), twoWindows);
    expect(later).toMatchObject({ paused: true, ms: 2 * H, hours: 2 });
    const s = status(deadline, cst('2026-03-10 10:00'), twoWindows);
    expect(s.state).toBe('paused');
    expect(s.dueAt).toBeNull();
    // resumed now (Tue 10:00) it would be due Tue 12:00
    expect(s.projectedDueAt?.toISOString()).toBe(at('2026-03-10 12:00'));
    expect(s.timeLeftMs).toBe(2 * H);
  });

  it('a pause outside business hours does not move a business-hours deadline', () => {
    // Fri Mar 6 17:00 + 2 bh → Mon 10:00; paused Fri 19:00 – Sun 12:00: 1 h (Mon 09–10) left, still Mon 10:00
    const deadline: Deadline = {
      start: cst('2026-03-06 17:00'),
      duration: bh(2),
      pauses: [{ from: cst('2026-03-06 19:00'), to: cst('2026-03-08 12:00') }],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-09 10:00'));
  });

  it('several pauses on one day', () => {
    // Mon Mar 2 09:00 + 4 bh: due 14:30. Pause 10:00–11:00 (3 h left) → 11–12 (1) + 13:30 + 2 = 15:30.
    // Pause 15:00 – Tue 09:30 (0.5 h left) → Tue 10:00. Unpaused time: 1 + 1 + 1.5 + 0.5 = 4 h.
    const deadline: Deadline = {
      start: cst('2026-03-02 09:00'),
      duration: bh(4),
      pauses: [
        { from: cst('2026-03-02 10:00'), to: cst('2026-03-02 11:00') },
        { from: cst('2026-03-02 15:00'), to: cst('2026-03-03 09:30') },
      ],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-03 10:00'));
  });

  it('clock-hour deadlines extend by the paused wall time', () => {
    // Fri Mar 6 10:00 + 24 h → Sat 10:00; paused 12:00–15:00 → Sat 13:00
    const deadline: Deadline = {
      start: cst('2026-03-06 10:00'),
      duration: { amount: 24, unit: 'clock_hours' },
      pauses: [{ from: cst('2026-03-06 12:00'), to: cst('2026-03-06 15:00') }],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-07 13:00'));
  });

  it('working-days deadlines keep the business time left at the pause', () => {
    // Mon Mar 2 10:00 + 3 wd → Thu 18:00. Paused Tue 10:00: Tue 10–18 (6.5) + Wed (7.5) + Thu (7.5) = 21.5 h left.
    // Resumed Wed 10:00: Wed 10–18 (6.5) + Thu (7.5) + Fri (7.5) → Fri Mar 6 18:00
    const deadline: Deadline = {
      start: cst('2026-03-02 10:00'),
      duration: { amount: 3, unit: 'working_days' },
      pauses: [{ from: cst('2026-03-03 10:00'), to: cst('2026-03-04 10:00') }],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-06 18:00'));
  });

  it('a working-days deadline paused before National Day resumes after it', () => {
    // Fri Sep 26 + 2 wd → Sun Sep 28 (1), Mon Sep 29 (2) 18:00. Paused Mon 12:00: 13:30–18 = 4.5 h left.
    // Resumed Thu Oct 9 09:00: 09–12 (3) + 13:30 + 1.5 → 15:00
    const deadline: Deadline = {
      start: cst('2025-09-26 10:00'),
      duration: { amount: 2, unit: 'working_days' },
      pauses: [{ from: cst('2025-09-29 12:00'), to: cst('2025-10-09 09:00') }],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2025-10-09 15:00'));
  });

  it('a pause that begins after the deadline passed changes nothing', () => {
    // Mon 09:00 + 2 bh → 11:00; paused 11:30–14:00 is too late
    const deadline: Deadline = {
      start: cst('2026-03-02 09:00'),
      duration: bh(2),
      pauses: [{ from: cst('2026-03-02 11:30'), to: cst('2026-03-02 14:00') }],
    };
    expect(dueAt(deadline, twoWindows)?.toISOString()).toBe(at('2026-03-02 11:00'));
    const s = status(deadline, cst('2026-03-02 15:00'), twoWindows);
    expect(s.state).toBe('breached');
    expect(s.overdueByMs).toBe(4 * H);
  });

  it('rejects impossible pauses', () => {
    const base = { start: cst('2026-03-02 09:00'), duration: bh(4) };
    expect(() =>
      dueAt({ ...base, pauses: [{ from: cst('2026-03-02 08:00'), to: cst('2026-03-02 10:00') }] }, twoWindows),
    ).toThrow(/after the deadline starts/);
    expect(() =>
      dueAt({ ...base, pauses: [{ from: cst('2026-03-02 11:00'), to: cst('2026-03-02 10:00') }] }, twoWindows),
    ).toThrow(/end after it starts/);
    expect(() =>
      dueAt(
        {
          ...base,
          pauses: [
            { from: cst('2026-03-02 10:00'), to: cst('2026-03-02 11:00') },
            { from: cst('2026-03-02 10:30'), to: cst('2026-03-02 12:00') },
          ],
        },
        twoWindows,
      ),
    ).toThrow(/previous pause/);
    expect(() =>
      dueAt(
        {
          ...base,
          pauses: [
            { from: cst('2026-03-02 10:00'), to: null },
            { from: cst('2026-03-02 11:00'), to: cst('2026-03-02 12:00') },
          ],
        },
        twoWindows,
      ),
    ).toThrow(/only the last pause/);
  });
});

describe('remaining time in the unit’s terms', () => {
  const fourHours: Deadline = { start: cst('2026-03-02 09:00'), duration: bh(4) }; // due 14:30

  it('business hours left, and overdue as negative business hours', () => {
    // 11–12 (1) + 13:30–14:30 (1)
    expect(remaining(fourHours, cst('2026-03-02 11:00'), twoWindows)).toMatchObject({ ms: 2 * H, hours: 2, paused: false });
    // lunch does not count: 12:10 → 14:30 is 1 h of business time
    expect(remaining(fourHours, cst('2026-03-02 12:10'), twoWindows).hours).toBe(1);
    // 14:30 → 16:00 overdue by 1.5 business hours
    expect(remaining(fourHours, cst('2026-03-02 16:00'), twoWindows).hours).toBe(-1.5);
  });

  it('clock hours left', () => {
    const day: Deadline = { start: cst('2026-03-06 10:00'), duration: { amount: 24, unit: 'clock_hours' } };
    expect(remaining(day, cst('2026-03-06 22:00'), twoWindows).hours).toBe(12);
  });

  it('working days: whole days left plus today’s business time', () => {
    // Mon 10:00 + 3 wd → Thu 18:00; on Tue 15:00: Wed + Thu left, and Tue 15–18 (3 h)
    const deadline: Deadline = { start: cst('2026-03-02 10:00'), duration: { amount: 3, unit: 'working_days' } };
    const r = remaining(deadline, cst('2026-03-03 15:00'), twoWindows);
    expect(r).toMatchObject({ unit: 'working_days', workingDays: 2, todayMs: 3 * H, ms: 18 * H });
    // the evening before the due day: one whole day left, nothing today
    expect(remaining(deadline, cst('2026-03-04 20:00'), twoWindows)).toMatchObject({ workingDays: 1, todayMs: 0, ms: 7.5 * H });
    // over the holiday: received Tue Sep 30 2025 + 2 wd → Fri Oct 10; on Oct 3: Oct 9 and 10 left
    const holiday: Deadline = { start: cst('2025-09-30 10:00'), duration: { amount: 2, unit: 'working_days' } };
    expect(remaining(holiday, cst('2025-10-03 12:00'), twoWindows)).toMatchObject({ workingDays: 2, todayMs: 0, ms: 15 * H });
  });
});

describe('status: due time, time left or overdue, met or breached (R-CAL-4)', () => {
  // Fri Mar 6 17:00 + 2 bh → Mon Mar 9 10:00
  const weekend: Deadline = { start: cst('2026-03-06 17:00'), duration: bh(2) };

  it('running, with time left in wall time', () => {
    const s = status(weekend, cst('2026-03-06 17:30'), twoWindows);
    expect(s.state).toBe('running');
    expect(s.dueAt?.toISOString()).toBe(at('2026-03-09 10:00'));
    expect(s.timeLeftMs).toBe(64.5 * H);
    expect(s.overdueByMs).toBeNull();
    expect(s.remaining.hours).toBe(1.5);
  });

  it('due soon by a business-time threshold or a wall-time threshold', () => {
    // 2 business hours from Fri 17:30 reach Mon 10:30, past the due time → due soon
    expect(status(weekend, cst('2026-03-06 17:30'), twoWindows, bh(2)).dueSoon).toBe(true);
    // 4 wall hours from Fri 17:30 reach Fri 21:30 → not yet
    expect(status(weekend, cst('2026-03-06 17:30'), twoWindows, 4 * H).dueSoon).toBe(false);
    expect(status(weekend, cst('2026-03-09 08:00'), twoWindows, 4 * H).dueSoon).toBe(true);
  });

  it('breached once past due, with the overdue wall time', () => {
    const s = status(weekend, cst('2026-03-09 10:00:01'), twoWindows);
    expect(s.state).toBe('breached');
    expect(s.overdueByMs).toBe(1000);
    expect(s.timeLeftMs).toBeNull();
    // exactly at the due instant it is still on time
    expect(status(weekend, cst('2026-03-09 10:00'), twoWindows).state).toBe('running');
  });

  it('met when completed by the due time, breached when completed later', () => {
    const met = status({ ...weekend, completedAt: cst('2026-03-09 09:30') }, cst('2026-03-20 10:00'), twoWindows);
    expect(met).toMatchObject({ state: 'met', timeLeftMs: 0.5 * H, overdueByMs: null, dueSoon: false });
    const late = status({ ...weekend, completedAt: cst('2026-03-09 11:00') }, cst('2026-03-20 10:00'), twoWindows);
    expect(late).toMatchObject({ state: 'breached', overdueByMs: 1 * H });
  });

  it('completed while paused counts as met; pauses after completion are ignored', () => {
    const whilePaused = status(
      { ...weekend, pauses: [{ from: cst('2026-03-06 17:30'), to: null }], completedAt: cst('2026-03-12 10:00') },
      cst('2026-03-20 10:00'),
      twoWindows,
    );
    expect(whilePaused.state).toBe('met');
    const afterwards = status(
      { ...weekend, pauses: [{ from: cst('2026-03-09 12:00'), to: null }], completedAt: cst('2026-03-09 11:00') },
      cst('2026-03-20 10:00'),
      twoWindows,
    );
    expect(afterwards).toMatchObject({ state: 'breached', overdueByMs: 1 * H });
  });
});
