import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderApp, testUser } from '../../app/testing';
import { casesFeature } from '../cases/index';
import { homeFeature } from './index';
import { messages } from './messages';

afterEach(() => {
  vi.restoreAllMocks();
  cleanup();
  vi.unstubAllGlobals();
});

const numbers = {
  scope: 'department',
  generatedAt: '2026-03-02T08:00:00.000Z',
  today: '2026-03-02',
  open: 4,
  mine: 3,
  overdue: 2,
  mineOverdue: 1,
  dueToday: 1,
  appointmentsToday: 5,
  followUpsToday: 7,
  openByType: [
    { type: 'repair', typeName: '报修', state: 'new', count: 1 },
    { type: 'repair', typeName: '报修', state: 'awaiting_dispatch', count: 1 },
    { type: 'consultation', typeName: '咨询', state: 'in_progress', count: 2 },
  ],
  sla: { days: 30, metOnTime: 17, metLate: 2, breachedOpen: 1, compliance: 0.85 },
};

describe('工作台', () => {
  it('every Chinese message has an English one', () => {
    const keys = (o: Record<string, unknown>, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
  });

  it('shows the department figures, each opening its queue, and the open cases by type and state', async () => {
    const server = mockApi({ 'GET /dashboard': numbers });
    renderApp({ features: [homeFeature, casesFeature], path: '/', user: testUser({ roles: ['agent'], permissions: ['case.read', 'case.readAll'] }) });
    const board = await screen.findByTestId('dashboard');
    expect(within(board).getByText('部门工单概况')).toBeTruthy();
    const overdue = await within(board).findByTestId('dash-overdue');
    expect(overdue.textContent).toContain('已超时');
    expect(overdue.textContent).toContain('2');
    expect(overdue.closest('a')?.getAttribute('href')).toBe('/cases?queue=overdue');
    expect(within(board).getByTestId('dash-appointments').textContent).toContain('5');
    expect(within(board).getByTestId('dash-followups').textContent).toContain('今日待回访7');
    expect(within(board).getByTestId('dash-followups').closest('a')?.getAttribute('href')).toBe('/followups/queue');
    expect(within(board).getByTestId('dash-compliance').textContent).toContain('85.0%');
    expect(within(board).getByText('按时完成 17 项，超时完成 2 项，已超时未完成 1 项')).toBeTruthy();
    const repairRow = within(board).getByRole('link', { name: '报修' }).closest('tr') as HTMLElement;
    expect(within(repairRow).getByText('2')).toBeTruthy();
    expect(server.calls('GET /dashboard')).toHaveLength(1);
  });

  it('is not shown to a user who cannot read cases', async () => {
    const server = mockApi({ 'GET /dashboard': numbers });
    renderApp({ features: [homeFeature], path: '/', user: testUser({ roles: ['warehouse'], permissions: ['parts.read'] }) });
    await screen.findByText('我的角色');
    expect(screen.queryByTestId('dashboard')).toBeNull();
    expect(server.calls('GET /dashboard')).toHaveLength(0);
  });
});
