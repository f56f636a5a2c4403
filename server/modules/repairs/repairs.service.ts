/**
 * Repair work orders (维修工单, R-REP-1..9). A repair case (types 报修 and 救援, workflow 'repair') has
 * one repair_orders row, made when the case is opened. Every repair action is a workflow action of
 * the case core (repairs.workflow.ts): it goes through transitionCase — from POST /cases/:id/repair/actions,
 * POST /cases/:id/dispatch, the generic POST /cases/:id/actions, or the auto-dispatch sweeper — and
 * this module's onTransition hook records the order's data in the same transaction (a refusal rolls
 * everything back). So the rules are the same whichever way an action comes in.
 *
 * ── Commands ────────────────────────────────────────────────────────────────────────────────────
 *   runRepairAction(ctx, caseId, {action, version, note?, data?}) → RepairJob {case, repair}
 *   dispatchCase(ctx, caseId, {technicianId, window, version, overrideReason?, note?}) → RepairJob
 * ── Queries ─────────────────────────────────────────────────────────────────────────────────────
 *   getRepairJob(ctx, caseId) → RepairJob (the case with deadlines and timeline, and the order)
 *   dispatch candidates, board, my jobs, technician bases: dispatch.service.ts; settings: repairs.settings.ts
 *
 * Per record: a technician reads and works only the jobs dispatched to him (assignee filter below);
 * field actions (TECHNICIAN_ACTIONS) are the assigned technician's only (403 for anybody else).
 * Desk actions need repair.manage / repair.dispatch, escalations repair.supervise, inspection
 * repair.inspect (quality), charges repair.charge. Out of order → 409 with the allowed actions.
 *
 * Deadlines: review/reply meet the first reply (and the urgent call-back); dispatch starts the
 * on-site arrival deadline when a policy exists; check-in meets it; completion meets the
 * resolution deadline; waiting for the customer's consent to a quote pauses the deadlines.
 *
 * Warranty module: the review takes its entitlement (unitEntitlementOf); completion records the
 * unit's post-repair warranty (recordRepairWarranty → unit_repairs) and tells waiting warranty
 * claims (onRepairCaseFinished, also at close); send_to_factory opens its RMA (createRma).
 * Notifications module: the technician is told the job at dispatch (notifyTechnicianJob), the
 * customer the technician's name, phone and window when he accepts and at every reschedule
 * (notifyAppointment), and the closure (notifyCaseClosed). The signature is an attachment of the case.
 */
import type {
	DispatchRequest,
	RepairAction,
	RepairActionRequest,
	RepairJob,
} from "../../../contracts/repairs.js";
import { REPAIR_ACTION_DATA } from "../../../contracts/repairs.js";
import { changedFields, recordAudit } from "../../platform/audit.js";
import {
	addDays,
	localDateOf,
	type WorkingCalendar,
} from "../../platform/calendar/index.js";
import { inTransaction, type ServiceContext } from "../../platform/context.js";
import {
	AppError,
	BadRequestError,
	BusinessRuleError,
	ForbiddenError,
	NotFoundError,
} from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { enqueueMessage } from "../../platform/outbox.js";
import {
	assertCan,
	can,
	type Permission,
	systemActor,
} from "../../platform/permissions.js";
import { updateVersioned } from "../../platform/versioning.js";
import { allowedActions as tableActions } from "../../platform/workflow.js";
import {
	listAttachmentsFor,
	saveAttachment,
} from "../attachments/attachments.service.js";
import {
	type CaseTransition,
	type CaseWorkflow,
	registerCaseAssigneeFilter,
	registerCaseQueueFilter,
	registerCaseWorkflow,
} from "../cases/cases.registry.js";
import {
	assertCanReadCase,
	type CaseRecord,
	cancelDeadline,
	canReadCase,
	getCase,
	getCaseRecord,
	recordCaseEvent,
	setCaseWaiting,
	startDeadline,
	transitionCase,
} from "../cases/cases.service.js";
import {
	notifyAppointment,
	notifyCaseClosed,
	notifyTechnicianJob,
} from "../notifications/notifications.service.js";
import {
	issueParts,
	releaseReservationsOf,
	returnParts,
} from "../parts/stock.service.js";
import {
	createRma,
	recordRepairWarranty,
} from "../warranty/remedies.service.js";
import {
	onRepairCaseFinished,
	unitEntitlementOf,
} from "../warranty/warranty.service.js";
import {
	companyCalendarOf,
	jobContextOf,
	rankForCase,
	scheduleAutoDispatch,
} from "./dispatch.service.js";
import { presentRepairOrder } from "./repairs.presenter.js";
import * as repo from "./repairs.repository.js";
import {
	inspectionRequiredFor,
	readRepairSettings,
} from "./repairs.settings.js";
import {
	CLOSED_REPAIR_STATES,
	NOTE_REQUIRED,
	REPAIR_EFFECTS,
	REPAIR_INITIAL_STATE,
	REPAIR_TABLE,
	REPAIR_WORKFLOW,
	RESOLVED_REPAIR_STATES,
	TECHNICIAN_ACTIONS,
} from "./repairs.workflow.js";

