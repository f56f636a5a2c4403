import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import type { CalendarDay, CalendarSettings } from './api';
import { addDays, weekdayOf } from './dates';
import { calendarFeature } from './index';

// 365 buttons per year view are slow to render in jsdom on a busy machine (this file only)
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [calendarFeature];
const admin = testUser({ roles: ['admin'], permissions: ['calendar.read', 'calendar.write'] });
const reader = testUser({ roles: ['agent'], permissions: ['calendar.read'] });

/** 2025 around National Day as the server describes it. */
function days2025(): CalendarDay[] {
  const overrides: Record<string, Pick<CalendarDay, 'reason' | 'name'>> = {
    '2025-09-28': { reason: 'makeup_workday', name: '国庆节 调休' },
    '2025-10-11': { reason: 'makeup_workday', name: '国庆节 调休' },
  };
  for (let d = '2025-10-01'; d <= '2025-10-08'; d = addDays(d, 1))
    overrides[d] = { reason: 'holiday', name: d === '2025-10-06' ? '中秋' : '国庆节' };
  const result: CalendarDay[] = [];
  for (let d = '2025-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) {
    const o = overrides[d];
    const weekend = weekdayOf(d) === 0 || weekdayOf(d) === 6;
    const reason = o?.reason ?? (weekend ? 'weekend' : 'weekday');
    result.push({
      date: d,
      working: reason === 'weekday' || reason === 'makeup_workday',
      reason,
      name: o?.name ?? null,
      source: o ? 'seed' : null,
      version: o ? 1 : null,
    });
  }
  return result;
}

const settings: CalendarSettings = {
  timeZone: 'Asia/Shanghai',
  businessHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '18:00' },
  ],
  weekdayHours: [],
  weekendDays: [0, 6],
  version: 3,
  updatedAt: '2026-03-02T02:00:00.000Z',
};

function mockCalendar(extra: Record<string, unknown> = {}) {
  return mockApi({
    'GET /calendar/settings': settings,
    'GET /calendar/days': { days: days2025() },
    'GET /calendar/years': { years: [{ year: 2025, holidays: 28, makeupWorkdays: 5 }] },
    ...extra,
  });
}

/** the page is lazy-loaded and draws 365 buttons: allow for a slow, shared machine */
const slow = { timeout: 15_000 };

const cell = (date: string) => document.querySelector(`button[data-date="${date}"]`) as HTMLButtonElement;

