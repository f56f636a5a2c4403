import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dueWorkHandlers } from "../../jobs.js";
import { runDueWork } from "../../platform/due-work.js";
import {
	createTestApp,
	type TestApp,
	type TestClient,
} from "../../testing/app.js";
import { prepareCaseCore } from "../../testing/factories/cases.js";
import { makeCategory } from "../../testing/factories/catalog.js";
import {
	customerInput,
	makeProduct,
	unitInput,
} from "../../testing/factories/customers.js";
import {
	makeSparePart,
	makeVan,
	stockUp,
} from "../../testing/factories/parts.js";
import { makeRegion } from "../../testing/factories/staff.js";
import { createCustomer } from "../customers/customers.service.js";
import { createUnit } from "../customers/units.service.js";
import { ensureNotificationTemplates } from "../notifications/notifications.service.js";

/**
 * Repair work orders and dispatch through HTTP on a real database (R-REP-1..9): review, ranked
 * dispatch, the technician's field work with a part from his van, self-check, the customer's
 * signature, completion and closure with the deadlines met; rework, inspection, paid repair,
 * escalation, reschedule history, per-record access, illegal order, concurrent dispatch.
 * The clock starts on Monday 2 March 2026, 10:00 in Shanghai.
 */

// a 1×1 PNG, as the signature pad sends it
const SIGNATURE =
	"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const MON_1000 = "2026-03-02T02:00:00.000Z";
const window = (startIso: string, hours = 2) => ({
	start: startIso,
	end: new Date(Date.parse(startIso) + hours * 3_600_000).toISOString(),
});
// Monday 14:00–16:00 Shanghai
const MON_AFTERNOON = window("2026-03-02T06:00:00.000Z");

