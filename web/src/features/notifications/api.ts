import type { z } from 'zod';
import type { attachmentSettings, updateAttachmentSettingsRequest } from '../../../../contracts/attachments';
import type { caseType } from '../../../../contracts/cases';
import type {
  inboundEmail,
  inboundEmailDetail,
  inboundEmailPage,
  inboundEmailState,
  mailSettings,
  updateMailSettingsRequest,
} from '../../../../contracts/mail';
import type {
  inboxMessage,
  inboxPage,
  notificationChannel,
  notificationSettings,
  notificationTemplate,
  notificationTemplateList,
  outboxMessage,
  outboxPage,
  outboxState,
  outboxSummary,
  templatePreview,
  updateNotificationSettingsRequest,
  updateTemplateRequest,
} from '../../../../contracts/notifications';

/** Types of the notifications, outbox, e-mail intake and attachment-settings API (contracts/). */
export type NotificationChannel = z.infer<typeof notificationChannel>;
export type OutboxState = z.infer<typeof outboxState>;
export type NotificationTemplate = z.infer<typeof notificationTemplate>;
export type NotificationTemplateList = z.infer<typeof notificationTemplateList>;
export type UpdateTemplateRequest = z.infer<typeof updateTemplateRequest>;
export type TemplatePreview = z.infer<typeof templatePreview>;
export type NotificationSettings = z.infer<typeof notificationSettings>;
export type UpdateNotificationSettingsRequest = z.infer<typeof updateNotificationSettingsRequest>;
export type OutboxMessage = z.infer<typeof outboxMessage>;
export type OutboxPage = z.infer<typeof outboxPage>;
export type OutboxSummary = z.infer<typeof outboxSummary>;
export type InboxMessage = z.infer<typeof inboxMessage>;
export type InboxPage = z.infer<typeof inboxPage>;
export type InboundEmail = z.infer<typeof inboundEmail>;
export type InboundEmailDetail = z.infer<typeof inboundEmailDetail>;
export type InboundEmailPage = z.infer<typeof inboundEmailPage>;
export type InboundEmailState = z.infer<typeof inboundEmailState>;
export type MailSettings = z.infer<typeof mailSettings>;
export type UpdateMailSettingsRequest = z.infer<typeof updateMailSettingsRequest>;
export type AttachmentSettings = z.infer<typeof attachmentSettings>;
export type UpdateAttachmentSettingsRequest = z.infer<typeof updateAttachmentSettingsRequest>;
export type CaseType = z.infer<typeof caseType>;

export const notificationKeys = {
  templates: ['notifications', 'templates'] as const,
  settings: ['notifications', 'settings'] as const,
  outbox: ['notifications', 'outbox'] as const,
  summary: ['notifications', 'outbox', 'summary'] as const,
  inbox: ['notifications', 'inbox'] as const,
  inbound: ['notifications', 'inbound'] as const,
  mailSettings: ['notifications', 'mail-settings'] as const,
  attachmentSettings: ['notifications', 'attachment-settings'] as const,
  caseTypes: ['notifications', 'case-types'] as const,
};

export const OUTBOX_STATES: OutboxState[] = ['pending', 'running', 'sent', 'dead', 'cancelled'];
export const CHANNELS: NotificationChannel[] = ['email', 'sms', 'in_app', 'im_webhook'];
export const INBOUND_STATES: InboundEmailState[] = ['case_opened', 'reply_added', 'rejected', 'failed'];

/** Tag colours per state. */
export const OUTBOX_STATE_COLOR: Record<OutboxState, string> = {
  pending: 'processing',
  running: 'blue',
  sent: 'success',
  dead: 'error',
  cancelled: 'default',
};
export const INBOUND_STATE_COLOR: Record<InboundEmailState, string> = {
  case_opened: 'success',
  reply_added: 'cyan',
  rejected: 'default',
  failed: 'error',
};
