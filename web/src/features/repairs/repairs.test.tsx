import {
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
import { repairsFeature } from "./index";
import { messages } from "./messages";

afterEach(() => {
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
