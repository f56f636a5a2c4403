import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  inboxPage,
  inboxQuery,
  notificationSettings,
  notificationTemplate,
  notificationTemplateList,
  outboxListQuery,
  outboxMessage,
  outboxPage,
  outboxSummary,
  previewTemplateRequest,
  resetTemplateRequest,
  templatePreview,
  updateNotificationSettingsRequest,
  updateTemplateRequest,
} from '../../../contracts/notifications.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as notifications from './notifications.service.js';

/** Templates, notification settings, the outbox (administrator) and each user's in-app messages. */
export function notificationsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['notifications'];

    app.get(
      '/notification-templates',
      { schema: { tags, summary: '通知模板 Message templates', response: { 200: notificationTemplateList, ...errorResponses } } },
      async (request) => notifications.listTemplates(contextOf(request, deps)),
    );

    app.put(
      '/notification-templates/:id',
      {
        schema: {
          tags,
          summary: 'Edit a template (subject, body with {{placeholders}}, enabled); unknown placeholders → 400',
          params: idParam,
          body: updateTemplateRequest,
          response: { 200: notificationTemplate, ...errorResponses },
        },
      },
      async (request) => notifications.updateTemplate(contextOf(request, deps), request.params.id, request.body),
    );

    app.post(
      '/notification-templates/:id/reset',
      {
        schema: {
          tags,
          summary: 'Back to the shipped default text',
          params: idParam,
          body: resetTemplateRequest,
          response: { 200: notificationTemplate, ...errorResponses },
        },
      },
      async (request) => notifications.resetTemplate(contextOf(request, deps), request.params.id, request.body.version),
    );

    app.post(
      '/notification-templates/:id/preview',
      {
        schema: {
          tags,
          summary: 'Render a (possibly unsaved) text with sample values',
          params: idParam,
          body: previewTemplateRequest,
          response: { 200: templatePreview, ...errorResponses },
        },
      },
      async (request) => notifications.previewTemplate(contextOf(request, deps), request.params.id, request.body),
    );

    app.get(
      '/settings/notifications',
      {
        schema: {
          tags,
          summary: '通知设置 Company name, signature and hotline used in messages',
          response: { 200: notificationSettings, ...errorResponses },
        },
      },
      async (request) => notifications.getNotificationSettings(contextOf(request, deps)),
    );

    app.put(
      '/settings/notifications',
      {
        schema: {
          tags,
          summary: 'Change the company name, signature and hotline',
          body: updateNotificationSettingsRequest,
          response: { 200: notificationSettings, ...errorResponses },
        },
      },
      async (request) => notifications.updateNotificationSettings(contextOf(request, deps), request.body),
    );

    app.get(
      '/outbox',
      {
        schema: {
          tags,
          summary: '消息发送记录 Outgoing messages with state, attempts and the last error',
          querystring: outboxListQuery,
          response: { 200: outboxPage, ...errorResponses },
        },
      },
      async (request) => notifications.listOutbox(contextOf(request, deps), request.query),
    );

    app.get(
      '/outbox/summary',
      {
        schema: {
          tags,
          summary: 'Messages per state, and which channels have a sender configured',
          response: { 200: outboxSummary, ...errorResponses },
        },
      },
      async (request) => notifications.outboxSummary(contextOf(request, deps)),
    );

    app.post(
      '/outbox/:id/retry',
      {
        schema: {
          tags,
          summary: 'Send again now (a failed, waiting or cancelled message); 409 when sent or being sent',
          params: idParam,
          response: { 200: outboxMessage, ...errorResponses },
        },
      },
      async (request) => notifications.retryOutboxMessage(contextOf(request, deps), request.params.id),
    );

    app.post(
      '/outbox/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Do not send (a waiting or failed message)',
          params: idParam,
          response: { 200: outboxMessage, ...errorResponses },
        },
      },
      async (request) => notifications.cancelOutboxMessage(contextOf(request, deps), request.params.id),
    );

    app.get(
      '/notifications/inbox',
      {
        schema: {
          tags,
          summary: '我的消息 My in-app messages, newest first',
          querystring: inboxQuery,
          response: { 200: inboxPage, ...errorResponses },
        },
      },
      async (request) => notifications.listInbox(contextOf(request, deps), request.query),
    );
  };
}
