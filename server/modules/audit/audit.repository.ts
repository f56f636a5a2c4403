import type { DB } from '../../db/database.js';
import { type PageQuery, paginate } from '../../platform/pagination.js';

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

export async function listAuditEntries(db: DB, filter: AuditFilter, page: PageQuery) {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor_id',
      'audit_log.actor_label',
      'users.display_name as actor_name',
      'audit_log.entity',
      'audit_log.entity_id',
      'audit_log.action',
      'audit_log.before',
      'audit_log.after',
      'audit_log.request_id',
    ]);
  if (filter.entity) query = query.where('audit_log.entity', '=', filter.entity);
  if (filter.entityId) query = query.where('audit_log.entity_id', '=', filter.entityId);
  if (filter.actorId) query = query.where('audit_log.actor_id', '=', filter.actorId);
  if (filter.from) query = query.where('audit_log.at', '>=', filter.from);
  if (filter.to) query = query.where('audit_log.at', '<', filter.to);
  return paginate(query, { fields: { at: 'audit_log.at' }, idColumn: 'audit_log.id', defaultSort: '-at' }, page);
}
