import { CalendarOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 工作日历: holidays and make-up working days per year, business hours, import, deadline calculator (R-CAL). */
export const calendarFeature: FeatureModule = {
  key: 'calendar',
  menu: [
    {
      path: '/calendar',
      labelKey: 'menu.calendar',
      icon: <CalendarOutlined />,
      permission: 'calendar.read',
      group: 'menuGroup.settings',
      descriptionKey: 'description',
    },
  ],
  routes: [{ path: 'calendar', lazy: async () => ({ Component: (await import('./CalendarPage')).CalendarPage }) }],
  messages,
};
