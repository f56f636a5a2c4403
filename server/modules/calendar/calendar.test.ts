import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chineseDaysSeed } from '../../platform/calendar/chinese-days.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { ensureCalendarSeeded, loadCompanyCalendar } from './calendar.service.js';

const require = createRequire(import.meta.url);
const shippedIcs = readFileSync(require.resolve('chinese-days/dist/holidays.ics'), 'utf8');

describe('calendar API', () => {
  let t: TestApp;
  let admin: TestClient;
  let agent: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ referenceData: false });
    await ensureCalendarSeeded(t.systemContext());
    admin = await t.userWith(['admin']);
    agent = await t.userWith(['agent']);
  });
  afterAll(async () => t.close());

  const deadline = async (body: unknown, client: TestClient = agent) => client.post('/api/v1/calendar/deadline', body);
  const dueOf = async (body: unknown) => {
    const res = await deadline(body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().due as string;
  };
  const daysOf = async (from: string, to: string) => {
    const res = await agent.get(`/api/v1/calendar/days?from=${from}&to=${to}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().days as any[];
  };
  const auditOf = (entity: string, entityId: string) =>
    t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after', 'actor_id'])
      .where('entity', '=', entity)
      .where('entity_id', '=', entityId)
      .orderBy('at')
      .orderBy('id')
      .execute();
  const countDays = async () => {
    const row = await t.database.db
      .selectFrom('calendar_days')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const settingsVersion = async () =>
    Number((await t.database.db.selectFrom('calendar_settings').select('version').executeTakeFirstOrThrow()).version);

  describe('seeding', () => {
    it('creates the default settings and every chinese-days date, once', async () => {
      const settings = await agent.get('/api/v1/calendar/settings');
      expect(settings.json()).toMatchObject({
        timeZone: 'Asia/Shanghai',
        businessHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        weekdayHours: [],
        weekendDays: [0, 6],
        version: 1,
      });
      expect(await countDays()).toBe(chineseDaysSeed().length);
      const again = await ensureCalendarSeeded(t.systemContext());
      expect(again).toEqual({ settingsCreated: false, daysInserted: 0 });
      const seedAudit = await auditOf('calendar', 'default');
      expect(seedAudit.map((a) => a.action)).toEqual(['seed']);
    });

    it('lists the years it knows', async () => {
      const res = await agent.get('/api/v1/calendar/years');
      const y2025 = res.json().years.find((y: any) => y.year === 2025);
      // 2025: New Year 1, Spring Festival 8, Qingming 3, Labour 5, Dragon Boat 3, National Day + Mid-Autumn 8
      expect(y2025).toEqual({ year: 2025, holidays: 28, makeupWorkdays: 5 });
    });
  });

  describe('POST /calendar/deadline', () => {
    it('answers exactly in UTC on the 2025 National Day calendar', async () => {
      // Tue Sep 30 17:59 CST + 1 business hour → Thu Oct 9 09:59 CST
      expect(await dueOf({ start: '2025-09-30T09:59:00Z', amount: 1, unit: 'business_hours' })).toBe('2025-10-09T01:59:00.000Z');
      // Mon Sep 29 10:00 CST + 3 working days → Sep 30, Oct 9, Oct 10 → Fri Oct 10 18:00 CST
      const res = await deadline({ start: '2025-09-29T10:00:00+08:00', amount: 3, unit: 'working_days' });
      expect(res.json()).toEqual({
        due: '2025-10-10T10:00:00.000Z',
        dueLocal: '2025-10-10T18:00:00+08:00',
        timeZone: 'Asia/Shanghai',
      });
      // inside the holiday: Fri Oct 3 + 3 working days → Oct 9, 10, Sat Oct 11 (make-up) 18:00 CST
      expect(await dueOf({ start: '2025-10-03T07:00:00Z', amount: 3, unit: 'working_days' })).toBe('2025-10-11T10:00:00.000Z');
    });

    it('answers exactly on the 2026 Spring Festival calendar', async () => {
      // Sat Feb 14 (make-up day) 10:00 CST + 1 working day → Tue Feb 24 18:00 CST
      expect(await dueOf({ start: '2026-02-14T02:00:00Z', amount: 1, unit: 'working_days' })).toBe('2026-02-24T10:00:00.000Z');
      // Fri Feb 13 09:00 CST + 16 business hours: Feb 13 (7.5) + Feb 14 (7.5) + Feb 24 09:00–10:00
      expect(await dueOf({ start: '2026-02-13T01:00:00Z', amount: 16, unit: 'business_hours' })).toBe('2026-02-24T02:00:00.000Z');
      // clock hours ignore the holiday
      expect(await dueOf({ start: '2026-02-13T10:00:00Z', amount: 72, unit: 'clock_hours' })).toBe('2026-02-16T10:00:00.000Z');
    });

    it('skips the lunch break and keeps the time left across a pause', async () => {
      // 11:30 CST + 1 business hour → 14:00 CST
      expect(await dueOf({ start: '2025-09-30T11:30:00+08:00', amount: 1, unit: 'business_hours' })).toBe(
        '2025-09-30T06:00:00.000Z',
      );
      // Thu Mar 5 15:00 + 11.5 bh → Mon 10:00; paused Fri 17:00 (2 h left) – Mon 10:00 → Mon 12:00 CST
      const due = await dueOf({
        start: '2026-03-05T15:00:00+08:00',
        amount: 11.5,
        unit: 'business_hours',
        pauses: [{ from: '2026-03-06T17:00:00+08:00', to: '2026-03-09T10:00:00+08:00' }],
      });
      expect(due).toBe('2026-03-09T04:00:00.000Z');
    });

    it('refuses bad input with 400 and field paths', async () => {
      const cases: [unknown, string][] = [
        [{ start: '2026-03-02T10:00:00Z', amount: 1, unit: 'fortnights' }, 'body.unit'],
        [{ start: '2026-03-02T10:00:00Z', amount: -1, unit: 'business_hours' }, 'body.amount'],
        [{ start: '2026-03-02T10:00:00Z', amount: 0, unit: 'clock_hours' }, 'body.amount'],
        [{ start: '2026-03-02T10:00:00Z', amount: 1.5, unit: 'working_days' }, 'body.amount'],
        [{ start: '2026-03-02T10:00:00Z', amount: 5000, unit: 'working_days' }, 'body.amount'],
        [{ start: '2026-03-02 10:00', amount: 1, unit: 'business_hours' }, 'body.start'],
        [{ start: '2026-03-02T10:00:00', amount: 1, unit: 'business_hours' }, 'body.start'],
        [{ amount: 1, unit: 'business_hours' }, 'body.start'],
      ];
      for (const [body, path] of cases) {
        const res = await deadline(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.details.map((d: any) => d.path.join('.'))).toContain(path);
      }
      const badPause = await deadline({
        start: '2026-03-02T10:00:00Z',
        amount: 1,
        unit: 'business_hours',
        pauses: [{ from: '2026-03-02T09:00:00Z', to: '2026-03-02T11:00:00Z' }],
      });
      expect(badPause.statusCode).toBe(400);
      expect(badPause.json().error.message).toMatch(/pause 0/);
    });

    it('needs a login', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/calendar/deadline',
        payload: { start: '2026-03-02T10:00:00Z', amount: 1, unit: 'clock_hours' },
      });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('GET /calendar/days', () => {
    it('gives each date, whether it is worked, and why', async () => {
      const days = await daysOf('2025-09-27', '2025-10-12');
      expect(days).toHaveLength(16);
      const byDate = new Map(days.map((d) => [d.date, d]));
      expect(byDate.get('2025-09-27')).toEqual({
        date: '2025-09-27',
        working: false,
        reason: 'weekend',
        name: null,
        source: null,
        version: null,
      });
      expect(byDate.get('2025-09-28')).toEqual({
        date: '2025-09-28',
        working: true,
        reason: 'makeup_workday',
        name: '国庆节 调休',
        source: 'seed',
        version: 1,
      });
      expect(byDate.get('2025-09-29')).toMatchObject({ working: true, reason: 'weekday', name: null });
      expect(byDate.get('2025-10-01')).toMatchObject({ working: false, reason: 'holiday', name: '国庆节' });
      expect(byDate.get('2025-10-06')).toMatchObject({ working: false, reason: 'holiday', name: '中秋' });
      expect(byDate.get('2025-10-11')).toMatchObject({ working: true, reason: 'makeup_workday', name: '国庆节 调休' });
      expect(days.filter((d) => d.working).map((d) => d.date)).toEqual([
        '2025-09-28',
        '2025-09-29',
        '2025-09-30',
        '2025-10-09',
        '2025-10-10',
        '2025-10-11',
      ]);
    });

    it('covers the 2026 Spring Festival', async () => {
      const days = await daysOf('2026-02-14', '2026-02-28');
      expect(days.filter((d) => d.working).map((d) => d.date)).toEqual([
        '2026-02-14',
        '2026-02-24',
        '2026-02-25',
        '2026-02-26',
        '2026-02-27',
        '2026-02-28',
      ]);
      expect(days.filter((d) => d.reason === 'holiday')).toHaveLength(9);
    });

    it('a whole year fits in one request; bad ranges are 400', async () => {
      expect(await daysOf('2024-01-01', '2024-12-31')).toHaveLength(366);
      const cases: [string, string][] = [
        ['from=2025-02-30&to=2025-03-01', 'querystring.from'],
        ['from=2025-10-10&to=2025-10-01', 'querystring.to'],
        ['from=2025-01-01&to=2026-12-31', 'querystring.to'],
        ['from=2025-01-01', 'querystring.to'],
        ['from=yesterday&to=2025-01-01', 'querystring.from'],
      ];
      for (const [qs, path] of cases) {
        const res = await agent.get(`/api/v1/calendar/days?${qs}`);
        expect(res.statusCode, qs).toBe(400);
        expect(
          res.json().error.details.map((d: any) => d.path.join('.')),
          qs,
        ).toContain(path);
      }
    });
  });

  describe('editing days', () => {
    const mondayPlus3 = { start: '2026-03-02T10:00:00+08:00', amount: 3, unit: 'working_days' };

    it('an admin-added holiday moves deadlines; resetting it moves them back', async () => {
      // normally Mon Mar 2 + 3 working days → Thu Mar 5 18:00 CST
      expect(await dueOf(mondayPlus3)).toBe('2026-03-05T10:00:00.000Z');
      const set = await admin.put('/api/v1/calendar/days/2026-03-03', { kind: 'holiday', name: '公司年会' });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toEqual({
        date: '2026-03-03',
        working: false,
        reason: 'holiday',
        name: '公司年会',
        source: 'admin',
        version: 1,
      });
      // Tue off → Wed, Thu, Fri
      expect(await dueOf(mondayPlus3)).toBe('2026-03-06T10:00:00.000Z');

      const reset = await admin.post('/api/v1/calendar/days/2026-03-03/reset', { version: 1 });
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json()).toEqual({
        date: '2026-03-03',
        working: true,
        reason: 'weekday',
        name: null,
        source: 'admin',
        version: 2,
      });
      expect(await dueOf(mondayPlus3)).toBe('2026-03-05T10:00:00.000Z');

      const audit = await auditOf('calendar_day', '2026-03-03');
      expect(audit.map((a) => a.action)).toEqual(['create', 'reset']);
      expect(JSON.parse(audit[0].after as string)).toEqual({ kind: 'holiday', name: '公司年会', source: 'admin' });
      expect(JSON.parse(audit[1].before as string)).toMatchObject({ kind: 'holiday' });
      expect(audit[0].actor_id).toBe(admin.userId);
    });

    it('a make-up Saturday can be turned into a holiday, with optimistic concurrency', async () => {
      // editing a stored row without its version, or with a stale one, is a conflict
      const noVersion = await admin.put('/api/v1/calendar/days/2025-10-11', { kind: 'holiday', name: '公司补休' });
      expect(noVersion.statusCode).toBe(409);
      const ok = await admin.put('/api/v1/calendar/days/2025-10-11', { kind: 'holiday', name: '公司补休', version: 1 });
      expect(ok.json()).toMatchObject({ working: false, reason: 'holiday', name: '公司补休', source: 'admin', version: 2 });
      const stale = await admin.put('/api/v1/calendar/days/2025-10-11', { kind: 'workday', name: '又上班', version: 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
      const [day] = await daysOf('2025-10-11', '2025-10-11');
      expect(day.name).toBe('公司补休');
      // Oct 3 + 3 working days now ends Mon Oct 13 instead of Sat Oct 11
      expect(await dueOf({ start: '2025-10-03T07:00:00Z', amount: 3, unit: 'working_days' })).toBe('2025-10-13T10:00:00.000Z');
    });

    it('the seed never overwrites an admin edit nor brings back a reset holiday', async () => {
      const set = await admin.put('/api/v1/calendar/days/2026-10-01', { kind: 'holiday', name: '国庆节（公司）', version: 1 });
      expect(set.statusCode).toBe(200);
      const reset = await admin.post('/api/v1/calendar/days/2026-10-02/reset', { version: 1 });
      expect(reset.json()).toMatchObject({ reason: 'weekday', source: 'admin' });
      expect(await ensureCalendarSeeded(t.systemContext())).toEqual({ settingsCreated: false, daysInserted: 0 });
      const days = await daysOf('2026-10-01', '2026-10-02');
      expect(days.map((d) => [d.reason, d.name])).toEqual([
        ['holiday', '国庆节（公司）'],
        ['weekday', null],
      ]);
    });

    it('refuses bad days and non-admins, changing nothing', async () => {
      const before = await countDays();
      const bad = [
        await admin.put('/api/v1/calendar/days/2025-13-01', { kind: 'holiday', name: 'x' }),
        await admin.put('/api/v1/calendar/days/2026-03-10', { kind: 'vacation', name: 'x' }),
        await admin.put('/api/v1/calendar/days/2026-03-10', { kind: 'holiday', name: '   ' }),
        await admin.post('/api/v1/calendar/days/2025-02-29/reset', {}),
      ];
      expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
      expect(bad[0].json().error.details.map((d: any) => d.path.join('.'))).toContain('params.date');
      const forbidden = [
        await agent.put('/api/v1/calendar/days/2026-03-10', { kind: 'holiday', name: '放假' }),
        await agent.post('/api/v1/calendar/days/2025-10-01/reset', { version: 1 }),
      ];
      expect(forbidden.map((r) => r.statusCode)).toEqual([403, 403]);
      expect(await countDays()).toBe(before);
      const [oct1] = await daysOf('2025-10-01', '2025-10-01');
      expect(oct1).toMatchObject({ reason: 'holiday', version: 1 });
    });

    it('other modules see a change at once through loadCompanyCalendar', async () => {
      const first = await loadCompanyCalendar(t.database.db);
      expect(first.days.get('2026-04-10')).toBeUndefined();
      await admin.put('/api/v1/calendar/days/2026-04-10', { kind: 'holiday', name: '厂庆' });
      const second = await loadCompanyCalendar(t.database.db);
      expect(second.days.get('2026-04-10')).toEqual({ kind: 'holiday', name: '厂庆' });
      expect(await loadCompanyCalendar(t.database.db)).toBe(second);
    });
  });

  describe('settings', () => {
    it('validates windows, weekends and the time zone; nothing changes on error', async () => {
      const base = {
        timeZone: 'Asia/Shanghai',
        businessHours: [{ start: '09:00', end: '18:00' }],
        weekendDays: [0, 6],
        version: 1,
      };
      const cases: [unknown, string][] = [
        [
          {
            ...base,
            businessHours: [
              { start: '09:00', end: '12:30' },
              { start: '12:00', end: '18:00' },
            ],
          },
          'body.businessHours.1.start',
        ],
        [{ ...base, businessHours: [{ start: '18:00', end: '09:00' }] }, 'body.businessHours.0.end'],
        [{ ...base, businessHours: [{ start: '9:00', end: '18:00' }] }, 'body.businessHours.0.start'],
        [{ ...base, businessHours: [] }, 'body.businessHours'],
        [{ ...base, timeZone: 'China/Beijing' }, 'body.timeZone'],
        [{ ...base, weekendDays: [0, 7] }, 'body.weekendDays.1'],
        [{ ...base, weekendDays: [0, 0] }, 'body.weekendDays'],
        [{ ...base, weekendDays: [0, 1, 2, 3, 4, 5, 6] }, 'body.weekendDays'],
        [
          { ...base, weekdayHours: [{ weekday: 6, windows: [{ start: '12:00', end: '09:00' }] }] },
          'body.weekdayHours.0.windows.0.end',
        ],
        [{ ...base, version: undefined }, 'body.version'],
      ];
      for (const [body, path] of cases) {
        const res = await admin.put('/api/v1/calendar/settings', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(
          res.json().error.details.map((d: any) => d.path.join('.')),
          JSON.stringify(body),
        ).toContain(path);
      }
      expect(await settingsVersion()).toBe(1);
    });

    it('only an admin may change them; a stale version is a conflict', async () => {
      const body = {
        timeZone: 'Asia/Shanghai',
        businessHours: [{ start: '09:00', end: '18:00' }],
        weekendDays: [0, 6],
        version: 1,
      };
      expect((await agent.put('/api/v1/calendar/settings', body)).statusCode).toBe(403);
      expect((await admin.put('/api/v1/calendar/settings', { ...body, version: 7 })).statusCode).toBe(409);
      expect(await settingsVersion()).toBe(1);
    });

    it('one window instead of two changes business-hour deadlines, and is audited', async () => {
      const body = { start: '2026-03-02T10:00:00+08:00', amount: 8, unit: 'business_hours' };
      // two windows: Mon 10–12 (2) + 13:30–18 (4.5) = 6.5, Tue 09:00 + 1.5 → 10:30 CST
      expect(await dueOf(body)).toBe('2026-03-03T02:30:00.000Z');
      const res = await admin.put('/api/v1/calendar/settings', {
        timeZone: 'Asia/Shanghai',
        businessHours: [{ start: '09:00', end: '18:00' }],
        weekdayHours: [{ weekday: 6, windows: [{ start: '09:00', end: '12:00' }] }],
        weekendDays: [0],
        version: 1,
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        version: 2,
        weekendDays: [0],
        weekdayHours: [{ weekday: 6, windows: [{ start: '09:00', end: '12:00' }] }],
      });
      // one window: Mon 10:00–18:00 = 8 h
      expect(await dueOf(body)).toBe('2026-03-02T10:00:00.000Z');
      // Saturday mornings are worked now: Fri Mar 6 + 1 working day → Sat Mar 7 12:00 CST
      expect(await dueOf({ start: '2026-03-06T10:00:00+08:00', amount: 1, unit: 'working_days' })).toBe(
        '2026-03-07T04:00:00.000Z',
      );
      const [audit] = await auditOf('calendar_settings', 'default').then((rows) => rows.filter((r) => r.action === 'update'));
      expect(JSON.parse(audit.before as string)).toEqual({
        businessHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        weekdayHours: [],
        weekendDays: [0, 6],
      });
      expect(JSON.parse(audit.after as string).weekendDays).toEqual([0]);

      // back to the defaults for the other tests
      const back = await admin.put('/api/v1/calendar/settings', {
        timeZone: 'Asia/Shanghai',
        businessHours: [
          { start: '09:00', end: '12:00' },
          { start: '13:30', end: '18:00' },
        ],
        weekendDays: [0, 6],
        version: 2,
      });
      expect(back.statusCode).toBe(200);
    });
  });

  describe('import', () => {
    it('imports a year from JSON; a second import of the same file changes nothing', async () => {
      const content = JSON.stringify({
        year: 2027,
        days: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-02-06', kind: 'holiday', name: '春节' },
          { date: '2027-02-07', kind: 'holiday', name: '春节' },
          { date: '2027-02-20', kind: 'workday', name: '春节 调休' },
        ],
      });
      const res = await admin.post('/api/v1/calendar/import', { format: 'json', content });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ year: 2027, days: 4, created: 4, updated: 0, unchanged: 0, reset: 0, skipped: 0 });
      const days = await daysOf('2027-02-19', '2027-02-20');
      expect(days[1]).toEqual({
        date: '2027-02-20',
        working: true,
        reason: 'makeup_workday',
        name: '春节 调休',
        source: 'import',
        version: 1,
      });
      const again = await admin.post('/api/v1/calendar/import', { format: 'json', content });
      expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
      expect((await auditOf('calendar_day', '2027-02-20')).map((a) => a.action)).toEqual(['import']);
      // Fri Feb 5 2027 + 1 working day: Feb 6/7 off (imported), Mon Feb 8
      expect(await dueOf({ start: '2027-02-05T10:00:00+08:00', amount: 1, unit: 'working_days' })).toBe(
        '2027-02-08T10:00:00.000Z',
      );
    });

    it('replaceYear resets the year’s other overrides', async () => {
      const content = JSON.stringify({ year: 2027, days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] });
      const res = await admin.post('/api/v1/calendar/import', { format: 'json', content, year: 2027, replaceYear: true });
      expect(res.json()).toMatchObject({ unchanged: 1, reset: 3 });
      const days = await daysOf('2027-02-06', '2027-02-07');
      expect(days.map((d) => d.reason)).toEqual(['weekend', 'weekend']);
    });

    it('the ICS file chinese-days ships imports and agrees with the seed', async () => {
      const res = await admin.post('/api/v1/calendar/import', { format: 'ics', content: shippedIcs, year: 2024 });
      expect(res.statusCode, res.body).toBe(200);
      const seeded2024 = chineseDaysSeed().filter((d) => d.date.startsWith('2024-')).length;
      expect(res.json()).toMatchObject({ year: 2024, days: seeded2024, created: 0, updated: 0, unchanged: seeded2024 });
      expect(res.json().skipped).toBeGreaterThan(0);
    });

    it('imports a hand-written ICS year', async () => {
      const ics = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20281001',
        'DTEND;VALUE=DATE:20281008',
        'SUMMARY:国庆节(休)',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20281008',
        'SUMMARY:国庆节(班)',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n');
      const res = await admin.post('/api/v1/calendar/import', { format: 'ics', content: ics });
      expect(res.json()).toMatchObject({ days: 8, created: 8 });
      const days = await daysOf('2028-09-30', '2028-10-08');
      expect(days.map((d) => d.reason)).toEqual([
        'weekend',
        'holiday',
        'holiday',
        'holiday',
        'holiday',
        'holiday',
        'holiday',
        'holiday',
        'makeup_workday',
      ]);
      expect(days[8].name).toBe('国庆节 调休');
    });

    it('all or nothing: one bad event and nothing is imported, with the line of each problem', async () => {
      const before = await countDays();
      const ics = [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20290101',
        'SUMMARY:元旦(休)',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'DTSTART;VALUE=DATE:20290231',
        'SUMMARY:春节(休)',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\n');
      const res = await admin.post('/api/v1/calendar/import', { format: 'ics', content: ics });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('import_invalid');
      expect(res.json().error.details.errors).toEqual([
        { line: 7, field: 'DTSTART', code: 'bad_ics_date', message: 'DTSTART is not a valid date YYYYMMDD' },
      ]);
      const badJson = await admin.post('/api/v1/calendar/import', {
        format: 'json',
        content: JSON.stringify({
          year: 2029,
          days: [
            { date: '2029-01-01', kind: 'holiday', name: '元旦' },
            { date: '2029-01-02', kind: 'off', name: 'x' },
          ],
        }),
      });
      expect(badJson.statusCode).toBe(400);
      expect(badJson.json().error.details.errors).toEqual([
        { index: 1, line: 1, field: 'kind', code: 'bad_kind', message: 'kind must be "holiday" or "workday"' },
      ]);
      expect(await countDays()).toBe(before);
      expect(await daysOf('2029-01-01', '2029-01-01')).toMatchObject([{ reason: 'weekday', source: null }]);
    });

    it('refuses bad requests and non-admins', async () => {
      expect((await admin.post('/api/v1/calendar/import', { format: 'xlsx', content: 'x' })).statusCode).toBe(400);
      expect((await admin.post('/api/v1/calendar/import', { format: 'json', content: '' })).statusCode).toBe(400);
      expect((await admin.post('/api/v1/calendar/import', { format: 'json', content: '{}', replaceYear: true })).statusCode).toBe(
        400,
      );
      const content = JSON.stringify({ year: 2030, days: [{ date: '2030-01-01', kind: 'holiday', name: '元旦' }] });
      expect((await agent.post('/api/v1/calendar/import', { format: 'json', content })).statusCode).toBe(403);
      expect(await daysOf('2030-01-01', '2030-01-01')).toMatchObject([{ source: null }]);
    });

    it('the seed fills dates it is missing, except in a year an admin imported', async () => {
      // simulate a newer chinese-days release that knows dates the database lacks
      await t.database.db.deleteFrom('calendar_days').where('date', 'in', ['2022-10-03', '2023-10-03']).execute();
      const content = JSON.stringify({ year: 2023, days: [{ date: '2023-01-02', kind: 'holiday', name: '元旦（补）' }] });
      expect((await admin.post('/api/v1/calendar/import', { format: 'json', content })).json()).toMatchObject({ updated: 1 });
      const result = await ensureCalendarSeeded(t.systemContext());
      expect(result.daysInserted).toBe(1);
      const [y2022] = await daysOf('2022-10-03', '2022-10-03');
      const [y2023] = await daysOf('2023-10-03', '2023-10-03');
      expect(y2022).toMatchObject({ reason: 'holiday', source: 'seed' });
      expect(y2023).toMatchObject({ reason: 'weekday', source: null });
    });
  });

  it('every calendar endpoint is in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/api/v1/calendar/deadline',
      '/api/v1/calendar/days',
      '/api/v1/calendar/days/{date}',
      '/api/v1/calendar/days/{date}/reset',
      '/api/v1/calendar/settings',
      '/api/v1/calendar/import',
      '/api/v1/calendar/years',
    ]) {
      expect(paths).toContain(p);
    }
  });
});