describe('工作日历 year view', () => {
  it('shows holidays (休) and make-up days (班) of the chosen year', async () => {
    const api = mockCalendar();
    renderApp({ features, path: '/calendar?year=2025', user: reader });
    expect(await screen.findByRole('heading', { name: '工作日历' }, slow)).toBeTruthy();
    await waitFor(() => expect(cell('2025-10-01')).toBeTruthy(), slow);
    expect(api.calls('GET /calendar/days')[0].url.search).toBe('?from=2025-01-01&to=2025-12-31');
    expect(cell('2025-10-01').getAttribute('aria-label')).toBe('2025-10-01 星期三，节假日 国庆节');
    expect(cell('2025-10-01').textContent).toBe('1休');
    expect(cell('2025-09-28').getAttribute('aria-label')).toBe('2025-09-28 星期日，调休上班 国庆节 调休');
    expect(cell('2025-09-28').textContent).toBe('28班');
    expect(cell('2025-10-12').getAttribute('data-reason')).toBe('weekend');
    expect(screen.getByText('全年工作日 257 天 · 节假日 8 天 · 调休上班 2 天')).toBeTruthy();
    // a reader sees no import button
    expect(screen.queryByRole('button', { name: /导入节假日/ })).toBeNull();
  });

  it('warns when a year has no holiday data', async () => {
    mockCalendar({ 'GET /calendar/years': { years: [] } });
    renderApp({ features, path: '/calendar?year=2025', user: reader });
    expect(await screen.findByText(/2025 年尚无法定节假日数据/, {}, slow)).toBeTruthy();
  });

  it('moves between dates with the arrow keys', async () => {
    mockCalendar();
    renderApp({ features, path: '/calendar?year=2025', user: reader });
    await waitFor(() => expect(cell('2025-10-01')).toBeTruthy(), slow);
    act(() => cell('2025-10-01').focus());
    fireEvent.keyDown(cell('2025-10-01'), { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(cell('2025-10-02')));
    fireEvent.keyDown(cell('2025-10-02'), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(cell('2025-10-09')));
    expect(cell('2025-10-09').tabIndex).toBe(0);
    expect(cell('2025-10-01').tabIndex).toBe(-1);
  });

  it('a reader opens a date and only sees it', async () => {
    mockCalendar();
    renderApp({ features, path: '/calendar?year=2025', user: reader });
    await waitFor(() => expect(cell('2025-10-06')).toBeTruthy(), slow);
    fireEvent.click(cell('2025-10-06'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('2025-10-06 星期一')).toBeTruthy();
    expect(within(dialog).getByText('中秋')).toBeTruthy();
    expect(within(dialog).getByText('系统预置')).toBeTruthy();
    expect(within(dialog).getByText('您只有查看权限，如需修改请联系系统管理员。')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: '保存' })).toBeNull();
  });

  it('an admin turns a make-up Saturday into a holiday', async () => {
    const api = mockCalendar({
      'PUT /calendar/days/2025-10-11': (body: any) => ({
        date: '2025-10-11',
        working: false,
        reason: 'holiday',
        name: body.name,
        source: 'admin',
        version: 2,
      }),
    });
    renderApp({ features, path: '/calendar?year=2025', user: admin });
    await waitFor(() => expect(cell('2025-10-11')).toBeTruthy(), slow);
    fireEvent.click(cell('2025-10-11'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByText('节假日（休）'));
    fireEvent.change(within(dialog).getByLabelText('名称'), { target: { value: '公司补休' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    expect(await screen.findByText('2025-10-11 已保存')).toBeTruthy();
    expect(api.calls('PUT /calendar/days/2025-10-11')[0].body).toEqual({ kind: 'holiday', name: '公司补休', version: 1 });
  });

  it('an admin resets an override back to normal', async () => {
    const api = mockCalendar({
      'POST /calendar/days/2025-10-08/reset': {
        date: '2025-10-08',
        working: true,
        reason: 'weekday',
        name: null,
        source: 'admin',
        version: 2,
      },
    });
    renderApp({ features, path: '/calendar?year=2025', user: admin });
    await waitFor(() => expect(cell('2025-10-08')).toBeTruthy(), slow);
    fireEvent.click(cell('2025-10-08'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '恢复正常' }));
    fireEvent.click(await screen.findByRole('button', { name: '确定' }));
    expect(await screen.findByText('2025-10-08 已恢复正常')).toBeTruthy();
    expect(api.calls('POST /calendar/days/2025-10-08/reset')[0].body).toEqual({ version: 1 });
  });
});

describe('import', () => {
  it('sends the file text and lists every problem of a refused file', async () => {
    const api = mockCalendar({
      'POST /calendar/import': () => {
        throw new MockApiError(400, 'import_invalid', 'the file has 1 problem(s); nothing was imported', {
          errors: [{ line: 7, field: 'SUMMARY', code: 'unknown_kind', params: { summary: '公司年会' }, message: 'cannot tell' }],
          total: 1,
        });
      },
    });
    renderApp({ features, path: '/calendar?year=2025', user: admin });
    fireEvent.click(await screen.findByRole('button', { name: /导入节假日/ }, slow));
    const dialog = await screen.findByRole('dialog');
    const input = dialog.querySelector('input[type="file"]') as HTMLInputElement;
    const ics = 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:公司年会\nEND:VEVENT\nEND:VCALENDAR';
    fireEvent.change(input, { target: { files: [new File([ics], 'holidays.ics', { type: 'text/calendar' })] } });
    expect(await within(dialog).findByText('holidays.ics')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '导入' }));
    expect(await within(dialog).findByText(/无法判断“公司年会”是节假日/)).toBeTruthy();
    expect(within(dialog).getByText(/第 7 行/)).toBeTruthy();
    expect(api.calls('POST /calendar/import')[0].body).toEqual({ format: 'ics', content: ics, year: 2025 });
  });
});

describe('settings', () => {
  it('refuses overlapping windows before asking the server', async () => {
    const api = mockCalendar({ 'PUT /calendar/settings': settings });
    renderApp({ features, path: '/calendar?tab=settings', user: admin });
    const start2 = await screen.findByLabelText('时段 2 开始', {}, slow);
    fireEvent.change(start2, { target: { value: '11:00' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('时段不能重叠，且须按时间先后排列')).toBeTruthy();
    expect(api.calls('PUT /calendar/settings')).toHaveLength(0);
  });

  it('saves business hours with the version it was based on', async () => {
    const api = mockCalendar({ 'PUT /calendar/settings': (body: any) => ({ ...settings, ...body, version: 4 }) });
    renderApp({ features, path: '/calendar?tab=settings', user: admin });
    const end2 = await screen.findByLabelText('时段 2 结束', {}, slow);
    fireEvent.change(end2, { target: { value: '17:30' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('工作时间已保存')).toBeTruthy();
    expect(api.calls('PUT /calendar/settings')[0].body).toEqual({
      timeZone: 'Asia/Shanghai',
      businessHours: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      weekendDays: [0, 6],
      weekdayHours: [],
      version: 3,
    });
  });
});

describe('deadline calculator', () => {
  it('computes a due time and shows it in company time', async () => {
    const api = mockCalendar({
      'POST /calendar/deadline': {
        due: '2025-10-10T10:00:00.000Z',
        dueLocal: '2025-10-10T18:00:00+08:00',
        timeZone: 'Asia/Shanghai',
      },
    });
    renderApp({ features, path: '/calendar?tab=deadline', user: reader });
    fireEvent.click(await screen.findByRole('button', { name: '计算' }, slow));
    expect(await screen.findByTestId('deadline-due')).toHaveProperty('textContent', '2025-10-10 18:00');
    expect(screen.getByText('星期五')).toBeTruthy();
    const body = api.calls('POST /calendar/deadline')[0].body;
    expect(body).toMatchObject({ amount: 3, unit: 'working_days' });
    expect(body.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
  });
});

describe('English', () => {
  it('translates the page', async () => {
    mockCalendar();
    renderApp({ features, path: '/calendar?year=2025', user: reader, language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Working calendar' }, slow)).toBeTruthy();
    await waitFor(() => expect(cell('2025-10-01')).toBeTruthy(), slow);
    expect(cell('2025-10-01').getAttribute('aria-label')).toBe('2025-10-01 Wednesday, Holiday 国庆节');
    expect(screen.getByText('October')).toBeTruthy();
  });
});
