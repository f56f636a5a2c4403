/**
 * Notifications (R-POR-2, issue 3 item 9): messages from templates with the company's salutation and
 * signature, queued in the outbox in the caller's transaction and delivered by the sweeper
 * (e-mail through SMTP, SMS through the gateway's webhook, in-app without a sender).
 *
 * ── For other modules (inside YOUR transaction; no permission checks) ───────────────────────────
 *   notify(tx, {template, to: {customerId?, contactId?, userId?, email?, phone?, name?}, vars?, related?,
 *              dedupeKey?, channels?}) → NotifyResult
 *       one message per enabled template channel the recipient has an address for: email → an
 *       e-mail address, sms → a phone, in_app → a user. Salutation, company name, hotline and
 *       signature are filled in. The same dedupeKey twice queues nothing more.
 *       Do-not-disturb (customers.do_not_disturb) stops templates of purpose 'marketing' only:
 *       service messages about the customer's own case (受理, 预约, 结案) are always sent — the
 *       customer asked for the service, and R-REP-4 requires telling him the appointment.
 *   notifyCaseReceived(tx, caseId)                   工单受理 → the case's contact (e-mail / SMS)
 *   notifyAppointment(tx, caseId, {technicianId, windowStart, windowEnd, appointmentId?})
 *                                                    预约上门 → the case's contact
 *   notifyTechnicianJob(tx, caseId, technicianId, {windowStart?, windowEnd?, workOrderId?})
 *                                                    新派工 → the technician (in-app, SMS)
 *   notifyEscalation(tx, {caseId, level: 1|2|3, metric, dueAt, recipientIds, dedupeKey})
 *                                                    即将超时 / 已超时 / 升级 → staff (in-app, e-mail)
 *   notifyCaseClosed(tx, caseId)                     结案 → the case's contact
 *   notifyCustomerReplied(tx, caseId, {fromName, fromAddress, excerpt, dedupeKey})  → the owner (in-app)
 *
 * ── API (notification.manage unless said otherwise) ─────────────────────────────────────────────
 *   listTemplates, updateTemplate, resetTemplate, previewTemplate; get/updateNotificationSettings;
 *   listOutbox, outboxSummary, retryOutboxMessage, cancelOutboxMessage; listInbox (every user: own)
 * Startup: ensureNotificationTemplates(ctx) seeds the Chinese defaults (missing rows only).
 */
import { z } from 'zod';
import type {
  InboxMessage,
  NotificationChannel,
  NotificationSettings,
  NotificationTemplate,
  OutboxListQuery,
  OutboxMessage,
  OutboxState,
  OutboxSummary,
  PreviewTemplateRequest,
  TemplatePreview,
  UpdateNotificationSettingsRequest,
  UpdateTemplateRequest,
} from '../../../contracts/notifications.js';
import type { AppConfig } from '../../config.js';
import type { DB } from '../../db/database.js';
import { changedFields, recordAudit } from '../../platform/audit.js';
import { wallClockOf } from '../../platform/calendar/index.js';
import { inTransaction, type ServiceContext } from '../../platform/context.js';
import { AppError, BadRequestError, ConflictError, NotFoundError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueueMessage, type OutboxChannel } from '../../platform/outbox.js';
import type { Page, PageQuery } from '../../platform/pagination.js';
import { assertCan } from '../../platform/permissions.js';
import { updateVersioned } from '../../platform/versioning.js';
import { loadCompanyCalendar } from '../calendar/calendar.service.js';
import { type CaseRecord, getCaseRecord, recordCaseEvent } from '../cases/cases.service.js';
import * as repo from './notifications.repository.js';
import {
  DEFAULT_TEMPLATES,
  defaultTemplate,
  placeholdersFor,
  placeholdersIn,
  renderTemplate,
  salutationFor,
  signatureBlock,
  TEMPLATE_KEYS,
  type TemplateVars,
} from './notifications.templates.js';
import { readCachedSetting, readSetting, saveSetting } from './settings.store.js';

