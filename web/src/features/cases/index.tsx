import { ClockCircleOutlined, FileAddOutlined, SolutionOutlined, TagsOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/**
 * 工单 (the case core, R-REQ-1..7, R-CAL-3..4): 新建工单 for a live phone call, 工单队列 with live
 * deadline colours, 工单详情 with the allowed actions as buttons, and the admin pages 工单类型 and
 * 服务时限策略.
 */
export const casesFeature: FeatureModule = {
  key: 'cases',
  menu: [
    {
      path: '/cases/new',
      labelKey: 'menu.newCase',
      icon: <FileAddOutlined />,
      permission: 'case.create',
      group: 'menuGroup.service',
      descriptionKey: 'description.newCase',
    },
    {
      path: '/cases',
      labelKey: 'menu.queue',
      icon: <SolutionOutlined />,
      permission: 'case.read',
      group: 'menuGroup.service',
      descriptionKey: 'description.queue',
    },
    {
      path: '/case-types',
      labelKey: 'menu.caseTypes',
      icon: <TagsOutlined />,
      permission: 'settings.write',
      group: 'menuGroup.settings',
      descriptionKey: 'description.caseTypes',
    },
    {
      path: '/sla-policies',
      labelKey: 'menu.slaPolicies',
      icon: <ClockCircleOutlined />,
      permission: 'case.read',
      group: 'menuGroup.settings',
      descriptionKey: 'description.slaPolicies',
    },
  ],
  routes: [
    {
      path: 'cases',
      lazy: async () => ({
        Component: (await import('./CaseQueuePage')).CaseQueuePage,
      }),
    },
    {
      path: 'cases/new',
      lazy: async () => ({
        Component: (await import('./NewCasePage')).NewCasePage,
      }),
    },
    {
      path: 'cases/:id',
      lazy: async () => ({
        Component: (await import('./CaseDetailPage')).CaseDetailPage,
      }),
    },
    {
      path: 'case-types',
      lazy: async () => ({
        Component: (await import('./CaseTypesPage')).CaseTypesPage,
      }),
    },
    {
      path: 'sla-policies',
      lazy: async () => ({
        Component: (await import('./SlaPoliciesPage')).SlaPoliciesPage,
      }),
    },
  ],
  messages,
};
