import { describe, expect, it } from 'vitest';
import { addDays, eachDate } from '../../platform/calendar/index.js';
import { chineseDaysCalendar } from '../../platform/calendar/chinese-days.js';
import {
  addMonths,
  addTime,
  anchorRangeFor,
  assigneeRoleFor,
  cadenceMonths,
  callCalendar,
  DAY_MS,
  decideRespect,
  inCallWindow,
  isSampled,
  nextCallSlot,
  periodOf,
  sampleBucket,
} from './followups.plan.js';
import { bandOf, ratePercent } from './followups.reports.js';
import { checkAnswers, scoreAnswers } from './questionnaire.score.js';
import type { Question } from '../../../contracts/followups.js';

/** Shanghai wall time → epoch ms (UTC+8, no DST). */
const sh = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

const WINDOWS = [
  { start: '10:00', end: '11:30' },
  { start: '15:30', end: '17:00' },
];
const calls = callCalendar(chineseDaysCalendar({ timeZone: 'Asia/Shanghai' }), WINDOWS);

describe('call slots on the 2026 calendar (R-FUP-4)', () => {
  it('lands in the next call window of the day', () => {
    expect(iso(nextCallSlot(sh('2026-03-03T08:00:00'), calls))).toBe(iso(sh('2026-03-03T10:00:00')));
    expect(iso(nextCallSlot(sh('2026-03-03T10:45:00'), calls))).toBe(iso(sh('2026-03-03T10:45:00')));
    expect(iso(nextCallSlot(sh('2026-03-03T11:30:00'), calls))).toBe(iso(sh('2026-03-03T15:30:00')));
    expect(iso(nextCallSlot(sh('2026-03-03T13:00:00'), calls))).toBe(iso(sh('2026-03-03T15:30:00')));
    expect(iso(nextCallSlot(sh('2026-03-03T17:00:00'), calls))).toBe(iso(sh('2026-03-04T10:00:00')));
  });

  it('skips weekends', () => {
    // Friday 6 March 2026, after the last window → Monday 9 March
    expect(iso(nextCallSlot(sh('2026-03-06T17:30:00'), calls))).toBe(iso(sh('2026-03-09T10:00:00')));
  });

  it('skips the Spring Festival holiday and calls on its make-up Saturday (调休)', () => {
    // Friday 13 Feb 2026 evening → Saturday 14 Feb is a make-up working day
    expect(iso(nextCallSlot(sh('2026-02-13T18:00:00'), calls))).toBe(iso(sh('2026-02-14T10:00:00')));
    // Saturday 14 Feb evening → 15–23 Feb are holidays → Tuesday 24 Feb
    expect(iso(nextCallSlot(sh('2026-02-14T17:00:00'), calls))).toBe(iso(sh('2026-02-24T10:00:00')));
    // inside the holiday
    expect(iso(nextCallSlot(sh('2026-02-17T10:30:00'), calls))).toBe(iso(sh('2026-02-24T10:00:00')));
  });

  it('skips the National Day week', () => {
    const slot = nextCallSlot(sh('2026-09-30T17:30:00'), calls);
    const date = new Date(slot + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(date >= '2026-10-08' || date === '2026-09-30').toBe(true);
    expect(inCallWindow(slot, calls)).toBe(true);
  });

  it('every slot found over a year is inside a window of a working day', () => {
    let t = sh('2026-01-01T00:00:00');
    for (let i = 0; i < 2000; i += 1) {
      const slot = nextCallSlot(t, calls);
      expect(slot).toBeGreaterThanOrEqual(t);
      expect(inCallWindow(slot, calls)).toBe(true);
      t += 4.3 * 3_600_000;
    }
  });

  it('uses the configured windows', () => {
    const custom = callCalendar(chineseDaysCalendar({ timeZone: 'Asia/Shanghai' }), [{ start: '14:00', end: '15:00' }]);
    expect(iso(nextCallSlot(sh('2026-03-03T10:00:00'), custom))).toBe(iso(sh('2026-03-03T14:00:00')));
  });
});

describe('delays and cadences', () => {
  it('adds months with the month end clamped', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('adds hours, days and months in the company time zone', () => {
    const t = sh('2026-03-03T10:15:00');
    expect(iso(addTime(t, 72, 'hours', 'Asia/Shanghai'))).toBe(iso(sh('2026-03-06T10:15:00')));
    expect(iso(addTime(t, 10, 'days', 'Asia/Shanghai'))).toBe(iso(sh('2026-03-13T10:15:00')));
    expect(iso(addTime(t, 1, 'months', 'Asia/Shanghai'))).toBe(iso(sh('2026-04-03T10:15:00')));
  });

  it('lists the warranty cadence: quarterly, then half-yearly, then yearly', () => {
    const months = cadenceMonths(
      [
        { everyMonths: 3, fromMonths: 3, untilMonths: 12 },
        { everyMonths: 6, fromMonths: 18, untilMonths: 24 },
        { everyMonths: 12, fromMonths: 36, untilMonths: null },
      ],
      72,
    );
    expect(months).toEqual([3, 6, 9, 12, 18, 24, 36, 48, 60, 72]);
    expect(cadenceMonths([{ everyMonths: 0, fromMonths: 1, untilMonths: 5 }])).toEqual([]);
  });

  it('finds exactly the anchors whose anniversary falls in the range (month ends included)', () => {
    for (const months of [1, 3, 6, 12, 18]) {
      for (const [from, to] of [
        ['2026-02-27', '2026-03-02'],
        ['2026-03-01', '2026-03-01'],
        ['2026-02-28', '2026-02-28'],
        ['2026-04-30', '2026-05-06'],
      ]) {
        const range = anchorRangeFor(months, from, to);
        for (const anchor of eachDate(addDays(from, -months * 31 - 5), to)) {
          const lands = addMonths(anchor, months);
          const inRange = lands >= from && lands <= to;
          expect(anchor >= range.from && anchor <= range.to, `${anchor} +${months} → ${lands} in [${from}, ${to}]`).toBe(inRange);
        }
      }
    }
  });

  it('names calendar periods', () => {
    expect(periodOf('2026-05-10', 2)).toEqual({ key: '2026-H1', from: '2026-01-01', to: '2026-06-30' });
    expect(periodOf('2026-11-23', 4)).toEqual({ key: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('2026-11-23', 1)).toEqual({ key: '2026-Y', from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('sampling and who calls', () => {
  it('samples deterministically and close to the rate', () => {
    expect(isSampled('order:x:1', 100)).toBe(true);
    expect(isSampled('order:x:1', 0)).toBe(false);
    expect(sampleBucket('order:x:1')).toBe(sampleBucket('order:x:1'));
    let taken = 0;
    for (let i = 0; i < 10_000; i += 1) if (isSampled(`order:rule:${i}`, 30)) taken += 1;
    expect(taken).toBeGreaterThan(2_700);
    expect(taken).toBeLessThan(3_300);
  });

  it('assigns by level or by complaint severity (R-FUP-3)', () => {
    const roles = { general: 'agent', important: 'supervisor', major: 'department_head' };
    expect(assigneeRoleFor('by_severity', 'general', roles)).toBe('agent');
    expect(assigneeRoleFor('by_severity', 'important', roles)).toBe('supervisor');
    expect(assigneeRoleFor('by_severity', 'major', roles)).toBe('department_head');
    expect(assigneeRoleFor('by_severity', null, roles)).toBe('agent');
    expect(assigneeRoleFor('manager', 'general', roles)).toBe('department_head');
    expect(assigneeRoleFor('supervisor', 'major', roles)).toBe('supervisor');
    expect(assigneeRoleFor('by_severity', 'major', { ...roles, major: 'general_manager' })).toBe('general_manager');
  });
});

describe('respecting the customer (R-FUP-4)', () => {
  const settings = { minContactGapDays: 7, reducedContactGapDays: 30 };
  const slot = sh('2026-03-10T10:00:00');
  const base = { doNotDisturb: false, reducedContact: false, openTask: null, lastContactAt: null };
  const candidate = { plannedAt: slot, dueBy: slot + 10 * DAY_MS, caseDemanded: false };

  it('plans a new call when nothing stands in the way', () => {
    expect(decideRespect(candidate, base, settings, calls)).toEqual({ state: 'pending', plannedAt: slot, reason: null });
  });

  it('skips do-not-disturb customers unless a case demands the contact', () => {
    expect(decideRespect(candidate, { ...base, doNotDisturb: true }, settings, calls).state).toBe('skipped');
    expect(decideRespect({ ...candidate, caseDemanded: true }, { ...base, doNotDisturb: true }, settings, calls).state).toBe('pending');
  });

  it('merges into the open call of the same customer when it comes in time', () => {
    const open = { id: 'open-1', plannedAt: slot - DAY_MS };
    expect(decideRespect(candidate, { ...base, openTask: open }, settings, calls)).toEqual({
      state: 'merged',
      mergedIntoId: 'open-1',
      plannedAt: open.plannedAt,
      reason: 'merged_same_customer',
    });
    const tooLate = { id: 'open-2', plannedAt: slot + 20 * DAY_MS };
    expect(decideRespect(candidate, { ...base, openTask: tooLate }, settings, calls).state).toBe('pending');
  });

  it('keeps 7 days between contacts, 30 for reduced frequency, unless a case demands it', () => {
    const last = sh('2026-03-06T10:00:00');
    const gap = decideRespect(candidate, { ...base, lastContactAt: last }, settings, calls);
    expect(gap).toEqual({ state: 'pending', plannedAt: sh('2026-03-13T10:00:00'), reason: 'postponed_contact_gap' });
    const reduced = decideRespect(candidate, { ...base, reducedContact: true, lastContactAt: last }, settings, calls);
    expect(reduced.plannedAt).toBe(sh('2026-04-07T10:00:00')); // 5 April + 30 days … 4–6 April 清明 holiday → Tuesday 7 April
    expect(reduced.reason).toBe('postponed_reduced_contact');
    expect(decideRespect({ ...candidate, caseDemanded: true }, { ...base, lastContactAt: last }, settings, calls).plannedAt).toBe(slot);
    const longAgo = decideRespect(candidate, { ...base, lastContactAt: sh('2026-02-01T10:00:00') }, settings, calls);
    expect(longAgo.plannedAt).toBe(slot);
  });
});

describe('questionnaire answers (R-SAT-1)', () => {
  const questions: Question[] = [
    { key: 'resolved', text: '问题是否已解决', kind: 'choice', required: true, options: [{ value: 'yes', label: '是', score: 100 }, { value: 'no', label: '否', score: 0 }] },
    { key: 'attitude', text: '服务态度', kind: 'scale', min: 1, max: 5, required: true },
    { key: 'speed', text: '速度', kind: 'scale', min: 1, max: 5, weight: 3 },
    { key: 'comment', text: '意见', kind: 'text' },
  ];

  it('accepts valid answers and scores them out of 100 with weights', () => {
    const answers = { resolved: 'yes', attitude: 5, speed: 3, comment: '很好' };
    expect(checkAnswers(questions, answers)).toEqual([]);
    // (100·1 + 100·1 + 50·3) / 5 = 70
    expect(scoreAnswers(questions, answers)).toBe(70);
    expect(scoreAnswers(questions, { comment: 'x' })).toBeNull();
  });

  it('refuses answers outside the scale, unknown options and questions, missing required ones', () => {
    expect(checkAnswers(questions, { resolved: 'yes', attitude: 6 })).toEqual([{ key: 'attitude', message: 'a whole number from 1 to 5' }]);
    expect(checkAnswers(questions, { resolved: 'yes', attitude: 0 })[0].key).toBe('attitude');
    expect(checkAnswers(questions, { resolved: 'yes', attitude: 2.5 })[0].key).toBe('attitude');
    expect(checkAnswers(questions, { resolved: 'maybe', attitude: 3 })[0].key).toBe('resolved');
    expect(checkAnswers(questions, { resolved: 'yes', attitude: 3, other: 1 })).toEqual([{ key: 'other', message: 'no such question' }]);
    expect(checkAnswers(questions, { attitude: 3 })).toEqual([{ key: 'resolved', message: 'an answer is required' }]);
    expect(checkAnswers(questions, { resolved: 'yes', attitude: 3, comment: 5 })).toEqual([{ key: 'comment', message: 'text' }]);
  });
});

describe('rates and bands (R-FUP-8, R-SAT-3)', () => {
  const bands = { commendationPercent: 90, warningPercent: 70, failingPercent: 50 };

  it('computes the rate with one decimal, none when nothing was due', () => {
    expect(ratePercent(2, 3)).toBe(66.7);
    expect(ratePercent(0, 0)).toBeNull();
    expect(ratePercent(5, 5)).toBe(100);
  });

  it('puts satisfaction into the bands >90 commendation, <70 warning, <50 failing', () => {
    expect(bandOf(95, bands)).toBe('commendation');
    expect(bandOf(90, bands)).toBe('normal');
    expect(bandOf(70, bands)).toBe('normal');
    expect(bandOf(69.9, bands)).toBe('warning');
    expect(bandOf(50, bands)).toBe('warning');
    expect(bandOf(49, bands)).toBe('failing');
    expect(bandOf(null, bands)).toBeNull();
  });
});
