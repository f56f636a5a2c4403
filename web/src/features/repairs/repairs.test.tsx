import {
	act,
	cleanup,
	fireEvent,
	screen,
	waitFor,
	within,
} from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
	MockApiError,
	mockApi,
	renderApp,
	testScreen,
	testUser,
} from "../../app/testing";
import { casesFeature } from "../cases/index";
import { repairsFeature } from "./index";
import { messages } from "./messages";

afterEach(() => {
	vi.restoreAllMocks();
	cleanup();
	vi.unstubAllGlobals();
	testScreen.width = 1280;
});

const features = [repairsFeature];
const CASE = "0190f000-0000-7000-8000-0000000000c1";
const T1 = "0190f000-0000-7000-8000-0000000000a1";
const T2 = "0190f000-0000-7000-8000-0000000000a2";
const T0 = "2026-03-02T02:00:00.000Z";

function job(
	state: string,
	allowedActions: string[],
	repair: Record<string, unknown> = {},
) {
	return {
		case: {
			id: CASE,
			number: "BX-2026-000123",
			type: "repair",
			typeName: "报修",
			state,
			channel: "phone",
			title: "空调不制冷",
			customerId: "c1",
			customerName: "深圳市张三电器有限公司",
			unitId: "u1",
			serialNumber: "SN-001",
			severity: "general",
			urgency: "medium",
			onSiteRequired: true,
			owner: { id: "o1", name: "李客服" },
			waitingOn: null,
			escalated: false,
			escalationLevel: 0,
			nextDueAt: null,
			overdue: false,
			createdAt: T0,
			updatedAt: T0,
			version: 3,
			workflow: "repair",
			contactId: null,
			contactName: "王先生",
			contactPhone: "13800138111",
			contactEmail: null,
			productId: "p1",
			description: "外机不转",
			faultStartedOn: null,
			usageEnvironment: null,
			regionId: null,
			address: "广东省深圳市南山区科技园路1号",
			latitude: 22.54,
			longitude: 113.95,
			waitingSince: null,
			mergedIntoId: null,
			mergedInto: null,
			mergedFrom: [],
			firstRepliedAt: null,
			resolvedAt: null,
			closedAt: null,
			createdBy: null,
			customer: {
				id: "c1",
				code: "KH-1",
				name: "深圳市张三电器有限公司",
				class: "B",
				vip: false,
				keyAccount: false,
			},
			unit: {
				id: "u1",
				serialNumber: "SN-001",
				productId: "p1",
				productModel: "KFR-35",
				productName: "挂式空调",
				purchaseDate: "2025-12-01",
				warrantyEnd: "2026-11-30",
				inWarranty: true,
			},
			deadlines: [],
			allowedActions: [],
			links: [],
			timeline: [],
		},
		repair: {
			id: "r1",
			caseId: CASE,
			caseNumber: "BX-2026-000123",
			state,
			review: {
				dataVerified: true,
				inScope: true,
				reviewedAt: T0,
				reviewedBy: { id: "o1", name: "李客服" },
			},
			warranty: {
				status: "in_warranty",
				reason: "catalogue_default",
				warrantyEnd: "2026-11-30",
				overrideReason: null,
			},
			onSite: true,
			inspectionRequired: false,
			technician: null,
			appointment: null,
			appointmentChanges: [],
			dispatches: [],
			fieldWork: {
				dispatchedAt: null,
				acceptedAt: null,
				travelStartedAt: null,
				checkedInAt: null,
				checkInLatitude: null,
				checkInLongitude: null,
				workStartedAt: null,
				diagnosis: null,
				workDone: null,
				toolsUsed: [],
				labourMinutes: 0,
				photoIds: [],
			},
			parts: [],
			completion: {
				selfCheck: null,
				selfCheckedAt: null,
				usageAdvice: null,
				postRepairWarrantyDays: 90,
				postRepairWarrantyEnd: null,
				completedAt: null,
				closedAt: null,
			},
			acceptance: null,
			reworkCount: 0,
			inspection: {
				result: null,
				note: null,
				inspectedBy: null,
				inspectedAt: null,
				failCount: 0,
			},
			paid: {
				quoteFen: null,
				quoteLines: [],
				quoteReason: null,
				quotedAt: null,
				consent: null,
				consentAt: null,
				consentBy: null,
				consentChannel: null,
				chargedFen: 0,
				charges: [],
			},
			escalation: null,
			allowedActions,
			caseVersion: 3,
			...repair,
		},
	};
}

