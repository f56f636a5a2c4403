import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { partsFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [partsFeature];
const WH = '0190f000-0000-7000-8000-0000000000e1';
const VAN = '0190f000-0000-7000-8000-0000000000e2';
const PART = '0190f000-0000-7000-8000-0000000000b1';
const T0 = '2026-03-02T02:00:00.000Z';

const location = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  code: id === WH ? 'WH-SH' : 'VAN-1',
  name: id === WH ? '上海总仓' : '张师傅车载库',
  kind: id === WH ? 'warehouse' : 'van',
  technicianUserId: id === WH ? null : '0190f000-0000-7000-8000-0000000000f1',
  technicianName: id === WH ? null : '张师傅',
  regionId: null,
  regionName: null,
  address: null,
  archived: false,
  version: 1,
  createdAt: T0,
  updatedAt: T0,
  ...fields,
});
const locations = { items: [location(WH), location(VAN)], nextCursor: null };

const part = (fields: Record<string, unknown> = {}) => ({
  id: PART,
  code: 'JRG-001',
  name: '加热管',
  specification: '2000W',
  unitOfMeasure: '根',
  categoryId: null,
  categoryName: null,
  products: [],
  standardCostFen: 4550,
  minStock: 5,
  status: 'active',
  notes: null,
  onHandTotal: 3,
  availableTotal: 3,
  version: 2,
  createdAt: T0,
  updatedAt: T0,
  ...fields,
});

const level = (fields: Record<string, unknown> = {}) => ({
  id: '0190f000-0000-7000-8000-0000000000d1',
  locationId: WH,
  locationCode: 'WH-SH',
  locationName: '上海总仓',
  locationKind: 'warehouse',
  partId: PART,
  partCode: 'JRG-001',
  partName: '加热管',
  specification: '2000W',
  unitOfMeasure: '根',
  onHand: 3,
  reserved: 1,
  available: 2,
  minQuantity: null,
  threshold: 5,
  low: true,
  shortage: 3,
  version: 1,
  updatedAt: T0,
  ...fields,
});

const keeper = testUser({ roles: ['warehouse'], permissions: ['parts.read', 'parts.write', 'parts.issue', 'parts.adjust'] });
const reader = testUser({ roles: ['agent'], permissions: ['parts.read'] });

const stockApi = (extra: Record<string, unknown> = {}) =>
  mockApi({
    'GET /stock-levels': {
      items: [
        level(),
        level({
          id: '0190f000-0000-7000-8000-0000000000d2',
          locationId: VAN,
          locationCode: 'VAN-1',
          locationName: '张师傅车载库',
          locationKind: 'van',
          onHand: 4,
          reserved: 0,
          available: 4,
          threshold: null,
          low: false,
          shortage: 0,
        }),
      ],
      nextCursor: null,
    },
    'GET /parts/low-stock': { items: [level()], nextCursor: null },
    'GET /stock-locations': locations,
    'GET /spare-parts': { items: [part()], nextCursor: null },
    ...extra,
  });

async function choose(container: HTMLElement, label: string, optionTitle: string) {
  fireEvent.mouseDown(within(container).getByRole('combobox', { name: label }));
  const options = await screen.findAllByTitle(optionTitle);
  fireEvent.click(options[options.length - 1]);
}

