import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chineseDaysSeed } from './chinese-days.js';
import { parseIcsImport, parseJsonImport } from './import.js';

const require = createRequire(import.meta.url);
const shippedIcs = readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8');
const shippedEnglishIcs = readFileSync(require.resolve('chinese-days/dist/holidays.en.ics'), 'utf8');

describe('ICS import', () => {
  it('reads the holidays.ics that chinese-days ships, for one year', () => {
    const parsed = parseIcsImport(shippedIcs, 2025);
    expect(parsed.errors).toEqual([]);
    const byDate = new Map(parsed.days.map((d) => [d.date, d]));
    // National Day + Mid-Autumn 2025: Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked
    for (const date of ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-07', '2025-10-08']) {
      expect(byDate.get(date)).toEqual({ date, kind: 'holiday', name: '国庆节' });
    }
    expect(byDate.get('2025-10-06')).toEqual({ date: '2025-10-06', kind: 'holiday', name: '中秋' });
    expect(byDate.get('2025-09-28')).toEqual({ date: '2025-09-28', kind: 'workday', name: '国庆节 调休' });
    expect(byDate.get('2025-10-11')).toEqual({ date: '2025-10-11', kind: 'workday', name: '国庆节 调休' });
    expect(parsed.days.every((d) => d.date.startsWith('2025-'))).toBe(true);
    expect(parsed.skipped).toBeGreaterThan(0);
  });

  it('agrees with the chinese-days JSON data for 2025 and 2026', () => {
    for (const year of [2025, 2026]) {
      const fromIcs = parseIcsImport(shippedIcs, year).days.map((d) => `${d.date} ${d.kind}`);
      const fromJson = chineseDaysSeed()
        .filter((d) => d.date.startsWith(`${year}-`))
        .map((d) => `${d.date} ${d.kind}`);
      expect(fromIcs).toEqual(fromJson);
    }
  });

  it('reads the English feed too', () => {
    const parsed = parseIcsImport(shippedEnglishIcs, 2026);
    expect(parsed.errors).toEqual([]);
    expect(parsed.days.find((d) => d.date === '2026-02-17')).toEqual({
      date: '2026-02-17',
      kind: 'holiday',
      name: 'Spring Festival',
    });
    expect(parsed.days.find((d) => d.date === '2026-02-28')).toEqual({
      date: '2026-02-28',
      kind: 'workday',
      name: 'Spring Festival 调休',
    });
  });

  it('handles folded lines, DURATION, a missing DTEND and 补班/调休上班 wording', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270101',
      'DURATION:P3D',
      'SUMMARY:元旦',
      ' (休)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20270104',
      'SUMMARY:元旦补班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270207',
      'SUMMARY:春节调休上班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const parsed = parseIcsImport(ics);
    expect(parsed.errors).toEqual([]);
    expect(parsed.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      { date: '2027-01-04', kind: 'workday', name: '元旦 调休' },
      { date: '2027-02-07', kind: 'workday', name: '春节 调休' },
    ]);
  });

  it('reports every bad event with its line', () => {
    const ics = [
      'BEGIN:VCALENDAR', // 1
      'BEGIN:VEVENT', // 2
      'DTSTART:20270101T090000', // 3
      'SUMMARY:元旦(休)', // 4
      'END:VEVENT', // 5
      'BEGIN:VEVENT', // 6
      'DTSTART;VALUE=DATE:20270230', // 7
      'SUMMARY:元旦(休)', // 8
      'END:VEVENT', // 9
      'BEGIN:VEVENT', // 10
      'DTSTART;VALUE=DATE:20270301', // 11
      'SUMMARY:公司年会', // 12
      'END:VEVENT', // 13
      'BEGIN:VEVENT', // 14
      'DTSTART;VALUE=DATE:20270305', // 15
      'DTEND;VALUE=DATE:20270304', // 16
      'SUMMARY:假期(休)', // 17
      'END:VEVENT', // 18
      'END:VCALENDAR',
    ].join('\n');
    const parsed = parseIcsImport(ics);
    expect(parsed.errors.map((e) => e.line)).toEqual([3, 7, 12, 16]);
    expect(parsed.errors[0].message).toMatch(/all-day/);
    expect(parsed.errors.map((e) => e.code)).toEqual(['not_all_day', 'bad_ics_date', 'unknown_kind', 'end_before_start']);
    expect(parsed.errors[2].params).toEqual({ summary: '公司年会' });
  });

  it('a date both off and worked is an error', () => {
    const ics =
      'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦(休)\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nSUMMARY:元旦(班)\nEND:VEVENT\nEND:VCALENDAR';
    expect(parseIcsImport(ics).errors).toEqual([
      {
        line: 7,
        code: 'conflicting_kinds',
        params: { date: '2027-01-01' },
        message: '2027-01-01 is listed both as a holiday and as a working day',
      },
    ]);
  });

  it('refuses text that is not a calendar', () => {
    expect(parseIcsImport('hello').errors[0].message).toMatch(/VCALENDAR/);
    expect(parseIcsImport('BEGIN:VCALENDAR\nEND:VCALENDAR').errors[0].message).toMatch(/no events/);
  });
});

