import { AppstoreOutlined, ClusterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 产品目录 (R-CUS-2): products, product categories, the company's default warranty terms. */
export const catalogFeature: FeatureModule = {
  key: 'catalog',
  menu: [
    {
      path: '/products',
      labelKey: 'menu.products',
      icon: <AppstoreOutlined />,
      permission: 'catalog.read',
      group: 'menuGroup.customers',
      descriptionKey: 'description.products',
    },
    {
      path: '/product-categories',
      labelKey: 'menu.categories',
      icon: <ClusterOutlined />,
      permission: 'catalog.read',
      group: 'menuGroup.customers',
      descriptionKey: 'description.categories',
    },
    {
      path: '/settings/catalog-defaults',
      labelKey: 'menu.defaults',
      icon: <SafetyCertificateOutlined />,
      permission: 'settings.write',
      group: 'menuGroup.settings',
    },
  ],
  routes: [
    { path: 'products', lazy: async () => ({ Component: (await import('./ProductsPage')).ProductsPage }) },
    { path: 'product-categories', lazy: async () => ({ Component: (await import('./CategoriesPage')).CategoriesPage }) },
    {
      path: 'settings/catalog-defaults',
      lazy: async () => ({ Component: (await import('./WarrantyDefaultsPage')).WarrantyDefaultsPage }),
    },
  ],
  messages,
};
