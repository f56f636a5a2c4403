import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  capaList,
  capaListQuery,
  capaUpdateRequest,
  capaView,
  causeDecisionRequest,
  complaintActionRequest,
  complaintCategory,
  complaintCategoryList,
  complaintSettings,
  complaintView,
  confirmationLinkView,
  countersignRequest,
  createCapaRequest,
  createCategoryRequest,
  createMeetingRequest,
  extensionDecisionRequest,
  extensionRequest,
  investigationRequest,
  meetingView,
  monthlyView,
  monthQuery,
  openComplaintRequest,
  publicConfirmationQuery,
  publicConfirmationRequest,
  publicConfirmationView,
  resolutionRequest,
  taskForceRequest,
  updateCategoryRequest,
  updateComplaintRequest,
  updateComplaintSettingsRequest,
} from '../../../contracts/complaints.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as analysis from './complaints.analysis.js';
import * as reports from './complaints.report.js';
import * as complaints from './complaints.service.js';

/** Complaints (投诉) under /api/v1. Thin: parse → one service call → response. */
export function complaintsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['complaints'];
    const ctx = (request: Parameters<typeof contextOf>[0]) => contextOf(request, deps);

    // ── categories and settings ──
    app.get('/complaints/categories', { schema: { tags, summary: '投诉类别 Complaint categories', response: { 200: complaintCategoryList, ...errorResponses } } }, async (request) =>
      complaints.listCategories(ctx(request)),
    );
    app.post(
      '/complaints/categories',
      { schema: { tags, summary: '新建投诉类别 Create a category', body: createCategoryRequest, response: { 201: complaintCategory, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await complaints.createCategory(ctx(request), request.body)),
    );
    app.patch(
      '/complaints/categories/:id',
      { schema: { tags, summary: '修改投诉类别 Update a category', params: idParam, body: updateCategoryRequest, response: { 200: complaintCategory, ...errorResponses } } },
      async (request) => complaints.updateCategory(ctx(request), request.params.id, request.body),
    );
    app.get('/complaints/settings', { schema: { tags, summary: '投诉设置 Complaint settings', response: { 200: complaintSettings, ...errorResponses } } }, async (request) =>
      complaints.getComplaintSettings(ctx(request)),
    );
    app.put(
      '/complaints/settings',
      { schema: { tags, summary: '修改投诉设置 Update complaint settings', body: updateComplaintSettingsRequest, response: { 200: complaintSettings, ...errorResponses } } },
      async (request) => complaints.updateComplaintSettings(ctx(request), request.body),
    );

    // ── monthly view and meeting (R-CMP analysis) ──
    app.get(
      '/complaints/monthly',
      { schema: { tags, summary: '月度投诉分析 Monthly view with the frequency × urgency matrix', querystring: monthQuery, response: { 200: monthlyView, ...errorResponses } } },
      async (request) => analysis.monthlyView(ctx(request), request.query.month),
    );
    app.post(
      '/complaints/meetings',
      { schema: { tags, summary: '月度投诉会议 Record the monthly meeting; its decisions become actions', body: createMeetingRequest, response: { 201: meetingView, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await analysis.createMeeting(ctx(request), request.body)),
    );

    // ── corrective and preventive actions across complaints ──
    app.get(
      '/complaints/capa',
      { schema: { tags, summary: '纠正和预防措施跟踪 Actions across complaints', querystring: capaListQuery, response: { 200: capaList, ...errorResponses } } },
      async (request) => complaints.listCapa(ctx(request), request.query),
    );
    app.post(
      '/complaints/capa/:id',
      { schema: { tags, summary: '完成/验证/取消措施 Complete, verify or cancel an action', params: idParam, body: capaUpdateRequest, response: { 200: capaView, ...errorResponses } } },
      async (request) => complaints.updateCapa(ctx(request), request.params.id, request.body),
    );

    // ── a complaint ──
    app.post(
      '/complaints',
      { schema: { tags, summary: '登记投诉 Register a complaint', body: openComplaintRequest, response: { 201: complaintView, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await complaints.openComplaint(ctx(request), request.body)),
    );
    app.get('/complaints/:id', { schema: { tags, summary: '投诉详情 A complaint', params: idParam, response: { 200: complaintView, ...errorResponses } } }, async (request) =>
      complaints.getComplaint(ctx(request), request.params.id),
    );
    app.patch(
      '/complaints/:id',
      { schema: { tags, summary: '修改投诉类别 Category, sub-category and flags', params: idParam, body: updateComplaintRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.updateComplaintDetails(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/actions',
      { schema: { tags, summary: '投诉流程操作 Take a workflow action (signatures included)', params: idParam, body: complaintActionRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.applyComplaintAction(ctx(request), request.params.id, request.body),
    );
    app.put(
      '/complaints/:id/investigation',
      { schema: { tags, summary: '投诉调查 Evidence, root cause, responsibility', params: idParam, body: investigationRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.saveInvestigation(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/cause-decision',
      { schema: { tags, summary: '总经理裁定原因 The general manager decides an unclear cause', params: idParam, body: causeDecisionRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.decideCause(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/countersignatures',
      { schema: { tags, summary: '会签 Countersign the meeting conclusion for a department', params: idParam, body: countersignRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.countersign(ctx(request), request.params.id, request.body),
    );
    app.put(
      '/complaints/:id/resolution',
      { schema: { tags, summary: '处理结果 Resolution by category', params: idParam, body: resolutionRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.saveResolution(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/extension',
      { schema: { tags, summary: '申请延期 Ask to extend the handling time', params: idParam, body: extensionRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.requestExtension(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/extension/decision',
      { schema: { tags, summary: '审批延期 Approve or reject the extension', params: idParam, body: extensionDecisionRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.decideExtension(ctx(request), request.params.id, request.body),
    );
    app.put(
      '/complaints/:id/task-force',
      { schema: { tags, summary: '专案小组 Task force of a major quality problem', params: idParam, body: taskForceRequest, response: { 200: complaintView, ...errorResponses } } },
      async (request) => complaints.setTaskForce(ctx(request), request.params.id, request.body),
    );
    app.post(
      '/complaints/:id/capa',
      { schema: { tags, summary: '新增纠正和预防措施 Add a corrective or preventive action', params: idParam, body: createCapaRequest, response: { 201: capaView, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await complaints.addCapa(ctx(request), request.params.id, request.body)),
    );
    app.post(
      '/complaints/:id/confirmation-link',
      { schema: { tags, summary: '生成确认链接 A new confirmation link for the complainant', params: idParam, response: { 201: confirmationLinkView, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await complaints.createConfirmationLink(ctx(request), request.params.id)),
    );
    app.get(
      '/complaints/:id/report.pdf',
      { schema: { tags, summary: '客诉抱怨处理报告 (PDF)', params: idParam } },
      async (request, reply) => {
        const file = await reports.complaintReportPdf(ctx(request), request.params.id);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
          .send(file.content);
      },
    );
    app.get(
      '/complaints/:id/report.xlsx',
      { schema: { tags, summary: '客诉抱怨处理报告 (XLSX)', params: idParam } },
      async (request, reply) => {
        const file = await reports.complaintReportXlsx(ctx(request), request.params.id);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${encodeURIComponent(file.name)}"`)
          .send(file.content);
      },
    );

    // ── the complainant's confirmation (public: no login; signed expiring single-use link; rate limited) ──
    const publicLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
    app.get(
      '/public/complaints/:id/confirmation',
      { schema: { tags, summary: '投诉人确认页 What the complainant sees (no login)', params: idParam, querystring: publicConfirmationQuery, response: { 200: publicConfirmationView, ...errorResponses } }, config: publicLimit },
      async (request) => complaints.getPublicConfirmation(deps, request.params.id, request.query.token),
    );
    app.post(
      '/public/complaints/:id/confirmation',
      {
        schema: { tags, summary: '投诉人确认或不满意 The complainant confirms or rejects (no login)', params: idParam, body: publicConfirmationRequest, response: { 200: publicConfirmationView, 410: z.unknown(), ...errorResponses } },
        config: publicLimit,
      },
      async (request) => complaints.answerPublicConfirmation(deps, request.params.id, request.body),
    );
  };
}
