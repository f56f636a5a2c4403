import type { AuditEntry } from '../../../contracts/audit.js';
import type { ServiceContext } from '../../platform/context.js';
import { ForbiddenError } from '../../platform/errors.js';
import type { PageQuery } from '../../platform/pagination.js';
import { can } from '../../platform/permissions.js';
import { type AuditFilter, listAuditEntries } from './audit.repository.js';

/** Entities whose history a user may read with the read permission of the entity itself. */
const ENTITY_READ_PERMISSION: Record<string, Parameters<typeof can>[1]> = {
  customer: 'customer.read',
  customer_contact: 'customer.read',
  customer_address: 'customer.read',
  unit: 'customer.read',
  order: 'customer.read',
  product: 'catalog.read',
  product_category: 'catalog.read',
};

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The change history (变更记录). The whole log needs audit.read; the history of one record is
 * also open to whoever may read that record.
 */
export async function listAudit(ctx: ServiceContext, filter: AuditFilter, page: PageQuery) {
  const recordPermission = filter.entity && filter.entityId ? ENTITY_READ_PERMISSION[filter.entity] : undefined;
  if (!can(ctx.actor, 'audit.read') && !(recordPermission && can(ctx.actor, recordPermission))) {
    throw new ForbiddenError('没有权限: audit.read', { permission: 'audit.read' });
  }
  const result = await listAuditEntries(ctx.db, filter, page);
  const items: AuditEntry[] = result.items.map((row) => ({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    actorName: row.actor_name ?? null,
    entity: row.entity,
    entityId: row.entity_id,
    action: row.action,
    before: parseJson(row.before),
    after: parseJson(row.after),
    requestId: row.request_id,
  }));
  return { items, nextCursor: result.nextCursor };
}
