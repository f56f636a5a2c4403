import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { notificationsFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [notificationsFeature];
const admin = testUser({ roles: ['admin'], permissions: ['notification.manage', 'case.read'] });
const CASE_ID = '0190f000-0000-7000-8000-0000000000c1';

const message = (fields: Record<string, unknown> = {}) => ({
  id: '0190f000-0000-7000-8000-0000000000a1',
  channel: 'email',
  recipient: 'zhang.wei@example.com',
  recipientName: null,
  subject: '【华南电器】您的报修已受理 [BX-2026-000123]',
  body: '张先生/女士您好：\n\n您的报修已受理，工单号 BX-2026-000123。',
  templateKey: 'case.received',
  related: { entity: 'case', id: CASE_ID, label: 'BX-2026-000123' },
  state: 'dead',
  attempts: 6,
  maxAttempts: 6,
  lastError: 'no sender configured for channel "email"',
  dueAt: '2026-03-02T02:00:00.000Z',
  createdAt: '2026-03-02T02:00:00.000Z',
  sentAt: null,
  ...fields,
});

const summary = { counts: { pending: 1, running: 0, sent: 5, dead: 1, cancelled: 0 }, configuredChannels: ['in_app'] };

describe('消息发送记录', () => {
  it('shows state, attempts and the last error in Chinese, warns about missing senders, and resends a failed message', async () => {
    const api = mockApi({
      'GET /outbox/summary': summary,
      'GET /outbox': (_: unknown, url: URL) => ({
        items: url.searchParams.get('state') === 'sent' ? [] : [message()],
        nextCursor: null,
      }),
      'POST /outbox/*': () => message({ state: 'pending', attempts: 0 }),
    });
    renderApp({ features, path: '/settings/outbox', user: admin });
    expect(await screen.findByRole('heading', { name: '消息发送记录' })).toBeTruthy();
    expect(await screen.findByText(/尚未配置邮件、短信发送通道/)).toBeTruthy();
    const row = (await screen.findByText('BX-2026-000123')).closest('tr') as HTMLElement;
    expect(within(row).getByText('发送失败')).toBeTruthy();
    expect(within(row).getByText('邮件')).toBeTruthy();
    expect(within(row).getByText('6 / 6')).toBeTruthy();
    expect(within(row).getByText('no sender configured for channel "email"')).toBeTruthy();
    expect(within(row).queryByText('case.received')).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: '重发' }));
    fireEvent.click(await screen.findByRole('button', { name: /^确\s?定$/ }));
    await waitFor(() => expect(api.calls('POST /outbox/*')).toHaveLength(1));
    expect(api.calls('POST /outbox/*')[0].path).toBe('/outbox/0190f000-0000-7000-8000-0000000000a1/retry');
    expect(await screen.findByText('已加入发送队列')).toBeTruthy();
  });

  it('says why a resend was refused', async () => {
    mockApi({
      'GET /outbox/summary': summary,
      'GET /outbox': { items: [message({ state: 'pending', attempts: 1, lastError: null })], nextCursor: null },
      'POST /outbox/*': () => {
        throw new MockApiError(409, 'message_busy');
      },
    });
    renderApp({ features, path: '/settings/outbox', user: admin });
    const row = (await screen.findByText('BX-2026-000123')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '重发' }));
    fireEvent.click(await screen.findByRole('button', { name: /^确\s?定$/ }));
    expect(await screen.findByText('这条消息正在发送中，请稍后刷新。')).toBeTruthy();
  });
});

