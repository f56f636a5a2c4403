/**
 * Pure rules of complaints: what final closure still needs (R-CMP-5, R-CMP-7, R-CMP-9), the
 * follow-up and survey after closure, the complainant's link token, the outcomes that fit a
 * category (R-CMP-6) and the frequency × urgency matrix of the monthly meeting.
 */
import type { ComplaintResolutionKind, ResolutionOutcome } from '../../../contracts/complaints.js';
import { sign, verifySignature } from '../../platform/tokens.js';

// ---------------------------------------------------------------------------------------------
// Closure (谁投诉谁关闭, actions block the final closure)

export interface ClosureFacts {
  actions: readonly { state: string; description: string }[];
  /** the step's latest signature counts (approved and not superseded) */
  signed: { actionPlan: boolean; trackingSheet: boolean };
  /** the complainant confirmed (link / call) or the written reply was attached */
  confirmed: boolean;
  /** the complaint was closed at verification (not ours / not our fault): nothing else is needed */
  closedAtVerification: boolean;
}

export interface Blocker {
  code: string;
  message: string;
}

/** Everything that still stands in the way of the general manager's closure approval. */
export function closureBlockers(f: ClosureFacts): Blocker[] {
  if (f.closedAtVerification) return [];
  const out: Blocker[] = [];
  const open = f.actions.filter((a) => a.state === 'open' || a.state === 'done');
  if (open.length) {
    out.push({
      code: 'open_actions',
      message: `纠正和预防措施未完成验证：${open.map((a) => a.description).join('；')} (${open.length} action(s) not verified)`,
    });
  }
  if (!f.signed.actionPlan) out.push({ code: 'action_plan_signature', message: '部门经理未签署处理方案 (action plan not signed)' });
  if (!f.confirmed) out.push({ code: 'complainant_confirmation', message: '投诉人尚未确认结案 (the complainant has not confirmed)' });
  if (!f.signed.trackingSheet)
    out.push({ code: 'tracking_sheet_signature', message: '品质部未签署客户投诉闭环跟踪单 (tracking sheet not signed)' });
  return out;
}

/** Does a step's signature count: its latest row is an approval that no later event superseded. */
export function stepSigned(signatures: readonly { step: string; decision: string; signed_at: string; superseded_at: string | null }[], step: string): boolean {
  const ofStep = signatures.filter((s) => s.step === step && s.superseded_at === null);
  if (!ofStep.length) return false;
  const latest = ofStep.reduce((a, b) => (b.signed_at >= a.signed_at ? b : a));
  return latest.decision === 'approved';
}

// ---------------------------------------------------------------------------------------------
// Follow-up and survey after closure (contract with the follow-ups module, issue 5)

export const FOLLOWUP_KIND = 'followup.after_complaint';

/** The same instant `months` calendar months later (clamped to the month's last day, UTC). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface FollowUpPlan {
  purpose: 'follow_up' | 'survey';
  dueAt: string;
  dedupeKey: string;
}

/**
 * The due-work rows of a closed complaint: a follow-up after [3] days and a survey after [3] months.
 * R-CMP-13: an anonymous complaint has nobody to call or survey; a written-reply-only complaint needs
 * no follow-up call (the reply was attached) but is still surveyed.
 */
export function followUpsAfterClosure(
  caseId: string,
  closedAt: Date,
  settings: { followUpDelayDays: number; surveyDelayMonths: number },
  flags: { anonymous: boolean; writtenReplyOnly: boolean },
): FollowUpPlan[] {
  if (flags.anonymous) return [];
  const plans: FollowUpPlan[] = [];
  if (!flags.writtenReplyOnly) {
    plans.push({
      purpose: 'follow_up',
      dueAt: new Date(closedAt.getTime() + settings.followUpDelayDays * 86_400_000).toISOString(),
      dedupeKey: `${FOLLOWUP_KIND}:${caseId}:follow_up`,
    });
  }
  plans.push({
    purpose: 'survey',
    dueAt: addMonths(closedAt, settings.surveyDelayMonths).toISOString(),
    dedupeKey: `${FOLLOWUP_KIND}:${caseId}:survey`,
  });
  return plans;
}

// ---------------------------------------------------------------------------------------------
// The complainant's confirmation link: <linkId>.<signature>; the signature covers the link id, the
// complaint and the expiry, so a token works only for its own complaint and cannot be forged.

