import { describe, expect, it } from 'vitest';
import { type EntitlementInput, EntitlementInputError, entitlement, postRepairWarrantyEnd } from './entitlement.js';

const product = { defaultWarrantyMonths: 12, postRepairWarrantyDays: 90 };
const unit = (fields: Partial<NonNullable<EntitlementInput['unit']>> = {}) => ({
  purchaseDate: '2025-03-15',
  warrantyEndOverride: null,
  overrideReason: null,
  contractNumber: null,
  status: 'in_service' as const,
  ...fields,
});
const codes = (e: ReturnType<typeof entitlement>) => e.messages.map((m) => m.code);

describe('entitlement: catalogue default from the unit\'s purchase date', () => {
  it('the last covered day is in warranty (and expires soon), the next day is not', () => {
    const last = entitlement({ unit: unit(), product, asOf: '2026-03-14' });
    expect(last).toMatchObject({
      inWarranty: true,
      basis: 'catalogue_default',
      coveredUntil: '2026-03-14',
      daysLeft: 0,
      purchaseDate: '2025-03-15',
      purchaseDateSource: 'unit',
      standard: { months: 12, end: '2026-03-14' },
      contractOverride: null,
      postRepair: null,
    });
    expect(codes(last)).toEqual(['in_warranty', 'catalogue_default', 'expires_soon']);
    expect(last.messages[0].params).toEqual({ until: '2026-03-14', daysLeft: 0 });

    const next = entitlement({ unit: unit(), product, asOf: '2026-03-15' });
    expect(next).toMatchObject({ inWarranty: false, basis: 'none', coveredUntil: '2026-03-14', daysLeft: -1 });
    expect(next.messages[0]).toEqual({ code: 'out_of_warranty', params: { endedOn: '2026-03-14' } });
  });

  it('the purchase day itself is covered; the day before it is not (not bought yet)', () => {
    expect(entitlement({ unit: unit(), product, asOf: '2025-03-15' }).inWarranty).toBe(true);
    const before = entitlement({ unit: unit(), product, asOf: '2025-03-14' });
    expect(before.inWarranty).toBe(false);
    expect(codes(before)).toContain('before_purchase');
  });

  it('"expires soon" only within the configured number of days', () => {
    expect(codes(entitlement({ unit: unit(), product, asOf: '2026-02-12' }))).toContain('expires_soon'); // 30 days left
    expect(codes(entitlement({ unit: unit(), product, asOf: '2026-02-11' }))).not.toContain('expires_soon'); // 31
    expect(codes(entitlement({ unit: unit(), product, asOf: '2026-03-01', expiringSoonDays: 7 }))).not.toContain('expires_soon');
  });

  it.each([
    // leap years: [purchase, months, last covered day]
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-03-01', 12, '2024-02-29'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 48, '2028-02-28'],
  ])('leap years: bought %s with %i months → covered through %s, not a day longer', (purchaseDate, months, end) => {
    const p = { ...product, defaultWarrantyMonths: months };
    const [y, m, d] = end.split('-').map(Number);
    const dayAfter = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    expect(entitlement({ unit: unit({ purchaseDate }), product: p, asOf: end })).toMatchObject({ inWarranty: true, coveredUntil: end });
    expect(entitlement({ unit: unit({ purchaseDate }), product: p, asOf: dayAfter })).toMatchObject({
      inWarranty: false,
      coveredUntil: end,
    });
  });
});

