import { z } from 'zod';
import { caseTypeCode } from './cases.js';
import { pageOf, pageQuery, versionField } from './common.js';

/**
 * Intake by e-mail (R-REQ-1): every message the SMTP listener accepted, kept with its raw MIME,
 * and what became of it — a new case, a reply on a case, or rejected / failed with the reason.
 */

export const inboundEmailState = z.enum(['case_opened', 'reply_added', 'rejected', 'failed']);
export type InboundEmailState = z.infer<typeof inboundEmailState>;

/**
 * Why a message was rejected or failed: no_text (neither subject nor text), auto_generated
 * (auto-replies, bounces), blocked_sender, own_address (a loop), no_sender; failed: the error code
 * of the case core (e.g. no_intake_owner) — fix the cause and reprocess.
 */
export const inboundEmail = z.object({
  id: z.string(),
  messageId: z.string(),
  fromAddress: z.string().nullable(),
  fromName: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  state: inboundEmailState,
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  case: z.object({ id: z.string(), number: z.string() }).nullable(),
  attachmentCount: z.number().int(),
  sizeBytes: z.number().int(),
  receivedAt: z.string(),
  version: z.number().int(),
});
export type InboundEmail = z.infer<typeof inboundEmail>;

export const inboundEmailDetail = inboundEmail.extend({ textBody: z.string().nullable() });
export type InboundEmailDetail = z.infer<typeof inboundEmailDetail>;

export const inboundEmailPage = pageOf(inboundEmail);
export const inboundEmailListQuery = pageQuery.extend({ state: inboundEmailState.optional() });
export type InboundEmailListQuery = z.infer<typeof inboundEmailListQuery>;

export const reprocessInboundEmailRequest = z.object({ version: versionField });

/** An address or a whole domain ("@example.com"), lower case. */
const addressOrDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^([^\s@]+@[^\s@]+\.[^\s@]+|@[^\s@]+\.[^\s@]+)$/, 'an e-mail address or @domain');

export const mailboxMapping = z.object({
  /** the part before @ (baoxiu) or a whole address (baoxiu@example.com) */
  mailbox: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._+-]+(@[a-z0-9.-]+)?$/, 'a mailbox name such as baoxiu, or an address'),
  caseType: caseTypeCode,
});

export const mailSettings = z.object({
  /** which case type a message to a mailbox opens (baoxiu@ → repair, tousu@ → complaint) */
  mailboxTypes: z.array(mailboxMapping),
  /** for any other recipient */
  defaultCaseType: caseTypeCode,
  /** senders whose mail is refused */
  blockedSenders: z.array(addressOrDomain),
  /** answer a new case with its number (template case.received) */
  autoReply: z.boolean(),
  /** from the configuration: is the listener on, on which address, for which recipients */
  listener: z.object({ enabled: z.boolean(), address: z.string().nullable(), recipients: z.array(z.string()) }),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
});
export type MailSettings = z.infer<typeof mailSettings>;

export const updateMailSettingsRequest = z.object({
  version: versionField,
  mailboxTypes: z.array(mailboxMapping).max(50),
  defaultCaseType: caseTypeCode,
  blockedSenders: z.array(addressOrDomain).max(500),
  autoReply: z.boolean(),
});
export type UpdateMailSettingsRequest = z.infer<typeof updateMailSettingsRequest>;
