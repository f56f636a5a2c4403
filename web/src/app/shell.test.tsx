import { useQuery } from '@tanstack/react-query';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { accountFeature } from '../features/account';
import { homeFeature } from '../features/home';
import type { FeatureModule } from './feature';
import { LANGUAGE_STORAGE_KEY } from './i18n';
import { MockApiError, mockApi, renderApp, testUser } from './testing';

const customers: FeatureModule = {
  key: 'customers',
  menu: [{ path: '/customers', labelKey: 'menu.customers', group: 'menuGroup.customers', permission: 'customer.read' }],
  routes: [{ path: 'customers', element: <h1>customer list</h1> }],
  messages: { 'zh-CN': { menu: { customers: '客户档案' } }, en: { menu: { customers: 'Customer files' } } },
};
const staff: FeatureModule = {
  key: 'staff',
  menu: [{ path: '/users', labelKey: 'menu.users', group: 'menuGroup.organization', permission: 'staff.write' }],
  routes: [{ path: 'users', element: <h1>user admin</h1> }],
  messages: { 'zh-CN': { menu: { users: '用户管理' } }, en: { menu: { users: 'Users' } } },
};
const features = [homeFeature, customers, staff, accountFeature];

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const sider = () => screen.getByTestId('app-sider');

describe('app shell', () => {
  it('greets the user on the workbench and shows only the menu items they may use', async () => {
    renderApp({ features, user: testUser({ displayName: '李客服', roles: ['agent'], permissions: ['customer.read'] }) });
    expect(await screen.findByRole('heading', { level: 1, name: /李客服/ })).toBeTruthy();
    expect(within(sider()).getByText('客户档案')).toBeTruthy();
    expect(within(sider()).getByText('客户与产品')).toBeTruthy();
    expect(within(sider()).queryByText('用户管理')).toBeNull();
    expect(within(sider()).queryByText('组织与人员')).toBeNull();
    // roles are translated, never shown as codes
    expect(screen.getAllByText('客服').length).toBeGreaterThan(0);
    expect(screen.queryByText('agent')).toBeNull();
    // quick links to what the user can open
    expect(within(screen.getByRole('main')).getByRole('link', { name: '客户档案' })).toBeTruthy();
  });

  it('refuses a page whose permission the user lacks, even when typed into the address bar', async () => {
    renderApp({ features, path: '/users', user: testUser({ permissions: ['customer.read'] }) });
    expect(await screen.findByText('没有权限')).toBeTruthy();
    expect(screen.queryByText('user admin')).toBeNull();
  });

  it('shows a 404 page inside the shell for an unknown path', async () => {
    renderApp({ features, path: '/no-such-page' });
    expect(await screen.findByText('页面不存在')).toBeTruthy();
    expect(sider()).toBeTruthy();
  });

  it('switches the menu and headings to English and remembers the choice', async () => {
    renderApp({ features, user: testUser({ displayName: '李客服', permissions: ['customer.read'] }) });
    await screen.findByRole('heading', { level: 1, name: /李客服/ });
    fireEvent.click(screen.getByTestId('language-switch'));
    fireEvent.click(await screen.findByText('English'));
    await waitFor(() => expect(within(sider()).getByText('Customer files')).toBeTruthy());
    expect(within(sider()).getByText('Customers & products')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: /Good (morning|afternoon|evening), 李客服/ })).toBeTruthy();
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('sends a visitor without a session to the login page, remembering where they wanted to go', async () => {
    const { router } = renderApp({ features, path: '/customers?q=abc', user: null });
    await screen.findByRole('button', { name: '登录' });
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/customers?q=abc');
  });
});

/** a page that asks the server for data */
function CustomerList() {
  const list = useQuery({ queryKey: ['customers'], queryFn: () => api.get('/customers') });
  return <h1>{list.isError ? 'failed' : 'customer list'}</h1>;
}

describe('an expired session', () => {
  it('sends the user to the login page when any request answers 401', async () => {
    mockApi({ 'GET /customers': new MockApiError(401, 'unauthorized', '请先登录') });
    const withQuery: FeatureModule = { ...customers, routes: [{ path: 'customers', element: <CustomerList /> }] };
    const { router } = renderApp({
      features: [homeFeature, withQuery],
      path: '/customers',
      user: testUser({ permissions: ['customer.read'] }),
    });
    await screen.findByRole('button', { name: '登录' });
    expect(router.state.location.pathname).toBe('/login');
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/customers');
  });
});

describe('login page', () => {
  it('says so when the password is wrong, and lands on the requested page after a correct login', async () => {
    const api = mockApi({
      'POST /auth/login': (body: { username: string; password: string }) => {
        if (body.password !== 'right-password') throw new MockApiError(401, 'unauthorized', '用户名或密码错误');
        return testUser({ displayName: '王主管', permissions: ['customer.read'] });
      },
    });
    const { router } = renderApp({ features, path: '/login?next=%2Fcustomers', user: null });
    const username = await screen.findByLabelText('用户名');
    expect(document.activeElement).toBe(username);
    fireEvent.change(username, { target: { value: 'wang' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('用户名或密码错误')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');

    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'right-password' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('customer list')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/customers');
    expect(api.calls('POST /auth/login').map((c) => c.body)).toEqual([
      { username: 'wang', password: 'wrong' },
      { username: 'wang', password: 'right-password' },
    ]);
  });

  it('asks the user to wait after too many attempts', async () => {
    mockApi({ 'POST /auth/login': new MockApiError(429, 'rate_limited', 'Rate limit exceeded') });
    renderApp({ features, path: '/login', user: null });
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'wang' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('登录尝试次数过多，请稍后再试')).toBeTruthy();
  });

  it('never redirects outside the app after login', async () => {
    mockApi({ 'POST /auth/login': testUser() });
    const { router } = renderApp({ features, path: '/login?next=%2F%2Fevil.example%2Fx', user: null });
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'b' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '登录' })));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });
});
