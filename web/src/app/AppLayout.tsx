import {
  ApartmentOutlined,
  AppstoreOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  InboxOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import { App, Avatar, Breadcrumb, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Result, Spin, Typography } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiErrorAlert } from '../components/apiErrors';
import { LanguageSwitch } from './LanguageSwitch';
import { type MenuEntry, type MenuSection, menuEntryFor, WORKBENCH_GROUP } from './menu';
import { hasPermission, loginPathFor, useLogout, useSession } from './session';
import { useAllMenuEntries, useVisibleMenu } from './shell';
import { SIDER_BG } from './theme';

const GROUP_ICONS: Record<string, ReactNode> = {
  'menuGroup.workbench': <DashboardOutlined />,
  'menuGroup.customers': <TeamOutlined />,
  'menuGroup.service': <CustomerServiceOutlined />,
  'menuGroup.warehouse': <InboxOutlined />,
  'menuGroup.organization': <ApartmentOutlined />,
  'menuGroup.settings': <SettingOutlined />,
};

const COLLAPSED_KEY = 'aftersales.siderCollapsed';

function readCollapsed(): boolean {
  try {
    return globalThis.localStorage?.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** Label of a menu entry in its feature's namespace. */
function useEntryLabel() {
  const { t } = useTranslation();
  return useCallback((entry: MenuEntry) => t(entry.labelKey, { ns: entry.featureKey }), [t]);
}

function useGroupLabel() {
  const { t } = useTranslation();
  return useCallback((group: string) => t(group, { ns: 'common', defaultValue: group }), [t]);
}

function toMenuItems(
  sections: MenuSection[],
  label: (e: MenuEntry) => string,
  groupLabel: (g: string) => string,
): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [];
  for (const section of sections) {
    const entries = section.items.map((entry) => ({
      key: entry.path,
      icon: entry.icon ?? (section.group === WORKBENCH_GROUP ? GROUP_ICONS[WORKBENCH_GROUP] : undefined),
      label: <Link to={entry.path}>{label(entry)}</Link>,
    }));
    if (section.group === WORKBENCH_GROUP) items.push(...entries);
    else
      items.push({
        key: section.group,
        icon: GROUP_ICONS[section.group] ?? <AppstoreOutlined />,
        label: groupLabel(section.group),
        children: entries,
      });
  }
  return items;
}

function SiderLogo({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Link
      to="/"
      aria-label={t('appName')}
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        height: 56,
        padding: collapsed ? '0 24px' : '0 20px',
        overflow: 'hidden',
      }}
    >
      <img src="/logo.svg" alt="" width={28} height={28} style={{ flex: 'none' }} />
      {!collapsed && <span style={{ color: '#fff', fontSize: 16, fontWeight: 600, whiteSpace: 'nowrap' }}>{t('appName')}</span>}
    </Link>
  );
}

function UserMenu({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const logout = useLogout();
  const { message } = App.useApp();
  if (!user) return null;
  const roles = user.roles.map((r) => t(`role.${r}`)).join('、');
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div style={{ lineHeight: 1.4, padding: '4px 0' }}>
                <div style={{ color: 'rgba(0,0,0,0.88)', fontWeight: 500 }}>{user.displayName}</div>
                <div style={{ fontSize: 12 }}>{roles}</div>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'account', icon: <UserOutlined />, label: t('shell.myAccount') },
          { key: 'password', icon: <LockOutlined />, label: t('shell.changePassword') },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, danger: true, label: t('shell.logout') },
        ],
        onClick: ({ key }) => {
          if (key === 'account') navigate('/account');
          if (key === 'password') navigate('/account?tab=password');
          if (key === 'logout') {
            logout.mutate(undefined, {
              onSettled: () => {
                void message.success(t('shell.loggedOut'));
                navigate('/login', { replace: true });
              },
            });
          }
        },
      }}
    >
      <Button type="text" aria-label={t('shell.userMenu')} data-testid="user-menu" style={{ height: 40, paddingInline: 8 }}>
        <Flex align="center" gap={8}>
          <Avatar size="small" style={{ backgroundColor: '#1677ff' }}>
            {user.displayName.slice(0, 1)}
          </Avatar>
          {!compact && <span>{user.displayName}</span>}
        </Flex>
      </Button>
    </Dropdown>
  );
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('state.loading')} />
    </Flex>
  );
}

