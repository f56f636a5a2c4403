import { DashboardOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 工作台: the page after login — greeting, roles, quick links (later: dashboards). */
export const homeFeature: FeatureModule = {
  key: 'home',
  menu: [{ path: '/', labelKey: 'menu.home', icon: <DashboardOutlined />, group: 'menuGroup.workbench' }],
  routes: [{ index: true, lazy: async () => ({ Component: (await import('./HomePage')).HomePage }) }],
  messages,
};