export const DEFAULT_LOCALE = 'zh-CN';

// ---------------------------------------------------------------------------------------------
// Settings

export const NOTIFICATION_SETTINGS_KEY = 'notifications.settings';
const settingsSchema = z.object({ companyName: z.string(), signature: z.string(), hotline: z.string() });
type SettingsValue = z.infer<typeof settingsSchema>;
export const DEFAULT_NOTIFICATION_SETTINGS: SettingsValue = { companyName: '售后服务中心', signature: '售后服务中心', hotline: '' };

export async function readNotificationSettings(db: DB): Promise<NotificationSettings> {
  const s = await readCachedSetting(db, NOTIFICATION_SETTINGS_KEY, settingsSchema, DEFAULT_NOTIFICATION_SETTINGS);
  return { ...s.value, version: s.version, updatedAt: s.updatedAt };
}

export async function getNotificationSettings(ctx: ServiceContext): Promise<NotificationSettings> {
  assertCan(ctx.actor, 'notification.manage');
  return readNotificationSettings(ctx.db);
}

export async function updateNotificationSettings(
  ctx: ServiceContext,
  input: UpdateNotificationSettingsRequest,
): Promise<NotificationSettings> {
  assertCan(ctx.actor, 'notification.manage');
  return inTransaction(ctx, async (tx) => {
    const current = await readSetting(tx.db, NOTIFICATION_SETTINGS_KEY, settingsSchema, DEFAULT_NOTIFICATION_SETTINGS);
    const value = { companyName: input.companyName, signature: input.signature, hotline: input.hotline };
    await saveSetting(tx, NOTIFICATION_SETTINGS_KEY, input.version, value, current);
    return readNotificationSettings(tx.db);
  });
}

// ---------------------------------------------------------------------------------------------
// Templates: seeding, reading, editing

/** Seed the Chinese default templates (only the missing ones: edits are never overwritten). */
export async function ensureNotificationTemplates(ctx: ServiceContext): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const now = tx.clock.now().toISOString();
    let inserted = 0;
    for (const t of DEFAULT_TEMPLATES) {
      const ok = await repo.insertTemplateIfMissing(tx.db, {
        id: newId(),
        key: t.key,
        channel: t.channel,
        locale: DEFAULT_LOCALE,
        subject: t.subject,
        body: t.body,
        purpose: t.purpose,
        enabled: true,
        builtin: true,
        created_at: now,
        updated_at: now,
      });
      if (ok) inserted += 1;
    }
    if (inserted) await recordAudit(tx, { entity: 'notification_templates', entityId: 'builtin', action: 'seed', after: { inserted } });
    return inserted;
  });
}

interface UsableTemplate {
  channel: OutboxChannel;
  subject: string | null;
  body: string;
  purpose: 'service' | 'marketing';
}

/** The enabled templates of a key, one per channel: the locale's row, else zh-CN, else the shipped default. */
async function templatesFor(db: DB, key: string, locale: string): Promise<UsableTemplate[]> {
  const rows = await repo.cachedTemplatesOfKey(db, key);
  const channels = new Set<OutboxChannel>([...rows.map((r) => r.channel), ...DEFAULT_TEMPLATES.filter((t) => t.key === key).map((t) => t.channel)]);
  const out: UsableTemplate[] = [];
  for (const channel of channels) {
    const row = rows.find((r) => r.channel === channel && r.locale === locale) ?? rows.find((r) => r.channel === channel && r.locale === DEFAULT_LOCALE);
    if (row) {
      if (Boolean(row.enabled)) out.push({ channel, subject: row.subject, body: row.body, purpose: row.purpose });
      continue;
    }
    const fallback = defaultTemplate(key, channel);
    if (fallback) out.push({ channel, subject: fallback.subject, body: fallback.body, purpose: fallback.purpose });
  }
  return out;
}

