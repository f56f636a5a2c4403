import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, renderWithProviders, testUser } from '../../app/testing';
import type { CaseDetail } from '../cases/api';
import { ComplaintPanel } from './ComplaintPanel';
import { casesFeature } from '../cases';
import { complaintsFeature } from './index';
import { messages } from './messages';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [casesFeature, complaintsFeature];
const CASE = '0190f000-0000-7000-8000-0000000000c1';
const open = {
  number: 'TS-2026-000001',
  title: '空调噪音大',
  resultText: '已返修，噪音降至 45 分贝',
  companyName: '售后服务中心',
  hotline: '400-800-1234',
  expiresAt: '2026-03-09T02:00:00.000Z',
  status: 'open',
  result: null,
};

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

describe('complaints messages', () => {
  it('English is complete: the same keys as Chinese', () => {
    expect(keysOf(messages.en).sort()).toEqual(keysOf(messages['zh-CN']).sort());
  });
});

describe('the complainant’s confirmation page (public, no login)', () => {
  it('shows the result and, when not satisfied, sends the reason', async () => {
    const server = mockApi({
      [`GET /public/complaints/${CASE}/confirmation`]: open,
      [`POST /public/complaints/${CASE}/confirmation`]: (body: any) => ({ ...open, status: 'used', result: body.satisfied ? 'confirmed' : 'rejected' }),
    });
    renderApp({ features, path: `/confirm/complaint/${CASE}?token=abc.defghijklmnop`, user: null });
    expect(await screen.findByRole('heading', { level: 1, name: '投诉处理结果确认' })).toBeTruthy();
    expect(screen.getByTestId('confirm-text').textContent).toBe('已返修，噪音降至 45 分贝');
    fireEvent.click(screen.getByRole('button', { name: '不满意' }));
    const submit = screen.getByRole('button', { name: '提交，要求重新处理' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true); // a reason first
    fireEvent.change(screen.getByLabelText('不满意的原因'), { target: { value: '仍有异响' } });
    fireEvent.click(screen.getByRole('button', { name: '提交，要求重新处理' }));
    await waitFor(() => expect(screen.getByTestId('confirm-result').textContent).toBe('已收到您的意见，我们将重新处理并尽快与您联系'));
    expect(server.calls(`POST /public/complaints/${CASE}/confirmation`)[0]!.body).toEqual({ token: 'abc.defghijklmnop', satisfied: false, reason: '仍有异响' });
    // never asked who is logged in: the page is outside the login
    expect(server.calls('GET /auth/me')).toHaveLength(0);
  });

  it('an unknown or foreign link says so; a used one says it was used', async () => {
    mockApi({ [`GET /public/complaints/${CASE}/confirmation`]: new MockApiError(404, 'not_found', 'no') });
    renderApp({ features, path: `/confirm/complaint/${CASE}?token=abc.wrongwrongwrong`, user: null });
    expect(await screen.findByText('链接无效')).toBeTruthy();
    cleanup();
    vi.unstubAllGlobals();
    mockApi({ [`GET /public/complaints/${CASE}/confirmation`]: { ...open, status: 'used', result: 'confirmed' } });
    renderApp({ features, path: `/confirm/complaint/${CASE}?token=abc.defghijklmnop`, user: null });
    expect((await screen.findByTestId('confirm-result')).textContent).toBe('感谢您的确认，本次投诉已结案');
  });
});

describe('投诉管理 queue', () => {
  it('lists complaints with their step and who must act', async () => {
    const server = mockApi({
      'GET /cases': {
        items: [
          {
            id: CASE,
            number: 'TS-2026-000001',
            type: 'complaint',
            typeName: '投诉',
            state: 'plan_review',
            channel: 'phone',
            title: '空调噪音大',
            customerId: null,
            customerName: '深圳华星电子有限公司',
            unitId: null,
            serialNumber: null,
            severity: 'major',
            urgency: 'high',
            onSiteRequired: false,
            owner: { id: 'u1', name: '李晓燕' },
            waitingOn: null,
            escalated: true,
            escalationLevel: 3,
            nextDueAt: '2026-03-05T10:00:00.000Z',
            overdue: false,
            createdAt: '2026-03-02T02:00:00.000Z',
            updatedAt: '2026-03-02T02:00:00.000Z',
            version: 3,
          },
        ],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/complaints', user: testUser({ permissions: ['complaint.read', 'complaint.write', 'case.read'] }) });
    expect(await screen.findByText('TS-2026-000001')).toBeTruthy();
    expect(screen.getByText('部门经理')).toBeTruthy();
    expect(screen.getByText('待部门经理审核')).toBeTruthy();
    expect(screen.getAllByText('已升级').length).toBeGreaterThan(0);
    expect(server.calls('GET /cases')[0]!.url.searchParams.get('type')).toBe('complaint');
  });
});

const user = (id: string, name: string) => ({ id, name });
function complaintView(fields: Record<string, unknown> = {}) {
  return {
    case: { id: CASE, number: 'TS-2026-000001', state: 'confirmed', severity: 'general', escalated: false, closedAt: null, allowedActions: ['sign_tracking_sheet'], deadlines: [], timeline: [], version: 9 },
    complaint: {
      category: { id: 'c1', code: 'quality', nameZh: '产品质量', nameEn: 'Product quality' },
      subcategory: { id: 'c2', code: 'quality.performance', nameZh: '性能', nameEn: 'Performance' },
      resolutionKind: 'quality',
      anonymous: false,
      writtenReplyOnly: false,
      batchNumber: null,
      verificationResult: 'valid',
      verificationFacts: '现场测得 72 分贝',
      verifiedAt: '2026-03-02T02:00:00.000Z',
      verifiedBy: user('u1', '李晓燕'),
      evidence: [{ kind: 'inspection_report', description: '质检报告 QC-2026-031' }],
      rootCause: '风扇动平衡工序漏检',
      responsibility: 'company',
      departments: [{ id: 'd1', name: '维修服务部' }],
      gmDecision: null,
      gmDecidedBy: null,
      gmDecidedAt: null,
      meeting: null,
      investigatedAt: '2026-03-02T03:00:00.000Z',
      resolutionOutcomes: ['repair'],
      resolutionNote: '上门返修',
      resultText: '已返修',
      resultSentAt: '2026-03-03T02:00:00.000Z',
      rounds: 2,
      unsatisfiedCount: 1,
      confirmedAt: '2026-03-04T02:00:00.000Z',
      confirmedVia: 'link',
      confirmationNote: null,
      closureReason: null,
      extension: null,
      taskForce: null,
      managementNotifiedAt: null,
      version: 7,
    },
    actions: [
      {
        id: 'a1', caseId: CASE, caseNumber: 'TS-2026-000001', meetingId: null, kind: 'corrective', description: '返工三台空调', owner: user('u2', '王志强'),
        department: null, dueOn: '2026-03-06', state: 'done', overdue: false, evidence: '复测记录', doneAt: '2026-03-05T02:00:00.000Z',
        verifiedBy: null, verifiedAt: null, verificationNote: null, version: 2, createdAt: '2026-03-02T02:00:00.000Z',
      },
    ],
    signatures: [
      { id: 's1', step: 'action_plan', decision: 'approved', department: null, signer: user('u2', '王志强'), comment: '同意', signedAt: '2026-03-02T05:00:00.000Z', superseded: false },
    ],
    step: { state: 'confirmed', actor: '品质部', dueAt: null, metric: null },
    closureBlockers: [
      { code: 'open_actions', message: 'x' },
      { code: 'tracking_sheet_signature', message: 'y' },
    ],
    sameProductOrBatch: [],
    confirmationLinks: [{ id: 'l1', round: 2, expiresAt: '2026-03-10T02:00:00.000Z', usedAt: '2026-03-04T02:00:00.000Z', result: 'confirmed', reason: '满意', revoked: false }],
    ...fields,
  };
}

describe('投诉处理 panel', () => {
  it('shows the step, who acts, the signatures and what closure still needs; quality verifies an action', async () => {
    const server = mockApi({
      [`GET /complaints/${CASE}`]: complaintView(),
      'POST /complaints/capa/a1': (body: any) => ({ ...complaintView().actions[0], state: body.passed ? 'verified' : 'open', version: 3 }),
    });
    const quality = testUser({ permissions: ['complaint.read', 'complaint.write', 'complaint.verifyAction', 'complaint.signTrackingSheet', 'case.read'] });
    renderWithProviders(<ComplaintPanel detail={{ id: CASE, version: 9 } as CaseDetail} onChanged={() => {}} />, { features, user: quality });
    expect((await screen.findByTestId('complaint-actor')).textContent).toBe('品质部');
    expect(screen.getByTestId('complaint-step').textContent).toBe('投诉人已确认');
    expect(screen.getByText('部门经理签署处理方案')).toBeTruthy();
    const blockers = screen.getByTestId('closure-blockers');
    expect(blockers.textContent).toContain('纠正和预防措施尚未全部验证');
    expect(blockers.textContent).toContain('品质部未签署客户投诉闭环跟踪单');
    expect(screen.getByText('投诉人已于 2026-03-04 10:00 确认（确认链接）')).toBeTruthy();
    fireEvent.click(screen.getByTestId('capa-verify-a1'));
    await waitFor(() => expect(server.calls('POST /complaints/capa/a1')).toHaveLength(1));
    expect(server.calls('POST /complaints/capa/a1')[0]!.body).toEqual({ action: 'verify', passed: true, version: 2 });
  });

  it('an agent sees no verify button (only quality verifies actions)', async () => {
    mockApi({ [`GET /complaints/${CASE}`]: complaintView() });
    const agent = testUser({ permissions: ['complaint.read', 'complaint.write', 'case.read'] });
    renderWithProviders(<ComplaintPanel detail={{ id: CASE, version: 9 } as CaseDetail} onChanged={() => {}} />, { features, user: agent });
    await screen.findByTestId('complaint-actor');
    expect(screen.queryByTestId('capa-verify-a1')).toBeNull();
  });
});
