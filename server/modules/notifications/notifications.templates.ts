/**
 * Message templates (R-POR-2): the company's Chinese default texts, {{placeholder}} rendering, and
 * the salutation rules. Pure functions and data; the service stores editable copies in
 * notification_templates and falls back to these defaults.
 */
import type { OutboxChannel } from '../../platform/outbox.js';

export type TemplatePurpose = 'service' | 'marketing';

export interface TemplateDefinition {
  key: string;
  channel: OutboxChannel;
  subject: string | null;
  body: string;
  purpose: TemplatePurpose;
}

export interface TemplateKeyInfo {
  /** who receives it */
  audience: 'customer' | 'staff';
  nameZh: string;
  nameEn: string;
  /** placeholders the sender fills in, besides the common ones */
  placeholders: readonly string[];
}

/** Filled in for every message: from the settings, the recipient and the acting agent. */
export const COMMON_PLACEHOLDERS = ['salutation', 'companyName', 'hotline', 'signature', 'agentName'] as const;

const CASE_PLACEHOLDERS = ['caseNumber', 'caseType', 'caseTitle'] as const;

export const TEMPLATE_KEYS: Record<string, TemplateKeyInfo> = {
  'case.received': {
    audience: 'customer',
    nameZh: '工单受理通知',
    nameEn: 'Case received',
    placeholders: [...CASE_PLACEHOLDERS],
  },
  'appointment.scheduled': {
    audience: 'customer',
    nameZh: '上门预约通知',
    nameEn: 'Appointment',
    placeholders: [...CASE_PLACEHOLDERS, 'technicianName', 'technicianPhone', 'windowStart', 'windowEnd'],
  },
  'case.closed': {
    audience: 'customer',
    nameZh: '结案通知',
    nameEn: 'Case closed',
    placeholders: [...CASE_PLACEHOLDERS],
  },
  'technician.job': {
    audience: 'staff',
    nameZh: '新派工通知（维修工程师）',
    nameEn: 'New job (technician)',
    placeholders: [...CASE_PLACEHOLDERS, 'customerName', 'contactName', 'contactPhone', 'address', 'appointmentWindow'],
  },
  'case.escalation.due_soon': {
    audience: 'staff',
    nameZh: '即将超时提醒',
    nameEn: 'Deadline due soon',
    placeholders: [...CASE_PLACEHOLDERS, 'metric', 'dueAt', 'ownerName'],
  },
  'case.escalation.overdue': {
    audience: 'staff',
    nameZh: '已超时提醒',
    nameEn: 'Deadline overdue',
    placeholders: [...CASE_PLACEHOLDERS, 'metric', 'dueAt', 'ownerName'],
  },
  'case.escalation.escalated': {
    audience: 'staff',
    nameZh: '超时升级通知',
    nameEn: 'Escalated',
    placeholders: [...CASE_PLACEHOLDERS, 'metric', 'dueAt', 'ownerName'],
  },
  'complaint.result': {
    audience: 'customer',
    nameZh: '投诉处理结果通知',
    nameEn: 'Complaint result',
    placeholders: [...CASE_PLACEHOLDERS, 'resultText', 'confirmationUrl', 'expiresAt'],
  },
  'complaint.major': {
    audience: 'staff',
    nameZh: '重大质量问题通报',
    nameEn: 'Major quality problem',
    placeholders: [...CASE_PLACEHOLDERS, 'customerName', 'description'],
  },
  'complaint.capa_overdue': {
    audience: 'staff',
    nameZh: '纠正和预防措施超期提醒',
    nameEn: 'Corrective action overdue',
    placeholders: [...CASE_PLACEHOLDERS, 'actionDescription', 'dueOn', 'ownerName'],
  },
  'case.customer_replied': {
    audience: 'staff',
    nameZh: '客户回复提醒',
    nameEn: 'Customer replied',
    placeholders: [...CASE_PLACEHOLDERS, 'fromName', 'fromAddress', 'excerpt'],
  },
};