function presentTemplate(row: repo.TemplateRow): NotificationTemplate {
  const info = TEMPLATE_KEYS[row.key];
  const shipped = defaultTemplate(row.key, row.channel);
  return {
    id: row.id,
    key: row.key,
    nameZh: info?.nameZh ?? row.key,
    nameEn: info?.nameEn ?? row.key,
    audience: info?.audience ?? 'customer',
    channel: row.channel,
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    purpose: row.purpose,
    enabled: Boolean(row.enabled),
    builtin: Boolean(row.builtin),
    placeholders: placeholdersFor(row.key),
    modified: shipped ? shipped.body !== row.body || (shipped.subject ?? null) !== (row.subject ?? null) : true,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

export async function listTemplates(ctx: ServiceContext): Promise<{ items: NotificationTemplate[] }> {
  assertCan(ctx.actor, 'notification.manage');
  return { items: (await repo.listTemplates(ctx.db)).map(presentTemplate) };
}

async function mustFindTemplate(db: DB, id: string): Promise<repo.TemplateRow> {
  const row = await repo.findTemplate(db, id);
  if (!row) throw new NotFoundError('notification_template', id);
  return row;
}

/** 400 when a text uses a placeholder the message never fills in (a typo would render as nothing). */
function assertKnownPlaceholders(key: string, fields: { subject?: string | null; body: string }) {
  const allowed = new Set(placeholdersFor(key));
  const issues: { path: string[]; message: string }[] = [];
  for (const field of ['subject', 'body'] as const) {
    const unknown = placeholdersIn(fields[field] ?? '').filter((p) => !allowed.has(p));
    if (unknown.length) {
      issues.push({ path: ['body', field], message: `未知占位符 unknown placeholder: ${unknown.map((u) => `{{${u}}}`).join(', ')}` });
    }
  }
  if (issues.length) throw new AppError(400, 'unknown_placeholder', '模板中有未知的占位符 (unknown placeholders)', issues);
}

export async function updateTemplate(ctx: ServiceContext, id: string, input: UpdateTemplateRequest): Promise<NotificationTemplate> {
  assertCan(ctx.actor, 'notification.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindTemplate(tx.db, id);
    const subject = input.subject === undefined ? row.subject : input.subject || null;
    if (row.channel === 'email' && !subject) {
      throw new BadRequestError('邮件模板需要主题 (an e-mail template needs a subject)', [{ path: ['body', 'subject'], message: 'required' }]);
    }
    assertKnownPlaceholders(row.key, { subject, body: input.body });
    const patch = { subject, body: input.body, enabled: input.enabled ?? Boolean(row.enabled) };
    await updateVersioned(tx, 'notification_templates', id, input.version, patch, 'notification_template');
    const diff = changedFields({ subject: row.subject, body: row.body, enabled: Boolean(row.enabled) }, patch);
    await recordAudit(tx, { entity: 'notification_template', entityId: id, action: 'update', before: diff.before, after: diff.after });
    return presentTemplate(await mustFindTemplate(tx.db, id));
  });
}

/** Back to the shipped default text (and enabled). */
export async function resetTemplate(ctx: ServiceContext, id: string, version: number): Promise<NotificationTemplate> {
  assertCan(ctx.actor, 'notification.manage');
  return inTransaction(ctx, async (tx) => {
    const row = await mustFindTemplate(tx.db, id);
    const shipped = defaultTemplate(row.key, row.channel);
    if (!shipped) throw new ConflictError('no_default', '该模板没有默认内容 (this template has no shipped default)');
    const patch = { subject: shipped.subject, body: shipped.body, enabled: true };
    await updateVersioned(tx, 'notification_templates', id, version, patch, 'notification_template');
    await recordAudit(tx, {
      entity: 'notification_template',
      entityId: id,
      action: 'reset',
      before: { subject: row.subject, body: row.body, enabled: Boolean(row.enabled) },
      after: patch,
    });
    return presentTemplate(await mustFindTemplate(tx.db, id));
  });
}

/** Sample values for previews in the editor. */
const SAMPLE_VARS: TemplateVars = {
  caseNumber: 'BX-2026-000123',
  caseType: '报修',
  caseTitle: '空调不制冷',
  technicianName: '王师傅',
  technicianPhone: '13800138000',
  windowStart: '3月5日 09:00',
  windowEnd: '12:00',
  customerName: '深圳市某某科技有限公司',
  contactName: '张伟',
  contactPhone: '13912345678',
  address: '广东省深圳市南山区科技园路1号',
  appointmentWindow: '3月5日 09:00–12:00',
  metric: '首次答复',
  dueAt: '2026-03-05 17:00',
  ownerName: '李客服',
  fromName: '张伟',
  fromAddress: 'zhang.wei@example.com',
  excerpt: '师傅今天下午能来吗？',
};

export async function previewTemplate(ctx: ServiceContext, id: string, input: PreviewTemplateRequest): Promise<TemplatePreview> {
  assertCan(ctx.actor, 'notification.manage');
  const row = await mustFindTemplate(ctx.db, id);
  assertKnownPlaceholders(row.key, { subject: input.subject ?? null, body: input.body });
  const settings = await readNotificationSettings(ctx.db);
  const agentName = ctx.actor.kind === 'user' ? ctx.actor.displayName : '李客服';
  const vars: TemplateVars = {
    ...SAMPLE_VARS,
    salutation: salutationFor({ vip: false, personName: '张伟' }),
    companyName: settings.companyName,
    hotline: settings.hotline,
    agentName,
    signature: signatureBlock(settings, agentName),
  };
  return { subject: input.subject ? renderTemplate(input.subject, vars) : null, body: renderTemplate(input.body, vars) };
}

// ---------------------------------------------------------------------------------------------
// notify()

export interface NotifyRecipient {
  /** a customer: VIP salutation, do-not-disturb, primary contact's address when none is given */
  customerId?: string | null;
  /** the contact person addressed (name for the salutation, addresses) */
  contactId?: string | null;
  /** a user (staff): in-app, and his e-mail / phone */
  userId?: string | null;
  email?: string | null;
  phone?: string | null;
  /** the person's name when there is no contact record (e.g. the sender of an e-mail) */
  name?: string | null;
}

export interface NotifyRequest {
  template: string;
  to: NotifyRecipient;
  vars?: TemplateVars;
  related?: { entity: string; id: string };
  /** the same key twice queues nothing more (per channel) */
  dedupeKey?: string;
  /** only these channels (default: every enabled template channel) */
  channels?: readonly OutboxChannel[];
  locale?: string;
}

export interface NotifyResult {
  queued: { channel: OutboxChannel; recipient: string; messageId: string }[];
  skipped: { channel: OutboxChannel | null; reason: 'no_template' | 'no_address' | 'do_not_disturb' | 'duplicate' | 'inactive_recipient' }[];
}

interface ResolvedRecipient {
  userId: string | null;
  email: string | null;
  phone: string | null;
  personName: string | null;
  vip: boolean;
  doNotDisturb: boolean;
  active: boolean;
  isCustomer: boolean;
}

async function resolveRecipient(db: DB, to: NotifyRecipient): Promise<ResolvedRecipient> {
  const r: ResolvedRecipient = {
    userId: null,
    email: to.email?.trim() || null,
    phone: to.phone?.trim() || null,
    personName: to.name?.trim() || null,
    vip: false,
    doNotDisturb: false,
    active: true,
    isCustomer: false,
  };
  if (to.userId) {
    const user = await repo.findUser(db, to.userId);
    if (!user || user.status !== 'active') return { ...r, active: false };
    r.userId = user.id;
    r.email ??= user.email;
    r.phone ??= user.phone;
    r.personName ??= user.display_name;
    return r;
  }
  if (to.contactId) {
    const contact = await repo.findContact(db, to.contactId);
    if (contact) {
      r.personName ??= contact.name;
      r.email ??= contact.email;
      r.phone ??= contact.phone;
      to = { ...to, customerId: to.customerId ?? contact.customer_id };
    }
  }
  if (to.customerId) {
    r.isCustomer = true;
    const customer = await repo.findCustomer(db, to.customerId);
    if (customer) {
      r.vip = Boolean(customer.is_vip);
      r.doNotDisturb = Boolean(customer.do_not_disturb);
      if (customer.status === 'archived') r.active = false;
      if (!r.email && !r.phone) {
        const contact = await repo.primaryContact(db, customer.id);
        if (contact) {
          r.personName ??= contact.name;
          r.email ??= contact.email;
          r.phone ??= contact.phone;
        }
      }
      if (!r.personName && customer.kind === 'person') r.personName = customer.name;
    }
  } else if (r.email || r.phone) {
    r.isCustomer = true;
  }
  return r;
}

function addressFor(channel: OutboxChannel, r: ResolvedRecipient): string | null {
  switch (channel) {
    case 'email':
      return r.email;
    case 'sms':
      return r.phone;
    case 'in_app':
      return r.userId;
    case 'im_webhook':
      return null;
  }
}

/** Render and queue a notification in the caller's transaction. See the file header. */
export async function notify(tx: ServiceContext, request: NotifyRequest): Promise<NotifyResult> {
  const result: NotifyResult = { queued: [], skipped: [] };
  const templates = (await templatesFor(tx.db, request.template, request.locale ?? DEFAULT_LOCALE)).filter(
    (t) => !request.channels || request.channels.includes(t.channel),
  );
  if (!templates.length) {
    result.skipped.push({ channel: null, reason: 'no_template' });
    return result;
  }
  const recipient = await resolveRecipient(tx.db, request.to);
  if (!recipient.active) {
    result.skipped.push({ channel: null, reason: 'inactive_recipient' });
    return result;
  }
  const settings = await readNotificationSettings(tx.db);
  const agentName = (request.vars?.agentName as string | undefined) ?? (tx.actor.kind === 'user' ? tx.actor.displayName : null);
  const vars: TemplateVars = {
    salutation: salutationFor({ vip: recipient.vip, personName: recipient.personName }),
    companyName: settings.companyName,
    hotline: settings.hotline,
    agentName,
    signature: signatureBlock(settings, agentName),
    ...request.vars,
  };
  for (const template of templates) {
    if (template.purpose === 'marketing' && recipient.doNotDisturb) {
      result.skipped.push({ channel: template.channel, reason: 'do_not_disturb' });
      continue;
    }
    const address = addressFor(template.channel, recipient);
    if (!address) {
      result.skipped.push({ channel: template.channel, reason: 'no_address' });
      continue;
    }
    const id = await enqueueMessage(tx, {
      channel: template.channel,
      recipient: address,
      subject: template.subject ? renderTemplate(template.subject, vars).trim() : null,
      body: renderTemplate(template.body, vars).trim(),
      templateKey: request.template,
      related: request.related,
      dedupeKey: request.dedupeKey ? `${request.dedupeKey}:${template.channel}:${address}` : undefined,
    });
    if (id) result.queued.push({ channel: template.channel, recipient: address, messageId: id });
    else result.skipped.push({ channel: template.channel, reason: 'duplicate' });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The repair flow's messages

const CHANNEL_WORDS: Record<OutboxChannel, string> = { email: '邮件', sms: '短信', in_app: '站内消息', im_webhook: 'IM' };

async function caseVars(tx: ServiceContext, c: CaseRecord): Promise<TemplateVars> {
  const owner = await repo.findUser(tx.db, c.ownerId);
  return {
    caseNumber: c.number,
    caseType: (await repo.caseTypeName(tx.db, c.type)) ?? c.type,
    caseTitle: c.title,
    ownerName: owner?.display_name ?? '',
    // the case's owner signs what the customer receives (首问负责制)
    agentName: owner?.display_name ?? null,
  };
}

function customerOf(c: CaseRecord): NotifyRecipient {
  return { customerId: c.customerId, contactId: c.contactId, email: c.contactEmail, phone: c.contactPhone, name: c.contactName };
}

/** A line on the case's timeline saying who was told what, through which channels. */
async function recordNotified(tx: ServiceContext, caseId: string, template: string, result: NotifyResult): Promise<void> {
  if (!result.queued.length) return;
  const channels = [...new Set(result.queued.map((q) => q.channel))];
  await recordCaseEvent(tx, caseId, {
    kind: 'customer_notified',
    note: `${TEMPLATE_KEYS[template]?.nameZh ?? template}（${channels.map((ch) => CHANNEL_WORDS[ch]).join('、')}）`,
    data: { template, messages: result.queued.map((q) => ({ id: q.messageId, channel: q.channel, recipient: q.recipient })) },
  });
}

/** 工单受理通知: the case number to the case's contact (e-mail and/or SMS). */
export async function notifyCaseReceived(tx: ServiceContext, caseId: string): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, caseId);
  const result = await notify(tx, {
    template: 'case.received',
    to: customerOf(c),
    vars: await caseVars(tx, c),
    related: { entity: 'case', id: c.id },
    dedupeKey: `case.received:${c.id}`,
  });
  await recordNotified(tx, c.id, 'case.received', result);
  return result;
}

/** 'M月D日 HH:mm' in the company's time zone. */
async function localTimeFormatter(tx: ServiceContext) {
  const cal = await loadCompanyCalendar(tx.db, { fallbackTimeZone: tx.config.companyTimeZone });
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    dayTime(iso: string) {
      const w = wallClockOf(new Date(iso), cal.timeZone);
      return `${w.month}月${w.day}日 ${pad(w.hour)}:${pad(w.minute)}`;
    },
    /** the end of a window: only the time when it ends the same day */
    windowEnd(startIso: string, endIso: string) {
      const s = wallClockOf(new Date(startIso), cal.timeZone);
      const e = wallClockOf(new Date(endIso), cal.timeZone);
      return s.date === e.date ? `${pad(e.hour)}:${pad(e.minute)}` : `${e.month}月${e.day}日 ${pad(e.hour)}:${pad(e.minute)}`;
    },
    dateTime(iso: string) {
      const w = wallClockOf(new Date(iso), cal.timeZone);
      return `${w.date} ${pad(w.hour)}:${pad(w.minute)}`;
    },
  };
}

