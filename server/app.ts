import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from './platform/errors.js';
import { newId } from './platform/ids.js';
import { type AppDeps, registerErrorHandler } from './platform/http.js';
import { pathOfNulText } from './platform/nul-text.js';
import { SESSION_COOKIE, resolveActor } from './modules/auth/auth.service.js';
import { apiRoutes } from './routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    apiRouteList: { method: string; url: string }[];
  }
}

export interface BuildAppOptions extends AppDeps {
  /** directory with the built web app; served when present */
  webRoot?: string;
  logger?: boolean;
}

/** Build the Fastify app without listening; tests call `inject`, main.ts calls `listen`. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            ...(config.env === 'development' ? {} : {}),
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: true,
    ajv: { customOptions: { coerceTypes: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Aftersales API 售后服务管理系统', version: '1' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  // Every API route, so a test can prove the OpenAPI document lists them all.
  const apiRouteList: { method: string; url: string }[] = [];
  app.decorate('apiRouteList', apiRouteList);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.method === 'HEAD') return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRouteList.push({ method, url: route.url });
  });

  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const header = request.headers.authorization;
    const bearerToken = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    request.actor = await resolveActor(options.db, options.clock, {
      bearerToken,
      sessionToken: bearerToken ? undefined : request.cookies[SESSION_COOKIE],
    });
  });

  app.addHook('preValidation', async (request) => {
    for (const part of ['params', 'query', 'body'] as const) {
      const path = pathOfNulText(request[part], [part]);
      // the same answer as a schema violation: 400 validation_failed with the field's path
      if (path) throw new AppError(400, 'validation_failed', 'Request is invalid', [{ path, message: '文本中不能包含空字符 (must not contain U+0000)' }]);
    }
  });

  app.get('/api/health', { schema: { hide: true } }, async () => {
    await options.db.selectFrom('counters').select('kind').limit(1).execute();
    return { ok: true };
  });

  await app.register(apiRoutes(options), { prefix: '/api/v1' });

  const webRoot = options.webRoot ?? path.resolve('dist/web');
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    // The web app owns every non-API path (client-side routing).
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api')) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
  return app;
}