describe('库存', () => {
  it('shows stock per location with low stock highlighted and translated, and a summary', async () => {
    const api = stockApi();
    renderApp({ features, path: '/stock', user: keeper });
    expect(await screen.findByRole('heading', { name: '库存' })).toBeTruthy();
    const rows = (await screen.findAllByText('JRG-001')).map((el) => el.closest('tr') as HTMLElement);
    const lowRow = rows.find((r) => within(r).queryByText('上海总仓')) as HTMLElement;
    expect(within(lowRow).getByText('仓库')).toBeTruthy();
    expect(within(lowRow).getByText(/低于最低库存（缺 3）/)).toBeTruthy();
    expect(lowRow.getAttribute('data-low')).toBe('true');
    const vanRow = rows.find((r) => within(r).queryByText('张师傅车载库')) as HTMLElement;
    expect(within(vanRow).getByText('车载库')).toBeTruthy();
    expect(within(vanRow).getByText('正常')).toBeTruthy();
    expect(await screen.findByText('有 1 项库存低于最低库存')).toBeTruthy();

    fireEvent.click(screen.getByRole('switch', { name: '只看低于最低库存' }));
    await waitFor(() => expect(api.calls('GET /stock-levels').at(-1)?.url.searchParams.get('lowOnly')).toBe('true'));
  });

  it('receives stock: location, part lines, supplier and purchase number in one request', async () => {
    const api = stockApi({ 'POST /stock/receive': { movements: [], levels: [], reservations: [] } });
    renderApp({ features, path: '/stock', user: keeper });
    fireEvent.click(await screen.findByRole('button', { name: /入库/ }));
    const dialog = await screen.findByRole('dialog');
    await choose(dialog, '入库库位', 'WH-SH 上海总仓');
    await choose(dialog, '选择备件 1', 'JRG-001 加热管（2000W）');
    fireEvent.change(within(dialog).getByLabelText('数量 1'), { target: { value: '10' } });
    fireEvent.change(within(dialog).getByLabelText('供应商'), { target: { value: '宁波配件厂' } });
    fireEvent.change(within(dialog).getByLabelText('采购单号'), { target: { value: 'PO-2026-001' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    await waitFor(() => expect(api.calls('POST /stock/receive')).toHaveLength(1));
    expect(api.calls('POST /stock/receive')[0].body).toEqual({
      locationId: WH,
      lines: [{ partId: PART, quantity: 10 }],
      supplier: '宁波配件厂',
      reason: null,
      reference: { type: 'purchase', id: 'PO-2026-001' },
    });
    expect(await screen.findByText('已入库')).toBeTruthy();
  });

  it('says which part lacks stock and how much is available when a transfer is refused', async () => {
    stockApi({
      'POST /stock/transfer': () => {
        throw new MockApiError(409, 'insufficient_stock', 'not enough', {
          path: ['body', 'lines', 0, 'quantity'],
          partCode: 'JRG-001',
          locationCode: 'WH-SH',
          requested: 9,
          available: 2,
        });
      },
    });
    renderApp({ features, path: '/stock', user: keeper });
    fireEvent.click(await screen.findByRole('button', { name: /调拨/ }));
    const dialog = await screen.findByRole('dialog');
    await choose(dialog, '调出库位', 'WH-SH 上海总仓');
    await choose(dialog, '调入库位', 'VAN-1 张师傅车载库（张师傅）');
    await choose(dialog, '选择备件 1', 'JRG-001 加热管（2000W）');
    fireEvent.change(within(dialog).getByLabelText('数量 1'), { target: { value: '9' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    const text = '库存不足：JRG-001 在 WH-SH 可用 2，需要 9';
    expect((await screen.findAllByText(text)).length).toBeGreaterThan(0);
  });

  it('refuses an adjustment without a reason before asking the server', async () => {
    const api = stockApi({ 'POST /stock/adjust': { movements: [], levels: [], reservations: [] } });
    renderApp({ features, path: '/stock', user: keeper });
    const row = (await screen.findByText('上海总仓')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '调整' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('当前可用量：2')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('调整数量'), { target: { value: '-1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    expect(await within(dialog).findByText('库存调整必须填写原因')).toBeTruthy();
    expect(api.calls('POST /stock/adjust')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText('原因'), { target: { value: '损坏报废' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确认' }));
    await waitFor(() => expect(api.calls('POST /stock/adjust')).toHaveLength(1));
    expect(api.calls('POST /stock/adjust')[0].body).toEqual({ locationId: WH, partId: PART, quantity: -1, reason: '损坏报废' });
  });

  it('offers reading only to a user without write permissions', async () => {
    stockApi();
    renderApp({ features, path: '/stock', user: reader });
    expect(await screen.findByText('上海总仓')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /入库/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '调整' })).toBeNull();
    expect(screen.getByRole('link', { name: /导出库存/ }).getAttribute('href')).toBe('/api/v1/stock-levels/export');
  });
});

describe('出入库记录', () => {
  it('shows the ledger with translated kinds, signed quantities and references, and filters by kind', async () => {
    const movement = {
      id: '0190f000-0000-7000-8000-0000000000c1',
      at: T0,
      kind: 'issue',
      partId: PART,
      partCode: 'JRG-001',
      partName: '加热管',
      unitOfMeasure: '根',
      locationId: VAN,
      locationCode: 'VAN-1',
      locationName: '张师傅车载库',
      quantity: -2,
      reservedDelta: -2,
      onHandAfter: 1,
      reservedAfter: 0,
      reason: null,
      reference: { type: 'work_order', id: 'WX-2026-000007' },
      supplier: null,
      actorId: null,
      actorName: '张师傅',
      transferId: null,
      reservationId: null,
    };
    const api = mockApi({
      'GET /stock-movements': { items: [movement], nextCursor: null },
      'GET /stock-locations': locations,
      'GET /spare-parts': { items: [part()], nextCursor: null },
    });
    renderApp({ features, path: '/stock-movements', user: reader });
    const row = (await screen.findByText('WX-2026-000007', { exact: false })).closest('tr') as HTMLElement;
    expect(within(row).getByText('领用出库')).toBeTruthy();
    expect(within(row).getByText('-2 根')).toBeTruthy();
    expect(within(row).getByText('维修工单：WX-2026-000007')).toBeTruthy();
    expect(within(row).getByText('2026-03-02 10:00')).toBeTruthy();

    fireEvent.mouseDown(screen.getByRole('combobox', { name: '类型' }));
    fireEvent.click(await screen.findByTitle('入库'));
    await waitFor(() => expect(api.calls('GET /stock-movements').at(-1)?.url.searchParams.get('kind')).toBe('receive'));
  });

  it('names a part given in the address, never shows its id', async () => {
    mockApi({
      'GET /stock-movements': { items: [], nextCursor: null },
      'GET /stock-locations': locations,
      'GET /spare-parts': { items: [], nextCursor: null },
      [`GET /spare-parts/${PART}`]: part(),
    });
    renderApp({ features, path: `/stock-movements?partId=${PART}`, user: reader });
    expect(await screen.findByText('JRG-001 加热管（2000W）')).toBeTruthy();
    expect(screen.queryByText(PART)).toBeNull();
  });
});

describe('备件目录', () => {
  it('creates a part with its cost typed in yuan and sent in fen', async () => {
    const api = mockApi({
      'GET /spare-parts': { items: [], nextCursor: null },
      'GET /product-categories': { items: [], nextCursor: null },
      'GET /products': { items: [], nextCursor: null },
      'POST /spare-parts': (body: Record<string, unknown>) => part(body),
    });
    renderApp({ features, path: '/spare-parts', user: keeper });
    fireEvent.click(await screen.findByRole('button', { name: /新建备件/ }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.change(within(drawer).getByLabelText('备件编码'), { target: { value: 'MB-100' } });
    fireEvent.change(within(drawer).getByLabelText('备件名称'), { target: { value: '主板' } });
    fireEvent.change(within(drawer).getByLabelText('标准成本（元）'), { target: { value: '123.45' } });
    fireEvent.change(within(drawer).getByLabelText('最低库存'), { target: { value: '4' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('POST /spare-parts')).toHaveLength(1));
    expect(api.calls('POST /spare-parts')[0].body).toMatchObject({
      code: 'MB-100',
      name: '主板',
      unitOfMeasure: '个',
      standardCostFen: 12345,
      minStock: 4,
      productIds: [],
    });
  });

  it('lists parts with cost in yuan and the translated status', async () => {
    mockApi({
      'GET /spare-parts': { items: [part({ status: 'discontinued' })], nextCursor: null },
      'GET /product-categories': { items: [], nextCursor: null },
    });
    renderApp({ features, path: '/spare-parts?status=all', user: reader });
    const row = (await screen.findByText('JRG-001')).closest('tr') as HTMLElement;
    expect(within(row).getByText('¥45.50')).toBeTruthy();
    expect(within(row).getByText('停用')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /新建备件/ })).toBeNull();
  });
});
