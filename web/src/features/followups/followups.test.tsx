import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { followupsFeature } from './index';
import { messages } from './messages';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const TASK = '0190f000-0000-7000-8000-0000000000f1';
const CUSTOMER = '0190f000-0000-7000-8000-0000000000c1';
const agent = testUser({ permissions: ['followup.read', 'followup.work'] });

const task = (fields: Record<string, unknown> = {}) => ({
  id: TASK,
  ruleId: null,
  ruleCode: 'case_closed_72h',
  ruleName: '工单关闭72小时内回访',
  purpose: 'follow_up',
  state: 'pending',
  stateReason: null,
  customer: { id: CUSTOMER, code: 'KH-1', name: '杭州西湖饮料有限公司', phone: '13800138000', class: 'B' },
  caseId: null,
  caseNumber: null,
  unitId: null,
  serialNumber: null,
  round: 1,
  anchorAt: '2026-02-14T09:10:00.000Z',
  plannedAt: '2026-02-24T02:00:00.000Z',
  dueBy: '2099-02-24T02:00:00.000Z',
  dueAt: '2026-02-24T02:00:00.000Z',
  channel: 'phone',
  assigneeRole: 'agent',
  assigneeId: null,
  priority: 5,
  questionnaireId: null,
  restricted: false,
  caseDemanded: true,
  mergedIntoId: null,
  attempts: 0,
  maxAttempts: 3,
  reached: null,
  score: null,
  openedCaseId: null,
  doneAt: null,
  version: 1,
  ...fields,
});

const detail = (fields: Record<string, unknown> = {}) => ({
  task: task(fields),
  merged: [],
  attempts: [],
  questionnaire: null,
  history: { followups: [], cases: [] },
  scoreMeanings: ['极不满意', '很不满意', '不满意', '一般', '满意', '非常满意'],
});

describe('今日回访', () => {
  it("lists the day's calls with customer, phone and channel", async () => {
    mockApi({ 'GET /followups/queue': { date: '2026-02-24', items: [task()] } });
    renderApp({ features: [followupsFeature], path: '/followups/queue?date=2026-02-24', user: agent });
    expect(await screen.findByRole('heading', { level: 1, name: '今日回访' })).toBeTruthy();
    expect(await screen.findByText('杭州西湖饮料有限公司')).toBeTruthy();
    expect(screen.getByText('13800138000')).toBeTruthy();
    expect(screen.getByText('电话回访')).toBeTruthy();
  });
});

describe('回访记录表', () => {
  it('rates with a number key, warns of the complaint, and sends the record', async () => {
    const server = mockApi({
      'GET /followups/tasks/*': detail(),
      'GET /followups/settings': { lowScoreThreshold: 1, retryAfterHours: 2 },
      'POST /followups/tasks/*': (body: any) => detail({ state: 'done', reached: true, score: body.score, version: 2 }),
    });
    renderApp({ features: [followupsFeature], path: `/followups/tasks/${TASK}`, user: agent });
    await screen.findByRole('heading', { level: 1, name: '回访记录表 · 杭州西湖饮料有限公司' });
    fireEvent.keyDown(window, { key: '1' });
    expect(await screen.findByText('评分过低，将自动转为投诉')).toBeTruthy();
    fireEvent.change(screen.getByTestId('problems'), { target: { value: '仍有异响' } });
    fireEvent.click(screen.getByTestId('save-attempt'));
    await waitFor(() => expect(server.calls('POST /followups/tasks/*')).toHaveLength(1));
    expect(server.calls('POST /followups/tasks/*')[0]).toMatchObject({
      path: `/followups/tasks/${TASK}/attempts`,
      body: { version: 1, reached: true, channel: 'phone', score: 1, problems: '仍有异响', problemResolved: false },
    });
    expect(await screen.findByText('该回访已完成')).toBeTruthy();
  });

  it('lets a supervisor cancel a call with a reason', async () => {
    const server = mockApi({
      'GET /followups/tasks/*': detail(),
      'GET /followups/settings': { lowScoreThreshold: 1, retryAfterHours: 2 },
      'GET /users': { items: [{ id: CUSTOMER, displayName: '李晓燕' }], nextCursor: null },
      'POST /followups/tasks/*': () => task({ state: 'cancelled', version: 2 }),
    });
    renderApp({ features: [followupsFeature], path: `/followups/tasks/${TASK}`, user: testUser({ permissions: ['followup.read', 'followup.work', 'followup.manage'] }) });
    await screen.findByRole('heading', { level: 1, name: '回访记录表 · 杭州西湖饮料有限公司' });
    fireEvent.click(screen.getByRole('button', { name: '取消回访' }));
    fireEvent.change(await screen.findByLabelText('取消原因'), { target: { value: '客户已搬迁' } });
    fireEvent.click(screen.getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(server.calls('POST /followups/tasks/*')).toHaveLength(1));
    expect(server.calls('POST /followups/tasks/*')[0]).toMatchObject({ path: `/followups/tasks/${TASK}/cancel`, body: { reason: '客户已搬迁', version: 1 } });
  });

  it('shows the field errors of a 400 on the form', async () => {
    mockApi({
      'GET /followups/tasks/*': detail(),
      'GET /followups/settings': { lowScoreThreshold: 1, retryAfterHours: 2 },
      'POST /followups/tasks/*': () =>
        new MockApiError(400, 'validation_failed', 'bad', [{ path: ['body', 'problems'], message: '请填写发现的问题 (describe the problem found)' }]),
    });
    renderApp({ features: [followupsFeature], path: `/followups/tasks/${TASK}`, user: agent });
    await screen.findByRole('heading', { level: 1, name: '回访记录表 · 杭州西湖饮料有限公司' });
    fireEvent.click(screen.getByTestId('save-attempt'));
    expect(await screen.findByText(/请填写发现的问题/)).toBeTruthy();
  });
});

