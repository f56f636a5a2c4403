import { describe, expect, it } from 'vitest';
import { type PolicyRule, policyApplies, samePolicyKey, selectPolicies, selectPolicy, specificity } from './sla.policy.js';

let n = 0;
function policy(fields: Partial<PolicyRule> & Pick<PolicyRule, 'metric'>): PolicyRule {
  n += 1;
  return {
    id: `p${String(n).padStart(3, '0')}`,
    caseType: 'repair',
    severity: null,
    urgency: null,
    amount: 4,
    unit: 'business_hours',
    warnBeforeMinutes: 60,
    escalateAfterMinutes: 240,
    startsAtOpen: true,
    enabled: true,
    ...fields,
  };
}

const general = { type: 'repair', severity: 'general', urgency: 'medium' } as const;
const urgent = { type: 'repair', severity: 'general', urgency: 'high' } as const;
const urgentMajor = { type: 'repair', severity: 'major', urgency: 'high' } as const;
const major = { type: 'repair', severity: 'major', urgency: 'medium' } as const;

describe('service-level policy selection', () => {
  const typeOnly = policy({ metric: 'resolution', amount: 3, unit: 'working_days' });
  const bySeverity = policy({ metric: 'resolution', severity: 'major', amount: 2, unit: 'working_days' });
  const byUrgency = policy({ metric: 'resolution', urgency: 'high', amount: 24, unit: 'clock_hours' });
  const byBoth = policy({ metric: 'resolution', severity: 'major', urgency: 'high', amount: 8, unit: 'clock_hours' });
  const all = [typeOnly, bySeverity, byUrgency, byBoth];

  it('ranks type+severity+urgency > type+urgency > type+severity > type', () => {
    expect([typeOnly, bySeverity, byUrgency, byBoth].map(specificity)).toEqual([0, 1, 2, 3]);
    expect(selectPolicy(all, general, 'resolution')?.id).toBe(typeOnly.id);
    expect(selectPolicy(all, major, 'resolution')?.id).toBe(bySeverity.id);
    expect(selectPolicy(all, urgent, 'resolution')?.id).toBe(byUrgency.id);
    expect(selectPolicy(all, urgentMajor, 'resolution')?.id).toBe(byBoth.id);
    // urgency outranks severity when both single-field policies apply
    expect(selectPolicy([typeOnly, bySeverity, byUrgency], urgentMajor, 'resolution')?.id).toBe(byUrgency.id);
  });

  it('ignores other types, other metrics, disabled policies and ones for another severity/urgency', () => {
    const other = policy({ metric: 'resolution', caseType: 'complaint' });
    const disabled = policy({ metric: 'resolution', urgency: 'high', enabled: false });
    expect(policyApplies(other, general)).toBe(false);
    expect(policyApplies(bySeverity, general)).toBe(false);
    expect(selectPolicy([other, disabled, typeOnly], urgent, 'resolution')?.id).toBe(typeOnly.id);
    expect(selectPolicy([other, disabled], urgent, 'resolution')).toBeNull();
    expect(selectPolicy(all, general, 'first_reply')).toBeNull();
  });

  it('breaks a tie between equally specific policies by the older id, whatever the order', () => {
    const a = policy({ metric: 'first_reply' });
    const b = policy({ metric: 'first_reply' });
    expect(selectPolicy([b, a], general, 'first_reply')?.id).toBe(a.id);
    expect(samePolicyKey(a, b)).toBe(true);
    expect(samePolicyKey(a, { ...b, urgency: 'high' })).toBe(false);
  });

  it('picks one policy per metric for a case; at open only those that start at open', () => {
    const firstReply = policy({ metric: 'first_reply' });
    const contact = policy({ metric: 'customer_contact', urgency: 'high', amount: 0.5, unit: 'clock_hours' });
    const shipBack = policy({ metric: 'ship_back', amount: 7, unit: 'working_days', startsAtOpen: false });
    const set = [...all, firstReply, contact, shipBack];
    expect(selectPolicies(set, general).map((p) => p.metric)).toEqual(['first_reply', 'resolution', 'ship_back']);
    expect(selectPolicies(set, urgent, { atOpen: true }).map((p) => [p.metric, p.id])).toEqual([
      ['customer_contact', contact.id],
      ['first_reply', firstReply.id],
      ['resolution', byUrgency.id],
    ]);
  });
});
