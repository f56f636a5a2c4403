/**
 * The 'simple' case workflow (consultation, temporary demand, and the placeholder of the repair,
 * warranty and complaint workflows until their modules register their own tables):
 *
 *   new ──start──▶ in_progress ──resolve──▶ resolved ──close──▶ closed
 *    │  ──reply──▶ in_progress (reply to the customer: meets the response deadlines)
 *    │  ──resolve─────────────────────────▶ resolved ──reopen──▶ in_progress
 *    └──cancel (new, in_progress) ──▶ cancelled
 *
 * Waiting on the customer / parts / a third party is not a state: it pauses the deadlines in any
 * open state of any workflow (core actions wait_customer, wait_parts, wait_third_party, resume).
 */

import { type CaseWorkflow, type CaseWorkflowTable, registerCaseWorkflow } from './cases.registry.js';
import { RESOLUTION_METRIC, RESPONSE_METRICS } from './sla.policy.js';

export const SIMPLE_TABLE: CaseWorkflowTable = [
  { from: 'new', action: 'start', to: 'in_progress' },
  { from: ['new', 'in_progress'], action: 'reply', to: 'in_progress' },
  { from: ['new', 'in_progress'], action: 'resolve', to: 'resolved' },
  { from: 'resolved', action: 'reopen', to: 'in_progress' },
  { from: 'resolved', action: 'close', to: 'closed' },
  { from: ['new', 'in_progress'], action: 'cancel', to: 'cancelled' },
];

export function simpleWorkflow(name: string): CaseWorkflow {
  return {
    name,
    initialState: 'new',
    table: SIMPLE_TABLE,
    closedStates: ['closed', 'cancelled'],
    resolvedStates: ['resolved'],
    noteRequired: ['reply', 'resolve', 'reopen', 'cancel'],
    effects: {
      reply: { meet: RESPONSE_METRICS, firstReply: true },
      resolve: { meet: [...RESPONSE_METRICS, RESOLUTION_METRIC], firstReply: true },
      // the problem is back: a new resolution deadline from now (the met one stays in the history)
      reopen: { start: [RESOLUTION_METRIC] },
    },
  };
}

registerCaseWorkflow(simpleWorkflow('simple'));
// Placeholders: the repairs, warranty and complaints modules replace these with their own tables.
for (const name of ['repair', 'warranty', 'complaint']) registerCaseWorkflow(simpleWorkflow(name), { placeholder: true });

/** Core actions every open case has, whatever its workflow. */
export const WAIT_ACTIONS = { wait_customer: 'customer', wait_parts: 'parts', wait_third_party: 'third_party' } as const;
export type WaitAction = keyof typeof WAIT_ACTIONS;
export const RESUME_ACTION = 'resume';

export function isWaitAction(action: string): action is WaitAction {
  return Object.hasOwn(WAIT_ACTIONS, action);
}
