import type { FastifyInstance } from 'fastify';
import type { AppDeps } from './platform/http.js';
import { authRoutes } from './modules/auth/auth.routes.js';

/** Every module's routes under /api/v1. One line per module. */
export function apiRoutes(deps: AppDeps) {
  return async (app: FastifyInstance) => {
    await app.register(authRoutes(deps));
  };
}
