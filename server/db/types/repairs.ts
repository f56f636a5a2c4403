import type { Generated } from "kysely";
import type { Bool } from "./platform.js";

/** Row types of repair work orders and dispatch (migration 2026-11-23-23). Times ISO-8601 UTC; dates 'YYYY-MM-DD'. */

export type WarrantyStatus = "in_warranty" | "out_of_warranty" | "unknown";
export type AcceptanceResult = "accepted" | "rejected";
export type InspectionResult = "passed" | "failed";
export type ConsentResult = "given" | "refused";
export type ConsentChannel =
	| "phone"
	| "on_site"
	| "sms"
	| "email"
	| "portal"
	| "im";
export type AppointmentState = "scheduled" | "done" | "cancelled";
export type DispatchMode = "manual" | "auto";
export type DispatchOutcome = "pending" | "accepted" | "declined" | "withdrawn";
export type ChargeMethod =
	| "cash"
	| "bank_transfer"
	| "wechat_pay"
	| "alipay"
	| "card"
	| "invoice";

export interface RepairOrdersTable {
	id: string;
	case_id: string;
	data_verified: Generated<Bool>;
	in_scope: Bool | null;
	reviewed_at: string | null;
	reviewed_by: string | null;
	warranty_status: Generated<WarrantyStatus>;
	warranty_reason: Generated<string>;
	warranty_end: string | null;
	warranty_override_reason: string | null;
	on_site: Generated<Bool>;
	inspection_required: Generated<Bool>;
	technician_id: string | null;
	appointment_id: string | null;
	dispatched_at: string | null;
	accepted_at: string | null;
	travel_started_at: string | null;
	checked_in_at: string | null;
	check_in_latitude: number | null;
	check_in_longitude: number | null;
	work_started_at: string | null;
	diagnosis: string | null;
	work_done: string | null;
	/** JSON array of strings */
	tools_used: Generated<string>;
	labour_minutes: Generated<number>;
	/** JSON array of attachment ids */
	photo_ids: Generated<string>;
	escalation_note: string | null;
	escalated_at: string | null;
	escalated_by: string | null;
	self_check: string | null;
	self_checked_at: string | null;
	usage_advice: string | null;
	post_repair_warranty_days: Generated<number>;
	post_repair_warranty_end: string | null;
	acceptance: AcceptanceResult | null;
	acceptance_signer: string | null;
	signature_id: string | null;
	acceptance_at: string | null;
	acceptance_comment: string | null;
	rework_count: Generated<number>;
	inspection_result: InspectionResult | null;
	inspection_note: string | null;
	inspected_by: string | null;
	inspected_at: string | null;
	inspection_fail_count: Generated<number>;
	quote_fen: number | null;
	/** JSON array of {kind, description, amountFen} */
	quote_lines: string | null;
	quote_reason: string | null;
	quoted_at: string | null;
	quoted_by: string | null;
	consent: ConsentResult | null;
	consent_at: string | null;
	consent_by: string | null;
	consent_channel: ConsentChannel | null;
	charged_fen: Generated<number>;
	completed_at: string | null;
	closed_at: string | null;
	version: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface RepairAppointmentsTable {
	id: string;
	case_id: string;
	technician_id: string;
	window_start: string;
	window_end: string;
	state: Generated<AppointmentState>;
	created_by: string | null;
	version: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface RepairAppointmentChangesTable {
	id: string;
	appointment_id: string;
	case_id: string;
	old_start: string;
	old_end: string;
	new_start: string;
	new_end: string;
	reason: string;
	changed_by: string | null;
	changed_at: string;
}

export interface RepairDispatchesTable {
	id: string;
	case_id: string;
	technician_id: string;
	appointment_id: string;
	mode: DispatchMode;
	rank: number | null;
	score: number | null;
	top_technician_id: string | null;
	override_reason: string | null;
	outcome: Generated<DispatchOutcome>;
	outcome_at: string | null;
	outcome_note: string | null;
	dispatched_by: string | null;
	dispatched_at: string;
}

export interface RepairPartLinesTable {
	id: string;
	case_id: string;
	part_id: string;
	location_id: string;
	kind: "issue" | "return";
	quantity: number;
	recorded_by: string | null;
	recorded_at: string;
}

export interface RepairChargesTable {
	id: string;
	case_id: string;
	amount_fen: number;
	method: ChargeMethod;
	note: string | null;
	recorded_by: string | null;
	recorded_at: string;
}

/** Post-repair warranty of a unit: the warranty module reads the latest warranty_end (R-WAR-1). */
export interface UnitRepairsTable {
	id: string;
	unit_id: string;
	case_id: string;
	completed_on: string;
	warranty_days: number;
	warranty_end: string;
	created_at: string;
}

export interface TechnicianBasesTable {
	id: string;
	user_id: string;
	latitude: number;
	longitude: number;
	address: string | null;
	version: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface RepairsTables {
	repair_orders: RepairOrdersTable;
	repair_appointments: RepairAppointmentsTable;
	repair_appointment_changes: RepairAppointmentChangesTable;
	repair_dispatches: RepairDispatchesTable;
	repair_part_lines: RepairPartLinesTable;
	repair_charges: RepairChargesTable;
	unit_repairs: UnitRepairsTable;
	technician_bases: TechnicianBasesTable;
}
