import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import type { CustomerDetail, Unit } from './api';
import { casesFeature } from '../cases/index';
import { customersFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [customersFeature];
const ID = '0190f000-0000-7000-8000-0000000000c1';
const agent = testUser({ permissions: ['customer.read', 'customer.write', 'customer.import', 'customer.export', 'staff.read'] });
const technician = testUser({ roles: ['technician'], permissions: ['customer.read'] });

const brief = {
  id: ID,
  code: 'KH-2026-000001',
  name: '上海明亮物业管理有限公司',
  kind: 'company' as const,
  class: 'A' as const,
  keyAccount: true,
  veryLargeAccount: false,
  vip: true,
  status: 'active' as const,
};

function unit(fields: Partial<Unit> = {}): Unit {
  return {
    id: '0190f000-0000-7000-8000-0000000000u1',
    serialNumber: 'LED600-A0001',
    productId: 'p1',
    product: { id: 'p1', model: 'LED-600', name: 'LED 面板灯', defaultWarrantyMonths: 12 },
    customerId: ID,
    customer: brief,
    purchaseDate: '2025-03-15',
    orderId: null,
    orderNumber: null,
    contractNumber: null,
    installationAddressId: null,
    installationAddress: null,
    warranty: {
      end: '2026-03-14',
      inWarranty: true,
      asOf: '2026-03-02',
      daysLeft: 12,
      reason: 'catalogue_default',
      defaultMonths: 12,
      override: null,
      overrideReason: null,
    },
    status: 'in_service',
    notes: null,
    version: 1,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    ...fields,
  };
}

function detail(fields: Partial<CustomerDetail> = {}): CustomerDetail {
  return {
    ...brief,
    namePinyin: 'shanghai…',
    ownerUserId: null,
    ownerName: '王客服',
    regionId: null,
    regionName: '华东',
    preferredChannel: 'phone',
    preferredContactHours: null,
    doNotDisturb: false,
    reducedContact: false,
    tags: ['物业'],
    notes: null,
    mergedIntoId: null,
    transactionCount: 2,
    version: 1,
    createdAt: '2026-03-02T02:00:00.000Z',
    updatedAt: '2026-03-02T02:00:00.000Z',
    contacts: [],
    addresses: [],
    units: [
      unit(),
      unit({
        id: '0190f000-0000-7000-8000-0000000000u2',
        serialNumber: 'KFR-0001',
        warranty: {
          ...unit().warranty,
          end: '2030-03-14',
          reason: 'contract_override',
          override: '2030-03-14',
          overrideReason: '合同约定五年',
        },
      }),
      unit({
        id: '0190f000-0000-7000-8000-0000000000u3',
        serialNumber: 'OLD-1',
        warranty: { ...unit().warranty, end: '2025-01-09', inWarranty: false, daysLeft: -417 },
      }),
    ],
    orders: { recent: [], count: 0, transactionCount: 0, totalFen: 0 },
    counts: { contacts: 0, addresses: 0, units: 3, orders: 0 },
    ...fields,
  };
}

describe('顾客档案 list', () => {
  it('finds a caller by serial number as the agent types and opens the customer', async () => {
    const api = mockApi({
      'GET /customers': { items: [{ ...detail(), contacts: undefined }], nextCursor: null },
      'GET /customers/lookup': (_body: unknown, url: URL) => ({
        items:
          url.searchParams.get('q') === 'led600'
            ? [
                {
                  customer: brief,
                  matchedBy: 'serial',
                  matchedValue: 'LED600-A0001',
                  contact: null,
                  unit: { id: 'u1', serialNumber: 'LED600-A0001', productModel: 'LED-600' },
                },
              ]
            : [],
      }),
      'GET /customers/*': detail(),
      'GET /regions': { items: [], nextCursor: null },
    });
    const { router } = renderApp({ features, path: '/customers', user: agent });
    expect(await screen.findByRole('link', { name: '上海明亮物业管理有限公司' })).toBeTruthy();
    expect(screen.getByText('VIP贵宾')).toBeTruthy();
    const box = screen.getByTestId('customer-lookup');
    fireEvent.change(box, { target: { value: 'led600' } });
    const option = await screen.findByText('LED600-A0001');
    expect(screen.getAllByText('序列号').length).toBeGreaterThan(0);
    fireEvent.click(option);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/customers/${ID}`));
    expect(api.calls('GET /customers/lookup').at(-1)?.url.searchParams.get('q')).toBe('led600');
  });

  it('offers import and export only to those allowed, and new customer only to writers', async () => {
    mockApi({ 'GET /customers': { items: [], nextCursor: null }, 'GET /regions': { items: [], nextCursor: null } });
    renderApp({ features, path: '/customers', user: technician });
    await screen.findByRole('heading', { name: '顾客档案' });
    expect(screen.queryByRole('button', { name: /新建客户/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /导入/ })).toBeNull();
    expect(screen.queryByText('导出 Excel')).toBeNull();
  });
});

describe('customer detail', () => {
  it('shows units with 在保 / 过保 and why', async () => {
    mockApi({ [`GET /customers/${ID}`]: detail() });
    renderApp({ features, path: `/customers/${ID}`, user: agent });
    expect(await screen.findByRole('heading', { name: '上海明亮物业管理有限公司' })).toBeTruthy();
    const tags = screen.getAllByTestId('warranty-tag').map((el) => el.textContent);
    expect(tags).toEqual(['在保', '在保', '过保']);
    expect(screen.getByText('合同约定')).toBeTruthy();
    expect(screen.getAllByText('产品默认')).toHaveLength(2);
    expect(screen.getByRole('button', { name: /登记设备/ })).toBeTruthy();
  });

  it('a technician sees the file but no edit buttons', async () => {
    mockApi({ [`GET /customers/${ID}`]: detail() });
    renderApp({ features, path: `/customers/${ID}`, user: technician });
    await screen.findByRole('heading', { name: '上海明亮物业管理有限公司' });
    expect(screen.queryByRole('button', { name: /编辑/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /登记设备/ })).toBeNull();
  });
});

describe('new customer', () => {
  it('sends the customer with its first contact and shows server field errors on the fields', async () => {
    let attempts = 0;
    const api = mockApi({
      'GET /regions': { items: [], nextCursor: null },
      'GET /users': { items: [], nextCursor: null },
      'POST /customers': () => {
        attempts += 1;
        if (attempts === 1) {
          throw new MockApiError(400, 'validation_failed', 'Request is invalid', [
            { path: ['body', 'contacts', 0, 'phone'], message: '电话号码格式不正确 (6–20 digits; digits, +, -, spaces allowed)' },
          ]);
        }
        return detail({ id: ID, name: '张三', kind: 'person' });
      },
      [`GET /customers/${ID}`]: detail({ name: '张三' }),
    });
    const { router } = renderApp({ features, path: '/customers/new', user: agent });
    fireEvent.change(await screen.findByTestId('customer-name'), { target: { value: '张三' } });
    fireEvent.change(screen.getByTestId('contact-phone'), { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('customer-save'));
    expect(await screen.findByText(/电话号码格式不正确/)).toBeTruthy();
    fireEvent.change(screen.getByTestId('contact-phone'), { target: { value: '13800138000' } });
    fireEvent.click(screen.getByTestId('customer-save'));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/customers/${ID}`));
    const body = api.calls('POST /customers').at(-1)?.body;
    expect(body).toMatchObject({
      kind: 'company',
      name: '张三',
      class: 'C',
      contacts: [{ name: '张三', role: 'main_user', phone: '13800138000' }],
    });
    expect(body.addresses).toEqual([]);
    expect(body.ownerUserId).toBeUndefined();
  });
});