describe('JSON import', () => {
  it('reads {year, days}', () => {
    const parsed = parseJsonImport(
      JSON.stringify({
        year: 2027,
        days: [
          { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2027-09-26', kind: 'workday', name: '国庆节 调休' },
        ],
      }),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.year).toBe(2027);
    expect(parsed.days.map((d) => d.date)).toEqual(['2027-09-26', '2027-10-01']);
  });

  it('reports each bad item with its index, field and line', () => {
    const text = `{
  "year": 2027,
  "days": [
    { "date": "2027-10-01", "kind": "holiday", "name": "国庆节" },
    { "date": "2027-02-30", "kind": "holiday", "name": "春节" },
    { "date": "2027-10-02", "kind": "vacation", "name": "" },
    { "date": "2028-01-01", "kind": "holiday", "name": "元旦" }
  ]
}`;
    const parsed = parseJsonImport(text);
    expect(parsed.errors).toEqual([
      { index: 1, line: 5, field: 'date', code: 'bad_date', message: 'date must be a real date YYYY-MM-DD' },
      { index: 2, line: 6, field: 'kind', code: 'bad_kind', message: 'kind must be "holiday" or "workday"' },
      {
        index: 2,
        line: 6,
        field: 'name',
        code: 'bad_name',
        params: { max: 100 },
        message: 'name is required (at most 100 characters)',
      },
      {
        index: 3,
        line: 7,
        field: 'date',
        code: 'date_outside_year',
        params: { date: '2028-01-01', year: 2027 },
        message: 'date 2028-01-01 is not in year 2027',
      },
    ]);
  });

  it('reads a chinese-days year file', () => {
    const require2 = createRequire(import.meta.url);
    const text = readFileSync(require2.resolve('chinese-days/dist/years/2026.json'), 'utf8');
    const parsed = parseJsonImport(text, 2026);
    expect(parsed.errors).toEqual([]);
    expect(parsed.days.find((d) => d.date === '2026-02-14')).toEqual({ date: '2026-02-14', kind: 'workday', name: '春节 调休' });
    expect(parsed.days.filter((d) => d.kind === 'holiday' && d.name === '春节')).toHaveLength(9);
  });

  it('refuses malformed JSON and the wrong year', () => {
    expect(parseJsonImport('{"days": [').errors[0].message).toMatch(/not valid JSON/);
    expect(parseJsonImport('[]').errors[0].message).toMatch(/JSON object/);
    expect(parseJsonImport('{"year": 2027, "days": []}', 2028).errors[0]).toMatchObject({ field: 'year' });
  });
});