type OrderRow = repo.RepairOrderRow;
type OrderPatch = Partial<
	Omit<OrderRow, "id" | "case_id" | "version" | "created_at" | "updated_at">
>;

// ---------------------------------------------------------------------------------------------
// Warranty at intake and review (R-REP-1 via R-WAR-1)

interface WarrantyDecision {
	status: "in_warranty" | "out_of_warranty" | "unknown";
	reason: string;
	end: string | null;
}

const INACTIVE_UNIT_CODES = new Set([
	"unit_replaced",
	"unit_returned",
	"unit_scrapped",
]);

/** In/out of warranty today and why: the warranty module's entitlement (post-repair warranty included). */
async function warrantyOf(
	tx: ServiceContext,
	c: CaseRecord,
	today: string,
): Promise<WarrantyDecision> {
	if (!c.unitId) return { status: "unknown", reason: "no_unit", end: null };
	let e: Awaited<ReturnType<typeof unitEntitlementOf>>["entitlement"];
	try {
		e = (await unitEntitlementOf(tx, c.unitId, today)).entitlement;
	} catch (error) {
		if (error instanceof NotFoundError)
			return { status: "unknown", reason: "no_unit", end: null };
		return { status: "unknown", reason: "unknown_purchase_date", end: null };
	}
	if (e.inWarranty === true)
		return { status: "in_warranty", reason: e.basis, end: e.coveredUntil };
	if (e.inWarranty === false) {
		const inactive = e.messages.some((m) => INACTIVE_UNIT_CODES.has(m.code));
		return {
			status: "out_of_warranty",
			reason: inactive ? "unit_inactive" : "expired",
			end: e.coveredUntil,
		};
	}
	return { status: "unknown", reason: "unknown_purchase_date", end: null };
}

// ---------------------------------------------------------------------------------------------
// The order row

async function orderOf(tx: ServiceContext, caseId: string): Promise<OrderRow> {
	const order = await repo.findOrderByCase(tx.db, caseId);
	if (!order) throw new NotFoundError("repair_order", caseId);
	return order;
}

async function patchOrder(
	tx: ServiceContext,
	order: OrderRow,
	patch: OrderPatch,
	action: string,
): Promise<OrderRow> {
	await updateVersioned(
		tx,
		"repair_orders",
		order.id,
		Number(order.version),
		patch as Record<string, unknown>,
		"repair_order",
	);
	await recordAudit(tx, {
		entity: "repair_order",
		entityId: order.id,
		action,
		...changedFields(
			order as unknown as Record<string, unknown>,
			patch as Record<string, unknown>,
		),
	});
	return orderOf(tx, order.case_id);
}

/** onOpen: the order of a new repair case, with the warranty, inspection policy and post-repair days. */
async function openRepairOrder(
	tx: ServiceContext,
	c: CaseRecord,
): Promise<void> {
	const cal = await companyCalendarOf(tx);
	const today = localDateOf(tx.clock.now(), cal);
	const warranty = await warrantyOf(tx, c, today);
	const settings = await readRepairSettings(tx.db);
	// The category path (product, every category and region) only matters when some category asks
	// for inspection — none by default; skipping it saves three queries per case opened.
	const inspectionRequired =
		settings.inspectionCategoryIds.length > 0 &&
		inspectionRequiredFor(
			(await jobContextOf(tx, c)).job.categoryPath,
			settings,
		);
	const product = c.productId
		? await repo.findProduct(tx.db, c.productId)
		: undefined;
	const now = tx.clock.now().toISOString();
	const row = {
		id: newId(),
		case_id: c.id,
		warranty_status: warranty.status,
		warranty_reason: warranty.reason,
		warranty_end: warranty.end,
		on_site: c.onSiteRequired,
		inspection_required: inspectionRequired,
		post_repair_warranty_days: Number(product?.post_repair_warranty_days ?? 0),
		created_at: now,
		updated_at: now,
	};
	await repo.insertRepairOrder(tx.db, row);
	await recordAudit(tx, {
		entity: "repair_order",
		entityId: row.id,
		action: "create",
		after: row,
	});
}

// ---------------------------------------------------------------------------------------------
// Who may take an action (per record)

const DESK_PERMISSION: Partial<Record<RepairAction, Permission>> = {
	reply: "repair.manage",
	review: "repair.manage",
	decline_scope: "repair.manage",
	close: "repair.manage",
	cancel: "repair.manage",
	pass_inspection: "repair.inspect",
	fail_inspection: "repair.inspect",
	send_to_factory: "repair.supervise",
};

function isAssignedTechnician(tx: ServiceContext, order: OrderRow): boolean {
	return (
		tx.actor.kind === "user" &&
		order.technician_id !== null &&
		order.technician_id === tx.actor.id
	);
}

