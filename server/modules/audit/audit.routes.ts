import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditPage, auditQuery } from '../../../contracts/audit.js';
import { errorResponses } from '../../../contracts/common.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { listAudit } from './audit.service.js';

export function auditRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/audit-log',
      {
        schema: {
          tags: ['audit'],
          summary: '变更记录 Change history (who, when, before → after)',
          querystring: auditQuery,
          response: { 200: auditPage, ...errorResponses },
        },
      },
      async (request) => {
        const { cursor, limit, sort, ...filter } = request.query;
        return listAudit(contextOf(request, deps), filter, { cursor, limit, sort });
      },
    );
  };
}
