import { z } from 'zod';
import { isoDateTime, pageOf, pageQuery } from './common.js';

export const auditQuery = pageQuery.extend({
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  actorId: z.uuid().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  actorName: z.string().nullable(),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditPage = pageOf(auditEntry);