const candidates = {
	job: {
		caseId: CASE,
		categoryId: "k1",
		categoryName: "空调",
		regionId: null,
		regionName: "南山区",
		latitude: 22.54,
		longitude: 113.95,
		date: "2026-03-02",
	},
	items: [
		{
			technicianId: T1,
			name: "张师傅",
			phone: "13900000001",
			rank: 1,
			score: 92.5,
			skillLevel: 4,
			regionMatch: "exact",
			openJobs: 1,
			appointmentsThatDay: 0,
			distanceKm: 3.2,
			reasons: [
				{ code: "skill", level: 4, inherited: false },
				{ code: "region", match: "exact" },
				{ code: "open_jobs", value: 1 },
				{ code: "appointments_that_day", value: 0 },
				{ code: "distance_km", value: 3.2 },
			],
		},
		{
			technicianId: T2,
			name: "李师傅",
			phone: null,
			rank: 2,
			score: 61,
			skillLevel: 2,
			regionMatch: "outside",
			openJobs: 4,
			appointmentsThatDay: 2,
			distanceKm: null,
			reasons: [
				{ code: "skill", level: 2, inherited: true },
				{ code: "region_outside" },
				{ code: "open_jobs", value: 4 },
				{ code: "appointments_that_day", value: 2 },
				{ code: "distance_unknown" },
				{ code: "declined_before" },
			],
		},
	],
};

