/**
 * Attachments (附件, R-REQ-3): photos, proof of purchase, documents, signatures, files that came
 * with an e-mail. Stored in the database (every instance shares them; backups include them).
 *
 * ── For other modules (inside YOUR transaction, no permission checks — do your own) ──────────────
 *   saveAttachment(tx, {entity, entityId, fileName, content, mimeType?, uploadedBy?, source?, kinds?})
 *       → Attachment. Checks the type by the content's magic bytes (415 unsupported_file_type), the
 *       size against the setting attachments.settings.maxBytes (413 file_too_large), that the record
 *       exists (404); writes the row, the audit entry and (for a case) the timeline event
 *       'attachment_added'. source 'signature' accepts PNG only.
 *   listAttachmentsFor(db, entity, entityId) → Attachment[]   (no permission check)
 *   registerAttachmentEntity(...)   attachments.registry.ts: more record kinds (work orders …)
 *
 * ── Commands and queries of the API ─────────────────────────────────────────────────────────────
 *   uploadAttachment(ctx, {entity, entityId, fileName, content})   permission of the record
 *   listAttachments(ctx, {entity, entityId}), openAttachment(ctx, id) → {attachment, content}
 *   getAttachmentSettings / updateAttachmentSettings (settings.write)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type {
  Attachment,
  AttachmentListQuery,
  AttachmentSettings,
  AttachmentSource,
  UpdateAttachmentSettingsRequest,
} from '../../../contracts/attachments.js';
import type { DB } from '../../db/database.js';
import { recordAudit } from '../../platform/audit.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { AppError, BadRequestError, ForbiddenError, NotFoundError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions.js';
import { assertCanReadCase, canWorkOnCase, getCaseRecord, recordCaseEvent } from '../cases/cases.service.js';
import { readSetting, saveSetting } from '../notifications/settings.store.js';
import * as repo from './attachments.repository.js';
import { attachmentEntities, attachmentEntityRules, registerAttachmentEntity } from './attachments.registry.js';
import { cleanFileName, withExtension } from './file-names.js';
import { type FileKind, SIGNATURE_KINDS, sniffFileType } from './file-types.js';

export { registerAttachmentEntity } from './attachments.registry.js';

// ---------------------------------------------------------------------------------------------
// Errors

export class FileTooLargeError extends AppError {
  constructor(sizeBytes: number | null, maxBytes: number) {
    super(413, 'file_too_large', `文件过大，最大 ${formatSize(maxBytes)} (file too large)`, { maxBytes, sizeBytes });
  }
}

export class UnsupportedFileTypeError extends AppError {
  constructor(fileName: string, allowed: string) {
    super(415, 'unsupported_file_type', `不支持的文件类型：${fileName}（仅支持 ${allowed}）(unsupported file type)`, {
      fileName,
      allowed,
    });
  }
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

const ALLOWED_TEXT = '图片 JPG/PNG/GIF/WEBP/HEIC、PDF、Word/Excel/PowerPoint、文本';

// ---------------------------------------------------------------------------------------------
// Settings

export const ATTACHMENT_SETTINGS_KEY = 'attachments.settings';
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const settingsSchema = z.object({ maxBytes: z.number().int().positive() });

export async function readAttachmentSettings(db: DB): Promise<AttachmentSettings> {
  const s = await readSetting(db, ATTACHMENT_SETTINGS_KEY, settingsSchema, { maxBytes: DEFAULT_MAX_ATTACHMENT_BYTES });
  return { ...s.value, version: s.version, updatedAt: s.updatedAt };
}

export async function getAttachmentSettings(ctx: ServiceContext): Promise<AttachmentSettings> {
  return readAttachmentSettings(ctx.db);
}

export async function updateAttachmentSettings(ctx: ServiceContext, input: UpdateAttachmentSettingsRequest): Promise<AttachmentSettings> {
  assertCan(ctx.actor, 'settings.write');
  return inTransaction(ctx, async (tx) => {
    const current = await readSetting(tx.db, ATTACHMENT_SETTINGS_KEY, settingsSchema, { maxBytes: DEFAULT_MAX_ATTACHMENT_BYTES });
    await saveSetting(tx, ATTACHMENT_SETTINGS_KEY, input.version, { maxBytes: input.maxBytes }, current);
    return readAttachmentSettings(tx.db);
  });
}

// ---------------------------------------------------------------------------------------------
// Presenting

function present(row: NonNullable<Awaited<ReturnType<typeof repo.findAttachmentMeta>>>): Attachment {
  return {
    id: row.id,
    entity: row.entity,
    entityId: row.entity_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    source: row.source,
    image: row.mime_type.startsWith('image/'),
    uploadedBy: row.uploaded_by ? { id: row.uploaded_by, name: row.uploader_name ?? '' } : null,
    createdAt: row.created_at,
    downloadPath: `/attachments/${row.id}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Saving

export interface SaveAttachmentInput {
  entity: string;
  entityId: string;
  fileName: string;
  /** what the client claimed; informational only — the content decides */
  mimeType?: string | null;
  content: Buffer;
  /** default: the acting user (null for the system) */
  uploadedBy?: string | null;
  source?: AttachmentSource;
  /** restrict the allowed kinds further (e.g. ['png'] for a signature) */
  kinds?: readonly FileKind[];
  /** the maximum size to apply; default the setting (read once per call otherwise) */
  maxBytes?: number;
  /** false: skip the record's onAttached hook (the caller records its own timeline event) */
  announce?: boolean;
}

function rulesOf(entity: string) {
  const rules = attachmentEntityRules(entity);
  if (!rules) {
    throw new BadRequestError(`不能给此类记录添加附件：${entity} (unknown record kind)`, [
      { path: ['body', 'entity'], message: `one of: ${attachmentEntities().join(', ')}` },
    ]);
  }
  return rules;
}

