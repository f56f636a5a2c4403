import { z } from "zod";
import { caseDetail, caseUrgency, userBrief } from "./cases.js";
import {
	isoDate,
	isoDateTime,
	requiredText,
	trimmed,
	versionField,
} from "./common.js";
import { stockQuantity } from "./parts.js";

/**
 * Repair work orders and dispatch (R-REP-1..9): the repair workflow's states and actions, the data
 * each action takes, the repair order as screens see it, dispatch candidates with their reasons,
 * the dispatch board, a technician's jobs and the repair settings.
 */

// ── enums ────────────────────────────────────────────────────────────────────────────────────
export const repairState = z.enum([
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
	"closed",
	"closed_unrepaired",
	"out_of_scope",
	"sent_to_factory",
	"cancelled",
]);
export type RepairState = z.infer<typeof repairState>;

export const repairAction = z.enum([
	"reply",
	"review",
	"decline_scope",
	"dispatch",
	"accept",
	"decline",
	"reschedule",
	"start_travel",
	"check_in",
	"start_work",
	"record_work",
	"use_parts",
	"return_parts",
	"quote",
	"record_consent",
	"record_refusal",
	"self_check",
	"resume_work",
	"request_acceptance",
	"customer_accept",
	"customer_reject",
	"request_inspection",
	"complete",
	"pass_inspection",
	"fail_inspection",
	"record_charge",
	"escalate",
	"send_to_factory",
	"close",
	"cancel",
]);
export type RepairAction = z.infer<typeof repairAction>;

export const warrantyStatus = z.enum([
	"in_warranty",
	"out_of_warranty",
	"unknown",
]);
export type WarrantyStatus = z.infer<typeof warrantyStatus>;
/**
 * Why: in warranty by the catalogue default, a contract override, a purchase proof or the post-repair
 * warranty of the last repair; out because it expired or the unit was replaced/returned/scrapped;
 * unknown without a purchase date or a unit; or set by the agent at review (manual_override).
 */
export const warrantyReason = z.enum([
	"catalogue_default",
	"contract_override",
	"purchase_proof",
	"post_repair",
	"expired",
	"unit_inactive",
	"unknown_purchase_date",
	"no_unit",
	"manual_override",
]);
export type WarrantyReason = z.infer<typeof warrantyReason>;
export const consentChannel = z.enum([
	"phone",
	"on_site",
	"sms",
	"email",
	"portal",
	"im",
]);
export const chargeMethod = z.enum([
	"cash",
	"bank_transfer",
	"wechat_pay",
	"alipay",
	"card",
	"invoice",
]);
export const quoteLineKind = z.enum(["labour", "parts", "travel", "other"]);
export const appointmentState = z.enum(["scheduled", "done", "cancelled"]);
export const dispatchMode = z.enum(["manual", "auto"]);
export const dispatchOutcome = z.enum([
	"pending",
	"accepted",
	"declined",
	"withdrawn",
]);

// ── action data ──────────────────────────────────────────────────────────────────────────────
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** An appointment window (预约上门时间): end after start, at most 24 hours. */
export const appointmentWindow = z
	.object({ start: isoDateTime, end: isoDateTime })
	.refine((w) => Date.parse(w.end) > Date.parse(w.start), {
		message: "结束时间必须晚于开始时间 (end after start)",
		path: ["end"],
	})
	.refine((w) => Date.parse(w.end) - Date.parse(w.start) <= 24 * 3_600_000, {
		message: "预约时段不能超过24小时 (at most 24 hours)",
		path: ["end"],
	});
export type AppointmentWindow = z.infer<typeof appointmentWindow>;

const partLine = z.object({
	partId: z.uuid(),
	locationId: z.uuid(),
	quantity: stockQuantity,
});
/** A PNG drawn on screen, as a data URL (data:image/png;base64,…). Size is checked by the service. */
export const signatureDataUrl = z
	.string()
	.max(1_500_000)
	.regex(
		/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/,
		"签名必须是 PNG 图片 (a PNG data URL)",
	);

