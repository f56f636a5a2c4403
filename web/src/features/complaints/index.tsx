import { AlertOutlined, BarChartOutlined, CheckSquareOutlined, FormOutlined, SettingOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';
// the complaint workflow's action forms and panel on the case page register themselves
import './caseForms';
import './ComplaintPanel';

/**
 * 投诉 (R-CMP-1..13): the complaint queue with the step, its deadline and who must act; 登记投诉;
 * the 投诉处理 panel on the case page (核实, 投诉调查, 纠正和预防措施, signatures, 谁投诉谁关闭);
 * the CAPA tracker; 月度投诉分析 with the meeting matrix; and the complainant's confirmation page
 * (public, phone-first, no login).
 */
export const complaintsFeature: FeatureModule = {
  key: 'complaints',
  menu: [
    { path: '/complaints', labelKey: 'menu.queue', icon: <AlertOutlined />, permission: 'complaint.read', group: 'menuGroup.service', descriptionKey: 'description.queue' },
    { path: '/complaints/new', labelKey: 'menu.newComplaint', icon: <FormOutlined />, permission: 'complaint.write', group: 'menuGroup.service', hidden: true },
    { path: '/complaints/capa', labelKey: 'menu.capa', icon: <CheckSquareOutlined />, permission: 'complaint.read', group: 'menuGroup.service', descriptionKey: 'description.capa' },
    { path: '/complaints/monthly', labelKey: 'menu.monthly', icon: <BarChartOutlined />, permission: 'complaint.read', group: 'menuGroup.service', descriptionKey: 'description.monthly' },
    { path: '/complaints/settings', labelKey: 'menu.settings', icon: <SettingOutlined />, permission: 'settings.write', group: 'menuGroup.settings' },
  ],
  routes: [
    { path: 'complaints', lazy: async () => ({ Component: (await import('./ComplaintQueuePage')).ComplaintQueuePage }) },
    { path: 'complaints/new', lazy: async () => ({ Component: (await import('./NewComplaintPage')).NewComplaintPage }) },
    { path: 'complaints/capa', lazy: async () => ({ Component: (await import('./CapaPage')).CapaPage }) },
    { path: 'complaints/monthly', lazy: async () => ({ Component: (await import('./MonthlyPage')).MonthlyPage }) },
    { path: 'complaints/settings', lazy: async () => ({ Component: (await import('./ComplaintSettingsPage')).ComplaintSettingsPage }) },
  ],
  publicRoutes: [{ path: '/confirm/complaint/:id', lazy: async () => ({ Component: (await import('./ConfirmPage')).ConfirmPage }) }],
  messages,
};
