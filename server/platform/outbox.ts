import { insertRows } from '../db/compiled.js';
import type { ServiceContext } from './context.js';
import { claimDue, retryDelayMs, type SweepDeps } from './due-work.js';
import { newId } from './ids.js';

/**
 * Outgoing messages (e-mail, SMS, IM webhooks, in-app) are rows written in the same transaction
 * as the change that causes them, and delivered later by the sweeper: claimed with a lease,
 * retried with backoff, dead after max_attempts, visible to the administrator.
 */
export type OutboxChannel = 'email' | 'sms' | 'im_webhook' | 'in_app';

export interface OutgoingMessage {
  channel: OutboxChannel;
  recipient: string;
  subject?: string | null;
  body: string;
  templateKey?: string | null;
  related?: { entity: string; id: string };
  /** the same key twice enqueues one message */
  dedupeKey?: string;
  /** send no earlier than this (default: now) */
  dueAt?: string;
  maxAttempts?: number;
}

export async function enqueueMessage(ctx: ServiceContext, message: OutgoingMessage): Promise<string | null> {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  // compiled once (db/compiled.ts): every case opened queues a message
  const inserted = await insertRows(
    ctx.db,
    'outbox_messages',
    [
      {
      id,
      channel: message.channel,
      recipient: message.recipient,
      subject: message.subject ?? null,
      body: message.body,
      template_key: message.templateKey ?? null,
      related_entity: message.related?.entity ?? null,
      related_id: message.related?.id ?? null,
      dedupe_key: message.dedupeKey ?? null,
      due_at: message.dueAt ?? now,
      max_attempts: message.maxAttempts ?? 6,
      lease_token: null,
      lease_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
      sent_at: null,
      },
    ],
    { ignoreConflictOn: 'dedupe_key', returning: 'id' },
  );
  return inserted.length > 0 ? id : null;
}

export interface DeliverableMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  attempts: number;
}

/** Sends one message; throws to ask for a retry. In-app messages need no sender; channels without one wait. */
export type MessageSender = (message: DeliverableMessage) => Promise<void>;
export type MessageSenders = Partial<Record<OutboxChannel, MessageSender>>;

export interface DeliveryResult {
  sent: number;
  retried: number;
  dead: number;
}

/**
 * Deliver due messages once. Sending happens outside any transaction (it is network I/O); a crash
 * between sending and marking sent can send a message twice, never lose it.
 */
export async function deliverOutbox(deps: SweepDeps, senders: MessageSenders, options: { limit?: number; leaseMs?: number } = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, dead: 0 };
  const now = deps.clock.now();
  await deps.db
    .updateTable('outbox_messages')
    .set({ state: 'dead', lease_token: null, lease_until: null, last_error: 'lease expired on the last attempt', updated_at: now.toISOString() })
    .where('state', '=', 'running')
    .where('lease_until', '<', now.toISOString())
    .whereRef('attempts', '>=', 'max_attempts')
    .execute();
  // A channel without a sender (SMS gateway not configured yet) waits, visible, instead of dying.
  const deliverable = ['in_app', ...Object.keys(senders).filter((c) => c !== 'in_app')];
  const claimed = await claimDue(deps.db, 'outbox_messages', now, options.limit ?? 50, options.leaseMs ?? 60_000, {
    column: 'channel',
    values: deliverable,
  });
  for (const { id, token } of claimed) {
    const row = await deps.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const sender = senders[row.channel];
    try {
      if (row.channel !== 'in_app') {
        if (!sender) throw new Error(`no sender configured for channel "${row.channel}"`);
        await sender({ id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body, attempts: row.attempts });
      }
      const at = deps.clock.now().toISOString();
      await deps.db
        .updateTable('outbox_messages')
        .set({ state: 'sent', sent_at: at, lease_token: null, lease_until: null, last_error: null, updated_at: at })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .execute();
      result.sent += 1;
    } catch (error) {
      const exhausted = row.attempts >= row.max_attempts;
      const at = deps.clock.now();
      await deps.db
        .updateTable('outbox_messages')
        .set({
          state: exhausted ? 'dead' : 'pending',
          due_at: exhausted ? row.due_at : new Date(at.getTime() + retryDelayMs(row.attempts)).toISOString(),
          lease_token: null,
          lease_until: null,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 2000),
          updated_at: at.toISOString(),
        })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .execute();
      if (exhausted) result.dead += 1;
      else result.retried += 1;
    }
  }
  return result;
}