export function linkPayload(linkId: string, caseId: string, expiresAt: string): string {
  return `complaint-confirmation|${linkId}|${caseId}|${expiresAt}`;
}

export function makeLinkToken(secret: string, linkId: string, caseId: string, expiresAt: string): string {
  return `${linkId}.${sign(secret, linkPayload(linkId, caseId, expiresAt))}`;
}

export function parseLinkToken(token: string): { linkId: string; signature: string } | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot === token.length - 1) return null;
  return { linkId: token.slice(0, dot), signature: token.slice(dot + 1) };
}

export type LinkStatus = 'open' | 'used' | 'expired' | 'revoked' | 'invalid';

/** What a token is worth for a given complaint, now. */
export function linkStatus(
  secret: string,
  token: string,
  caseId: string,
  link: { id: string; case_id: string; expires_at: string; used_at: string | null; revoked_at: string | null } | undefined,
  now: Date,
): LinkStatus {
  const parsed = parseLinkToken(token);
  if (!parsed || !link || link.id !== parsed.linkId || link.case_id !== caseId) return 'invalid';
  if (!verifySignature(secret, linkPayload(link.id, link.case_id, link.expires_at), parsed.signature)) return 'invalid';
  if (link.used_at) return 'used';
  if (link.revoked_at) return 'revoked';
  if (new Date(link.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'open';
}

// ---------------------------------------------------------------------------------------------
// Resolution by category (R-CMP-6)

export const OUTCOMES_OF_KIND: Record<ComplaintResolutionKind, readonly ResolutionOutcome[]> = {
  quality: ['repair', 'replace', 'refund', 'compensation'],
  delivery: ['redelivery', 'compensation', 'apology', 'improvement'],
  service: ['rectification', 'apology', 'improvement'],
  price: ['price_correction', 'explanation', 'refund'],
  infringement: ['stop', 'accountability', 'compensation'],
};

/** Outcomes that do not fit the category's kind (empty = fine; no kind = anything goes). */
export function unfitOutcomes(kind: ComplaintResolutionKind | null, outcomes: readonly ResolutionOutcome[]): ResolutionOutcome[] {
  if (!kind) return [];
  return outcomes.filter((o) => !OUTCOMES_OF_KIND[kind].includes(o));
}

// ---------------------------------------------------------------------------------------------
// Monthly meeting: frequency × urgency (high / medium / low)

export type Level = 'high' | 'medium' | 'low';

export function frequencyLevel(count: number, thresholds: { highFrequencyAt: number; mediumFrequencyAt: number }): Level {
  if (count >= thresholds.highFrequencyAt) return 'high';
  if (count >= thresholds.mediumFrequencyAt) return 'medium';
  return 'low';
}

/** A topic's urgency: the worst of its complaints (major/escalated → high, important/high urgency → medium). */
export function urgencyLevel(complaints: readonly { severity: string; urgency: string; escalated: boolean }[]): Level {
  if (complaints.some((c) => c.severity === 'major' || c.escalated)) return 'high';
  if (complaints.some((c) => c.severity === 'important' || c.urgency === 'high')) return 'medium';
  return 'low';
}

/** The topics that go to the monthly complaint meeting: high on either axis, or medium on both. */
export function isMeetingTopic(frequency: Level, urgency: Level): boolean {
  return frequency === 'high' || urgency === 'high' || (frequency === 'medium' && urgency === 'medium');
}

/** First and last instant (exclusive) of a company-calendar month, given the wall-time converter. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/**
 * R-CMP-6 outcomes carried out as a case of another type, whose own rules then decide: a repair
 * (报修 workflow, warranty by the serial number), a replacement (保修申请, 三包 entitlement) and a
 * refund (退换货, the refund rules of R-WAR-5).
 */
export const FOLLOW_ON_CASE_TYPE: Partial<Record<ResolutionOutcome, string>> = {
  repair: 'repair',
  replace: 'warranty_claim',
  refund: 'return',
};

/** The case types still to open for these outcomes, given the types already linked to the complaint. */
export function followOnCaseTypes(outcomes: readonly ResolutionOutcome[], linkedTypes: readonly string[]): string[] {
  const wanted = outcomes.map((o) => FOLLOW_ON_CASE_TYPE[o]).filter((t): t is string => t !== undefined);
  return [...new Set(wanted)].filter((t) => !linkedTypes.includes(t));
}
