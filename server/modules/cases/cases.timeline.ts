/**
 * The case timeline (R-REQ-7): who did what, when, with what note — what a person reads. Other
 * modules write their own events (kind 'message_in', 'dispatched', …) with recordCaseEvent inside
 * their transaction. The audit log (before/after of every row) is separate and always written too.
 */
import type { ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import * as repo from './cases.repository.js';

export interface CaseEventInput {
  kind: string;
  action?: string | null;
  fromState?: string | null;
  toState?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** 'customer' events may be shown on the portal; default 'internal' */
  visibility?: 'internal' | 'customer';
}

export function actorLabel(ctx: ServiceContext): string {
  return ctx.actor.kind === 'user' ? ctx.actor.displayName : '系统';
}

export function eventRow(ctx: ServiceContext, caseId: string, event: CaseEventInput): repo.EventInsert {
  return {
    id: newId(),
    case_id: caseId,
    at: ctx.clock.now().toISOString(),
    actor_id: ctx.actor.id,
    actor_label: actorLabel(ctx),
    kind: event.kind,
    action: event.action ?? null,
    from_state: event.fromState ?? null,
    to_state: event.toState ?? null,
    note: event.note ?? null,
    data: event.data ? JSON.stringify(event.data) : null,
    visibility: event.visibility ?? 'internal',
  };
}

/** Append one event to a case's timeline (call inside the transaction of the change it describes). */
export async function recordCaseEvent(tx: ServiceContext, caseId: string, event: CaseEventInput): Promise<void> {
  await repo.insertEvents(tx.db, [eventRow(tx, caseId, event)]);
}
