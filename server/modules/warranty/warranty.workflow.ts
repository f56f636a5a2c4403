/**
 * The pure state machines of warranty (R-WAR-2..5). No database here; warranty.service.ts applies
 * them inside its transactions (the claim table through the case core, registered there).
 *
 * ── Warranty claim / return (case types 'warranty_claim' 保修申请 and 'return' 退换货) ──────────
 *
 *   applied ──reply──▶ replied ──review──▶ reviewed ──decide_repair──▶ repairing ─┐
 *      │                  │                   │ ▲    ──decide_replace─▶ replacing ─┼─complete─▶ completed ─┐
 *      │                  │                   │ │    ──decide_refund──▶ refunding ─┘                      │
 *      │                  │                   │ └──revise── (repairing | replacing | refunding)           │
 *      │                  │                   └──decide_reject──▶ rejected ──send_result──┐  ◀──send_result┘
 *      └──cancel──────────┴──cancel───────────┴──cancel──▶ cancelled                    ▼
 *                                                         reviewed ◀──reopen── result_sent ──close──▶ closed
 *
 * - reply: the first answer to the customer within [24] hours (meets warranty_reply / first_reply).
 * - review: eligibility; the entitlement of the day the claim was applied is stored (snapshot).
 * - decide_*: the 三包 decision, stored with that snapshot. Repair and replace need the claim to be
 *   in warranty; refund needs a rule of R-WAR-5; reject (e.g. out of warranty) offers paid repair.
 *   Replace and refund need warranty.approve (supervisor and above).
 * - complete: the remedy is done (repair case resolved / RMA back with the customer / replacement
 *   accepted / refund paid) — taken by the service itself when the remedy finishes.
 * - revise: change the decision while its remedy has not started (RMA not shipped, no new unit
 *   recorded, refund not paid).
 * - send_result: the result told to the customer; reopen when the customer is not satisfied.
 */
import type { RmaAction, RmaState, ReplacementAction, ReplacementState } from '../../../contracts/warranty.js';
import { can } from '../../platform/permissions.js';
import type { WorkflowTable } from '../../platform/workflow.js';
import type { CaseWorkflowTable } from '../cases/cases.registry.js';

export const WARRANTY_WORKFLOW = 'warranty';
export const CLAIM_INITIAL_STATE = 'applied';

const needsApproval = (_data: unknown, actor: Parameters<typeof can>[0]) =>
  can(actor, 'warranty.approve') ? null : '换货、退货决定需要主管审批权限 (replace/refund decisions need warranty.approve)';

export const CLAIM_TABLE: CaseWorkflowTable = [
  { from: 'applied', action: 'reply', to: 'replied' },
  { from: ['replied', 'reviewed'], action: 'review', to: 'reviewed' },
  { from: 'reviewed', action: 'decide_repair', to: 'repairing' },
  { from: 'reviewed', action: 'decide_replace', to: 'replacing', guard: needsApproval },
  { from: 'reviewed', action: 'decide_refund', to: 'refunding', guard: needsApproval },
  { from: 'reviewed', action: 'decide_reject', to: 'rejected' },
  { from: ['repairing', 'replacing', 'refunding'], action: 'complete', to: 'completed' },
  { from: ['repairing', 'replacing', 'refunding'], action: 'revise', to: 'reviewed' },
  { from: ['completed', 'rejected'], action: 'send_result', to: 'result_sent' },
  { from: 'result_sent', action: 'close', to: 'closed' },
  { from: 'result_sent', action: 'reopen', to: 'reviewed' },
  { from: ['applied', 'replied', 'reviewed'], action: 'cancel', to: 'cancelled' },
];

export const CLAIM_CLOSED_STATES = ['closed', 'cancelled'] as const;
export const CLAIM_RESOLVED_STATES = ['result_sent'] as const;
export const CLAIM_NOTE_REQUIRED = ['reply', 'decide_reject', 'send_result', 'reopen', 'revise', 'cancel'] as const;

