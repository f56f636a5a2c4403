import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  addNoteRequest,
  assignOwnerRequest,
  caseActionRequest,
  caseDetail,
  caseEvent,
  caseListQuery,
  casePage,
  caseSettings,
  caseType,
  caseTypeList,
  caseTypeParams,
  createSlaPolicyRequest,
  duplicateList,
  linkCasesRequest,
  mergeCaseRequest,
  openCaseRequest,
  openCaseResponse,
  pauseCaseRequest,
  putCaseTypeRequest,
  resumeCaseRequest,
  slaPolicy,
  slaPolicyList,
  slaPolicyListQuery,
  timelinePage,
  timelineQuery,
  updateCaseSettingsRequest,
  updateSlaPolicyRequest,
} from '../../../contracts/cases.js';
import { errorResponses, idParam } from '../../../contracts/common.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as cases from './cases.service.js';
import * as sla from './sla.service.js';

/** Cases (工单), case types, SLA policies under /api/v1. Thin: parse → one service call → response. */
export function casesRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['cases'];

    app.get(
      '/cases',
      {
        schema: {
          tags,
          summary: '工单列表 List cases (queues: mine, unassigned, overdue, due soon …)',
          querystring: caseListQuery,
          response: { 200: casePage, ...errorResponses },
        },
      },
      async (request) => cases.listCases(contextOf(request, deps), request.query),
    );
    app.post(
      '/cases',
      {
        schema: {
          tags,
          summary: '受理工单 Open a case (customer/unit matched, deadlines started, duplicates found)',
          body: openCaseRequest,
          response: { 201: openCaseResponse, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await cases.openCase(contextOf(request, deps), request.body)),
    );
    app.get(
      '/cases/:id',
      {
        schema: {
          tags,
          summary: '工单详情 Get a case with deadlines, allowed actions, links and timeline',
          params: idParam,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.getCase(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/cases/:id/actions',
      {
        schema: {
          tags,
          summary: '工单操作 Take a workflow action (or wait_* / resume)',
          params: idParam,
          body: caseActionRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.applyCaseAction(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/owner',
      {
        schema: {
          tags,
          summary: '转交负责人 Hand the case to a named owner',
          params: idParam,
          body: assignOwnerRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.assignOwner(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/notes',
      {
        schema: {
          tags,
          summary: '添加备注 Add a note to the timeline',
          params: idParam,
          body: addNoteRequest,
          response: { 201: caseEvent, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await cases.addNote(contextOf(request, deps), request.params.id, request.body)),
    );
    app.post(
      '/cases/:id/links',
      {
        schema: {
          tags,
          summary: '关联工单 Link two cases (duplicate / related)',
          params: idParam,
          body: linkCasesRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.linkCases(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/merge',
      {
        schema: {
          tags,
          summary: '合并工单 Merge this case into another (returns the target)',
          params: idParam,
          body: mergeCaseRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.mergeCase(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/pause',
      {
        schema: {
          tags,
          summary: '暂停计时 Wait on the customer / parts / a third party (deadlines paused)',
          params: idParam,
          body: pauseCaseRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.pauseCase(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/cases/:id/resume',
      {
        schema: {
          tags,
          summary: '恢复计时 Resume the deadlines with the time left',
          params: idParam,
          body: resumeCaseRequest,
          response: { 200: caseDetail, ...errorResponses },
        },
      },
      async (request) => cases.resumeCase(contextOf(request, deps), request.params.id, request.body),
    );
    app.get(
      '/cases/:id/duplicates',
      {
        schema: {
          tags,
          summary: '疑似重复 Duplicate candidates of a case',
          params: idParam,
          response: { 200: duplicateList, ...errorResponses },
        },
      },
      async (request) => cases.findDuplicates(contextOf(request, deps), request.params.id),
    );
    app.get(
      '/cases/:id/timeline',
      {
        schema: {
          tags,
          summary: '处理记录 Timeline of a case (merged sources included), paged',
          params: idParam,
          querystring: timelineQuery,
          response: { 200: timelinePage, ...errorResponses },
        },
      },
      async (request) => cases.getTimeline(contextOf(request, deps), request.params.id, request.query),
    );

    // ------------------------------------------------------------ configuration
    app.get(
      '/case-types',
      { schema: { tags, summary: '工单类型 List case types', response: { 200: caseTypeList, ...errorResponses } } },
      async (request) => cases.listCaseTypes(contextOf(request, deps)),
    );
    app.put(
      '/case-types/:code',
      {
        schema: {
          tags,
          summary: '新建或修改工单类型 Create or change a case type (admin)',
          params: caseTypeParams,
          body: putCaseTypeRequest,
          response: { 200: caseType, ...errorResponses },
        },
      },
      async (request) => cases.putCaseType(contextOf(request, deps), request.params.code, request.body),
    );
    app.get(
      '/case-settings',
      {
        schema: {
          tags,
          summary: '工单设置 Case settings (intake pool owner, duplicate detection)',
          response: { 200: caseSettings, ...errorResponses },
        },
      },
      async (request) => cases.getCaseSettings(contextOf(request, deps)),
    );
    app.put(
      '/case-settings',
      {
        schema: {
          tags,
          summary: '修改工单设置 Change case settings (admin)',
          body: updateCaseSettingsRequest,
          response: { 200: caseSettings, ...errorResponses },
        },
      },
      async (request) => cases.updateCaseSettings(contextOf(request, deps), request.body),
    );
    app.get(
      '/sla-policies',
      {
        schema: {
          tags,
          summary: '时限策略 List service-level policies',
          querystring: slaPolicyListQuery,
          response: { 200: slaPolicyList, ...errorResponses },
        },
      },
      async (request) => sla.listSlaPolicies(contextOf(request, deps), request.query),
    );
    app.post(
      '/sla-policies',
      {
        schema: {
          tags,
          summary: '新建时限策略 Create a service-level policy (sla.manage)',
          body: createSlaPolicyRequest,
          response: { 201: slaPolicy, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await sla.createSlaPolicy(contextOf(request, deps), request.body)),
    );
    app.patch(
      '/sla-policies/:id',
      {
        schema: {
          tags,
          summary: '修改时限策略 Change a service-level policy (sla.manage)',
          params: idParam,
          body: updateSlaPolicyRequest,
          response: { 200: slaPolicy, ...errorResponses },
        },
      },
      async (request) => sla.updateSlaPolicy(contextOf(request, deps), request.params.id, request.body),
    );
  };
}
