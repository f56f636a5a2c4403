import { describe, expect, it } from 'vitest';
import { pathOfNulText } from './nul-text.js';

describe('pathOfNulText', () => {
  it('finds U+0000 in strings, nested objects, arrays and keys', () => {
    expect(pathOfNulText('abc')).toBeNull();
    expect(pathOfNulText('a\u0000b', ['query', 'q'])).toEqual(['query', 'q']);
    expect(pathOfNulText({ title: '灯不亮', lines: [{ note: 'ok' }, { note: 'x\u0000' }] }, ['body'])).toEqual(['body', 'lines', 1, 'note']);
    expect(pathOfNulText({ 'k\u0000': 1 }, ['body'])).toEqual(['body', 'k\u0000']);
    expect(pathOfNulText({ n: 1, b: true, z: null, list: [1, 2] })).toBeNull();
  });

  it('lets other control and odd characters through (they are stored as sent)', () => {
    expect(pathOfNulText('\u0001\u202e\ufeff\ud800 𠮷')).toBeNull();
  });
});
