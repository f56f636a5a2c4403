/**
 * Dispatch (派单, R-REP-3, R-REP-4): ranked technician candidates for a repair case, the dispatch
 * board (technicians × one day's appointments), a technician's own jobs, optional auto-dispatch
 * (due work 'repairs.auto_dispatch'), and the technicians' base locations used for distance.
 * The dispatch itself is a workflow action (repairs.service.ts, action 'dispatch').
 */
import type {
	DispatchBoard,
	DispatchCandidate,
	DispatchCandidates,
	PutTechnicianBaseRequest,
	RepairSettings,
	TechnicianBase,
	TechnicianJobs,
} from "../../../contracts/repairs.js";
import { recordAudit } from "../../platform/audit.js";
import {
	addDays,
	localDateOf,
	type WorkingCalendar,
	wallTimeToInstant,
} from "../../platform/calendar/index.js";
import { inTransaction, type ServiceContext } from "../../platform/context.js";
import { type DueWorkItem, scheduleDueWork } from "../../platform/due-work.js";
import {
	BadRequestError,
	ForbiddenError,
	NotFoundError,
} from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { enqueueMessage } from "../../platform/outbox.js";
import { assertCan, can } from "../../platform/permissions.js";
import { updateVersioned } from "../../platform/versioning.js";
import { loadCompanyCalendar } from "../calendar/calendar.service.js";
import {
	assertCanReadCase,
	type CaseRecord,
	getCaseRecord,
	recordCaseEvent,
	transitionCase,
} from "../cases/cases.service.js";
import {
	type DispatchJob,
	pathToRoot,
	rankTechnicians,
} from "./dispatch.rank.js";
import * as repo from "./repairs.repository.js";
import { readRepairSettings } from "./repairs.settings.js";

export const AUTO_DISPATCH_KIND = "repairs.auto_dispatch";

export function companyCalendarOf(
	ctx: ServiceContext,
): Promise<WorkingCalendar> {
	return loadCompanyCalendar(ctx.db, {
		fallbackTimeZone: ctx.config.companyTimeZone,
	});
}

/** [00:00, next 00:00) of a local date in the company time zone, as ISO instants. */
export function dayBounds(
	date: string,
	timeZone: string,
): { from: string; to: string } {
	return {
		from: wallTimeToInstant(date, 0, timeZone).toISOString(),
		to: wallTimeToInstant(addDays(date, 1), 0, timeZone).toISOString(),
	};
}

export interface JobContext {
	job: DispatchJob;
	categoryId: string | null;
	categoryName: string | null;
	regionName: string | null;
}

/** What the ranking needs about a case: the product category path, the region path, the coordinates. */
export async function jobContextOf(
	tx: ServiceContext,
	c: CaseRecord,
): Promise<JobContext> {
	const product = c.productId
		? await repo.findProduct(tx.db, c.productId)
		: undefined;
	const [categories, regions] = await Promise.all([
		repo.categoryTree(tx.db),
		repo.regionTree(tx.db),
	]);
	const categoryParent = new Map(categories.map((r) => [r.id, r.parent_id]));
	const regionParent = new Map(regions.map((r) => [r.id, r.parent_id]));
	const categoryId = product?.category_id ?? null;
	return {
		job: {
			categoryPath: pathToRoot(categoryId, categoryParent),
			regionPath: pathToRoot(c.regionId, regionParent),
			location:
				c.latitude !== null && c.longitude !== null
					? { latitude: c.latitude, longitude: c.longitude }
					: null,
		},
		categoryId,
		categoryName: categories.find((r) => r.id === categoryId)?.name ?? null,
		regionName: regions.find((r) => r.id === c.regionId)?.name ?? null,
	};
}

/** The technicians for a case, best first (appointments counted on `date`). */
export async function rankForCase(
	tx: ServiceContext,
	c: CaseRecord,
	date: string,
	settings: Pick<RepairSettings, "weights" | "maxDistanceKm">,
	options: { context?: JobContext; calendar?: WorkingCalendar } = {},
): Promise<DispatchCandidate[]> {
	const cal = options.calendar ?? (await companyCalendarOf(tx));
	const context = options.context ?? (await jobContextOf(tx, c));
	const [profiles, declined] = await Promise.all([
		repo.technicianProfiles(tx.db, dayBounds(date, cal.timeZone)),
		repo.declinedTechnicians(tx.db, c.id),
	]);
	const phones = new Map(profiles.map((p) => [p.id, p.phone]));
	const ranked = rankTechnicians(
		context.job,
		profiles.map((p) => ({ ...p, declinedBefore: declined.has(p.id) })),
		tx.clock.now(),
		{ weights: settings.weights, maxDistanceKm: settings.maxDistanceKm },
	);
	return ranked.map((r) => ({
		...r,
		phone: phones.get(r.technicianId) ?? null,
	}));
}