/** Does the actor pass the per-record rule for the action (the table's roles are checked by the core)? */
function permits(
	tx: ServiceContext,
	action: RepairAction,
	order: OrderRow,
	state: string,
): boolean {
	if (tx.actor.kind === "system") return true;
	const own = isAssignedTechnician(tx, order);
	if (TECHNICIAN_ACTIONS.has(action))
		return own && can(tx.actor, "repair.fieldwork");
	switch (action) {
		case "dispatch":
			return can(
				tx.actor,
				state === "escalated" ? "repair.supervise" : "repair.dispatch",
			);
		case "reschedule":
		case "quote":
		case "record_consent":
		case "record_refusal":
		case "request_inspection":
		case "complete":
			return own
				? can(tx.actor, "repair.fieldwork")
				: can(tx.actor, "repair.manage");
		case "record_charge":
			return (
				can(tx.actor, "repair.charge") &&
				(own || !tx.actor.roles.every((r) => r === "technician"))
			);
		default: {
			const permission = DESK_PERMISSION[action];
			return permission ? can(tx.actor, permission) : false;
		}
	}
}

function authorize(
	tx: ServiceContext,
	action: RepairAction,
	order: OrderRow,
	state: string,
): void {
	if (permits(tx, action, order, state)) return;
	if (TECHNICIAN_ACTIONS.has(action)) {
		throw new ForbiddenError(
			"只能由指派的维修工程师操作自己的工单 (only the assigned technician)",
			{
				action,
				caseId: order.case_id,
			},
		);
	}
	throw new ForbiddenError(`没有权限执行此操作 (not allowed: ${action})`, {
		action,
		caseId: order.case_id,
	});
}

/** Repair actions this actor may take now: the table's (state and roles) that pass the per-record rule. */
function repairActionsFor(
	ctx: ServiceContext,
	c: CaseRecord,
	order: OrderRow,
): RepairAction[] {
	const actions = tableActions(REPAIR_TABLE, c.state, ctx.actor, {
		case: c,
		input: null,
	}) as RepairAction[];
	return actions.filter(
		(a) =>
			a !== "request_inspection" &&
			a !== "complete" &&
			!(a === "record_charge" && order.consent !== "given") &&
			permits(ctx, a, order, c.state),
	);
}

// ---------------------------------------------------------------------------------------------
// Helpers for the hook

function fieldError(
	path: (string | number)[],
	message: string,
): BadRequestError {
	return new BadRequestError(message, [
		{ path: ["body", "data", ...path], message },
	]);
}

async function cancelAppointment(
	tx: ServiceContext,
	appointmentId: string | null,
): Promise<void> {
	if (!appointmentId) return;
	const a = await repo.findAppointment(tx.db, appointmentId);
	if (a?.state !== "scheduled") return;
	await updateVersioned(
		tx,
		"repair_appointments",
		a.id,
		Number(a.version),
		{ state: "cancelled" },
		"repair_appointment",
	);
	await recordAudit(tx, {
		entity: "repair_appointment",
		entityId: a.id,
		action: "cancel",
		before: { state: a.state },
		after: { state: "cancelled" },
	});
}

async function finishAppointment(
	tx: ServiceContext,
	appointmentId: string | null,
): Promise<void> {
	if (!appointmentId) return;
	const a = await repo.findAppointment(tx.db, appointmentId);
	if (a?.state !== "scheduled") return;
	await updateVersioned(
		tx,
		"repair_appointments",
		a.id,
		Number(a.version),
		{ state: "done" },
		"repair_appointment",
	);
	await recordAudit(tx, {
		entity: "repair_appointment",
		entityId: a.id,
		action: "done",
		before: { state: a.state },
		after: { state: "done" },
	});
}

async function tellUsers(
	tx: ServiceContext,
	userIds: readonly string[],
	c: CaseRecord,
	subject: string,
	body: string,
	key: string,
) {
	for (const userId of [...new Set(userIds)]) {
		await enqueueMessage(tx, {
			channel: "in_app",
			recipient: userId,
			subject,
			body,
			related: { entity: "case", id: c.id },
			templateKey: key,
			dedupeKey: `${key}:${c.id}:${c.version}:${userId}`,
		});
	}
}

function decodeSignature(dataUrl: string): Buffer {
	return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
}

const SIGNATURE_MAX_BYTES = 512 * 1024;

/**
 * Completion (R-REP-6): when, and the post-repair warranty — recorded for the unit by the warranty
 * module (unit_repairs), so the next case on the unit is in warranty by it; a warranty claim that
 * handed over to this repair moves on.
 */
async function completionPatch(
	tx: ServiceContext,
	c: CaseRecord,
	order: OrderRow,
	now: Date,
	cal: WorkingCalendar,
): Promise<OrderPatch> {
	const days = Number(order.post_repair_warranty_days);
	let end: string | null = null;
	if (c.unitId) {
		end = (
			await recordRepairWarranty(tx, {
				unitId: c.unitId,
				caseId: c.id,
				completedAt: now.toISOString(),
				days,
			})
		).coveredUntil;
	} else {
		const completedOn = localDateOf(now, cal);
		end = days > 0 ? addDays(completedOn, days) : null;
	}
	await onRepairCaseFinished(tx, c.id);
	return { completed_at: now.toISOString(), post_repair_warranty_end: end };
}

// ---------------------------------------------------------------------------------------------
// The hook: what each action records on the order (inside the action's transaction)

