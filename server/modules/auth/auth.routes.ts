import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiToken, createApiTokenRequest, createdApiToken, currentUser, loginRequest } from '../../../contracts/auth.js';
import { errorResponses, idParam, okResponse } from '../../../contracts/common.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { UnauthorizedError } from '../../platform/errors.js';
import * as auth from './auth.service.js';

export function authRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const secureCookie = deps.config.env === 'production';

    app.post(
      '/auth/login',
      {
        schema: { tags: ['auth'], summary: '登录 Log in', body: loginRequest, response: { 200: currentUser, ...errorResponses } },
        config: {
          rateLimit: {
            max: deps.config.loginRateLimitPerMinute,
            timeWindow: 60_000,
            keyGenerator: (req: any) => `${req.ip}|${String(req.body?.username ?? '').toLowerCase()}`,
          },
        },
      },
      async (request, reply) => {
        const result = await auth.login(
          { db: deps.db, clock: deps.clock, config: deps.config, requestId: request.id },
          { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
        );
        reply.setCookie(auth.SESSION_COOKIE, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: secureCookie,
          expires: result.expiresAt,
        });
        return result.user;
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], summary: '退出 Log out', response: { 200: okResponse, ...errorResponses } } },
      async (request, reply) => {
        const token = request.cookies[auth.SESSION_COOKIE];
        if (token && request.actor) await auth.logout(contextOf(request, deps), token);
        reply.clearCookie(auth.SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/auth/me',
      { schema: { tags: ['auth'], summary: 'Current user', response: { 200: currentUser, ...errorResponses } } },
      async (request) => {
        if (!request.actor) throw new UnauthorizedError();
        return auth.describeUser(request.actor, request.actor.locale);
      },
    );

    app.get(
      '/api-tokens',
      { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: z.object({ items: z.array(apiToken) }), ...errorResponses } } },
      async (request) => ({ items: await auth.listApiTokens(contextOf(request, deps)) }),
    );

    app.post(
      '/api-tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token for integrations (shown once)',
          body: createApiTokenRequest,
          response: { 201: createdApiToken, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await auth.createApiToken(contextOf(request, deps), request.body)),
    );

    app.post(
      '/api-tokens/:id/revoke',
      { schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParam, response: { 200: apiToken, ...errorResponses } } },
      async (request) => auth.revokeApiToken(contextOf(request, deps), request.params.id),
    );
  };
}