export const reviewData = z.object({
	/** contact and unit data checked with the customer */
	dataVerified: z.literal(true),
	onSite: z.boolean(),
	/** overrides the computed warranty status; needs warrantyOverrideReason */
	warrantyStatus: warrantyStatus.optional(),
	warrantyOverrideReason: trimmed(500).optional(),
	/** overrides the product category's inspection policy for this order */
	inspectionRequired: z.boolean().optional(),
});
export const dispatchData = z.object({
	technicianId: z.uuid(),
	window: appointmentWindow,
	/** required when the technician is not the top candidate */
	overrideReason: trimmed(500).optional(),
});
export const rescheduleData = z.object({
	window: appointmentWindow,
	reason: requiredText(500),
});
export const checkInData = z.object({
	latitude: latitude.optional(),
	longitude: longitude.optional(),
});
export const recordWorkData = z
	.object({
		diagnosis: trimmed(4000).optional(),
		workDone: trimmed(4000).optional(),
		toolsUsed: z.array(requiredText(100)).max(50).optional(),
		/** the total labour time so far (工时), minutes */
		labourMinutes: z.number().int().min(0).max(100_000).optional(),
		/** attachments (photos) already uploaded for the case */
		photoIds: z.array(z.uuid()).max(50).optional(),
	})
	.refine((d) => Object.values(d).some((v) => v !== undefined), {
		message: "请至少填写一项 (nothing to record)",
	});
export const partLinesData = z.object({
	lines: z.array(partLine).min(1).max(50),
});
export const quoteData = z.object({
	lines: z
		.array(
			z.object({
				kind: quoteLineKind,
				description: requiredText(200),
				amountFen: z.number().int().min(0).max(100_000_000),
			}),
		)
		.min(1)
		.max(50),
	/** why a unit in warranty is charged (e.g. 人为损坏); required then */
	reason: trimmed(500).optional(),
});
export const consentData = z.object({
	consentBy: requiredText(100),
	channel: consentChannel,
});
export const selfCheckData = z.object({
	result: requiredText(4000),
	usageAdvice: requiredText(4000),
});
export const customerAcceptData = z.object({
	signerName: requiredText(100),
	signature: signatureDataUrl,
	comment: trimmed(2000).optional(),
});
export const customerRejectData = z.object({
	signerName: trimmed(100).optional(),
});
export const chargeData = z.object({
	amountFen: z.number().int().min(1).max(100_000_000),
	method: chargeMethod,
	note: trimmed(500).optional(),
});
export const closeData = z.object({ customerInformed: z.literal(true) });

/** The data schema of each action that takes data (the case core validates `data` with these). */
export const REPAIR_ACTION_DATA = {
	review: reviewData,
	dispatch: dispatchData,
	reschedule: rescheduleData,
	check_in: checkInData,
	record_work: recordWorkData,
	use_parts: partLinesData,
	return_parts: partLinesData,
	quote: quoteData,
	record_consent: consentData,
	record_refusal: consentData,
	self_check: selfCheckData,
	customer_accept: customerAcceptData,
	customer_reject: customerRejectData,
	record_charge: chargeData,
	close: closeData,
} as const;

const note = trimmed(4000).nullable().optional();
const withData = <A extends RepairAction, D extends z.ZodTypeAny>(
	action: A,
	data: D,
) => z.object({ action: z.literal(action), version: versionField, note, data });
const noData = <A extends RepairAction>(action: A) =>
	z.object({
		action: z.literal(action),
		version: versionField,
		note,
		data: z.object({}).optional(),
	});

