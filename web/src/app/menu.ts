import type { FeatureMenuItem, FeatureModule } from './feature';

/**
 * The side menu, built from the features' menu items and the user's permissions. Pure functions:
 * the layout renders them, tests check them.
 */

/** Menu groups in display order (keys in the 'common' namespace). Items of the workbench group stand at the top level. */
export const MENU_GROUPS = [
  'menuGroup.workbench',
  'menuGroup.customers',
  'menuGroup.service',
  'menuGroup.warehouse',
  'menuGroup.organization',
  'menuGroup.settings',
] as const;

export const WORKBENCH_GROUP = 'menuGroup.workbench';

export interface MenuEntry extends FeatureMenuItem {
  /** the feature (and i18n namespace) the item belongs to */
  featureKey: string;
}

export interface MenuSection {
  /** group key, e.g. 'menuGroup.customers' */
  group: string;
  items: MenuEntry[];
}

export function allMenuEntries(features: readonly FeatureModule[]): MenuEntry[] {
  return features.flatMap((f) => f.menu.map((item) => ({ ...item, featureKey: f.key })));
}

/**
 * The sections the user sees: items without the permission are dropped, empty groups vanish,
 * groups come in MENU_GROUPS order (unknown groups after them, in the order first met), items in
 * feature order. Items without a group join the workbench; hidden items are left out.
 */
export function visibleMenu(features: readonly FeatureModule[], permissions: Iterable<string>): MenuSection[] {
  const granted = new Set(permissions);
  const sections = new Map<string, MenuEntry[]>();
  for (const entry of allMenuEntries(features)) {
    if (entry.hidden || (entry.permission && !granted.has(entry.permission))) continue;
    const group = entry.group ?? WORKBENCH_GROUP;
    const list = sections.get(group) ?? [];
    list.push(entry);
    sections.set(group, list);
  }
  const known = MENU_GROUPS.filter((g) => sections.has(g));
  const unknown = [...sections.keys()].filter((g) => !(MENU_GROUPS as readonly string[]).includes(g));
  return [...known, ...unknown].map((group) => ({ group, items: sections.get(group) ?? [] }));
}

/** Does a menu path cover a location? '/' only covers '/'; '/customers' covers '/customers/123'. */
export function pathCovers(menuPath: string, pathname: string): boolean {
  const base = menuPath.length > 1 ? menuPath.replace(/\/+$/, '') : menuPath;
  if (base === '/') return pathname === '/';
  return pathname === base || pathname.startsWith(`${base}/`);
}

/** The menu entry a location belongs to (longest matching path), for highlighting and breadcrumbs. */
export function menuEntryFor<T extends { path: string }>(entries: readonly T[], pathname: string): T | undefined {
  return entries.filter((e) => pathCovers(e.path, pathname)).sort((a, b) => b.path.length - a.path.length)[0];
}
