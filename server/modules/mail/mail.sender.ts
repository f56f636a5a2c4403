/**
 * Outgoing e-mail through SMTP (nodemailer), registered as the outbox's 'email' sender in
 * server/jobs.ts when SMTP_URL is set.
 *   - Message-ID = <outbox id@domain>: a resend after a crash carries the same id (receivers and
 *     our intake recognise it), and a customer's reply (In-Reply-To) leads back to the case.
 *   - Messages about a case carry References <case-<case id>@domain> (plus the customer's latest
 *     mails on the case, the newest as In-Reply-To), so mail clients thread them and replies land
 *     on the case.
 *   - Auto-Submitted: auto-generated (RFC 3834): well-behaved auto-responders do not answer.
 * Subjects and names in Chinese are encoded by nodemailer (RFC 2047), the body is UTF-8.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config.js';
import type { DB } from '../../db/database.js';
import type { DeliverableMessage, MessageSender } from '../../platform/outbox.js';
import * as repo from './mail.repository.js';
import { caseThreadId, outboxMessageId } from './mail.text.js';

export interface EmailSenderOptions {
  config: AppConfig;
  /** to look up a message's case for the threading headers (optional) */
  db?: DB;
  /** a ready transport (tests); default one from config.mail.smtpUrl */
  transport?: Transporter;
}

export interface ThreadHeaders {
  inReplyTo?: string;
  references?: string[];
}

/** The threading headers of an outgoing message: its case thread and the customer's latest mails on it. */
export async function threadHeadersFor(db: DB, outboxId: string, domain: string): Promise<ThreadHeaders> {
  const related = await repo.outboxRelated(db, outboxId);
  if (related?.related_entity !== 'case' || !related.related_id) return {};
  const inbound = await repo.inboundMessageIdsOfCase(db, related.related_id);
  const references = [caseThreadId(related.related_id, domain), ...[...inbound].reverse()];
  return { inReplyTo: inbound[0] ?? references[0], references };
}

function fromAddress(config: AppConfig): string {
  return config.mail.from ?? `售后服务 <noreply@${config.mail.messageIdDomain}>`;
}

export function createEmailSender(options: EmailSenderOptions): MessageSender {
  const { config, db } = options;
  if (!options.transport && !config.mail.smtpUrl) throw new Error('SMTP_URL is not configured');
  const transport = options.transport ?? nodemailer.createTransport(config.mail.smtpUrl!);
  const domain = config.mail.messageIdDomain;
  return async (message: DeliverableMessage) => {
    const thread = db ? await threadHeadersFor(db, message.id, domain) : {};
    const info = await transport.sendMail({
      from: fromAddress(config),
      to: message.recipient,
      subject: message.subject ?? '',
      text: message.body,
      messageId: outboxMessageId(message.id, domain),
      ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
      ...(thread.references?.length ? { references: thread.references } : {}),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply', 'X-Aftersales-Outbox-Id': message.id },
    });
    const rejected = (info.rejected ?? []).map((r: any) => (typeof r === 'string' ? r : r.address));
    if (rejected.length) throw new Error(`SMTP server refused ${rejected.join(', ')}: ${info.response ?? ''}`);
  };
}
