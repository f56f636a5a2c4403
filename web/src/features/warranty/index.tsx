import { ExperimentOutlined, RollbackOutlined, SafetyCertificateOutlined, SettingOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';
// the warranty workflow's action forms and panel on the case page register themselves
import './caseForms';
import './ClaimPanel';

/**
 * 保修、退换货与三包 (R-WAR-1..6): 保修查询 for the agent on a call, the 保修处理 panel and action
 * forms of warranty claims and returns on the case page (购买凭证, 审核, 维修 / 返厂 / 换货 / 退货 /
 * 驳回), 返厂维修 list with the ship-back deadline, 三包件 for quality analysis, 三包设置.
 */
export const warrantyFeature: FeatureModule = {
  key: 'warranty',
  menu: [
    {
      path: '/warranty/entitlement',
      labelKey: 'menu.lookup',
      icon: <SafetyCertificateOutlined />,
      permission: 'warranty.read',
      group: 'menuGroup.service',
      descriptionKey: 'description.lookup',
    },
    {
      path: '/warranty/rmas',
      labelKey: 'menu.rmas',
      icon: <RollbackOutlined />,
      permission: 'warranty.read',
      group: 'menuGroup.service',
      descriptionKey: 'description.rmas',
    },
    {
      path: '/warranty/defective-parts',
      labelKey: 'menu.defectiveParts',
      icon: <ExperimentOutlined />,
      permission: 'warranty.read',
      group: 'menuGroup.service',
      descriptionKey: 'description.defectiveParts',
    },
    {
      path: '/warranty/settings',
      labelKey: 'menu.settings',
      icon: <SettingOutlined />,
      permission: 'settings.write',
      group: 'menuGroup.settings',
    },
  ],
  routes: [
    { path: 'warranty/entitlement', lazy: async () => ({ Component: (await import('./EntitlementPage')).EntitlementPage }) },
    { path: 'warranty/rmas', lazy: async () => ({ Component: (await import('./RmaListPage')).RmaListPage }) },
    {
      path: 'warranty/defective-parts',
      lazy: async () => ({ Component: (await import('./DefectivePartsPage')).DefectivePartsPage }),
    },
    {
      path: 'warranty/settings',
      lazy: async () => ({ Component: (await import('./WarrantySettingsPage')).WarrantySettingsPage }),
    },
  ],
  messages,
};
