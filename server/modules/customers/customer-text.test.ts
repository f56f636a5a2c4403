import { describe, expect, it } from 'vitest';
import {
  isPlausiblePhone,
  namePinyin,
  normalizeSerial,
  phoneDigits,
  planLookup,
  reverseText,
  splitTags,
} from './customer-text.js';
import { fenToYuan, matchHeaders, parseDateCell, parseYesNo, parseYuanToFen } from './transfer.columns.js';

describe('namePinyin', () => {
  it('full pinyin without tones, then initials, lower case', () => {
    expect(namePinyin('张三', 'person')).toEqual({ namePinyin: 'zhangsan zs', nameInitials: 'zs', nameSort: 'zhang san' });
    expect(namePinyin('北京华为技术有限公司')).toMatchObject({
      namePinyin: 'beijinghuaweijishuyouxiangongsi bjhwjsyxgs',
      nameInitials: 'bjhwjsyxgs',
    });
  });

  it('reads surnames as surnames for persons (单 shan, 曾 zeng) but not inside company names', () => {
    expect(namePinyin('单雄信', 'person').nameInitials).toBe('sxx');
    expect(namePinyin('曾小贤', 'person').namePinyin).toBe('zengxiaoxian zxx');
  });

  it('keeps latin letters and digits, drops punctuation', () => {
    expect(namePinyin('ABB（中国）有限公司').namePinyin).toBe('abbzhongguoyouxiangongsi abbzgyxgs');
    expect(namePinyin('李-2号', 'person').namePinyin).toBe('li2hao l2h');
    expect(namePinyin('  ')).toEqual({ namePinyin: '', nameInitials: '', nameSort: '' });
  });

  it('sorts 阿, 北, 张, 赵 the way a Chinese phone book does: syllable by syllable', () => {
    const names = ['赵', '程平', '张', '陈娟', '阿', '北', '张三', '陈超'];
    const keys = names.map((n) => [namePinyin(n, 'person').nameSort, n] as const);
    keys.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // every 陈 (chen) before 程 (cheng), although "chenjuan" > "chengping" letter by letter
    expect(keys.map((k) => k[1])).toEqual(['阿', '北', '陈超', '陈娟', '程平', '张', '张三', '赵']);
  });
});

describe('phones', () => {
  it.each([
    ['13800138000', true],
    ['138 0013 8000', true],
    ['+86 138-0013-8000', true],
    ['010-62345678', true],
    ['(0755) 8888 6666', true],
    ['0755-88886666转123', true],
    ['12345', false], // too few digits
    ['123456789012345678901', false], // too many
    ['138abc8000', false],
    ['tel:13800138000', false],
  ])('%s plausible: %s', (phone, ok) => {
    expect(isPlausiblePhone(phone)).toBe(ok);
  });

  it('stores digits only, without the +86 of a mobile and without the extension', () => {
    expect(phoneDigits('+86 138-0013-8000')).toBe('13800138000');
    expect(phoneDigits('0086 13800138000')).toBe('13800138000');
    expect(phoneDigits('8613800138000')).toBe('13800138000');
    expect(phoneDigits('0755-88886666转123')).toBe('075588886666');
    expect(phoneDigits('')).toBeNull();
    expect(reverseText('13800138000')).toBe('00083100831');
  });
});

describe('lookup plan', () => {
  it('recognises phone-like, pinyin and Chinese input', () => {
    expect(planLookup(' 138 0013 ').digits).toBe('1380013');
    expect(planLookup('zhang san').pinyin).toBe('zhangsan');
    expect(planLookup('SN-001').pinyin).toBeNull();
    expect(planLookup('张三').hasChinese).toBe(true);
    expect(planLookup('sn-001').upper).toBe('SN-001');
  });

  it('serial numbers are stored upper case and trimmed', () => {
    expect(normalizeSerial('  sn2025-a1 ')).toBe('SN2025-A1');
  });
});

describe('spreadsheet cells', () => {
  it.each([
    ['2025-03-15', '2025-03-15'],
    ['2025/3/5', '2025-03-05'],
    ['2025.03.15', '2025-03-15'],
    ['2025年3月15日', '2025-03-15'],
    ['45731', '2025-03-15'], // Excel date serial
    ['2025-02-30', null],
    ['15/03/2025', null],
    ['明天', null],
  ])('date %s → %s', (text, expected) => {
    expect(parseDateCell(text)).toBe(expected);
  });

  it.each([
    ['1299', 129_900],
    ['1,299.50', 129_950],
    ['¥88.8', 8_880],
    ['0.01', 1],
    ['12.345', null],
    ['-5', null],
    ['abc', null],
  ])('price %s yuan → %s fen', (text, expected) => {
    expect(parseYuanToFen(text)).toBe(expected);
  });

  it('fen back to yuan', () => {
    expect(fenToYuan(129_950)).toBe('1299.50');
    expect(fenToYuan(1)).toBe('0.01');
  });

  it('yes/no words', () => {
    expect(parseYesNo('是')).toBe(true);
    expect(parseYesNo('否')).toBe(false);
    expect(parseYesNo('Y')).toBe(true);
    expect(parseYesNo('maybe')).toBeUndefined();
  });

  it('tags split on Chinese and latin separators', () => {
    expect(splitTags('重点,华南，老客户；重点')).toEqual(['重点', '华南', '老客户']);
  });

  it('matches Chinese and English headers, marks, brackets; reports unknown and missing ones', () => {
    const { byIndex, ignored, missing } = matchHeaders('orders', [
      '*订单号',
      'customerCode',
      '日期',
      '型号',
      '数量',
      '单价（元）',
      '业务员',
    ]);
    expect([...byIndex.values()]).toEqual(['orderNumber', 'customerCode', 'orderDate', 'model', 'quantity', 'unitPrice']);
    expect(ignored).toEqual(['业务员']);
    expect(missing).toEqual([]);
    expect(matchHeaders('units', ['序列号']).missing.map((c) => c.zh)).toEqual(['型号', '客户编号']);
  });
});
