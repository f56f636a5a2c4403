/**
 * The repair workflow (报修/维修, R-REP-1..9) as a pure transition table: state × action → next state,
 * with the roles that may take each action. The repairs service registers it for the workflow name
 * 'repair' (case types 报修 and 救援) together with the hooks that record the work order's data.
 *
 *   reviewing ─review─▶ awaiting_dispatch ─dispatch─▶ dispatched ─accept─▶ accepted ─start_travel─▶ travelling
 *       │ decline_scope → out_of_scope                    │ decline → awaiting_dispatch          ─check_in─▶ on_site
 *                                                                                                  ─start_work─▶ in_progress
 *   in_progress: record_work, use_parts, return_parts (stay); quote → awaiting_quote_consent
 *       (record_consent → in_progress | record_refusal → closed_unrepaired); self_check → self_checked
 *   self_checked ─request_acceptance─▶ awaiting_acceptance ─customer_accept─▶ accepted_by_customer
 *       (customer_reject → in_progress, counted as rework; resume_work from self_checked)
 *   accepted_by_customer ─request_inspection─▶ inspection (when the policy asks) ─pass_inspection─▶ completed
 *                        ─complete──────────────────────────────────────────────▶ completed
 *       (fail_inspection → in_progress, back to the technician)
 *   completed ─close─▶ closed (the agent, after telling the customer)
 *   on_site / in_progress ─escalate─▶ escalated ─dispatch─▶ dispatched | ─send_to_factory─▶ sent_to_factory
 *   cancel (with a reason) from every state before the work is finished; reply (to the customer) in every open state;
 *   reschedule while dispatched / accepted; dispatch again (改派) while dispatched / accepted.
 *
 * After customer_accept the service moves on by itself: request_inspection when the order needs
 * inspection, else complete. Rules that need the work order (the assigned technician, required
 * data, inspection passed, charge recorded) are checked by the service's hook (403 / 422).
 */
import type { RepairAction, RepairState } from "../../../contracts/repairs.js";
import type { Role } from "../../platform/permissions.js";
import type {
	CaseGuardData,
	CaseWorkflowTable,
} from "../cases/cases.registry.js";
import { RESOLUTION_METRIC, RESPONSE_METRICS } from "../cases/sla.policy.js";

export const REPAIR_WORKFLOW = "repair";
export const REPAIR_INITIAL_STATE: RepairState = "reviewing";

const DESK: Role[] = [
	"agent",
	"supervisor",
	"department_head",
	"general_manager",
];
const SUPERVISORS: Role[] = [
	"supervisor",
	"department_head",
	"general_manager",
];
const TECH: Role[] = ["technician"];
const QUALITY: Role[] = ["quality"];

/** States where the job is still open (not finished). */
export const OPEN_REPAIR_STATES: RepairState[] = [
	"reviewing",
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"travelling",
	"on_site",
	"in_progress",
	"awaiting_quote_consent",
	"self_checked",
	"awaiting_acceptance",
	"accepted_by_customer",
	"inspection",
	"completed",
	"escalated",
];
export const CLOSED_REPAIR_STATES: RepairState[] = [
	"closed",
	"closed_unrepaired",
	"out_of_scope",
	"sent_to_factory",
	"cancelled",
];
export const RESOLVED_REPAIR_STATES: RepairState[] = ["completed"];
/** Before the repair is done: a job may still be cancelled. */
const CANCELLABLE: RepairState[] = [
	"reviewing",
	"awaiting_dispatch",
	"dispatched",
	"accepted",
	"travelling",
	"on_site",
	"in_progress",
	"awaiting_quote_consent",
	"self_checked",
	"escalated",
];
const CHARGEABLE: RepairState[] = [
	"awaiting_acceptance",
	"accepted_by_customer",
	"inspection",
	"completed",
];

const stay = (d: CaseGuardData) => d.case.state;

type Row = {
	from: RepairState | readonly RepairState[];
	action: RepairAction;
	to: RepairState | ((d: CaseGuardData) => string);
	roles?: readonly Role[];
};