describe("repairs web", () => {
	it("every Chinese message has an English one", () => {
		const keys = (o: Record<string, unknown>, p = ""): string[] =>
			Object.entries(o).flatMap(([k, v]) =>
				v && typeof v === "object"
					? keys(v as Record<string, unknown>, `${p}${k}.`)
					: [`${p}${k}`],
			);
		expect(keys(messages.en).sort()).toEqual(keys(messages["zh-CN"]).sort());
	});

	it("dispatch: ranked technicians with their reasons in words; another than the top one needs a reason", async () => {
		const server = mockApi({
			[`GET /cases/${CASE}/repair`]: job("awaiting_dispatch", [
				"reply",
				"dispatch",
				"cancel",
			]),
			[`GET /cases/${CASE}/dispatch-candidates`]: candidates,
			[`POST /cases/${CASE}/dispatch`]: (body: any) =>
				body.overrideReason
					? job("dispatched", ["reply", "dispatch", "reschedule", "cancel"], {
							technician: { id: T2, name: "李师傅", phone: null },
						})
					: new MockApiError(
							422,
							"override_reason_required",
							"请填写改派理由",
							{ path: ["body", "overrideReason"] },
						),
		});
		renderApp({
			features,
			path: `/repairs/${CASE}`,
			user: testUser({ permissions: ["case.read", "repair.dispatch"] }),
		});
		expect(
			await screen.findByRole("heading", { name: "维修工单 BX-2026-000123" }),
		).toBeTruthy();
		expect(screen.getByTestId("warranty-status").textContent).toContain("在保");
		fireEvent.click(screen.getByTestId("repair-action-dispatch"));
		const dialog = await screen.findByRole("dialog");
		expect(await within(dialog).findByText("技能等级 4 级")).toBeTruthy();
		expect(within(dialog).getByText("距离 3.2 公里")).toBeTruthy();
		expect(within(dialog).getByText("负责该区域")).toBeTruthy();
		expect(within(dialog).getByText("技能等级 2 级（上级类别）")).toBeTruthy();
		expect(within(dialog).getByText("曾拒绝此单")).toBeTruthy();
		expect(within(dialog).queryByTestId("override-reason")).toBeNull();

		// the second candidate: the reason field appears and is required
		fireEvent.click(within(dialog).getByText("李师傅"));
		const reason = await within(dialog).findByTestId("override-reason");
		fireEvent.click(screen.getByTestId("dispatch-submit"));
		expect(await within(dialog).findByText("请填写原因")).toBeTruthy();
		expect(server.calls(`POST /cases/${CASE}/dispatch`)).toHaveLength(0);
		fireEvent.change(reason, { target: { value: "客户指定李师傅" } });
		fireEvent.click(screen.getByTestId("dispatch-submit"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/dispatch`)).toHaveLength(1),
		);
		const body = server.calls(`POST /cases/${CASE}/dispatch`)[0].body;
		expect(body).toMatchObject({
			technicianId: T2,
			overrideReason: "客户指定李师傅",
			version: 3,
		});
		expect(Date.parse(body.window.end)).toBeGreaterThan(
			Date.parse(body.window.start),
		);
		expect(await screen.findByText("李师傅")).toBeTruthy();
	});

	it("technician on a phone: the job shows big action buttons; recording the work sends the data", async () => {
		testScreen.width = 390;
		const server = mockApi({
			[`GET /cases/${CASE}/repair`]: job(
				"in_progress",
				[
					"record_work",
					"use_parts",
					"return_parts",
					"quote",
					"self_check",
					"escalate",
				],
				{
					technician: { id: T1, name: "张师傅", phone: "13900000001" },
				},
			),
			[`POST /cases/${CASE}/repair/actions`]: (body: any) =>
				job("in_progress", ["record_work", "self_check"], {
					fieldWork: {
						...job("x", []).repair.fieldWork,
						diagnosis: body.data.diagnosis,
						labourMinutes: body.data.labourMinutes,
					},
				}),
		});
		renderApp({
			features,
			path: `/repairs/${CASE}`,
			user: testUser({
				id: T1,
				roles: ["technician"],
				permissions: ["case.read", "repair.fieldwork"],
			}),
		});
		const buttons = await screen.findByTestId("repair-actions");
		expect(
			within(buttons)
				.getAllByRole("button")
				.map((b) => b.textContent?.replace(/\s/g, "")),
		).toEqual([
			"记录维修",
			"领用备件",
			"退回备件",
			"报价",
			"自检",
			"升级（无法修复）",
		]);
		expect(
			screen.getByRole("link", { name: /导航/ }).getAttribute("href"),
		).toContain("113.95,22.54");
		fireEvent.click(screen.getByTestId("repair-action-record_work"));
		const dialog = await screen.findByRole("dialog");
		fireEvent.change(within(dialog).getByTestId("diagnosis"), {
			target: { value: "启动电容损坏" },
		});
		fireEvent.change(within(dialog).getByTestId("labour-minutes"), {
			target: { value: "45" },
		});
		fireEvent.click(screen.getByTestId("repair-action-submit"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(
				1,
			),
		);
		expect(
			server.calls(`POST /cases/${CASE}/repair/actions`)[0].body,
		).toMatchObject({
			action: "record_work",
			version: 3,
			data: { diagnosis: "启动电容损坏", labourMinutes: 45 },
		});
		expect(await screen.findByText("启动电容损坏")).toBeTruthy();
	});

	it("parts held for the job: listed on the order, reserved from a van, released with a confirmation", async () => {
		const VAN = "0190f000-0000-7000-8000-0000000000e2";
		const PART = "0190f000-0000-7000-8000-0000000000b1";
		const reservation = {
			id: "0190f000-0000-7000-8000-0000000000d1",
			partId: PART,
			partCode: "CAP-35",
			partName: "启动电容",
			locationId: VAN,
			locationCode: "VAN-01",
			locationName: "张师傅车载库",
			quantity: 2,
			issuedQuantity: 0,
			releasedQuantity: 0,
			remaining: 2,
			reference: { type: "case", id: "BX-2026-000123" },
			state: "active",
			note: null,
			version: 1,
			createdAt: T0,
			updatedAt: T0,
		};
		let held: (typeof reservation)[] = [];
		const server = mockApi({
			[`GET /cases/${CASE}/repair`]: job("accepted", ["start_travel"], {
				technician: { id: T1, name: "张师傅", phone: "13900000001" },
			}),
			"GET /stock-reservations": () => ({ items: held, nextCursor: null }),
			"GET /stock-locations": {
				items: [
					{
						id: VAN,
						code: "VAN-01",
						name: "张师傅车载库",
						kind: "van",
						technicianUserId: T1,
						technicianName: "张师傅",
						address: null,
						archived: false,
						version: 1,
						createdAt: T0,
						updatedAt: T0,
					},
				],
				nextCursor: null,
			},
			"GET /spare-parts": {
				items: [
					{ id: PART, code: "CAP-35", name: "启动电容", specification: null },
				],
				nextCursor: null,
			},
			"POST /stock/reserve": () => {
				held = [reservation];
				return { movements: [], levels: [], reservations: [reservation] };
			},
			"POST /stock/release": () => {
				held = [];
				return { movements: [], levels: [], reservations: [] };
			},
		});
		renderApp({
			features,
			path: `/repairs/${CASE}`,
			user: testUser({
				id: T1,
				roles: ["technician"],
				permissions: ["case.read", "repair.fieldwork", "parts.read", "parts.issue"],
			}),
		});
		const panel = await screen.findByTestId("part-reservations");
		expect(await within(panel).findByText("没有为本工单预留的备件")).toBeTruthy();
		expect(
			server.calls("GET /stock-reservations")[0].url.searchParams.get("referenceId"),
		).toBe("BX-2026-000123");

		fireEvent.click(within(panel).getByTestId("reserve-parts"));
		const dialog = await screen.findByRole("dialog");
		expect(within(dialog).getByText("预留备件 — BX-2026-000123")).toBeTruthy();
		// nothing chosen: the form says what is missing and posts nothing
		fireEvent.click(screen.getByTestId("reserve-confirm"));
		expect(await within(dialog).findByText("请填写库位")).toBeTruthy();
		expect(server.calls("POST /stock/reserve")).toHaveLength(0);

		const choose = async (label: string, option: string) => {
			fireEvent.mouseDown(within(dialog).getByRole("combobox", { name: label }));
			const options = await screen.findAllByTitle(option);
			fireEvent.click(options[options.length - 1]);
		};
		await choose("库位", "VAN-01 张师傅车载库（张师傅）");
		fireEvent.change(within(dialog).getByRole("combobox", { name: "备件" }), {
			target: { value: "CAP" },
		});
		await choose("备件", "CAP-35 启动电容");
		fireEvent.change(within(dialog).getByTestId("reserve-quantity"), {
			target: { value: "2" },
		});
		fireEvent.click(screen.getByTestId("reserve-confirm"));
		await waitFor(() => expect(server.calls("POST /stock/reserve")).toHaveLength(1));
		expect(server.calls("POST /stock/reserve")[0].body).toEqual({
			reference: { type: "case", id: "BX-2026-000123" },
			lines: [{ partId: PART, locationId: VAN, quantity: 2 }],
			note: null,
		});
		const row = (await within(panel).findByText("CAP-35 启动电容")).closest("tr") as HTMLElement;
		expect(within(row).getByText("2")).toBeTruthy();

		fireEvent.click(within(row).getByTestId("release-reservation"));
		fireEvent.click(await screen.findByTestId("release-confirm"));
		await waitFor(() => expect(server.calls("POST /stock/release")).toHaveLength(1));
		expect(server.calls("POST /stock/release")[0].body).toEqual({ reservationId: reservation.id });
		expect(await within(panel).findByText("没有为本工单预留的备件")).toBeTruthy();
	});

	it("a reason is required to decline; the server refusing the order shows its message", async () => {
		const server = mockApi({
			[`GET /cases/${CASE}/repair`]: job("dispatched", [
				"reschedule",
				"accept",
				"decline",
			]),
			[`POST /cases/${CASE}/repair/actions`]: new MockApiError(
				409,
				"illegal_transition",
				'Action "decline" is not allowed',
				{
					state: "accepted",
					action: "decline",
					allowedActions: ["start_travel"],
				},
			),
		});
		renderApp({
			features,
			path: `/repairs/${CASE}`,
			user: testUser({
				id: T1,
				roles: ["technician"],
				permissions: ["case.read", "repair.fieldwork"],
			}),
		});
		fireEvent.click(await screen.findByTestId("repair-action-decline"));
		const dialog = await screen.findByRole("dialog");
		fireEvent.click(screen.getByTestId("repair-action-submit"));
		expect(await within(dialog).findByText("请填写原因")).toBeTruthy();
		expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(0);
		fireEvent.change(within(dialog).getByTestId("action-note"), {
			target: { value: "车辆故障" },
		});
		fireEvent.click(screen.getByTestId("repair-action-submit"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(
				1,
			),
		);
		expect(
			server.calls(`POST /cases/${CASE}/repair/actions`)[0].body,
		).toMatchObject({ action: "decline", note: "车辆故障" });
		expect(
			await screen.findByText("当前状态下不允许此操作，请刷新后重试"),
		).toBeTruthy();
	});

	it("my jobs: today’s visits with call and navigation", async () => {
		mockApi({
			"GET /my/jobs": {
				date: "2026-03-02",
				items: [
					{
						caseId: CASE,
						caseNumber: "BX-2026-000123",
						title: "空调不制冷",
						description: null,
						state: "accepted",
						urgency: "high",
						customerName: "深圳市张三电器有限公司",
						contactName: "王先生",
						contactPhone: "13800138111",
						address: "南山区科技园路1号",
						latitude: null,
						longitude: null,
						productName: "挂式空调",
						serialNumber: "SN-001",
						warrantyStatus: "out_of_warranty",
						appointment: {
							start: "2026-03-02T06:00:00.000Z",
							end: "2026-03-02T08:00:00.000Z",
						},
						version: 4,
					},
				],
			},
		});
		renderApp({
			features,
			path: "/my/jobs",
			user: testUser({
				roles: ["technician"],
				permissions: ["case.read", "repair.fieldwork"],
			}),
		});
		const card = await screen.findByTestId(`job-${CASE}`);
		expect(within(card).getByText("已接单")).toBeTruthy();
		expect(within(card).getByText("紧急")).toBeTruthy();
		expect(within(card).getByText(/预约 03-02 14:00–16:00/)).toBeTruthy();
		expect(within(card).getByText(/过保/)).toBeTruthy();
		expect(
			within(card).getByRole("link", { name: /拨打/ }).getAttribute("href"),
		).toBe("tel:13800138111");
		expect(
			within(card).getByRole("link", { name: /导航/ }).getAttribute("href"),
		).toContain(encodeURIComponent("南山区科技园路1号"));
	});

	it("dispatch board: technicians with their appointments of the day", async () => {
		const server = mockApi({
			"GET /dispatch/board": {
				date: "2026-03-02",
				technicians: [
					{
						id: T1,
						name: "张师傅",
						phone: "13900000001",
						active: true,
						openJobs: 2,
						appointments: [
							{
								appointmentId: "a1",
								caseId: CASE,
								caseNumber: "BX-2026-000123",
								title: "空调不制冷",
								caseState: "dispatched",
								urgency: "medium",
								customerName: "张三电器",
								address: "科技园路1号",
								start: "2026-03-02T06:00:00.000Z",
								end: "2026-03-02T08:00:00.000Z",
								state: "scheduled",
							},
						],
					},
					{
						id: T2,
						name: "李师傅",
						phone: null,
						active: true,
						openJobs: 0,
						appointments: [],
					},
				],
			},
		});
		renderApp({
			features,
			path: "/dispatch/board",
			user: testUser({ permissions: ["case.read", "repair.dispatch"] }),
		});
		const row = await screen.findByTestId(`board-${T1}`);
		expect(within(row).getByText(/14:00–16:00 BX-2026-000123/)).toBeTruthy();
		expect(screen.getByText("空闲")).toBeTruthy();
		expect(
			server.calls("GET /dispatch/board")[0].url.searchParams.get("date"),
		).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});
});

describe("the work order on the case page of a repair case", () => {
	const caseFeatures = [casesFeature, repairsFeature];
	const technician = testUser({
		id: T1,
		displayName: "张师傅",
		roles: ["technician"],
		permissions: [
			"case.read",
			"case.update",
			"repair.fieldwork",
			"parts.read",
			"parts.issue",
		],
	});
	const caseTypes = {
		items: [
			{
				code: "repair",
				nameZh: "报修",
				nameEn: "Repair request",
				numberPrefix: "BX",
				workflow: "repair",
				allowAnonymous: false,
				builtin: true,
				enabled: true,
				sortOrder: 10,
				version: 1,
				updatedAt: T0,
			},
		],
	};
	/** the job, and the case as GET /cases/:id returns it (the core's list of actions, wider than the order's) */
	function routes(
		state: string,
		caseActions: string[],
		orderActions: string[],
		repair: Record<string, unknown> = {},
		extra: Record<string, unknown> = {},
	) {
		const j = job(state, orderActions, {
			technician: { id: T1, name: "张师傅", phone: "13900000001" },
			...repair,
		});
		return {
			"GET /case-types": caseTypes,
			[`GET /cases/${CASE}/duplicates`]: { items: [] },
			[`GET /cases/${CASE}`]: { ...j.case, allowedActions: caseActions },
			[`GET /cases/${CASE}/repair`]: j,
			...extra,
		};
	}
	const workDone = {
		...job("x", []).repair.fieldWork,
		checkedInAt: T0,
		diagnosis: "启动电容损坏",
		workDone: "更换启动电容",
		labourMinutes: 45,
	};

	it("shows the order in a panel without buttons of its own, and each allowed action once as the page's button", async () => {
		mockApi(
			routes(
				"in_progress",
				// the core lists what the table allows for the role (charge without a quote, too)
				[
					"record_work",
					"use_parts",
					"return_parts",
					"escalate",
					"quote",
					"record_charge",
					"self_check",
					"wait_customer",
					"wait_parts",
					"wait_third_party",
				],
				// the order knows more: no charge before the customer agreed to a quote
				[
					"record_work",
					"use_parts",
					"return_parts",
					"escalate",
					"quote",
					"self_check",
				],
				{
					fieldWork: workDone,
					reworkCount: 1,
					parts: [
						{
							id: "pl1",
							kind: "issue",
							partId: "p1",
							partCode: "CAP-35",
							partName: "启动电容",
							unitOfMeasure: "个",
							locationId: "l1",
							locationName: "张师傅车载库",
							quantity: 1,
							at: T0,
						},
					],
				},
			),
		);
		renderApp({
			features: caseFeatures,
			path: `/cases/${CASE}`,
			user: technician,
		});
		const panel = await screen.findByTestId("repair-panel");
		expect(await within(panel).findByText("启动电容损坏")).toBeTruthy();
		expect(within(panel).getByText("CAP-35 启动电容")).toBeTruthy();
		expect(within(panel).getByText("张师傅")).toBeTruthy();
		expect(within(panel).getByText("45")).toBeTruthy();
		// the panel has no action buttons (its own buttons are the work order page's)
		expect(within(panel).queryByTestId("repair-actions")).toBeNull();
		expect(
			within(panel)
				.queryAllByRole("button")
				.map((b) => b.textContent?.replace(/\s/g, "")),
		).not.toContain("记录维修");
		// the page's buttons: the order's actions, then waiting — each once
		const actions = await screen.findByTestId("case-actions");
		const labels = within(actions)
			.getAllByRole("button")
			.map((b) => b.textContent?.replace(/\s/g, ""));
		expect(labels).toEqual([
			"记录维修",
			"使用备件",
			"退回备件",
			"升级",
			"报价",
			"自检",
			"等待客户",
			"等待备件",
			"等待第三方",
		]);
		for (const action of [
			"record_work",
			"use_parts",
			"return_parts",
			"escalate",
			"quote",
			"self_check",
		]) {
			expect(screen.getAllByTestId(`action-${action}`)).toHaveLength(1);
			expect(screen.queryByTestId(`repair-action-${action}`)).toBeNull();
		}
		expect(screen.queryByTestId("action-record_charge")).toBeNull();
	});

	it("record work from the case page opens the work order's form and posts to the repair actions", async () => {
		const server = mockApi(
			routes("in_progress", ["record_work", "self_check"], ["record_work", "self_check"], { fieldWork: workDone }, {
				[`POST /cases/${CASE}/repair/actions`]: (body: any) => {
					const next = job("in_progress", ["record_work", "self_check"], {
						technician: { id: T1, name: "张师傅", phone: "13900000001" },
						fieldWork: { ...workDone, diagnosis: body.data.diagnosis },
					});
					return { ...next, case: { ...next.case, version: 4 } };
				},
			}),
		);
		renderApp({
			features: caseFeatures,
			path: `/cases/${CASE}`,
			user: technician,
		});
		fireEvent.click(await screen.findByTestId("action-record_work"));
		const dialog = await screen.findByRole("dialog");
		// it starts from what was recorded so far
		const diagnosis = await within(dialog).findByTestId("diagnosis");
		expect((diagnosis as HTMLTextAreaElement).value).toBe("启动电容损坏");
		fireEvent.change(diagnosis, {
			target: { value: "压缩机过载保护器损坏" },
		});
		fireEvent.change(within(dialog).getByTestId("labour-minutes"), {
			target: { value: "30" },
		});
		fireEvent.click(within(dialog).getByTestId("action-confirm"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(1),
		);
		expect(server.calls(`POST /cases/${CASE}/repair/actions`)[0].body).toEqual({
			action: "record_work",
			version: 3,
			data: {
				diagnosis: "压缩机过载保护器损坏",
				workDone: "更换启动电容",
				toolsUsed: [],
				labourMinutes: 30,
			},
		});
		expect(server.calls(`POST /cases/${CASE}/actions`)).toHaveLength(0);
		expect(
			await within(screen.getByTestId("repair-panel")).findByText(
				"压缩机过载保护器损坏",
			),
		).toBeTruthy();
	});

	it("the quality inspector, who may not work cases, inspects from the case page: failing needs the reason", async () => {
		const server = mockApi(
			routes(
				"inspection",
				// the case core gives nobody without case.update an action
				[],
				["pass_inspection", "fail_inspection"],
				{ fieldWork: workDone, inspectionRequired: true },
				{
					[`POST /cases/${CASE}/repair/actions`]: () =>
						job("in_progress", [], { reworkCount: 1 }),
				},
			),
		);
		renderApp({
			features: caseFeatures,
			path: `/cases/${CASE}`,
			user: testUser({
				roles: ["quality"],
				permissions: ["case.read", "case.readAll", "repair.inspect"],
			}),
		});
		const actions = await screen.findByTestId("case-actions");
		expect(
			within(actions)
				.getAllByRole("button")
				.map((b) => b.textContent?.replace(/\s/g, "")),
		).toEqual(["检验合格", "检验不合格"]);
		fireEvent.click(screen.getByTestId("action-fail_inspection"));
		const dialog = await screen.findByRole("dialog");
		expect(
			within(await within(dialog).findByTestId("work-summary")).getByText(
				"启动电容损坏",
			),
		).toBeTruthy();
		fireEvent.click(within(dialog).getByTestId("action-confirm"));
		expect(await within(dialog).findByText("请填写说明")).toBeTruthy();
		expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(0);
		fireEvent.change(within(dialog).getByTestId("action-note"), {
			target: { value: "接线端子未紧固" },
		});
		fireEvent.click(within(dialog).getByTestId("action-confirm"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(1),
		);
		expect(server.calls(`POST /cases/${CASE}/repair/actions`)[0].body).toEqual({
			action: "fail_inspection",
			version: 3,
			note: "接线端子未紧固",
		});
	});

	it("the customer's acceptance: the signature drawn on the pad is posted as a PNG data URL", async () => {
		const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB";
		const strokes: string[] = [];
		const context = {
			scale: () => {},
			beginPath: () => strokes.push("begin"),
			moveTo: () => strokes.push("move"),
			lineTo: () => strokes.push("line"),
			stroke: () => {},
			clearRect: () => {},
		};
		vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(
			() => context as unknown as CanvasRenderingContext2D,
		);
		const toDataURL = vi
			.spyOn(HTMLCanvasElement.prototype, "toDataURL")
			.mockImplementation(() => PNG);
		const server = mockApi(
			routes(
				"awaiting_acceptance",
				["customer_accept", "customer_reject", "record_charge"],
				["customer_accept", "customer_reject"],
				{ fieldWork: workDone },
				{
					[`POST /cases/${CASE}/repair/actions`]: () =>
						job("completed", [], {
							technician: { id: T1, name: "张师傅", phone: "13900000001" },
						}),
				},
			),
		);
		const view = renderApp({
			features: caseFeatures,
			path: `/cases/${CASE}`,
			user: technician,
		});
		fireEvent.click(await screen.findByTestId("action-customer_accept"));
		const dialog = await screen.findByRole("dialog");
		// what the customer signs for
		expect(
			within(await within(dialog).findByTestId("work-summary")).getByText(
				"更换启动电容",
			),
		).toBeTruthy();
		// the signer is the contact; without a signature the form refuses
		expect(
			(within(dialog).getByTestId("signer-name") as HTMLInputElement).value,
		).toBe("王先生");
		fireEvent.click(within(dialog).getByTestId("action-confirm"));
		expect(await within(dialog).findByText("请客户签字")).toBeTruthy();
		expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(0);

		const pad = within(dialog).getByTestId("signature-pad");
		fireEvent.pointerDown(pad, { clientX: 10, clientY: 10, pointerId: 1 });
		fireEvent.pointerMove(pad, { clientX: 40, clientY: 30, pointerId: 1 });
		fireEvent.pointerMove(pad, { clientX: 80, clientY: 20, pointerId: 1 });
		fireEvent.pointerUp(pad, { clientX: 80, clientY: 20, pointerId: 1 });
		expect(strokes).toEqual(["begin", "move", "line", "line"]);
		expect(toDataURL).toHaveBeenCalledWith("image/png");
		// the case refreshes itself (deadlines) while the customer signs: the signature stays
		await act(async () => {
			view.queryClient.setQueryData(["cases", "detail", CASE], (old: any) => ({
				...old,
				updatedAt: new Date().toISOString(),
			}));
		});

		fireEvent.click(within(dialog).getByTestId("action-confirm"));
		await waitFor(() =>
			expect(server.calls(`POST /cases/${CASE}/repair/actions`)).toHaveLength(1),
		);
		const body = server.calls(`POST /cases/${CASE}/repair/actions`)[0].body;
		expect(body).toMatchObject({
			action: "customer_accept",
			version: 3,
			data: { signerName: "王先生", signature: PNG },
		});
		expect(body.data.signature).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
		await waitFor(() =>
			expect(screen.getByTestId("case-state").textContent).toBe("已完成"),
		);
	});
});
