import { describe, expect, it } from 'vitest';
import {
  addDays,
  computeWarrantyEnd,
  daysLeft,
  isInWarranty,
  lastCoveredDay,
  localDate,
  WarrantyInputError,
} from './warranty-end.js';

describe('lastCoveredDay: "保修期自购买之日起N个月" — covered through the day before the same date N months later', () => {
  it.each([
    // [purchase, months, last covered day]
    ['2025-03-15', 12, '2026-03-14'], // the example on the warranty card
    ['2025-03-15', 1, '2025-04-14'],
    ['2025-03-15', 24, '2027-03-14'],
    ['2025-03-01', 12, '2026-02-28'], // anniversary on the 1st → last day of the previous month
    ['2024-03-01', 12, '2025-02-28'],
    ['2023-03-01', 12, '2024-02-29'], // ends on a leap day
    ['2025-01-01', 12, '2025-12-31'],
    ['2025-12-31', 1, '2026-01-30'],
    ['2025-11-15', 3, '2026-02-14'], // across the year end
    ['2025-01-15', 120, '2035-01-14'], // ten years
  ])('%s + %i months → %s', (purchase, months, expected) => {
    expect(lastCoveredDay(purchase, months)).toBe(expected);
  });

  it.each([
    // month-end: the same date does not exist in the target month → the end of that month
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'], // leap year
    ['2025-01-30', 1, '2025-02-28'],
    ['2025-01-29', 1, '2025-02-28'], // Feb 29 2025 does not exist
    ['2024-01-29', 1, '2024-02-28'], // Feb 29 2024 exists → the day before
    ['2025-01-28', 1, '2025-02-27'],
    ['2025-03-31', 1, '2025-04-30'],
    ['2025-05-31', 1, '2025-06-30'],
    ['2025-08-31', 6, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'], // bought on a leap day
    ['2024-02-29', 48, '2028-02-28'], // the leap day exists again four years later
    ['2025-10-31', 4, '2026-02-28'],
  ])('month end: %s + %i months → %s', (purchase, months, expected) => {
    expect(lastCoveredDay(purchase, months)).toBe(expected);
  });

  it('never gives fewer days for a later purchase in the same month (monotonic around month ends)', () => {
    const ends = ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'].map((d) =>
      lastCoveredDay(d, 1),
    );
    for (let i = 1; i < ends.length; i++) expect(ends[i] >= ends[i - 1]).toBe(true);
  });

  it('zero months: never covered (ends the day before purchase)', () => {
    expect(lastCoveredDay('2025-03-15', 0)).toBe('2025-03-14');
  });

  it('rejects invalid dates and month counts', () => {
    expect(() => lastCoveredDay('2025-02-30', 12)).toThrow(WarrantyInputError);
    expect(() => lastCoveredDay('2025/03/15', 12)).toThrow(WarrantyInputError);
    expect(() => lastCoveredDay('2025-03-15', -1)).toThrow(WarrantyInputError);
    expect(() => lastCoveredDay('2025-03-15', 1.5)).toThrow(WarrantyInputError);
  });
});

describe('computeWarrantyEnd', () => {
  it('uses the catalogue default from the purchase date', () => {
    expect(computeWarrantyEnd({ purchaseDate: '2025-03-15', defaultWarrantyMonths: 12 })).toEqual({
      warrantyEnd: '2026-03-14',
      reason: 'catalogue_default',
    });
  });

  it('a contract override wins over the catalogue default and needs a reason', () => {
    expect(
      computeWarrantyEnd({
        purchaseDate: '2025-03-15',
        defaultWarrantyMonths: 12,
        override: '2028-03-14',
        overrideReason: '合同约定整机保修36个月',
      }),
    ).toEqual({ warrantyEnd: '2028-03-14', reason: 'contract_override' });
    // shorter than the default is allowed too (e.g. a discounted display unit)
    expect(
      computeWarrantyEnd({
        purchaseDate: '2025-03-15',
        defaultWarrantyMonths: 12,
        override: '2025-09-14',
        overrideReason: '样机',
      }).warrantyEnd,
    ).toBe('2025-09-14');
  });

  it('an override without a reason (or only blanks) is refused, naming the field', () => {
    for (const overrideReason of [undefined, null, '', '   ']) {
      try {
        computeWarrantyEnd({ purchaseDate: '2025-03-15', defaultWarrantyMonths: 12, override: '2027-01-01', overrideReason });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(WarrantyInputError);
        expect((error as WarrantyInputError).field).toBe('overrideReason');
      }
    }
  });

  it('an override before the purchase date or not a date is refused', () => {
    expect(() =>
      computeWarrantyEnd({ purchaseDate: '2025-03-15', defaultWarrantyMonths: 12, override: '2025-03-01', overrideReason: 'x' }),
    ).toThrow(/早于购买日期/);
    expect(() =>
      computeWarrantyEnd({ purchaseDate: '2025-03-15', defaultWarrantyMonths: 12, override: '2025-13-01', overrideReason: 'x' }),
    ).toThrow(WarrantyInputError);
  });

  it('an override works without a known purchase date', () => {
    expect(
      computeWarrantyEnd({ purchaseDate: null, defaultWarrantyMonths: 12, override: '2027-06-30', overrideReason: '合同' }),
    ).toEqual({
      warrantyEnd: '2027-06-30',
      reason: 'contract_override',
    });
  });

  it('without a purchase date and without an override the end is unknown', () => {
    expect(computeWarrantyEnd({ purchaseDate: null, defaultWarrantyMonths: 12 })).toEqual({
      warrantyEnd: null,
      reason: 'unknown_purchase_date',
    });
  });
});

describe('in warranty as of a day', () => {
  it('the last covered day is still in warranty, the next day is not', () => {
    const end = lastCoveredDay('2025-03-15', 12);
    expect(isInWarranty(end, '2026-03-14')).toBe(true);
    expect(isInWarranty(end, '2026-03-15')).toBe(false);
    expect(isInWarranty(end, '2025-03-15')).toBe(true); // purchase day itself
    expect(isInWarranty(null, '2026-01-01')).toBeNull();
  });

  it('days left counts whole days to the last covered day', () => {
    expect(daysLeft('2026-03-14', '2026-03-14')).toBe(0);
    expect(daysLeft('2026-03-14', '2026-03-01')).toBe(13);
    expect(daysLeft('2026-03-14', '2026-03-15')).toBe(-1);
    expect(daysLeft('2025-03-01', '2024-03-01')).toBe(365);
    expect(daysLeft(null, '2026-03-15')).toBeNull();
  });

  it('addDays crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('"today" is the company time zone\'s date, not UTC', () => {
    // 2026-03-14 16:30 UTC is already 2026-03-15 00:30 in Shanghai
    expect(localDate(new Date('2026-03-14T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-15');
    expect(localDate(new Date('2026-03-14T15:59:59Z'), 'Asia/Shanghai')).toBe('2026-03-14');
    expect(localDate(new Date('2026-03-14T16:30:00Z'), 'UTC')).toBe('2026-03-14');
  });
});
