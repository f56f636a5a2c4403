import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { catalogFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [catalogFeature];
const LIGHTING = '0190f000-0000-7000-8000-0000000000c1';
const INDOOR = '0190f000-0000-7000-8000-0000000000c2';

const category = (id: string, name: string, parentId: string | null, fields: Record<string, unknown> = {}) => ({
  id,
  code: `cat-${id.slice(-2)}`,
  name,
  parentId,
  archived: false,
  version: 1,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...fields,
});

const product = (fields: Record<string, unknown> = {}) => ({
  id: '0190f000-0000-7000-8000-0000000000a1',
  model: 'HG-DL-1215',
  name: 'LED 筒灯 12W',
  categoryId: INDOOR,
  categoryName: '室内照明',
  specification: '12W 4000K',
  defaultWarrantyMonths: 24,
  postRepairWarrantyDays: 90,
  status: 'active',
  version: 3,
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  ...fields,
});

const categories = { items: [category(LIGHTING, '照明', null), category(INDOOR, '室内照明', LIGHTING)], nextCursor: null };
const defaults = { defaultWarrantyMonths: 12, postRepairWarrantyDays: 90, version: 1, updatedAt: null };
const writer = testUser({ roles: ['warehouse'], permissions: ['catalog.read', 'catalog.write'] });

describe('产品目录', () => {
  it('lists products with translated status and months, filters by status through the API', async () => {
    const api = mockApi({
      'GET /products': (_: unknown, url: URL) => ({
        items:
          url.searchParams.get('status') === 'discontinued'
            ? [product({ status: 'discontinued', model: 'HG-TL-1200' })]
            : [product()],
        nextCursor: null,
      }),
      'GET /product-categories': categories,
      'GET /settings/catalog-defaults': defaults,
    });
    renderApp({ features, path: '/products', user: writer });
    expect(await screen.findByRole('heading', { name: '产品目录' })).toBeTruthy();
    const row = (await screen.findByText('HG-DL-1215')).closest('tr') as HTMLElement;
    expect(within(row).getByText('在售')).toBeTruthy();
    expect(within(row).getByText('24 个月')).toBeTruthy();
    expect(within(row).getByText('室内照明')).toBeTruthy();
    expect(api.calls('GET /products')[0].url.searchParams.get('status')).toBe('active');

    fireEvent.mouseDown(screen.getByRole('combobox', { name: '状态' }));
    fireEvent.click(await screen.findByTitle('停产'));
    expect(await screen.findByText('HG-TL-1200')).toBeTruthy();
    expect(api.calls('GET /products').at(-1)?.url.searchParams.get('status')).toBe('discontinued');
  });

  it('edits a product with its version and shows a duplicate model on the field', async () => {
    const api = mockApi({
      'GET /products': { items: [product()], nextCursor: null },
      'GET /product-categories': categories,
      'GET /settings/catalog-defaults': defaults,
      'PATCH /products/*': (body: { model: string }) => {
        if (body.model === 'HG-DL-0712') {
          throw new MockApiError(409, 'duplicate_model', 'taken', [{ path: ['body', 'model'], message: 'taken' }]);
        }
        return product(body);
      },
    });
    renderApp({ features, path: '/products', user: writer });
    const row = (await screen.findByText('HG-DL-1215')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '编辑' }));
    const drawer = await screen.findByRole('dialog');
    const model = within(drawer).getByLabelText('型号');
    expect((model as HTMLInputElement).value).toBe('HG-DL-1215');
    fireEvent.change(model, { target: { value: 'HG-DL-0712' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    expect(await within(drawer).findByText('该型号已存在，请勿重复添加')).toBeTruthy();
    const body = api.calls('PATCH /products/*')[0].body;
    expect(body).toMatchObject({
      version: 3,
      model: 'HG-DL-0712',
      name: 'LED 筒灯 12W',
      categoryId: INDOOR,
      defaultWarrantyMonths: 24,
    });
  });

  it('creates a product leaving the warranty to the company default', async () => {
    const api = mockApi({
      'GET /products': { items: [], nextCursor: null },
      'GET /product-categories': categories,
      'GET /settings/catalog-defaults': defaults,
      'POST /products': (body: Record<string, unknown>) => product(body),
    });
    renderApp({ features, path: '/products', user: writer });
    fireEvent.click(await screen.findByRole('button', { name: /新建产品/ }));
    const drawer = await screen.findByRole('dialog');
    expect(await within(drawer).findByText('留空则按公司默认：12 个月 / 90 天')).toBeTruthy();
    fireEvent.change(within(drawer).getByLabelText('型号'), { target: { value: 'HG-CL-2440' } });
    fireEvent.change(within(drawer).getByLabelText('产品名称'), { target: { value: 'LED 吸顶灯 24W' } });
    fireEvent.mouseDown(within(drawer).getByRole('combobox', { name: '产品类别' }));
    fireEvent.click(await screen.findByTitle('室内照明'));
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('POST /products')).toHaveLength(1));
    expect(api.calls('POST /products')[0].body).toEqual({
      model: 'HG-CL-2440',
      name: 'LED 吸顶灯 24W',
      categoryId: INDOOR,
      specification: null,
    });
  });

  it('discontinues a product after confirmation', async () => {
    const api = mockApi({
      'GET /products': { items: [product()], nextCursor: null },
      'GET /product-categories': categories,
      'POST /products/*': () => product({ status: 'discontinued', version: 4 }),
    });
    renderApp({ features, path: '/products', user: writer });
    const row = (await screen.findByText('HG-DL-1215')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '停产' }));
    const popover = (await screen.findByText(/确定将该产品设为停产/)).closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByRole('button', { name: '停产' }));
    await waitFor(() => expect(api.calls('POST /products/*')).toHaveLength(1));
    const call = api.calls('POST /products/*')[0];
    expect(call.path).toBe('/products/0190f000-0000-7000-8000-0000000000a1/discontinue');
    expect(call.body).toEqual({ version: 3 });
  });

  it('offers no changes to a user who may only read', async () => {
    mockApi({ 'GET /products': { items: [product()], nextCursor: null }, 'GET /product-categories': categories });
    renderApp({ features, path: '/products', user: testUser({ permissions: ['catalog.read'] }) });
    expect(await screen.findByText('HG-DL-1215')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /新建产品/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '停产' })).toBeNull();
  });
});

