import { describe, expect, it } from 'vitest';
import { caseSimilarity, characterBigrams, jaccard, normalizeForSimilarity, textSimilarity } from './similarity.js';

describe('text similarity for duplicate detection', () => {
  it('drops punctuation and spaces, folds full-width forms and letter case', () => {
    expect(normalizeForSimilarity('空调 不制冷，外机不转！')).toBe('空调不制冷外机不转');
    expect(normalizeForSimilarity('ＡＢＣ－１２３ abc')).toBe('abc123abc');
  });

  it('compares Chinese text by character bigrams', () => {
    expect([...characterBigrams('空调不制冷')]).toEqual(['空调', '调不', '不制', '制冷']);
    expect([...characterBigrams('灯')]).toEqual(['灯']);
    expect(characterBigrams('，。 ').size).toBe(0);
  });

  it('Jaccard: shared / all, 1 for the same text, 0 for nothing in common or empty text', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(textSimilarity('空调不制冷', '空调不制冷。')).toBe(1);
    expect(textSimilarity('空调不制冷', '热水器漏水')).toBe(0);
    expect(textSimilarity('', '')).toBe(0);
  });

  it('finds the same fault told in other words similar, a different fault not', () => {
    // 6 shared bigrams of 13: 空调 调不 不制 制冷 外机 不转
    expect(textSimilarity('空调不制冷，外机不转', '空调不制冷了，外机好像不转')).toBeCloseTo(6 / 13, 5);
    expect(textSimilarity('空调不制冷，外机不转', '空调遥控器丢了')).toBeLessThan(0.15);
    expect(textSimilarity('LED面板灯不亮', 'led 面板灯 不亮了')).toBeGreaterThan(0.8);
  });

  it('a case is similar by its title or by its whole text, whichever is closer', () => {
    const a = { title: '热水器不加热', description: '洗澡时水一直是凉的，显示屏正常，已经重启过两次，还是不行。' };
    const sameTitle = { title: '热水器不加热', description: '客户说昨天开始的。' };
    const sameStory = { title: '报修', description: '热水器不加热，洗澡时水一直是凉的，显示屏正常，已经重启过两次。' };
    expect(caseSimilarity(a, sameTitle)).toBe(1);
    expect(caseSimilarity(a, sameStory)).toBeGreaterThan(0.6);
    expect(caseSimilarity(a, { title: '投诉快递延误', description: '包裹一周没到' })).toBeLessThan(0.1);
  });
});
