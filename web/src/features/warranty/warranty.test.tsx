import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderApp, renderWithProviders, testUser } from '../../app/testing';
import { casesFeature } from '../cases';
import { refundFactsOf } from './caseForms';
import { ClaimPanel } from './ClaimPanel';
import { warrantyFeature } from './index';
import { dayjs } from '../../components/format';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [casesFeature, warrantyFeature];
const CASE = '0190f000-0000-7000-8000-0000000000c1';
const RMA = '0190f000-0000-7000-8000-0000000000a1';
const UNIT = '0190f000-0000-7000-8000-0000000000b1';
const T0 = '2026-02-13T02:00:00.000Z';
const agent = testUser({ permissions: ['warranty.read', 'warranty.write', 'case.read', 'case.update'] });

const entitlement = (fields: Record<string, unknown> = {}) => ({
  asOf: '2026-02-10',
  inWarranty: true,
  coveredUntil: '2026-03-14',
  daysLeft: 32,
  basis: 'catalogue_default',
  purchaseDate: '2025-03-15',
  purchaseDateSource: 'unit',
  standard: { months: 12, end: '2026-03-14' },
  contractOverride: null,
  postRepair: null,
  messages: [
    { code: 'in_warranty', params: { until: '2026-03-14', daysLeft: 32 } },
    { code: 'catalogue_default', params: { purchaseDate: '2025-03-15', months: 12, end: '2026-03-14' } },
  ],
  ...fields,
});

describe('保修查询', () => {
  it('looks up by serial number and says in warranty and why, in words', async () => {
    const server = mockApi({
      'GET /entitlement': {
        items: [
          {
            unit: {
              id: UNIT,
              serialNumber: 'KT000001',
              status: 'in_service',
              customerId: CASE,
              customerName: '深圳市测试照明有限公司',
              purchaseDate: '2025-03-15',
              replacedByUnitId: null,
            },
            product: {
              id: RMA,
              model: 'KT-35GW',
              name: '壁挂式空调 1.5匹',
              specification: null,
              status: 'active',
              defaultWarrantyMonths: 12,
              postRepairWarrantyDays: 90,
            },
            entitlement: entitlement(),
          },
        ],
      },
    });
    renderApp({ features, path: '/warranty/entitlement', user: agent });
    expect(await screen.findByRole('heading', { name: '保修查询' })).toBeTruthy();
    fireEvent.change(screen.getByTestId('lookup-serial'), { target: { value: ' kt000001 ' } });
    fireEvent.click(screen.getByRole('button', { name: /搜索|搜 索/ }));
    const result = await screen.findByTestId('lookup-result');
    expect(within(result).getByText('KT-35GW · KT000001')).toBeTruthy();
    expect(within(result).getByText(/产品默认保修 12 个月/)).toBeTruthy();
    expect(within(result).queryByText(/catalogue_default/)).toBeNull();
    expect(server.calls('GET /entitlement')[0].url.searchParams.get('serial')).toBe('kt000001');
  });
});