/** One repair action (typed per action); `version` is the case's version. */
export const repairActionRequest = z.discriminatedUnion("action", [
	noData("reply"),
	withData("review", reviewData),
	noData("decline_scope"),
	withData("dispatch", dispatchData),
	noData("accept"),
	noData("decline"),
	withData("reschedule", rescheduleData),
	noData("start_travel"),
	withData("check_in", checkInData),
	noData("start_work"),
	withData("record_work", recordWorkData),
	withData("use_parts", partLinesData),
	withData("return_parts", partLinesData),
	withData("quote", quoteData),
	withData("record_consent", consentData),
	withData("record_refusal", consentData),
	withData("self_check", selfCheckData),
	noData("resume_work"),
	noData("request_acceptance"),
	withData("customer_accept", customerAcceptData),
	withData("customer_reject", customerRejectData),
	noData("request_inspection"),
	noData("complete"),
	noData("pass_inspection"),
	noData("fail_inspection"),
	withData("record_charge", chargeData),
	noData("escalate"),
	noData("send_to_factory"),
	withData("close", closeData),
	noData("cancel"),
]);
export type RepairActionRequest = z.infer<typeof repairActionRequest>;

export const dispatchRequest = dispatchData.extend({
	version: versionField,
	note,
});
export type DispatchRequest = z.infer<typeof dispatchRequest>;

// ── reading ──────────────────────────────────────────────────────────────────────────────────
export const technicianBrief = z.object({
	id: z.string(),
	name: z.string(),
	phone: z.string().nullable(),
});

export const appointmentView = z.object({
	id: z.string(),
	technician: technicianBrief,
	start: z.string(),
	end: z.string(),
	state: appointmentState,
});

export const appointmentChange = z.object({
	id: z.string(),
	oldStart: z.string(),
	oldEnd: z.string(),
	newStart: z.string(),
	newEnd: z.string(),
	reason: z.string(),
	changedBy: userBrief.nullable(),
	changedAt: z.string(),
});

export const dispatchRecord = z.object({
	id: z.string(),
	technician: technicianBrief,
	mode: dispatchMode,
	rank: z.number().nullable(),
	score: z.number().nullable(),
	overrideReason: z.string().nullable(),
	outcome: dispatchOutcome,
	outcomeNote: z.string().nullable(),
	outcomeAt: z.string().nullable(),
	dispatchedBy: userBrief.nullable(),
	dispatchedAt: z.string(),
});

export const partUsed = z.object({
	id: z.string(),
	partId: z.string(),
	partCode: z.string(),
	partName: z.string(),
	unitOfMeasure: z.string(),
	locationId: z.string(),
	locationName: z.string(),
	kind: z.enum(["issue", "return"]),
	quantity: z.number(),
	recordedBy: userBrief.nullable(),
	recordedAt: z.string(),
});

export const chargeRecord = z.object({
	id: z.string(),
	amountFen: z.number(),
	method: chargeMethod,
	note: z.string().nullable(),
	recordedBy: userBrief.nullable(),
	recordedAt: z.string(),
});

export const quoteLine = z.object({
	kind: quoteLineKind,
	description: z.string(),
	amountFen: z.number(),
});

