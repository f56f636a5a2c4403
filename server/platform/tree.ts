import type { DB } from '../db/database.js';
import { BusinessRuleError } from './errors.js';
import { invalidReference } from './registry.js';

/** Rules of every parent/child tree of master data: product categories, departments, regions. */

/**
 * The chain of ancestors of `startId` (nearest first, itself included), following `parentOf`.
 * Stops at a root or, defensively, at a loop already present in the data.
 */
export function ancestorsOf(startId: string | null, parentOf: ReadonlyMap<string, string | null>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current = startId;
  while (current && !seen.has(current)) {
    seen.add(current);
    chain.push(current);
    current = parentOf.get(current) ?? null;
  }
  return chain;
}

/** Would making `newParentId` the parent of `id` put `id` inside its own subtree? */
export function wouldCreateCycle(id: string, newParentId: string | null, parentOf: ReadonlyMap<string, string | null>): boolean {
  if (!newParentId) return false;
  return ancestorsOf(newParentId, parentOf).includes(id);
}

/** What the tree rules need to know of one tree: how to read it and how to word its errors. */
export interface TreeOfRecords {
  /** the business word in messages: 'category', 'department', 'region' */
  noun: string;
  find(db: DB, id: string): Promise<{ archived: unknown } | undefined>;
  parents(db: DB): Promise<ReadonlyMap<string, string | null>>;
  countActiveChildren(db: DB, id: string): Promise<number>;
  /** e.g. 'a region cannot be placed inside itself or one of its own sub-regions' */
  cycleMessage: string;
  /** e.g. 'archive the sub-regions first' */
  archiveChildrenFirstMessage: string;
}

/** A new parent must exist, be active, and not lie inside the node's own subtree (422 on body.parentId). */
export async function assertUsableParent(
  db: DB,
  tree: TreeOfRecords,
  parentId: string | null | undefined,
  selfId?: string,
): Promise<void> {
  if (!parentId) return;
  const parent = await tree.find(db, parentId);
  if (!parent) throw invalidReference(['body', 'parentId'], `parent ${tree.noun} does not exist`);
  if (parent.archived) throw invalidReference(['body', 'parentId'], `parent ${tree.noun} is archived`);
  if (selfId && wouldCreateCycle(selfId, parentId, await tree.parents(db))) {
    throw new BusinessRuleError('tree_cycle', tree.cycleMessage, [
      { path: ['body', 'parentId'], message: 'would create a cycle' },
    ]);
  }
}

/** A node is archived after its active children, and restored after its parent (422). */
export async function assertTreeAllowsArchiving(
  db: DB,
  tree: TreeOfRecords,
  node: { id: string; parent_id: string | null },
  archiving: boolean,
): Promise<void> {
  if (archiving && (await tree.countActiveChildren(db, node.id)) > 0) {
    throw new BusinessRuleError('has_active_children', tree.archiveChildrenFirstMessage);
  }
  if (!archiving && node.parent_id) {
    const parent = await tree.find(db, node.parent_id);
    if (parent?.archived) throw new BusinessRuleError('parent_archived', `restore the parent ${tree.noun} first`);
  }
}
