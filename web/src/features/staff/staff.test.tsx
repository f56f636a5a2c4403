import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { staffFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [staffFeature];
const ADMIN_ID = '0190f000-0000-7000-8000-000000000001';
const TECH_ID = '0190f000-0000-7000-8000-0000000000b2';
const DEPT = '0190f000-0000-7000-8000-0000000000d1';
const SH = '0190f000-0000-7000-8000-0000000000e1';
const PD = '0190f000-0000-7000-8000-0000000000e2';
const LIGHTING = '0190f000-0000-7000-8000-0000000000c1';

const stamp = { createdAt: '2026-03-01T00:00:00.000Z', updatedAt: '2026-03-01T00:00:00.000Z' };
const ref = (id: string, code: string, name: string, parentId: string | null, extra: Record<string, unknown> = {}) => ({
  id,
  code,
  name,
  parentId,
  archived: false,
  version: 1,
  ...stamp,
  ...extra,
});

const user = (fields: Record<string, unknown> = {}) => ({
  id: TECH_ID,
  username: 'tech1',
  displayName: '孙建军',
  email: null,
  phone: '13916520021',
  departmentId: DEPT,
  departmentName: '维修服务部',
  grade: 'master',
  gradeName: '技师',
  locale: 'zh-CN',
  status: 'active',
  roles: ['technician'],
  skills: [{ categoryId: LIGHTING, categoryName: '照明', level: 5 }],
  regions: [{ regionId: PD, regionName: '浦东新区' }],
  version: 2,
  ...stamp,
  ...fields,
});

const admin = testUser({
  id: ADMIN_ID,
  username: 'admin',
  displayName: '周立新',
  roles: ['admin'],
  permissions: ['staff.read', 'staff.write'],
});

function referenceData() {
  return {
    'GET /departments': {
      items: [ref(DEPT, 'WX', '维修服务部', null, { headUserId: null, headUserName: null })],
      nextCursor: null,
    },
    'GET /regions': { items: [ref(SH, '310000', '上海市', null), ref(PD, '310115', '浦东新区', SH)], nextCursor: null },
    'GET /staff-grades': {
      items: [ref('0190f000-0000-7000-8000-0000000000f1', 'master', '技师', null, { rank: 4 })],
      nextCursor: null,
    },
    'GET /product-categories': { items: [ref(LIGHTING, 'lighting', '照明', null)], nextCursor: null },
  };
}

describe('用户管理', () => {
  it('lists users with translated roles, skills and regions; filters by role through the API', async () => {
    const api = mockApi({
      ...referenceData(),
      'GET /users': (_: unknown, url: URL) => ({
        items:
          url.searchParams.get('role') === 'agent'
            ? []
            : [
                user(),
                user({ id: ADMIN_ID, username: 'admin', displayName: '周立新', roles: ['admin'], skills: [], regions: [] }),
              ],
        nextCursor: null,
      }),
    });
    renderApp({ features, path: '/users', user: admin });
    const row = (await screen.findByText('tech1')).closest('tr') as HTMLElement;
    expect(within(row).getByText('维修工程师')).toBeTruthy();
    expect(within(row).getByText('照明 5级')).toBeTruthy();
    expect(within(row).getByText('浦东新区')).toBeTruthy();
    expect(within(row).getByText('启用')).toBeTruthy();
    // one cannot disable oneself: no button on one's own row
    const myRow = screen.getByText('admin').closest('tr') as HTMLElement;
    expect(within(myRow).queryByRole('button', { name: '停用' })).toBeNull();
    expect(within(row).getByRole('button', { name: '停用' })).toBeTruthy();

    fireEvent.mouseDown(screen.getByRole('combobox', { name: '角色' }));
    fireEvent.click(await screen.findByTitle('客服'));
    expect(await screen.findByText('没有符合条件的用户')).toBeTruthy();
    expect(api.calls('GET /users').at(-1)?.url.searchParams.get('role')).toBe('agent');
  });

  it('creates a user with roles; a taken username is marked on its field', async () => {
    const api = mockApi({
      ...referenceData(),
      'GET /users': { items: [], nextCursor: null },
      'POST /users': (body: { username: string }) => {
        if (body.username === 'tech1') {
          throw new MockApiError(409, 'duplicate_username', 'taken', [{ path: ['body', 'username'], message: 'taken' }]);
        }
        return user(body);
      },
    });
    renderApp({ features, path: '/users', user: admin });
    fireEvent.click(await screen.findByRole('button', { name: /新建用户/ }));
    const drawer = await screen.findByRole('dialog');
    fireEvent.change(within(drawer).getByLabelText('用户名'), { target: { value: 'tech1' } });
    fireEvent.change(within(drawer).getByLabelText('姓名'), { target: { value: '刘洋' } });
    fireEvent.change(within(drawer).getByLabelText('初始密码'), { target: { value: 'start-1234' } });
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '维修工程师' }));
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    expect(await within(drawer).findByText('用户名已存在')).toBeTruthy();

    fireEvent.change(within(drawer).getByLabelText('用户名'), { target: { value: 'tech7' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('POST /users')).toHaveLength(2));
    expect(api.calls('POST /users')[1].body).toEqual({
      username: 'tech7',
      password: 'start-1234',
      displayName: '刘洋',
      email: null,
      phone: null,
      departmentId: null,
      grade: null,
      roles: ['technician'],
      skills: [],
      regionIds: [],
    });
  });

  it('edits a user: sends the version and the whole sets of roles, skills and regions', async () => {
    const api = mockApi({
      ...referenceData(),
      'GET /users': { items: [user()], nextCursor: null },
      'PATCH /users/*': (body: Record<string, unknown>) => user({ ...body, version: 3 }),
    });
    renderApp({ features, path: '/users', user: admin });
    const row = (await screen.findByText('tech1')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '编辑' }));
    const drawer = await screen.findByRole('dialog');
    expect((within(drawer).getByLabelText('用户名') as HTMLInputElement).disabled).toBe(true);
    expect(within(drawer).queryByLabelText('初始密码')).toBeNull();
    fireEvent.click(within(drawer).getByRole('checkbox', { name: '客服主管' }));
    fireEvent.click(within(drawer).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('PATCH /users/*')).toHaveLength(1));
    const call = api.calls('PATCH /users/*')[0];
    expect(call.path).toBe(`/users/${TECH_ID}`);
    expect(call.body).toMatchObject({
      version: 2,
      displayName: '孙建军',
      departmentId: DEPT,
      grade: 'master',
      skills: [{ categoryId: LIGHTING, level: 5 }],
      regionIds: [PD],
    });
    expect([...call.body.roles].sort()).toEqual(['supervisor', 'technician']);
  });

  it('an admin editing himself cannot untick his own admin role', async () => {
    mockApi({
      ...referenceData(),
      'GET /users': {
        items: [user({ id: ADMIN_ID, username: 'admin', displayName: '周立新', roles: ['admin'] })],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/users', user: admin });
    const row = (await screen.findByText('admin')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '编辑' }));
    const drawer = await screen.findByRole('dialog');
    const adminBox = within(drawer).getByRole('checkbox', { name: '系统管理员' }) as HTMLInputElement;
    expect(adminBox.checked).toBe(true);
    expect(adminBox.disabled).toBe(true);
  });

  it('disables a user after confirmation, with his version', async () => {
    const api = mockApi({
      ...referenceData(),
      'GET /users': { items: [user()], nextCursor: null },
      'POST /users/*': () => user({ status: 'disabled', version: 3 }),
    });
    renderApp({ features, path: '/users', user: admin });
    const row = (await screen.findByText('tech1')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '停用' }));
    const popover = (await screen.findByText(/停用后该用户将立即退出登录/)).closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByRole('button', { name: '停用' }));
    await waitFor(() => expect(api.calls('POST /users/*')).toHaveLength(1));
    expect(api.calls('POST /users/*')[0]).toMatchObject({ path: `/users/${TECH_ID}/disable`, body: { version: 2 } });
  });

  it('a user who may only read sees no buttons to change anyone', async () => {
    mockApi({ ...referenceData(), 'GET /users': { items: [user()], nextCursor: null } });
    renderApp({ features, path: '/users', user: testUser({ permissions: ['staff.read'] }) });
    expect(await screen.findByText('tech1')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /新建用户/ })).toBeNull();
    expect(screen.queryByRole('button', { name: '重置密码' })).toBeNull();
  });
});

