/** Pure rules of the staff area (and of every parent/child tree: departments, regions, product categories). */

/**
 * The chain of ancestors of `startId` (nearest first), following `parentOf`.
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

/**
 * An admin must never lock the company out: he may not disable himself nor take away his own admin role.
 * Returns the broken rule, or null when the change is fine.
 */
export function selfLockoutViolation(input: {
  actorId: string | null;
  targetUserId: string;
  actorIsAdmin: boolean;
  disabling?: boolean;
  newRoles?: readonly string[];
}): 'cannot_disable_self' | 'cannot_remove_own_admin_role' | null {
  if (!input.actorId || input.actorId !== input.targetUserId) return null;
  if (input.disabling) return 'cannot_disable_self';
  if (input.actorIsAdmin && input.newRoles && !input.newRoles.includes('admin')) return 'cannot_remove_own_admin_role';
  return null;
}

/** Set difference of two role/region lists, for readable audit rows. */
export function setChanges<T extends string>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((x) => !b.has(x)).sort(), removed: [...b].filter((x) => !a.has(x)).sort() };
}
