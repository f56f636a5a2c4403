import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MockApiError, mockApi, renderApp, testUser } from '../../app/testing';
import { accountFeature } from './index';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const features = [accountFeature];
const token = (fields: Record<string, unknown>): Record<string, unknown> & { id: string } => ({
  id: '0190f000-0000-7000-8000-00000000000a',
  name: '呼叫中心对接',
  tokenPrefix: 'ast_abcdef',
  createdAt: '2026-03-02T02:00:00.000Z',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...fields,
});

function fillPasswords(current: string, next: string, confirm: string) {
  fireEvent.change(screen.getByLabelText('当前密码'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('新密码'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('确认新密码'), { target: { value: confirm } });
  fireEvent.click(screen.getByRole('button', { name: /修改密码/ }));
}

describe('change password', () => {
  it('checks the confirmation before asking the server', async () => {
    const api = mockApi({ 'POST /auth/change-password': { ok: true } });
    renderApp({ features, path: '/account' });
    await screen.findByLabelText('当前密码');
    fillPasswords('old-secret-1', 'new-secret-1', 'new-secret-2');
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(api.calls('POST /auth/change-password')).toHaveLength(0);
  });

  it('sends the passwords and marks a wrong current password on its field', async () => {
    const api = mockApi({
      'POST /auth/change-password': (body: { currentPassword: string }) => {
        if (body.currentPassword !== 'old-secret-1') {
          throw new MockApiError(422, 'wrong_current_password', 'the current password is not correct', [
            { path: ['body', 'currentPassword'], message: 'wrong password' },
          ]);
        }
        return { ok: true };
      },
    });
    const { router } = renderApp({ features, path: '/account' });
    await screen.findByLabelText('当前密码');
    fillPasswords('guess-1234', 'new-secret-1', 'new-secret-1');
    expect(await screen.findByText('当前密码不正确')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/account');

    fillPasswords('old-secret-1', 'new-secret-1', 'new-secret-1');
    expect(await screen.findByText('密码已修改')).toBeTruthy();
    expect(api.calls('POST /auth/change-password').at(-1)?.body).toEqual({
      currentPassword: 'old-secret-1',
      newPassword: 'new-secret-1',
    });
  });
});

describe('API tokens', () => {
  it('creates a token and shows it once, lists and revokes tokens', async () => {
    let items = [token({})];
    const api = mockApi({
      'GET /api-tokens': () => ({ items }),
      'POST /api-tokens': (body: { name: string }) => {
        const created = token({ id: '0190f000-0000-7000-8000-00000000000b', name: body.name, tokenPrefix: 'ast_zzzzzz' });
        items = [...items, created];
        return { ...created, token: 'ast_zzzzzz_full_secret_value' };
      },
      'POST /api-tokens/*': () => {
        items = items.map((i) => (i.id.endsWith('a') ? { ...i, revokedAt: '2026-03-03T00:00:00Z' } : i));
        return items[0];
      },
    });
    renderApp({ features, path: '/account?tab=tokens', user: testUser({ permissions: ['apiToken.manage'] }) });
    expect(await screen.findByText('呼叫中心对接')).toBeTruthy();
    expect(screen.getByText('有效')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /新建令牌/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('名称'), { target: { value: 'ERP 接口' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '新建' }));
    expect(await screen.findByText('ast_zzzzzz_full_secret_value')).toBeTruthy();
    expect(api.calls('POST /api-tokens')[0].body).toEqual({ name: 'ERP 接口', expiresInDays: 365 });
    fireEvent.click(screen.getByRole('button', { name: '我已保存' }));
    // the list knows only the prefix of the new token
    expect(await screen.findByText('ERP 接口')).toBeTruthy();
    expect(screen.getByText('ast_zzzzzz…')).toBeTruthy();

    const firstRow = screen.getByText('呼叫中心对接').closest('tr') as HTMLElement;
    fireEvent.click(within(firstRow).getByText('撤销'));
    const confirm = await screen.findByText('撤销后使用此令牌的系统将无法再访问，确定撤销吗？');
    const popover = confirm.closest('.ant-popover') as HTMLElement;
    fireEvent.click(within(popover).getByText('撤销'));
    expect(await screen.findByText('已撤销')).toBeTruthy();
    expect(api.calls('POST /api-tokens/*').map((c) => c.path)).toEqual([
      '/api-tokens/0190f000-0000-7000-8000-00000000000a/revoke',
    ]);
  });

  it('is not offered to a user without the permission', async () => {
    mockApi({});
    renderApp({ features, path: '/account?tab=tokens', user: testUser({ permissions: [] }) });
    expect(await screen.findByLabelText('当前密码')).toBeTruthy();
    expect(screen.queryByRole('tab', { name: /API 令牌/ })).toBeNull();
  });
});
