/**
 * Service-level policies (issue 3 item 3): per case type × severity × urgency, one deadline per
 * metric. Pure selection rules; the database rows are read by sla.service.ts.
 */
import type { DurationUnit } from '../../platform/calendar/index.js';

export type Severity = 'general' | 'important' | 'major';
export type Urgency = 'high' | 'medium' | 'low';

export interface PolicyRule {
  id: string;
  caseType: string;
  /** null = any severity */
  severity: Severity | null;
  /** null = any urgency */
  urgency: Urgency | null;
  metric: string;
  amount: number;
  unit: DurationUnit;
  warnBeforeMinutes: number;
  escalateAfterMinutes: number;
  startsAtOpen: boolean;
  enabled: boolean;
}

export interface CaseClass {
  type: string;
  severity: Severity;
  urgency: Urgency;
}

/** Metrics a reply to the customer satisfies (the first answer, the urgent call-back, 受理, the warranty reply). */
export const RESPONSE_METRICS = ['first_reply', 'customer_contact', 'acknowledge', 'warranty_reply'] as const;
export const RESOLUTION_METRIC = 'resolution';

/** Does the policy apply to a case of this class? */
export function policyApplies(policy: PolicyRule, c: CaseClass): boolean {
  return (
    policy.enabled &&
    policy.caseType === c.type &&
    (policy.severity === null || policy.severity === c.severity) &&
    (policy.urgency === null || policy.urgency === c.urgency)
  );
}

/**
 * How specific a policy is: type + severity + urgency (3) > type + urgency (2) > type + severity (1)
 * > type only (0). Urgency outranks severity because it is what decides the emergency path (R-REP-2).
 */
export function specificity(policy: Pick<PolicyRule, 'severity' | 'urgency'>): number {
  return (policy.severity === null ? 0 : 1) + (policy.urgency === null ? 0 : 2);
}

/** The policy for one metric: the most specific enabled policy that applies (ties: the older id). */
export function selectPolicy(policies: readonly PolicyRule[], c: CaseClass, metric: string): PolicyRule | null {
  let best: PolicyRule | null = null;
  for (const p of policies) {
    if (p.metric !== metric || !policyApplies(p, c)) continue;
    if (!best || specificity(p) > specificity(best) || (specificity(p) === specificity(best) && p.id < best.id)) best = p;
  }
  return best;
}

/** One policy per metric for a case, in a stable order; `atOpen` keeps only those that start when the case is opened. */
export function selectPolicies(policies: readonly PolicyRule[], c: CaseClass, options: { atOpen?: boolean } = {}): PolicyRule[] {
  const metrics = [...new Set(policies.filter((p) => policyApplies(p, c)).map((p) => p.metric))].sort();
  const chosen: PolicyRule[] = [];
  for (const metric of metrics) {
    const p = selectPolicy(policies, c, metric);
    if (p && (!options.atOpen || p.startsAtOpen)) chosen.push(p);
  }
  return chosen;
}

/** Two enabled policies with the same key would make the choice arbitrary: the service refuses the second. */
export function samePolicyKey(
  a: Pick<PolicyRule, 'caseType' | 'severity' | 'urgency' | 'metric'>,
  b: Pick<PolicyRule, 'caseType' | 'severity' | 'urgency' | 'metric'>,
): boolean {
  return a.caseType === b.caseType && a.metric === b.metric && a.severity === b.severity && a.urgency === b.urgency;
}