const ROWS: Row[] = [
	// review and the first reply (R-REP-1, R-REP-2)
	{
		from: OPEN_REPAIR_STATES.filter((s) => s !== "completed"),
		action: "reply",
		to: stay,
		roles: DESK,
	},
	{ from: "reviewing", action: "review", to: "awaiting_dispatch", roles: DESK },
	{
		from: "reviewing",
		action: "decline_scope",
		to: "out_of_scope",
		roles: DESK,
	},
	// dispatch and appointment (R-REP-3, R-REP-4)
	{
		from: ["awaiting_dispatch", "dispatched", "accepted"],
		action: "dispatch",
		to: "dispatched",
		roles: DESK,
	},
	{
		from: "escalated",
		action: "dispatch",
		to: "dispatched",
		roles: SUPERVISORS,
	},
	{
		from: ["dispatched", "accepted"],
		action: "reschedule",
		to: stay,
		roles: [...DESK, ...TECH],
	},
	{ from: "dispatched", action: "accept", to: "accepted", roles: TECH },
	{
		from: "dispatched",
		action: "decline",
		to: "awaiting_dispatch",
		roles: TECH,
	},
	// field work (R-REP-5)
	{ from: "accepted", action: "start_travel", to: "travelling", roles: TECH },
	{ from: "travelling", action: "check_in", to: "on_site", roles: TECH },
	{
		from: ["on_site", "accepted"],
		action: "start_work",
		to: "in_progress",
		roles: TECH,
	},
	{ from: "in_progress", action: "record_work", to: stay, roles: TECH },
	{ from: "in_progress", action: "use_parts", to: stay, roles: TECH },
	{
		from: ["in_progress", "self_checked"],
		action: "return_parts",
		to: stay,
		roles: TECH,
	},
	{
		from: ["on_site", "in_progress"],
		action: "escalate",
		to: "escalated",
		roles: TECH,
	},
	// paid repair (R-REP-9)
	{
		from: "in_progress",
		action: "quote",
		to: "awaiting_quote_consent",
		roles: [...TECH, ...DESK],
	},
	{
		from: "awaiting_quote_consent",
		action: "record_consent",
		to: "in_progress",
		roles: [...TECH, ...DESK],
	},
	{
		from: "awaiting_quote_consent",
		action: "record_refusal",
		to: "closed_unrepaired",
		roles: [...TECH, ...DESK],
	},
	{
		from: CHARGEABLE,
		action: "record_charge",
		to: stay,
		roles: [...TECH, ...DESK, "finance"],
	},
	// completion and acceptance (R-REP-6)
	{
		from: "in_progress",
		action: "self_check",
		to: "self_checked",
		roles: TECH,
	},
	{
		from: "self_checked",
		action: "resume_work",
		to: "in_progress",
		roles: TECH,
	},
	{
		from: "self_checked",
		action: "request_acceptance",
		to: "awaiting_acceptance",
		roles: TECH,
	},
	{
		from: "awaiting_acceptance",
		action: "customer_accept",
		to: "accepted_by_customer",
		roles: TECH,
	},
	{
		from: "awaiting_acceptance",
		action: "customer_reject",
		to: "in_progress",
		roles: TECH,
	},
	// taken by the service right after customer_accept (the actor is the technician)
	{
		from: "accepted_by_customer",
		action: "request_inspection",
		to: "inspection",
		roles: [...TECH, ...DESK],
	},
	{
		from: "accepted_by_customer",
		action: "complete",
		to: "completed",
		roles: [...TECH, ...DESK],
	},
	// quality inspection (R-REP-7)
	{
		from: "inspection",
		action: "pass_inspection",
		to: "completed",
		roles: QUALITY,
	},
	{
		from: "inspection",
		action: "fail_inspection",
		to: "in_progress",
		roles: QUALITY,
	},
	// escalation: the supervisor re-dispatches (above) or sends the unit to the factory (返厂)
	{
		from: "escalated",
		action: "send_to_factory",
		to: "sent_to_factory",
		roles: SUPERVISORS,
	},
	{ from: "completed", action: "close", to: "closed", roles: DESK },
	{ from: CANCELLABLE, action: "cancel", to: "cancelled", roles: DESK },
];

export const REPAIR_TABLE: CaseWorkflowTable = ROWS;

/** Actions that need a note (the reason, the reply text …). */
export const NOTE_REQUIRED: RepairAction[] = [
	"reply",
	"decline_scope",
	"decline",
	"customer_reject",
	"fail_inspection",
	"escalate",
	"send_to_factory",
	"cancel",
];

/** Deadline effects the case core applies with the action (R-REP-2, R-REP-8). */
export const REPAIR_EFFECTS = {
	reply: { meet: RESPONSE_METRICS, firstReply: true },
	review: { meet: RESPONSE_METRICS, firstReply: true },
	decline_scope: { meet: RESPONSE_METRICS, firstReply: true },
	check_in: { meet: ["on_site_arrival"] },
	start_work: { cancel: ["on_site_arrival"] },
	complete: { meet: [RESOLUTION_METRIC] },
	pass_inspection: { meet: [RESOLUTION_METRIC] },
} as const;

/** Actions only the assigned technician takes (403 for anybody else, also admins). */
export const TECHNICIAN_ACTIONS: ReadonlySet<RepairAction> =
	new Set<RepairAction>([
		"accept",
		"decline",
		"start_travel",
		"check_in",
		"start_work",
		"record_work",
		"use_parts",
		"return_parts",
		"escalate",
		"self_check",
		"resume_work",
		"request_acceptance",
		"customer_accept",
		"customer_reject",
	]);
