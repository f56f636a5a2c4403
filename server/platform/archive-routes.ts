import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { errorResponses, idParam, versionOnlyRequest } from '../../contracts/common.js';
import type { ServiceContext } from './context.js';
import { type AppDeps, contextOf } from './http.js';

/** A Fastify instance with the zod type provider, as route modules get it from withTypeProvider. */
export type ZodFastify = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * POST `${path}/:id/archive` and `${path}/:id/restore` for archivable master data: body {version},
 * answer the record as it is afterwards (200), or the standard errors.
 */
export function archiveRestoreRoutes<T extends z.ZodType>(
  app: ZodFastify,
  deps: AppDeps,
  args: {
    path: string;
    tags: string[];
    record: T;
    summaries: { archive: string; restore: string };
    setArchived: (ctx: ServiceContext, id: string, version: number, archived: boolean) => Promise<z.output<T>>;
  },
): void {
  for (const archived of [true, false]) {
    app.post(
      `${args.path}/:id/${archived ? 'archive' : 'restore'}`,
      {
        schema: {
          tags: args.tags,
          summary: archived ? args.summaries.archive : args.summaries.restore,
          params: idParam,
          body: versionOnlyRequest,
          // widened: the record's type is checked at the call site (setArchived), Fastify cannot resolve T here
          response: { 200: args.record as z.ZodType, ...errorResponses },
        },
      },
      async (request) => args.setArchived(contextOf(request, deps), request.params.id, request.body.version, archived),
    );
  }
}
