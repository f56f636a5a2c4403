import { IllegalTransitionError } from './errors.js';
import type { Actor, Role } from './permissions.js';

/**
 * A workflow is a pure transition table: state × action → next state, with guards.
 * Services apply it inside their transaction; the UI asks which actions are allowed now.
 */
export interface Transition<S extends string, A extends string, D> {
  from: S | readonly S[];
  action: A;
  to: S | ((data: D) => S);
  /** roles that may take this action (any of them); empty/undefined = anyone the service lets in */
  roles?: readonly Role[];
  /** extra rule on the record/input; return a reason string to refuse (422) */
  guard?: (data: D, actor: Actor) => string | null;
}

export type WorkflowTable<S extends string, A extends string, D> = readonly Transition<S, A, D>[];

export interface Decision<S extends string, A extends string> {
  from: S;
  action: A;
  to: S;
}

function fromStates<S extends string>(t: { from: S | readonly S[] }): readonly S[] {
  return (typeof t.from === 'string' ? [t.from] : t.from) as readonly S[];
}

function roleAllows(roles: readonly Role[] | undefined, actor: Actor): boolean {
  return !roles || roles.length === 0 || actor.roles.includes('admin') || actor.roles.some((r) => roles.includes(r));
}

/** Actions the actor may take in this state (guards that refuse are left out). */
export function allowedActions<S extends string, A extends string, D>(
  table: WorkflowTable<S, A, D>,
  state: S,
  actor: Actor,
  data: D,
): A[] {
  const out: A[] = [];
  for (const t of table) {
    if (!fromStates(t).includes(state) || !roleAllows(t.roles, actor)) continue;
    if (t.guard?.(data, actor)) continue;
    if (!out.includes(t.action)) out.push(t.action);
  }
  return out;
}

export class GuardRefusedError extends Error {
  constructor(
    readonly action: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Decide a transition or throw: an action that does not exist from this state (or not for this
 * actor) → IllegalTransitionError (409, with the allowed actions); a guard that refuses →
 * GuardRefusedError (the service turns it into a 422 with the reason).
 */
export function decide<S extends string, A extends string, D>(
  table: WorkflowTable<S, A, D>,
  state: S,
  action: A,
  actor: Actor,
  data: D,
): Decision<S, A> {
  const candidates = table.filter((t) => t.action === action && fromStates(t).includes(state) && roleAllows(t.roles, actor));
  if (candidates.length === 0) throw new IllegalTransitionError(state, action, allowedActions(table, state, actor, data));
  let refusal: string | null = null;
  for (const t of candidates) {
    const reason = t.guard?.(data, actor) ?? null;
    if (reason) {
      refusal = reason;
      continue;
    }
    return { from: state, action, to: typeof t.to === 'function' ? t.to(data) : t.to };
  }
  throw new GuardRefusedError(action, refusal ?? 'not allowed');
}