/** The Chinese defaults, seeded into notification_templates and used when a row is missing. */
export const DEFAULT_TEMPLATES: readonly TemplateDefinition[] = [
  {
    key: 'case.received',
    channel: 'email',
    purpose: 'service',
    subject: '【{{companyName}}】您的{{caseType}}已受理 [{{caseNumber}}]',
    body:
      '{{salutation}}：\n\n' +
      '您的{{caseType}}已受理，工单号 {{caseNumber}}（{{caseTitle}}）。我们将尽快安排专人与您联系；' +
      '如需补充情况或照片，直接回复本邮件即可，请保留邮件主题中的工单号。\n\n{{signature}}',
  },
  {
    key: 'case.received',
    channel: 'sms',
    purpose: 'service',
    subject: null,
    body: '【{{companyName}}】{{salutation}}，您的{{caseType}}已受理，工单号{{caseNumber}}。如有疑问请致电{{hotline}}。',
  },
  {
    key: 'appointment.scheduled',
    channel: 'email',
    purpose: 'service',
    subject: '【{{companyName}}】上门服务预约 [{{caseNumber}}]',
    body:
      '{{salutation}}：\n\n' +
      '您的工单 {{caseNumber}} 已安排上门服务：\n' +
      '维修工程师 {{technicianName}}，电话 {{technicianPhone}}，上门时间 {{windowStart}}–{{windowEnd}}。\n' +
      '如需改约，请回复本邮件或致电服务热线 {{hotline}}。\n\n{{signature}}',
  },
  {
    key: 'appointment.scheduled',
    channel: 'sms',
    purpose: 'service',
    subject: null,
    body:
      '【{{companyName}}】{{salutation}}，工单{{caseNumber}}已预约上门：维修工程师{{technicianName}}，' +
      '电话{{technicianPhone}}，上门时间{{windowStart}}–{{windowEnd}}。改约请致电{{hotline}}。',
  },
  {
    key: 'case.closed',
    channel: 'email',
    purpose: 'service',
    subject: '【{{companyName}}】您的工单已办结 [{{caseNumber}}]',
    body:
      '{{salutation}}：\n\n' +
      '您的{{caseType}}（工单号 {{caseNumber}}）已处理完毕并结案，感谢您的信任与支持！' +
      '如仍有问题，请直接回复本邮件或致电服务热线 {{hotline}}。\n\n{{signature}}',
  },
  {
    key: 'case.closed',
    channel: 'sms',
    purpose: 'service',
    subject: null,
    body: '【{{companyName}}】{{salutation}}，您的工单{{caseNumber}}已处理完毕并结案，感谢您的支持！如有问题请致电{{hotline}}。',
  },
  {
    key: 'technician.job',
    channel: 'in_app',
    purpose: 'service',
    subject: '新派工单 {{caseNumber}}',
    body:
      '您有新的派工：工单 {{caseNumber}}「{{caseTitle}}」。客户 {{customerName}}，联系人 {{contactName}}，' +
      '电话 {{contactPhone}}，地址 {{address}}，上门时间 {{appointmentWindow}}。',
  },
  {
    key: 'technician.job',
    channel: 'sms',
    purpose: 'service',
    subject: null,
    body: '【{{companyName}}】新派工：工单{{caseNumber}}，{{customerName}}，{{contactName}} {{contactPhone}}，{{address}}，上门时间{{appointmentWindow}}。',
  },
  {
    key: 'case.escalation.due_soon',
    channel: 'in_app',
    purpose: 'service',
    subject: '【即将超时】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限将于 {{dueAt}} 到期，请尽快处理。负责人：{{ownerName}}。',
  },
  {
    key: 'case.escalation.due_soon',
    channel: 'email',
    purpose: 'service',
    subject: '【即将超时】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限将于 {{dueAt}} 到期，请尽快处理。\n负责人：{{ownerName}}\n\n{{companyName}}售后服务系统',
  },
  {
    key: 'case.escalation.overdue',
    channel: 'in_app',
    purpose: 'service',
    subject: '【已超时】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限已于 {{dueAt}} 超时，请督促负责人 {{ownerName}} 处理。',
  },
  {
    key: 'case.escalation.overdue',
    channel: 'email',
    purpose: 'service',
    subject: '【已超时】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限已于 {{dueAt}} 超时，请督促负责人处理。\n负责人：{{ownerName}}\n\n{{companyName}}售后服务系统',
  },
  {
    key: 'case.escalation.escalated',
    channel: 'in_app',
    purpose: 'service',
    subject: '【升级】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限已于 {{dueAt}} 超时且仍未处理，已升级至部门经理。负责人：{{ownerName}}。',
  },
  {
    key: 'case.escalation.escalated',
    channel: 'email',
    purpose: 'service',
    subject: '【升级】{{caseNumber}} {{metric}}',
    body: '工单 {{caseNumber}}「{{caseTitle}}」的{{metric}}时限已于 {{dueAt}} 超时且仍未处理，已升级至部门经理。\n负责人：{{ownerName}}\n\n{{companyName}}售后服务系统',
  },
  {
    key: 'case.customer_replied',
    channel: 'in_app',
    purpose: 'service',
    subject: '客户回复：{{caseNumber}}',
    body: '{{fromName}}（{{fromAddress}}）回复了工单 {{caseNumber}}「{{caseTitle}}」：{{excerpt}}',
  },
  // complaints (投诉): the result with the complainant's confirmation link, management's alarm, overdue actions
  {
    key: 'complaint.result',
    channel: 'email',
    purpose: 'service',
    subject: '【{{companyName}}】您的投诉处理结果 [{{caseNumber}}]',
    body:
      '{{salutation}}：\n\n' +
      '您的投诉（工单号 {{caseNumber}}「{{caseTitle}}」）处理结果如下：\n{{resultText}}\n\n' +
      '请您点击以下链接确认是否满意（{{expiresAt}}前有效）：\n{{confirmationUrl}}\n\n' +
      '如有疑问请致电服务热线 {{hotline}}。\n\n{{signature}}',
  },
  {
    key: 'complaint.result',
    channel: 'sms',
    purpose: 'service',
    subject: null,
    body: '【{{companyName}}】{{salutation}}，您的投诉{{caseNumber}}已处理：{{resultText}} 请确认是否满意：{{confirmationUrl}}',
  },
  {
    key: 'complaint.major',
    channel: 'in_app',
    purpose: 'service',
    subject: '【重大质量问题】{{caseNumber}} {{caseTitle}}',
    body: '重大质量问题投诉 {{caseNumber}}「{{caseTitle}}」，客户 {{customerName}}：{{description}}。请立即成立专案小组处理。',
  },
  {
    key: 'complaint.major',
    channel: 'email',
    purpose: 'service',
    subject: '【重大质量问题】{{caseNumber}} {{caseTitle}}',
    body: '重大质量问题投诉 {{caseNumber}}「{{caseTitle}}」\n客户：{{customerName}}\n{{description}}\n\n请立即成立专案小组处理。\n\n{{companyName}}售后服务系统',
  },
  {
    key: 'complaint.capa_overdue',
    channel: 'in_app',
    purpose: 'service',
    subject: '【措施超期】{{caseNumber}}',
    body: '投诉 {{caseNumber}} 的纠正和预防措施「{{actionDescription}}」已超过完成期限 {{dueOn}}，责任人：{{ownerName}}。',
  },
];

