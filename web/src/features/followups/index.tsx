import { BarChartOutlined, FormOutlined, PhoneOutlined, ScheduleOutlined, SettingOutlined, SmileOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/**
 * 回访与满意度 (R-FUP-1..9, R-SAT-1..3): 今日回访 (the agent's call queue), the 回访记录表 call
 * screen (script, questionnaire, outcome), 回访计划 (rules), 回访率 (rates against targets, employee
 * bands, the supervisor's review), 满意度调查 (annual campaign), and the customer's survey page
 * opened from a signed link without an account (/survey/:token).
 */
export const followupsFeature: FeatureModule = {
  key: 'followups',
  menu: [
    {
      path: '/followups/queue',
      labelKey: 'menu.queue',
      icon: <PhoneOutlined />,
      permission: 'followup.work',
      group: 'menuGroup.service',
      descriptionKey: 'description.queue',
    },
    {
      path: '/followups/rates',
      labelKey: 'menu.rates',
      icon: <BarChartOutlined />,
      permission: 'followup.read',
      group: 'menuGroup.service',
      descriptionKey: 'description.rates',
    },
    { path: '/followups/campaigns', labelKey: 'menu.campaigns', icon: <SmileOutlined />, permission: 'followup.read', group: 'menuGroup.service' },
    { path: '/followups/rules', labelKey: 'menu.rules', icon: <ScheduleOutlined />, permission: 'followup.read', group: 'menuGroup.settings' },
    { path: '/followups/settings', labelKey: 'menu.settings', icon: <SettingOutlined />, permission: 'followup.manage', group: 'menuGroup.settings' },
    { path: '/followups/questionnaires', labelKey: 'menu.questionnaires', icon: <FormOutlined />, permission: 'followup.read', group: 'menuGroup.settings' },
    { path: '/followups/tasks', labelKey: 'menu.task', hidden: true },
  ],
  routes: [
    { path: 'followups/queue', lazy: async () => ({ Component: (await import('./QueuePage')).QueuePage }) },
    { path: 'followups/tasks/:id', lazy: async () => ({ Component: (await import('./CallPage')).CallPage }) },
    { path: 'followups/rules', lazy: async () => ({ Component: (await import('./RulesPage')).RulesPage }) },
    { path: 'followups/rates', lazy: async () => ({ Component: (await import('./RatesPage')).RatesPage }) },
    { path: 'followups/settings', lazy: async () => ({ Component: (await import('./SettingsPage')).SettingsPage }) },
    { path: 'followups/questionnaires', lazy: async () => ({ Component: (await import('./QuestionnairesPage')).QuestionnairesPage }) },
    { path: 'followups/campaigns', lazy: async () => ({ Component: (await import('./CampaignsPage')).CampaignsPage }) },
  ],
  publicRoutes: [{ path: '/survey/:token', lazy: async () => ({ Component: (await import('./SurveyPage')).SurveyPage }) }],
  messages,
};
