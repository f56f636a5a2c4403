/**
 * Text with a NUL character (U+0000) cannot be stored: PostgreSQL refuses it in text columns and
 * would fail the request with a 500; no form ever types one. Requests carrying one are refused as
 * invalid input (400 with the path) before validation, on both databases alike.
 */

/** The path of the first string holding U+0000 in a request part (object, array, string), or null. */
export function pathOfNulText(value: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNulText(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = pathOfNulText(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
