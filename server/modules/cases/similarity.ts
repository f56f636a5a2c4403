/**
 * Text similarity for duplicate detection (R-REQ-5). Chinese has no spaces between words, so a
 * text is compared as the set of its character bigrams (空调不制冷 → 空调 调不 不制 制冷); latin words
 * and digits are compared the same way, case-insensitively. Punctuation and spaces are dropped.
 * The score is the Jaccard index of the two bigram sets, 0 (nothing in common) … 1 (same text).
 */

/** Letters and digits only, lower-case, full-width forms folded (ＡＢＣ１ → abc1). */
export function normalizeForSimilarity(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The set of character bigrams; a one-character text is its own single "gram". */
export function characterBigrams(text: string): Set<string> {
  const chars = [...normalizeForSimilarity(text)];
  const grams = new Set<string>();
  if (chars.length === 1) grams.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return grams;
}

/** |A ∩ B| / |A ∪ B|; two empty sets are not similar (0). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const gram of small) if (large.has(gram)) common += 1;
  return common / (a.size + b.size - common);
}

export function textSimilarity(a: string, b: string): number {
  return jaccard(characterBigrams(a), characterBigrams(b));
}

export interface CaseText {
  title: string;
  description?: string | null;
}

/**
 * How alike two case reports are: the better of title-vs-title and full-text-vs-full-text, so a
 * long description does not hide two identical titles, and two short titles with the same long
 * symptom description still match. Rounded to 3 decimals.
 */
export function caseSimilarity(a: CaseText, b: CaseText): number {
  const titles = textSimilarity(a.title, b.title);
  const full = textSimilarity(`${a.title} ${a.description ?? ''}`, `${b.title} ${b.description ?? ''}`);
  return Math.round(Math.max(titles, full) * 1000) / 1000;
}
