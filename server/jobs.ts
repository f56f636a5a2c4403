import type { AppConfig } from './config.js';
import type { DB } from './db/database.js';
import { caseDueWorkHandlers } from './modules/cases/cases.jobs.js';
import { complaintDueWorkHandlers } from './modules/complaints/complaints.jobs.js';
import { followupDueWorkHandlers } from './modules/followups/followups.jobs.js';
import { notificationSenders } from './modules/notifications/notifications.senders.js';
import { repairDueWorkHandlers } from './modules/repairs/repairs.jobs.js';
import type { DueWorkHandlers } from './platform/due-work.js';
import type { MessageSenders } from './platform/outbox.js';

/** Every module's due-work handlers, by kind. One line per module. */
export function dueWorkHandlers(): DueWorkHandlers {
  return {
    ...caseDueWorkHandlers(),
    ...repairDueWorkHandlers(),
    ...complaintDueWorkHandlers(),
    ...followupDueWorkHandlers(),
  };
}

/** How outgoing messages leave the system; channels without a sender wait (visible in the outbox). */
export function messageSenders(config: AppConfig, db?: DB): MessageSenders {
  return {
    ...notificationSenders(config, db), // email via SMTP_URL, sms via SMS_WEBHOOK_URL
  };
}
