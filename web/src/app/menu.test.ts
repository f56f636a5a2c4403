import { describe, expect, it } from 'vitest';
import type { FeatureModule } from './feature';
import { menuEntryFor, pathCovers, visibleMenu } from './menu';

const feature = (key: string, menu: FeatureModule['menu']): FeatureModule => ({
  key,
  menu,
  routes: [],
  messages: { 'zh-CN': {}, en: {} },
});

const features = [
  feature('home', [{ path: '/', labelKey: 'menu.home', group: 'menuGroup.workbench' }]),
  feature('calendar', [
    { path: '/calendar', labelKey: 'menu.calendar', group: 'menuGroup.settings', permission: 'calendar.read' },
  ]),
  feature('customers', [
    { path: '/customers', labelKey: 'menu.customers', group: 'menuGroup.customers', permission: 'customer.read' },
    { path: '/customers/import', labelKey: 'menu.import', group: 'menuGroup.customers', permission: 'customer.import' },
  ]),
  feature('catalog', [{ path: '/catalog', labelKey: 'menu.catalog', group: 'menuGroup.customers', permission: 'catalog.read' }]),
  feature('staff', [{ path: '/users', labelKey: 'menu.users', group: 'menuGroup.organization', permission: 'staff.write' }]),
  feature('account', [{ path: '/account', labelKey: 'menu.account', hidden: true }]),
];

const shape = (sections: ReturnType<typeof visibleMenu>) => sections.map((s) => [s.group, s.items.map((i) => i.path)]);

describe('visibleMenu', () => {
  it('shows only the items whose permission the user holds, and drops groups left empty', () => {
    const menu = visibleMenu(features, ['customer.read', 'catalog.read', 'calendar.read']);
    expect(shape(menu)).toEqual([
      ['menuGroup.workbench', ['/']],
      ['menuGroup.customers', ['/customers', '/catalog']],
      ['menuGroup.settings', ['/calendar']],
    ]);
  });

  it('gives a user without permissions only the workbench', () => {
    expect(shape(visibleMenu(features, []))).toEqual([['menuGroup.workbench', ['/']]]);
  });

  it('orders groups by the fixed group order, not by feature order, and keeps hidden items out', () => {
    const menu = visibleMenu(features, ['customer.read', 'customer.import', 'catalog.read', 'calendar.read', 'staff.write']);
    expect(menu.map((s) => s.group)).toEqual([
      'menuGroup.workbench',
      'menuGroup.customers',
      'menuGroup.organization',
      'menuGroup.settings',
    ]);
    expect(menu.flatMap((s) => s.items).some((i) => i.path === '/account')).toBe(false);
    expect(menu[1].items.map((i) => i.featureKey)).toEqual(['customers', 'customers', 'catalog']);
  });

  it('puts an unknown group after the known ones instead of losing its items', () => {
    const extra = feature('reports', [{ path: '/reports', labelKey: 'menu.reports', group: 'menuGroup.reports' }]);
    expect(shape(visibleMenu([extra, ...features], []))).toEqual([
      ['menuGroup.workbench', ['/']],
      ['menuGroup.reports', ['/reports']],
    ]);
  });
});

describe('menuEntryFor', () => {
  const entries = features.flatMap((f) => f.menu);
  it('picks the longest menu path covering the location', () => {
    expect(menuEntryFor(entries, '/customers/0190f000-aaaa')?.path).toBe('/customers');
    expect(menuEntryFor(entries, '/customers/import')?.path).toBe('/customers/import');
    expect(menuEntryFor(entries, '/account')?.labelKey).toBe('menu.account');
  });
  it('matches the workbench only at / and never by a shared prefix', () => {
    expect(menuEntryFor(entries, '/')?.path).toBe('/');
    expect(menuEntryFor(entries, '/nowhere')).toBeUndefined();
    expect(pathCovers('/catalog', '/catalogue')).toBe(false);
  });
});