export interface AppointmentNotice {
  technicianId: string;
  /** ISO instants of the agreed window */
  windowStart: string;
  windowEnd: string;
  /** the appointment row, when there is one (a reschedule is a new notice) */
  appointmentId?: string;
}

/** 预约上门通知 (R-REP-4): technician's name and phone and the time window to the customer. */
export async function notifyAppointment(tx: ServiceContext, caseId: string, appointment: AppointmentNotice): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, caseId);
  const technician = await repo.findUser(tx.db, appointment.technicianId);
  if (!technician) throw new NotFoundError('user', appointment.technicianId);
  const fmt = await localTimeFormatter(tx);
  const result = await notify(tx, {
    template: 'appointment.scheduled',
    to: customerOf(c),
    vars: {
      ...(await caseVars(tx, c)),
      technicianName: technician.display_name,
      technicianPhone: technician.phone ?? '',
      windowStart: fmt.dayTime(appointment.windowStart),
      windowEnd: fmt.windowEnd(appointment.windowStart, appointment.windowEnd),
    },
    related: { entity: 'case', id: c.id },
    dedupeKey: `appointment:${appointment.appointmentId ?? c.id}:${appointment.technicianId}:${appointment.windowStart}:${appointment.windowEnd}`,
  });
  await recordNotified(tx, c.id, 'appointment.scheduled', result);
  return result;
}

