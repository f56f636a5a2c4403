import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.js';

/**
 * Attachments (photos, proof of purchase, signatures — R-REQ-3), notification templates with the
 * company's salutation and signature (R-POR-2), and e-mail received for intake (R-REQ-1).
 * File content lives in the database (blob / bytea), so every instance sees every file and a
 * backup holds them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('attachments')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // what the file belongs to: 'case', 'customer', 'unit', or another module's entity
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    // sniffed from the content, never taken from the file name or the client
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', t.blob, (c) => c.notNull())
    .addColumn('uploaded_by', t.id, (c) => c.references('users.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('upload', 'email', 'signature', 'portal')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_entity_idx').on('attachments').columns(['entity', 'entity_id', 'created_at']).execute();

  await db.schema
    .createTable('notification_templates')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'sms', 'im_webhook', 'in_app')`))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    // service messages about the customer's own case ignore do-not-disturb; marketing ones respect it
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('service').check(sql`purpose in ('service', 'marketing')`))
    .addColumn('enabled', t.boolean, (c) => c.notNull().defaultTo(true))
    .addColumn('builtin', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('notification_templates_key_uq', ['key', 'channel', 'locale'])
    .execute();

  await db.schema
    .createTable('inbound_emails')
    .addColumn('id', t.id, (c) => c.primaryKey())
    // the Message-ID header (or a hash of the raw mail when it has none): the same mail twice is one row
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('from_address', 'text')
    .addColumn('from_name', 'text')
    // JSON array of the envelope recipients
    .addColumn('to_addresses', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text')
    .addColumn('in_reply_to', 'text')
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('raw', t.blob, (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('case_opened', 'reply_added', 'rejected', 'failed')`),
    )
    // why it was rejected or failed
    .addColumn('reason', 'text')
    .addColumn('detail', 'text')
    .addColumn('case_id', t.id, (c) => c.references('cases.id'))
    .addColumn('attachment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('inbound_emails_state_idx').on('inbound_emails').columns(['state', 'received_at']).execute();
  await db.schema.createIndex('inbound_emails_case_idx').on('inbound_emails').columns(['case_id', 'received_at']).execute();
  // each user's in-app messages (the outbox doubles as the in-app inbox)
  await db.schema
    .createIndex('outbox_recipient_idx')
    .on('outbox_messages')
    .columns(['recipient', 'channel', 'created_at'])
    .execute();
  await db.schema.createIndex('inbound_emails_received_idx').on('inbound_emails').columns(['received_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only; restore a backup instead.');
}
