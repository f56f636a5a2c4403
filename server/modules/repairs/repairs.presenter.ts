/** The repair order as screens see it (contracts/repairs.ts RepairOrder). */
import type {
	RepairAction,
	RepairOrder,
	WarrantyReason,
} from "../../../contracts/repairs.js";
import type { DB } from "../../db/database.js";
import type { CaseRecord } from "../cases/cases.service.js";
import * as repo from "./repairs.repository.js";

function jsonArray<T>(text: string | null | undefined): T[] {
	if (!text) return [];
	try {
		const value = JSON.parse(text);
		return Array.isArray(value) ? (value as T[]) : [];
	} catch {
		return [];
	}
}

const num = (v: number | null) => (v === null ? null : Number(v));

export async function presentRepairOrder(
	db: DB,
	order: repo.RepairOrderRow,
	c: CaseRecord,
	allowedActions: RepairAction[],
): Promise<RepairOrder> {
	const [appointment, changes, dispatches, parts, charges] = await Promise.all([
		order.appointment_id
			? repo.findAppointment(db, order.appointment_id)
			: Promise.resolve(undefined),
		repo.appointmentChangesOf(db, c.id),
		repo.dispatchesOf(db, c.id),
		repo.partLinesOf(db, c.id),
		repo.chargesOf(db, c.id),
	]);
	const userIds = [
		order.reviewed_by,
		order.technician_id,
		order.inspected_by,
		order.escalated_by,
		appointment?.technician_id ?? null,
		...changes.map((x) => x.changed_by),
		...dispatches.flatMap((d) => [d.technician_id, d.dispatched_by]),
		...parts.map((p) => p.recorded_by),
		...charges.map((p) => p.recorded_by),
	].filter((x): x is string => Boolean(x));
	const users = new Map(
		(await repo.usersByIds(db, userIds)).map((u) => [u.id, u]),
	);
	const brief = (id: string | null) =>
		id ? { id, name: users.get(id)?.display_name ?? "" } : null;
	const technician = (id: string) => ({
		id,
		name: users.get(id)?.display_name ?? "",
		phone: users.get(id)?.phone ?? null,
	});

	return {
		id: order.id,
		caseId: c.id,
		caseNumber: c.number,
		state: c.state,
		review: {
			dataVerified: Boolean(order.data_verified),
			inScope: order.in_scope === null ? null : Boolean(order.in_scope),
			reviewedAt: order.reviewed_at,
			reviewedBy: brief(order.reviewed_by),
		},
		warranty: {
			status: order.warranty_status,
			reason: order.warranty_reason as WarrantyReason,
			warrantyEnd: order.warranty_end,
			overrideReason: order.warranty_override_reason,
		},
		onSite: Boolean(order.on_site),
		inspectionRequired: Boolean(order.inspection_required),
		technician: order.technician_id ? technician(order.technician_id) : null,
		appointment: appointment
			? {
					id: appointment.id,
					technician: technician(appointment.technician_id),
					start: appointment.window_start,
					end: appointment.window_end,
					state: appointment.state,
				}
			: null,
		appointmentChanges: changes.map((x) => ({
			id: x.id,
			oldStart: x.old_start,
			oldEnd: x.old_end,
			newStart: x.new_start,
			newEnd: x.new_end,
			reason: x.reason,
			changedBy: brief(x.changed_by),
			changedAt: x.changed_at,
		})),
		dispatches: dispatches.map((d) => ({
			id: d.id,
			technician: technician(d.technician_id),
			mode: d.mode,
			rank: num(d.rank),
			score: num(d.score),
			overrideReason: d.override_reason,
			outcome: d.outcome,
			outcomeNote: d.outcome_note,
			outcomeAt: d.outcome_at,
			dispatchedBy: brief(d.dispatched_by),
			dispatchedAt: d.dispatched_at,
		})),
		fieldWork: {
			dispatchedAt: order.dispatched_at,
			acceptedAt: order.accepted_at,
			travelStartedAt: order.travel_started_at,
			checkedInAt: order.checked_in_at,
			checkInLatitude: num(order.check_in_latitude),
			checkInLongitude: num(order.check_in_longitude),
			workStartedAt: order.work_started_at,
			diagnosis: order.diagnosis,
			workDone: order.work_done,
			toolsUsed: jsonArray<string>(order.tools_used),
			labourMinutes: Number(order.labour_minutes),
			photoIds: jsonArray<string>(order.photo_ids),
		},
		parts: parts.map((p) => ({
			id: p.id,
			partId: p.part_id,
			partCode: p.part_code,
			partName: p.part_name,
			unitOfMeasure: p.unit_of_measure,
			locationId: p.location_id,
			locationName: p.location_name,
			kind: p.kind,
			quantity: Number(p.quantity),
			recordedBy: brief(p.recorded_by),
			recordedAt: p.recorded_at,
		})),
		completion: {
			selfCheck: order.self_check,
			selfCheckedAt: order.self_checked_at,
			usageAdvice: order.usage_advice,
			postRepairWarrantyDays: Number(order.post_repair_warranty_days),
			postRepairWarrantyEnd: order.post_repair_warranty_end,
			completedAt: order.completed_at,
			closedAt: order.closed_at,
		},
		acceptance: order.acceptance
			? {
					result: order.acceptance,
					signerName: order.acceptance_signer,
					signatureId: order.signature_id,
					at: order.acceptance_at,
					comment: order.acceptance_comment,
				}
			: null,
		reworkCount: Number(order.rework_count),
		inspection: {
			result: order.inspection_result,
			note: order.inspection_note,
			inspectedBy: brief(order.inspected_by),
			inspectedAt: order.inspected_at,
			failCount: Number(order.inspection_fail_count),
		},
		paid: {
			quoteFen: num(order.quote_fen),
			quoteLines: jsonArray(order.quote_lines),
			quoteReason: order.quote_reason,
			quotedAt: order.quoted_at,
			consent: order.consent,
			consentAt: order.consent_at,
			consentBy: order.consent_by,
			consentChannel: order.consent_channel,
			chargedFen: Number(order.charged_fen),
			charges: charges.map((x) => ({
				id: x.id,
				amountFen: Number(x.amount_fen),
				method: x.method,
				note: x.note,
				recordedBy: brief(x.recorded_by),
				recordedAt: x.recorded_at,
			})),
		},
		escalation:
			order.escalation_note && order.escalated_at
				? {
						note: order.escalation_note,
						at: order.escalated_at,
						by: brief(order.escalated_by),
					}
				: null,
		allowedActions,
		caseVersion: c.version,
	};
}