describe("repairs", () => {
	let t: TestApp;
	let agent: TestClient;
	let agent2: TestClient;
	let supervisor: TestClient;
	let quality: TestClient;
	let admin: TestClient;
	let tech1: TestClient; // skilled (level 4), in the district, base at the customer
	let tech2: TestClient; // skilled (level 2), covers the city, base about 20 km away
	let tech3: TestClient; // no skill for the category
	let categoryId: string;
	let inWarrantyUnit: { id: string; customerId: string };
	let expiredUnit: { id: string; customerId: string };
	let expiredUnit2: { id: string; customerId: string };
	let partId: string;
	let vanId: string;

	const JOB = { latitude: 22.54, longitude: 113.95 };

	beforeAll(async () => {
		t = await createTestApp({
			now: MON_1000,
			config: { sessionTtlHours: 24 * 365 },
		});
		const sys = t.systemContext();
		await prepareCaseCore(sys);
		await ensureNotificationTemplates(sys);
		const province = await makeRegion(sys, { name: "广东省" });
		const city = await makeRegion(sys, {
			name: "深圳市",
			parentId: province.id,
		});
		const district = await makeRegion(sys, {
			name: "南山区",
			parentId: city.id,
		});
		categoryId = (await makeCategory(sys, { name: "空调" })).id;
		const product = await makeProduct(t.database.db, {
			categoryId,
			postRepairWarrantyDays: 90,
		});

		agent = await t.userWith(["agent"]);
		agent2 = await t.userWith(["agent"]);
		supervisor = await t.userWith(["supervisor"]);
		quality = await t.userWith(["quality"]);
		admin = await t.userWith(["admin"]);
		tech1 = await t.userWith(["technician"]);
		tech2 = await t.userWith(["technician"]);
		tech3 = await t.userWith(["technician"]);
		const db = t.database.db;
		await db
			.insertInto("user_skills")
			.values([
				{ user_id: tech1.userId, category_id: categoryId, level: 4 },
				{ user_id: tech2.userId, category_id: categoryId, level: 2 },
			])
			.execute();
		await db
			.insertInto("user_regions")
			.values([
				{ user_id: tech1.userId, region_id: district.id },
				{ user_id: tech2.userId, region_id: city.id },
				{ user_id: tech3.userId, region_id: district.id },
			])
			.execute();
		expect(
			(await tech1.put(`/api/v1/technicians/${tech1.userId}/base`, JOB))
				.statusCode,
		).toBe(200);
		expect(
			(
				await admin.put(`/api/v1/technicians/${tech2.userId}/base`, {
					latitude: 22.72,
					longitude: 113.95,
				})
			).statusCode,
		).toBe(200);
		await db
			.updateTable("users")
			.set({ phone: "13900000001" })
			.where("id", "=", tech1.userId)
			.execute();

		const customer = await createCustomer(sys, {
			...customerInput(),
			regionId: district.id,
			contacts: [
				{
					name: "王先生",
					role: "main_user",
					phone: "13800138111",
					email: "wang@example.com",
					isPrimary: true,
				},
			],
			addresses: [
				{
					province: "广东省",
					city: "深圳市",
					district: "南山区",
					line: "科技园路1号",
					regionId: district.id,
					...JOB,
					isDefault: true,
				},
			],
		});
		inWarrantyUnit = await createUnit(
			sys,
			unitInput(product.id, customer.id, { purchaseDate: "2025-12-01" }),
		);
		expiredUnit = await createUnit(
			sys,
			unitInput(product.id, customer.id, { purchaseDate: "2020-01-01" }),
		);
		expiredUnit2 = await createUnit(
			sys,
			unitInput(product.id, customer.id, { purchaseDate: "2019-06-01" }),
		);

		partId = (await makeSparePart(sys, { name: "压缩机电容" })).id;
		vanId = (await makeVan(sys, tech1.userId)).id;
		await stockUp(sys, vanId, partId, 5);
	});
	afterAll(async () => t.close());

	const db = () => t.database.db;
	const repairOf = async (client: TestClient, caseId: string) => {
		const res = await client.get(`/api/v1/cases/${caseId}/repair`);
		expect(res.statusCode, res.body).toBe(200);
		return res.json();
	};
	const act = (
		client: TestClient,
		caseId: string,
		version: number,
		action: string,
		data?: unknown,
		note?: string,
	) =>
		client.post(`/api/v1/cases/${caseId}/repair/actions`, {
			action,
			version,
			...(data ? { data } : {}),
			...(note ? { note } : {}),
		});
	/** take an action and expect it to succeed; returns the job */
	const ok = async (
		client: TestClient,
		caseId: string,
		action: string,
		data?: unknown,
		note?: string,
	) => {
		const current = await repairOf(client, caseId);
		const res = await act(
			client,
			caseId,
			current.case.version,
			action,
			data,
			note,
		);
		expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
		return res.json();
	};
	const openRepair = async (
		unitId = inWarrantyUnit.id,
		extra: Record<string, unknown> = {},
	) => {
		const res = await agent.post("/api/v1/cases", {
			type: "repair",
			channel: "phone",
			unitId,
			title: "空调不制冷",
			description: "外机不转",
			onSiteRequired: true,
			...extra,
		});
		expect(res.statusCode, res.body).toBe(201);
		return res.json().case.id as string;
	};
	const dispatchTo = async (
		caseId: string,
		technician: TestClient,
		extra: Record<string, unknown> = {},
	) => {
		const current = await repairOf(agent, caseId);
		const res = await agent.post(`/api/v1/cases/${caseId}/dispatch`, {
			technicianId: technician.userId,
			window: MON_AFTERNOON,
			version: current.case.version,
			...extra,
		});
		expect(res.statusCode, res.body).toBe(200);
		return res.json();
	};
	/** open → review → dispatch to tech1 → accept → travel → check in → start → record work */
	const toWork = async (unitId = inWarrantyUnit.id) => workOn(await openRepair(unitId));
	/** an opened repair case: review → dispatch to tech1 → accept → travel → check in → start → record work */
	const workOn = async (caseId: string) => {
		await ok(agent, caseId, "review", { dataVerified: true, onSite: true });
		await dispatchTo(caseId, tech1);
		await ok(tech1, caseId, "accept");
		await ok(tech1, caseId, "start_travel");
		await ok(tech1, caseId, "check_in", {
			latitude: 22.541,
			longitude: 113.951,
		});
		await ok(tech1, caseId, "start_work");
		await ok(tech1, caseId, "record_work", {
			diagnosis: "启动电容损坏",
			workDone: "更换启动电容",
			labourMinutes: 45,
		});
		return caseId;
	};
	const toAcceptance = async (unitId = inWarrantyUnit.id) => {
		const caseId = await toWork(unitId);
		await ok(tech1, caseId, "self_check", {
			result: "试机30分钟制冷正常",
			usageAdvice: "定期清洗滤网",
		});
		await ok(tech1, caseId, "request_acceptance");
		return caseId;
	};
	const deadline = (job: any, metric: string) =>
		job.case.deadlines.find((d: any) => d.metric === metric);
	const levelAtVan = async (column: "on_hand" | "reserved") =>
		Number(
			(
				await db()
					.selectFrom("stock_levels")
					.select(column)
					.where("location_id", "=", vanId)
					.where("part_id", "=", partId)
					.executeTakeFirstOrThrow()
			)[column],
		);
	const stockAtVan = () => levelAtVan("on_hand");
	const reservedAtVan = () => levelAtVan("reserved");

	it("runs a repair from the call to closure: review, ranked dispatch, field work with a van part, signature, completion, closure — deadlines met", async () => {
		// the on-site arrival deadline starts at dispatch when a policy exists
		const policy = await admin.post("/api/v1/sla-policies", {
			caseType: "repair",
			metric: "on_site_arrival",
			amount: 8,
			unit: "business_hours",
			startsAtOpen: false,
		});
		expect(policy.statusCode, policy.body).toBe(201);

		const caseId = await openRepair();
		let job = await repairOf(agent, caseId);
		expect(job.case.state).toBe("reviewing");
		expect(job.case.number).toMatch(/^BX-2026-\d{6}$/);
		expect(job.repair.warranty).toMatchObject({
			status: "in_warranty",
			reason: "catalogue_default",
			warrantyEnd: "2026-11-30",
		});
		expect(job.repair.onSite).toBe(true);
		expect(job.repair.inspectionRequired).toBe(false);
		expect(job.repair.allowedActions).toEqual([
			"reply",
			"review",
			"decline_scope",
			"cancel",
		]);
		expect(deadline(job, "first_reply").state).toBe("running");

		// review: data verified, in scope, in warranty, on site → first reply met
		job = await ok(agent, caseId, "review", {
			dataVerified: true,
			onSite: true,
		});
		expect(job.case.state).toBe("awaiting_dispatch");
		expect(job.repair.review).toMatchObject({
			dataVerified: true,
			inScope: true,
			reviewedBy: { id: agent.userId },
		});
		// 未分配 queue: the reviewed job waits there for 派单 (and leaves it once dispatched, below)
		const unassignedIds = async () =>
			(await agent.get("/api/v1/cases?queue=unassigned&limit=500")).json().items.map((c: any) => c.id);
		expect(await unassignedIds()).toContain(caseId);
		expect(deadline(job, "first_reply").state).toBe("met");
		expect(job.case.firstRepliedAt).not.toBeNull();

		// ranked candidates with reasons: tech1 first, tech2 second, tech3 (no skill) not offered
		const candidates = await agent.get(
			`/api/v1/cases/${caseId}/dispatch-candidates?date=2026-03-02`,
		);
		expect(candidates.statusCode, candidates.body).toBe(200);
		const { job: where, items } = candidates.json();
		expect(where).toMatchObject({
			categoryId,
			categoryName: "空调",
			regionName: "南山区",
			date: "2026-03-02",
		});
		expect(items.map((c: any) => c.technicianId)).toEqual([
			tech1.userId,
			tech2.userId,
		]);
		expect(items[0]).toMatchObject({
			rank: 1,
			skillLevel: 4,
			regionMatch: "exact",
			distanceKm: 0,
			openJobs: 0,
			phone: "13900000001",
		});
		expect(items[0].reasons).toEqual([
			{ code: "skill", level: 4, inherited: false },
			{ code: "region", match: "exact" },
			{ code: "open_jobs", value: 0 },
			{ code: "appointments_that_day", value: 0 },
			{ code: "distance_km", value: 0 },
		]);
		expect(items[1]).toMatchObject({
			rank: 2,
			skillLevel: 2,
			regionMatch: "parent",
		});
		expect(items[1].distanceKm).toBeCloseTo(20, 0);
		expect(items[1].score).toBeLessThan(items[0].score);

		// another technician than the top one needs a reason; nothing changes without one
		const before = await repairOf(agent, caseId);
		const refused = await agent.post(`/api/v1/cases/${caseId}/dispatch`, {
			technicianId: tech2.userId,
			window: MON_AFTERNOON,
			version: before.case.version,
		});
		expect(refused.statusCode).toBe(422);
		expect(refused.json().error).toMatchObject({
			code: "override_reason_required",
			details: { path: ["body", "overrideReason"] },
		});
		expect((await repairOf(agent, caseId)).case.version).toBe(
			before.case.version,
		);

		job = await dispatchTo(caseId, tech1);
		expect(job.case.state).toBe("dispatched");
		expect(await unassignedIds()).not.toContain(caseId);
		expect(job.repair.technician).toEqual({
			id: tech1.userId,
			name: expect.any(String),
			phone: "13900000001",
		});
		expect(job.repair.appointment).toMatchObject({
			start: MON_AFTERNOON.start,
			end: MON_AFTERNOON.end,
			state: "scheduled",
		});
		expect(job.repair.dispatches).toEqual([
			expect.objectContaining({
				mode: "manual",
				rank: 1,
				outcome: "pending",
				overrideReason: null,
				dispatchedBy: expect.objectContaining({ id: agent.userId }),
			}),
		]);
		expect(deadline(job, "on_site_arrival").state).toBe("running");
		expect(job.case.timeline.map((e: any) => e.kind)).toContain("dispatched");
		// the technician is told about the job
		const techMessages = await db()
			.selectFrom("outbox_messages")
			.selectAll()
			.where("template_key", "=", "technician.job")
			.execute();
		expect(
			techMessages.some(
				(m) => m.recipient === tech1.userId && m.related_id === caseId,
			),
		).toBe(true);

		// the technician sees his job; the others do not
		const mine = await tech1.get("/api/v1/my/jobs?date=2026-03-02");
		expect(mine.statusCode).toBe(200);
		expect(mine.json().items.map((j: any) => j.caseId)).toContain(caseId);
		expect((await tech2.get(`/api/v1/cases/${caseId}/repair`)).statusCode).toBe(
			403,
		);
		expect(
			(await act(tech2, caseId, job.case.version, "accept")).statusCode,
		).toBe(403);
		expect(
			(await tech2.get("/api/v1/my/jobs?date=2026-03-02")).json().items,
		).toEqual([]);

		// accept: the customer gets the technician's name, phone and window
		job = await ok(tech1, caseId, "accept");
		expect(job.case.state).toBe("accepted");
		expect(job.repair.dispatches[0].outcome).toBe("accepted");
		const toCustomer = await db()
			.selectFrom("outbox_messages")
			.selectAll()
			.where("template_key", "=", "appointment.scheduled")
			.where("related_id", "=", caseId)
			.execute();
		expect(toCustomer.length).toBeGreaterThan(0);
		expect(toCustomer.map((m) => m.body).join("\n")).toContain("13900000001");

		// out of order → 409 with what is allowed
		const early = await act(tech1, caseId, job.case.version, "check_in", {});
		expect(early.statusCode).toBe(409);
		expect(early.json().error).toMatchObject({ code: "illegal_transition" });
		expect(early.json().error.details.allowedActions).toContain("start_travel");
		// an on-site job cannot start without the check-in
		const noCheckIn = await act(tech1, caseId, job.case.version, "start_work");
		expect(noCheckIn.statusCode).toBe(422);
		expect(noCheckIn.json().error.code).toBe("check_in_required");

		t.clock.set("2026-03-02T06:10:00.000Z");
		await ok(tech1, caseId, "start_travel");
		t.clock.set("2026-03-02T06:40:00.000Z");
		job = await ok(tech1, caseId, "check_in", {
			latitude: 22.5405,
			longitude: 113.9502,
		});
		expect(job.case.state).toBe("on_site");
		expect(job.repair.fieldWork).toMatchObject({
			checkedInAt: "2026-03-02T06:40:00.000Z",
			checkInLatitude: 22.5405,
		});
		expect(job.repair.appointment.state).toBe("done");
		expect(deadline(job, "on_site_arrival").state).toBe("met");

		await ok(tech1, caseId, "start_work");
		// self-check needs the diagnosis and the work done first
		let current = await repairOf(tech1, caseId);
		const tooSoon = await act(
			tech1,
			caseId,
			current.case.version,
			"self_check",
			{ result: "正常", usageAdvice: "注意" },
		);
		expect(tooSoon.statusCode).toBe(422);
		expect(tooSoon.json().error.code).toBe("work_not_recorded");

		job = await ok(tech1, caseId, "record_work", {
			diagnosis: "启动电容损坏",
			workDone: "更换启动电容，补充冷媒",
			toolsUsed: ["万用表", "压力表"],
			labourMinutes: 50,
		});
		expect(job.repair.fieldWork).toMatchObject({
			diagnosis: "启动电容损坏",
			toolsUsed: ["万用表", "压力表"],
			labourMinutes: 50,
		});

		// two capacitors held on his van for this job (预留): the part used comes from what is held
		const held = await tech1.post("/api/v1/stock/reserve", {
			reference: { type: "case", id: job.case.number },
			lines: [{ partId, locationId: vanId, quantity: 2 }],
		});
		expect(held.statusCode).toBe(200);
		expect(await reservedAtVan()).toBe(2);
		// a part from his van, issued in the same transaction as the work record
		job = await ok(tech1, caseId, "use_parts", {
			lines: [{ partId, locationId: vanId, quantity: 1 }],
		});
		expect(job.repair.parts).toEqual([
			expect.objectContaining({
				partId,
				locationId: vanId,
				kind: "issue",
				quantity: 1,
				partName: "压缩机电容",
			}),
		]);
		expect(await stockAtVan()).toBe(4);
		const movement = await db()
			.selectFrom("stock_movements")
			.selectAll()
			.where("kind", "=", "issue")
			.where("location_id", "=", vanId)
			.execute();
		expect(movement.map((m) => m.reference_id)).toContain(job.case.number);
		expect(movement[0].reservation_id).toBe(held.json().reservations[0].id);
		expect(await reservedAtVan()).toBe(1);
		// more than the van holds → 409, nothing issued, nothing recorded
		current = await repairOf(tech1, caseId);
		const tooMany = await act(
			tech1,
			caseId,
			current.case.version,
			"use_parts",
			{
				lines: [{ partId, locationId: vanId, quantity: 99 }],
			},
		);
		expect(tooMany.statusCode).toBe(409);
		expect(tooMany.json().error.code).toBe("insufficient_stock");
		expect(await stockAtVan()).toBe(4);
		expect((await repairOf(tech1, caseId)).repair.parts).toHaveLength(1);

		job = await ok(tech1, caseId, "self_check", {
			result: "试机30分钟，制冷正常",
			usageAdvice: "每月清洗一次滤网",
		});
		expect(job.case.state).toBe("self_checked");
		expect(job.repair.completion).toMatchObject({
			selfCheck: "试机30分钟，制冷正常",
			usageAdvice: "每月清洗一次滤网",
			postRepairWarrantyDays: 90,
		});
		await ok(tech1, caseId, "request_acceptance");

		// the customer signs on the technician's phone → completed (no inspection for this category)
		t.clock.set("2026-03-02T08:00:00.000Z");
		job = await ok(tech1, caseId, "customer_accept", {
			signerName: "王先生",
			signature: SIGNATURE,
			comment: "满意",
		});
		expect(job.case.state).toBe("completed");
		expect(job.repair.acceptance).toMatchObject({
			result: "accepted",
			signerName: "王先生",
			comment: "满意",
		});
		const signature = await db()
			.selectFrom("attachments")
			.selectAll()
			.where("id", "=", job.repair.acceptance.signatureId)
			.executeTakeFirstOrThrow();
		expect(signature).toMatchObject({
			entity: "case",
			entity_id: caseId,
			mime_type: "image/png",
			source: "signature",
		});
		expect(job.repair.completion.completedAt).toBe("2026-03-02T08:00:00.000Z");
		// 90 days not counting the day of completion (the warranty module's rule)
		expect(job.repair.completion.postRepairWarrantyEnd).toBe("2026-05-31");
		expect(deadline(job, "resolution").state).toBe("met");
		expect(job.case.resolvedAt).toBe("2026-03-02T08:00:00.000Z");
		expect(job.repair.reworkCount).toBe(0);

		// the agent closes after telling the customer
		job = await ok(agent, caseId, "close", { customerInformed: true });
		expect(job.case.state).toBe("closed");
		// the capacitor held and not used goes back to the van's free stock at closing
		expect(await reservedAtVan()).toBe(0);
		expect(await stockAtVan()).toBe(4);
		const reservation = (
			await agent.get(
				`/api/v1/stock-reservations?referenceType=case&referenceId=${job.case.number}`,
			)
		).json().items[0];
		expect(reservation).toMatchObject({ state: "issued", issuedQuantity: 1, releasedQuantity: 1, remaining: 0 });
		expect(job.case.closedAt).not.toBeNull();
		expect(job.repair.allowedActions).toEqual([]);
		expect(job.case.deadlines.every((d: any) => d.state === "met")).toBe(true);
		const unitRepair = await db()
			.selectFrom("unit_repairs")
			.selectAll()
			.where("case_id", "=", caseId)
			.executeTakeFirstOrThrow();
		expect(unitRepair).toMatchObject({
			unit_id: inWarrantyUnit.id,
			completed_on: "2026-03-02",
			warranty_days: 90,
			warranty_end: "2026-05-31",
		});
		const closedMail = await db()
			.selectFrom("outbox_messages")
			.selectAll()
			.where("template_key", "=", "case.closed")
			.where("related_id", "=", caseId)
			.execute();
		expect(closedMail.length).toBeGreaterThan(0);

		// every step is on the timeline and in the audit log
		const actions = job.case.timeline
			.filter((e: any) => e.kind === "action")
			.map((e: any) => e.action);
		expect(actions).toEqual([
			"review",
			"dispatch",
			"accept",
			"start_travel",
			"check_in",
			"start_work",
			"record_work",
			"use_parts",
			"self_check",
			"request_acceptance",
			"customer_accept",
			"complete",
			"close",
		]);
		const audits = await db()
			.selectFrom("audit_log")
			.select("action")
			.where("entity", "=", "repair_order")
			.where("entity_id", "=", job.repair.id)
			.execute();
		expect(audits.map((a) => a.action)).toEqual(
			expect.arrayContaining([
				"create",
				"review",
				"dispatch",
				"check_in",
				"customer_accept",
				"complete",
				"close",
			]),
		);
		t.clock.set(MON_1000);
	});

	it("an urgent repair: the 30-minute call-back is met by the review, the 24-hour repair limit by the completion", async () => {
		const caseId = await openRepair(inWarrantyUnit.id, { urgency: "high" });
		let job = await repairOf(agent, caseId);
		expect(deadline(job, "customer_contact")).toMatchObject({
			state: "running",
			dueAt: "2026-03-02T02:30:00.000Z",
		});
		expect(deadline(job, "resolution")).toMatchObject({
			state: "running",
			dueAt: "2026-03-03T02:00:00.000Z",
		});
		t.clock.set("2026-03-02T02:20:00.000Z");
		job = await ok(
			agent,
			caseId,
			"reply",
			undefined,
			"已电话联系客户，工程师两小时内上门",
		);
		expect(deadline(job, "customer_contact").state).toBe("met");
		expect(deadline(job, "first_reply").state).toBe("met");
		expect(job.case.state).toBe("reviewing");
		await ok(agent, caseId, "cancel", undefined, "测试结束");
		t.clock.set(MON_1000);
	});

	it("a rejected acceptance sends the job back to work and counts as rework", async () => {
		const caseId = await toAcceptance();
		const current = await repairOf(tech1, caseId);
		const noReason = await act(
			tech1,
			caseId,
			current.case.version,
			"customer_reject",
			{},
		);
		expect(noReason.statusCode).toBe(400);
		let job = await ok(
			tech1,
			caseId,
			"customer_reject",
			{ signerName: "王先生" },
			"仍有异响",
		);
		expect(job.case.state).toBe("in_progress");
		expect(job.repair.reworkCount).toBe(1);
		expect(job.repair.acceptance).toMatchObject({
			result: "rejected",
			comment: "仍有异响",
		});
		expect(
			job.case.timeline.some(
				(e: any) => e.kind === "rework" && e.data.reworkCount === 1,
			),
		).toBe(true);

		await ok(tech1, caseId, "record_work", {
			workDone: "更换启动电容，紧固外机支架",
		});
		await ok(tech1, caseId, "self_check", {
			result: "无异响",
			usageAdvice: "定期检查",
		});
		await ok(tech1, caseId, "request_acceptance");
		job = await ok(tech1, caseId, "customer_accept", {
			signerName: "王先生",
			signature: SIGNATURE,
		});
		expect(job.case.state).toBe("completed");
		expect(job.repair.reworkCount).toBe(1);
	});

	it("quality inspection where the policy asks for it; a failed inspection returns the order to the technician", async () => {
		const s = (await admin.get("/api/v1/repairs/settings")).json();
		const put = await admin.put("/api/v1/repairs/settings", {
			version: s.version,
			autoDispatch: false,
			autoDispatchWindowHours: 4,
			weights: s.weights,
			maxDistanceKm: s.maxDistanceKm,
			inspectionCategoryIds: [categoryId],
		});
		expect(put.statusCode, put.body).toBe(200);
		try {
			const caseId = await toAcceptance();
			expect((await repairOf(agent, caseId)).repair.inspectionRequired).toBe(
				true,
			);
			let job = await ok(tech1, caseId, "customer_accept", {
				signerName: "王先生",
				signature: SIGNATURE,
			});
			expect(job.case.state).toBe("inspection");
			expect(deadline(job, "resolution").state).toBe("running");
			// only quality inspects
			expect(job.repair.allowedActions).toEqual([]);
			expect(
				(await act(tech1, caseId, job.case.version, "pass_inspection"))
					.statusCode,
			).toBe(409);
			const forQuality = await repairOf(quality, caseId);
			expect(forQuality.repair.allowedActions).toEqual([
				"pass_inspection",
				"fail_inspection",
			]);

			job = await ok(
				quality,
				caseId,
				"fail_inspection",
				undefined,
				"制冷量不足",
			);
			expect(job.case.state).toBe("in_progress");
			expect(job.repair.inspection).toMatchObject({
				result: "failed",
				failCount: 1,
				note: "制冷量不足",
			});
			expect(job.repair.reworkCount).toBe(1);
			expect(job.repair.acceptance).toBeNull();
			const told = await db()
				.selectFrom("outbox_messages")
				.selectAll()
				.where("template_key", "=", "repair.inspection_failed")
				.execute();
			expect(
				told.some(
					(m) => m.recipient === tech1.userId && m.related_id === caseId,
				),
			).toBe(true);

			await ok(tech1, caseId, "record_work", {
				workDone: "补充冷媒至标准压力",
			});
			await ok(tech1, caseId, "self_check", {
				result: "制冷量达标",
				usageAdvice: "定期清洗",
			});
			await ok(tech1, caseId, "request_acceptance");
			job = await ok(tech1, caseId, "customer_accept", {
				signerName: "王先生",
				signature: SIGNATURE,
			});
			expect(job.case.state).toBe("inspection");
			job = await ok(quality, caseId, "pass_inspection", undefined, "合格");
			expect(job.case.state).toBe("completed");
			expect(job.repair.inspection).toMatchObject({
				result: "passed",
				failCount: 1,
				inspectedBy: { id: quality.userId },
			});
			expect(deadline(job, "resolution").state).toBe("met");
			job = await ok(agent, caseId, "close", { customerInformed: true });
			expect(job.case.state).toBe("closed");
		} finally {
			const now = (await admin.get("/api/v1/repairs/settings")).json();
			await admin.put("/api/v1/repairs/settings", {
				...now,
				inspectionCategoryIds: [],
				updatedAt: undefined,
			});
		}
	});

	it("paid repair out of warranty: quote, the clock stops while the customer decides, consent, charge, close", async () => {
		const caseId = await toWork(expiredUnit.id);
		let job = await repairOf(tech1, caseId);
		expect(job.repair.warranty.status).toBe("out_of_warranty");
		job = await ok(tech1, caseId, "quote", {
			lines: [
				{ kind: "parts", description: "启动电容", amountFen: 8_000 },
				{ kind: "labour", description: "上门维修工时", amountFen: 12_000 },
			],
		});
		expect(job.case.state).toBe("awaiting_quote_consent");
		expect(job.repair.paid).toMatchObject({ quoteFen: 20_000, consent: null });
		expect(job.case.waitingOn).toBe("customer");
		expect(deadline(job, "resolution").state).toBe("paused");
		// nothing can be charged before consent
		expect(
			(
				await act(tech1, caseId, job.case.version, "record_charge", {
					amountFen: 20_000,
					method: "cash",
				})
			).statusCode,
		).toBe(409);

		t.clock.advance(3_600_000);
		job = await ok(agent, caseId, "record_consent", {
			consentBy: "王先生",
			channel: "phone",
		});
		expect(job.case.state).toBe("in_progress");
		expect(job.case.waitingOn).toBeNull();
		expect(deadline(job, "resolution").state).toBe("running");
		expect(job.repair.paid).toMatchObject({
			consent: "given",
			consentBy: "王先生",
			consentChannel: "phone",
		});

		await ok(tech1, caseId, "self_check", {
			result: "正常",
			usageAdvice: "注意保养",
		});
		await ok(tech1, caseId, "request_acceptance");
		job = await ok(tech1, caseId, "customer_accept", {
			signerName: "王先生",
			signature: SIGNATURE,
		});
		expect(job.case.state).toBe("completed");
		// closing a paid repair needs the charge; more than the quote is refused
		const noCharge = await act(agent, caseId, job.case.version, "close", {
			customerInformed: true,
		});
		expect(noCharge.statusCode).toBe(422);
		expect(noCharge.json().error.code).toBe("charge_missing");
		const tooMuch = await act(
			tech1,
			caseId,
			job.case.version,
			"record_charge",
			{ amountFen: 20_001, method: "cash" },
		);
		expect(tooMuch.statusCode).toBe(422);
		expect(tooMuch.json().error.code).toBe("charge_exceeds_quote");
		job = await ok(tech1, caseId, "record_charge", {
			amountFen: 20_000,
			method: "wechat_pay",
			note: "现场收款",
		});
		expect(job.repair.paid.chargedFen).toBe(20_000);
		expect(job.repair.paid.charges).toEqual([
			expect.objectContaining({
				amountFen: 20_000,
				method: "wechat_pay",
				recordedBy: expect.objectContaining({ id: tech1.userId }),
			}),
		]);
		job = await ok(agent, caseId, "close", { customerInformed: true });
		expect(job.case.state).toBe("closed");
		t.clock.set(MON_1000);
	});

	it("after a closed repair the next case on the unit is in warranty by the post-repair warranty (R-WAR-1)", async () => {
		// the paid repair above closed a repair on the unit bought in 2020, completed 2026-03-02, 90 days
		const caseId = await openRepair(expiredUnit.id);
		const job = await repairOf(agent, caseId);
		expect(job.repair.warranty).toMatchObject({
			status: "in_warranty",
			reason: "post_repair",
			warrantyEnd: "2026-05-31",
		});
		await ok(agent, caseId, "cancel", undefined, "客户已自行修好");
	});

	it("a warranty claim decided as repair by a repair case completes when that repair case completes", async () => {
		const claimAction = async (caseId: string, body: Record<string, unknown>) => {
			const current = (await agent.get(`/api/v1/warranty/claims/${caseId}`)).json();
			const res = await agent.post(`/api/v1/warranty/claims/${caseId}/actions`, {
				version: current.case.version,
				...body,
			});
			expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
			return res.json();
		};
		const opened = await agent.post("/api/v1/warranty/claims", {
			type: "warranty_claim",
			channel: "phone",
			unitId: inWarrantyUnit.id,
			title: "空调保修：不制冷",
		});
		expect(opened.statusCode, opened.body).toBe(201);
		const claimId = opened.json().case.id as string;
		await claimAction(claimId, { action: "reply", note: "已收到保修申请" });
		await claimAction(claimId, { action: "review" });
		let claim = await claimAction(claimId, {
			action: "decide_repair",
			data: { mode: "repair_case" },
		});
		expect(claim.case.state).toBe("repairing");
		const repairCaseId = claim.claim.repairCase.id as string;
		expect(claim.claim.repairCase.number).toMatch(/^BX-2026-/);

		// the repair runs its course; the claim waits for it
		await workOn(repairCaseId);
		await ok(tech1, repairCaseId, "self_check", {
			result: "试机30分钟制冷正常",
			usageAdvice: "定期清洗滤网",
		});
		await ok(tech1, repairCaseId, "request_acceptance");
		expect(
			(await agent.get(`/api/v1/warranty/claims/${claimId}`)).json().case.state,
		).toBe("repairing");

		// the customer's signature completes the repair and, in the same command, the claim
		const job = await ok(tech1, repairCaseId, "customer_accept", {
			signerName: "王先生",
			signature: SIGNATURE,
		});
		expect(job.case.state).toBe("completed");
		claim = (await agent.get(`/api/v1/warranty/claims/${claimId}`)).json();
		expect(claim.case.state).toBe("completed");
		const completion = claim.case.timeline.find(
			(e: any) => e.kind === "action" && e.action === "complete",
		);
		expect(completion.note).toContain(job.case.number);

		// closing the repair afterwards changes nothing more on the claim
		await ok(agent, repairCaseId, "close", { customerInformed: true });
		const after = (await agent.get(`/api/v1/warranty/claims/${claimId}`)).json();
		expect(after.case).toMatchObject({ state: "completed", version: claim.case.version });
	});

	it("paid repair refused by the customer closes the order unrepaired; a unit in warranty needs a reason to be charged", async () => {
		const inWarranty = await toWork();
		const current = await repairOf(tech1, inWarranty);
		const free = await act(tech1, inWarranty, current.case.version, "quote", {
			lines: [{ kind: "labour", description: "工时", amountFen: 5_000 }],
		});
		expect(free.statusCode).toBe(422);
		expect(free.json().error).toMatchObject({
			code: "in_warranty",
			details: { path: ["body", "data", "reason"] },
		});
		await ok(agent, inWarranty, "cancel", undefined, "测试结束");

		const caseId = await toWork(expiredUnit2.id);
		await ok(tech1, caseId, "quote", {
			lines: [{ kind: "parts", description: "主板", amountFen: 50_000 }],
		});
		const job = await ok(agent, caseId, "record_refusal", {
			consentBy: "王先生",
			channel: "phone",
		});
		expect(job.case.state).toBe("closed_unrepaired");
		expect(job.case.waitingOn).toBeNull();
		expect(job.repair.paid.consent).toBe("refused");
		expect(
			job.case.deadlines.filter(
				(d: any) => d.state === "running" || d.state === "paused",
			),
		).toEqual([]);
	});

	it("technicians act only on their own jobs and only in order", async () => {
		const caseId = await openRepair();
		await ok(agent, caseId, "review", { dataVerified: true, onSite: true });
		// a technician cannot review or dispatch
		const v = (await repairOf(agent, caseId)).case.version;
		expect(
			(
				await act(tech1, caseId, v, "review", {
					dataVerified: true,
					onSite: true,
				})
			).statusCode,
		).toBe(403);
		await dispatchTo(caseId, tech1);
		const job = await repairOf(tech1, caseId);
		expect(job.repair.allowedActions).toEqual([
			"reschedule",
			"accept",
			"decline",
		]);
		// the agent sees the dispatch actions, not the technician's
		expect((await repairOf(agent, caseId)).repair.allowedActions).toEqual([
			"reply",
			"dispatch",
			"reschedule",
			"cancel",
		]);
		// agent trying a technician's action → 409 with the agent's actions
		const res = await act(agent, caseId, job.case.version, "accept");
		expect(res.statusCode).toBe(409);
		expect(res.json().error.details.allowedActions).toEqual(
			expect.arrayContaining(["dispatch", "reschedule", "cancel"]),
		);
		// another technician: 403 on read and on every action, also through the generic case endpoint
		expect((await tech2.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(403);
		expect(
			(
				await tech2.post(`/api/v1/cases/${caseId}/actions`, {
					action: "accept",
					version: job.case.version,
				})
			).statusCode,
		).toBe(403);
		// stale version → 409
		await ok(tech1, caseId, "accept");
		const stale = await act(tech1, caseId, job.case.version, "start_travel");
		expect(stale.statusCode).toBe(409);
		expect(stale.json().error.code).toBe("version_conflict");
		// the generic case action endpoint runs the same rules
		const latest = await repairOf(tech1, caseId);
		const viaCore = await tech1.post(`/api/v1/cases/${caseId}/actions`, {
			action: "start_travel",
			version: latest.case.version,
		});
		expect(viaCore.statusCode, viaCore.body).toBe(200);
		expect(
			(await repairOf(tech1, caseId)).repair.fieldWork.travelStartedAt,
		).not.toBeNull();
		await ok(agent, caseId, "cancel", undefined, "客户取消");
		// a cancelled job leaves the technician's list
		expect(
			(await tech1.get("/api/v1/my/jobs"))
				.json()
				.items.map((j: any) => j.caseId),
		).not.toContain(caseId);
	});

	it("concurrent dispatch of the same case: exactly one wins, the other gets 409", async () => {
		const caseId = await openRepair();
		await ok(agent, caseId, "review", { dataVerified: true, onSite: true });
		const { case: c } = await repairOf(agent, caseId);
		const [a, b] = await Promise.all([
			agent.post(`/api/v1/cases/${caseId}/dispatch`, {
				technicianId: tech1.userId,
				window: MON_AFTERNOON,
				version: c.version,
			}),
			agent2.post(`/api/v1/cases/${caseId}/dispatch`, {
				technicianId: tech2.userId,
				window: MON_AFTERNOON,
				version: c.version,
				overrideReason: "客户指定",
			}),
		]);
		expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
		const loser = a.statusCode === 409 ? a : b;
		expect(loser.json().error.code).toBe("version_conflict");
		const appointments = await db()
			.selectFrom("repair_appointments")
			.selectAll()
			.where("case_id", "=", caseId)
			.execute();
		const dispatches = await db()
			.selectFrom("repair_dispatches")
			.selectAll()
			.where("case_id", "=", caseId)
			.execute();
		expect(appointments).toHaveLength(1);
		expect(dispatches).toHaveLength(1);
		await ok(agent, caseId, "cancel", undefined, "测试结束");
	});

	it("reschedule keeps the history and tells the customer; a declined job goes back to dispatch", async () => {
		const caseId = await openRepair();
		await ok(agent, caseId, "review", { dataVerified: true, onSite: true });
		await dispatchTo(caseId, tech1);
		const tuesday = window("2026-03-03T01:00:00.000Z");
		let job = await ok(agent, caseId, "reschedule", {
			window: tuesday,
			reason: "客户周一不在家",
		});
		expect(job.case.state).toBe("dispatched");
		expect(job.repair.appointment).toMatchObject({
			start: tuesday.start,
			end: tuesday.end,
		});
		await ok(tech1, caseId, "accept");
		const wednesday = window("2026-03-04T06:00:00.000Z", 3);
		job = await ok(tech1, caseId, "reschedule", {
			window: wednesday,
			reason: "前一单延误",
		});
		expect(job.repair.appointmentChanges).toEqual([
			expect.objectContaining({
				oldStart: MON_AFTERNOON.start,
				newStart: tuesday.start,
				reason: "客户周一不在家",
				changedBy: expect.objectContaining({ id: agent.userId }),
			}),
			expect.objectContaining({
				oldStart: tuesday.start,
				newStart: wednesday.start,
				newEnd: wednesday.end,
				reason: "前一单延误",
				changedBy: expect.objectContaining({ id: tech1.userId }),
			}),
		]);
		expect(
			job.case.timeline.filter((e: any) => e.kind === "rescheduled"),
		).toHaveLength(2);
		const notices = await db()
			.selectFrom("outbox_messages")
			.selectAll()
			.where("template_key", "=", "appointment.scheduled")
			.where("related_id", "=", caseId)
			.execute();
		expect(new Set(notices.map((n) => n.body)).size).toBeGreaterThanOrEqual(2);

		// the board shows the appointment on Wednesday under tech1
		const board = await agent.get("/api/v1/dispatch/board?date=2026-03-04");
		expect(board.statusCode).toBe(200);
		const row = board
			.json()
			.technicians.find((x: any) => x.id === tech1.userId);
		expect(row.appointments.map((a: any) => a.caseId)).toContain(caseId);
		expect(
			board.json().technicians.find((x: any) => x.id === tech2.userId)
				.appointments,
		).toEqual([]);
		expect((await tech1.get("/api/v1/dispatch/board")).statusCode).toBe(403);

		// a second case: dispatched then declined → back to dispatch, the decline shown in the ranking
		const other = await openRepair();
		await ok(agent, other, "review", { dataVerified: true, onSite: true });
		await dispatchTo(other, tech1);
		const v = (await repairOf(tech1, other)).case.version;
		expect((await act(tech1, other, v, "decline")).statusCode).toBe(400); // a reason is required
		job = await ok(tech1, other, "decline", undefined, "车辆故障");
		expect(job.case.state).toBe("awaiting_dispatch");
		expect(job.repair.allowedActions).toEqual([]);
		expect((await tech1.get(`/api/v1/cases/${other}/repair`)).statusCode).toBe(
			403,
		);
		const forAgent = await repairOf(agent, other);
		expect(forAgent.repair.technician).toBeNull();
		expect(forAgent.repair.dispatches[0]).toMatchObject({
			outcome: "declined",
			outcomeNote: "车辆故障",
		});
		const ranked = (
			await agent.get(`/api/v1/cases/${other}/dispatch-candidates`)
		).json().items;
		expect(
			ranked.find((r: any) => r.technicianId === tech1.userId).reasons,
		).toContainEqual({ code: "declined_before" });
		await ok(agent, other, "cancel", undefined, "测试结束");
		await ok(agent, caseId, "cancel", undefined, "测试结束");
	});

	it("escalation: the technician cannot fix it, the supervisor re-dispatches or sends the unit to the factory", async () => {
		const caseId = await toWork();
		let job = await ok(
			tech1,
			caseId,
			"escalate",
			undefined,
			"压缩机烧毁，需专业工具",
		);
		expect(job.case.state).toBe("escalated");
		expect(job.repair.escalation).toMatchObject({
			note: "压缩机烧毁，需专业工具",
			by: { id: tech1.userId },
		});
		const alerts = await db()
			.selectFrom("outbox_messages")
			.selectAll()
			.where("template_key", "=", "repair.escalated")
			.where("related_id", "=", caseId)
			.execute();
		expect(alerts.map((a) => a.recipient)).toEqual(
			expect.arrayContaining([supervisor.userId, agent.userId]),
		);
		// an agent cannot re-dispatch an escalated job; the supervisor can (tech2 is not the top candidate: reason)
		expect((await repairOf(agent, caseId)).repair.allowedActions).not.toContain(
			"dispatch",
		);
		const current = await repairOf(supervisor, caseId);
		expect(current.repair.allowedActions).toEqual(
			expect.arrayContaining(["dispatch", "send_to_factory"]),
		);
		const res = await supervisor.post(`/api/v1/cases/${caseId}/dispatch`, {
			technicianId: tech2.userId,
			window: window("2026-03-03T02:00:00.000Z"),
			version: current.case.version,
			overrideReason: "二级技师处理压缩机",
		});
		expect(res.statusCode, res.body).toBe(200);
		job = res.json();
		expect(job.case.state).toBe("dispatched");
		expect(job.repair.technician.id).toBe(tech2.userId);
		expect(job.repair.dispatches.map((d: any) => d.outcome)).toEqual([
			"withdrawn",
			"pending",
		]);
		expect(job.repair.dispatches[1].overrideReason).toBe("二级技师处理压缩机");
		expect((await tech1.get(`/api/v1/cases/${caseId}/repair`)).statusCode).toBe(
			403,
		);
		await ok(tech2, caseId, "accept");
		await ok(tech2, caseId, "start_travel");
		await ok(tech2, caseId, "check_in", {});
		job = await ok(tech2, caseId, "escalate", undefined, "需返厂");
		job = await ok(
			supervisor,
			caseId,
			"send_to_factory",
			undefined,
			"整机返厂维修",
		);
		expect(job.case.state).toBe("sent_to_factory");
		expect(job.case.closedAt).not.toBeNull();
		// the warranty module's RMA (返厂) takes over the unit's way to the factory and back
		const rma = await db()
			.selectFrom("rma_orders")
			.selectAll()
			.where("case_id", "=", caseId)
			.execute();
		expect(rma).toHaveLength(1);
		expect(rma[0]).toMatchObject({
			state: "to_ship",
			unit_id: inWarrantyUnit.id,
		});
		expect(job.repair.appointment.state).toBe("done");
	});

	it("auto-dispatch (setting): a reviewed case is dispatched to the top candidate by the sweeper", async () => {
		const s = (await admin.get("/api/v1/repairs/settings")).json();
		await admin.put("/api/v1/repairs/settings", {
			...s,
			updatedAt: undefined,
			autoDispatch: true,
		});
		try {
			const caseId = await openRepair();
			await ok(agent, caseId, "review", { dataVerified: true, onSite: true });
			const pending = await db()
				.selectFrom("due_work")
				.selectAll()
				.where("kind", "=", "repairs.auto_dispatch")
				.where("ref_id", "=", caseId)
				.execute();
			expect(pending).toHaveLength(1);
			const result = await runDueWork(
				{ db: db(), clock: t.clock, config: t.config },
				dueWorkHandlers(),
			);
			expect(result.failed).toBe(0);
			const job = await repairOf(agent, caseId);
			expect(job.case.state).toBe("dispatched");
			expect(job.repair.dispatches[0]).toMatchObject({ mode: "auto", rank: 1 });
			expect(job.repair.appointment.start).toBe("2026-03-02T03:00:00.000Z");
			// a second sweep does nothing more
			await runDueWork(
				{ db: db(), clock: t.clock, config: t.config },
				dueWorkHandlers(),
			);
			expect((await repairOf(agent, caseId)).repair.dispatches).toHaveLength(1);
			await ok(agent, caseId, "cancel", undefined, "测试结束");
		} finally {
			const now = (await admin.get("/api/v1/repairs/settings")).json();
			await admin.put("/api/v1/repairs/settings", {
				...now,
				updatedAt: undefined,
				autoDispatch: false,
			});
		}
	});

	it("bad input: clear 4xx with field paths and nothing changed", async () => {
		const caseId = await openRepair();
		const v = (await repairOf(agent, caseId)).case.version;
		const noVerify = await act(agent, caseId, v, "review", {
			dataVerified: false,
			onSite: true,
		});
		expect(noVerify.statusCode).toBe(400);
		expect(JSON.stringify(noVerify.json().error.details)).toContain(
			"dataVerified",
		);
		const override = await act(agent, caseId, v, "review", {
			dataVerified: true,
			onSite: true,
			warrantyStatus: "out_of_warranty",
		});
		expect(override.statusCode).toBe(400);
		expect(override.json().error.details[0].path).toEqual([
			"body",
			"data",
			"warrantyOverrideReason",
		]);
		await ok(agent, caseId, "review", {
			dataVerified: true,
			onSite: false,
			warrantyStatus: "out_of_warranty",
			warrantyOverrideReason: "人为损坏",
		});
		const job = await repairOf(agent, caseId);
		expect(job.repair.warranty).toMatchObject({
			status: "out_of_warranty",
			reason: "manual_override",
			overrideReason: "人为损坏",
		});
		expect(job.repair.onSite).toBe(false);

		const backwards = await agent.post(`/api/v1/cases/${caseId}/dispatch`, {
			technicianId: tech1.userId,
			window: { start: MON_AFTERNOON.end, end: MON_AFTERNOON.start },
			version: job.case.version,
		});
		expect(backwards.statusCode).toBe(400);
		expect(JSON.stringify(backwards.json().error.details)).toContain("window");
		const notTech = await agent.post(`/api/v1/cases/${caseId}/dispatch`, {
			technicianId: agent2.userId,
			window: MON_AFTERNOON,
			version: job.case.version,
		});
		expect(notTech.statusCode).toBe(400);
		expect(notTech.json().error.details[0].path).toEqual([
			"body",
			"technicianId",
		]);
		const badSignature = await act(
			agent,
			caseId,
			job.case.version,
			"customer_accept",
			{
				signerName: "王",
				signature: "data:image/jpeg;base64,AAAA",
			},
		);
		expect(badSignature.statusCode).toBe(400);
		expect((await repairOf(agent, caseId)).case.version).toBe(job.case.version);

		// not on site: the technician starts work without a check-in
		await dispatchTo(caseId, tech1);
		await ok(tech1, caseId, "accept");
		expect((await ok(tech1, caseId, "start_work")).case.state).toBe(
			"in_progress",
		);
		// a photo must be a file of this case
		const current = await repairOf(tech1, caseId);
		const photo = await act(
			tech1,
			caseId,
			current.case.version,
			"record_work",
			{
				photoIds: ["0190e0d8-0000-7000-8000-000000000000"],
			},
		);
		expect(photo.statusCode).toBe(400);
		expect(photo.json().error.details[0].path).toEqual([
			"body",
			"data",
			"photoIds",
			0,
		]);
		await ok(agent, caseId, "cancel", undefined, "测试结束");

		expect(
			(
				await agent.get(
					"/api/v1/cases/0190e0d8-0000-7000-8000-000000000000/repair",
				)
			).statusCode,
		).toBe(404);
		const consultation = await agent.post("/api/v1/cases", {
			type: "consultation",
			channel: "phone",
			unitId: inWarrantyUnit.id,
			title: "咨询保养",
		});
		expect(
			(await agent.get(`/api/v1/cases/${consultation.json().case.id}/repair`))
				.statusCode,
		).toBe(404);
		expect(
			(await tech1.put(`/api/v1/technicians/${tech2.userId}/base`, JOB))
				.statusCode,
		).toBe(403);
		expect((await agent.put("/api/v1/repairs/settings", {})).statusCode).toBe(
			400,
		);
	});

	it("every repair route is in the OpenAPI document", async () => {
		const res = await t.app.inject({ method: "GET", url: "/api/docs/json" });
		expect(res.statusCode).toBe(200);
		const paths = Object.keys(res.json().paths);
		for (const p of [
			"/api/v1/cases/{id}/repair",
			"/api/v1/cases/{id}/repair/actions",
			"/api/v1/cases/{id}/dispatch-candidates",
			"/api/v1/cases/{id}/dispatch",
			"/api/v1/dispatch/board",
			"/api/v1/my/jobs",
			"/api/v1/repairs/settings",
			"/api/v1/technicians/{id}/base",
		])
			expect(paths).toContain(p);
	});
});
