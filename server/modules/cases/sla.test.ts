import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWorkHandlers } from '../../jobs.js';
import { runDueWork, scheduleDueWork } from '../../platform/due-work.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { actingAs, makeCaller, makeCase, prepareCaseCore } from '../../testing/factories/cases.js';
import { makeDepartment, makeUser } from '../../testing/factories/staff.js';
import { applyCaseAction, getCase, listCases, pauseCase, resumeCase } from './cases.service.js';
import { ESCALATION_KIND } from './sla.service.js';

/**
 * The escalation ladder through the sweeper (runDueWork with the real handlers of server/jobs.ts)
 * on a movable clock: owner → supervisor → department head, each level exactly once, also with
 * two sweepers at once and after a restart, never for a met deadline, re-scheduled after a pause.
 * Monday 2 March 2026 10:00 Shanghai = 02:00 UTC.
 */
describe('deadline escalation', () => {
  let t: TestApp;
  let ownerCtx: ReturnType<typeof actingAs>;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let supervisor: Awaited<ReturnType<typeof makeUser>>;
  let head: Awaited<ReturnType<typeof makeUser>>;
  let elsewhereSupervisor: Awaited<ReturnType<typeof makeUser>>;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', config: { sessionTtlHours: 24 * 365 } });
    const sys = t.systemContext();
    await prepareCaseCore(sys);
    head = await makeUser(sys, { roles: ['department_head'], displayName: '王部长', email: 'head@example.com' });
    const service = await makeDepartment(sys, { name: '客服部', headUserId: head.id });
    const other = await makeDepartment(sys, { name: '销售部' });
    supervisor = await makeUser(sys, {
      roles: ['supervisor'],
      departmentId: service.id,
      displayName: '李主管',
      email: 'lead@example.com',
    });
    elsewhereSupervisor = await makeUser(sys, { roles: ['supervisor'], departmentId: other.id, displayName: '别部门主管' });
    owner = await makeUser(sys, {
      roles: ['agent'],
      departmentId: service.id,
      displayName: '张客服',
      email: 'agent@example.com',
    });
    ownerCtx = actingAs(sys, { id: owner.id, roles: ['agent'], displayName: '张客服', departmentId: service.id });
    customerId = (await makeCaller(sys)).customer.id;
  });
  afterAll(async () => t.close());

  const deps = () => ({ db: t.database.db, clock: t.clock, config: t.config });
  const sweep = (handlers = dueWorkHandlers()) => runDueWork(deps(), handlers);
  const eventsOf = (caseId: string) =>
    t.database.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  const messagesTo = (recipient: string) =>
    t.database.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', recipient).execute();
  const deadlineRow = (caseId: string, metric: string) =>
    t.database.db
      .selectFrom('case_deadlines')
      .selectAll()
      .where('case_id', '=', caseId)
      .where('metric', '=', metric)
      .executeTakeFirstOrThrow();
  const ladderEvents = async (caseId: string, metric: string) =>
    (await eventsOf(caseId))
      .filter(
        (e) =>
          ['deadline_warning', 'deadline_breached', 'escalated'].includes(e.kind) && JSON.parse(e.data ?? '{}').metric === metric,
      )
      .map((e) => e.kind);

  it('alerts the owner, then the supervisor, then the department head — each level once', async () => {
    t.clock.set('2026-03-02T02:00:00.000Z');
    const opened = await makeCase(ownerCtx, { customerId, urgency: 'high', title: '生产线空调停机，急修' });
    const caseId = opened.case.id;
    const contact = opened.case.deadlines.find((d) => d.metric === 'customer_contact')!;
    expect(contact.dueAt).toBe('2026-03-02T02:30:00.000Z'); // 30 minutes

    t.clock.set('2026-03-02T02:19:59.000Z');
    expect((await sweep()).done).toBe(0);

    // level 1 at due − 10 min: the owner, in the app and by e-mail (即将超时)
    t.clock.set('2026-03-02T02:20:00.000Z');
    expect((await sweep()).done).toBe(1);
    expect((await sweep()).done).toBe(0);
    expect(await ladderEvents(caseId, 'customer_contact')).toEqual(['deadline_warning']);
    const toOwner = await messagesTo(owner.id);
    expect(toOwner).toHaveLength(1);
    // the texts come from the editable notification templates
    expect(toOwner[0]).toMatchObject({
      channel: 'in_app',
      related_entity: 'case',
      related_id: caseId,
      template_key: 'case.escalation.due_soon',
    });
    expect(toOwner[0].subject).toContain('即将超时');
    expect(toOwner[0].body).toContain('2026-03-02 10:30');
    expect(await messagesTo('agent@example.com')).toHaveLength(1);
    expect((await deadlineRow(caseId, 'customer_contact')).escalation_level).toBe(1);

    // level 2 at due, with two sweepers racing: breached once, the owner's supervisor alerted once
    t.clock.set('2026-03-02T02:30:00.000Z');
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.done + b.done).toBe(1);
    const breached = await deadlineRow(caseId, 'customer_contact');
    expect(breached).toMatchObject({ state: 'breached', breached_at: '2026-03-02T02:30:00.000Z', escalation_level: 2 });
    expect(await messagesTo(supervisor.id)).toMatchObject([{ template_key: 'case.escalation.overdue' }]);
    expect(await messagesTo('lead@example.com')).toHaveLength(1);
    expect(await messagesTo(elsewhereSupervisor.id)).toHaveLength(0);
    expect(await ladderEvents(caseId, 'customer_contact')).toEqual(['deadline_warning', 'deadline_breached']);
    // the overdue queue finds it by the breached deadline (due exactly now: not "running past due")
    expect((await listCases(ownerCtx, { queue: 'overdue' })).items.map((i) => i.id)).toContain(caseId);

    // "restart": a fresh handlers object, the same database — level 3 at due + 30 min, once
    t.clock.set('2026-03-02T03:00:00.000Z');
    expect((await sweep(dueWorkHandlers())).done).toBe(1);
    expect((await sweep(dueWorkHandlers())).done).toBe(0);
    t.clock.set('2026-03-02T05:00:00.000Z');
    expect((await sweep(dueWorkHandlers())).done).toBe(0);
    expect(await ladderEvents(caseId, 'customer_contact')).toEqual(['deadline_warning', 'deadline_breached', 'escalated']);
    expect(await messagesTo(head.id)).toHaveLength(1);
    expect((await messagesTo(head.id))[0]).toMatchObject({ template_key: 'case.escalation.escalated' });
    expect((await messagesTo(head.id))[0].subject).toContain('升级');
    const shown = await getCase(ownerCtx, caseId);
    expect(shown).toMatchObject({ escalated: true, escalationLevel: 3, overdue: true });
    expect(shown.deadlines.find((d) => d.metric === 'customer_contact')).toMatchObject({
      status: 'breached',
      escalationLevel: 3,
      overdueByMs: 2.5 * 3_600_000,
    });
    const escalatedEvent = (await eventsOf(caseId)).find((e) => e.kind === 'escalated')!;
    expect(JSON.parse(escalatedEvent.data!).notified).toEqual([{ id: head.id, name: '王部长' }]);
    expect(escalatedEvent.actor_label).toBe('系统');

    // met late now: the breach stays on record
    const replied = await applyCaseAction(ownerCtx, caseId, { action: 'reply', version: shown.version, note: '已联系客户' });
    expect(replied.deadlines.find((d) => d.metric === 'customer_contact')).toMatchObject({
      state: 'met',
      status: 'met_late',
      breachedAt: '2026-03-02T02:30:00.000Z',
    });
  });

  it('a deadline met in time never escalates; a stale ladder row finds nothing to do', async () => {
    t.clock.set('2026-03-02T02:00:00.000Z');
    const opened = await makeCase(ownerCtx, { customerId, title: '打印机卡纸' }); // first reply due 15:30 (07:30Z)
    const caseId = opened.case.id;
    const firstReply = opened.case.deadlines.find((d) => d.metric === 'first_reply')!;
    expect(firstReply.dueAt).toBe('2026-03-02T07:30:00.000Z');
    t.clock.set('2026-03-02T03:00:00.000Z');
    await applyCaseAction(ownerCtx, caseId, { action: 'reply', version: opened.case.version, note: '已答复处理流程和预计时间' });
    const pending = await t.database.db.selectFrom('due_work').select('state').where('ref_id', '=', firstReply.id).execute();
    expect(pending.map((p) => p.state)).toEqual(['cancelled']);
    // even a ladder row that somehow survived (e.g. scheduled by an old version) does nothing
    await scheduleDueWork(t.systemContext(), {
      kind: ESCALATION_KIND,
      refId: firstReply.id,
      dueAt: '2026-03-02T03:00:00.000Z',
      dedupeKey: `stale:${firstReply.id}`,
      payload: { deadlineId: firstReply.id, caseId, level: 1, generation: 1 },
    });
    t.clock.set('2026-03-02T09:00:00.000Z'); // well past its due time
    await sweep();
    expect(await ladderEvents(caseId, 'first_reply')).toEqual([]);
    expect(await deadlineRow(caseId, 'first_reply')).toMatchObject({ state: 'met', escalation_level: 0, breached_at: null });
  });

  it('a paused deadline does not escalate; after resume the ladder fires at the new times, once', async () => {
    t.clock.set('2026-03-03T02:00:00.000Z'); // Tue 10:00
    const opened = await makeCase(ownerCtx, { customerId, title: '净水器漏水' }); // first reply due 15:30, warn 14:30 (06:30Z)
    const caseId = opened.case.id;
    t.clock.set('2026-03-03T03:00:00.000Z'); // 11:00: 3 business hours left
    const paused = await pauseCase(ownerCtx, caseId, { reason: 'customer', version: opened.case.version });
    expect(paused.deadlines.find((d) => d.metric === 'first_reply')?.unitTimeLeftMs).toBe(3 * 3_600_000);
    t.clock.set('2026-03-03T08:00:00.000Z'); // past the old warn and due times
    await sweep();
    expect(await ladderEvents(caseId, 'first_reply')).toEqual([]);

    t.clock.set('2026-03-04T01:00:00.000Z'); // Wed 09:00 → due 12:00, warn 11:00
    const resumed = await resumeCase(ownerCtx, caseId, { version: paused.version });
    expect(resumed.deadlines.find((d) => d.metric === 'first_reply')?.dueAt).toBe('2026-03-04T04:00:00.000Z');
    t.clock.set('2026-03-04T02:59:00.000Z');
    await sweep();
    expect(await ladderEvents(caseId, 'first_reply')).toEqual([]);
    t.clock.set('2026-03-04T03:00:00.000Z');
    await sweep();
    await sweep();
    expect(await ladderEvents(caseId, 'first_reply')).toEqual(['deadline_warning']);
    const rows = await t.database.db
      .selectFrom('due_work')
      .select(['dedupe_key', 'state'])
      .where('ref_id', '=', resumed.deadlines.find((d) => d.metric === 'first_reply')!.id)
      .orderBy('created_at')
      .execute();
    expect(rows.map((r) => `${r.dedupe_key.split(':').slice(2).join(':')} ${r.state}`)).toEqual([
      'g1:l1 cancelled',
      'g2:l1 done',
      'g2:l2 pending',
    ]);
  });
});
