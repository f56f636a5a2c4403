import { z } from 'zod';
import { pageOf, pageQuery, requiredText, trimmed, versionField } from './common.js';

/**
 * Notifications (R-POR-2): templates with the company's salutation and signature, the outbox of
 * outgoing messages (e-mail, SMS, IM webhook, in-app) with state, attempts and the last error,
 * and each user's in-app messages.
 */

export const notificationChannel = z.enum(['email', 'sms', 'im_webhook', 'in_app']);
export type NotificationChannel = z.infer<typeof notificationChannel>;
export const templatePurpose = z.enum(['service', 'marketing']);
export const outboxState = z.enum(['pending', 'running', 'sent', 'dead', 'cancelled']);
export type OutboxState = z.infer<typeof outboxState>;

// ── templates ────────────────────────────────────────────────────────────────────────────────
export const notificationTemplate = z.object({
  id: z.string(),
  key: z.string(),
  /** what the message is, in Chinese and English (for the editor) */
  nameZh: z.string(),
  nameEn: z.string(),
  audience: z.enum(['customer', 'staff']),
  channel: notificationChannel,
  locale: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  /** service messages about the customer's own case ignore do-not-disturb; marketing ones respect it */
  purpose: templatePurpose,
  enabled: z.boolean(),
  builtin: z.boolean(),
  /** {{placeholders}} this template may use */
  placeholders: z.array(z.string()),
  /** differs from the shipped default text */
  modified: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type NotificationTemplate = z.infer<typeof notificationTemplate>;
export const notificationTemplateList = z.object({ items: z.array(notificationTemplate) });

export const updateTemplateRequest = z.object({
  version: versionField,
  subject: trimmed(300).nullable().optional(),
  body: requiredText(4000),
  enabled: z.boolean().optional(),
});
export type UpdateTemplateRequest = z.infer<typeof updateTemplateRequest>;

export const resetTemplateRequest = z.object({ version: versionField });

export const previewTemplateRequest = z.object({
  subject: trimmed(300).nullable().optional(),
  body: requiredText(4000),
});
export type PreviewTemplateRequest = z.infer<typeof previewTemplateRequest>;
export const templatePreview = z.object({ subject: z.string().nullable(), body: z.string() });
export type TemplatePreview = z.infer<typeof templatePreview>;

// ── settings ─────────────────────────────────────────────────────────────────────────────────
export const notificationSettings = z.object({
  /** company name in 【】 of SMS and in subjects */
  companyName: z.string(),
  /** signature block of e-mails, e.g. "某某科技有限公司 售后服务中心" */
  signature: z.string(),
  /** service hotline (服务热线) */
  hotline: z.string(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type NotificationSettings = z.infer<typeof notificationSettings>;

export const updateNotificationSettingsRequest = z.object({
  version: versionField,
  companyName: requiredText(60),
  signature: trimmed(500),
  hotline: trimmed(40),
});
export type UpdateNotificationSettingsRequest = z.infer<typeof updateNotificationSettingsRequest>;

// ── outbox ───────────────────────────────────────────────────────────────────────────────────
export const outboxMessage = z.object({
  id: z.string(),
  channel: notificationChannel,
  /** e-mail address, phone number, or the user for in-app messages */
  recipient: z.string(),
  recipientName: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  templateKey: z.string().nullable(),
  related: z.object({ entity: z.string(), id: z.string(), label: z.string().nullable() }).nullable(),
  state: outboxState,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  dueAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessage>;
export const outboxPage = pageOf(outboxMessage);

export const outboxListQuery = pageQuery.extend({
  state: outboxState.optional(),
  channel: notificationChannel.optional(),
  /** recipient contains */
  q: trimmed(200).optional(),
  relatedId: z.string().max(64).optional(),
});
export type OutboxListQuery = z.infer<typeof outboxListQuery>;

export const outboxSummary = z.object({
  counts: z.record(outboxState, z.number().int()),
  /** channels with a configured sender; messages of the others wait and then die visibly */
  configuredChannels: z.array(notificationChannel),
});
export type OutboxSummary = z.infer<typeof outboxSummary>;

// ── in-app inbox ─────────────────────────────────────────────────────────────────────────────
export const inboxMessage = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  templateKey: z.string().nullable(),
  related: z.object({ entity: z.string(), id: z.string(), label: z.string().nullable() }).nullable(),
  createdAt: z.string(),
});
export type InboxMessage = z.infer<typeof inboxMessage>;
export const inboxPage = pageOf(inboxMessage);
export const inboxQuery = pageQuery.pick({ cursor: true, limit: true });