describe('产品类别 and 默认保修期', () => {
  it('shows categories as a tree and creates a subcategory under the chosen parent', async () => {
    const api = mockApi({
      'GET /product-categories': categories,
      'POST /product-categories': (body: Record<string, unknown>) =>
        category('0190f000-0000-7000-8000-0000000000c3', String(body.name), LIGHTING),
    });
    renderApp({ features, path: '/product-categories', user: writer });
    const parentRow = (await screen.findByText('照明')).closest('tr') as HTMLElement;
    expect(await screen.findByText('室内照明')).toBeTruthy();
    fireEvent.click(within(parentRow).getByRole('button', { name: '新建下级' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('类别名称'), { target: { value: '户外照明' } });
    fireEvent.change(within(dialog).getByLabelText('编码'), { target: { value: 'lighting.outdoor' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('POST /product-categories')).toHaveLength(1));
    expect(api.calls('POST /product-categories')[0].body).toEqual({
      code: 'lighting.outdoor',
      name: '户外照明',
      parentId: LIGHTING,
    });
  });

  it('saves the company default warranty with its version', async () => {
    const api = mockApi({
      'GET /settings/catalog-defaults': defaults,
      'PUT /settings/catalog-defaults': (body: Record<string, number>) => ({
        ...body,
        version: 2,
        updatedAt: '2026-03-02T02:00:00.000Z',
      }),
    });
    renderApp({
      features,
      path: '/settings/catalog-defaults',
      user: testUser({ roles: ['admin'], permissions: ['catalog.read', 'settings.write'] }),
    });
    const months = await screen.findByLabelText('默认保修期（月）');
    fireEvent.change(months, { target: { value: '24' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('PUT /settings/catalog-defaults')).toHaveLength(1));
    expect(api.calls('PUT /settings/catalog-defaults')[0].body).toEqual({
      version: 1,
      defaultWarrantyMonths: 24,
      postRepairWarrantyDays: 90,
    });
    expect(await screen.findByText('默认保修期已保存')).toBeTruthy();
  });
});
