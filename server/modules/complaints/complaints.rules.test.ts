import { describe, expect, it } from 'vitest';
import {
  addMonths,
  closureBlockers,
  followOnCaseTypes,
  followUpsAfterClosure,
  frequencyLevel,
  isMeetingTopic,
  linkStatus,
  makeLinkToken,
  monthBounds,
  stepSigned,
  unfitOutcomes,
  urgencyLevel,
} from './complaints.rules.js';

describe('closure blockers', () => {
  const done = { signed: { actionPlan: true, trackingSheet: true }, confirmed: true, closedAtVerification: false };
  it('nothing missing → none', () => {
    expect(closureBlockers({ ...done, actions: [{ state: 'verified', description: 'a' }, { state: 'cancelled', description: 'b' }] })).toEqual([]);
  });
  it('names open actions and each missing signature / the confirmation', () => {
    const b = closureBlockers({ actions: [{ state: 'open', description: '更换供应商' }, { state: 'done', description: '培训' }], signed: { actionPlan: false, trackingSheet: false }, confirmed: false, closedAtVerification: false });
    expect(b.map((x) => x.code)).toEqual(['open_actions', 'action_plan_signature', 'complainant_confirmation', 'tracking_sheet_signature']);
    expect(b[0]!.message).toContain('更换供应商');
    expect(b[0]!.message).toContain('培训');
  });
  it('closed at verification needs nothing more', () => {
    expect(closureBlockers({ actions: [], signed: { actionPlan: false, trackingSheet: false }, confirmed: false, closedAtVerification: true })).toEqual([]);
  });
});

describe('stepSigned', () => {
  const s = (step: string, decision: string, at: string, superseded: string | null = null) => ({ step, decision, signed_at: at, superseded_at: superseded });
  it('the latest row of the step decides; superseded rows do not count', () => {
    expect(stepSigned([], 'action_plan')).toBe(false);
    expect(stepSigned([s('action_plan', 'rejected', '1'), s('action_plan', 'approved', '2')], 'action_plan')).toBe(true);
    expect(stepSigned([s('action_plan', 'approved', '1'), s('action_plan', 'rejected', '2')], 'action_plan')).toBe(false);
    expect(stepSigned([s('tracking_sheet', 'approved', '1', 'x')], 'tracking_sheet')).toBe(false);
    expect(stepSigned([s('closure', 'approved', '1')], 'tracking_sheet')).toBe(false);
  });
});

