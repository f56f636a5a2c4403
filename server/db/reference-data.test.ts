import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedPoliciesOfType } from '../modules/cases/cases.repository.js';
import { readRepairSettings } from '../modules/repairs/repairs.settings.js';
import { readWarrantySettings, WARRANTY_SETTINGS_KEY } from '../modules/warranty/warranty.settings.js';
import { inTransaction } from '../platform/context.js';
import { createTestApp, type TestApp, type TestClient } from '../testing/app.js';
import { makeCaller, prepareCaseCore } from '../testing/factories/cases.js';
import { statementKind } from './reference-data.js';

describe('which statements change reference data', () => {
  it('sees writes to the reference tables, in any spelling Kysely or a person writes', () => {
    expect(statementKind('insert into "settings" ("key", "value") values (?, ?)')).toBe('reference_write');
    expect(statementKind('update "sla_policies" set "amount" = ? where "id" = ?')).toBe('reference_write');
    expect(statementKind('delete from notification_templates where id = ?')).toBe('reference_write');
    expect(statementKind('UPDATE case_types SET enabled = 0')).toBe('reference_write');
    expect(statementKind('insert or replace into settings (key, value) values (?, ?)')).toBe('reference_write');
    expect(statementKind('truncate table "t_abc"."sla_policies"')).toBe('reference_write');
    expect(statementKind('update "t_abc"."settings" set value = ?')).toBe('reference_write');
  });

  it('ignores reads and other tables (also ones whose names start like a reference table)', () => {
    expect(statementKind('select * from "settings" where "key" = ?')).toBe('other');
    expect(statementKind('update "cases" set "state" = ? where "id" = ?')).toBe('other');
    expect(statementKind('insert into "settings_history" ("key") values (?)')).toBe('other');
    expect(statementKind('insert into "case_events" ("id") values (?)')).toBe('other');
    expect(statementKind('savepoint command')).toBe('other');
    expect(statementKind('rollback to savepoint command')).toBe('other');
  });

  it('knows the end of a transaction', () => {
    for (const text of ['commit', 'COMMIT', 'rollback', 'end', 'commit transaction'])
      expect(statementKind(text)).toBe('end_transaction');
  });
});

/**
 * Case types, SLA policies, settings and notification templates are cached per database; a change
 * made through the API (or any statement of this process) is seen by the very next command.
 */
