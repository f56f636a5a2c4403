import { describe, expect, it } from 'vitest';
import { createI18n } from '../../app/i18n';
import type { DeadlineView } from './api';
import {
  formatDuration,
  formatPolicyAmount,
  liveDeadlineStatus,
  liveOverdueByMs,
  liveTimeLeftMs,
  queueDeadlineStatus,
  STATUS_COLOUR,
  splitDuration,
} from './deadlines';
import { casesFeature } from './index';

const NOW = Date.parse('2026-03-02T02:00:00.000Z');
const min = 60_000;
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

function deadline(fields: Partial<DeadlineView>): DeadlineView {
  return {
    id: 'd1',
    metric: 'first_reply',
    policyId: null,
    amount: 4,
    unit: 'business_hours',
    state: 'running',
    status: 'running',
    startedAt: at(-60 * min),
    dueAt: at(3 * 60 * min),
    projectedDueAt: null,
    timeLeftMs: 3 * 60 * min,
    unitTimeLeftMs: 3 * 60 * min,
    overdueByMs: null,
    pausedAt: null,
    metAt: null,
    breachedAt: null,
    cancelledAt: null,
    escalationLevel: 0,
    version: 1,
    ...fields,
  };
}

describe('live deadline status', () => {
  it('keeps the server status while the due time is ahead', () => {
    expect(liveDeadlineStatus(deadline({}), NOW)).toBe('running');
    expect(liveDeadlineStatus(deadline({ status: 'due_soon', dueAt: at(10 * min) }), NOW)).toBe('due_soon');
  });
  it('turns red by itself once the due time passes while the page is open', () => {
    const d = deadline({ status: 'due_soon', dueAt: at(1 * min) });
    expect(liveDeadlineStatus(d, NOW + 2 * min)).toBe('overdue');
    expect(liveOverdueByMs(d, NOW + 2 * min)).toBe(1 * min);
    expect(liveTimeLeftMs(d, NOW + 2 * min)).toBeNull();
  });
  it('counts the time left down from the due time', () => {
    expect(liveTimeLeftMs(deadline({}), NOW + 30 * min)).toBe(150 * min);
  });
  it('shows the kept time of a paused deadline, and how late a late one was met', () => {
    expect(
      liveTimeLeftMs(
        deadline({
          state: 'paused',
          status: 'paused',
          dueAt: null,
          timeLeftMs: 42 * min,
        }),
        NOW,
      ),
    ).toBe(42 * min);
    const late = deadline({
      state: 'met',
      status: 'met_late',
      metAt: at(0),
      overdueByMs: 15 * min,
    });
    expect(liveOverdueByMs(late, NOW)).toBe(15 * min);
    expect(liveTimeLeftMs(late, NOW)).toBeNull();
  });
  it('colours: green running, orange due soon, red overdue and breached, grey met, blue paused', () => {
    expect(STATUS_COLOUR.running).toBe('success');
    expect(STATUS_COLOUR.due_soon).toBe('warning');
    expect(STATUS_COLOUR.overdue).toBe('error');
    expect(STATUS_COLOUR.breached).toBe('error');
    expect(STATUS_COLOUR.met).toBe('default');
    expect(STATUS_COLOUR.paused).toBe('processing');
  });
});

describe('queue row deadline', () => {
  const row = {
    overdue: false,
    nextDueAt: null as string | null,
    waitingOn: null as 'customer' | null,
  };
  it('is overdue when the server says so or the next due time has passed', () => {
    expect(queueDeadlineStatus({ ...row, overdue: true, nextDueAt: at(5 * 60 * min) }, NOW)).toBe('overdue');
    expect(queueDeadlineStatus({ ...row, nextDueAt: at(-1) }, NOW)).toBe('overdue');
  });
  it('is due soon within the hour, or whenever the row is in the 即将超时 queue', () => {
    expect(queueDeadlineStatus({ ...row, nextDueAt: at(59 * min) }, NOW)).toBe('due_soon');
    expect(queueDeadlineStatus({ ...row, nextDueAt: at(61 * min) }, NOW)).toBe('running');
    expect(
      queueDeadlineStatus({ ...row, nextDueAt: at(3 * 60 * min) }, NOW, {
        knownDueSoon: true,
      }),
    ).toBe('due_soon');
  });
  it('is paused while waiting and none without an open deadline', () => {
    expect(queueDeadlineStatus({ ...row, waitingOn: 'customer' }, NOW)).toBe('paused');
    expect(queueDeadlineStatus(row, NOW)).toBe('none');
  });
});

describe('durations in words', () => {
  const zh = createI18n([casesFeature], 'zh-CN').t;
  const en = createI18n([casesFeature], 'en').t;
  it('splits into days, hours and minutes', () => {
    expect(splitDuration((26 * 60 + 5) * min + 59_000)).toEqual({
      days: 1,
      hours: 2,
      minutes: 5,
    });
    expect(splitDuration(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
  it('shows the two largest units in Chinese and English', () => {
    expect(formatDuration((26 * 60 + 5) * min, zh)).toBe('1天2小时');
    expect(formatDuration(48 * 60 * min, zh)).toBe('2天');
    expect(formatDuration(135 * min, zh)).toBe('2小时15分');
    expect(formatDuration(120 * min, zh)).toBe('2小时');
    expect(formatDuration(12 * min, zh)).toBe('12分钟');
    expect(formatDuration(30_000, zh)).toBe('不到1分钟');
    expect(formatDuration(135 * min, en)).toBe('2h 15m');
  });
  it('shows a policy in its own terms', () => {
    expect(formatPolicyAmount(4, 'business_hours', zh)).toBe('4 工作小时');
    expect(formatPolicyAmount(3, 'working_days', zh)).toBe('3 个工作日');
    expect(formatPolicyAmount(0.5, 'clock_hours', zh)).toBe('0.5 小时');
  });
});