/** The authenticated app: side menu (a drawer on phones), header with breadcrumbs, language and user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const { user, isLoading, error, refetch } = useSession();
  const sections = useVisibleMenu();
  const allEntries = useAllMenuEntries();
  const entryLabel = useEntryLabel();
  const groupLabel = useGroupLabel();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const current = menuEntryFor(allEntries, location.pathname);
  const currentGroup = current ? (current.group ?? WORKBENCH_GROUP) : undefined;
  // every group starts open (a handful of items each); the user may fold them
  const [openKeys, setOpenKeys] = useState<string[]>(() => sections.map((s) => s.group).filter((g) => g !== WORKBENCH_GROUP));
  // navigating into a folded group opens it (the drawer closes through the menu's onClick)
  useEffect(() => {
    if (currentGroup && currentGroup !== WORKBENCH_GROUP) {
      setOpenKeys((keys) => (keys.includes(currentGroup) ? keys : [...keys, currentGroup]));
    }
  }, [currentGroup]);

  const pageTitle = current ? entryLabel(current) : undefined;
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} - ${t('appName')}` : t('appName');
  }, [pageTitle, t]);

  const menuItems = useMemo(() => toMenuItems(sections, entryLabel, groupLabel), [sections, entryLabel, groupLabel]);

  if (isLoading) return <FullPageSpin />;
  if (error) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <ApiErrorAlert error={error} onReload={() => void refetch()} retry />
      </Flex>
    );
  }
  if (!user) return <Navigate to={loginPathFor(location)} replace />;

  const forbidden = !!current?.permission && !hasPermission(user, current.permission);
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={menuItems}
      selectedKeys={current ? [current.path] : []}
      openKeys={collapsed && !isMobile ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={() => setDrawerOpen(false)}
      style={{ borderInlineEnd: 0 }}
      aria-label={t('shell.openMenu')}
    />
  );

  const breadcrumbItems = [
    { title: <Link to="/">{t('menuGroup.workbench')}</Link> },
    ...(current && currentGroup !== WORKBENCH_GROUP && currentGroup ? [{ title: groupLabel(currentGroup) }] : []),
    ...(current && current.path !== '/' ? [{ title: <Link to={current.path}>{entryLabel(current)}</Link> }] : []),
  ];

  const toggleCollapsed = () => {
    const next = !collapsed;
    setCollapsed(next);
    try {
      globalThis.localStorage?.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch {
      // ignore
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Layout.Sider
          width={220}
          collapsedWidth={72}
          collapsible
          collapsed={collapsed}
          trigger={null}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          data-testid="app-sider"
        >
          <SiderLogo collapsed={collapsed} />
          <nav>{menu}</nav>
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={256}
          closable={false}
          styles={{ body: { padding: 0, background: SIDER_BG } }}
        >
          <div data-testid="app-drawer">
            <SiderLogo collapsed={false} />
            <nav>{menu}</nav>
          </div>
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Button
            type="text"
            aria-label={isMobile ? t('shell.openMenu') : t('shell.toggleMenu')}
            icon={isMobile ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={isMobile ? () => setDrawerOpen(true) : toggleCollapsed}
          />
          {isMobile ? (
            <Typography.Text strong ellipsis style={{ flex: 1 }}>
              {pageTitle ?? t('appName')}
            </Typography.Text>
          ) : (
            <Breadcrumb items={breadcrumbItems} style={{ flex: 1 }} />
          )}
          <LanguageSwitch compact={isMobile} />
          <UserMenu compact={isMobile} />
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          {forbidden ? <ForbiddenPage /> : <Outlet />}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('shell.forbiddenTitle')}
      subTitle={t('shell.forbiddenText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('shell.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('shell.notFoundTitle')}
      subTitle={t('shell.notFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('shell.backHome')}</Button>
        </Link>
      }
    />
  );
}