/** GET /cases/:id/dispatch-candidates */
export async function getDispatchCandidates(
	ctx: ServiceContext,
	caseId: string,
	date?: string,
): Promise<DispatchCandidates> {
	assertCan(ctx.actor, "repair.dispatch");
	const c = await getCaseRecord(ctx, caseId);
	await assertCanReadCase(ctx, c);
	if (!(await repo.findOrderByCase(ctx.db, caseId)))
		throw new NotFoundError("repair_order", caseId);
	const cal = await companyCalendarOf(ctx);
	const day = date ?? localDateOf(ctx.clock.now(), cal);
	const settings = await readRepairSettings(ctx.db);
	const context = await jobContextOf(ctx, c);
	const items = await rankForCase(ctx, c, day, settings, {
		context,
		calendar: cal,
	});
	return {
		job: {
			caseId,
			categoryId: context.categoryId,
			categoryName: context.categoryName,
			regionId: c.regionId,
			regionName: context.regionName,
			latitude: c.latitude,
			longitude: c.longitude,
			date: day,
		},
		items,
	};
}

/** GET /dispatch/board?date= — every technician with his appointments that day (scheduled and done). */
export async function getDispatchBoard(
	ctx: ServiceContext,
	date?: string,
): Promise<DispatchBoard> {
	assertCan(ctx.actor, "repair.dispatch");
	const cal = await companyCalendarOf(ctx);
	const day = date ?? localDateOf(ctx.clock.now(), cal);
	const { from, to } = dayBounds(day, cal.timeZone);
	const [technicians, appointments] = await Promise.all([
		repo.technicianList(ctx.db),
		repo.appointmentsBetween(ctx.db, from, to),
	]);
	const byTechnician = new Map<
		string,
		DispatchBoard["technicians"][number]["appointments"]
	>();
	for (const a of appointments) {
		const list = byTechnician.get(a.technician_id) ?? [];
		list.push({
			appointmentId: a.appointment_id,
			caseId: a.case_id,
			caseNumber: a.number,
			title: a.title,
			caseState: a.state,
			urgency: a.urgency,
			customerName: a.customer_name,
			address: a.address,
			start: a.window_start,
			end: a.window_end,
			state: a.appointment_state,
		});
		byTechnician.set(a.technician_id, list);
	}
	return {
		date: day,
		technicians: technicians
			.filter((t) => t.status === "active" || byTechnician.has(t.id))
			.map((t) => ({
				id: t.id,
				name: t.display_name,
				phone: t.phone,
				active: t.status === "active",
				openJobs: t.open_jobs,
				appointments: byTechnician.get(t.id) ?? [],
			})),
	};
}

const NOT_STARTED = new Set(["dispatched", "accepted"]);

/**
 * GET /my/jobs?date= — the technician's open jobs for the day: appointments that day, and every job
 * already under way (travelling, on site, in progress …) whatever its appointment day. Appointment
 * order, then the number.
 */
export async function getMyJobs(
	ctx: ServiceContext,
	date?: string,
): Promise<TechnicianJobs> {
	assertCan(ctx.actor, "case.read");
	if (ctx.actor.kind !== "user")
		throw new ForbiddenError("只有用户有自己的工单 (users only)");
	const cal = await companyCalendarOf(ctx);
	const day = date ?? localDateOf(ctx.clock.now(), cal);
	const rows = await repo.openJobsOf(ctx.db, ctx.actor.id);
	const items = rows
		.filter((r) => {
			const startDay = r.window_start
				? localDateOf(new Date(r.window_start), cal)
				: null;
			return startDay === day || !NOT_STARTED.has(r.state);
		})
		.map((r) => ({
			caseId: r.case_id,
			caseNumber: r.number,
			title: r.title,
			description: r.description,
			state: r.state,
			urgency: r.urgency,
			customerName: r.customer_name,
			contactName: r.contact_name,
			contactPhone: r.contact_phone,
			address: r.address,
			latitude: r.latitude === null ? null : Number(r.latitude),
			longitude: r.longitude === null ? null : Number(r.longitude),
			productName: r.product_name,
			serialNumber: r.serial_number,
			warrantyStatus: r.warranty_status,
			appointment:
				r.window_start && r.window_end
					? { start: r.window_start, end: r.window_end }
					: null,
			version: Number(r.version),
		}))
		.sort((a, b) => {
			const sa = a.appointment?.start ?? "9999";
			const sb = b.appointment?.start ?? "9999";
			return sa < sb ? -1 : sa > sb ? 1 : a.caseNumber < b.caseNumber ? -1 : 1;
		});
	return { date: day, items };
}

// ---------------------------------------------------------------------------------------------
// Auto-dispatch (optional, setting autoDispatch)

/** Schedule auto-dispatch of a case that reached 待派单 (no-op when the setting is off). */
export async function scheduleAutoDispatch(
	tx: ServiceContext,
	caseId: string,
	caseVersion: number,
): Promise<void> {
	const settings = await readRepairSettings(tx.db);
	if (!settings.autoDispatch) return;
	await scheduleDueWork(tx, {
		kind: AUTO_DISPATCH_KIND,
		refId: caseId,
		dueAt: tx.clock.now().toISOString(),
		dedupeKey: `${AUTO_DISPATCH_KIND}:${caseId}:v${caseVersion}`,
		payload: { caseId },
	});
}

