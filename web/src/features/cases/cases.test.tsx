import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import type { CaseDetail, CaseSummary, CaseType, CustomerDetail, DeadlineView, LookupItem } from './api';
import { casesFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [casesFeature];
const agent = testUser({
  permissions: [
    'case.read',
    'case.readAll',
    'case.create',
    'case.update',
    'case.assign',
    'case.merge',
    'customer.read',
    'staff.read',
  ],
});

const CUSTOMER_ID = '0190f000-0000-7000-8000-0000000000c1';
const CONTACT_ID = '0190f000-0000-7000-8000-0000000000d1';
const OTHER_CONTACT_ID = '0190f000-0000-7000-8000-0000000000d2';
const UNIT_ID = '0190f000-0000-7000-8000-0000000000e1';
const OLD_UNIT_ID = '0190f000-0000-7000-8000-0000000000e2';
const CASE_ID = '0190f000-0000-7000-8000-0000000000a1';
const min = 60_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

const caseTypes: { items: CaseType[] } = {
  items: (
    [
      ['repair', '报修', 'Repair request', 'BX', 10],
      ['warranty_claim', '保修申请', 'Warranty claim', 'BZ', 20],
      ['complaint', '投诉', 'Complaint', 'TS', 30],
      ['consultation', '咨询', 'Consultation', 'ZX', 40],
    ] as const
  ).map(([code, nameZh, nameEn, numberPrefix, sortOrder]) => ({
    code,
    nameZh,
    nameEn,
    numberPrefix,
    workflow: 'simple',
    allowAnonymous: false,
    builtin: true,
    enabled: true,
    sortOrder,
    version: 1,
    updatedAt: '2026-03-02T02:00:00.000Z',
  })),
};

const customerBrief = {
  id: CUSTOMER_ID,
  code: 'KH-2026-000001',
  name: '上海明亮物业管理有限公司',
  kind: 'company' as const,
  class: 'A' as const,
  keyAccount: true,
  veryLargeAccount: false,
  vip: true,
  status: 'active' as const,
};

const lookupItem: LookupItem = {
  customer: customerBrief,
  matchedBy: 'phone',
  matchedValue: '13800135678',
  contact: {
    id: CONTACT_ID,
    name: '王经理',
    phone: '13800135678',
    email: null,
  },
  unit: null,
};

function warranty(fields: Partial<CustomerDetail['units'][number]['warranty']>) {
  return {
    end: '2027-03-14',
    inWarranty: true,
    asOf: '2026-03-02',
    daysLeft: 377,
    reason: 'catalogue_default' as const,
    defaultMonths: 24,
    override: null,
    overrideReason: null,
    ...fields,
  };
}

function unit(id: string, serialNumber: string, w: Partial<CustomerDetail['units'][number]['warranty']>) {
  return {
    id,
    serialNumber,
    productId: 'p1',
    product: {
      id: 'p1',
      model: 'LED-600',
      name: 'LED 面板灯',
      defaultWarrantyMonths: 24,
    },
    customerId: CUSTOMER_ID,
    customer: customerBrief,
    purchaseDate: '2025-03-15',
    orderId: null,
    orderNumber: null,
    contractNumber: null,
    installationAddressId: null,
    installationAddress: null,
    warranty: warranty(w),
    status: 'in_service' as const,
    notes: null,
    version: 1,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
  };
}

const customerDetail: CustomerDetail = {
  ...customerBrief,
  namePinyin: 'shanghai mingliang',
  ownerUserId: null,
  ownerName: null,
  regionId: null,
  regionName: '华东',
  preferredChannel: 'phone',
  preferredContactHours: null,
  doNotDisturb: false,
  reducedContact: false,
  tags: [],
  notes: null,
  mergedIntoId: null,
  transactionCount: 1,
  version: 1,
  createdAt: '2026-03-02T02:00:00.000Z',
  updatedAt: '2026-03-02T02:00:00.000Z',
  contacts: [
    {
      id: OTHER_CONTACT_ID,
      customerId: CUSTOMER_ID,
      name: '前台',
      role: 'other',
      phone: '021-62345678',
      email: null,
      isPrimary: true,
      archived: false,
      version: 1,
      createdAt: '2026-03-02T02:00:00.000Z',
      updatedAt: '2026-03-02T02:00:00.000Z',
    },
    {
      id: CONTACT_ID,
      customerId: CUSTOMER_ID,
      name: '王经理',
      role: 'main_user',
      phone: '13800135678',
      email: null,
      isPrimary: false,
      archived: false,
      version: 1,
      createdAt: '2026-03-02T02:00:00.000Z',
      updatedAt: '2026-03-02T02:00:00.000Z',
    },
  ],
  addresses: [],
  units: [
    unit(UNIT_ID, 'LED600-A0001', {}),
    unit(OLD_UNIT_ID, 'LED600-OLD', {
      end: '2025-01-09',
      inWarranty: false,
      daysLeft: -417,
    }),
  ],
  orders: { recent: [], count: 0, transactionCount: 0, totalFen: 0 },
  counts: { contacts: 2, addresses: 0, units: 2, orders: 0 },
};

function deadline(fields: Partial<DeadlineView>): DeadlineView {
  return {
    id: 'd1',
    metric: 'first_reply',
    policyId: 'p1',
    amount: 4,
    unit: 'business_hours',
    state: 'running',
    status: 'running',
    startedAt: iso(-10 * min),
    dueAt: iso(3 * 60 * min),
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

function summary(fields: Partial<CaseSummary>): CaseSummary {
  return {
    id: CASE_ID,
    number: 'BX-2026-000123',
    type: 'repair',
    typeName: '报修',
    state: 'new',
    channel: 'phone',
    title: '客厅吸顶灯不亮',
    customerId: CUSTOMER_ID,
    customerName: customerBrief.name,
    unitId: UNIT_ID,
    serialNumber: 'LED600-A0001',
    severity: 'general',
    urgency: 'medium',
    onSiteRequired: false,
    owner: { id: agent.id, name: '张三' },
    waitingOn: null,
    escalated: false,
    escalationLevel: 0,
    nextDueAt: iso(3 * 60 * min),
    overdue: false,
    createdAt: iso(-10 * min),
    updatedAt: iso(-10 * min),
    version: 3,
    ...fields,
  };
}

function detail(fields: Partial<CaseDetail> = {}): CaseDetail {
  return {
    ...summary({}),
    workflow: 'repair',
    contactId: CONTACT_ID,
    contactName: '王经理',
    contactPhone: '13800135678',
    contactEmail: null,
    productId: 'p1',
    description: '开关后不亮',
    faultStartedOn: '2026-03-01',
    usageEnvironment: null,
    regionId: null,
    address: '上海市静安区南京西路1号',
    latitude: null,
    longitude: null,
    waitingSince: null,
    mergedIntoId: null,
    mergedInto: null,
    mergedFrom: [],
    firstRepliedAt: null,
    resolvedAt: null,
    closedAt: null,
    createdBy: { id: agent.id, name: '张三' },
    customer: {
      id: CUSTOMER_ID,
      code: 'KH-2026-000001',
      name: customerBrief.name,
      class: 'A',
      vip: true,
      keyAccount: true,
    },
    unit: {
      id: UNIT_ID,
      serialNumber: 'LED600-A0001',
      productId: 'p1',
      productModel: 'LED-600',
      productName: 'LED 面板灯',
      purchaseDate: '2025-03-15',
      warrantyEnd: '2027-03-14',
      inWarranty: true,
    },
    deadlines: [
      deadline({ id: 'd1', metric: 'first_reply' }),
      deadline({
        id: 'd2',
        metric: 'customer_contact',
        amount: 0.5,
        unit: 'clock_hours',
        status: 'overdue',
        dueAt: iso(-20 * min),
        timeLeftMs: null,
        overdueByMs: 20 * min,
      }),
    ],
    allowedActions: ['start', 'reply', 'resolve', 'cancel', 'wait_customer', 'wait_parts', 'wait_third_party'],
    links: [],
    timeline: [
      {
        id: 'e1',
        caseId: CASE_ID,
        caseNumber: 'BX-2026-000123',
        at: iso(-10 * min),
        actorId: agent.id,
        actorLabel: '张三',
        kind: 'created',
        action: null,
        fromState: null,
        toState: 'new',
        note: null,
        data: { channel: 'phone', match: 'given' },
        visibility: 'internal',
      },
    ],
    ...fields,
  };
}

describe('新建工单', () => {
  it('finds the caller by the last digits of the phone, shows units with 在保/过保, and opens the case with the right body', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      'GET /customers/lookup': (_b: unknown, url: URL) => ({
        items: url.searchParams.get('q') === '5678' ? [lookupItem] : [],
      }),
      [`GET /customers/${CUSTOMER_ID}`]: customerDetail,
      'POST /cases': () => ({
        case: detail(),
        match: { customer: 'given', ambiguous: [] },
        duplicates: [
          {
            id: '0190f000-0000-7000-8000-0000000000a9',
            number: 'BX-2026-000099',
            type: 'repair',
            title: '吸顶灯不亮',
            state: 'in_progress',
            createdAt: iso(-2 * 86_400_000),
            ownerName: '李晓燕',
            similarity: 0.62,
            reasons: ['same_customer', 'similar_text'],
          },
        ],
      }),
    });
    renderApp({ features, path: '/cases/new', user: agent });
    const box = await screen.findByTestId('case-customer-lookup');
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: '5678' } });
    const option = await screen.findByText('13800135678');
    // what matched is shown next to the customer
    expect(within(option.closest('[data-testid=lookup-option]') as HTMLElement).getByText('电话')).toBeTruthy();
    fireEvent.click(option);

    // the customer card: flags, the contact who called chosen, units with warranty status
    expect(await screen.findByTestId('picked-customer')).toHaveProperty('textContent', customerBrief.name);
    expect(screen.getAllByText('VIP贵宾').length).toBeGreaterThan(0);
    await waitFor(() => expect(screen.getAllByTestId('warranty-tag').map((e) => e.textContent)).toEqual(['在保', '过保']));
    expect(screen.getAllByText(/产品默认保修 24 个月/).length).toBeGreaterThan(0);
    await waitFor(() => expect((screen.getByRole('radio', { name: /王经理/ }) as HTMLInputElement).checked).toBe(true));
    fireEvent.click(screen.getByRole('radio', { name: /LED600-A0001/ }));

    // type by keyboard (Alt+2 = 保修申请, then Alt+1 back to 报修), urgency, title, Ctrl+Enter
    const title = screen.getByTestId('case-title');
    fireEvent.keyDown(title, { key: '2', altKey: true });
    await waitFor(() => expect((screen.getByRole('radio', { name: /保修申请/ }) as HTMLInputElement).checked).toBe(true));
    fireEvent.keyDown(title, { key: '1', altKey: true });
    fireEvent.click(screen.getByRole('radio', { name: '紧急' }));
    fireEvent.change(title, { target: { value: '客厅吸顶灯不亮' } });
    fireEvent.change(screen.getByTestId('case-description'), {
      target: { value: '开关后不亮' },
    });
    fireEvent.keyDown(title, { key: 'Enter', ctrlKey: true });

    await waitFor(() => expect(api.calls('POST /cases')).toHaveLength(1));
    expect(api.calls('POST /cases')[0].body).toEqual({
      type: 'repair',
      channel: 'phone',
      severity: 'general',
      urgency: 'high',
      onSiteRequired: false,
      title: '客厅吸顶灯不亮',
      description: '开关后不亮',
      customerId: CUSTOMER_ID,
      contactId: CONTACT_ID,
      unitId: UNIT_ID,
    });
    // the number, prominently, and the duplicate candidates with link / merge
    expect((await screen.findByTestId('created-number')).textContent).toContain('BX-2026-000123');
    const duplicates = screen.getByTestId('created-duplicates');
    expect(within(duplicates).getByText('BX-2026-000099')).toBeTruthy();
    expect(within(duplicates).getByText('同一客户')).toBeTruthy();
    expect(within(duplicates).getByRole('button', { name: /关联/ })).toBeTruthy();
    expect(within(duplicates).getByRole('button', { name: /合并到此工单/ })).toBeTruthy();
  });

  it('creates the caller on the spot when nobody matches, with the typed phone number', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      'GET /customers/lookup': { items: [] },
      'POST /cases': () => ({
        case: detail({ number: 'BX-2026-000124' }),
        match: { customer: 'created', ambiguous: [] },
        duplicates: [],
      }),
    });
    renderApp({ features, path: '/cases/new', user: agent });
    const box = await screen.findByTestId('case-customer-lookup');
    fireEvent.change(box, { target: { value: '139 1234 0000' } });
    const newCaller = await screen.findByTestId('lookup-new-caller');
    expect(newCaller.textContent).toContain('新客户：139 1234 0000');
    fireEvent.click(newCaller);
    fireEvent.change(await screen.findByTestId('new-caller-name'), {
      target: { value: '赵先生' },
    });
    expect((screen.getByTestId('new-caller-phone') as HTMLInputElement).value).toBe('139 1234 0000');
    fireEvent.change(screen.getByTestId('case-title'), {
      target: { value: '空调不制冷' },
    });
    fireEvent.click(screen.getByTestId('case-submit'));
    await waitFor(() => expect(api.calls('POST /cases')).toHaveLength(1));
    expect(api.calls('POST /cases')[0].body).toMatchObject({
      type: 'repair',
      title: '空调不制冷',
      newCustomer: { name: '赵先生', kind: 'person' },
      contactPhone: '139 1234 0000',
    });
    expect(api.calls('POST /cases')[0].body.customerId).toBeUndefined();
    expect((await screen.findByTestId('created-number')).textContent).toContain('BX-2026-000124');
  });

  it('refuses to submit without a customer and says why', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      'GET /customers/lookup': { items: [] },
    });
    renderApp({ features, path: '/cases/new', user: agent });
    fireEvent.change(await screen.findByTestId('case-title'), {
      target: { value: '灯不亮' },
    });
    fireEvent.click(screen.getByTestId('case-submit'));
    expect((await screen.findAllByText('请先找到客户，或选择「新客户」登记来电人')).length).toBeGreaterThan(0);
    expect(api.calls('POST /cases')).toHaveLength(0);
  });
});