export function defaultTemplate(key: string, channel: OutboxChannel): TemplateDefinition | undefined {
  return DEFAULT_TEMPLATES.find((t) => t.key === key && t.channel === channel);
}

export function placeholdersFor(key: string): string[] {
  return [...COMMON_PLACEHOLDERS, ...(TEMPLATE_KEYS[key]?.placeholders ?? [])];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

export type TemplateVars = Record<string, string | number | null | undefined>;

/** Fill in {{name}} placeholders; a missing value renders as empty text, never as "undefined". */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars[name];
    return value === null || value === undefined ? '' : String(value);
  });
}

// ---------------------------------------------------------------------------------------------
// Salutation (称呼)

/** Two-character surnames (复姓) that must not be cut to one character. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐',
  '澹台', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '万俟', '闻人', '赫连', '申屠', '太史', '钟离',
  '濮阳', '公冶', '宗政', '淳于', '单于', '拓跋', '东郭', '第五', '鲜于', '闾丘', '司空', '亓官', '仲孙', '左丘',
]);

const HAN = /\p{Script=Han}/u;

/**
 * The family name of a person's name: 张三 → 张, 欧阳娜娜 → 欧阳; a latin name → its last word
 * (John Smith → Smith). Null for an empty name.
 */
export function familyNameOf(name: string | null | undefined): string | null {
  const text = (name ?? '').replace(/[\s\u3000·•]+/g, ' ').trim();
  if (!text) return null;
  if (HAN.test(text[0])) {
    const han = text.replace(/\s/g, '');
    if (han.length >= 3 && COMPOUND_SURNAMES.has(han.slice(0, 2))) return han.slice(0, 2);
    return han[0];
  }
  const words = text.split(' ');
  return words[words.length - 1] || null;
}

export type Gender = 'male' | 'female' | 'unknown';

export interface SalutationInput {
  vip: boolean;
  /** the person addressed (contact), when known */
  personName?: string | null;
  gender?: Gender;
}

/**
 * 尊敬的贵宾 for VIP customers; otherwise "张先生/女士您好" from the contact's family name (先生 or
 * 女士 when the gender is known, both when not); "尊敬的客户您好" when there is no name.
 */
export function salutationFor(input: SalutationInput): string {
  if (input.vip) return '尊敬的贵宾';
  const family = familyNameOf(input.personName);
  if (!family) return '尊敬的客户您好';
  const title = input.gender === 'male' ? '先生' : input.gender === 'female' ? '女士' : '先生/女士';
  return `${family}${title}您好`;
}

/** The signature block: the company's signature text, the agent and the service hotline. */
export function signatureBlock(settings: { signature: string; hotline: string }, agentName: string | null | undefined): string {
  const lines = [settings.signature.trim()];
  const contact = [agentName ? `客服：${agentName}` : '', settings.hotline ? `服务热线：${settings.hotline}` : '']
    .filter(Boolean)
    .join('  ');
  if (contact) lines.push(contact);
  return lines.filter(Boolean).join('\n');
}
