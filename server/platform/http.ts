import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { AppConfig } from '../config.js';
import type { DB } from '../db/database.js';
import type { Clock } from './clock.js';
import type { ServiceContext } from './context.js';
import { AppError, UnauthorizedError } from './errors.js';
import type { UserActor } from './permissions.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: (UserActor & { locale: string }) | null;
  }
}

export interface AppDeps {
  db: DB;
  clock: Clock;
  config: AppConfig;
}

/** The service context of an authenticated request; 401 when nobody is logged in. */
export function contextOf(request: FastifyRequest, deps: AppDeps): ServiceContext {
  if (!request.actor) throw new UnauthorizedError();
  return { db: deps.db, clock: deps.clock, config: deps.config, actor: request.actor, requestId: request.id };
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  return reply.status(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** Unique and foreign-key violations that slipped past a service check are the caller's fault, not a 500. */
function databaseConstraintError(error: any): { status: number; code: string; message: string } | null {
  const code = String(error?.code ?? '');
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return { status: 409, code: 'duplicate', message: 'A record with the same unique value already exists' };
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return { status: 422, code: 'invalid_reference', message: 'A referenced record does not exist' };
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return { status: 422, code: 'invalid_value', message: 'A value is not allowed' };
  }
  return null;
}

export function registerErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({
        path: [
          v.params?.issue ? (error.validationContext ?? 'body') : (error.validationContext ?? 'body'),
          ...((v.params?.issue as any)?.path ?? (v.instancePath ? v.instancePath.split('/').filter(Boolean) : [])),
        ],
        message: v.message,
      }));
      return sendError(reply, 400, 'validation_failed', 'Request is invalid', details);
    }
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'application error');
      return sendError(reply, error.statusCode, error.code, error.message, error.details);
    }
    const constraint = databaseConstraintError(error);
    if (constraint) return sendError(reply, constraint.status, constraint.code, constraint.message);
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendError(reply, 500, 'internal_error', 'Internal error');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      return sendError(reply, status, code, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal_error', 'Internal error');
  });
}
