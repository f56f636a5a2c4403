import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  answerSurveyRequest,
  assignTaskRequest,
  callQueue,
  campaign,
  campaignItemParam,
  campaignList,
  campaignStats,
  cancelTaskRequest,
  createCampaignRequest,
  createdInvitation,
  createInvitationRequest,
  createQuestionnaireRequest,
  createRuleRequest,
  followupRates,
  followupRule,
  followupSettings,
  followupTask,
  followupTaskPage,
  generateRequest,
  generationResult,
  invitation,
  invitationPage,
  itemActionRequest,
  publicSurvey,
  questionnaire,
  questionnaireList,
  queueQuery,
  ratesQuery,
  recordAttemptRequest,
  reviewRequest,
  ruleList,
  startCampaignRequest,
  surveyAnswered,
  surveyTokenParam,
  taskDetail,
  taskListQuery,
  updateFollowupSettingsRequest,
  updateQuestionnaireRequest,
  updateRuleRequest,
} from '../../../contracts/followups.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { generateNow } from './followups.generate.js';
import * as reports from './followups.reports.js';
import * as followups from './followups.service.js';
import * as settings from './followups.settings.js';
import * as surveys from './surveys.service.js';

/** Follow-ups (回访) and surveys under /api/v1. Thin: parse → one service call → response. */
export function followupsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['followups'];

    // ── settings and rules (R-FUP-1..4) ──
    app.get('/followups/settings', { schema: { tags, summary: '回访设置 Follow-up settings (call windows, contact gap, targets …)', response: { 200: followupSettings, ...errorResponses } } }, async (request) =>
      settings.getFollowupSettings(contextOf(request, deps)),
    );
    app.put(
      '/followups/settings',
      { schema: { tags, summary: '修改回访设置 Update follow-up settings', body: updateFollowupSettingsRequest, response: { 200: followupSettings, ...errorResponses } } },
      async (request) => settings.updateFollowupSettings(contextOf(request, deps), request.body),
    );
    app.get('/followups/rules', { schema: { tags, summary: '回访计划 Follow-up rules', response: { 200: ruleList, ...errorResponses } } }, async (request) =>
      followups.listRules(contextOf(request, deps)),
    );
    app.post('/followups/rules', { schema: { tags, summary: '新建回访计划 Create a rule', body: createRuleRequest, response: { 201: followupRule, ...errorResponses } } }, async (request, reply) =>
      reply.status(201).send(await followups.createRule(contextOf(request, deps), request.body)),
    );
    app.patch(
      '/followups/rules/:id',
      { schema: { tags, summary: '修改回访计划 Update a rule (generated tasks stay as they are)', params: idParam, body: updateRuleRequest, response: { 200: followupRule, ...errorResponses } } },
      async (request) => followups.updateRule(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/followups/generate',
      { schema: { tags, summary: '生成回访任务 Run the generator now (idempotent)', body: generateRequest, response: { 200: generationResult, ...errorResponses } } },
      async (request) => generateNow(contextOf(request, deps), request.body),
    );

    // ── tasks, queue, record (R-FUP-5..7, R-FUP-9) ──
    app.get('/followups/queue', { schema: { tags, summary: '今日回访 My call queue for a day', querystring: queueQuery, response: { 200: callQueue, ...errorResponses } } }, async (request) =>
      followups.callQueue(contextOf(request, deps), request.query),
    );
    app.get('/followups/tasks', { schema: { tags, summary: '回访任务 Follow-up tasks', querystring: taskListQuery, response: { 200: followupTaskPage, ...errorResponses } } }, async (request) =>
      followups.listTasks(contextOf(request, deps), request.query),
    );
    app.get('/followups/tasks/:id', { schema: { tags, summary: '回访详情 A task with script, questionnaire, attempts and the customer history', params: idParam, response: { 200: taskDetail, ...errorResponses } } }, async (request) =>
      followups.getTask(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/followups/tasks/:id/attempts',
      { schema: { tags, summary: '回访记录 Record a call (reached or not, answers, score, problems)', params: idParam, body: recordAttemptRequest, response: { 200: taskDetail, ...errorResponses } } },
      async (request) => followups.recordAttempt(contextOf(request, deps), request.params.id, request.body),
    );
    app.post('/followups/tasks/:id/assign', { schema: { tags, summary: '分配回访 Assign a task', params: idParam, body: assignTaskRequest, response: { 200: followupTask, ...errorResponses } } }, async (request) =>
      followups.assignTask(contextOf(request, deps), request.params.id, request.body),
    );
    app.post('/followups/tasks/:id/cancel', { schema: { tags, summary: '取消回访 Cancel a task', params: idParam, body: cancelTaskRequest, response: { 200: followupTask, ...errorResponses } } }, async (request) =>
      followups.cancelTask(contextOf(request, deps), request.params.id, request.body),
    );

    // ── rates and the report (R-FUP-8, R-SAT-3) ──
    app.get('/followups/rates', { schema: { tags, summary: '回访率 Rates per rule and agent against targets', querystring: ratesQuery, response: { 200: followupRates, ...errorResponses } } }, async (request) =>
      reports.followupRates(contextOf(request, deps), request.query),
    );
    app.post('/followups/reviews', { schema: { tags, summary: '回访报告审核 The supervisor reviews and comments', body: reviewRequest, response: { 201: z.object({ id: z.uuid() }), ...errorResponses } } }, async (request, reply) =>
      reply.status(201).send(await reports.addReview(contextOf(request, deps), request.body)),
    );

    // ── questionnaires (R-SAT-1) ──
    app.get('/questionnaires', { schema: { tags, summary: '问卷 Questionnaires', response: { 200: questionnaireList, ...errorResponses } } }, async (request) =>
      surveys.listQuestionnaires(contextOf(request, deps)),
    );
    app.post('/questionnaires', { schema: { tags, summary: '新建问卷 Create a questionnaire', body: createQuestionnaireRequest, response: { 201: questionnaire, ...errorResponses } } }, async (request, reply) =>
      reply.status(201).send(await surveys.createQuestionnaire(contextOf(request, deps), request.body)),
    );
    app.patch(
      '/questionnaires/:id',
      { schema: { tags, summary: '修改问卷 Update a questionnaire', params: idParam, body: updateQuestionnaireRequest, response: { 200: questionnaire, ...errorResponses } } },
      async (request) => surveys.updateQuestionnaire(contextOf(request, deps), request.params.id, request.body),
    );

    // ── surveys and campaigns (R-SAT-1, R-SAT-2) ──
    app.get(
      '/surveys/invitations',
      { schema: { tags, summary: '调查邀请 Survey invitations', querystring: z.object({ campaignId: z.uuid().optional(), customerId: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(500).optional() }), response: { 200: invitationPage, ...errorResponses } } },
      async (request) => surveys.listInvitations(contextOf(request, deps), request.query),
    );
    app.post(
      '/surveys/invitations',
      { schema: { tags, summary: '发送调查 Send a survey link to a customer (the link is returned once)', body: createInvitationRequest, response: { 201: createdInvitation, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(await surveys.inviteCustomer(contextOf(request, deps), request.body)),
    );
    app.post(
      '/surveys/invitations/:id/answers',
      { schema: { tags, summary: '代客户填写 An agent records the customer\'s answers', params: idParam, body: answerSurveyRequest, response: { 200: invitation, ...errorResponses } } },
      async (request) => surveys.recordInvitationAnswers(contextOf(request, deps), request.params.id, request.body),
    );
    app.get('/surveys/campaigns', { schema: { tags, summary: '满意度调查活动 Campaigns', response: { 200: campaignList, ...errorResponses } } }, async (request) =>
      surveys.listCampaigns(contextOf(request, deps)),
    );
    app.post('/surveys/campaigns', { schema: { tags, summary: '新建年度调查 Create a campaign', body: createCampaignRequest, response: { 201: campaign, ...errorResponses } } }, async (request, reply) =>
      reply.status(201).send(await surveys.createCampaign(contextOf(request, deps), request.body)),
    );
    app.get('/surveys/campaigns/:id', { schema: { tags, summary: '调查结果 Response rate, score and items', params: idParam, response: { 200: campaignStats, ...errorResponses } } }, async (request) =>
      surveys.campaignStats(contextOf(request, deps), request.params.id),
    );
    app.post('/surveys/campaigns/:id/start', { schema: { tags, summary: '开始调查 Invite the eligible customers', params: idParam, body: startCampaignRequest, response: { 200: campaign, ...errorResponses } } }, async (request) =>
      surveys.startCampaign(contextOf(request, deps), request.params.id, request.body),
    );
    app.post('/surveys/campaigns/:id/remind', { schema: { tags, summary: '催填 Remind who has not answered', params: idParam, response: { 200: z.object({ reminded: z.number().int() }), ...errorResponses } } }, async (request) =>
      surveys.sendReminders(contextOf(request, deps), request.params.id),
    );
    app.post('/surveys/campaigns/:id/close', { schema: { tags, summary: '结束调查 Close a campaign', params: idParam, body: startCampaignRequest, response: { 200: campaign, ...errorResponses } } }, async (request) =>
      surveys.closeCampaign(contextOf(request, deps), request.params.id, request.body),
    );
    app.put(
      '/surveys/campaigns/:id/items/:key',
      { schema: { tags, summary: '不满意项 Cause, corrective action and reply of an item', params: campaignItemParam, body: itemActionRequest, response: { 200: campaignStats, ...errorResponses } } },
      async (request) => surveys.setItemAction(contextOf(request, deps), request.params.id, request.params.key, request.body),
    );
    app.get(
      '/surveys/campaigns/:id/report.xlsx',
      { schema: { tags, summary: '顾客满意度分析报告 Annual satisfaction analysis (XLSX)', params: idParam } },
      async (request, reply) => {
        const file = await reports.satisfactionReportXlsx(contextOf(request, deps), request.params.id);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="satisfaction-report.xlsx"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.buffer);
      },
    );

    app.get(
      '/surveys/campaigns/:id/report.pdf',
      { schema: { tags, summary: '顾客满意度分析报告 Annual satisfaction analysis (PDF, Chinese)', params: idParam } },
      async (request, reply) => {
        const file = await reports.satisfactionReportPdf(contextOf(request, deps), request.params.id);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="satisfaction-report.pdf"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .send(file.buffer);
      },
    );

    // ── the customer's survey page: no login, signed link, rate limited ──
    const publicLimit = { rateLimit: { max: 30, timeWindow: 60_000 } };
    app.get(
      '/public/surveys/:token',
      { config: publicLimit, schema: { tags, summary: '客户调查页 The survey behind a signed link (no login)', security: [], params: surveyTokenParam, response: { 200: publicSurvey, ...errorResponses } } },
      async (request) => surveys.getPublicSurvey(surveys.publicContext(deps, request.id), request.params.token),
    );
    app.post(
      '/public/surveys/:token',
      { config: publicLimit, schema: { tags, summary: '提交调查 Answer the survey once (no login)', security: [], params: surveyTokenParam, body: answerSurveyRequest, response: { 200: surveyAnswered, ...errorResponses } } },
      async (request) => surveys.answerPublicSurvey(surveys.publicContext(deps, request.id), request.params.token, request.body),
    );
  };
}