/** The next full hour after `now`. */
export function nextFullHour(now: Date): Date {
	const t = new Date(now.getTime());
	t.setUTCMinutes(0, 0, 0);
	return new Date(t.getTime() + 3_600_000);
}

/**
 * Due-work handler: dispatch the case to the top candidate (those who declined it are left out),
 * window = the next full hour + the setting's hours. Does nothing when the case moved on meanwhile.
 */
export async function autoDispatch(
	tx: ServiceContext,
	item: DueWorkItem,
): Promise<void> {
	const caseId = String(item.payload?.caseId ?? "");
	const row = await tx.db
		.selectFrom("cases")
		.select("id")
		.where("id", "=", caseId)
		.executeTakeFirst();
	if (!row) return;
	const c = await getCaseRecord(tx, caseId);
	if (c.state !== "awaiting_dispatch") return;
	const settings = await readRepairSettings(tx.db);
	if (!settings.autoDispatch) return;
	const cal = await companyCalendarOf(tx);
	const start = nextFullHour(tx.clock.now());
	const end = new Date(
		start.getTime() + settings.autoDispatchWindowHours * 3_600_000,
	);
	const ranked = (
		await rankForCase(tx, c, localDateOf(start, cal), settings, {
			calendar: cal,
		})
	).filter((r) => !r.reasons.some((x) => x.code === "declined_before"));
	if (ranked.length === 0) {
		await recordCaseEvent(tx, caseId, {
			kind: "auto_dispatch_failed",
			note: "没有可派的维修工程师 (no technician available)",
		});
		await enqueueMessage(tx, {
			channel: "in_app",
			recipient: c.ownerId,
			subject: `工单 ${c.number} 自动派单失败`,
			body: `工单 ${c.number}「${c.title}」没有可派的维修工程师，请人工派单。`,
			related: { entity: "case", id: caseId },
			templateKey: "repair.auto_dispatch_failed",
			dedupeKey: `${item.id}:failed`,
		});
		return;
	}
	await transitionCase(
		tx,
		caseId,
		{
			action: "dispatch",
			version: c.version,
			note: "自动派单 (auto-dispatch)",
			data: {
				technicianId: ranked[0].technicianId,
				window: { start: start.toISOString(), end: end.toISOString() },
			},
		},
		{ calendar: cal },
	);
}

// ---------------------------------------------------------------------------------------------
// Technician bases (distance in the ranking)

function presentBase(row: repo.BaseRow): TechnicianBase {
	return {
		userId: row.user_id,
		latitude: Number(row.latitude),
		longitude: Number(row.longitude),
		address: row.address,
		version: Number(row.version),
		updatedAt: row.updated_at,
	};
}

function assertMayManageBase(ctx: ServiceContext, userId: string) {
	if (ctx.actor.id === userId) return;
	if (can(ctx.actor, "staff.write") || can(ctx.actor, "repair.dispatch"))
		return;
	throw new ForbiddenError("只能维护自己的出发地点 (only your own base)", {
		permission: "staff.write",
	});
}

export async function getTechnicianBase(
	ctx: ServiceContext,
	userId: string,
): Promise<TechnicianBase> {
	assertCan(ctx.actor, "staff.read");
	const row = await repo.findBase(ctx.db, userId);
	if (!row) throw new NotFoundError("technician_base", userId);
	return presentBase(row);
}

/** Create (no version) or move (with the version read) a technician's base. */
export async function putTechnicianBase(
	ctx: ServiceContext,
	userId: string,
	input: PutTechnicianBaseRequest,
): Promise<TechnicianBase> {
	assertMayManageBase(ctx, userId);
	return inTransaction(ctx, async (tx) => {
		const tech = await repo.findTechnician(tx.db, userId);
		if (!tech) throw new NotFoundError("user", userId);
		if (!tech.is_technician) {
			throw new BadRequestError("该用户不是维修工程师 (not a technician)", [
				{ path: ["params", "id"], message: "not a technician" },
			]);
		}
		const existing = await repo.findBase(tx.db, userId);
		const now = tx.clock.now().toISOString();
		const fields = {
			latitude: input.latitude,
			longitude: input.longitude,
			address: input.address ?? null,
		};
		if (!existing) {
			if (input.version !== undefined)
				throw new NotFoundError("technician_base", userId);
			const row = {
				id: newId(),
				user_id: userId,
				...fields,
				created_at: now,
				updated_at: now,
			};
			await repo.insertBase(tx.db, row);
			await recordAudit(tx, {
				entity: "technician_base",
				entityId: row.id,
				action: "create",
				after: row,
			});
		} else {
			if (input.version === undefined) {
				throw new BadRequestError(
					"修改出发地点需要版本号 (version is required)",
					[{ path: ["body", "version"], message: "required" }],
				);
			}
			await updateVersioned(
				tx,
				"technician_bases",
				existing.id,
				input.version,
				fields,
				"technician_base",
			);
			await recordAudit(tx, {
				entity: "technician_base",
				entityId: existing.id,
				action: "update",
				before: {
					latitude: existing.latitude,
					longitude: existing.longitude,
					address: existing.address,
				},
				after: fields,
			});
		}
		return presentBase((await repo.findBase(tx.db, userId))!);
	});
}
