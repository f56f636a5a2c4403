import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  inboundEmailDetail,
  inboundEmailListQuery,
  inboundEmailPage,
  mailSettings,
  reprocessInboundEmailRequest,
  updateMailSettingsRequest,
} from '../../../contracts/mail.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { sendFile } from '../attachments/attachments.routes.js';
import { contentDisposition } from '../attachments/file-names.js';
import * as mail from './mail.service.js';

/** Received e-mail (intake) for the administrator, and the intake settings. */
export function mailRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['mail'];

    app.get(
      '/inbound-emails',
      {
        schema: {
          tags,
          summary: '收件记录 Received e-mail and what became of it (case opened, reply added, rejected, failed)',
          querystring: inboundEmailListQuery,
          response: { 200: inboundEmailPage, ...errorResponses },
        },
      },
      async (request) => mail.listInboundEmails(contextOf(request, deps), request.query),
    );

    app.get(
      '/inbound-emails/:id',
      {
        schema: { tags, summary: 'One received e-mail with its text', params: idParam, response: { 200: inboundEmailDetail, ...errorResponses } },
      },
      async (request) => mail.getInboundEmail(contextOf(request, deps), request.params.id),
    );

    app.get(
      '/inbound-emails/:id/raw',
      { schema: { tags, summary: 'The message as received (message/rfc822, .eml)', params: idParam, response: { ...errorResponses } } },
      async (request, reply) => {
        const file = await mail.openInboundRaw(contextOf(request, deps), request.params.id);
        return sendFile(reply, file.content, {
          'content-type': 'message/rfc822',
          'content-disposition': contentDisposition(file.fileName),
          'cache-control': 'no-store',
        });
      },
    );

    app.post(
      '/inbound-emails/:id/reprocess',
      {
        schema: {
          tags,
          summary: 'Process a failed message again (after fixing the cause); 409 unless it failed',
          params: idParam,
          body: reprocessInboundEmailRequest,
          response: { 200: inboundEmailDetail, ...errorResponses },
        },
      },
      async (request) => mail.reprocessInboundEmail(contextOf(request, deps), request.params.id, request.body.version),
    );

    app.get(
      '/settings/mail',
      {
        schema: {
          tags,
          summary: '邮件受理设置 Mailbox → case type, default type, blocked senders, auto-reply; the listener configuration',
          response: { 200: mailSettings, ...errorResponses },
        },
      },
      async (request) => mail.getMailSettings(contextOf(request, deps)),
    );

    app.put(
      '/settings/mail',
      {
        schema: { tags, summary: 'Change the e-mail intake settings', body: updateMailSettingsRequest, response: { 200: mailSettings, ...errorResponses } },
      },
      async (request) => mail.updateMailSettings(contextOf(request, deps), request.body),
    );
  };
}