describe('通知模板', () => {
  const template = {
    id: '0190f000-0000-7000-8000-0000000000b1',
    key: 'case.received',
    nameZh: '工单受理通知',
    nameEn: 'Case received',
    audience: 'customer',
    channel: 'sms',
    locale: 'zh-CN',
    subject: null,
    body: '【{{companyName}}】{{salutation}}，您的{{caseType}}已受理，工单号{{caseNumber}}。',
    purpose: 'service',
    enabled: true,
    builtin: true,
    placeholders: ['salutation', 'companyName', 'hotline', 'signature', 'agentName', 'caseNumber', 'caseType', 'caseTitle'],
    modified: false,
    version: 3,
    updatedAt: '2026-03-01T00:00:00.000Z',
  };

  it('edits a template with its version, inserts a placeholder, and shows the server field error', async () => {
    let attempt = 0;
    const api = mockApi({
      'GET /notification-templates': { items: [template] },
      'PUT /notification-templates/*': (body: { body: string }) => {
        attempt += 1;
        if (attempt === 1) {
          throw new MockApiError(400, 'unknown_placeholder', '模板中有未知的占位符', [{ path: ['body', 'body'], message: '未知占位符 unknown placeholder: {{caseNo}}' }]);
        }
        return { ...template, body: body.body, modified: true, version: 4 };
      },
    });
    renderApp({ features, path: '/settings/notification-templates', user: admin });
    const row = (await screen.findByText('工单受理通知')).closest('tr') as HTMLElement;
    expect(within(row).getByText('短信')).toBeTruthy();
    expect(within(row).getByText('客户')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: /编辑/ }));

    const body = (await screen.findByLabelText('正文')) as HTMLTextAreaElement;
    fireEvent.change(body, { target: { value: '{{caseNo}}' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    expect(await screen.findByText('未知占位符 unknown placeholder: {{caseNo}}')).toBeTruthy();

    fireEvent.change(body, { target: { value: '工单号' } });
    body.setSelectionRange(3, 3);
    fireEvent.click(screen.getByText('服务热线'));
    expect(body.value).toBe('工单号{{hotline}}');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(api.calls('PUT /notification-templates/*')).toHaveLength(2));
    expect(api.calls('PUT /notification-templates/*')[1].body).toEqual({ version: 3, body: '工单号{{hotline}}', enabled: true });
  });
});

describe('邮件收件记录', () => {
  it('lists received mail with translated results and reasons and reprocesses a failed one', async () => {
    const failed = {
      id: '0190f000-0000-7000-8000-0000000000d1',
      messageId: '<fail@example.com>',
      fromAddress: 'zhao.liu@example.com',
      fromName: '赵六',
      to: ['baoxiu@huanan.test'],
      subject: '热水器不点火',
      state: 'failed',
      reason: 'no_intake_owner',
      detail: 'set the default intake owner',
      case: null,
      attachmentCount: 0,
      sizeBytes: 2048,
      receivedAt: '2026-03-02T02:00:00.000Z',
      version: 2,
    };
    const api = mockApi({
      'GET /inbound-emails': { items: [failed], nextCursor: null },
      'POST /inbound-emails/*': { ...failed, state: 'case_opened', reason: null, case: { id: CASE_ID, number: 'BX-2026-000124' }, version: 3, textBody: '打不着火。' },
    });
    renderApp({ features, path: '/settings/inbound-emails', user: admin });
    const row = (await screen.findByText('热水器不点火')).closest('tr') as HTMLElement;
    expect(within(row).getByText('处理失败')).toBeTruthy();
    expect(within(row).getByText('未设置默认受理人（工单设置）')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: '重新处理' }));
    fireEvent.click(await screen.findByRole('button', { name: /^确\s?定$/ }));
    await waitFor(() => expect(api.calls('POST /inbound-emails/*')).toHaveLength(1));
    expect(api.calls('POST /inbound-emails/*')[0].body).toEqual({ version: 2 });
  });
});

describe('我的消息', () => {
  it('lists my in-app messages with a link to the case', async () => {
    mockApi({
      'GET /notifications/inbox': {
        items: [
          {
            id: '0190f000-0000-7000-8000-0000000000e1',
            subject: '新派工单 BX-2026-000123',
            body: '您有新的派工：工单 BX-2026-000123「空调不制冷」。',
            templateKey: 'technician.job',
            related: { entity: 'case', id: CASE_ID, label: 'BX-2026-000123' },
            createdAt: '2026-03-02T02:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/notifications', user: testUser({ roles: ['technician'], permissions: ['case.read'] }) });
    expect(await screen.findByText('新派工单 BX-2026-000123')).toBeTruthy();
    const link = screen.getByRole('link', { name: '查看工单 BX-2026-000123' });
    expect(link.getAttribute('href')).toBe(`/cases/${CASE_ID}`);
  });
});
