import { describe, expect, it } from 'vitest';
import { chineseDaysCalendar } from '../../platform/calendar/chinese-days.js';
import {
  displayDeadline,
  dueAfterResume,
  dueFrom,
  fullTimeInUnit,
  ladderTimes,
  nextLevel,
  timeLeftInUnit,
} from './sla.deadline.js';

/** The real 2026 calendar: 09:00–12:00, 13:30–18:00 Asia/Shanghai; 春节 15–23 Feb; Sat 14 Feb a make-up day. */
const cal = chineseDaysCalendar();
const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('deadline arithmetic on the 2026 calendar', () => {
  it('a repair opened Fri 13 Feb 17:00 gets its 4 business hours on the make-up Saturday 12:00', () => {
    // Fri 17:00–18:00 = 1 h; Sat 14 Feb (调休 working day) 09:00–12:00 = 3 h
    expect(dueFrom(at('2026-02-13T09:00:00Z'), { amount: 4, unit: 'business_hours' }, cal).toISOString()).toBe(
      '2026-02-14T04:00:00.000Z',
    );
    // working days after the 13th: Sat 14 (1), then the holiday, Tue 24 (2), Wed 25 (3) → 18:00
    expect(dueFrom(at('2026-02-13T09:00:00Z'), { amount: 3, unit: 'working_days' }, cal).toISOString()).toBe(
      '2026-02-25T10:00:00.000Z',
    );
    expect(dueFrom(at('2026-02-13T09:00:00Z'), { amount: 0.5, unit: 'clock_hours' }, cal).toISOString()).toBe(
      '2026-02-13T09:30:00.000Z',
    );
  });

  it('pause keeps the time left in the unit; resume after the holiday adds it to the resume instant', () => {
    const due = at('2026-02-14T04:00:00Z'); // Sat 12:00
    const pausedAt = at('2026-02-14T02:00:00Z'); // Sat 10:00: 2 business hours left
    const left = timeLeftInUnit('business_hours', pausedAt, due, cal);
    expect(left).toBe(2 * H);
    // resumed Tue 24 Feb 09:30 → 11:30
    expect(dueAfterResume('business_hours', at('2026-02-24T01:30:00Z'), left, cal).toISOString()).toBe(
      '2026-02-24T03:30:00.000Z',
    );
    // resumed Tue 24 Feb 11:00 → 1 h before lunch, 1 h after: 14:30
    expect(dueAfterResume('business_hours', at('2026-02-24T03:00:00Z'), left, cal).toISOString()).toBe(
      '2026-02-24T06:30:00.000Z',
    );
    // clock hours keep wall time, holiday or not
    expect(dueAfterResume('clock_hours', at('2026-02-20T00:00:00Z'), 5 * H, cal).toISOString()).toBe('2026-02-20T05:00:00.000Z');
  });

  it('a working-days deadline paused keeps its business time and resumes on business time', () => {
    const due = at('2026-02-25T10:00:00Z'); // Wed 25 Feb 18:00
    const left = timeLeftInUnit('working_days', at('2026-02-14T02:00:00Z'), due, cal); // Sat 10:00
    expect(left).toBe(21.5 * H); // Sat 6.5 h + Tue 7.5 h + Wed 7.5 h
    // resumed Tue 24 Feb 09:30: Tue 7 h, Wed 7.5 h, Thu 09:00–12:00 3 h, 13:30 + 4 h → Thu 17:30
    expect(dueAfterResume('working_days', at('2026-02-24T01:30:00Z'), left, cal).toISOString()).toBe('2026-02-26T09:30:00.000Z');
    expect(fullTimeInUnit(at('2026-02-13T09:00:00Z'), { amount: 4, unit: 'business_hours' }, cal)).toBe(4 * H);
  });

  it('the escalation ladder: warn before due, breach at due, escalate after; never scheduled in the past', () => {
    const due = at('2026-03-02T02:30:00Z');
    const ladder = { warnBeforeMinutes: 10, escalateAfterMinutes: 30 };
    expect(Object.values(ladderTimes(due, ladder)).map((d) => d.toISOString())).toEqual([
      '2026-03-02T02:20:00.000Z',
      '2026-03-02T02:30:00.000Z',
      '2026-03-02T03:00:00.000Z',
    ]);
    expect(nextLevel(0, due, ladder, at('2026-03-02T02:00:00Z'))).toEqual({ level: 1, at: at('2026-03-02T02:20:00Z') });
    expect(nextLevel(0, due, ladder, at('2026-03-02T02:25:00Z'))).toEqual({ level: 1, at: at('2026-03-02T02:25:00Z') });
    expect(nextLevel(2, due, ladder, at('2026-03-02T02:31:00Z'))).toEqual({ level: 3, at: at('2026-03-02T03:00:00Z') });
    expect(nextLevel(3, due, ladder, at('2026-03-02T02:31:00Z'))).toBeNull();
  });

  it('shows running, due soon, overdue, paused, met, met late and breached (R-CAL-4)', () => {
    const base = { unit: 'business_hours' as const, pausedAt: null, remainingMs: null, metAt: null, breachedAt: null };
    const running = { ...base, state: 'running' as const, dueAt: '2026-02-14T04:00:00.000Z', warnAt: '2026-02-14T03:00:00.000Z' };
    expect(displayDeadline(running, at('2026-02-14T01:00:00Z'), cal)).toMatchObject({
      status: 'running',
      timeLeftMs: 3 * H,
      unitTimeLeftMs: 3 * H,
    });
    // Fri 17:30 → Sat 12:00 is 18.5 wall hours but 3.5 business hours
    expect(displayDeadline(running, at('2026-02-13T09:30:00Z'), cal)).toMatchObject({
      status: 'running',
      timeLeftMs: 18.5 * H,
      unitTimeLeftMs: 3.5 * H,
    });
    expect(displayDeadline(running, at('2026-02-14T03:30:00Z'), cal)).toMatchObject({ status: 'due_soon', timeLeftMs: 0.5 * H });
    expect(displayDeadline(running, at('2026-02-14T05:00:00Z'), cal)).toMatchObject({
      status: 'overdue',
      timeLeftMs: null,
      overdueByMs: H,
    });
    const paused = {
      ...base,
      state: 'paused' as const,
      dueAt: null,
      warnAt: null,
      pausedAt: '2026-02-14T02:00:00.000Z',
      remainingMs: 2 * H,
    };
    expect(displayDeadline(paused, at('2026-02-24T01:30:00Z'), cal)).toMatchObject({
      status: 'paused',
      projectedDueAt: '2026-02-24T03:30:00.000Z',
      unitTimeLeftMs: 2 * H,
    });
    expect(
      displayDeadline({ ...running, state: 'met', metAt: '2026-02-14T02:00:00.000Z' }, at('2026-03-01T00:00:00Z'), cal),
    ).toMatchObject({ status: 'met', timeLeftMs: 2 * H });
    expect(
      displayDeadline(
        { ...running, state: 'met', metAt: '2026-02-14T05:00:00.000Z', breachedAt: '2026-02-14T04:00:00.000Z' },
        at('2026-03-01T00:00:00Z'),
        cal,
      ),
    ).toMatchObject({ status: 'met_late', overdueByMs: H });
    expect(
      displayDeadline({ ...running, state: 'breached', breachedAt: running.dueAt }, at('2026-02-14T06:00:00Z'), cal),
    ).toMatchObject({ status: 'breached', overdueByMs: 2 * H });
    expect(displayDeadline({ ...running, state: 'cancelled' }, at('2026-02-14T06:00:00Z'), cal).status).toBe('cancelled');
  });
});