/** The decision an action takes, if it is one. */
export const DECISION_OF_ACTION = {
  decide_repair: 'repair',
  decide_replace: 'replace',
  decide_refund: 'refund',
  decide_reject: 'reject',
} as const;
export type DecisionAction = keyof typeof DECISION_OF_ACTION;
export function isDecisionAction(action: string): action is DecisionAction {
  return Object.hasOwn(DECISION_OF_ACTION, action);
}

// ---------------------------------------------------------------------------------------------
// Return to factory (返厂/RMA, R-WAR-3)

/**
 *   to_ship ──ship_to_factory──▶ shipped_to_factory ──receive_at_factory──▶ received_by_factory
 *      │                                                                      │        │
 *   cancel                                   report_unrepairable ◀────────────┘  repair_at_factory
 *      ▼                                            ▼                                  ▼
 *   cancelled                                  unrepairable              repaired_at_factory ──ship_back──▶ shipped_back
 *                                                                                                            │
 *                                                               received_by_customer ◀──receive_by_customer──┘
 *
 * The ship-back deadline ([7] working days) starts at received_by_factory (or repaired_at_factory,
 * setting) and is met at shipped_back; unrepairable and cancel cancel it.
 */
export const RMA_TABLE: WorkflowTable<RmaState, RmaAction, null> = [
  { from: 'to_ship', action: 'ship_to_factory', to: 'shipped_to_factory' },
  { from: 'shipped_to_factory', action: 'receive_at_factory', to: 'received_by_factory' },
  { from: 'received_by_factory', action: 'repair_at_factory', to: 'repaired_at_factory' },
  { from: 'received_by_factory', action: 'report_unrepairable', to: 'unrepairable' },
  { from: 'repaired_at_factory', action: 'ship_back', to: 'shipped_back' },
  { from: 'shipped_back', action: 'receive_by_customer', to: 'received_by_customer' },
  { from: 'to_ship', action: 'cancel', to: 'cancelled' },
];
/** The time column each RMA step stamps. */
export const RMA_STEP_COLUMN = {
  ship_to_factory: 'shipped_to_factory_at',
  receive_at_factory: 'received_by_factory_at',
  repair_at_factory: 'repaired_at_factory_at',
  report_unrepairable: 'unrepairable_at',
  ship_back: 'shipped_back_at',
  receive_by_customer: 'received_by_customer_at',
  cancel: 'cancelled_at',
} as const satisfies Record<RmaAction, string>;
/** An RMA in one of these states no longer needs anything. */
export const RMA_FINISHED: readonly RmaState[] = ['received_by_customer', 'cancelled', 'unrepairable'];

// ---------------------------------------------------------------------------------------------
// Replacement (换货, R-WAR-4)

export interface ReplacementInput {
  result?: 'passed' | 'failed';
}

/**
 *   pending ──record_unit──▶ unit_recorded ──inspect(passed)──▶ inspected ──accept──▶ accepted
 *      │                        ▲   │ inspect(failed)               │
 *   cancel                      │   ▼                               │ reject_acceptance (rework, counted)
 *      ▼                        │ inspection_failed ──inspect──▶ …  │
 *   cancelled                   └───────────────────────────────────┘
 */
export const REPLACEMENT_TABLE: WorkflowTable<ReplacementState, ReplacementAction, ReplacementInput> = [
  { from: 'pending', action: 'record_unit', to: 'unit_recorded' },
  {
    from: ['unit_recorded', 'inspection_failed'],
    action: 'inspect',
    to: (d) => (d.result === 'passed' ? 'inspected' : 'inspection_failed'),
  },
  { from: 'inspected', action: 'accept', to: 'accepted' },
  { from: 'inspected', action: 'reject_acceptance', to: 'unit_recorded' },
  { from: 'pending', action: 'cancel', to: 'cancelled' },
];

// ---------------------------------------------------------------------------------------------
// Refund (退货, R-WAR-5): approved with the decision, paid by finance.

export const REFUND_TABLE: WorkflowTable<'approved' | 'paid' | 'cancelled', 'pay', null> = [
  { from: 'approved', action: 'pay', to: 'paid' },
];
