/** Pure rules of the staff area. */

// The tree walks live in the platform (every tree uses them); re-exported for the staff rules' callers.
export { ancestorsOf, wouldCreateCycle } from '../../platform/tree.js';

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
