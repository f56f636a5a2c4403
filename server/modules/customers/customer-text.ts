import { pinyin } from 'pinyin-pro';

export { isPlausiblePhone } from '../../../contracts/customers.js';

/**
 * Pure text rules of the customer registry: the forms in which names, phones, e-mails and serial
 * numbers are stored so that lookups while the agent types are simple prefix ranges.
 */

export interface NamePinyin {
  /** "zhangsan zs": full pinyin without tones, then the initials — the sort key agents expect */
  namePinyin: string;
  /** "zs": pinyin initials, for lookup by initials */
  nameInitials: string;
  /** "zhang san": syllables apart, the phone-book sort key (all 陈 chen before 程 cheng) */
  nameSort: string;
}

/**
 * Pinyin of a customer name, lower-cased, without tones. Person names read the surname the way
 * surnames are read (单 → shan, 曾 → zeng); latin letters and digits are kept; punctuation dropped.
 *   张三 → "zhangsan zs";  ABB中国 → "abbzhongguo abbzg"
 */
export function namePinyin(name: string, kind: 'person' | 'company' = 'company'): NamePinyin {
  const text = name.trim();
  if (!text) return { namePinyin: '', nameInitials: '', nameSort: '' };
  const syllables = pinyin(text, { toneType: 'none', type: 'array', surname: kind === 'person' ? 'head' : 'off' });
  const words = syllables.map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, '')).filter(Boolean);
  const full = words.join('');
  const initials = words.map((w) => w[0]).join('');
  return { namePinyin: full ? `${full} ${initials}` : '', nameInitials: initials, nameSort: words.join(' ') };
}

/**
 * Digits of a phone number for lookup. A leading Chinese country code (+86 / 0086 / 86) before
 * an 11-digit mobile is dropped so "+86 138 0013 8000" and "13800138000" match alike.
 */
export function phoneDigits(phone: string | null | undefined): string | null {
  if (!phone) return null;
  let digits = phone.replace(/(?:转|ext\.?|x).*$/i, '').replace(/\D/g, '');
  if (/^0086\d{11}$/.test(digits)) digits = digits.slice(4);
  else if (/^86\d{11}$/.test(digits) && digits[2] === '1') digits = digits.slice(2);
  return digits || null;
}

export function reverseText(text: string | null): string | null {
  return text === null ? null : [...text].reverse().join('');
}

export function normalizeEmail(email: string | null | undefined): string | null {
  const text = email?.trim();
  return text ? text.toLowerCase() : null;
}

/** Serial numbers are stored trimmed and upper-cased (nameplates print them that way; agents type lower case). */
export function normalizeSerial(serial: string): string {
  return serial.trim().toUpperCase();
}

/** What the agent typed, and which lookups can possibly match it. */
export interface LookupPlan {
  text: string;
  /** digits only, when the query is a phone-like number */
  digits: string | null;
  /** lower-case latin letters/digits without spaces, for pinyin */
  pinyin: string | null;
  upper: string;
  lower: string;
  hasChinese: boolean;
}

export function planLookup(query: string): LookupPlan {
  const text = query.trim();
  const phoneLike = /^\+?[\d\s\-()]+$/.test(text);
  const digits = phoneLike ? text.replace(/\D/g, '') : null;
  const compact = text.toLowerCase().replace(/\s+/g, '');
  return {
    text,
    digits: digits || null,
    pinyin: /^[a-z]+$/.test(compact) ? compact : null,
    upper: text.toUpperCase(),
    lower: text.toLowerCase(),
    hasChinese: /\p{Script=Han}/u.test(text),
  };
}

/** Tags from a spreadsheet cell: separated by commas, Chinese commas, semicolons or 、. */
export function splitTags(cell: string): string[] {
  return [
    ...new Set(
      cell
        .split(/[,，;；、|]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
