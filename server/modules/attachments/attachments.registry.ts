/**
 * Which records may carry attachments, and who may read or add them. Built in: 'case' (the case
 * core's per-record rules), 'customer' and 'unit' (customer.read / customer.write). Other modules
 * register their own kinds at module load, e.g. the repairs module for work-order photos:
 *
 *   registerAttachmentEntity('work_order', {
 *     exists: (tx, id) => …,
 *     assertCanRead: async (ctx, id) => { … throw ForbiddenError … },
 *     assertCanAttach: async (ctx, id) => { … },
 *     onAttached: async (tx, file) => recordCaseEvent(tx, caseIdOf(file.entityId), { kind: 'attachment_added', … }),
 *   });
 */
import type { Attachment } from '../../../contracts/attachments.js';
import type { ServiceContext } from '../../platform/context.js';

export interface AttachmentEntityRules {
  /** does the record exist (404 otherwise) */
  exists(tx: ServiceContext, entityId: string): Promise<boolean>;
  /** may the actor see the record's files; throw ForbiddenError (403) if not */
  assertCanRead(ctx: ServiceContext, entityId: string): Promise<void>;
  /** may the actor add a file to the record; throw ForbiddenError (403) if not */
  assertCanAttach(ctx: ServiceContext, entityId: string): Promise<void>;
  /** after a file was saved, in the same transaction (timeline event …) */
  onAttached?(tx: ServiceContext, file: Attachment): Promise<void>;
}

const entities = new Map<string, AttachmentEntityRules>();

export function registerAttachmentEntity(entity: string, rules: AttachmentEntityRules): void {
  entities.set(entity, rules);
}

export function attachmentEntityRules(entity: string): AttachmentEntityRules | undefined {
  return entities.get(entity);
}

export function attachmentEntities(): string[] {
  return [...entities.keys()].sort();
}