describe('follow-ups after closure', () => {
  const closed = new Date('2026-03-31T08:00:00.000Z');
  const settings = { followUpDelayDays: 3, surveyDelayMonths: 3 };
  it('+3 days follow-up, +3 months survey, keyed per complaint', () => {
    expect(followUpsAfterClosure('c1', closed, settings, { anonymous: false, writtenReplyOnly: false })).toEqual([
      { purpose: 'follow_up', dueAt: '2026-04-03T08:00:00.000Z', dedupeKey: 'followup.after_complaint:c1:follow_up' },
      { purpose: 'survey', dueAt: '2026-06-30T08:00:00.000Z', dedupeKey: 'followup.after_complaint:c1:survey' },
    ]);
  });
  it('R-CMP-13: anonymous → nothing; written reply only → survey without the call', () => {
    expect(followUpsAfterClosure('c1', closed, settings, { anonymous: true, writtenReplyOnly: false })).toEqual([]);
    expect(followUpsAfterClosure('c1', closed, settings, { anonymous: false, writtenReplyOnly: true }).map((p) => p.purpose)).toEqual(['survey']);
  });
  it('addMonths clamps to the last day of the month', () => {
    expect(addMonths(new Date('2026-11-30T00:00:00Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addMonths(new Date('2027-11-30T00:00:00Z'), 3).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(addMonths(new Date('2026-01-15T10:00:00Z'), 12).toISOString()).toBe('2027-01-15T10:00:00.000Z');
  });
});

describe('confirmation link token', () => {
  const secret = 'secret-secret-secret-secret';
  const link = { id: 'L1', case_id: 'C1', expires_at: '2026-03-10T00:00:00.000Z', used_at: null, revoked_at: null };
  const token = makeLinkToken(secret, 'L1', 'C1', link.expires_at);
  const now = new Date('2026-03-05T00:00:00.000Z');
  it('works for its complaint until it expires, once', () => {
    expect(linkStatus(secret, token, 'C1', link, now)).toBe('open');
    expect(linkStatus(secret, token, 'C1', link, new Date('2026-03-10T00:00:00.000Z'))).toBe('expired');
    expect(linkStatus(secret, token, 'C1', { ...link, used_at: 'x' }, now)).toBe('used');
    expect(linkStatus(secret, token, 'C1', { ...link, revoked_at: 'x' }, now)).toBe('revoked');
  });
  it('cannot be used for another complaint, forged, or signed with another secret', () => {
    expect(linkStatus(secret, token, 'C2', link, now)).toBe('invalid');
    expect(linkStatus(secret, token, 'C2', { ...link, case_id: 'C2' }, now)).toBe('invalid');
    expect(linkStatus(secret, `L1.${'A'.repeat(43)}`, 'C1', link, now)).toBe('invalid');
    expect(linkStatus('other-secret-other-secret', token, 'C1', link, now)).toBe('invalid');
    expect(linkStatus(secret, 'garbage', 'C1', link, now)).toBe('invalid');
    expect(linkStatus(secret, token, 'C1', undefined, now)).toBe('invalid');
  });
});

describe('resolution by category (R-CMP-6)', () => {
  it('accepts the outcomes of the kind, names the others', () => {
    expect(unfitOutcomes('quality', ['repair', 'compensation'])).toEqual([]);
    expect(unfitOutcomes('service', ['rectification', 'apology', 'improvement'])).toEqual([]);
    expect(unfitOutcomes('price', ['price_correction', 'repair'])).toEqual(['repair']);
    expect(unfitOutcomes('infringement', ['stop', 'accountability'])).toEqual([]);
    expect(unfitOutcomes(null, ['repair'])).toEqual([]);
  });
});

describe('monthly matrix', () => {
  const t = { highFrequencyAt: 5, mediumFrequencyAt: 2 };
  it('frequency by thresholds', () => {
    expect([1, 2, 4, 5, 9].map((n) => frequencyLevel(n, t))).toEqual(['low', 'medium', 'medium', 'high', 'high']);
  });
  it('urgency by the worst complaint', () => {
    expect(urgencyLevel([{ severity: 'general', urgency: 'low', escalated: false }])).toBe('low');
    expect(urgencyLevel([{ severity: 'important', urgency: 'low', escalated: false }])).toBe('medium');
    expect(urgencyLevel([{ severity: 'general', urgency: 'high', escalated: false }])).toBe('medium');
    expect(urgencyLevel([{ severity: 'general', urgency: 'low', escalated: true }])).toBe('high');
    expect(urgencyLevel([{ severity: 'major', urgency: 'low', escalated: false }])).toBe('high');
  });
  it('meeting topics: high on an axis or medium on both', () => {
    expect(isMeetingTopic('high', 'low')).toBe(true);
    expect(isMeetingTopic('low', 'high')).toBe(true);
    expect(isMeetingTopic('medium', 'medium')).toBe(true);
    expect(isMeetingTopic('medium', 'low')).toBe(false);
    expect(isMeetingTopic('low', 'low')).toBe(false);
  });
  it('month bounds roll over the year', () => {
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
    expect(monthBounds('2026-03')).toEqual({ from: '2026-03-01', to: '2026-04-01' });
  });
});

describe('follow-on cases of a resolution (R-CMP-6)', () => {
  it('repair, replacement and refund become cases of their own type, once each', () => {
    expect(followOnCaseTypes(['repair', 'compensation'], [])).toEqual(['repair']);
    expect(followOnCaseTypes(['replace', 'refund', 'apology'], [])).toEqual(['warranty_claim', 'return']);
    expect(followOnCaseTypes(['repair', 'replace'], ['repair'])).toEqual(['warranty_claim']);
    expect(followOnCaseTypes(['rectification', 'apology', 'improvement'], [])).toEqual([]);
  });
});
