import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardNumbers, dashboardQuery } from '../../../contracts/dashboard.js';
import { errorResponses } from '../../../contracts/common.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as dashboard from './dashboard.service.js';

export function dashboardRoutes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/dashboard',
      {
        schema: {
          tags: ['dashboard'],
          summary: '工作台 Work dashboard numbers (R-RPT-1)',
          querystring: dashboardQuery,
          response: { 200: dashboardNumbers, ...errorResponses },
        },
      },
      async (request) => dashboard.dashboardNumbers(contextOf(request, deps), request.query),
    );
  };
}