describe('部门管理, 区域管理 and 职级', () => {
  it('shows the department tree with its head and archives a department', async () => {
    const api = mockApi({
      'GET /departments': {
        items: [
          ref(DEPT, 'WX', '维修服务部', null, { headUserId: TECH_ID, headUserName: '王志强' }),
          ref('0190f000-0000-7000-8000-0000000000d2', 'WX-SH', '上海维修组', DEPT, {
            headUserId: null,
            headUserName: null,
            version: 4,
          }),
        ],
        nextCursor: null,
      },
      'GET /users': { items: [], nextCursor: null },
      'POST /departments/*': (body: unknown) => body,
    });
    renderApp({ features, path: '/departments', user: admin });
    const parent = (await screen.findByText('维修服务部')).closest('tr') as HTMLElement;
    expect(within(parent).getByText('王志强')).toBeTruthy();
    const child = (await screen.findByText('上海维修组')).closest('tr') as HTMLElement;
    expect(within(child).getByText('未指定')).toBeTruthy();
    fireEvent.click(within(child).getByRole('button', { name: '归档' }));
    const popover = (await screen.findByText(/确定归档该部门/)).closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByRole('button', { name: '归档' }));
    await waitFor(() => expect(api.calls('POST /departments/*')).toHaveLength(1));
    expect(api.calls('POST /departments/*')[0]).toMatchObject({
      path: '/departments/0190f000-0000-7000-8000-0000000000d2/archive',
      body: { version: 4 },
    });
  });

  it('creates a region under a parent', async () => {
    const api = mockApi({
      'GET /regions': { items: [ref(SH, '310000', '上海市', null)], nextCursor: null },
      'GET /users': { items: [], nextCursor: null },
      'POST /regions': (body: Record<string, unknown>) => ref(PD, String(body.code), String(body.name), SH),
    });
    renderApp({ features, path: '/regions', user: admin });
    const row = (await screen.findByText('上海市')).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: '新建下级' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('区域名称'), { target: { value: '浦东新区' } });
    fireEvent.change(within(dialog).getByLabelText('编码'), { target: { value: '310115' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.calls('POST /regions')).toHaveLength(1));
    expect(api.calls('POST /regions')[0].body).toEqual({ code: '310115', name: '浦东新区', parentId: SH });
  });

  it('lists grades by rank', async () => {
    mockApi({
      'GET /staff-grades': {
        items: [ref('g3', 'senior', '高级', null, { rank: 3 }), ref('g1', 'junior', '初级', null, { rank: 1 })],
        nextCursor: null,
      },
    });
    renderApp({ features, path: '/staff-grades', user: admin });
    await screen.findByText('高级');
    const names = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell')[1].textContent);
    expect(names).toEqual(['初级', '高级']);
  });
});