/** 新派工通知: the job to the technician (in-app, and SMS when he has a phone). */
export async function notifyTechnicianJob(
  tx: ServiceContext,
  caseId: string,
  technicianId: string,
  options: { windowStart?: string | null; windowEnd?: string | null; workOrderId?: string } = {},
): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, caseId);
  const fmt = await localTimeFormatter(tx);
  // the person to call: the case's contact, else the customer's primary contact
  const fallback = !c.contactName && !c.contactPhone && c.customerId ? await repo.primaryContact(tx.db, c.customerId) : undefined;
  const window =
    options.windowStart && options.windowEnd
      ? `${fmt.dayTime(options.windowStart)}–${fmt.windowEnd(options.windowStart, options.windowEnd)}`
      : '待预约';
  return notify(tx, {
    template: 'technician.job',
    to: { userId: technicianId },
    vars: {
      ...(await caseVars(tx, c)),
      customerName: c.customerId ? ((await repo.customerName(tx.db, c.customerId)) ?? '') : '',
      contactName: c.contactName ?? fallback?.name ?? '',
      contactPhone: c.contactPhone ?? fallback?.phone ?? '',
      address: c.address ?? '',
      appointmentWindow: window,
    },
    related: { entity: 'case', id: c.id },
    dedupeKey: `technician.job:${options.workOrderId ?? c.id}:${technicianId}:${options.windowStart ?? ''}`,
  });
}