describe('import', () => {
  it('shows the per-row report of a rejected file and keeps 确认导入 disabled', async () => {
    mockApi({
      'GET /customers': { items: [], nextCursor: null },
      'GET /regions': { items: [], nextCursor: null },
      'POST /customers/import': {
        kind: 'customers',
        dryRun: true,
        outcome: 'invalid',
        totalRows: 3,
        errors: [{ row: 3, column: '电话', code: 'invalid_phone', message: '电话号码格式不正确「12-34」 (invalid phone)' }],
        ignoredColumns: ['业务员'],
        created: { customers: 3, contacts: 3, addresses: 0, units: 0, orders: 0, orderLines: 0 },
        ids: [],
      },
    });
    renderApp({ features, path: '/customers', user: agent });
    fireEvent.click(await screen.findByRole('button', { name: /导\s*入/ }));
    const dialog = await screen.findByRole('dialog');
    const input = dialog.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['客户名称\n'], 'customers.csv', { type: 'text/csv' })] } });
    fireEvent.click(await within(dialog).findByRole('button', { name: /校验/ }));
    expect(await within(dialog).findByText('发现 1 处错误，未导入任何数据。请修改文件后重新校验。')).toBeTruthy();
    expect(within(dialog).getByText('电话号码格式不正确')).toBeTruthy();
    expect(within(dialog).getByText(/业务员/)).toBeTruthy();
    expect(
      within(dialog)
        .getByRole('button', { name: /确认导入/ })
        .hasAttribute('disabled'),
    ).toBe(true);
  });
});