describe('cached reference data is never stale for the next command', () => {
  let t: TestApp;
  let admin: TestClient;
  let agent: TestClient;
  let customerId: string;
  const TYPE = 'ref_cache_test';
  // Monday 2 March 2026 10:00 Shanghai
  const NOW = '2026-03-02T02:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(t.systemContext());
    admin = await t.userWith(['admin']);
    agent = await t.userWith(['agent']);
    const type = await admin.put(`/api/v1/case-types/${TYPE}`, {
      nameZh: '缓存测试',
      nameEn: 'Cache test',
      numberPrefix: 'HC',
      workflow: 'simple',
      allowAnonymous: false,
    });
    expect(type.statusCode).toBe(200);
    customerId = (await makeCaller(t.systemContext(), { phone: '13912340000' })).customer.id;
  });
  afterAll(async () => t.close());

  const open = (title = '空调不制冷') =>
    agent.post('/api/v1/cases', { type: TYPE, channel: 'phone', customerId, contactPhone: '13912340000', title });
  const firstReplyDue = (res: { json(): any }) =>
    res.json().case.deadlines.find((d: { metric: string }) => d.metric === 'first_reply')?.dueAt ?? null;

  it('an SLA policy created or changed through the API applies to the next case opened', async () => {
    expect(firstReplyDue(await open())).toBeNull(); // no policy yet (and now cached as none)
    const created = await admin.post('/api/v1/sla-policies', {
      caseType: TYPE,
      metric: 'first_reply',
      amount: 2,
      unit: 'clock_hours',
      startsAtOpen: true,
    });
    expect(created.statusCode).toBe(201);
    expect(firstReplyDue(await open())).toBe('2026-03-02T04:00:00.000Z');
    const changed = await admin.patch(`/api/v1/sla-policies/${created.json().id}`, { amount: 5, version: created.json().version });
    expect(changed.statusCode).toBe(200);
    expect(firstReplyDue(await open())).toBe('2026-03-02T07:00:00.000Z');
  });

  it('a case type disabled through the API refuses the next case; enabled again, it opens', async () => {
    expect((await open()).statusCode).toBe(201);
    const types = (await admin.get('/api/v1/case-types')).json().items;
    const type = types.find((x: { code: string }) => x.code === TYPE);
    const body = { nameZh: type.nameZh, nameEn: type.nameEn, numberPrefix: type.numberPrefix, workflow: type.workflow };
    const disabled = await admin.put(`/api/v1/case-types/${TYPE}`, { ...body, enabled: false, version: type.version });
    expect(disabled.statusCode).toBe(200);
    expect((await open()).statusCode).toBe(400);
    const enabled = await admin.put(`/api/v1/case-types/${TYPE}`, { ...body, enabled: true, version: disabled.json().version });
    expect(enabled.statusCode).toBe(200);
    expect((await open()).statusCode).toBe(201);
  });

  it('a notification template or setting edited through the API is used for the next message', async () => {
    const smsMessages = async () =>
      (
        await t.database.db
          .selectFrom('outbox_messages')
          .select(['body', 'created_at'])
          .where('recipient', '=', '13912340000')
          .where('channel', '=', 'sms')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .execute()
      ).map((m) => m.body);
    const templates = (await admin.get('/api/v1/notification-templates')).json().items;
    const sms = templates.find((x: { key: string; channel: string }) => x.key === 'case.received' && x.channel === 'sms');
    expect((await open()).statusCode).toBe(201); // fills the caches
    const edited = await admin.put(`/api/v1/notification-templates/${sms.id}`, {
      body: '{{companyName}}：{{caseType}} {{caseNumber}} 已受理（新模板）',
      version: sms.version,
    });
    expect(edited.statusCode).toBe(200);
    const settings = (await admin.get('/api/v1/settings/notifications')).json();
    const saved = await admin.put('/api/v1/settings/notifications', {
      companyName: '缓存测试服务部',
      signature: settings.signature,
      hotline: settings.hotline,
      version: settings.version,
    });
    expect(saved.statusCode).toBe(200);
    const opened = (await open()).json().case;
    expect((await smsMessages())[0]).toBe(`缓存测试服务部：缓存测试 ${opened.number} 已受理（新模板）`);
  });

  it('the repair and warranty settings changed through the API are read by the next command', async () => {
    const readBoth = async () => ({
      repairs: await readRepairSettings(t.database.db),
      warranty: await readWarrantySettings(t.database.db),
    });
    const before = await readBoth(); // fills the caches
    const { version: repairVersion, updatedAt: _r, ...repairs } = (await admin.get('/api/v1/repairs/settings')).json();
    const savedRepairs = await admin.put('/api/v1/repairs/settings', {
      ...repairs,
      autoDispatchWindowHours: before.repairs.autoDispatchWindowHours + 1,
      version: repairVersion,
    });
    expect(savedRepairs.statusCode).toBe(200);
    const { version: warrantyVersion, updatedAt: _w, ...warranty } = (await admin.get('/api/v1/warranty/settings')).json();
    const savedWarranty = await admin.put('/api/v1/warranty/settings', {
      ...warranty,
      expiringSoonDays: before.warranty.expiringSoonDays + 1,
      version: warrantyVersion,
    });
    expect(savedWarranty.statusCode).toBe(200);
    const after = await readBoth();
    expect(after.repairs.autoDispatchWindowHours).toBe(before.repairs.autoDispatchWindowHours + 1);
    expect(after.warranty.expiringSoonDays).toBe(before.warranty.expiringSoonDays + 1);
    // plain SQL too
    await t.database.db.deleteFrom('settings').where('key', '=', WARRANTY_SETTINGS_KEY).execute();
    expect((await readWarrantySettings(t.database.db)).version).toBe(1);
  });

  it('a change written with plain SQL by this process is seen at once', async () => {
    await t.database.db.updateTable('case_types').set({ name_zh: '缓存测试二' }).where('code', '=', TYPE).execute();
    const opened = (await open()).json().case;
    const [message] = await t.database.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('related_id', '=', opened.id)
      .where('channel', '=', 'sms')
      .execute();
    expect(message.body).toContain('缓存测试二');
  });

  it('what a rolled-back transaction read or wrote is not reused', async () => {
    const before = firstReplyDue(await open());
    await expect(
      inTransaction(t.systemContext(), async (tx) => {
        await tx.db.updateTable('sla_policies').set({ amount: 9 }).where('case_type', '=', TYPE).execute();
        expect((await cachedPoliciesOfType(tx.db, TYPE))[0].amount).toBe(9); // read (and cached) inside
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(firstReplyDue(await open())).toBe(before);
  });
});