describe('回访设置', () => {
  it('shows the call windows and saves them with the version', async () => {
    const settings = {
      callWindows: [
        { start: '10:00', end: '11:30' },
        { start: '15:30', end: '17:00' },
      ],
      minContactGapDays: 7,
      reducedContactGapDays: 30,
      severityRoles: { general: 'agent', important: 'supervisor', major: 'department_head' },
      maxAttempts: 3,
      retryAfterHours: 2,
      lowScoreThreshold: 1,
      scoreMeanings: ['极不满意', '很不满意', '不满意', '一般', '满意', '非常满意'],
      unresolvedFollowupDays: 7,
      surveyLinkDays: 14,
      surveyReminderDays: 5,
      surveyLowScore: 40,
      campaignMinTransactions: 3,
      responseTargetPercent: 80,
      satisfiedScore: 90,
      overallTargetPercent: 80,
      commendationPercent: 90,
      warningPercent: 70,
      failingPercent: 50,
      generateEveryMinutes: 60,
      catchUpDays: 7,
      publicBaseUrl: '',
      version: 3,
      updatedAt: null,
    };
    const server = mockApi({ 'GET /followups/settings': settings, 'PUT /followups/settings': (body: any) => ({ ...settings, ...body, version: 4 }) });
    renderApp({ features: [followupsFeature], path: '/followups/settings', user: testUser({ permissions: ['followup.read', 'followup.manage'] }) });
    await screen.findByRole('heading', { level: 1, name: '回访设置' });
    await waitFor(() => expect((screen.getAllByLabelText('开始')[0] as HTMLInputElement).value).toBe('10:00'));
    fireEvent.change(screen.getAllByLabelText('结束')[1], { target: { value: '16:30' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(server.calls('PUT /followups/settings')).toHaveLength(1));
    expect(server.calls('PUT /followups/settings')[0].body).toMatchObject({
      version: 3,
      callWindows: [
        { start: '10:00', end: '11:30' },
        { start: '15:30', end: '16:30' },
      ],
      minContactGapDays: 7,
    });
  });
});

describe('问卷', () => {
  it('edits a questionnaire; choice options are typed one per line', async () => {
    const questionnaire = {
      id: '0190f000-0000-7000-8000-0000000000e1',
      code: 'service_followup',
      name: '售后服务回访问卷',
      intro: null,
      script: '您好',
      questions: [
        { key: 'resolved', text: '问题是否已解决', kind: 'choice', required: true, options: [{ value: 'yes', label: '已解决', score: 100 }, { value: 'no', label: '未解决', score: 0 }] },
        { key: 'attitude', text: '服务态度', kind: 'scale', min: 1, max: 5, required: true },
      ],
      archived: false,
      version: 2,
    };
    const server = mockApi({ 'GET /questionnaires': { items: [questionnaire] }, 'PATCH /questionnaires/*': (body: any) => ({ ...questionnaire, ...body, version: 3 }) });
    renderApp({ features: [followupsFeature], path: '/followups/questionnaires', user: testUser({ permissions: ['followup.read', 'followup.manage'] }) });
    await screen.findByText('售后服务回访问卷');
    fireEvent.click(screen.getByRole('button', { name: '修改' }));
    const options = await screen.findByDisplayValue(/yes\|已解决\|100/);
    fireEvent.change(options, { target: { value: 'yes|已解决|100\nno|未解决|0\npartly|部分解决|50' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(server.calls('PATCH /questionnaires/*')).toHaveLength(1));
    const body = server.calls('PATCH /questionnaires/*')[0].body;
    expect(body.version).toBe(2);
    expect(body.questions[0].options).toEqual([
      { value: 'yes', label: '已解决', score: 100 },
      { value: 'no', label: '未解决', score: 0 },
      { value: 'partly', label: '部分解决', score: 50 },
    ]);
    expect(body.questions[1]).toMatchObject({ key: 'attitude', kind: 'scale', min: 1, max: 5 });
  });
});

describe('messages', () => {
  it('has every Chinese text in English too', () => {
    const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(messages.en)).toEqual(keys(messages['zh-CN']));
  });
});