async function applyRepairTransition(
	tx: ServiceContext,
	t: CaseTransition,
): Promise<void> {
	const action = t.decision.action as RepairAction;
	const c = t.after;
	const caseId = c.id;
	let order = await orderOf(tx, caseId);
	authorize(tx, action, order, t.before.state);
	const data = t.data as Record<string, any>;
	const nowDate = tx.clock.now();
	const now = nowDate.toISOString();
	const cal = await companyCalendarOf(tx);
	const me = tx.actor.id;

	switch (action) {
		case "reply":
			return;

		case "review": {
			const today = localDateOf(nowDate, cal);
			const computed = await warrantyOf(tx, c, today);
			let warranty = computed;
			let overrideReason: string | null = null;
			if (data.warrantyStatus && data.warrantyStatus !== computed.status) {
				overrideReason = data.warrantyOverrideReason?.trim() || null;
				if (!overrideReason)
					throw fieldError(
						["warrantyOverrideReason"],
						"更改保修判定需要填写原因 (a reason is required to override the warranty)",
					);
				warranty = {
					status: data.warrantyStatus,
					reason: "manual_override",
					end: computed.end,
				};
			}
			const settings = await readRepairSettings(tx.db);
			const context = await jobContextOf(tx, c);
			const onSite = Boolean(data.onSite);
			order = await patchOrder(
				tx,
				order,
				{
					data_verified: true,
					in_scope: true,
					reviewed_at: now,
					reviewed_by: me,
					warranty_status: warranty.status,
					warranty_reason: warranty.reason,
					warranty_end: warranty.end,
					warranty_override_reason: overrideReason,
					on_site: onSite,
					inspection_required:
						data.inspectionRequired ??
						inspectionRequiredFor(context.job.categoryPath, settings),
				},
				"review",
			);
			if (!onSite) await cancelDeadline(tx, caseId, "on_site_arrival");
			await scheduleAutoDispatch(tx, caseId, c.version);
			return;
		}

		case "decline_scope":
			await patchOrder(
				tx,
				order,
				{ in_scope: false, reviewed_at: now, reviewed_by: me },
				"decline_scope",
			);
			return;

		case "dispatch": {
			const tech = await repo.findTechnician(tx.db, data.technicianId);
			if (!tech?.is_technician)
				throw fieldError(
					["technicianId"],
					"所选用户不是维修工程师 (not a technician)",
				);
			if (tech.status !== "active") {
				throw new BusinessRuleError(
					"technician_disabled",
					"该维修工程师已停用 (the technician is disabled)",
					{
						path: ["body", "data", "technicianId"],
					},
				);
			}
			const settings = await readRepairSettings(tx.db);
			const start = new Date(data.window.start);
			const ranking = await rankForCase(
				tx,
				c,
				localDateOf(start, cal),
				settings,
				{ calendar: cal },
			);
			const top = ranking[0] ?? null;
			const chosen = ranking.find((r) => r.technicianId === tech.id) ?? null;
			const auto = tx.actor.kind === "system";
			const overrideReason = data.overrideReason?.trim() || null;
			if (!auto && top && top.technicianId !== tech.id && !overrideReason) {
				throw new BusinessRuleError(
					"override_reason_required",
					`所选工程师不是推荐的首选（首选：${top.name}），请填写改派理由 (not the top candidate: give a reason)`,
					{
						path: ["body", "data", "overrideReason"],
						topCandidate: {
							id: top.technicianId,
							name: top.name,
							score: top.score,
						},
					},
				);
			}
			const previous = order.technician_id;
			await cancelAppointment(tx, order.appointment_id);
			await repo.settleDispatches(
				tx.db,
				caseId,
				["pending", "accepted"],
				"withdrawn",
				now,
				null,
			);
			const appointmentId = newId();
			await repo.insertAppointment(tx.db, {
				id: appointmentId,
				case_id: caseId,
				technician_id: tech.id,
				window_start: new Date(data.window.start).toISOString(),
				window_end: new Date(data.window.end).toISOString(),
				created_by: me,
				created_at: now,
				updated_at: now,
			});
			await recordAudit(tx, {
				entity: "repair_appointment",
				entityId: appointmentId,
				action: "create",
				after: { caseId, technicianId: tech.id, window: data.window },
			});
			const dispatchId = newId();
			await repo.insertDispatch(tx.db, {
				id: dispatchId,
				case_id: caseId,
				technician_id: tech.id,
				appointment_id: appointmentId,
				mode: auto ? "auto" : "manual",
				rank: chosen?.rank ?? null,
				score: chosen?.score ?? null,
				top_technician_id: top?.technicianId ?? null,
				override_reason: overrideReason,
				dispatched_by: me,
				dispatched_at: now,
			});
			order = await patchOrder(
				tx,
				order,
				{
					technician_id: tech.id,
					appointment_id: appointmentId,
					dispatched_at: now,
					accepted_at: null,
				},
				"dispatch",
			);
			if (order.on_site)
				await startDeadline(tx, caseId, "on_site_arrival", { calendar: cal });
			await recordCaseEvent(tx, caseId, {
				kind: "dispatched",
				data: {
					dispatchId,
					mode: auto ? "auto" : "manual",
					technician: {
						id: tech.id,
						name: tech.display_name,
						phone: tech.phone,
					},
					window: { start: data.window.start, end: data.window.end },
					rank: chosen?.rank ?? null,
					score: chosen?.score ?? null,
					reasons: chosen?.reasons ?? [],
					overrideReason,
					previousTechnicianId: previous,
				},
			});
			if (previous && previous !== tech.id) {
				await tellUsers(
					tx,
					[previous],
					c,
					`工单 ${c.number} 已改派`,
					`工单 ${c.number}「${c.title}」已改派给其他维修工程师。`,
					"repair.reassigned",
				);
			}
			await notifyTechnicianJob(tx, caseId, tech.id, {
				windowStart: data.window.start,
				windowEnd: data.window.end,
				workOrderId: dispatchId,
			});
			return;
		}

		case "accept": {
			await repo.settleDispatches(
				tx.db,
				caseId,
				["pending"],
				"accepted",
				now,
				null,
			);
			order = await patchOrder(tx, order, { accepted_at: now }, "accept");
			const a = order.appointment_id
				? await repo.findAppointment(tx.db, order.appointment_id)
				: undefined;
			// R-REP-4: now that the technician has taken the job, the customer learns his name, phone and window
			if (a) {
				await notifyAppointment(tx, caseId, {
					technicianId: a.technician_id,
					windowStart: a.window_start,
					windowEnd: a.window_end,
					appointmentId: a.id,
				});
			}
			return;
		}

		case "decline": {
			await repo.settleDispatches(
				tx.db,
				caseId,
				["pending"],
				"declined",
				now,
				t.note,
			);
			await cancelAppointment(tx, order.appointment_id);
			await patchOrder(
				tx,
				order,
				{
					technician_id: null,
					appointment_id: null,
					dispatched_at: null,
					accepted_at: null,
				},
				"decline",
			);
			await tellUsers(
				tx,
				[c.ownerId],
				c,
				`工单 ${c.number} 被拒单`,
				`维修工程师 ${tx.actor.displayName} 拒绝了工单 ${c.number}「${c.title}」：${t.note ?? ""}，请重新派单。`,
				"repair.declined",
			);
			await scheduleAutoDispatch(tx, caseId, c.version);
			return;
		}

		case "reschedule": {
			const a = order.appointment_id
				? await repo.findAppointment(tx.db, order.appointment_id)
				: undefined;
			if (a?.state !== "scheduled") {
				throw new BusinessRuleError(
					"no_appointment",
					"没有可改期的预约 (no scheduled appointment)",
				);
			}
			const start = new Date(data.window.start).toISOString();
			const end = new Date(data.window.end).toISOString();
			if (start === a.window_start && end === a.window_end) {
				throw fieldError(
					["window"],
					"新的预约时段与原时段相同 (the window did not change)",
				);
			}
			await repo.insertAppointmentChange(tx.db, {
				id: newId(),
				appointment_id: a.id,
				case_id: caseId,
				old_start: a.window_start,
				old_end: a.window_end,
				new_start: start,
				new_end: end,
				reason: data.reason,
				changed_by: me,
				changed_at: now,
			});
			await updateVersioned(
				tx,
				"repair_appointments",
				a.id,
				Number(a.version),
				{ window_start: start, window_end: end },
				"repair_appointment",
			);
			await recordAudit(tx, {
				entity: "repair_appointment",
				entityId: a.id,
				action: "reschedule",
				before: { start: a.window_start, end: a.window_end },
				after: { start, end, reason: data.reason },
			});
			await recordCaseEvent(tx, caseId, {
				kind: "rescheduled",
				note: data.reason,
				data: {
					from: { start: a.window_start, end: a.window_end },
					to: { start, end },
				},
			});
			await notifyAppointment(tx, caseId, {
				technicianId: a.technician_id,
				windowStart: start,
				windowEnd: end,
				appointmentId: a.id,
			});
			if (!isAssignedTechnician(tx, order)) {
				await notifyTechnicianJob(tx, caseId, a.technician_id, {
					windowStart: start,
					windowEnd: end,
					workOrderId: `${a.id}:${start}`,
				});
			}
			return;
		}

		case "start_travel":
			await patchOrder(tx, order, { travel_started_at: now }, "start_travel");
			return;

		case "check_in":
			await patchOrder(
				tx,
				order,
				{
					checked_in_at: now,
					check_in_latitude: data.latitude ?? null,
					check_in_longitude: data.longitude ?? null,
				},
				"check_in",
			);
			await finishAppointment(tx, order.appointment_id);
			return;

		case "start_work":
			if (t.before.state === "accepted" && order.on_site) {
				throw new BusinessRuleError(
					"check_in_required",
					"上门维修需先签到 (an on-site job starts with the check-in)",
					{
						action,
					},
				);
			}
			await patchOrder(tx, order, { work_started_at: now }, "start_work");
			await finishAppointment(tx, order.appointment_id);
			return;

		case "record_work": {
			const patch: OrderPatch = {};
			if (data.diagnosis !== undefined)
				patch.diagnosis = data.diagnosis || null;
			if (data.workDone !== undefined) patch.work_done = data.workDone || null;
			if (data.toolsUsed !== undefined)
				patch.tools_used = JSON.stringify(data.toolsUsed);
			if (data.labourMinutes !== undefined)
				patch.labour_minutes = data.labourMinutes;
			if (data.photoIds !== undefined) {
				const files = new Map(
					(await listAttachmentsFor(tx.db, "case", caseId)).map((f) => [
						f.id,
						f,
					]),
				);
				(data.photoIds as string[]).forEach((id, i) => {
					const f = files.get(id);
					if (!f)
						throw fieldError(
							["photoIds", i],
							"照片不存在或不属于此工单 (not a file of this case)",
						);
					if (!f.image)
						throw fieldError(["photoIds", i], "只能引用图片 (not an image)");
				});
				const known: string[] = JSON.parse(order.photo_ids || "[]");
				patch.photo_ids = JSON.stringify([
					...new Set([...known, ...data.photoIds]),
				]);
			}
			await patchOrder(tx, order, patch, "record_work");
			return;
		}

		case "use_parts":
		case "return_parts": {
			const reference = { type: "case" as const, id: c.number };
			const lines = data.lines as {
				partId: string;
				locationId: string;
				quantity: number;
			}[];
			if (action === "use_parts")
				await issueParts(tx, { reference, lines, note: t.note });
			else await returnParts(tx, { reference, lines, reason: t.note });
			await repo.insertPartLines(
				tx.db,
				lines.map((l) => ({
					id: newId(),
					case_id: caseId,
					part_id: l.partId,
					location_id: l.locationId,
					kind:
						action === "use_parts" ? ("issue" as const) : ("return" as const),
					quantity: l.quantity,
					recorded_by: me,
					recorded_at: now,
				})),
			);
			return;
		}

		case "quote": {
			const reason = data.reason?.trim() || null;
			if (order.warranty_status === "in_warranty" && !reason) {
				throw new BusinessRuleError(
					"in_warranty",
					"在保设备免费维修；如需收费请填写原因（如人为损坏）(in warranty: give the reason to charge)",
					{
						path: ["body", "data", "reason"],
					},
				);
			}
			const lines = data.lines as {
				kind: string;
				description: string;
				amountFen: number;
			}[];
			const total = lines.reduce((sum, l) => sum + l.amountFen, 0);
			await patchOrder(
				tx,
				order,
				{
					quote_fen: total,
					quote_lines: JSON.stringify(lines),
					quote_reason: reason,
					quoted_at: now,
					quoted_by: me,
					consent: null,
					consent_at: null,
					consent_by: null,
					consent_channel: null,
				},
				"quote",
			);
			// R-CAL-3: the repair clock stops while the customer decides
			if (!c.waitingOn)
				await setCaseWaiting(tx, caseId, "customer", {
					note: "等待客户确认报价 (awaiting consent to the quote)",
					calendar: cal,
				});
			return;
		}

		case "record_consent":
		case "record_refusal": {
			await patchOrder(
				tx,
				order,
				{
					consent: action === "record_consent" ? "given" : "refused",
					consent_at: now,
					consent_by: data.consentBy,
					consent_channel: data.channel,
				},
				action,
			);
			if (action === "record_consent") {
				const current = await getCaseRecord(tx, caseId);
				if (current.waitingOn === "customer")
					await setCaseWaiting(tx, caseId, null, {
						note: "客户已同意报价",
						calendar: cal,
					});
			}
			return;
		}

		case "record_charge": {
			if (order.consent !== "given") {
				throw new BusinessRuleError(
					"no_consent",
					"客户尚未同意报价，不能收费 (no consent to a quote)",
				);
			}
			const total = Number(order.charged_fen) + Number(data.amountFen);
			if (order.quote_fen !== null && total > Number(order.quote_fen)) {
				throw new BusinessRuleError(
					"charge_exceeds_quote",
					"收费金额超过客户同意的报价 (more than the agreed quote)",
					{
						path: ["body", "data", "amountFen"],
						quoteFen: Number(order.quote_fen),
						chargedFen: Number(order.charged_fen),
					},
				);
			}
			const id = newId();
			await repo.insertCharge(tx.db, {
				id,
				case_id: caseId,
				amount_fen: data.amountFen,
				method: data.method,
				note: data.note?.trim() || null,
				recorded_by: me,
				recorded_at: now,
			});
			await recordAudit(tx, {
				entity: "repair_charge",
				entityId: id,
				action: "create",
				after: { caseId, ...data },
			});
			await patchOrder(tx, order, { charged_fen: total }, "record_charge");
			return;
		}

		case "self_check": {
			if (!order.diagnosis || !order.work_done) {
				throw new BusinessRuleError(
					"work_not_recorded",
					"请先填写故障诊断和维修内容 (record the diagnosis and the work first)",
				);
			}
			const product = c.productId
				? await repo.findProduct(tx.db, c.productId)
				: undefined;
			await patchOrder(
				tx,
				order,
				{
					self_check: data.result,
					usage_advice: data.usageAdvice,
					self_checked_at: now,
					post_repair_warranty_days: Number(
						product?.post_repair_warranty_days ??
							order.post_repair_warranty_days,
					),
				},
				"self_check",
			);
			return;
		}

		case "resume_work":
		case "request_acceptance":
			return;

		case "customer_accept": {
			const content = decodeSignature(data.signature);
			const signature = await saveAttachment(tx, {
				entity: "case",
				entityId: caseId,
				fileName: `客户签字-${c.number}.png`,
				mimeType: "image/png",
				content,
				source: "signature",
				kinds: ["png"],
				maxBytes: SIGNATURE_MAX_BYTES,
			});
			order = await patchOrder(
				tx,
				order,
				{
					acceptance: "accepted",
					acceptance_signer: data.signerName,
					signature_id: signature.id,
					acceptance_at: now,
					acceptance_comment: data.comment?.trim() || null,
				},
				"customer_accept",
			);
			// the service moves on: to quality inspection when the policy asks, else the repair is complete
			await transitionCase(
				tx,
				caseId,
				{
					action: order.inspection_required ? "request_inspection" : "complete",
				},
				{ calendar: cal },
			);
			return;
		}

		case "customer_reject": {
			const count = Number(order.rework_count) + 1;
			await patchOrder(
				tx,
				order,
				{
					acceptance: "rejected",
					acceptance_signer: data.signerName?.trim() || null,
					acceptance_at: now,
					acceptance_comment: t.note,
					signature_id: null,
					rework_count: count,
				},
				"customer_reject",
			);
			await recordCaseEvent(tx, caseId, {
				kind: "rework",
				note: t.note,
				data: { reworkCount: count, cause: "acceptance_rejected" },
			});
			return;
		}

		case "request_inspection": {
			const quality = await repo.activeUsersWithRole(tx.db, "quality");
			await tellUsers(
				tx,
				quality.map((u) => u.id),
				c,
				`工单 ${c.number} 待质量检验`,
				`工单 ${c.number}「${c.title}」已由客户验收，请进行质量检验。`,
				"repair.inspection",
			);
			return;
		}

		case "complete": {
			if (order.acceptance !== "accepted") {
				throw new BusinessRuleError(
					"acceptance_required",
					"客户尚未验收 (the customer has not accepted the work)",
				);
			}
			if (order.inspection_required && order.inspection_result !== "passed") {
				throw new BusinessRuleError(
					"inspection_required",
					"此工单需质量检验合格后才能完工 (quality inspection required)",
				);
			}
			await patchOrder(
				tx,
				order,
				await completionPatch(tx, c, order, nowDate, cal),
				"complete",
			);
			return;
		}

		case "pass_inspection":
			await patchOrder(
				tx,
				order,
				{
					inspection_result: "passed",
					inspection_note: t.note,
					inspected_by: me,
					inspected_at: now,
					...(await completionPatch(tx, c, order, nowDate, cal)),
				},
				"pass_inspection",
			);
			return;

		case "fail_inspection": {
			const count = Number(order.rework_count) + 1;
			await patchOrder(
				tx,
				order,
				{
					inspection_result: "failed",
					inspection_note: t.note,
					inspected_by: me,
					inspected_at: now,
					inspection_fail_count: Number(order.inspection_fail_count) + 1,
					rework_count: count,
					acceptance: null,
					signature_id: null,
					acceptance_at: null,
					acceptance_signer: null,
					acceptance_comment: null,
				},
				"fail_inspection",
			);
			await recordCaseEvent(tx, caseId, {
				kind: "rework",
				note: t.note,
				data: { reworkCount: count, cause: "inspection_failed" },
			});
			if (order.technician_id) {
				await tellUsers(
					tx,
					[order.technician_id],
					c,
					`工单 ${c.number} 质量检验不合格`,
					`工单 ${c.number}「${c.title}」质量检验不合格，请返工：${t.note ?? ""}`,
					"repair.inspection_failed",
				);
			}
			return;
		}

		case "escalate": {
			await patchOrder(
				tx,
				order,
				{ escalation_note: t.note, escalated_at: now, escalated_by: me },
				"escalate",
			);
			const supervisors = await repo.activeUsersWithRole(tx.db, "supervisor");
			await tellUsers(
				tx,
				[...supervisors.map((u) => u.id), c.ownerId],
				c,
				`工单 ${c.number} 需要支援`,
				`维修工程师 ${tx.actor.displayName} 无法修复工单 ${c.number}「${c.title}」：${t.note ?? ""}。请改派或安排返厂。`,
				"repair.escalated",
			);
			return;
		}

		case "send_to_factory":
			await cancelAppointment(tx, order.appointment_id);
			await repo.settleDispatches(
				tx.db,
				caseId,
				["pending", "accepted"],
				"withdrawn",
				now,
				t.note,
			);
			await releaseReservationsOf(tx, { type: "case", id: c.number });
			// the unit goes back to the factory: the warranty module's RMA (返厂) tracks shipping and return
			await createRma(tx, c, {});
			return;

		case "close": {
			if (order.consent === "given" && Number(order.charged_fen) === 0) {
				throw new BusinessRuleError(
					"charge_missing",
					"有偿维修尚未登记收费 (record the charge of the paid repair first)",
				);
			}
			await patchOrder(tx, order, { closed_at: now }, "close");
			// parts held for the job and not used go back to the shelf (R-PRT-2)
			await releaseReservationsOf(tx, { type: "case", id: c.number });
			await onRepairCaseFinished(tx, caseId);
			await notifyCaseClosed(tx, caseId);
			return;
		}

		case "cancel":
			await cancelAppointment(tx, order.appointment_id);
			await releaseReservationsOf(tx, { type: "case", id: c.number });
			await repo.settleDispatches(
				tx.db,
				caseId,
				["pending", "accepted"],
				"withdrawn",
				now,
				t.note,
			);
			return;

		default: {
			const exhaustive: never = action;
			throw new Error(`unhandled repair action ${String(exhaustive)}`);
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Registration with the case core

registerCaseWorkflow({
	name: REPAIR_WORKFLOW,
	initialState: REPAIR_INITIAL_STATE,
	table: REPAIR_TABLE,
	closedStates: CLOSED_REPAIR_STATES,
	resolvedStates: RESOLVED_REPAIR_STATES,
	noteRequired: NOTE_REQUIRED,
	dataSchemas: REPAIR_ACTION_DATA as unknown as CaseWorkflow["dataSchemas"],
	effects: REPAIR_EFFECTS,
	onOpen: openRepairOrder,
	onTransition: applyRepairTransition,
});

// a technician reads and works the cases dispatched to him
registerCaseAssigneeFilter((eb, userId) =>
	eb.exists(
		eb
			.selectFrom("repair_orders")
			.select("repair_orders.id")
			.whereRef("repair_orders.case_id", "=", "cases.id")
			.where("repair_orders.technician_id", "=", userId),
	),
);

// 未分配 (the 'unassigned' queue): jobs that have no technician yet, waiting for 派单
registerCaseQueueFilter("unassigned", (eb) => eb("cases.state", "=", "awaiting_dispatch"));

// ---------------------------------------------------------------------------------------------
// Commands and queries

export async function getRepairJob(
	ctx: ServiceContext,
	caseId: string,
): Promise<RepairJob> {
	assertCan(ctx.actor, "case.read");
	const detail = await getCase(ctx, caseId);
	const order = await repo.findOrderByCase(ctx.db, caseId);
	if (!order) throw new NotFoundError("repair_order", caseId);
	const record = await getCaseRecord(ctx, caseId);
	return {
		case: detail,
		repair: await presentRepairOrder(
			ctx.db,
			order,
			record,
			repairActionsFor(ctx, record, order),
		),
	};
}

/**
 * The job as it is after an action of someone who may no longer read it (a technician who declined
 * it): shown once, with no actions left.
 */
async function jobAfterLeaving(
	ctx: ServiceContext,
	caseId: string,
): Promise<RepairJob> {
	const job = await getRepairJob({ ...ctx, actor: systemActor }, caseId);
	return {
		case: { ...job.case, allowedActions: [] },
		repair: { ...job.repair, allowedActions: [] },
	};
}

/** One repair action in one transaction; `version` is the case's version (409 when stale). */
export async function runRepairAction(
	ctx: ServiceContext,
	caseId: string,
	input: RepairActionRequest,
): Promise<RepairJob> {
	assertCan(ctx.actor, "case.read");
	const cal = await companyCalendarOf(ctx);
	await inTransaction(ctx, async (tx) => {
		const c = await getCaseRecord(tx, caseId);
		await assertCanReadCase(tx, c);
		await orderOf(tx, caseId);
		await transitionCase(
			tx,
			caseId,
			{
				action: input.action,
				version: input.version,
				note: input.note ?? null,
				data: (input.data ?? {}) as Record<string, unknown>,
			},
			{ calendar: cal },
		);
	});
	if (!(await canReadCase(ctx, await getCaseRecord(ctx, caseId))))
		return jobAfterLeaving(ctx, caseId);
	return getRepairJob(ctx, caseId);
}

/** Dispatch (派单) to a technician with an appointment window; another technician than the top candidate needs a reason. */
export async function dispatchCase(
	ctx: ServiceContext,
	caseId: string,
	input: DispatchRequest,
): Promise<RepairJob> {
	try {
		return await runRepairAction(ctx, caseId, {
			action: "dispatch",
			version: input.version,
			note: input.note ?? null,
			data: {
				technicianId: input.technicianId,
				window: input.window,
				overrideReason: input.overrideReason,
			},
		});
	} catch (error) {
		// this endpoint's body has the fields at the top level: point the field paths there
		if (
			error instanceof AppError &&
			error.details &&
			typeof error.details === "object"
		) {
			const lift = (d: { path?: unknown[] }) => {
				if (
					Array.isArray(d.path) &&
					d.path[0] === "body" &&
					d.path[1] === "data"
				)
					d.path = ["body", ...d.path.slice(2)];
			};
			if (Array.isArray(error.details))
				for (const d of error.details as { path?: unknown[] }[]) lift(d);
			else lift(error.details as { path?: unknown[] });
		}
		throw error;
	}
}
