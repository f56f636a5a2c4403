import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 我的账户: change my password, manage my API tokens. Reached from the user menu (a hidden menu item: breadcrumbs and title only). */
export const accountFeature: FeatureModule = {
  key: 'account',
  menu: [{ path: '/account', labelKey: 'menu.account', hidden: true }],
  routes: [{ path: 'account', lazy: async () => ({ Component: (await import('./AccountPage')).AccountPage }) }],
  messages,
};