/** Validate and store one file (inside the caller's transaction). See the file header. */
export async function saveAttachment(tx: ServiceContext, input: SaveAttachmentInput): Promise<Attachment> {
  const rules = rulesOf(input.entity);
  const maxBytes = input.maxBytes ?? (await readAttachmentSettings(tx.db)).maxBytes;
  const rawName = cleanFileName(input.fileName);
  if (input.content.length === 0) {
    throw new BadRequestError('文件是空的 (the file is empty)', [{ path: ['body', 'file'], message: 'empty file' }]);
  }
  if (input.content.length > maxBytes) throw new FileTooLargeError(input.content.length, maxBytes);
  const type = sniffFileType(input.content, rawName);
  const source = input.source ?? 'upload';
  const kinds = input.kinds ?? (source === 'signature' ? SIGNATURE_KINDS : null);
  if (!type || (kinds && !kinds.includes(type.kind))) {
    throw new UnsupportedFileTypeError(rawName, kinds ? kinds.map((k) => k.toUpperCase()).join('/') : ALLOWED_TEXT);
  }
  if (!(await rules.exists(tx, input.entityId))) throw new NotFoundError(input.entity, input.entityId);

  const fileName = withExtension(rawName, type.extension);
  const row = {
    id: newId(),
    entity: input.entity,
    entity_id: input.entityId,
    file_name: fileName,
    mime_type: type.mimeType,
    size_bytes: input.content.length,
    sha256: createHash('sha256').update(input.content).digest('hex'),
    content: input.content,
    uploaded_by: input.uploadedBy === undefined ? tx.actor.id : input.uploadedBy,
    source,
    created_at: tx.clock.now().toISOString(),
  };
  await repo.insertAttachment(tx.db, row);
  const { content: _content, ...meta } = row;
  await recordAudit(tx, {
    entity: 'attachment',
    entityId: row.id,
    action: 'create',
    after: { ...meta, claimedMimeType: input.mimeType ?? null },
  });
  const saved = present((await repo.findAttachmentMeta(tx.db, row.id))!);
  if (input.announce !== false) await rules.onAttached?.(tx, saved);
  return saved;
}

/** Files of a record, oldest first (no permission check: for other modules' pages). */
export async function listAttachmentsFor(db: DB, entity: string, entityId: string): Promise<Attachment[]> {
  return (await repo.listAttachmentsOf(db, entity, entityId)).map(present);
}

// ---------------------------------------------------------------------------------------------
// API

export async function uploadAttachment(
  ctx: ServiceContext,
  input: { entity: string; entityId: string; fileName: string; mimeType?: string | null; content: Buffer; source?: AttachmentSource },
): Promise<Attachment> {
  const rules = rulesOf(input.entity);
  return inTransaction(ctx, async (tx) => {
    if (!(await rules.exists(tx, input.entityId))) throw new NotFoundError(input.entity, input.entityId);
    await rules.assertCanAttach(tx, input.entityId);
    return saveAttachment(tx, { ...input, source: input.source ?? 'upload' });
  });
}

export async function listAttachments(ctx: ServiceContext, query: AttachmentListQuery): Promise<{ items: Attachment[] }> {
  const rules = rulesOf(query.entity);
  if (!(await rules.exists(ctx, query.entityId))) throw new NotFoundError(query.entity, query.entityId);
  await rules.assertCanRead(ctx, query.entityId);
  return { items: await listAttachmentsFor(ctx.db, query.entity, query.entityId) };
}

export async function openAttachment(ctx: ServiceContext, id: string): Promise<{ attachment: Attachment; content: Buffer }> {
  const row = await repo.findAttachmentMeta(ctx.db, id);
  if (!row) throw new NotFoundError('attachment', id);
  const rules = attachmentEntityRules(row.entity);
  // a kind nobody registers any more: only administrators may still read its files
  if (rules) await rules.assertCanRead(ctx, row.entity_id);
  else assertCan(ctx.actor, 'settings.write');
  const content = await repo.findAttachmentContent(ctx.db, id);
  if (!content) throw new NotFoundError('attachment', id);
  return { attachment: present(row), content };
}

// ---------------------------------------------------------------------------------------------
// Built-in record kinds

registerAttachmentEntity('case', {
  exists: async (tx, id) => (await tx.db.selectFrom('cases').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,
  assertCanRead: async (ctx, id) => assertCanReadCase(ctx, await getCaseRecord(ctx, id)),
  assertCanAttach: async (ctx, id) => {
    const c = await getCaseRecord(ctx, id);
    await assertCanReadCase(ctx, c);
    assertCan(ctx.actor, 'case.update');
    if (!(await canWorkOnCase(ctx, c))) {
      throw new ForbiddenError('只能给自己负责或被指派的工单添加附件 (not your case)', { caseId: id });
    }
  },
  onAttached: async (tx, file) => {
    await recordCaseEvent(tx, file.entityId, {
      kind: 'attachment_added',
      note: file.fileName,
      data: { attachmentId: file.id, fileName: file.fileName, mimeType: file.mimeType, sizeBytes: file.sizeBytes, source: file.source },
    });
  },
});

registerAttachmentEntity('customer', {
  exists: (tx, id) => repo.customerExists(tx.db, id),
  assertCanRead: async (ctx) => assertCan(ctx.actor, 'customer.read'),
  assertCanAttach: async (ctx) => assertCan(ctx.actor, 'customer.write'),
});

registerAttachmentEntity('unit', {
  exists: (tx, id) => repo.unitExists(tx.db, id),
  assertCanRead: async (ctx) => assertCan(ctx.actor, 'customer.read'),
  assertCanAttach: async (ctx) => assertCan(ctx.actor, 'customer.write'),
});
