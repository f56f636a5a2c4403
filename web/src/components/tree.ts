/**
 * Parent/child lists (product categories, departments, regions) as trees for antd Table and
 * TreeSelect. Pure functions; the API returns flat lists with `parentId`.
 */
export interface TreeItem {
  id: string;
  parentId: string | null;
}

export type TreeNode<T> = T & { children?: TreeNode<T>[] };

/**
 * Nest items under their parents, keeping the given order among siblings. An item whose parent is
 * not in the list (e.g. archived and filtered out) becomes a root, so nothing disappears. Leaves
 * have no `children` key (antd shows an expand arrow for any `children` array).
 */
export function buildTree<T extends TreeItem>(items: readonly T[]): TreeNode<T>[] {
  const byId = new Map<string, TreeNode<T>>();
  for (const item of items) byId.set(item.id, { ...item });
  const roots: TreeNode<T>[] = [];
  for (const item of items) {
    const node = byId.get(item.id)!;
    const parent = item.parentId && item.parentId !== item.id ? byId.get(item.parentId) : undefined;
    if (parent && !isAncestor(byId, item.id, parent)) {
      parent.children = [...(parent.children ?? []), node];
    } else {
      roots.push(node);
    }
  }
  return roots;
}

/** Guard against a loop in bad data: is `id` an ancestor of `node`? */
function isAncestor<T extends TreeItem>(byId: Map<string, T>, id: string, node: T): boolean {
  const seen = new Set<string>();
  let current: T | undefined = node;
  while (current && !seen.has(current.id)) {
    if (current.id === id) return true;
    seen.add(current.id);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return false;
}

/** The id and the ids of everything below it: an item cannot be moved under these. */
export function subtreeIds<T extends TreeItem>(items: readonly T[], id: string): Set<string> {
  const result = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parentId && result.has(item.parentId) && !result.has(item.id)) {
        result.add(item.id);
        grew = true;
      }
    }
  }
  return result;
}

export interface TreeSelectNode {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeSelectNode[];
}

/**
 * TreeSelect options. Archived items stay in the tree (so a record that still points to one shows
 * its name, never its id) but cannot be picked; `exclude` items are disabled too (moving a node
 * under itself).
 */
export function toTreeSelectData<T extends TreeItem & { name: string; archived?: boolean }>(
  items: readonly T[],
  options: { exclude?: Set<string>; label?: (item: T) => string } = {},
): TreeSelectNode[] {
  const convert = (node: TreeNode<T>): TreeSelectNode => ({
    value: node.id,
    title: options.label ? options.label(node) : node.name,
    ...(node.archived || options.exclude?.has(node.id) ? { disabled: true } : {}),
    ...(node.children ? { children: node.children.map(convert) } : {}),
  });
  return buildTree(items).map(convert);
}

/** "江苏省 / 南京市": the names from the root down to the item. */
export function pathName<T extends TreeItem & { name: string }>(items: readonly T[], id: string | null | undefined): string {
  if (!id) return '';
  const byId = new Map(items.map((i) => [i.id, i]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = byId.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return names.join(' / ');
}
