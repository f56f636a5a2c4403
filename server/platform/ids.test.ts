import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('newId', () => {
  it('makes unique UUIDv7 ids that sort in the order they were made, also past the random pool', () => {
    const made = Array.from({ length: 5000 }, () => newId());
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    for (const id of made.slice(0, 50)) {
      expect(isId(id)).toBe(true);
      expect(id[14]).toBe('7'); // version
      expect('89ab').toContain(id[19]); // variant
    }
    // the time part is now
    const ms = Number.parseInt(made[made.length - 1].replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });
});