const ESCALATION_TEMPLATES = { 1: 'case.escalation.due_soon', 2: 'case.escalation.overdue', 3: 'case.escalation.escalated' } as const;

export interface EscalationNotice {
  caseId: string;
  /** 1 即将超时 (owner), 2 已超时 (supervisors), 3 升级 (department heads) */
  level: 1 | 2 | 3;
  /** the deadline's metric label, e.g. 首次答复 */
  metric: string;
  dueAt: string;
  recipientIds: readonly string[];
  /** unique per deadline, generation and level */
  dedupeKey: string;
}

/**
 * Escalation alerts from templates (in-app and e-mail to each recipient); called by the case
 * core's escalation ladder (sla.service escalateDeadline) with the ladder's dedupe key.
 */
export async function notifyEscalation(tx: ServiceContext, notice: EscalationNotice): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, notice.caseId);
  const fmt = await localTimeFormatter(tx);
  const vars = { ...(await caseVars(tx, c)), metric: notice.metric, dueAt: fmt.dateTime(notice.dueAt) };
  const total: NotifyResult = { queued: [], skipped: [] };
  for (const userId of notice.recipientIds) {
    const r = await notify(tx, {
      template: ESCALATION_TEMPLATES[notice.level],
      to: { userId },
      vars,
      related: { entity: 'case', id: c.id },
      dedupeKey: `${notice.dedupeKey}:${userId}`,
    });
    total.queued.push(...r.queued);
    total.skipped.push(...r.skipped);
  }
  return total;
}

