import { DatabaseOutlined, EnvironmentOutlined, ProfileOutlined, ToolOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/**
 * 仓库 (R-PRT-1, R-PRT-2, R-PRT-4): 备件目录, 库存 (with 入库 / 调拨 / 调整 and low-stock highlighting),
 * 出入库记录, 库位管理. 盘点 (stock count, R-PRT-3) is not built yet.
 *
 * Menu group 'menuGroup.warehouse' needs its label in the common messages (仓库管理 / Warehouse).
 */
export const partsFeature: FeatureModule = {
  key: 'parts',
  menu: [
    {
      path: '/stock',
      labelKey: 'menu.stock',
      icon: <DatabaseOutlined />,
      permission: 'parts.read',
      group: 'menuGroup.warehouse',
      descriptionKey: 'description.stock',
    },
    {
      path: '/spare-parts',
      labelKey: 'menu.parts',
      icon: <ToolOutlined />,
      permission: 'parts.read',
      group: 'menuGroup.warehouse',
      descriptionKey: 'description.parts',
    },
    {
      path: '/stock-movements',
      labelKey: 'menu.movements',
      icon: <ProfileOutlined />,
      permission: 'parts.read',
      group: 'menuGroup.warehouse',
      descriptionKey: 'description.movements',
    },
    {
      path: '/stock-locations',
      labelKey: 'menu.locations',
      icon: <EnvironmentOutlined />,
      permission: 'parts.read',
      group: 'menuGroup.warehouse',
      descriptionKey: 'description.locations',
    },
  ],
  routes: [
    { path: 'stock', lazy: async () => ({ Component: (await import('./StockPage')).StockPage }) },
    { path: 'spare-parts', lazy: async () => ({ Component: (await import('./SparePartsPage')).SparePartsPage }) },
    { path: 'stock-movements', lazy: async () => ({ Component: (await import('./StockMovementsPage')).StockMovementsPage }) },
    { path: 'stock-locations', lazy: async () => ({ Component: (await import('./StockLocationsPage')).StockLocationsPage }) },
  ],
  messages,
};
