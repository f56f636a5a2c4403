import { afterEach, describe, expect, it } from 'vitest';
import { companyToday, fenToYuan, formatDate, formatDateTime, formatMoneyFen, setCompanyTimeZone, yuanToFen } from './format';

afterEach(() => setCompanyTimeZone('Asia/Shanghai'));

describe('formatMoneyFen', () => {
  it('shows fen as yuan with thousands separators and two decimals', () => {
    expect(formatMoneyFen(123456)).toBe('¥1,234.56');
    expect(formatMoneyFen(0)).toBe('¥0.00');
    expect(formatMoneyFen(5)).toBe('¥0.05');
    expect(formatMoneyFen(100)).toBe('¥1.00');
    expect(formatMoneyFen(123456789012)).toBe('¥1,234,567,890.12');
  });
  it('keeps the sign in front of the currency symbol', () => {
    expect(formatMoneyFen(-150050)).toBe('-¥1,500.50');
  });
  it('shows a dash for a missing amount rather than ¥0.00', () => {
    expect(formatMoneyFen(null)).toBe('—');
    expect(formatMoneyFen(undefined)).toBe('—');
  });
  it('converts typed yuan to exact fen', () => {
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(fenToYuan(1999)).toBe(19.99);
  });
});

describe('dates and times in the company time zone', () => {
  it('shows a UTC instant in Shanghai time', () => {
    expect(formatDateTime('2026-03-02T02:00:00.000Z')).toBe('2026-03-02 10:00');
    expect(formatDateTime('2026-03-01T17:30:00Z')).toBe('2026-03-02 01:30');
  });
  it('follows a configured company time zone', () => {
    setCompanyTimeZone('Europe/Berlin');
    expect(formatDateTime('2026-07-01T10:00:00Z')).toBe('2026-07-01 12:00');
  });
  it('never shifts a calendar date, but shows an instant as the Shanghai date it falls on', () => {
    expect(formatDate('2026-02-14')).toBe('2026-02-14');
    expect(formatDate('2026-02-13T16:30:00Z')).toBe('2026-02-14');
    expect(companyToday(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });
  it('shows a dash for missing or invalid values', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });
});