export const repairOrder = z.object({
	id: z.string(),
	caseId: z.string(),
	caseNumber: z.string(),
	state: z.string(),
	review: z.object({
		dataVerified: z.boolean(),
		inScope: z.boolean().nullable(),
		reviewedAt: z.string().nullable(),
		reviewedBy: userBrief.nullable(),
	}),
	warranty: z.object({
		status: warrantyStatus,
		reason: warrantyReason,
		warrantyEnd: z.string().nullable(),
		overrideReason: z.string().nullable(),
	}),
	onSite: z.boolean(),
	inspectionRequired: z.boolean(),
	technician: technicianBrief.nullable(),
	appointment: appointmentView.nullable(),
	appointmentChanges: z.array(appointmentChange),
	dispatches: z.array(dispatchRecord),
	fieldWork: z.object({
		dispatchedAt: z.string().nullable(),
		acceptedAt: z.string().nullable(),
		travelStartedAt: z.string().nullable(),
		checkedInAt: z.string().nullable(),
		checkInLatitude: z.number().nullable(),
		checkInLongitude: z.number().nullable(),
		workStartedAt: z.string().nullable(),
		diagnosis: z.string().nullable(),
		workDone: z.string().nullable(),
		toolsUsed: z.array(z.string()),
		labourMinutes: z.number(),
		photoIds: z.array(z.string()),
	}),
	parts: z.array(partUsed),
	completion: z.object({
		selfCheck: z.string().nullable(),
		selfCheckedAt: z.string().nullable(),
		usageAdvice: z.string().nullable(),
		postRepairWarrantyDays: z.number(),
		postRepairWarrantyEnd: z.string().nullable(),
		completedAt: z.string().nullable(),
		closedAt: z.string().nullable(),
	}),
	acceptance: z
		.object({
			result: z.enum(["accepted", "rejected"]),
			signerName: z.string().nullable(),
			signatureId: z.string().nullable(),
			at: z.string().nullable(),
			comment: z.string().nullable(),
		})
		.nullable(),
	reworkCount: z.number(),
	inspection: z.object({
		result: z.enum(["passed", "failed"]).nullable(),
		note: z.string().nullable(),
		inspectedBy: userBrief.nullable(),
		inspectedAt: z.string().nullable(),
		failCount: z.number(),
	}),
	paid: z.object({
		quoteFen: z.number().nullable(),
		quoteLines: z.array(quoteLine),
		quoteReason: z.string().nullable(),
		quotedAt: z.string().nullable(),
		consent: z.enum(["given", "refused"]).nullable(),
		consentAt: z.string().nullable(),
		consentBy: z.string().nullable(),
		consentChannel: consentChannel.nullable(),
		chargedFen: z.number(),
		charges: z.array(chargeRecord),
	}),
	escalation: z
		.object({ note: z.string(), at: z.string(), by: userBrief.nullable() })
		.nullable(),
	/** repair actions this user may take now (POST /cases/:id/repair/actions) */
	allowedActions: z.array(repairAction),
	/** the case's version: send it with the next action */
	caseVersion: z.number(),
});
export type RepairOrder = z.infer<typeof repairOrder>;

/** The case (with allowed actions, deadlines and timeline) and its repair order. */
export const repairJob = z.object({ case: caseDetail, repair: repairOrder });
export type RepairJob = z.infer<typeof repairJob>;

// ── dispatch candidates (R-REP-3) ────────────────────────────────────────────────────────────
/** Structured reasons; the web words them (e.g. {code:'distance_km', value:3.2} → 距离 3.2 公里). */
export const rankReason = z.discriminatedUnion("code", [
	z.object({
		code: z.literal("skill"),
		level: z.number(),
		inherited: z.boolean(),
	}),
	z.object({ code: z.literal("no_skill") }),
	z.object({ code: z.literal("no_one_skilled") }),
	z.object({ code: z.literal("region"), match: z.enum(["exact", "parent"]) }),
	z.object({ code: z.literal("region_outside") }),
	z.object({ code: z.literal("region_unknown") }),
	z.object({ code: z.literal("open_jobs"), value: z.number() }),
	z.object({ code: z.literal("appointments_that_day"), value: z.number() }),
	z.object({ code: z.literal("distance_km"), value: z.number() }),
	z.object({ code: z.literal("distance_unknown") }),
	z.object({ code: z.literal("declined_before") }),
]);
export type RankReason = z.infer<typeof rankReason>;

export const dispatchCandidate = z.object({
	technicianId: z.string(),
	name: z.string(),
	phone: z.string().nullable(),
	rank: z.number(),
	score: z.number(),
	skillLevel: z.number().nullable(),
	regionMatch: z.enum(["exact", "parent", "outside", "unknown"]),
	openJobs: z.number(),
	appointmentsThatDay: z.number(),
	distanceKm: z.number().nullable(),
	reasons: z.array(rankReason),
});
export type DispatchCandidate = z.infer<typeof dispatchCandidate>;

export const dispatchCandidatesQuery = z.object({
	/** the day of the appointment (appointments that day); default today in the company time zone */
	date: isoDate.optional(),
});
export const dispatchCandidates = z.object({
	job: z.object({
		caseId: z.string(),
		categoryId: z.string().nullable(),
		categoryName: z.string().nullable(),
		regionId: z.string().nullable(),
		regionName: z.string().nullable(),
		latitude: z.number().nullable(),
		longitude: z.number().nullable(),
		date: z.string(),
	}),
	items: z.array(dispatchCandidate),
});
export type DispatchCandidates = z.infer<typeof dispatchCandidates>;

