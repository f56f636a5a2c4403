import { ContainerOutlined, ShoppingCartOutlined, TeamOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 顾客档案 / 产品档案 / 销售订单: the customer registry (R-CUS-1, -3, -4, -5). */
export const customersFeature: FeatureModule = {
  key: 'customers',
  menu: [
    {
      path: '/customers',
      labelKey: 'menu.customers',
      icon: <TeamOutlined />,
      permission: 'customer.read',
      group: 'menuGroup.customers',
      descriptionKey: 'description',
    },
    {
      path: '/units',
      labelKey: 'menu.units',
      icon: <ContainerOutlined />,
      permission: 'customer.read',
      group: 'menuGroup.customers',
      descriptionKey: 'unitsDescription',
    },
    {
      path: '/orders',
      labelKey: 'menu.orders',
      icon: <ShoppingCartOutlined />,
      permission: 'customer.read',
      group: 'menuGroup.customers',
      descriptionKey: 'ordersDescription',
    },
    { path: '/customers/new', labelKey: 'menu.newCustomer', permission: 'customer.write', hidden: true },
  ],
  routes: [
    { path: 'customers', lazy: async () => ({ Component: (await import('./CustomerListPage')).CustomerListPage }) },
    { path: 'customers/new', lazy: async () => ({ Component: (await import('./CustomerFormPage')).CustomerFormPage }) },
    { path: 'customers/:id', lazy: async () => ({ Component: (await import('./CustomerDetailPage')).CustomerDetailPage }) },
    { path: 'customers/:id/edit', lazy: async () => ({ Component: (await import('./CustomerFormPage')).CustomerFormPage }) },
    { path: 'units', lazy: async () => ({ Component: (await import('./UnitPages')).UnitListPage }) },
    { path: 'units/:id', lazy: async () => ({ Component: (await import('./UnitPages')).UnitDetailPage }) },
    { path: 'orders', lazy: async () => ({ Component: (await import('./OrderListPage')).OrderListPage }) },
  ],
  messages,
};
