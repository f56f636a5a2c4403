import { z } from 'zod';
import { requiredText, versionField } from './common.js';

/**
 * Attachments (附件, R-REQ-3): photos, proof of purchase (购买凭证), documents and signatures on a
 * case, a customer or a unit (other modules register more record kinds). The type is decided by the
 * file's content; too large → 413 file_too_large, not an allowed kind → 415 unsupported_file_type.
 */

export const attachmentSource = z.enum(['upload', 'email', 'signature', 'portal']);
export type AttachmentSource = z.infer<typeof attachmentSource>;

/** what a file belongs to: 'case', 'customer', 'unit', or a kind another module registered */
export const attachmentEntity = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'a record kind such as case, customer, unit');

export const attachment = z.object({
  id: z.string(),
  entity: z.string(),
  entityId: z.string(),
  fileName: z.string(),
  /** sniffed from the content */
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  source: attachmentSource,
  /** an image the browser may show inline (thumbnails) */
  image: z.boolean(),
  uploadedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  /** relative download URL under /api/v1 */
  downloadPath: z.string(),
});
export type Attachment = z.infer<typeof attachment>;

export const attachmentListQuery = z.object({ entity: attachmentEntity, entityId: z.string().trim().min(1).max(64) });
export type AttachmentListQuery = z.infer<typeof attachmentListQuery>;
export const attachmentList = z.object({ items: z.array(attachment) });

/** JSON alternative to the multipart upload (integrations): the file as base64. */
export const uploadAttachmentJson = z.object({
  entity: attachmentEntity,
  entityId: z.string().trim().min(1).max(64),
  fileName: requiredText(255),
  contentBase64: z.string().min(1),
});
export type UploadAttachmentJson = z.infer<typeof uploadAttachmentJson>;

export const downloadQuery = z.object({
  /** show an image or PDF in the browser instead of downloading it */
  inline: z.enum(['true', 'false', '1', '0']).optional(),
});

export const attachmentSettings = z.object({
  /** largest file accepted, in bytes (default 10 MB) */
  maxBytes: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type AttachmentSettings = z.infer<typeof attachmentSettings>;

export const updateAttachmentSettingsRequest = z.object({
  version: versionField,
  maxBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(100 * 1024 * 1024),
});
export type UpdateAttachmentSettingsRequest = z.infer<typeof updateAttachmentSettingsRequest>;

/** The extensions an upload dialog offers; the server checks the content anyway. */
export const ACCEPTED_FILE_EXTENSIONS = [
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.heic',
  '.heif',
  '.pdf',
  '.docx',
  '.xlsx',
  '.pptx',
  '.doc',
  '.xls',
  '.txt',
  '.csv',
] as const;
