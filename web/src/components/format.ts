import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/**
 * Formatting of money and time for display. Money is integer fen (分) everywhere in the API;
 * times are ISO-8601 UTC strings and are shown in the company time zone; dates ('YYYY-MM-DD')
 * are calendar dates and are shown as they are (never shifted by a time zone).
 */

let companyTimeZone = 'Asia/Shanghai';

/** The time zone times are shown in (the company calendar's; Asia/Shanghai unless set). */
export function getCompanyTimeZone(): string {
  return companyTimeZone;
}

/** Change the display time zone, e.g. once the company settings are loaded. */
export function setCompanyTimeZone(timeZone: string): void {
  companyTimeZone = timeZone;
}

/** 123456 → '¥1,234.56'; -5 → '-¥0.05'; null/undefined → '—'. Exact for any safe integer fen. */
export function formatMoneyFen(fen: number | null | undefined, options: { symbol?: string } = {}): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const symbol = options.symbol ?? '¥';
  const whole = Math.round(fen);
  const sign = whole < 0 ? '-' : '';
  const abs = Math.abs(whole);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${symbol}${yuan}.${cents}`;
}

/** Yuan typed by a person (e.g. in an InputNumber) → integer fen: 12.34 → 1234. */
export function yuanToFen(yuan: number): number {
  return Math.round(yuan * 100);
}

/** Integer fen → yuan as a number for an InputNumber: 1234 → 12.34. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant (ISO string, Date, epoch ms) as a dayjs in the company time zone. */
export function toCompanyTime(value: string | number | Date | Dayjs): Dayjs {
  return dayjs(value).tz(companyTimeZone);
}

/** ISO instant → '2026-03-02 10:00' in the company time zone; null/undefined/invalid → '—'. */
export function formatDateTime(value: string | number | Date | null | undefined, format = 'YYYY-MM-DD HH:mm'): string {
  if (value === null || value === undefined || value === '') return '—';
  const d = dayjs(value);
  if (!d.isValid()) return '—';
  return d.tz(companyTimeZone).format(format);
}

/**
 * A calendar date 'YYYY-MM-DD' is returned as it is; an ISO instant is shown as the date it falls
 * on in the company time zone ('2026-03-01T17:00:00Z' → '2026-03-02' in Shanghai).
 */
export function formatDate(value: string | number | Date | null | undefined, format = 'YYYY-MM-DD'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && DATE_ONLY.test(value)) {
    return format === 'YYYY-MM-DD' ? value : dayjs(value).format(format);
  }
  return formatDateTime(value, format);
}

/** Today's date in the company time zone as 'YYYY-MM-DD' (for date pickers' defaults and filters). */
export function companyToday(now: Date = new Date()): string {
  return dayjs(now).tz(companyTimeZone).format('YYYY-MM-DD');
}

export { dayjs };
