import type { Generated } from 'kysely';

export interface DueWorkTable {
  id: string;
  kind: string;
  ref_id: string | null;
  dedupe_key: string;
  due_at: string;
  state: Generated<'pending' | 'running' | 'done' | 'failed' | 'cancelled'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  lease_token: string | null;
  lease_until: string | null;
  /** JSON object */
  payload: Generated<string>;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  done_at: string | null;
}

export interface OutboxMessagesTable {
  id: string;
  channel: 'email' | 'sms' | 'im_webhook' | 'in_app';
  recipient: string;
  subject: string | null;
  body: string;
  template_key: string | null;
  related_entity: string | null;
  related_id: string | null;
  dedupe_key: string | null;
  due_at: string;
  state: Generated<'pending' | 'running' | 'sent' | 'dead' | 'cancelled'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  lease_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

export interface DueWorkTables {
  due_work: DueWorkTable;
  outbox_messages: OutboxMessagesTable;
}
