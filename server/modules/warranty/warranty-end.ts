/**
 * When does a unit's warranty end? (R-CUS-3, R-WAR-1)
 *
 * Convention — what Chinese warranty cards say: "保修期自购买之日起12个月". The purchase day is
 * day one of the warranty, so N months of warranty cover every day up to and including the
 * day BEFORE the same calendar date N months later:
 *
 *   purchased 2025-03-15, 12 months → covered through 2026-03-14 (inclusive).
 *
 * When that same date does not exist in the target month (bought on Jan 31, one month: there is
 * no Feb 31) the warranty runs to the last day of the target month, i.e. the customer always
 * gets whole months and never less:
 *
 *   2025-01-31 + 1 month  → 2025-02-28        2024-01-31 + 1 month → 2024-02-29 (leap year)
 *   2024-02-29 + 12 months → 2025-02-28       2025-03-31 + 1 month → 2025-04-30
 *
 * (Formally: end = anniversary − 1 day, where the anniversary of a day that does not exist in
 * the target month is the first day of the following month.)
 *
 * A sales contract may override the catalogue default with an explicit end date; that needs a
 * stated reason (e.g. "合同 HT-2025-018 约定整机保修36个月"), which is shown wherever the
 * warranty status is shown. Zero months of warranty means the unit was never covered
 * (end = the day before purchase).
 *
 * All dates are calendar dates 'YYYY-MM-DD' in the company's time zone; a unit is in warranty
 * on day D when D <= warrantyEnd.
 */

export type WarrantyEndReason = 'catalogue_default' | 'contract_override' | 'unknown_purchase_date';

export interface WarrantyEndInput {
  /** 'YYYY-MM-DD'; null when the purchase date is not known */
  purchaseDate: string | null;
  /** the product's catalogue default (R-CUS-2), e.g. 12 */
  defaultWarrantyMonths: number;
  /** contract override: the last day covered, 'YYYY-MM-DD' */
  override?: string | null;
  /** why the contract overrides the default; required with an override */
  overrideReason?: string | null;
}

export interface WarrantyEnd {
  /** last day covered (inclusive), or null when it cannot be known */
  warrantyEnd: string | null;
  reason: WarrantyEndReason;
}

/** Thrown for input the rule cannot accept; services turn it into a 400 on the named field. */
export class WarrantyInputError extends Error {
  constructor(
    readonly field: 'purchaseDate' | 'defaultWarrantyMonths' | 'override' | 'overrideReason',
    message: string,
  ) {
    super(message);
    this.name = 'WarrantyInputError';
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  year: number;
  month: number; // 1..12
  day: number;
}

export function parseDate(text: string): Ymd | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidDate(text: string): boolean {
  return parseDate(text) !== null;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function format({ year, month, day }: Ymd): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Add (or subtract) whole days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  if (!d) throw new WarrantyInputError('purchaseDate', `invalid date "${date}"`);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return format({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** Last day covered by `months` months of warranty starting on (and including) `purchaseDate`. */
export function lastCoveredDay(purchaseDate: string, months: number): string {
  const start = parseDate(purchaseDate);
  if (!start) throw new WarrantyInputError('purchaseDate', `invalid purchase date "${purchaseDate}"`);
  if (!Number.isInteger(months) || months < 0) {
    throw new WarrantyInputError('defaultWarrantyMonths', `warranty months must be a whole number ≥ 0, got ${months}`);
  }
  const monthIndex = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = daysInMonth(year, month);
  // The anniversary does not exist (Feb 30): the warranty runs to the end of the target month.
  if (start.day > lastDay) return format({ year, month, day: lastDay });
  return addDays(format({ year, month, day: start.day }), -1);
}

/** The rule: catalogue default from the purchase date, unless the contract overrides it (with a reason). */
export function computeWarrantyEnd(input: WarrantyEndInput): WarrantyEnd {
  const override = input.override ?? null;
  const reasonText = input.overrideReason?.trim() ?? '';
  if (override !== null) {
    if (!isValidDate(override)) throw new WarrantyInputError('override', `invalid warranty end date "${override}"`);
    if (!reasonText) {
      throw new WarrantyInputError('overrideReason', '合同约定的保修截止日期需要填写原因 (a contract override needs a reason)');
    }
    if (input.purchaseDate && override < input.purchaseDate) {
      throw new WarrantyInputError('override', '保修截止日期不能早于购买日期 (warranty end before purchase date)');
    }
    return { warrantyEnd: override, reason: 'contract_override' };
  }
  if (!input.purchaseDate) return { warrantyEnd: null, reason: 'unknown_purchase_date' };
  return { warrantyEnd: lastCoveredDay(input.purchaseDate, input.defaultWarrantyMonths), reason: 'catalogue_default' };
}

/** In warranty on `asOf` (inclusive end); null when the end is not known. */
export function isInWarranty(warrantyEnd: string | null, asOf: string): boolean | null {
  if (!warrantyEnd) return null;
  return asOf <= warrantyEnd;
}

/** Whole days from `asOf` to the last covered day (0 on the last day, negative once expired). */
export function daysLeft(warrantyEnd: string | null, asOf: string): number | null {
  if (!warrantyEnd) return null;
  const a = parseDate(asOf);
  const e = parseDate(warrantyEnd);
  if (!a || !e) return null;
  return Math.round((Date.UTC(e.year, e.month - 1, e.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The calendar date of an instant in a time zone, 'YYYY-MM-DD' (e.g. today in Asia/Shanghai). */
export function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    instant,
  );
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
