import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponses, idParam } from "../../../contracts/common.js";
import {
	dayQuery,
	dispatchBoard,
	dispatchCandidates,
	dispatchCandidatesQuery,
	dispatchRequest,
	putTechnicianBaseRequest,
	repairActionRequest,
	repairJob,
	repairSettings,
	technicianBase,
	technicianJobs,
	updateRepairSettingsRequest,
} from "../../../contracts/repairs.js";
import { type AppDeps, contextOf } from "../../platform/http.js";
import * as dispatch from "./dispatch.service.js";
import * as repairs from "./repairs.service.js";
import * as settings from "./repairs.settings.js";

/** Repair work orders and dispatch under /api/v1. Thin: parse → one service call → response. */
export function repairsRoutes(deps: AppDeps) {
	return async (instance: FastifyInstance) => {
		const app = instance.withTypeProvider<ZodTypeProvider>();
		const tags = ["repairs"];

		app.get(
			"/cases/:id/repair",
			{
				schema: {
					tags,
					summary:
						"维修工单 The repair order of a case (with the case, its deadlines and timeline)",
					params: idParam,
					response: { 200: repairJob, ...errorResponses },
				},
			},
			async (request) =>
				repairs.getRepairJob(contextOf(request, deps), request.params.id),
		);
		app.post(
			"/cases/:id/repair/actions",
			{
				schema: {
					tags,
					summary:
						"维修操作 Take a repair action (review, accept, check in, record work, parts, quote, sign, inspect, close …)",
					params: idParam,
					body: repairActionRequest,
					response: { 200: repairJob, ...errorResponses },
				},
			},
			async (request) =>
				repairs.runRepairAction(
					contextOf(request, deps),
					request.params.id,
					request.body,
				),
		);
		app.get(
			"/cases/:id/dispatch-candidates",
			{
				schema: {
					tags,
					summary: "派单推荐 Ranked technicians for the case, with the reasons",
					params: idParam,
					querystring: dispatchCandidatesQuery,
					response: { 200: dispatchCandidates, ...errorResponses },
				},
			},
			async (request) =>
				dispatch.getDispatchCandidates(
					contextOf(request, deps),
					request.params.id,
					request.query.date,
				),
		);
		app.post(
			"/cases/:id/dispatch",
			{
				schema: {
					tags,
					summary:
						"派单 Dispatch the case to a technician with an appointment window",
					params: idParam,
					body: dispatchRequest,
					response: { 200: repairJob, ...errorResponses },
				},
			},
			async (request) =>
				repairs.dispatchCase(
					contextOf(request, deps),
					request.params.id,
					request.body,
				),
		);
		app.get(
			"/dispatch/board",
			{
				schema: {
					tags,
					summary: "派单看板 Technicians and their appointments on a day",
					querystring: dayQuery,
					response: { 200: dispatchBoard, ...errorResponses },
				},
			},
			async (request) =>
				dispatch.getDispatchBoard(contextOf(request, deps), request.query.date),
		);
		app.get(
			"/my/jobs",
			{
				schema: {
					tags,
					summary:
						"我的工单 The technician’s jobs for a day (and the jobs under way)",
					querystring: dayQuery,
					response: { 200: technicianJobs, ...errorResponses },
				},
			},
			async (request) =>
				dispatch.getMyJobs(contextOf(request, deps), request.query.date),
		);
		app.get(
			"/repairs/settings",
			{
				schema: {
					tags,
					summary: "维修设置 Repair settings",
					response: { 200: repairSettings, ...errorResponses },
				},
			},
			async (request) => settings.getRepairSettings(contextOf(request, deps)),
		);
		app.put(
			"/repairs/settings",
			{
				schema: {
					tags,
					summary:
						"修改维修设置 Change the repair settings (auto-dispatch, ranking weights, inspection policy)",
					body: updateRepairSettingsRequest,
					response: { 200: repairSettings, ...errorResponses },
				},
			},
			async (request) =>
				settings.updateRepairSettings(contextOf(request, deps), request.body),
		);
		app.get(
			"/technicians/:id/base",
			{
				schema: {
					tags,
					summary: "出发地点 A technician’s base location",
					params: idParam,
					response: { 200: technicianBase, ...errorResponses },
				},
			},
			async (request) =>
				dispatch.getTechnicianBase(contextOf(request, deps), request.params.id),
		);
		app.put(
			"/technicians/:id/base",
			{
				schema: {
					tags,
					summary:
						"设置出发地点 Set a technician’s base location (distance in the ranking)",
					params: idParam,
					body: putTechnicianBaseRequest,
					response: { 200: technicianBase, ...errorResponses },
				},
			},
			async (request) =>
				dispatch.putTechnicianBase(
					contextOf(request, deps),
					request.params.id,
					request.body,
				),
		);
	};
}