describe('entitlement: contract override', () => {
  const override = (end: string) =>
    unit({ warrantyEndOverride: end, overrideReason: '合同约定整机保修36个月', contractNumber: 'HT-2025-018' });

  it('a later override covers beyond the catalogue default, naming the contract', () => {
    const e = entitlement({ unit: override('2028-03-14'), product, asOf: '2027-01-01' });
    expect(e).toMatchObject({
      inWarranty: true,
      basis: 'contract_override',
      coveredUntil: '2028-03-14',
      contractOverride: { end: '2028-03-14', reason: '合同约定整机保修36个月', contractNumber: 'HT-2025-018' },
      standard: { end: '2026-03-14' },
    });
    expect(e.messages.find((m) => m.code === 'contract_override')?.params).toEqual({
      end: '2028-03-14',
      reason: '合同约定整机保修36个月',
      contractNumber: 'HT-2025-018',
      standardEnd: '2026-03-14',
    });
    expect(entitlement({ unit: override('2028-03-14'), product, asOf: '2028-03-15' }).inWarranty).toBe(false);
  });

  it('an earlier override ends the warranty before the catalogue default would', () => {
    const e = entitlement({ unit: override('2025-09-14'), product, asOf: '2025-10-01' });
    expect(e).toMatchObject({ inWarranty: false, basis: 'none', coveredUntil: '2025-09-14' });
    expect(codes(e)).toEqual(['out_of_warranty', 'contract_override']);
    expect(entitlement({ unit: override('2025-09-14'), product, asOf: '2025-09-14' })).toMatchObject({
      inWarranty: true,
      basis: 'contract_override',
    });
  });

  it('an override works without a purchase date', () => {
    expect(entitlement({ unit: override('2027-06-30'), product: product, asOf: '2027-06-30' })).toMatchObject({
      inWarranty: true,
      basis: 'contract_override',
    });
    const noDate = unit({ purchaseDate: null, warrantyEndOverride: '2027-06-30', overrideReason: '合同' });
    expect(entitlement({ unit: noDate, product, asOf: '2026-01-01' })).toMatchObject({
      inWarranty: true,
      basis: 'contract_override',
      purchaseDate: null,
    });
  });
});

describe('entitlement: purchase proof', () => {
  it('without a unit: the proof\'s date + the product\'s default months', () => {
    const e = entitlement({
      product: { ...product, defaultWarrantyMonths: 24 },
      purchaseProof: { purchaseDate: '2025-06-01', documentNumber: 'FP-001' },
      asOf: '2027-05-31',
    });
    expect(e).toMatchObject({
      inWarranty: true,
      basis: 'purchase_proof',
      coveredUntil: '2027-05-31',
      purchaseDate: '2025-06-01',
      purchaseDateSource: 'purchase_proof',
    });
    expect(e.messages.find((m) => m.code === 'purchase_date_from_proof')?.params).toMatchObject({ documentNumber: 'FP-001', months: 24 });
    expect(
      entitlement({ product: { ...product, defaultWarrantyMonths: 24 }, purchaseProof: { purchaseDate: '2025-06-01' }, asOf: '2027-06-01' })
        .inWarranty,
    ).toBe(false);
  });

  it('a unit without a purchase date takes the proof\'s date', () => {
    expect(
      entitlement({ unit: unit({ purchaseDate: null }), product, purchaseProof: { purchaseDate: '2025-12-01' }, asOf: '2026-06-01' }),
    ).toMatchObject({ inWarranty: true, basis: 'purchase_proof', coveredUntil: '2026-11-30' });
  });

  it('a proof that differs from the record is reported; the record on file wins', () => {
    const e = entitlement({ unit: unit(), product, purchaseProof: { purchaseDate: '2025-10-01' }, asOf: '2026-06-01' });
    expect(e).toMatchObject({ inWarranty: false, purchaseDate: '2025-03-15', purchaseDateSource: 'unit' });
    expect(e.messages.find((m) => m.code === 'proof_date_differs')?.params).toEqual({
      recordDate: '2025-03-15',
      proofDate: '2025-10-01',
    });
  });

  it('no purchase date anywhere: unknown, ask for the proof', () => {
    const e = entitlement({ unit: unit({ purchaseDate: null }), product, asOf: '2026-01-01' });
    expect(e).toMatchObject({ inWarranty: null, basis: 'none', coveredUntil: null, daysLeft: null });
    expect(codes(e)).toEqual(['warranty_unknown', 'purchase_date_unknown']);
  });
});