/** 结案通知 to the case's contact. */
export async function notifyCaseClosed(tx: ServiceContext, caseId: string): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, caseId);
  const result = await notify(tx, {
    template: 'case.closed',
    to: customerOf(c),
    vars: await caseVars(tx, c),
    related: { entity: 'case', id: c.id },
    dedupeKey: `case.closed:${c.id}:${c.closedAt ?? ''}`,
  });
  await recordNotified(tx, c.id, 'case.closed', result);
  return result;
}

/** 客户回复提醒: the case's owner learns that the customer wrote (in-app). */
export async function notifyCustomerReplied(
  tx: ServiceContext,
  caseId: string,
  reply: { fromName: string | null; fromAddress: string | null; excerpt: string; dedupeKey: string },
): Promise<NotifyResult> {
  const c = await getCaseRecord(tx, caseId);
  return notify(tx, {
    template: 'case.customer_replied',
    to: { userId: c.ownerId },
    vars: {
      ...(await caseVars(tx, c)),
      fromName: reply.fromName ?? reply.fromAddress ?? '',
      fromAddress: reply.fromAddress ?? '',
      excerpt: reply.excerpt.length > 140 ? `${reply.excerpt.slice(0, 140)}…` : reply.excerpt,
    },
    related: { entity: 'case', id: c.id },
    dedupeKey: reply.dedupeKey,
  });
}

// ---------------------------------------------------------------------------------------------
// Outbox (administrator) and inbox (every user)

