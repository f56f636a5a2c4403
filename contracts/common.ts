import { z } from 'zod';

/** Shapes shared by every endpoint. */
export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

export const idParam = z.object({ id: z.uuid() });

export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const pageQuery = z.object({
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  sort: z.string().max(64).optional(),
});

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Optimistic concurrency: every update carries the version it was based on. */
export const versionField = z.number().int().min(1);

export const trimmed = (max: number) => z.string().trim().max(max);
export const requiredText = (max: number) => z.string().trim().min(1).max(max);

export const okResponse = z.object({ ok: z.literal(true) });

/** Standard error responses for OpenAPI. */
export const errorResponses = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
} as const;
