import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { caseInput, makeCaller, prepareCaseCore } from '../../testing/factories/cases.js';
import { ensureCaseReferenceData } from './cases.seed.js';
import { failureHistoryOfUnit, openCase } from './cases.service.js';

/**
 * The case core through HTTP on a real database: intake and matching, numbers, ownership,
 * deadlines on the 2026 calendar, actions, waiting, duplicates, links, merges, access, bad input.
 * The clock starts on Friday 13 Feb 2026 17:00 in Shanghai (09:00 UTC), the day before the
 * make-up Saturday of the Spring Festival.
 *
 * The core is tested on a case type of its own (TEST_TYPE, the 'simple' workflow, numbered WX)
 * with the service levels of a repair (R-REP-2, R-REP-8), so the tests do not depend on the
 * workflow a module registers for its types (the repairs module replaces 'repair').
 */
describe('cases', () => {
  let t: TestApp;
  let agent: TestClient;
  let agent2: TestClient;
  let admin: TestClient;
  let caller: Awaited<ReturnType<typeof makeCaller>>;

  const FRI_1700 = '2026-02-13T09:00:00.000Z';
  const TEST_TYPE = 'core_repair';
  const TEST_TYPE_NAME = '报修（核心测试）';
  /** the SPEC's repair service levels (R-REP-2, R-REP-8), on which the hand-computed deadlines rely */
  const TEST_POLICIES = [
    // first reply within 4 business hours; urgent: customer contacted within 30 minutes
    { metric: 'first_reply', urgency: null, amount: 4, unit: 'business_hours', warnBeforeMinutes: 60, escalateAfterMinutes: 240 },
    { metric: 'customer_contact', urgency: 'high', amount: 0.5, unit: 'clock_hours', warnBeforeMinutes: 10, escalateAfterMinutes: 30 },
    // repaired within 3 working days, urgent within 24 hours
    { metric: 'resolution', urgency: null, amount: 3, unit: 'working_days', warnBeforeMinutes: 240, escalateAfterMinutes: 480 },
    { metric: 'resolution', urgency: 'high', amount: 24, unit: 'clock_hours', warnBeforeMinutes: 120, escalateAfterMinutes: 240 },
  ] as const;

  beforeAll(async () => {
    // the clock moves over weeks: sessions must outlive it
    t = await createTestApp({ now: FRI_1700, config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(t.systemContext());
    agent = await t.userWith(['agent']);
    agent2 = await t.userWith(['agent']);
    admin = await t.userWith(['admin']);
    const type = await admin.put(`/api/v1/case-types/${TEST_TYPE}`, {
      nameZh: TEST_TYPE_NAME,
      nameEn: 'Repair (core test)',
      numberPrefix: 'WX',
      workflow: 'simple',
      allowAnonymous: false,
    });
    expect(type.statusCode).toBe(200);
    for (const policy of TEST_POLICIES) {
      const created = await admin.post('/api/v1/sla-policies', { caseType: TEST_TYPE, startsAtOpen: true, ...policy });
      expect(created.statusCode).toBe(201);
    }
    caller = await makeCaller(t.systemContext(), {
      name: '深圳市张三电器有限公司',
      phone: '13800138000',
      serialNumber: 'SN-A-0001',
    });
  });
  afterAll(async () => t.close());

  const db = () => t.database.db;
  const count = async (
    table:
      | 'cases'
      | 'case_events'
      | 'case_deadlines'
      | 'audit_log'
      | 'customers'
      | 'customer_contacts'
      | 'case_links'
      | 'due_work',
  ) =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({
    cases: await count('cases'),
    events: await count('case_events'),
    deadlines: await count('case_deadlines'),
    audit: await count('audit_log'),
    customers: await count('customers'),
    contacts: await count('customer_contacts'),
    links: await count('case_links'),
    dueWork: await count('due_work'),
  });
  const open = (client: TestClient, body: Record<string, unknown>) =>
    client.post('/api/v1/cases', { type: TEST_TYPE, channel: 'phone', ...body });
  const deadline = (c: any, metric: string) => c.deadlines.find((d: any) => d.metric === metric);

  describe('intake', () => {
    it('matches the caller by phone, numbers the case WX-2026-000001, the agent owns it, deadlines on the 2026 calendar', async () => {
      t.clock.set(FRI_1700);
      const res = await open(agent, {
        contactPhone: '+86 138-0013-8000',
        title: '空调不制冷，外机不转',
        description: '昨天开始，室内机有风但不凉',
      });
      expect(res.statusCode).toBe(201);
      const { case: c, match, duplicates } = res.json();
      expect(c.number).toBe('WX-2026-000001');
      expect(c).toMatchObject({
        type: TEST_TYPE,
        typeName: TEST_TYPE_NAME,
        state: 'new',
        channel: 'phone',
        severity: 'general',
        urgency: 'medium',
      });
      expect(match).toEqual({ customer: 'phone', ambiguous: [] });
      expect(c.customer).toMatchObject({ id: caller.customer.id, name: '深圳市张三电器有限公司' });
      expect(c.contactId).toBe(caller.customer.contacts[0].id);
      expect(c.contactName).toBe(caller.customer.contacts[0].name);
      expect(c.owner.id).toBe(agent.userId);
      expect(c.createdBy.id).toBe(agent.userId);
      // job location from the customer's default address
      expect(c.address).toContain('科技园路');
      expect(c.latitude).toBeCloseTo(22.54);
      // 4 business hours: Fri 17:00–18:00 + make-up Saturday 09:00–12:00
      expect(deadline(c, 'first_reply')).toMatchObject({
        state: 'running',
        status: 'running',
        dueAt: '2026-02-14T04:00:00.000Z',
        unitTimeLeftMs: 4 * 3_600_000,
      });
      // 3 working days: Sat 14, Tue 24, Wed 25 Feb (春节 15–23) → 18:00
      expect(deadline(c, 'resolution')).toMatchObject({ dueAt: '2026-02-25T10:00:00.000Z' });
      expect(deadline(c, 'customer_contact')).toBeUndefined(); // only urgent repairs
      expect(c.nextDueAt).toBe('2026-02-14T04:00:00.000Z');
      expect(c.allowedActions).toEqual([
        'start',
        'reply',
        'resolve',
        'cancel',
        'wait_customer',
        'wait_parts',
        'wait_third_party',
      ]);
      // the caller was told the case number (工单受理通知) in the same transaction
      expect(c.timeline.map((e: any) => e.kind)).toEqual(['created', 'customer_notified']);
      expect(c.timeline[1].note).toMatch(/^工单受理通知（/);
      expect(c.timeline[0]).toMatchObject({
        actorId: agent.userId,
        caseNumber: 'WX-2026-000001',
        data: { channel: 'phone', match: 'phone' },
      });
      expect(duplicates).toEqual([]);
      const audit = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', c.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['create']);
      // the ladder's first level is waiting for each deadline
      const rows = await db()
        .selectFrom('due_work')
        .selectAll()
        .where('kind', '=', 'case.deadline.escalate')
        .where('state', '=', 'pending')
        .execute();
      expect(rows.map((r) => r.due_at).sort()).toEqual(['2026-02-14T03:00:00.000Z', '2026-02-25T06:00:00.000Z']);
    });

    it('matches the unit and its customer by serial number as typed (any letter case)', async () => {
      const res = await open(agent, { serialNumber: ' sn-a-0001 ', title: '面板灯闪烁' });
      expect(res.statusCode).toBe(201);
      const { case: c, match } = res.json();
      expect(c.number).toBe('WX-2026-000002');
      expect(match.customer).toBe('serial');
      expect(c.unit).toMatchObject({ id: caller.unit.id, serialNumber: 'SN-A-0001' });
      expect(c.productId).toBe(caller.unit.productId);
      expect(c.customer.id).toBe(caller.customer.id);
    });

    it('creates a new caller (customer + contact) on the spot, and finds him by phone next time', async () => {
      const before = await counts();
      const res = await open(agent, {
        newCustomer: { name: '李四', kind: 'person' },
        contactPhone: '13912345678',
        title: '热水器漏水',
      });
      expect(res.statusCode).toBe(201);
      const { case: c, match } = res.json();
      expect(match.customer).toBe('created');
      expect(c.customer.name).toBe('李四');
      expect(c.contactId).not.toBeNull();
      expect(await counts()).toMatchObject({
        customers: before.customers + 1,
        contacts: before.contacts + 1,
        cases: before.cases + 1,
      });
      const again = (await open(agent, { contactPhone: '139 1234 5678', title: '热水器又漏水了' })).json();
      expect(again.match.customer).toBe('phone');
      expect(again.case.customer.id).toBe(c.customer.id);
      expect(again.case.contactId).toBe(c.contactId);
    });

    it('numbers each type with its own prefix', async () => {
      const consult = (await open(agent, { type: 'consultation', customerId: caller.customer.id, title: '保养周期咨询' })).json();
      expect(consult.case.number).toBe('ZX-2026-000001');
      expect(consult.case.workflow).toBe('simple');
      const complaint = (await open(agent, { type: 'complaint', title: '匿名投诉：安装人员态度差' })).json();
      expect(complaint.case.number).toBe('TS-2026-000001');
      expect(complaint.case.customer).toBeNull(); // complaints may be anonymous
    });

    it('a case of a type that needs a customer is refused (422) without one, and nothing is written', async () => {
      const before = await counts();
      const res = await open(agent, { contactPhone: '13700000000', title: '不知道是谁' });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('customer_required');
      expect(await counts()).toEqual(before);
    });

    it('a system intake goes to the default intake owner; without one it is refused', async () => {
      const sys = t.systemContext();
      await expect(
        openCase(sys, caseInput({ type: TEST_TYPE, customerId: caller.customer.id, channel: 'email' })),
      ).rejects.toMatchObject({
        statusCode: 422,
        code: 'no_intake_owner',
      });
      const settings = (await admin.get('/api/v1/case-settings')).json();
      const saved = await admin.put('/api/v1/case-settings', {
        version: settings.version,
        defaultIntakeOwnerId: agent2.userId,
        duplicateWindowDays: 30,
        similarityThreshold: 0.3,
      });
      expect(saved.statusCode).toBe(200);
      const opened = await openCase(
        sys,
        caseInput({ type: TEST_TYPE, customerId: caller.customer.id, channel: 'email', title: '邮件报修' }),
      );
      expect(opened.case.owner.id).toBe(agent2.userId);
      expect(opened.case.createdBy).toBeNull();
      // the intake pool is the 'unassigned' queue
      const unassigned = (await agent.get('/api/v1/cases?queue=unassigned')).json();
      expect(unassigned.items.map((i: any) => i.id)).toEqual([opened.case.id]);
    });

    it('bad input → 400 with field paths, unknown references → 400, and nothing changed', async () => {
      const otherCaller = await makeCaller(t.systemContext());
      const before = await counts();
      const missing = await agent.post('/api/v1/cases', { type: TEST_TYPE, channel: 'fax', title: '', contactPhone: 'abc' });
      expect(missing.statusCode).toBe(400);
      const paths = missing.json().error.details.map((d: any) => d.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['body.channel', 'body.title', 'body.contactPhone']));
      const unknownCustomer = await open(agent, { customerId: '01890000-0000-7000-8000-000000000000', title: '报修' });
      expect(unknownCustomer.statusCode).toBe(400);
      expect(unknownCustomer.json().error.details[0].path).toEqual(['body', 'customerId']);
      const unknownType = await open(agent, { type: 'nope', customerId: caller.customer.id, title: '报修' });
      expect(unknownType.statusCode).toBe(400);
      const badNewCaller = await open(agent, { newCustomer: { name: '' }, title: '报修' });
      expect(badNewCaller.statusCode).toBe(400);
      const mismatch = await open(agent, { customerId: otherCaller.customer.id, unitId: caller.unit.id, title: '报修' });
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.json().error.code).toBe('unit_customer_mismatch');
      expect(await counts()).toEqual(before);
    });
  });

  describe('ownership (首问负责制)', () => {
    it('hands over to a named active person only; never empty', async () => {
      const { case: c } = (await open(agent, { customerId: caller.customer.id, title: '转交测试' })).json();
      const disabled = await t.userWith(['agent']);
      await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled.userId).execute();
      const before = await counts();
      expect((await agent.post(`/api/v1/cases/${c.id}/owner`, { ownerId: '', version: c.version })).statusCode).toBe(400);
      expect((await agent.post(`/api/v1/cases/${c.id}/owner`, { version: c.version })).statusCode).toBe(400);
      const unknown = await agent.post(`/api/v1/cases/${c.id}/owner`, {
        ownerId: '01890000-0000-7000-8000-000000000000',
        version: c.version,
      });
      expect(unknown.statusCode).toBe(400);
      const toDisabled = await agent.post(`/api/v1/cases/${c.id}/owner`, { ownerId: disabled.userId, version: c.version });
      expect(toDisabled.statusCode).toBe(422);
      const same = await agent.post(`/api/v1/cases/${c.id}/owner`, { ownerId: agent.userId, version: c.version });
      expect(same.json().error.code).toBe('same_owner');
      expect(await counts()).toEqual(before);

      const handed = await agent.post(`/api/v1/cases/${c.id}/owner`, {
        ownerId: agent2.userId,
        version: c.version,
        note: '下班交接',
      });
      expect(handed.statusCode).toBe(200);
      expect(handed.json().owner.id).toBe(agent2.userId);
      const event = handed.json().timeline.at(-1);
      expect(event).toMatchObject({
        kind: 'assigned',
        note: '下班交接',
        data: { from: { id: agent.userId }, to: { id: agent2.userId } },
      });
      const message = await db()
        .selectFrom('outbox_messages')
        .selectAll()
        .where('recipient', '=', agent2.userId)
        .where('related_id', '=', c.id)
        .execute();
      expect(message).toHaveLength(1);
      // and the database itself refuses an empty owner
      await expect(db().updateTable('cases').set({ owner_id: '' }).where('id', '=', c.id).execute()).rejects.toThrow();
      await expect(sql`update cases set owner_id = null where id = ${c.id}`.execute(db())).rejects.toThrow();
    });
  });

  describe('actions and deadlines', () => {
    it('an illegal action is a 409 with the allowed actions; a stale version is a 409; nothing changes', async () => {
      const { case: c } = (await open(agent, { customerId: caller.customer.id, title: '非法操作测试' })).json();
      const before = await counts();
      const illegal = await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'close', version: c.version });
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json().error).toMatchObject({ code: 'illegal_transition', details: { state: 'new', action: 'close' } });
      expect(illegal.json().error.details.allowedActions).toEqual([
        'start',
        'reply',
        'resolve',
        'cancel',
        'wait_customer',
        'wait_parts',
        'wait_third_party',
      ]);
      const started = await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'start', version: c.version });
      expect(started.statusCode).toBe(200);
      const afterStart = await counts();
      const stale = await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'reply', version: c.version, note: '已回复' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('version_conflict');
      expect(await counts()).toEqual(afterStart);
      expect(afterStart.cases).toBe(before.cases);
    });

    it('reply meets the first reply; resolve needs a note and meets resolution; close cancels the rest', async () => {
      t.clock.set('2026-02-14T03:00:00.000Z'); // Sat 11:00 (make-up day)
      let c = (await open(agent, { customerId: caller.customer.id, title: '关闭流程测试', urgency: 'high' })).json().case;
      expect(deadline(c, 'customer_contact')).toMatchObject({
        dueAt: '2026-02-14T03:30:00.000Z',
        amount: 0.5,
        unit: 'clock_hours',
      });
      expect(deadline(c, 'resolution')).toMatchObject({ dueAt: '2026-02-15T03:00:00.000Z', unit: 'clock_hours' }); // urgent: 24 h
      t.clock.set('2026-02-14T03:10:00.000Z');
      const noNote = await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'reply', version: c.version });
      expect(noNote.statusCode).toBe(400);
      expect(noNote.json().error.details[0].path).toEqual(['body', 'note']);
      c = (
        await agent.post(`/api/v1/cases/${c.id}/actions`, {
          action: 'reply',
          version: c.version,
          note: '已电话联系客户，约定明早上门',
        })
      ).json();
      expect(c.state).toBe('in_progress');
      expect(c.firstRepliedAt).toBe('2026-02-14T03:10:00.000Z');
      expect(deadline(c, 'customer_contact')).toMatchObject({ state: 'met', status: 'met', metAt: '2026-02-14T03:10:00.000Z' });
      expect(deadline(c, 'first_reply')).toMatchObject({ state: 'met' });
      expect(deadline(c, 'resolution')).toMatchObject({ state: 'running' });
      t.clock.set('2026-02-15T04:00:00.000Z'); // an hour past the 24 h
      c = (
        await agent.post(`/api/v1/cases/${c.id}/actions`, {
          action: 'resolve',
          version: c.version,
          note: '更换压缩机电容，恢复制冷',
        })
      ).json();
      expect(c.state).toBe('resolved');
      expect(c.resolvedAt).toBe('2026-02-15T04:00:00.000Z');
      expect(deadline(c, 'resolution')).toMatchObject({
        state: 'met',
        status: 'met_late',
        breachedAt: '2026-02-15T03:00:00.000Z',
        overdueByMs: 3_600_000,
      });
      expect(c.allowedActions).toEqual(['reopen', 'close']);
      c = (await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'close', version: c.version })).json();
      expect(c).toMatchObject({ state: 'closed', closedAt: '2026-02-15T04:00:00.000Z', allowedActions: [] });
      expect(c.timeline.map((e: any) => e.kind)).toEqual([
        'created',
        'customer_notified',
        'action',
        'deadline_met',
        'deadline_met',
        'action',
        'deadline_met',
        'action',
      ]);
      const pending = await db()
        .selectFrom('due_work')
        .select('id')
        .where(
          'ref_id',
          'in',
          c.deadlines.map((d: any) => d.id),
        )
        .where('state', '=', 'pending')
        .execute();
      expect(pending).toEqual([]);
    });

    it('reopening a resolved case starts a new resolution deadline from the reopening; the met one stays in the history', async () => {
      t.clock.set('2026-02-14T03:00:00.000Z'); // Sat 11:00 (make-up day)
      let c = (await open(agent, { customerId: caller.customer.id, title: '重开测试', urgency: 'high' })).json().case;
      const act = async (action: string, note?: string) =>
        (await agent.post(`/api/v1/cases/${c.id}/actions`, { action, version: c.version, ...(note ? { note } : {}) })).json();
      c = await act('resolve', '已指导客户复位');
      t.clock.set('2026-02-16T02:00:00.000Z'); // Mon 10:00: the customer calls again
      c = await act('reopen', '客户反映问题复现');
      expect(c.state).toBe('in_progress');
      const resolution = c.deadlines.filter((d: any) => d.metric === 'resolution');
      expect(resolution.map((d: any) => d.state).sort()).toEqual(['met', 'running']);
      // urgent: 24 clock hours again, counted from the reopening
      expect(resolution.find((d: any) => d.state === 'running').dueAt).toBe('2026-02-17T02:00:00.000Z');
      c = await act('resolve', '更换主板');
      expect(c.deadlines.filter((d: any) => d.metric === 'resolution').every((d: any) => d.state === 'met')).toBe(true);
    });

    it('cancel of a new case cancels its running deadlines', async () => {
      const { case: c } = (await open(agent, { customerId: caller.customer.id, title: '取消测试' })).json();
      const res = await agent.post(`/api/v1/cases/${c.id}/actions`, {
        action: 'cancel',
        version: c.version,
        note: '客户来电撤销',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().deadlines.map((d: any) => d.state)).toEqual(['cancelled', 'cancelled']);
      expect(res.json().closedAt).not.toBeNull();
    });

    it('waiting on the customer pauses the deadlines with the time left and resumes them after the holiday', async () => {
      t.clock.set(FRI_1700);
      let c = (await open(agent, { customerId: caller.customer.id, title: '等待客户测试' })).json().case;
      t.clock.set('2026-02-14T02:00:00.000Z'); // Sat 10:00: 2 of 4 business hours used
      const paused = await agent.post(`/api/v1/cases/${c.id}/pause`, {
        reason: 'customer',
        version: c.version,
        note: '客户出差，节后联系',
      });
      expect(paused.statusCode).toBe(200);
      c = paused.json();
      expect(c.waitingOn).toBe('customer');
      expect(deadline(c, 'first_reply')).toMatchObject({
        state: 'paused',
        status: 'paused',
        dueAt: null,
        unitTimeLeftMs: 2 * 3_600_000,
      });
      expect(deadline(c, 'resolution')).toMatchObject({ state: 'paused', unitTimeLeftMs: 21.5 * 3_600_000 });
      expect(c.allowedActions).toEqual(['start', 'reply', 'resolve', 'cancel', 'resume']);
      const ids = c.deadlines.map((d: any) => d.id);
      expect(
        await db().selectFrom('due_work').select('id').where('ref_id', 'in', ids).where('state', '=', 'pending').execute(),
      ).toEqual([]);
      // pausing twice is an illegal action
      const twice = await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'wait_parts', version: c.version });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.details.allowedActions).toContain('resume');

      t.clock.set('2026-02-24T01:30:00.000Z'); // Tue 24 Feb 09:30, after 春节
      const shown = (await agent.get(`/api/v1/cases/${c.id}`)).json();
      expect(deadline(shown, 'first_reply').projectedDueAt).toBe('2026-02-24T03:30:00.000Z');
      c = (
        await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'resume', version: c.version, note: '客户已回复' })
      ).json();
      expect(c.waitingOn).toBeNull();
      expect(deadline(c, 'first_reply')).toMatchObject({ state: 'running', dueAt: '2026-02-24T03:30:00.000Z' });
      expect(deadline(c, 'resolution')).toMatchObject({ state: 'running', dueAt: '2026-02-26T09:30:00.000Z' });
      expect(c.timeline.map((e: any) => e.kind)).toEqual(['created', 'customer_notified', 'paused', 'resumed']);
      // the ladder starts again with a new generation, at the new times
      const pending = await db()
        .selectFrom('due_work')
        .select(['dedupe_key', 'due_at'])
        .where('ref_id', 'in', ids)
        .where('state', '=', 'pending')
        .orderBy('due_at')
        .execute();
      expect(pending.map((p) => p.due_at)).toEqual(['2026-02-24T02:30:00.000Z', '2026-02-26T05:30:00.000Z']);
      expect(pending.every((p) => p.dedupe_key.includes(':g2:l1'))).toBe(true);
    });
    it('resolving while waiting meets the paused deadlines on time; cancelling while waiting cancels them', async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      let c = (await open(agent, { customerId: caller.customer.id, title: '等待中解决' })).json().case;
      c = (await agent.post(`/api/v1/cases/${c.id}/pause`, { reason: 'third_party', version: c.version })).json();
      t.clock.set('2026-03-20T02:00:00.000Z'); // long after the paused due times
      c = (
        await agent.post(`/api/v1/cases/${c.id}/actions`, { action: 'resolve', version: c.version, note: '厂家远程解决' })
      ).json();
      expect(c.waitingOn).toBeNull();
      expect(deadline(c, 'first_reply')).toMatchObject({ state: 'met', status: 'met', breachedAt: null });
      expect(deadline(c, 'resolution')).toMatchObject({ state: 'met', status: 'met' });

      let d = (await open(agent, { customerId: caller.customer.id, title: '等待中取消' })).json().case;
      d = (await agent.post(`/api/v1/cases/${d.id}/actions`, { action: 'wait_customer', version: d.version })).json();
      d = (
        await agent.post(`/api/v1/cases/${d.id}/actions`, { action: 'cancel', version: d.version, note: '客户不再需要' })
      ).json();
      expect(d).toMatchObject({ state: 'cancelled', waitingOn: null });
      expect(d.deadlines.map((x: any) => x.state)).toEqual(['cancelled', 'cancelled']);
      expect((await agent.post(`/api/v1/cases/${d.id}/resume`, { version: d.version })).statusCode).toBe(409);
    });
  });

  describe('duplicates, links and merges', () => {
    it('finds open cases of the same customer with similar text as duplicate candidates', async () => {
      t.clock.set('2026-03-02T02:00:00.000Z');
      const other = await makeCaller(t.systemContext());
      const first = (
        await open(agent, { customerId: other.customer.id, title: '空调不制冷，外机不转', description: '三楼会议室' })
      ).json().case;
      await open(agent, { customerId: other.customer.id, title: '门禁读卡器坏了' });
      const stranger = await makeCaller(t.systemContext());
      await open(agent, { customerId: stranger.customer.id, title: '空调不制冷，外机不转' });
      t.clock.set('2026-03-02T03:00:00.000Z');
      const res = (await open(agent2, { customerId: other.customer.id, title: '空调不制冷了，外机好像不转' })).json();
      expect(res.duplicates).toHaveLength(1);
      expect(res.duplicates[0]).toMatchObject({ id: first.id, number: first.number, reasons: ['same_customer', 'similar_text'] });
      expect(res.duplicates[0].similarity).toBeGreaterThanOrEqual(0.3);
      const again = (await agent.get(`/api/v1/cases/${res.case.id}/duplicates`)).json();
      expect(again.items.map((i: any) => i.id)).toEqual([first.id]);
      // outside the 30-day window it is no longer a candidate
      t.clock.set('2026-04-10T03:00:00.000Z');
      expect((await agent.get(`/api/v1/cases/${res.case.id}/duplicates`)).json().items).toEqual([]);
    });

    it('an open case on the same unit is a candidate whatever its text', async () => {
      const unitOwner = await makeCaller(t.systemContext());
      const first = (await open(agent, { unitId: unitOwner.unit.id, title: '开机没反应' })).json().case;
      const second = (await open(agent, { unitId: unitOwner.unit.id, title: '显示屏报错E3' })).json();
      expect(second.duplicates.map((d: any) => [d.id, d.reasons])).toEqual([[first.id, ['same_customer', 'same_unit']]]);
    });

    it('links two cases once; merging keeps both timelines and one owner', async () => {
      const who = await makeCaller(t.systemContext());
      const target = (await open(agent, { customerId: who.customer.id, title: '投影仪不亮' })).json().case;
      const source = (await open(agent2, { customerId: who.customer.id, title: '投影仪开不了机', channel: 'email' })).json().case;
      await agent2.post(`/api/v1/cases/${source.id}/notes`, { note: '客户邮件附照片' });

      const linked = await agent.post(`/api/v1/cases/${target.id}/links`, { otherCaseId: source.id, kind: 'related' });
      expect(linked.statusCode).toBe(200);
      expect(linked.json().links).toMatchObject([{ caseId: source.id, number: source.number, kind: 'related' }]);
      const dup = await agent.post(`/api/v1/cases/${source.id}/links`, { otherCaseId: target.id, kind: 'duplicate' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('already_linked');

      const sourceNow = (await agent.get(`/api/v1/cases/${source.id}`)).json();
      const merged = await agent.post(`/api/v1/cases/${source.id}/merge`, {
        targetId: target.id,
        version: sourceNow.version,
        note: '同一故障',
      });
      expect(merged.statusCode).toBe(200);
      const t2 = merged.json();
      expect(t2.id).toBe(target.id);
      expect(t2.owner.id).toBe(agent.userId);
      expect(t2.mergedFrom).toEqual([{ id: source.id, number: source.number }]);
      const kinds = t2.timeline.map((e: any) => `${e.caseNumber}:${e.kind}`);
      expect(kinds).toEqual(
        expect.arrayContaining([
          `${target.number}:created`,
          `${source.number}:created`,
          `${source.number}:note`,
          `${source.number}:merged`,
          `${target.number}:merged`,
        ]),
      );
      const s2 = (await agent.get(`/api/v1/cases/${source.id}`)).json();
      expect(s2).toMatchObject({
        state: 'merged',
        mergedIntoId: target.id,
        mergedInto: { id: target.id, number: target.number },
        allowedActions: [],
      });
      expect(s2.deadlines.every((d: any) => d.state === 'cancelled')).toBe(true);
      expect(s2.timeline.map((e: any) => e.kind)).toEqual(['created', 'customer_notified', 'note', 'linked', 'merged']);
      const paged = (await agent.get(`/api/v1/cases/${target.id}/timeline?limit=3`)).json();
      expect(paged.items).toHaveLength(3);
      expect(paged.nextCursor).not.toBeNull();
      const rest = (await agent.get(`/api/v1/cases/${target.id}/timeline?limit=100&cursor=${paged.nextCursor}`)).json();
      expect(paged.items.length + rest.items.length).toBe(t2.timeline.length);

      const again = await agent.post(`/api/v1/cases/${source.id}/merge`, { targetId: target.id, version: s2.version });
      expect(again.statusCode).toBe(422);
      const action = await agent.post(`/api/v1/cases/${source.id}/actions`, { action: 'start', version: s2.version });
      expect(action.statusCode).toBe(409);
      expect(action.json().error.details.allowedActions).toEqual([]);
    });
  });

  describe('access and queues', () => {
    it('a technician reads only the cases he owns (403 for others) and lists only those', async () => {
      const tech = await t.userWith(['technician']);
      const others = (await open(agent, { customerId: caller.customer.id, title: '别人的工单' })).json().case;
      const res = await tech.get(`/api/v1/cases/${others.id}`);
      expect(res.statusCode).toBe(403);
      expect((await tech.post(`/api/v1/cases/${others.id}/notes`, { note: '偷看' })).statusCode).toBe(403);
      expect((await tech.post('/api/v1/cases', caseInput({ type: TEST_TYPE, customerId: caller.customer.id }))).statusCode).toBe(
        403,
      );
      const mine = (await open(agent, { customerId: caller.customer.id, title: '交给技术员' })).json().case;
      const handed = (await agent.post(`/api/v1/cases/${mine.id}/owner`, { ownerId: tech.userId, version: mine.version })).json();
      const read = await tech.get(`/api/v1/cases/${mine.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.json().allowedActions).toContain('start');
      const list = (await tech.get('/api/v1/cases?limit=500')).json();
      expect(list.items.map((i: any) => i.id)).toEqual([handed.id]);
      expect((await tech.post(`/api/v1/cases/${mine.id}/notes`, { note: '已到现场' })).statusCode).toBe(201);
    });

    it('queues: mine, overdue, due soon, waiting; filters and cursor pages', async () => {
      const worker = await t.userWith(['agent']);
      t.clock.set('2026-03-02T02:00:00.000Z'); // Mon 10:00
      const a = (await open(worker, { customerId: caller.customer.id, title: '队列A' })).json().case; // first reply due 14:30
      const b = (await open(worker, { customerId: caller.customer.id, title: '队列B', urgency: 'high' })).json().case; // contact due 10:30
      const c = (await open(worker, { customerId: caller.customer.id, title: '队列C' })).json().case;
      await worker.post(`/api/v1/cases/${c.id}/pause`, { reason: 'parts', version: c.version });

      const mine = (await worker.get('/api/v1/cases?queue=mine')).json();
      expect(mine.items.map((i: any) => i.number)).toEqual([c.number, b.number, a.number]);
      const page1 = (await worker.get('/api/v1/cases?queue=mine&limit=2')).json();
      const page2 = (await worker.get(`/api/v1/cases?queue=mine&limit=2&cursor=${page1.nextCursor}`)).json();
      expect([...page1.items, ...page2.items].map((i: any) => i.id)).toEqual(mine.items.map((i: any) => i.id));
      expect(page2.nextCursor).toBeNull();

      t.clock.set('2026-03-02T02:25:00.000Z'); // 10:25: B's 30 minutes are nearly up
      const soon = (await worker.get(`/api/v1/cases?queue=due_soon&ownerId=${worker.userId}`)).json();
      expect(soon.items.map((i: any) => i.id)).toEqual([b.id]);
      t.clock.set('2026-03-02T02:31:00.000Z');
      const overdue = (await worker.get(`/api/v1/cases?queue=overdue&ownerId=${worker.userId}`)).json();
      expect(overdue.items.map((i: any) => i.id)).toContain(b.id);
      expect(overdue.items.map((i: any) => i.id)).not.toContain(a.id);
      expect(overdue.items.find((i: any) => i.id === b.id)).toMatchObject({ overdue: true, owner: { id: worker.userId } });
      const waiting = (await worker.get(`/api/v1/cases?queue=waiting&ownerId=${worker.userId}`)).json();
      expect(waiting.items.map((i: any) => [i.id, i.waitingOn])).toEqual([[c.id, 'parts']]);
      const byNumber = (await worker.get(`/api/v1/cases?q=${encodeURIComponent(b.number.toLowerCase())}`)).json();
      expect(byNumber.items.map((i: any) => i.id)).toEqual([b.id]);
      const byTitle = (await worker.get(`/api/v1/cases?q=${encodeURIComponent('队列')}&urgency=high`)).json();
      expect(byTitle.items.map((i: any) => i.id)).toEqual([b.id]);
      const byState = (
        await worker.get(
          `/api/v1/cases?type=${TEST_TYPE}&state=new,in_progress&customerId=${caller.customer.id}&ownerId=${worker.userId}`,
        )
      ).json();
      expect(byState.items).toHaveLength(3);
      // a case closed after its deadline was breached leaves 超期 (the queue is work still to do)
      await db()
        .updateTable('case_deadlines')
        .set({ state: 'breached', breached_at: '2026-03-02T02:30:00.000Z' })
        .where('case_id', '=', b.id)
        .where('state', '=', 'running')
        .where('due_at', '<', '2026-03-02T02:31:00.000Z')
        .execute();
      const overdueNow = async () => (await worker.get(`/api/v1/cases?queue=overdue&ownerId=${worker.userId}`)).json().items.map((i: any) => i.id);
      expect(await overdueNow()).toContain(b.id);
      for (const action of ['start', 'resolve', 'close']) {
        const version = (await worker.get(`/api/v1/cases/${b.id}`)).json().version;
        const res = await worker.post(`/api/v1/cases/${b.id}/actions`, { action, version, note: '已处理' });
        expect(res.statusCode, res.body).toBe(200);
      }
      expect(await overdueNow()).not.toContain(b.id);
      expect((await worker.get('/api/v1/cases?queue=everything')).statusCode).toBe(400);
      expect((await worker.get('/api/v1/cases?sort=title')).statusCode).toBe(400);
    });

    it('the unit page gets the unit failure history from the cases', async () => {
      const history = await failureHistoryOfUnit(db(), caller.unit.id);
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history[0]).toMatchObject({ type: TEST_TYPE });
    });
  });

  describe('configuration', () => {
    it('admin adds a case type with the simple workflow and its own prefix; agents cannot', async () => {
      const body = { nameZh: '安装预约', nameEn: 'Installation booking', numberPrefix: 'AZ' };
      expect((await agent.put('/api/v1/case-types/installation', body)).statusCode).toBe(403);
      const created = await admin.put('/api/v1/case-types/installation', body);
      expect(created.statusCode).toBe(200);
      expect(created.json()).toMatchObject({
        code: 'installation',
        workflow: 'simple',
        builtin: false,
        enabled: true,
        version: 1,
      });
      const dupPrefix = await admin.put('/api/v1/case-types/other_thing', { ...body, numberPrefix: 'BX' });
      expect(dupPrefix.statusCode).toBe(409);
      // KH numbers customers: a case type may not count on the same counter
      expect((await admin.put('/api/v1/case-types/other_thing', { ...body, numberPrefix: 'KH' })).statusCode).toBe(409);
      const c = (await open(agent, { type: 'installation', customerId: caller.customer.id, title: '预约安装' })).json().case;
      expect(c.number).toBe('AZ-2026-000001');
      expect(c.deadlines).toEqual([]); // no policy yet
      const renamed = await admin.put('/api/v1/case-types/installation', { ...body, nameZh: '安装', version: 1 });
      expect(renamed.json()).toMatchObject({ nameZh: '安装', version: 2 });
      expect((await admin.put('/api/v1/case-types/installation', { ...body, version: 1 })).statusCode).toBe(409);
      expect(
        (
          await admin.put('/api/v1/case-types/repair', {
            nameZh: '报修',
            nameEn: 'Repair',
            numberPrefix: 'BX',
            workflow: 'simple',
            version: 1,
          })
        ).statusCode,
      ).toBe(422);
      const types = (await agent.get('/api/v1/case-types')).json().items.map((x: any) => x.code);
      expect(types.slice(0, 7)).toEqual([
        'repair',
        'warranty_claim',
        'complaint',
        'consultation',
        'return',
        'rescue',
        'temporary_demand',
      ]);
    });

    it('SLA policies: the SPEC defaults are seeded; admin adds one, a twin is refused, new cases use it', async () => {
      const list = (await agent.get('/api/v1/sla-policies?caseType=repair')).json().items;
      expect(list.map((p: any) => [p.metric, p.urgency, p.amount, p.unit])).toEqual(
        expect.arrayContaining([
          ['first_reply', null, 4, 'business_hours'],
          ['customer_contact', 'high', 0.5, 'clock_hours'],
          ['resolution', null, 3, 'working_days'],
          ['resolution', 'high', 24, 'clock_hours'],
        ]),
      );
      const body = { caseType: 'installation', metric: 'first_reply', amount: 2, unit: 'business_hours', warnBeforeMinutes: 30 };
      expect((await agent.post('/api/v1/sla-policies', body)).statusCode).toBe(403);
      expect((await admin.post('/api/v1/sla-policies', { ...body, unit: 'working_days', amount: 1.5 })).statusCode).toBe(400);
      expect((await admin.post('/api/v1/sla-policies', { ...body, caseType: 'nope' })).statusCode).toBe(400);
      const created = await admin.post('/api/v1/sla-policies', body);
      expect(created.statusCode).toBe(201);
      const twin = await admin.post('/api/v1/sla-policies', body);
      expect(twin.statusCode).toBe(422);
      expect(twin.json().error.code).toBe('duplicate_policy');
      t.clock.set('2026-03-02T02:00:00.000Z'); // Mon 10:00 → 12:00
      const c = (await open(agent, { type: 'installation', customerId: caller.customer.id, title: '预约安装2' })).json().case;
      expect(c.deadlines.map((d: any) => [d.metric, d.dueAt])).toEqual([['first_reply', '2026-03-02T04:00:00.000Z']]);
      const changed = await admin.patch(`/api/v1/sla-policies/${created.json().id}`, { version: 1, amount: 8 });
      expect(changed.json()).toMatchObject({ amount: 8, version: 2 });
      // a running deadline keeps the terms it started with
      expect(deadline((await agent.get(`/api/v1/cases/${c.id}`)).json(), 'first_reply').dueAt).toBe('2026-03-02T04:00:00.000Z');
      expect((await admin.patch(`/api/v1/sla-policies/${created.json().id}`, { version: 1, amount: 9 })).statusCode).toBe(409);
    });
  });

  it('the reference data is made once: a second start adds nothing and keeps what the admin changed', async () => {
    const policy = (await admin.get('/api/v1/sla-policies?caseType=consultation')).json().items[0];
    await admin.patch(`/api/v1/sla-policies/${policy.id}`, { version: policy.version, enabled: false });
    const before = await counts();
    expect(await ensureCaseReferenceData(t.systemContext())).toEqual({ typesInserted: [], policiesInserted: 0 });
    expect(await counts()).toEqual(before);
    expect((await admin.get('/api/v1/sla-policies?caseType=consultation')).json().items[0].enabled).toBe(false);
  });

  describe('the answer of POST /cases is the case as GET /cases/:id shows it (built from the rows written)', () => {
    const ways: [string, () => Record<string, unknown>][] = [
      ['by ids', () => ({ customerId: caller.customer.id, contactId: caller.customer.contacts[0].id, unitId: caller.unit.id })],
      ['by serial number + phone', () => ({ serialNumber: 'SN-A-0001', contactPhone: '13800138000' })],
      ['by phone only', () => ({ contactPhone: '138 0013 8000' })],
      ['urgent, by ids', () => ({ customerId: caller.customer.id, unitId: caller.unit.id, urgency: 'high', severity: 'major' })],
    ];
    for (const type of [TEST_TYPE, 'repair']) {
      for (const [way, body] of ways) {
        it(`${type}, ${way}`, async () => {
          t.clock.set('2026-03-04T02:30:00.000Z');
          const res = await open(agent, { type, title: `对比 ${way}`, description: '出水不热', ...body() });
          expect(res.statusCode).toBe(201);
          const opened = res.json().case;
          expect(opened.deadlines.length).toBeGreaterThan(0);
          expect(opened.timeline.length).toBeGreaterThan(0);
          expect((await agent.get(`/api/v1/cases/${opened.id}`)).json()).toEqual(opened);
        });
      }
    }
  });

  it('every case route is in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/cases',
      '/api/v1/cases/{id}/actions',
      '/api/v1/cases/{id}/merge',
      '/api/v1/sla-policies',
      '/api/v1/case-types/{code}',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
