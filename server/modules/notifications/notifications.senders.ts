/**
 * How notifications leave the system, per channel (registered in server/jobs.ts):
 *   email  — SMTP via nodemailer when SMTP_URL is set (server/modules/mail/mail.sender.ts)
 *   sms    — an HTTP webhook of the company's SMS gateway when SMS_WEBHOOK_URL is set:
 *            POST {id, to, text} as JSON, `Authorization: Bearer SMS_WEBHOOK_TOKEN` when given,
 *            `Idempotency-Key: <outbox id>`; any 2xx is success, anything else is retried.
 *   in_app — needs no sender (the outbox row is the user's message).
 * A channel without a sender keeps its messages in the outbox, visible to the administrator.
 */
import type { AppConfig } from '../../config.js';
import type { DB } from '../../db/database.js';
import type { DeliverableMessage, MessageSender, MessageSenders } from '../../platform/outbox.js';
import { createEmailSender } from '../mail/mail.sender.js';

export function createSmsSender(options: { url: string; token?: string | null; timeoutMs?: number }): MessageSender {
  return async (message: DeliverableMessage) => {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': message.id,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ id: message.id, to: message.recipient, text: message.body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`SMS gateway answered ${response.status}: ${text.slice(0, 300)}`);
    }
  };
}

/** The senders this configuration has. */
export function notificationSenders(config: AppConfig, db?: DB): MessageSenders {
  const senders: MessageSenders = {};
  if (config.mail.smtpUrl) senders.email = createEmailSender({ config, db });
  if (config.sms.webhookUrl) senders.sms = createSmsSender({ url: config.sms.webhookUrl, token: config.sms.webhookToken });
  return senders;
}
