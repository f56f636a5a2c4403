import { recordAudit } from './audit.js';
import type { ServiceContext } from './context.js';
import { BusinessRuleError, ConflictError, IllegalTransitionError } from './errors.js';
import { updateVersioned } from './versioning.js';

/** Rules shared by master data that has a code and is archived instead of deleted (categories, departments, grades …). */

/** 422 'invalid_reference' on the field that names a missing or unusable record. */
export function invalidReference(path: (string | number)[], message: string): BusinessRuleError {
  return new BusinessRuleError('invalid_reference', message, [{ path, message }]);
}

/**
 * 409 'duplicate_code' on body.code unless the code (case-insensitive, as the lookup does it) is free,
 * or used by the record itself (`selfId`).
 */
export async function assertCodeFree(
  what: string,
  code: string,
  findByCode: (code: string) => Promise<{ id: string } | undefined>,
  selfId?: string,
): Promise<void> {
  const existing = await findByCode(code);
  if (existing && existing.id !== selfId) {
    const message = `${what} code "${code}" is already used`;
    throw new ConflictError('duplicate_code', message, [{ path: ['body', 'code'], message }]);
  }
}

/** Archiving an archived record or restoring an active one is an illegal transition (409). */
export function assertArchiveTransition(currentlyArchived: boolean, archiving: boolean): void {
  if (currentlyArchived === archiving) {
    throw new IllegalTransitionError(currentlyArchived ? 'archived' : 'active', archiving ? 'archive' : 'restore', [
      archiving ? 'restore' : 'archive',
    ]);
  }
}

/**
 * Archive or restore a record the caller has just read: transition check, `check` (the area's own
 * rules), the versioned write and its audit row — in the caller's transaction.
 */
export async function setArchived(
  tx: ServiceContext,
  args: {
    table: string;
    entity: string;
    id: string;
    version: number;
    currentlyArchived: boolean;
    archived: boolean;
    check?: () => Promise<void>;
  },
): Promise<void> {
  const { archived } = args;
  assertArchiveTransition(args.currentlyArchived, archived);
  await args.check?.();
  await updateVersioned(tx, args.table, args.id, args.version, { archived }, args.entity);
  await recordAudit(tx, {
    entity: args.entity,
    entityId: args.id,
    action: archived ? 'archive' : 'restore',
    before: { archived: !archived },
    after: { archived },
  });
}
