import { describe, expect, it } from 'vitest';
import { type RefundFacts, RefundInputError, refundAmount, refundEligibility } from './refund-rules.js';

const none: RefundFacts = { purchaseDate: '2026-03-01', policyDays: 7 };
const repairOn = (completedOn: string) => ({ kind: 'repair' as const, completedOn, reference: 'BX-2026-000001' });

describe('refundEligibility (R-WAR-5)', () => {
  it('nothing holds → refused, every rule explains why', () => {
    const result = refundEligibility(none);
    expect(result.allowed).toBe(false);
    expect(result.rule).toBeNull();
    expect(result.reasons.map((r) => [r.rule, r.holds, r.code])).toEqual([
      ['failed_after_repair', false, 'no_completed_remedy'],
      ['contract_mismatch', false, 'matches_contract'],
      ['early_quality_problem', false, 'found_date_missing'],
    ]);
  });

  describe('1. still failing after repair or replacement', () => {
    it('a completed repair before the new failure allows the refund', () => {
      const result = refundEligibility({
        ...none,
        stillFailingAfterRepairOrReplacement: { completedRemedies: [repairOn('2026-04-01')], newFailureOn: '2026-05-10' },
      });
      expect(result).toMatchObject({ allowed: true, rule: 'failed_after_repair' });
      expect(result.reasons[0]).toMatchObject({
        holds: true,
        code: 'failed_after_remedy',
        params: { completed: 1, lastCompletedOn: '2026-04-01', newFailureOn: '2026-05-10', references: ['BX-2026-000001'] },
      });
    });

    it('a replacement counts as well; the same day counts', () => {
      expect(
        refundEligibility({
          ...none,
          stillFailingAfterRepairOrReplacement: {
            completedRemedies: [{ kind: 'replacement', completedOn: '2026-05-10' }],
            newFailureOn: '2026-05-10',
          },
        }).rule,
      ).toBe('failed_after_repair');
    });

    it('a repair completed after the failure, or no new failure, does not', () => {
      expect(
        refundEligibility({
          ...none,
          stillFailingAfterRepairOrReplacement: { completedRemedies: [repairOn('2026-05-11')], newFailureOn: '2026-05-10' },
        }).reasons[0],
      ).toMatchObject({ holds: false, code: 'no_completed_remedy' });
      expect(
        refundEligibility({
          ...none,
          stillFailingAfterRepairOrReplacement: { completedRemedies: [repairOn('2026-04-01')], newFailureOn: null },
        }).reasons[0],
      ).toMatchObject({ holds: false, code: 'no_new_failure' });
    });

    it('the number of remedies needed is a setting', () => {
      const facts = {
        ...none,
        stillFailingAfterRepairOrReplacement: { completedRemedies: [repairOn('2026-04-01')], newFailureOn: '2026-05-10' },
      };
      expect(refundEligibility({ ...facts, minRemedies: 2 }).allowed).toBe(false);
      expect(
        refundEligibility({
          ...facts,
          minRemedies: 2,
          stillFailingAfterRepairOrReplacement: {
            completedRemedies: [repairOn('2026-04-01'), repairOn('2026-04-20')],
            newFailureOn: '2026-05-10',
          },
        }).allowed,
      ).toBe(true);
    });
  });

  describe('2. does not match the contract', () => {
    it.each([['model'], ['spec'], ['quality']] as const)('a %s mismatch allows the refund', (aspect) => {
      const result = refundEligibility({ ...none, contractMismatch: { [aspect]: true } });
      expect(result).toMatchObject({ allowed: true, rule: 'contract_mismatch' });
      expect(result.reasons[1].params).toEqual({ aspects: [aspect] });
    });

    it('all three stated false is a match', () => {
      expect(refundEligibility({ ...none, contractMismatch: { model: false, spec: false, quality: false } }).allowed).toBe(false);
    });
  });

  describe('3. quality problem within [7] days of purchase, unused and undamaged', () => {
    const early = (foundOn: string, extra: Partial<RefundFacts> = {}) =>
      refundEligibility({ ...none, qualityProblemFoundOn: foundOn, unused: true, undamaged: true, ...extra });

    it('the 7th day after purchase is the last day (the purchase day is not counted)', () => {
      expect(early('2026-03-01')).toMatchObject({ allowed: true, rule: 'early_quality_problem' });
      expect(early('2026-03-08')).toMatchObject({ allowed: true, rule: 'early_quality_problem' });
      expect(early('2026-03-08').reasons[2].params).toMatchObject({ lastDay: '2026-03-08', policyDays: 7 });
      expect(early('2026-03-09').reasons[2]).toMatchObject({ holds: false, code: 'after_policy_days' });
    });

    it('across a month end and a leap day', () => {
      expect(early('2024-03-04', { purchaseDate: '2024-02-26' }).allowed).toBe(true);
      expect(early('2024-03-05', { purchaseDate: '2024-02-26' }).allowed).toBe(false);
    });

    it('the number of days is a setting', () => {
      expect(early('2026-03-16', { policyDays: 15 }).allowed).toBe(true);
      expect(early('2026-03-17', { policyDays: 15 }).allowed).toBe(false);
    });

    it('used, damaged, or condition not confirmed → not allowed, saying which', () => {
      expect(early('2026-03-05', { unused: false }).reasons[2]).toMatchObject({ code: 'used' });
      expect(early('2026-03-05', { undamaged: false }).reasons[2]).toMatchObject({ code: 'damaged' });
      expect(early('2026-03-05', { undamaged: null }).reasons[2]).toMatchObject({
        code: 'condition_unknown',
        params: { missing: 'undamaged' },
      });
      expect(early('2026-03-05', { unused: undefined }).reasons[2]).toMatchObject({ code: 'condition_unknown' });
    });

    it('unknown purchase date, a date before purchase', () => {
      expect(early('2026-03-05', { purchaseDate: null }).reasons[2]).toMatchObject({ code: 'purchase_date_unknown' });
      expect(early('2026-02-28').reasons[2]).toMatchObject({ code: 'found_before_purchase' });
    });
  });

  it('several rules hold → the first in the order of R-WAR-5 is recorded', () => {
    const result = refundEligibility({
      ...none,
      contractMismatch: { spec: true },
      qualityProblemFoundOn: '2026-03-02',
      unused: true,
      undamaged: true,
    });
    expect(result.rule).toBe('contract_mismatch');
    expect(result.reasons.filter((r) => r.holds).map((r) => r.rule)).toEqual(['contract_mismatch', 'early_quality_problem']);
  });

  it('rejects invalid input', () => {
    expect(() => refundEligibility({ ...none, qualityProblemFoundOn: '2026-02-30' })).toThrow(RefundInputError);
    expect(() => refundEligibility({ ...none, policyDays: -1 })).toThrow(RefundInputError);
    expect(() => refundEligibility({ ...none, policyDays: 1.5 })).toThrow(RefundInputError);
  });
});

