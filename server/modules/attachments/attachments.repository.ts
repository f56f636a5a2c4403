import type { Insertable } from 'kysely';
import type { DB } from '../../db/database.js';
import type { AttachmentsTable } from '../../db/types/attachments.js';

/** Kysely queries of attachments. Lists never read the content column. */

const META_COLUMNS = [
  'attachments.id',
  'attachments.entity',
  'attachments.entity_id',
  'attachments.file_name',
  'attachments.mime_type',
  'attachments.size_bytes',
  'attachments.sha256',
  'attachments.uploaded_by',
  'attachments.source',
  'attachments.created_at',
] as const;

export type AttachmentMetaRow = Awaited<ReturnType<typeof findAttachmentMeta>> & {};

export async function insertAttachment(db: DB, row: Insertable<AttachmentsTable>): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export async function findAttachmentMeta(db: DB, id: string) {
  return db
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.uploaded_by')
    .select([...META_COLUMNS, 'users.display_name as uploader_name'])
    .where('attachments.id', '=', id)
    .executeTakeFirst();
}

export async function findAttachmentContent(db: DB, id: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('attachments').select('content').where('id', '=', id).executeTakeFirst();
  return row ? Buffer.from(row.content) : undefined;
}

export async function listAttachmentsOf(db: DB, entity: string, entityId: string, limit = 500) {
  return db
    .selectFrom('attachments')
    .leftJoin('users', 'users.id', 'attachments.uploaded_by')
    .select([...META_COLUMNS, 'users.display_name as uploader_name'])
    .where('attachments.entity', '=', entity)
    .where('attachments.entity_id', '=', entityId)
    .orderBy('attachments.created_at')
    .orderBy('attachments.id')
    .limit(limit)
    .execute();
}

export async function customerExists(db: DB, id: string): Promise<boolean> {
  return (await db.selectFrom('customers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function unitExists(db: DB, id: string): Promise<boolean> {
  return (await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