/** Channels that have a sender in this configuration (server/jobs.ts registers the same). */
export function configuredChannels(config: AppConfig): NotificationChannel[] {
  const channels: NotificationChannel[] = ['in_app'];
  if (config.mail.smtpUrl) channels.push('email');
  if (config.sms.webhookUrl) channels.push('sms');
  return channels;
}

function presentOutbox(row: repo.OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    recipientName: row.recipient_name ?? null,
    subject: row.subject,
    body: row.body,
    templateKey: row.template_key,
    related: row.related_entity && row.related_id ? { entity: row.related_entity, id: row.related_id, label: row.case_number ?? null } : null,
    state: row.state,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    lastError: row.last_error,
    dueAt: row.due_at,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

export async function listOutbox(ctx: ServiceContext, query: OutboxListQuery): Promise<Page<OutboxMessage>> {
  assertCan(ctx.actor, 'notification.manage');
  const page = await repo.listOutbox(ctx.db, query, query);
  return { items: page.items.map(presentOutbox), nextCursor: page.nextCursor };
}

export async function outboxSummary(ctx: ServiceContext): Promise<OutboxSummary> {
  assertCan(ctx.actor, 'notification.manage');
  const counts: Record<OutboxState, number> = { pending: 0, running: 0, sent: 0, dead: 0, cancelled: 0 };
  for (const { state, n } of await repo.outboxCounts(ctx.db)) if (state in counts) counts[state as OutboxState] = n;
  return { counts, configuredChannels: configuredChannels(ctx.config) };
}

async function mustFindOutbox(db: DB, id: string): Promise<repo.OutboxRow> {
  const row = await repo.findOutbox(db, id);
  if (!row) throw new NotFoundError('outbox_message', id);
  return row;
}

/** Send again: back to pending with fresh attempts, due now (a dead, waiting or cancelled message). */
export async function retryOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessage> {
  assertCan(ctx.actor, 'notification.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await mustFindOutbox(tx.db, id);
    if (!(await repo.requeueOutbox(tx.db, id, tx.clock.now().toISOString()))) {
      throw new ConflictError(
        before.state === 'sent' ? 'already_sent' : 'message_busy',
        before.state === 'sent' ? '消息已发送 (the message was sent already)' : '消息正在发送中 (the message is being sent right now)',
        { state: before.state },
      );
    }
    await recordAudit(tx, {
      entity: 'outbox_message',
      entityId: id,
      action: 'retry',
      before: { state: before.state, attempts: before.attempts, lastError: before.last_error },
      after: { state: 'pending', attempts: 0 },
    });
    return presentOutbox(await mustFindOutbox(tx.db, id));
  });
}

export async function cancelOutboxMessage(ctx: ServiceContext, id: string): Promise<OutboxMessage> {
  assertCan(ctx.actor, 'notification.manage');
  return inTransaction(ctx, async (tx) => {
    const before = await mustFindOutbox(tx.db, id);
    if (!(await repo.cancelOutbox(tx.db, id, tx.clock.now().toISOString()))) {
      throw new ConflictError('cannot_cancel', '只能取消待发送或发送失败的消息 (only waiting or failed messages can be cancelled)', {
        state: before.state,
      });
    }
    await recordAudit(tx, { entity: 'outbox_message', entityId: id, action: 'cancel', before: { state: before.state }, after: { state: 'cancelled' } });
    return presentOutbox(await mustFindOutbox(tx.db, id));
  });
}

/** The acting user's in-app messages, newest first. */
export async function listInbox(ctx: ServiceContext, page: PageQuery): Promise<Page<InboxMessage>> {
  if (ctx.actor.kind !== 'user') return { items: [], nextCursor: null };
  const result = await repo.inboxOf(ctx.db, ctx.actor.id, page);
  return {
    items: result.items.map((row) => {
      const m = presentOutbox(row);
      return { id: m.id, subject: m.subject, body: m.body, templateKey: m.templateKey, related: m.related, createdAt: m.createdAt };
    }),
    nextCursor: result.nextCursor,
  };
}
