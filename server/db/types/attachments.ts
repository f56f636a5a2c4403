import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

/** Row types of attachments, notification templates and inbound e-mail (migration 2026-11-23-25). */

export type AttachmentSource = 'upload' | 'email' | 'signature' | 'portal';

export interface AttachmentsTable {
  id: string;
  entity: string;
  entity_id: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  /** blob (SQLite) / bytea (PostgreSQL): a Buffer on both */
  content: Buffer;
  uploaded_by: string | null;
  source: AttachmentSource;
  created_at: string;
}

export type TemplateChannel = 'email' | 'sms' | 'im_webhook' | 'in_app';

export interface NotificationTemplatesTable {
  id: string;
  key: string;
  channel: TemplateChannel;
  locale: Generated<string>;
  subject: string | null;
  body: string;
  purpose: Generated<'service' | 'marketing'>;
  enabled: Generated<Bool>;
  builtin: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type InboundEmailState = 'case_opened' | 'reply_added' | 'rejected' | 'failed';

export interface InboundEmailsTable {
  id: string;
  message_id: string;
  from_address: string | null;
  from_name: string | null;
  /** JSON array of strings */
  to_addresses: Generated<string>;
  subject: string | null;
  text_body: string | null;
  in_reply_to: string | null;
  size_bytes: number;
  raw: Buffer;
  state: InboundEmailState;
  reason: string | null;
  detail: string | null;
  case_id: string | null;
  attachment_count: Generated<number>;
  received_at: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface AttachmentsTables {
  attachments: AttachmentsTable;
  notification_templates: NotificationTemplatesTable;
  inbound_emails: InboundEmailsTable;
}