describe('返厂维修 list', () => {
  it('shows each RMA with its state in words and the ship-back deadline', async () => {
    mockApi({
      'GET /warranty/rmas': {
        items: [rma({ state: 'received_by_factory', shipBackDueAt: '2026-03-02T10:00:00.000Z' })],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/warranty/rmas', user: agent });
    expect(await screen.findByText('FC-2026-000001')).toBeTruthy();
    expect(screen.getByText('厂家已收货')).toBeTruthy();
    expect(screen.getByText('2026-03-02 18:00')).toBeTruthy();
    expect(screen.getByText('BZ-2026-000001').closest('a')?.getAttribute('href')).toBe(`/cases/${CASE}`);
  });
});

function rma(fields: Record<string, unknown> = {}) {
  return {
    id: RMA,
    number: 'FC-2026-000001',
    caseId: CASE,
    caseNumber: 'BZ-2026-000001',
    unit: { id: UNIT, serialNumber: 'KT000001' },
    state: 'to_ship',
    factoryName: '珠海格力售后中心',
    factoryAddress: null,
    faultDescription: '不制冷',
    factoryRepairNotes: null,
    shippedToFactoryAt: null,
    receivedByFactoryAt: null,
    repairedAtFactoryAt: null,
    unrepairableAt: null,
    shippedBackAt: null,
    receivedByCustomerAt: null,
    cancelledAt: null,
    shipments: [],
    totalShippingCostFen: 0,
    shipBackDueAt: null,
    shipBackMetAt: null,
    allowedActions: ['ship_to_factory', 'cancel'],
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    ...fields,
  };
}

describe('保修处理 panel on the case page', () => {
  const detail = { id: CASE, version: 5, state: 'repairing', contactName: '王先生', workflow: 'warranty' } as any;
  const claim = {
    case: { id: CASE, version: 5, state: 'repairing' },
    claim: {
      purchaseProof: { purchaseDate: '2025-03-15', documentNumber: 'FP-88001', seller: '苏宁电器', attachmentId: null },
      entitlement: entitlement(),
      eligible: true,
      reviewedAt: T0,
      reviewedBy: { id: 'u1', name: '张三' },
      decision: 'repair',
      repairMode: 'factory',
      repairCase: null,
      decidedAt: T0,
      decidedBy: { id: 'u1', name: '张三' },
      resultText: null,
      resultSentAt: null,
      version: 3,
    },
    currentEntitlement: entitlement(),
    decisions: [],
    rmas: [rma()],
    replacements: [],
    refunds: [],
    defectiveParts: [],
  };

  it('shows the proof, the eligibility and the decision; ships the unit to the factory with the cost in fen', async () => {
    const server = mockApi({
      [`GET /warranty/claims/${CASE}`]: claim,
      [`POST /warranty/rmas/${RMA}/actions`]: (body: any) => rma({ state: 'shipped_to_factory', version: 2, ...body }),
    });
    const onChanged = vi.fn();
    renderWithProviders(<ClaimPanel detail={detail} onChanged={onChanged} />, { features, user: agent });
    const panel = await screen.findByTestId('warranty-panel');
    expect(within(panel).getByText('购买日期 2025-03-15，发票号 FP-88001，销售单位 苏宁电器')).toBeTruthy();
    expect(within(panel).getByText('返厂维修')).toBeTruthy();
    expect(within(panel).getByText(/在保，保修至 2026-03-14/)).toBeTruthy();
    const card = within(panel).getByTestId('rma-card');
    expect(within(card).getByText('返厂单 FC-2026-000001')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: '寄往厂家' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('承运商'), { target: { value: '顺丰速运' } });
    fireEvent.change(within(dialog).getByLabelText('运单号'), { target: { value: 'SF1001' } });
    fireEvent.change(within(dialog).getByLabelText('运费'), { target: { value: '23.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*认/ }));
    await waitFor(() => expect(server.calls(`POST /warranty/rmas/${RMA}/actions`)).toHaveLength(1));
    expect(server.calls(`POST /warranty/rmas/${RMA}/actions`)[0].body).toEqual({
      action: 'ship_to_factory',
      version: 1,
      data: { carrier: '顺丰速运', trackingNumber: 'SF1001', costFen: 2350 },
    });
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
  });

  it('cancelling an RMA needs the reason: nothing is sent without it', async () => {
    const server = mockApi({ [`GET /warranty/claims/${CASE}`]: claim });
    renderWithProviders(<ClaimPanel detail={detail} onChanged={vi.fn()} />, { features, user: agent });
    const card = await screen.findByTestId('rma-card');
    fireEvent.click(within(card).getByRole('button', { name: '取消返厂' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /确\s*认/ }));
    expect(await within(dialog).findByText('此项为必填项')).toBeTruthy();
    expect(server.calls(`POST /warranty/rmas/${RMA}/actions`)).toHaveLength(0);
  });
});

describe('refund facts of the decide_refund form', () => {
  it('yuan become fen exactly, dates become days, empty deductions are left out', () => {
    expect(
      refundFactsOf({
        data: {
          mismatch: ['spec'],
          qualityProblemFoundOn: dayjs('2026-03-09'),
          unused: true,
          undamaged: false,
          priceYuan: 1299,
          deductions: [{ kind: 'packaging' }, { kind: 'missing_part', description: ' 遥控器 ', amountYuan: 30.1 }, {}],
        },
      }),
    ).toEqual({
      contractMismatch: { model: false, spec: true, quality: false },
      qualityProblemFoundOn: '2026-03-09',
      unused: true,
      undamaged: false,
      priceFen: 129_900,
      deductions: [{ kind: 'packaging' }, { kind: 'missing_part', description: '遥控器', amountFen: 3_010 }],
    });
    expect(refundFactsOf({ data: {} })).toEqual({});
  });
});
