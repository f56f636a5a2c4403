import { ApartmentOutlined, EnvironmentOutlined, TeamOutlined, TrophyOutlined } from '@ant-design/icons';
import type { FeatureModule } from '../../app/feature';
import { messages } from './messages';

/** 组织与人员 (R-STF-1): users with roles, skills and regions; departments; regions; grades. */
export const staffFeature: FeatureModule = {
  key: 'staff',
  menu: [
    {
      path: '/users',
      labelKey: 'menu.users',
      icon: <TeamOutlined />,
      permission: 'staff.read',
      group: 'menuGroup.organization',
      descriptionKey: 'description.users',
    },
    {
      path: '/departments',
      labelKey: 'menu.departments',
      icon: <ApartmentOutlined />,
      permission: 'staff.read',
      group: 'menuGroup.organization',
      descriptionKey: 'description.departments',
    },
    {
      path: '/regions',
      labelKey: 'menu.regions',
      icon: <EnvironmentOutlined />,
      permission: 'staff.read',
      group: 'menuGroup.organization',
    },
    {
      path: '/staff-grades',
      labelKey: 'menu.grades',
      icon: <TrophyOutlined />,
      permission: 'staff.read',
      group: 'menuGroup.organization',
    },
  ],
  routes: [
    { path: 'users', lazy: async () => ({ Component: (await import('./UsersPage')).UsersPage }) },
    { path: 'departments', lazy: async () => ({ Component: (await import('./OrgTreePage')).DepartmentsPage }) },
    { path: 'regions', lazy: async () => ({ Component: (await import('./OrgTreePage')).RegionsPage }) },
    { path: 'staff-grades', lazy: async () => ({ Component: (await import('./GradesPage')).GradesPage }) },
  ],
  messages,
};