describe('工单队列', () => {
  it('shows each case’s most urgent deadline in its colour: overdue red, due soon orange, running green, none grey', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      'GET /cases': {
        items: [
          summary({
            id: 'c1',
            number: 'BX-2026-000001',
            overdue: true,
            nextDueAt: iso(2 * 60 * min),
          }),
          summary({
            id: 'c2',
            number: 'BX-2026-000002',
            nextDueAt: iso(20 * min),
          }),
          summary({
            id: 'c3',
            number: 'BX-2026-000003',
            nextDueAt: iso(5 * 60 * min),
          }),
          summary({
            id: 'c4',
            number: 'BX-2026-000004',
            nextDueAt: null,
            state: 'closed',
          }),
          summary({
            id: 'c5',
            number: 'BX-2026-000005',
            nextDueAt: null,
            waitingOn: 'parts',
          }),
        ],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/cases', user: agent });
    await screen.findByText('BX-2026-000005');
    const statuses = screen.getAllByTestId('queue-deadline').map((e) => [e.getAttribute('data-status'), e.textContent]);
    expect(statuses.map((s) => s[0])).toEqual(['overdue', 'due_soon', 'running', 'none', 'paused']);
    const tags = screen.getAllByTestId('queue-deadline').map((e) => e.querySelector('.ant-tag')?.className ?? '');
    expect(tags[0]).toContain('error');
    expect(tags[1]).toContain('warning');
    expect(tags[2]).toContain('success');
    expect(statuses[1][1]).toMatch(/即将超时剩余 (19|20)分钟/);
    expect(statuses[2][1]).toMatch(/计时中剩余 4小时5\d分/);
    // translated state, type and the 我的 queue asked for
    expect(screen.getAllByText('已结案').length).toBeGreaterThan(0);
    expect(api.calls('GET /cases')[0].url.searchParams.get('queue')).toBe('mine');

    // another tab asks for its queue
    fireEvent.click(screen.getByRole('tab', { name: '超时' }));
    await waitFor(() => expect(api.calls('GET /cases').at(-1)?.url.searchParams.get('queue')).toBe('overdue'));
  });

  it('opens the case when a row is clicked', async () => {
    mockApi({
      'GET /case-types': caseTypes,
      'GET /cases': { items: [summary({})], nextCursor: null },
      [`GET /cases/${CASE_ID}`]: detail(),
      [`GET /cases/${CASE_ID}/duplicates`]: { items: [] },
    });
    const { router } = renderApp({
      features,
      path: '/cases?queue=all',
      user: agent,
    });
    fireEvent.click(await screen.findByText('客厅吸顶灯不亮'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/cases/${CASE_ID}`));
  });
});

describe('工单详情', () => {
  const routes = (extra: Record<string, unknown> = {}) => ({
    'GET /case-types': caseTypes,
    [`GET /cases/${CASE_ID}/duplicates`]: { items: [] },
    ...extra,
  });

  it('shows the header, deadlines with time left / overdue by, and exactly the allowed actions as buttons', async () => {
    mockApi(routes({ [`GET /cases/${CASE_ID}`]: detail() }));
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    expect((await screen.findByTestId('case-number')).textContent).toBe('BX-2026-000123');
    expect(screen.getAllByText('报修').length).toBeGreaterThan(0);
    expect(screen.getByTestId('case-state').textContent).toBe('新建');
    const actions = within(screen.getByTestId('case-actions'))
      .getAllByRole('button')
      .map((b) => b.textContent?.replace(/\s/g, ''));
    expect(actions).toEqual(['开始处理', '答复客户', '解决', '取消工单', '等待客户', '等待备件', '等待第三方']);
    // deadlines: the overdue one first, in red, with how late; then the running one with time left
    const statuses = screen.getAllByTestId('deadline-status').map((e) => e.getAttribute('data-status'));
    expect(statuses).toEqual(['overdue', 'running']);
    const times = screen.getAllByTestId('deadline-time').map((e) => e.textContent);
    expect(times[0]).toMatch(/^超时 (19|20)分钟/);
    expect(times[1]).toMatch(/^剩余 (2小时5\d分|3小时)/);
    expect(screen.getByText('联系客户')).toBeTruthy();
    expect(screen.getByText('0.5 小时')).toBeTruthy();
    // customer and unit with links to their files
    const customer = screen.getByTestId('case-customer');
    expect(within(customer).getByRole('link', { name: customerBrief.name }).getAttribute('href')).toBe(
      `/customers/${CUSTOMER_ID}`,
    );
    expect(within(customer).getByTestId('warranty-tag').textContent).toBe('在保');
    // timeline in words
    expect(within(screen.getByTestId('case-timeline')).getByText('受理工单')).toBeTruthy();
  });

  it('posts the chosen action with the version it read, and shows the case the server returns', async () => {
    const api = mockApi(
      routes({
        [`GET /cases/${CASE_ID}`]: detail(),
        [`POST /cases/${CASE_ID}/actions`]: () =>
          detail({
            state: 'in_progress',
            version: 4,
            allowedActions: ['reply', 'resolve', 'cancel', 'wait_customer'],
          }),
      }),
    );
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('action-start'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('action-note'), {
      target: { value: '已电话联系客户' },
    });
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    await waitFor(() => expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(1));
    expect(api.calls(`POST /cases/${CASE_ID}/actions`)[0].body).toEqual({
      action: 'start',
      version: 3,
      note: '已电话联系客户',
    });
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('处理中'));
    expect(screen.queryByTestId('action-start')).toBeNull();
  });

  it('asks for the note an action needs before sending it', async () => {
    const api = mockApi(routes({ [`GET /cases/${CASE_ID}`]: detail() }));
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('action-reply'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect(await within(dialog).findByText('请填写说明')).toBeTruthy();
    expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(0);
  });

  it('on 409 illegal_transition says the action is no longer possible, in words, and reloads the case', async () => {
    let reads = 0;
    const api = mockApi(
      routes({
        [`GET /cases/${CASE_ID}`]: () => {
          reads += 1;
          return reads === 1
            ? detail()
            : detail({
                state: 'resolved',
                version: 5,
                allowedActions: ['close', 'reopen'],
              });
        },
        [`POST /cases/${CASE_ID}/actions`]: () => {
          throw new MockApiError(409, 'illegal_transition', 'Action "start" is not allowed in state "resolved"', {
            state: 'resolved',
            action: 'start',
            allowedActions: ['close', 'reopen'],
          });
        },
      }),
    );
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('action-start'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect(
      await screen.findByText('工单状态已变化，当前不能执行「开始处理」，已重新加载。现在可以：结案、重新打开'),
    ).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('已解决'));
    expect(
      within(screen.getByTestId('case-actions')).getByRole('button', {
        name: '结案',
      }),
    ).toBeTruthy();
    expect(api.calls(`GET /cases/${CASE_ID}`).length).toBeGreaterThanOrEqual(2);
  });

  it('on a stale version offers to reload', async () => {
    const api = mockApi(
      routes({
        [`GET /cases/${CASE_ID}`]: detail(),
        [`POST /cases/${CASE_ID}/actions`]: () => {
          throw new MockApiError(409, 'version_conflict', 'case was changed');
        },
      }),
    );
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('action-wait_customer'));
    fireEvent.click(within(await screen.findByRole('dialog')).getByTestId('action-confirm'));
    await waitFor(() => expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(1));
    expect((await screen.findAllByText('记录已被他人修改，请刷新后重试')).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: /重新加载/ })).toBeTruthy();
  });

  it('hands the case to a named person (首问负责制) with the version', async () => {
    const api = mockApi(
      routes({
        [`GET /cases/${CASE_ID}`]: detail(),
        'GET /users': {
          items: [
            {
              id: '0190f000-0000-7000-8000-0000000000f2',
              username: 'agent2',
              displayName: '张婷',
              email: null,
              phone: null,
              departmentId: null,
              departmentName: '客服部',
              grade: null,
              gradeName: null,
              locale: 'zh-CN',
              status: 'active',
              roles: ['agent'],
              skills: [],
              regions: [],
              version: 1,
              createdAt: '2026-03-02T02:00:00.000Z',
              updatedAt: '2026-03-02T02:00:00.000Z',
            },
          ],
          nextCursor: null,
        },
        [`POST /cases/${CASE_ID}/owner`]: () =>
          detail({
            owner: { id: '0190f000-0000-7000-8000-0000000000f2', name: '张婷' },
            version: 4,
          }),
      }),
    );
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('change-owner'));
    const dialog = await screen.findByRole('dialog');
    // no owner chosen: refused in the form
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|OK/ }));
    expect(await within(dialog).findByText('此项为必填项')).toBeTruthy();
    const picker = within(dialog).getByRole('combobox');
    fireEvent.mouseDown(picker);
    fireEvent.click(await screen.findByText(/张婷（agent2）/));
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(api.calls(`POST /cases/${CASE_ID}/owner`)).toHaveLength(1));
    expect(api.calls(`POST /cases/${CASE_ID}/owner`)[0].body).toEqual({
      ownerId: '0190f000-0000-7000-8000-0000000000f2',
      version: 3,
    });
    await waitFor(() => expect(screen.getByTestId('case-owner').textContent).toBe('张婷'));
  });

  it('speaks English', async () => {
    mockApi(routes({ [`GET /cases/${CASE_ID}`]: detail() }));
    renderApp({
      features,
      path: `/cases/${CASE_ID}`,
      user: agent,
      language: 'en',
    });
    expect(await screen.findByTestId('action-start')).toHaveProperty('textContent', 'Start');
    expect(screen.getByTestId('case-state').textContent).toBe('New');
    await act(async () => {});
    expect(screen.getAllByText('Customer contact').length).toBeGreaterThan(0);
  });
});

describe('repair workflow actions on the case page', () => {
  const TECH_1 = '0190f000-0000-7000-8000-0000000000b1';
  const TECH_2 = '0190f000-0000-7000-8000-0000000000b2';
  const candidates = {
    job: {
      caseId: CASE_ID,
      categoryId: null,
      categoryName: null,
      regionId: null,
      regionName: null,
      latitude: null,
      longitude: null,
      date: '2026-03-02',
    },
    items: [
      {
        technicianId: TECH_1,
        name: '孙建军',
        phone: '13916520021',
        rank: 1,
        score: 0.9,
        skillLevel: 5,
        regionMatch: 'exact',
        openJobs: 1,
        appointmentsThatDay: 0,
        distanceKm: 3.24,
        reasons: [
          { code: 'skill', level: 5, inherited: false },
          { code: 'region', match: 'exact' },
          { code: 'distance_km', value: 3.24 },
        ],
      },
      {
        technicianId: TECH_2,
        name: '马超',
        phone: null,
        rank: 2,
        score: 0.5,
        skillLevel: null,
        regionMatch: 'outside',
        openJobs: 4,
        appointmentsThatDay: 2,
        distanceKm: null,
        reasons: [{ code: 'no_skill' }, { code: 'open_jobs', value: 4 }],
      },
    ],
  };

  it('审核 asks for the data check and sends the review data', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      [`GET /cases/${CASE_ID}/duplicates`]: { items: [] },
      [`GET /cases/${CASE_ID}`]: detail({
        state: 'reviewing',
        allowedActions: ['reply', 'review', 'decline_scope', 'cancel', 'wait_customer'],
      }),
      [`POST /cases/${CASE_ID}/actions`]: () =>
        detail({
          state: 'awaiting_dispatch',
          version: 4,
          allowedActions: ['dispatch'],
        }),
    });
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    expect((await screen.findByTestId('case-state')).textContent).toBe('待审核');
    fireEvent.click(screen.getByTestId('action-review'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect(await within(dialog).findByText('请先与客户核对信息')).toBeTruthy();
    expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByTestId('review-data-verified'));
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    await waitFor(() => expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(1));
    expect(api.calls(`POST /cases/${CASE_ID}/actions`)[0].body).toEqual({
      action: 'review',
      version: 3,
      data: { dataVerified: true, onSite: false },
    });
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('待派单'));
  });

  it('派单 shows the ranked technicians with their reasons and needs a reason to pass over the first', async () => {
    const api = mockApi({
      'GET /case-types': caseTypes,
      [`GET /cases/${CASE_ID}/duplicates`]: { items: [] },
      [`GET /cases/${CASE_ID}/dispatch-candidates`]: candidates,
      [`GET /cases/${CASE_ID}`]: detail({
        state: 'awaiting_dispatch',
        allowedActions: ['reply', 'dispatch', 'cancel'],
      }),
      [`POST /cases/${CASE_ID}/actions`]: () =>
        detail({
          state: 'dispatched',
          version: 4,
          allowedActions: ['reschedule'],
        }),
    });
    renderApp({ features, path: `/cases/${CASE_ID}`, user: agent });
    fireEvent.click(await screen.findByTestId('action-dispatch'));
    const dialog = await screen.findByRole('dialog');
    const list = await within(dialog).findByTestId('dispatch-candidates');
    expect(within(list).getByText('技能等级 5 · 负责该区域 · 距离 3.2 公里')).toBeTruthy();
    expect(within(list).getByText('无该品类技能 · 在手工单 4')).toBeTruthy();
    fireEvent.click(within(list).getByRole('radio', { name: /马超/ }));
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    expect(await within(dialog).findByText('未选第一推荐人选的原因')).toBeTruthy();
    expect(await within(dialog).findByText('此项为必填项')).toBeTruthy();
    expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('未选第一推荐人选的原因'), {
      target: { value: '客户指定' },
    });
    fireEvent.click(within(dialog).getByTestId('action-confirm'));
    await waitFor(() => expect(api.calls(`POST /cases/${CASE_ID}/actions`)).toHaveLength(1));
    const body = api.calls(`POST /cases/${CASE_ID}/actions`)[0].body;
    expect(body).toMatchObject({
      action: 'dispatch',
      version: 3,
      data: { technicianId: TECH_2, overrideReason: '客户指定' },
    });
    const { start, end } = body.data.window;
    expect(Date.parse(end) - Date.parse(start)).toBe(2 * 3_600_000);
    expect(Date.parse(start)).toBeGreaterThan(Date.now());
    await waitFor(() => expect(screen.getByTestId('case-state').textContent).toBe('已派单'));
  });
});

describe('服务时限策略', () => {
  it('lists the policies in words and creates one with the right body', async () => {
    const admin = testUser({
      roles: ['admin'],
      permissions: ['case.read', 'sla.manage', 'settings.write'],
    });
    const policy = {
      id: 'p1',
      caseType: 'repair',
      severity: null,
      urgency: 'high' as const,
      metric: 'customer_contact',
      amount: 0.5,
      unit: 'clock_hours' as const,
      warnBeforeMinutes: 10,
      escalateAfterMinutes: 30,
      startsAtOpen: true,
      enabled: true,
      version: 1,
      updatedAt: '2026-03-02T02:00:00.000Z',
    };
    const api = mockApi({
      'GET /case-types': caseTypes,
      'GET /sla-policies': { items: [policy] },
      'POST /sla-policies': (body: object) => ({
        ...policy,
        id: 'p2',
        ...body,
      }),
    });
    renderApp({ features, path: '/sla-policies', user: admin });
    expect(await screen.findByText('联系客户')).toBeTruthy();
    expect(screen.getByText('0.5 小时')).toBeTruthy();
    expect(screen.getAllByText('紧急').length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: /新增策略/ }));
    const dialog = await screen.findByRole('dialog');
    const metric = within(dialog).getByRole('combobox', { name: '时限项目' });
    fireEvent.change(metric, { target: { value: 'on_site_arrival' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: '时限' }), {
      target: { value: '8' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(api.calls('POST /sla-policies')).toHaveLength(1));
    expect(api.calls('POST /sla-policies')[0].body).toEqual({
      caseType: 'repair',
      metric: 'on_site_arrival',
      severity: null,
      urgency: null,
      amount: 8,
      unit: 'business_hours',
      warnBeforeMinutes: 60,
      escalateAfterMinutes: 240,
      startsAtOpen: true,
      enabled: true,
    });
  });
});