// ── dispatch board and a technician's jobs ─────────────────────────────────────────────────────
export const dayQuery = z.object({ date: isoDate.optional() });

export const boardAppointment = z.object({
	appointmentId: z.string(),
	caseId: z.string(),
	caseNumber: z.string(),
	title: z.string(),
	caseState: z.string(),
	urgency: caseUrgency,
	customerName: z.string().nullable(),
	address: z.string().nullable(),
	start: z.string(),
	end: z.string(),
	state: appointmentState,
});
export type BoardAppointment = z.infer<typeof boardAppointment>;

export const dispatchBoard = z.object({
	date: z.string(),
	technicians: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			phone: z.string().nullable(),
			active: z.boolean(),
			openJobs: z.number(),
			appointments: z.array(boardAppointment),
		}),
	),
});
export type DispatchBoard = z.infer<typeof dispatchBoard>;

export const technicianJob = z.object({
	caseId: z.string(),
	caseNumber: z.string(),
	title: z.string(),
	description: z.string().nullable(),
	state: z.string(),
	urgency: caseUrgency,
	customerName: z.string().nullable(),
	contactName: z.string().nullable(),
	contactPhone: z.string().nullable(),
	address: z.string().nullable(),
	latitude: z.number().nullable(),
	longitude: z.number().nullable(),
	productName: z.string().nullable(),
	serialNumber: z.string().nullable(),
	warrantyStatus: warrantyStatus,
	appointment: z.object({ start: z.string(), end: z.string() }).nullable(),
	version: z.number(),
});
export type TechnicianJob = z.infer<typeof technicianJob>;
export const technicianJobs = z.object({
	date: z.string(),
	items: z.array(technicianJob),
});
export type TechnicianJobs = z.infer<typeof technicianJobs>;

// ── settings and technician bases ──────────────────────────────────────────────────────────────
export const dispatchWeights = z.object({
	skill: z.number().min(0).max(100),
	region: z.number().min(0).max(100),
	workload: z.number().min(0).max(100),
	appointments: z.number().min(0).max(100),
	distance: z.number().min(0).max(100),
});

export const repairSettings = z.object({
	/** a case reaching 待派单 is dispatched to the top candidate by the sweeper */
	autoDispatch: z.boolean(),
	/** auto-dispatch: the appointment window starts at the next full hour and lasts this long */
	autoDispatchWindowHours: z.number(),
	weights: dispatchWeights,
	/** distance at which the distance part of the score reaches zero */
	maxDistanceKm: z.number(),
	/** product categories whose repairs need quality inspection (质量检验, R-REP-7); sub-categories included */
	inspectionCategoryIds: z.array(z.string()),
	version: z.number(),
	updatedAt: z.string().nullable(),
});
export type RepairSettings = z.infer<typeof repairSettings>;

export const updateRepairSettingsRequest = z.object({
	version: versionField,
	autoDispatch: z.boolean(),
	autoDispatchWindowHours: z.number().int().min(1).max(24),
	weights: dispatchWeights.refine((w) => Object.values(w).some((v) => v > 0), {
		message: "至少一个权重大于0 (one weight above 0)",
	}),
	maxDistanceKm: z.number().min(1).max(5000),
	inspectionCategoryIds: z.array(z.uuid()).max(500),
});
export type UpdateRepairSettingsRequest = z.infer<
	typeof updateRepairSettingsRequest
>;

export const technicianBase = z.object({
	userId: z.string(),
	latitude: z.number(),
	longitude: z.number(),
	address: z.string().nullable(),
	version: z.number(),
	updatedAt: z.string(),
});
export type TechnicianBase = z.infer<typeof technicianBase>;

export const putTechnicianBaseRequest = z.object({
	latitude,
	longitude,
	address: trimmed(300).nullable().optional(),
	/** the version read; omit to create */
	version: versionField.optional(),
});
export type PutTechnicianBaseRequest = z.infer<typeof putTechnicianBaseRequest>;
