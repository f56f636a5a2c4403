/**
 * When may a customer return a product for a refund (退货, 三包 R-WAR-5), and how much is paid back?
 * Pure: the service gathers the facts (the unit's completed repairs and replacements, the
 * purchase date, what the agent found) and records which rule applied.
 *
 * A refund is allowed when ANY of these holds (checked in this order; the first that holds is the
 * rule recorded, every rule's outcome is in `reasons`):
 *  1. 'failed_after_repair' — the product still fails after repair or replacement: at least
 *     [minRemedies = 1] repair or replacement was completed on or before the day the new failure
 *     was reported.
 *  2. 'contract_mismatch' — the product does not match the contract: model, specification or the
 *     agreed quality (any one of them).
 *  3. 'early_quality_problem' — a quality problem found within [policyDays = 7] days of purchase
 *     and the item is unused and undamaged. The day of purchase is not counted (民法典 第二百零一条):
 *     bought 2026-03-01, 7 days → found on or before 2026-03-08. "Unused" and "undamaged" must be
 *     confirmed (true); unknown is not enough.
 *
 * Amount: price paid − deductions for missing parts / packaging, in integer fen, never below 0 —
 * deductions larger than the price are refused rather than silently capped.
 */
import type { RefundReasonCode, RefundRule } from '../../../contracts/warranty.js';
import { addDays, isValidDate } from './warranty-end.js';

export interface CompletedRemedy {
  kind: 'repair' | 'replacement';
  /** local date the repair was completed / the replacement accepted */
  completedOn: string;
  reference?: string | null;
}

export interface RefundFacts {
  stillFailingAfterRepairOrReplacement?: {
    completedRemedies: readonly CompletedRemedy[];
    /** the day the new failure was reported (the claim's date); null = no new failure */
    newFailureOn: string | null;
  } | null;
  contractMismatch?: { model?: boolean | null; spec?: boolean | null; quality?: boolean | null } | null;
  purchaseDate: string | null;
  qualityProblemFoundOn?: string | null;
  unused?: boolean | null;
  undamaged?: boolean | null;
  /** [7] days of purchase (setting) */
  policyDays: number;
  /** completed repairs/replacements needed for rule 1 (setting, default 1) */
  minRemedies?: number;
}

export interface RefundReason {
  rule: RefundRule;
  holds: boolean;
  code: RefundReasonCode;
  params: Record<string, string | number | null | string[]>;
}

export interface RefundEligibility {
  allowed: boolean;
  rule: RefundRule | null;
  reasons: RefundReason[];
}

export class RefundInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RefundInputError';
  }
}

function checkDate(field: string, value: string | null | undefined) {
  if (value != null && !isValidDate(value)) throw new RefundInputError(field, `invalid date "${value}"`);
}

function failedAfterRepair(facts: RefundFacts): RefundReason {
  const rule = 'failed_after_repair' as const;
  const evidence = facts.stillFailingAfterRepairOrReplacement ?? null;
  const needed = facts.minRemedies ?? 1;
  if (!evidence || evidence.completedRemedies.length === 0)
    return { rule, holds: false, code: 'no_completed_remedy', params: { needed } };
  if (!evidence.newFailureOn) return { rule, holds: false, code: 'no_new_failure', params: {} };
  const before = evidence.completedRemedies.filter((r) => r.completedOn <= evidence.newFailureOn!);
  if (before.length < needed) {
    return { rule, holds: false, code: 'no_completed_remedy', params: { needed, completed: before.length } };
  }
  return {
    rule,
    holds: true,
    code: 'failed_after_remedy',
    params: {
      completed: before.length,
      lastCompletedOn: before.map((r) => r.completedOn).sort().at(-1) ?? null,
      newFailureOn: evidence.newFailureOn,
      references: before.map((r) => r.reference ?? '').filter(Boolean),
    },
  };
}

function contractMismatch(facts: RefundFacts): RefundReason {
  const rule = 'contract_mismatch' as const;
  const m = facts.contractMismatch ?? {};
  const aspects = (['model', 'spec', 'quality'] as const).filter((k) => m[k] === true);
  if (aspects.length === 0) return { rule, holds: false, code: 'matches_contract', params: {} };
  return { rule, holds: true, code: 'mismatch', params: { aspects: [...aspects] } };
}

function earlyQualityProblem(facts: RefundFacts): RefundReason {
  const rule = 'early_quality_problem' as const;
  const days = facts.policyDays;
  if (!facts.purchaseDate) return { rule, holds: false, code: 'purchase_date_unknown', params: { policyDays: days } };
  if (!facts.qualityProblemFoundOn) return { rule, holds: false, code: 'found_date_missing', params: { policyDays: days } };
  const lastDay = addDays(facts.purchaseDate, days);
  const params = { purchaseDate: facts.purchaseDate, foundOn: facts.qualityProblemFoundOn, policyDays: days, lastDay };
  if (facts.qualityProblemFoundOn < facts.purchaseDate) return { rule, holds: false, code: 'found_before_purchase', params };
  if (facts.qualityProblemFoundOn > lastDay) return { rule, holds: false, code: 'after_policy_days', params };
  if (facts.unused !== true)
    return { rule, holds: false, code: facts.unused === false ? 'used' : 'condition_unknown', params: { ...params, missing: 'unused' } };
  if (facts.undamaged !== true)
    return {
      rule,
      holds: false,
      code: facts.undamaged === false ? 'damaged' : 'condition_unknown',
      params: { ...params, missing: 'undamaged' },
    };
  return { rule, holds: true, code: 'within_policy_days', params };
}

export function refundEligibility(facts: RefundFacts): RefundEligibility {
  if (!Number.isInteger(facts.policyDays) || facts.policyDays < 0)
    throw new RefundInputError('policyDays', 'policy days must be a whole number ≥ 0');
  checkDate('purchaseDate', facts.purchaseDate);
  checkDate('qualityProblemFoundOn', facts.qualityProblemFoundOn);
  checkDate('newFailureOn', facts.stillFailingAfterRepairOrReplacement?.newFailureOn);
  for (const r of facts.stillFailingAfterRepairOrReplacement?.completedRemedies ?? []) checkDate('completedOn', r.completedOn);
  const reasons = [failedAfterRepair(facts), contractMismatch(facts), earlyQualityProblem(facts)];
  const applied = reasons.find((r) => r.holds) ?? null;
  return { allowed: applied !== null, rule: applied?.rule ?? null, reasons };
}

// ---------------------------------------------------------------------------------------------
// Amount

export interface DeductionLine {
  kind: 'missing_part' | 'packaging' | 'other';
  description: string | null;
  amountFen: number;
}

export interface RefundAmount {
  priceFen: number;
  deductionsFen: number;
  refundFen: number;
}

function assertFen(field: string, value: number) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RefundInputError(field, `${field} must be a whole number of fen ≥ 0`);
}

/** price − Σ deductions, exact in integer fen; deductions above the price are refused. */
export function refundAmount(priceFen: number, deductions: readonly DeductionLine[]): RefundAmount {
  assertFen('priceFen', priceFen);
  let total = 0;
  deductions.forEach((d, i) => {
    assertFen(`deductions.${i}.amountFen`, d.amountFen);
    total += d.amountFen;
  });
  if (!Number.isSafeInteger(total)) throw new RefundInputError('deductions', 'deductions too large');
  if (total > priceFen) {
    throw new RefundInputError('deductions', `扣款合计 ${total} 分超过购买价格 ${priceFen} 分 (deductions exceed the price paid)`);
  }
  return { priceFen, deductionsFen: total, refundFen: priceFen - total };
}