describe('unit page', () => {
  const UNIT = '0190f000-0000-7000-8000-0000000000u1';
  const CASE_1 = '0190f000-0000-7000-8000-0000000000a1';
  const CASE_2 = '0190f000-0000-7000-8000-0000000000a2';
  const CASE_3 = '0190f000-0000-7000-8000-0000000000a3';

  it('产品失败履历 lists the cases on the unit with type and state in words, opened in company time, each opening its case', async () => {
    mockApi({
      [`GET /units/${UNIT}`]: {
        ...unit(),
        cases: [
          { id: CASE_1, number: 'BX-2026-000123', type: 'repair', status: 'closed', openedAt: '2026-03-01T16:30:00.000Z' },
          { id: CASE_2, number: 'BZ-2026-000007', type: 'warranty_claim', status: 'reviewing', openedAt: '2026-02-10T02:05:00.000Z' },
          { id: CASE_3, number: 'YH-2026-000001', type: 'site_survey', status: 'new', openedAt: '2026-01-05T01:00:00.000Z' },
        ],
      },
      'GET /case-types': {
        items: [{ code: 'site_survey', nameZh: '现场勘查', nameEn: 'Site survey', numberPrefix: 'YH', workflow: 'simple' }],
      },
    });
    renderApp({
      features: [customersFeature, casesFeature],
      path: `/units/${UNIT}`,
      user: testUser({ permissions: ['customer.read', 'case.read'] }),
    });
    const table = await screen.findByTestId('unit-cases');
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    // the case feature's words; 2026-03-01T16:30Z is 3月2日 00:30 in Beijing
    expect(cells[0]).toEqual(['BX-2026-000123', '报修', '已结案', '2026-03-02 00:30']);
    expect(cells[1]).toEqual(['BZ-2026-000007', '保修申请', '待审核', '2026-02-10 10:05']);
    // a type added by an administrator: its name from the case types
    await waitFor(() => expect(within(rows[2]).getAllByRole('cell')[1].textContent).toBe('现场勘查'));
    expect(within(rows[0]).getByRole('link', { name: 'BX-2026-000123' }).getAttribute('href')).toBe(`/cases/${CASE_1}`);
    expect(screen.queryByText(/工单功能上线后/)).toBeNull();
  });

  it('says so when the unit has no case yet, in both languages', async () => {
    mockApi({ [`GET /units/${UNIT}`]: { ...unit(), cases: [] } });
    const view = renderApp({ features, path: `/units/${UNIT}`, user: technician });
    expect(await screen.findByText('此设备还没有工单（报修、保修申请、投诉等）')).toBeTruthy();
    view.unmount();
    renderApp({ features, path: `/units/${UNIT}`, user: technician, language: 'en' });
    expect(await screen.findByText('No service cases on this unit yet (repair requests, warranty claims, complaints …)')).toBeTruthy();
  });
});
