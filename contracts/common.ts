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

// ---------------------------------------------------------------- master data (编码 + 归档)

/** A code users type and see in lists (编码): letters, digits, dot, dash, underscore. */
export const codeText = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "-" or "_"');

/** Filter for lists of things that can be archived: active only (default), archived only, or all. */
export const archivedFilter = z.enum(['active', 'archived', 'all']);

/** Archive / restore / discontinue / reactivate: a change like any other, based on a version. */
export const versionOnlyRequest = z.object({ version: versionField });
export type VersionOnlyRequest = z.infer<typeof versionOnlyRequest>;

/** The bookkeeping fields that end every archivable record: archived, version, createdAt, updatedAt. */
export const archivableRecordFields = {
  archived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** Fields of a node of a coded tree (product category, department, region) before its own extras. */
export const treeNodeFields = {
  id: z.string(),
  code: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
};

/** List query of a coded tree: text in code or name, children of one parent, archived filter. */
export function treeListQuery() {
  return pageQuery.extend({
    q: trimmed(100).optional(),
    parentId: z.uuid().optional(),
    archived: archivedFilter.optional(),
  });
}

/** Fields to create a node of a coded tree (names up to 100 characters; root when parentId is absent). */
export const createTreeNodeFields = {
  code: codeText,
  name: requiredText(100),
  parentId: z.uuid().nullable().optional(),
};

/** Fields to change a node of a coded tree: the version it was based on, then any of the fields. */
export const updateTreeNodeFields = {
  version: versionField,
  code: codeText.optional(),
  name: requiredText(100).optional(),
  parentId: z.uuid().nullable().optional(),
};
