import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';

/** Translations of one feature: an i18next namespace named after the feature key. */
export interface FeatureMessages {
  'zh-CN': Record<string, unknown>;
  en: Record<string, unknown>;
}

export interface FeatureMenuItem {
  /** route path, e.g. '/customers' */
  path: string;
  /** i18n key in the feature's namespace, e.g. 'menu.customers' */
  labelKey: string;
  icon?: ReactNode;
  /** shown only to users holding this permission (see server/platform/permissions.ts) */
  permission?: string;
  /**
   * menu group key in the 'common' namespace: 'menuGroup.workbench' (工作台, top level),
   * 'menuGroup.customers' (客户与产品), 'menuGroup.service' (服务管理), 'menuGroup.warehouse' (仓库管理), 'menuGroup.organization'
   * (组织与人员), 'menuGroup.settings' (系统设置). See app/menu.ts.
   */
  group?: string;
  /** not in the side menu, but still names its pages in the breadcrumbs and the window title */
  hidden?: boolean;
  /** optional one-line description (i18n key in the feature's namespace), shown on the workbench's quick links */
  descriptionKey?: string;
}

/** What a feature folder exports (web/src/features/<key>/index.tsx) and registers in app/features.ts. */
export interface FeatureModule {
  key: string;
  menu: FeatureMenuItem[];
  /** child routes of the app shell; paths relative to '/' */
  routes: RouteObject[];
  /** routes outside the login and the shell (customer links: complaint confirmation, surveys); absolute paths */
  publicRoutes?: RouteObject[];
  messages: FeatureMessages;
}