describe('entitlement: post-repair warranty', () => {
  // the unit's own warranty ends 2026-03-14; repaired 2026-03-01 with 90 days → covered through 2026-05-30
  const repaired = { completedOn: '2026-03-01', days: 90, caseNumber: 'BX-2026-000007' };

  it('covers the unit after its own warranty ended, to the last post-repair day', () => {
    const e = entitlement({ unit: unit(), product, lastRepair: repaired, asOf: '2026-04-01' });
    expect(e).toMatchObject({
      inWarranty: true,
      basis: 'post_repair',
      coveredUntil: '2026-05-30',
      postRepair: { completedOn: '2026-03-01', days: 90, coveredUntil: '2026-05-30', caseNumber: 'BX-2026-000007', inEffect: true },
    });
    expect(codes(e)).toContain('post_repair_cover');
    expect(entitlement({ unit: unit(), product, lastRepair: repaired, asOf: '2026-05-30' }).inWarranty).toBe(true);
    const after = entitlement({ unit: unit(), product, lastRepair: repaired, asOf: '2026-05-31' });
    expect(after).toMatchObject({ inWarranty: false, basis: 'none', coveredUntil: '2026-05-30' });
    expect(codes(after)).toContain('post_repair_expired');
  });

  it('while the unit\'s own warranty still covers, it stays the basis; the repair extends the cover', () => {
    const e = entitlement({ unit: unit(), product, lastRepair: repaired, asOf: '2026-03-10' });
    expect(e).toMatchObject({ inWarranty: true, basis: 'catalogue_default', coveredUntil: '2026-05-30' });
    expect(e.messages.find((m) => m.code === 'post_repair_extends')?.params).toMatchObject({ until: '2026-05-30' });
  });

  it('a repair whose cover ends before the unit\'s warranty changes nothing', () => {
    const early = { completedOn: '2025-06-01', days: 90 };
    const e = entitlement({ unit: unit(), product, lastRepair: early, asOf: '2025-07-01' });
    expect(e).toMatchObject({ basis: 'catalogue_default', coveredUntil: '2026-03-14' });
    expect(codes(e)).not.toContain('post_repair_extends');
  });

  it('a repair completed after the day asked about is not known on that day', () => {
    expect(entitlement({ unit: unit(), product, lastRepair: repaired, asOf: '2026-02-28' }).postRepair).toBeNull();
  });

  it('the recorded last covered day is used as it is; 0 days give no cover', () => {
    expect(
      entitlement({ unit: unit(), product, lastRepair: { ...repaired, coveredUntil: '2026-06-30' }, asOf: '2026-06-30' }),
    ).toMatchObject({ inWarranty: true, coveredUntil: '2026-06-30' });
    expect(entitlement({ unit: unit(), product, lastRepair: { completedOn: '2026-03-01', days: 0 }, asOf: '2026-03-20' })).toMatchObject(
      { inWarranty: false, postRepair: null },
    );
  });

  it('covers a unit whose purchase date is unknown', () => {
    expect(entitlement({ unit: unit({ purchaseDate: null }), product, lastRepair: repaired, asOf: '2026-05-01' })).toMatchObject({
      inWarranty: true,
      basis: 'post_repair',
    });
    expect(entitlement({ unit: unit({ purchaseDate: null }), product, lastRepair: repaired, asOf: '2026-06-01' }).inWarranty).toBe(false);
  });

  it('postRepairWarrantyEnd: the completion day is not counted', () => {
    expect(postRepairWarrantyEnd('2026-01-10', 90)).toBe('2026-04-10');
    expect(postRepairWarrantyEnd('2024-02-28', 1)).toBe('2024-02-29');
    expect(postRepairWarrantyEnd('2025-12-31', 1)).toBe('2026-01-01');
    expect(postRepairWarrantyEnd('2026-01-10', 0)).toBeNull();
    expect(() => postRepairWarrantyEnd('2026-02-30', 90)).toThrow(EntitlementInputError);
  });
});

describe('entitlement: units no longer in service and bad input', () => {
  it.each([
    ['replaced', 'unit_replaced'],
    ['returned', 'unit_returned'],
    ['scrapped', 'unit_scrapped'],
  ] as const)('a %s unit is not covered any more', (status, code) => {
    const e = entitlement({ unit: unit({ status }), product, asOf: '2025-06-01' });
    expect(e).toMatchObject({ inWarranty: false, basis: 'none' });
    expect(codes(e).slice(0, 2)).toEqual(['out_of_warranty', code]);
  });

  it('rejects invalid dates naming the input', () => {
    for (const [input, field] of [
      [{ unit: unit(), product, asOf: '2026-02-30' }, 'asOf'],
      [{ unit: unit({ purchaseDate: '2025/03/15' }), product, asOf: '2026-01-01' }, 'purchaseDate'],
      [{ product, purchaseProof: { purchaseDate: 'yesterday' }, asOf: '2026-01-01' }, 'purchaseDate'],
      [{ unit: unit({ warrantyEndOverride: '2027-13-01' }), product, asOf: '2026-01-01' }, 'override'],
      [{ unit: unit(), product, lastRepair: { completedOn: '2026-01-01', days: 1.5 }, asOf: '2026-01-01' }, 'lastRepair'],
    ] as const) {
      try {
        entitlement(input as EntitlementInput);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(EntitlementInputError);
        expect((error as EntitlementInputError).field).toBe(field);
      }
    }
  });
});