describe('refundAmount: price − deductions in integer fen', () => {
  it('subtracts each deduction exactly', () => {
    expect(
      refundAmount(129_900, [
        { kind: 'missing_part', description: '遥控器', amountFen: 5_000 },
        { kind: 'packaging', description: null, amountFen: 2_000 },
      ]),
    ).toEqual({ priceFen: 129_900, deductionsFen: 7_000, refundFen: 122_900 });
    expect(refundAmount(1, [])).toEqual({ priceFen: 1, deductionsFen: 0, refundFen: 1 });
    // no floating point: 0.1 + 0.2 yuan style sums stay exact in fen
    expect(refundAmount(30, [{ kind: 'other', description: null, amountFen: 10 }, { kind: 'other', description: null, amountFen: 20 }]).refundFen).toBe(0);
    expect(refundAmount(Number.MAX_SAFE_INTEGER, [{ kind: 'other', description: null, amountFen: 1 }]).refundFen).toBe(
      Number.MAX_SAFE_INTEGER - 1,
    );
  });

  it('deductions above the price, fractions of a fen or negative amounts are refused', () => {
    expect(() => refundAmount(1_000, [{ kind: 'packaging', description: null, amountFen: 1_001 }])).toThrow(RefundInputError);
    expect(() => refundAmount(1_000, [{ kind: 'packaging', description: null, amountFen: 0.5 }])).toThrow(RefundInputError);
    expect(() => refundAmount(1_000, [{ kind: 'packaging', description: null, amountFen: -1 }])).toThrow(RefundInputError);
    expect(() => refundAmount(-1, [])).toThrow(RefundInputError);
  });
});
