import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWorkHandlers } from '../../jobs.js';
import { runDueWork, scheduleDueWork } from '../../platform/due-work.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { actingAs, makeCase, prepareCaseCore } from '../../testing/factories/cases.js';
import { customerInput, makeProduct, orderInput, unitInput } from '../../testing/factories/customers.js';
import { createCustomer } from '../customers/customers.service.js';
import { createOrder } from '../customers/orders.service.js';
import { createUnit } from '../customers/units.service.js';
import { AFTER_COMPLAINT_KIND, GENERATE_KIND } from './followups.generate.js';

/**
 * Follow-ups and surveys through HTTP on a real database (R-FUP-1..9, R-SAT-1..3): default rules,
 * idempotent generation into call windows on the 2026 calendar (春节 and its make-up Saturday),
 * merging and respect, the complaint contract (`followup.after_complaint`), the call queue and the
 * record, problems → cases, restricted records, survey links, the annual campaign, rates and report.
 *
 * The clock starts on Saturday 14 Feb 2026 17:10 Shanghai — a make-up working day (调休) right
 * before the Spring Festival holiday (15–23 Feb): the next call slot is Tuesday 24 Feb 10:00.
 */
describe('follow-ups', () => {
  let t: TestApp;
  let agent: TestClient;
  let supervisor: TestClient;
  let admin: TestClient;
  let technician: TestClient;
  let product: Awaited<ReturnType<typeof makeProduct>>;

  const SAT_1710 = '2026-02-14T09:10:00.000Z';
  const TUE_1000 = '2026-02-24T02:00:00.000Z';
  const db = () => t.database.db;
  const sys = () => t.systemContext();
  /** cases are opened by the agent (a system-opened case needs a default intake owner) */
  const asAgent = () => actingAs(sys(), { id: agent.userId, roles: ['agent'] });
  const sweep = () => runDueWork({ db: db(), clock: t.clock, config: t.config }, dueWorkHandlers());

  beforeAll(async () => {
    t = await createTestApp({ now: SAT_1710, config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(sys());
    agent = await t.userWith(['agent']);
    supervisor = await t.userWith(['supervisor']);
    admin = await t.userWith(['admin']);
    technician = await t.userWith(['technician']);
    product = await makeProduct(db(), { model: 'FU-1', name: '回访测试设备' });
  });
  afterAll(async () => t.close());

  let phone = 0;
  async function makeCustomer(fields: Partial<Parameters<typeof customerInput>[0]> = {}) {
    phone += 1;
    return createCustomer(
      sys(),
      customerInput({ contacts: [{ name: `刘女士${phone}`, role: 'main_user', phone: `1380013${String(phone).padStart(4, '0')}`, email: `liu${phone}@example.com`, isPrimary: true }], ...fields }),
    );
  }
  const tasksOf = (filter: { caseId?: string; customerId?: string }) => {
    let q = db().selectFrom('followup_tasks').selectAll();
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    if (filter.customerId) q = q.where('customer_id', '=', filter.customerId);
    return q.orderBy('created_at').orderBy('id').execute();
  };
  const ruleId = async (code: string) => (await db().selectFrom('followup_rules').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

  /** A consultation case opened and closed through the API (the simple workflow). */
  async function closedConsultation(customerId: string) {
    const opened = await agent.post('/api/v1/cases', { type: 'consultation', channel: 'phone', customerId, title: '咨询保养周期' });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().case.id;
    const resolved = await agent.post(`/api/v1/cases/${id}/actions`, { action: 'resolve', version: opened.json().case.version, note: '已答复' });
    expect(resolved.statusCode).toBe(200);
    const closed = await agent.post(`/api/v1/cases/${id}/actions`, { action: 'close', version: resolved.json().version });
    expect(closed.statusCode).toBe(200);
    return id as string;
  }

  describe('rules (R-FUP-1, R-FUP-2)', () => {
    it('ships the default rules and settings', async () => {
      const rules = await agent.get('/api/v1/followups/rules');
      expect(rules.statusCode).toBe(200);
      const codes = rules.json().items.map((r: any) => r.code);
      expect(codes).toEqual(
        expect.arrayContaining(['case_closed_72h', 'repair_10d', 'complaint_3d', 'complaint_3m_survey', 'new_customer_1m', 'maintenance_1m', 'unit_warranty_cadence', 'key_account_onsite', 'very_large_account_quarterly']),
      );
      const maintenance = rules.json().items.find((r: any) => r.code === 'maintenance_1m');
      expect(maintenance).toMatchObject({ samplingPercent: 30, targetPercent: 30, delayUnit: 'days', windowUnit: 'months' });
      const settings = await agent.get('/api/v1/followups/settings');
      expect(settings.json()).toMatchObject({ callWindows: [{ start: '10:00', end: '11:30' }, { start: '15:30', end: '17:00' }], minContactGapDays: 7 });
    });

    it('lets only managers edit rules; bad input 400, stale version 409, audited', async () => {
      const body = {
        code: 'consultation_closed',
        name: '咨询结束后回访',
        trigger: 'case_closed',
        conditions: { caseTypes: ['consultation'] },
        delayAmount: 0,
        delayUnit: 'hours',
        windowAmount: 72,
        windowUnit: 'hours',
        channel: 'phone',
        assignee: 'agent',
        caseDemanded: true,
      };
      expect((await agent.post('/api/v1/followups/rules', body)).statusCode).toBe(403);
      const bad = await supervisor.post('/api/v1/followups/rules', { ...body, conditions: {} });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].path).toEqual(['body', 'conditions', 'caseTypes']);
      expect((await supervisor.post('/api/v1/followups/rules', { ...body, samplingPercent: 120 })).statusCode).toBe(400);
      const created = await supervisor.post('/api/v1/followups/rules', body);
      expect(created.statusCode).toBe(201);
      expect((await supervisor.post('/api/v1/followups/rules', body)).statusCode).toBe(409);
      const rule = created.json();
      const updated = await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: rule.version, priority: 4 });
      expect(updated.statusCode).toBe(200);
      expect(updated.json().priority).toBe(4);
      expect((await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: rule.version, priority: 5 })).statusCode).toBe(409);
      const audit = await db().selectFrom('audit_log').select('action').where('entity', '=', 'followup_rule').where('entity_id', '=', rule.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    });

    it('validates settings (call windows) and keeps versions', async () => {
      const current = (await supervisor.get('/api/v1/followups/settings')).json();
      const bad = await supervisor.put('/api/v1/followups/settings', { version: current.version, callWindows: [{ start: '11:00', end: '10:00' }] });
      expect(bad.statusCode).toBe(400);
      expect((await agent.put('/api/v1/followups/settings', { version: current.version, minContactGapDays: 3 })).statusCode).toBe(403);
      const ok = await supervisor.put('/api/v1/followups/settings', { version: current.version, retryAfterHours: 2 });
      expect(ok.statusCode).toBe(200);
      expect((await supervisor.put('/api/v1/followups/settings', { version: current.version, retryAfterHours: 3 })).statusCode).toBe(409);
    });
  });

  describe('generation (R-FUP-2, R-FUP-4)', () => {
    it('plans a closed case in the next call window after the Spring Festival, once', async () => {
      t.clock.set(SAT_1710);
      const customer = await makeCustomer();
      const caseId = await closedConsultation(customer.id);
      const first = await supervisor.post('/api/v1/followups/generate', {});
      expect(first.statusCode).toBe(200);
      expect(first.json().created).toBeGreaterThanOrEqual(1);
      const tasks = await tasksOf({ caseId });
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ state: 'pending', planned_at: TUE_1000, due_at: TUE_1000, channel: 'phone', assignee_role: 'agent' });
      // due within 72 hours of closing (the holiday makes the first slot late: it is planned anyway)
      expect(tasks[0].due_by).toBe(TUE_1000);
      const again = await supervisor.post('/api/v1/followups/generate', {});
      expect(again.statusCode).toBe(200);
      expect(await tasksOf({ caseId })).toHaveLength(1);
      expect((await agent.post('/api/v1/followups/generate', {})).statusCode).toBe(403);
    });

    it('rule edits never duplicate or lose generated tasks', async () => {
      const customer = await makeCustomer();
      const caseId = await closedConsultation(customer.id);
      await supervisor.post('/api/v1/followups/generate', {});
      const rule = (await supervisor.get('/api/v1/followups/rules')).json().items.find((r: any) => r.code === 'consultation_closed');
      const edited = await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: rule.version, windowAmount: 96, channel: 'sms' });
      expect(edited.statusCode).toBe(200);
      await supervisor.post('/api/v1/followups/generate', {});
      const tasks = await tasksOf({ caseId });
      expect(tasks).toHaveLength(1);
      expect(tasks[0].channel).toBe('phone');
      await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: edited.json().version, windowAmount: 72, channel: 'phone' });
    });

    it('merges the 72-hour and the 10-day follow-up of a closed repair into one call', async () => {
      const customer = await makeCustomer();
      const opened = await makeCase(asAgent(), { customerId: customer.id, title: '灯具不亮' });
      // the repair workflow itself is tested in the repairs module: here only its end matters
      await db().updateTable('cases').set({ state: 'closed', closed_at: t.clock.now().toISOString() }).where('id', '=', opened.case.id).execute();
      await supervisor.post('/api/v1/followups/generate', {});
      const tasks = await tasksOf({ caseId: opened.case.id });
      expect(tasks).toHaveLength(2);
      const primary = tasks.find((x) => x.rule_id === null || x.merged_into_id === null);
      const merged = tasks.find((x) => x.merged_into_id !== null);
      expect(primary?.rule_id).toBe(await ruleId('case_closed_72h'));
      expect(primary?.planned_at).toBe(TUE_1000);
      expect(merged).toMatchObject({ state: 'merged', merged_into_id: primary?.id, rule_id: await ruleId('repair_10d') });
    });

    it('skips do-not-disturb customers for cadence calls and keeps the contact gap', async () => {
      t.clock.set('2026-03-10T02:00:00.000Z'); // Tuesday 10 March 10:00
      const quiet = await makeCustomer({ doNotDisturb: true });
      const normal = await makeCustomer();
      // bought 3 months ago today: the first quarterly warranty call is due
      const u1 = await createUnit(sys(), unitInput(product.id, quiet.id, { purchaseDate: '2025-12-10' }));
      const u2 = await createUnit(sys(), unitInput(product.id, normal.id, { purchaseDate: '2025-12-10' }));
      const result = await supervisor.post('/api/v1/followups/generate', {});
      expect(result.statusCode).toBe(200);
      const [quietTask] = (await tasksOf({ customerId: quiet.id })).filter((x) => x.unit_id === u1.id);
      const [normalTask] = (await tasksOf({ customerId: normal.id })).filter((x) => x.unit_id === u2.id);
      expect(quietTask).toMatchObject({ state: 'skipped', state_reason: 'do_not_disturb' });
      expect(normalTask).toMatchObject({ state: 'pending', planned_at: '2026-03-10T02:00:00.000Z' });
      expect(normalTask.source_key).toContain(':3');
    });

    it('runs from the sweeper as a chain of due work', async () => {
      t.clock.set('2026-03-10T02:00:00.000Z');
      await scheduleDueWork(sys(), { kind: GENERATE_KIND, dueAt: t.clock.now().toISOString(), dedupeKey: `${GENERATE_KIND}:test` });
      const result = await sweep();
      expect(result.failed).toBe(0);
      const next = await db().selectFrom('due_work').selectAll().where('kind', '=', GENERATE_KIND).where('state', '=', 'pending').execute();
      expect(next).toHaveLength(1);
      expect(next[0].due_at).toBe('2026-03-10T03:00:00.000Z');
    });
  });

  describe('the complaint contract: followup.after_complaint', () => {
    it('creates the +3 days follow-up for the right level, once, and the +3 months survey with its link', async () => {
      t.clock.set('2026-03-10T02:00:00.000Z');
      const customer = await makeCustomer();
      const complaint = await makeCase(asAgent(), { type: 'complaint', customerId: customer.id, title: '服务态度差', severity: 'important' });
      const caseId = complaint.case.id;
      for (const key of ['a', 'b']) {
        await scheduleDueWork(sys(), { kind: AFTER_COMPLAINT_KIND, dueAt: t.clock.now().toISOString(), dedupeKey: `test:${caseId}:follow_up:${key}`, payload: { caseId, purpose: 'follow_up' } });
      }
      await scheduleDueWork(sys(), { kind: AFTER_COMPLAINT_KIND, dueAt: t.clock.now().toISOString(), dedupeKey: `test:${caseId}:survey`, payload: { caseId, purpose: 'survey' } });
      const result = await sweep();
      expect(result.failed).toBe(0);
      const tasks = await tasksOf({ caseId });
      expect(tasks).toHaveLength(2);
      const followUp = tasks.find((x) => x.purpose === 'follow_up');
      expect(followUp).toMatchObject({ rule_id: await ruleId('complaint_3d'), assignee_role: 'supervisor' });
      const survey = tasks.find((x) => x.purpose === 'survey');
      expect(survey).toMatchObject({ channel: 'sms', rule_id: await ruleId('complaint_3m_survey') });
      const invitation = await db().selectFrom('survey_invitations').selectAll().where('task_id', '=', survey?.id as string).executeTakeFirstOrThrow();
      const message = await db().selectFrom('outbox_messages').selectAll().where('related_id', '=', invitation.id).executeTakeFirstOrThrow();
      expect(message).toMatchObject({ channel: 'sms', recipient: customer.contacts[0].phone });
      expect(message.body).toMatch(/\/survey\/[0-9a-f-]{36}\./);
    });

    it('reminds an unanswered survey once after 5 days and ends the task as not reached when the link expires', async () => {
      // only the survey's own rows run here (the generator chain is stopped)
      await db().updateTable('due_work').set({ state: 'cancelled' }).where('kind', '=', GENERATE_KIND).where('state', '=', 'pending').execute();
      const survey = await db().selectFrom('followup_tasks').selectAll().where('purpose', '=', 'survey').executeTakeFirstOrThrow();
      const invitation = await db().selectFrom('survey_invitations').selectAll().where('task_id', '=', survey.id).executeTakeFirstOrThrow();
      t.clock.set('2026-03-15T02:00:00.000Z');
      expect((await sweep()).failed).toBe(0);
      const reminders = await db().selectFrom('outbox_messages').selectAll().where('related_id', '=', invitation.id).where('template_key', '=', 'survey.reminder').execute();
      expect(reminders).toHaveLength(1);
      t.clock.set('2026-03-24T02:01:00.000Z');
      expect((await sweep()).failed).toBe(0);
      const ended = await db().selectFrom('followup_tasks').selectAll().where('id', '=', survey.id).executeTakeFirstOrThrow();
      expect(ended).toMatchObject({ state: 'unreached', state_reason: 'survey_expired' });
      t.clock.set('2026-03-10T02:00:00.000Z');
    });

    it('does nothing for anonymous complaints', async () => {
      const anonymous = await makeCase(asAgent(), { type: 'complaint', title: '匿名投诉', contactName: '匿名' });
      await scheduleDueWork(sys(), { kind: AFTER_COMPLAINT_KIND, dueAt: t.clock.now().toISOString(), dedupeKey: `test:${anonymous.case.id}`, payload: { caseId: anonymous.case.id, purpose: 'follow_up' } });
      expect((await sweep()).failed).toBe(0);
      expect(await tasksOf({ caseId: anonymous.case.id })).toHaveLength(0);
    });
  });

  describe('queue and record (R-FUP-5..7)', () => {
    let taskId: string;
    let version: number;
    let customerId: string;

    beforeAll(async () => {
      t.clock.set('2026-03-11T01:00:00.000Z'); // Wednesday 11 March 09:00
      const customer = await makeCustomer();
      customerId = customer.id;
      const caseId = await closedConsultation(customer.id);
      await supervisor.post('/api/v1/followups/generate', {});
      const [task] = await tasksOf({ caseId });
      taskId = task.id;
      version = task.version;
      expect(task.planned_at).toBe('2026-03-11T02:00:00.000Z');
    });

    it("shows the agent's queue for today with the script and the customer's history", async () => {
      const queue = await agent.get('/api/v1/followups/queue');
      expect(queue.statusCode).toBe(200);
      expect(queue.json().date).toBe('2026-03-11');
      const ids = queue.json().items.map((x: any) => x.id);
      expect(ids).toContain(taskId);
      const dueTimes = queue.json().items.map((x: any) => x.dueAt);
      expect([...dueTimes].sort()).toEqual(dueTimes);
      expect((await technician.get('/api/v1/followups/queue')).statusCode).toBe(403);
      const detail = await agent.get(`/api/v1/followups/tasks/${taskId}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().questionnaire).toBeNull();
      expect(detail.json().history.cases.length).toBeGreaterThanOrEqual(1);
      expect(detail.json().scoreMeanings).toHaveLength(6);
    });

    it('not reached: retried in the next call slot after 2 hours', async () => {
      t.clock.set('2026-03-11T03:00:00.000Z'); // 11:00
      const res = await agent.post(`/api/v1/followups/tasks/${taskId}/attempts`, { version, reached: false, note: '无人接听' });
      expect(res.statusCode).toBe(200);
      const task = res.json().task;
      expect(task).toMatchObject({ state: 'pending', attempts: 1, dueAt: '2026-03-11T07:30:00.000Z' }); // 13:00 → 15:30
      expect(res.json().attempts[0]).toMatchObject({ reached: false, channelLabel: '电话回访' });
      version = task.version;
      expect((await agent.post(`/api/v1/followups/tasks/${taskId}/attempts`, { version: version - 1, reached: false })).statusCode).toBe(409);
    });

    it('a very low score opens a complaint linked to the follow-up', async () => {
      t.clock.set('2026-03-11T07:40:00.000Z');
      const bad = await agent.post(`/api/v1/followups/tasks/${taskId}/attempts`, { version, reached: true, score: 7 });
      expect(bad.statusCode).toBe(400);
      const res = await agent.post(`/api/v1/followups/tasks/${taskId}/attempts`, { version, reached: true, score: 1, problems: '答复不清楚', suggestions: '希望上门' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.task).toMatchObject({ state: 'done', reached: true, score: 1 });
      expect(body.task.openedCaseId).toBeTruthy();
      expect(body.attempts[1]).toMatchObject({ score: 1, scoreMeaning: '很不满意', openedCaseId: body.task.openedCaseId });
      const opened = await db().selectFrom('cases').selectAll().where('id', '=', body.task.openedCaseId).executeTakeFirstOrThrow();
      expect(opened).toMatchObject({ type: 'complaint', channel: 'followup', customer_id: customerId });
      const notes = await db().selectFrom('case_events').select(['case_id', 'note']).where('kind', '=', 'note').where('case_id', 'in', [opened.id, body.task.caseId]).execute();
      expect(notes.find((n) => n.case_id === opened.id)?.note).toContain('答复不清楚');
      expect(notes.find((n) => n.case_id === body.task.caseId)?.note).toContain('评分 1（很不满意）');
      const again = await agent.post(`/api/v1/followups/tasks/${taskId}/attempts`, { version: body.task.version, reached: true, score: 5 });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('illegal_transition');
    });

    it('answers are checked against the questionnaire; on-site visits need a signature; an open problem schedules the next round', async () => {
      t.clock.set('2026-03-12T02:00:00.000Z');
      const customer = await makeCustomer();
      const opened = await makeCase(asAgent(), { customerId: customer.id, title: '噪音大' });
      await db().updateTable('cases').set({ state: 'closed', closed_at: t.clock.now().toISOString() }).where('id', '=', opened.case.id).execute();
      await supervisor.post('/api/v1/followups/generate', {});
      const task = (await tasksOf({ caseId: opened.case.id })).find((x) => x.merged_into_id === null) as any;
      const out = await agent.post(`/api/v1/followups/tasks/${task.id}/attempts`, { version: task.version, reached: true, score: 4, answers: { resolved: 'yes', attitude: 9 } });
      expect(out.statusCode).toBe(400);
      expect(out.json().error.details[0].path).toEqual(['body', 'answers', 'attitude']);
      const onSite = await agent.post(`/api/v1/followups/tasks/${task.id}/attempts`, { version: task.version, reached: true, channel: 'on_site', score: 4 });
      expect(onSite.statusCode).toBe(400);
      const detail = (await agent.get(`/api/v1/followups/tasks/${task.id}`)).json();
      // the script names the company, the agent and the case
      expect(detail.questionnaire.script).toContain('售后服务中心');
      expect(detail.questionnaire.script).toContain(agent.username);
      expect(detail.questionnaire.script).toContain(opened.case.number);
      const res = await agent.post(`/api/v1/followups/tasks/${task.id}/attempts`, {
        version: task.version,
        reached: true,
        score: 3,
        answers: { resolved: 'no', attitude: 4, speed: 3, quality: 2 },
        problems: '仍有异响',
        problemResolved: false,
        openCase: { type: 'repair', title: '回访发现仍有异响' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().attempts[0].questionnaireScore).toBe(38);
      const repair = await db().selectFrom('cases').selectAll().where('id', '=', res.json().task.openedCaseId).executeTakeFirstOrThrow();
      expect(repair.type).toBe('repair');
      // the merged 10-day call ended with it; the next round is planned 7 days later in a call window
      const all = await tasksOf({ caseId: opened.case.id });
      expect(all.find((x) => x.merged_into_id === task.id)?.state).toBe('done');
      const next = all.find((x) => x.previous_task_id === task.id);
      expect(next).toMatchObject({ state: 'pending', round: 2, planned_at: '2026-03-19T02:00:00.000Z' });
    });
  });

  describe('restricted records (R-FUP-9)', () => {
    it('hides restricted follow-ups from agents, routes them to a role that may see them, and audits every view', async () => {
      t.clock.set('2026-03-12T02:00:00.000Z');
      const rule = (await supervisor.get('/api/v1/followups/rules')).json().items.find((r: any) => r.code === 'consultation_closed');
      const flagged = await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: rule.version, restricted: true });
      expect(flagged.statusCode).toBe(200);
      const customer = await makeCustomer();
      const caseId = await closedConsultation(customer.id);
      await supervisor.post('/api/v1/followups/generate', {});
      const [restricted] = await tasksOf({ caseId });
      // the rule says "agent", but an agent may not see the record: a supervisor calls
      expect(restricted).toMatchObject({ assignee_role: 'supervisor' });
      expect(Boolean(restricted.restricted)).toBe(true);
      await supervisor.patch(`/api/v1/followups/rules/${rule.id}`, { version: flagged.json().version, restricted: false });
      expect((await agent.get(`/api/v1/followups/tasks/${restricted.id}`)).statusCode).toBe(403);
      const list = await agent.get('/api/v1/followups/tasks?limit=500');
      expect(list.json().items.every((x: any) => !x.restricted)).toBe(true);
      expect((await supervisor.get(`/api/v1/followups/tasks/${restricted.id}`)).statusCode).toBe(200);
      expect((await supervisor.get(`/api/v1/followups/tasks/${restricted.id}`)).statusCode).toBe(200);
      const views = await db().selectFrom('audit_log').selectAll().where('entity_id', '=', restricted.id).where('action', '=', 'view').execute();
      expect(views).toHaveLength(2);
      expect(views[0].actor_id).toBe(supervisor.userId);
    });
  });

  describe('survey links (R-SAT-1)', () => {
    let link: string;
    let token: string;

    it('sends a survey link; the page shows only this customer and the questions, without login', async () => {
      t.clock.set('2026-03-12T02:00:00.000Z');
      const customer = await makeCustomer({ name: '杭州西湖饮料有限公司' });
      const questionnaire = (await agent.get('/api/v1/questionnaires')).json().items.find((q: any) => q.code === 'service_followup');
      const created = await agent.post('/api/v1/surveys/invitations', { customerId: customer.id, questionnaireId: questionnaire.id });
      expect(created.statusCode).toBe(201);
      link = created.json().link;
      token = link.split('/survey/')[1];
      const page = await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ customerName: '杭州西湖饮料有限公司', answered: false });
      expect(page.json().questionnaire.questions.length).toBeGreaterThan(2);
      expect(JSON.stringify(page.json())).not.toContain(customer.contacts[0].phone);
      const forged = `${token.split('.')[0]}.AAAA${token.split('.')[1].slice(4)}`;
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${forged}` })).statusCode).toBe(404);
    });

    it('answers once; answers outside the scale are 400 and change nothing', async () => {
      const bad = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers: { resolved: 'yes', attitude: 6, speed: 5, quality: 5 } } });
      expect(bad.statusCode).toBe(400);
      const ok = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers: { resolved: 'yes', attitude: 5, speed: 5, quality: 4 }, comment: '很满意' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().score).toBe(94);
      const twice = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${token}`, payload: { answers: { resolved: 'yes', attitude: 1, speed: 1, quality: 1 } } });
      expect(twice.statusCode).toBe(409);
    });

    it('a very low survey score opens a complaint; expired links are refused', async () => {
      const customer = await makeCustomer();
      const questionnaire = (await agent.get('/api/v1/questionnaires')).json().items.find((q: any) => q.code === 'service_followup');
      const created = (await agent.post('/api/v1/surveys/invitations', { customerId: customer.id, questionnaireId: questionnaire.id })).json();
      const low = created.link.split('/survey/')[1];
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/public/surveys/${low}`, payload: { answers: { resolved: 'no', attitude: 1, speed: 2, quality: 1 } } });
      expect(res.statusCode).toBe(200);
      const invitation = await db().selectFrom('survey_invitations').selectAll().where('id', '=', created.invitation.id).executeTakeFirstOrThrow();
      expect(invitation.opened_case_id).toBeTruthy();
      const later = (await agent.post('/api/v1/surveys/invitations', { customerId: customer.id, questionnaireId: questionnaire.id })).json();
      t.clock.set('2026-04-30T02:00:00.000Z');
      const expired = await t.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${later.link.split('/survey/')[1]}` });
      expect(expired.statusCode).toBe(410);
    });
  });

  describe('campaign, rates and report (R-SAT-2, R-SAT-3, R-FUP-8)', () => {
    it('invites customers with at least 3 transactions, reminds, scores and exports the analysis', async () => {
      t.clock.set('2026-11-02T02:00:00.000Z');
      const loyal = await makeCustomer({ name: '老客户甲' });
      const once = await makeCustomer({ name: '新客户乙' });
      for (let i = 0; i < 3; i += 1) await createOrder(sys(), orderInput(loyal.id, product.id, { orderDate: `2026-0${i + 1}-10` }));
      await createOrder(sys(), orderInput(once.id, product.id, { orderDate: '2026-05-10' }));
      const questionnaire = (await agent.get('/api/v1/questionnaires')).json().items.find((q: any) => q.code === 'annual_satisfaction');
      const created = await supervisor.post('/api/v1/surveys/campaigns', { name: '2026年度顾客满意度调查', year: 2026, questionnaireId: questionnaire.id });
      expect(created.statusCode).toBe(201);
      const started = await supervisor.post(`/api/v1/surveys/campaigns/${created.json().id}/start`, { version: created.json().version });
      expect(started.statusCode).toBe(200);
      const invitations = await db().selectFrom('survey_invitations').selectAll().where('campaign_id', '=', created.json().id).execute();
      expect(invitations.map((i) => i.customer_id)).toEqual([loyal.id]);
      expect((await supervisor.post(`/api/v1/surveys/campaigns/${created.json().id}/start`, { version: started.json().version })).statusCode).toBe(409);
      // the agent records the answers given on the phone
      const answered = await agent.post(`/api/v1/surveys/invitations/${invitations[0].id}/answers`, {
        answers: { product_quality: 5, delivery: 4, service_response: 5, service_attitude: 5, technical_skill: 3, price: 5 },
      });
      expect(answered.statusCode).toBe(200);
      const stats = (await supervisor.get(`/api/v1/surveys/campaigns/${created.json().id}`)).json();
      expect(stats).toMatchObject({ invited: 1, answered: 1, responseRatePercent: 100, responseTargetPercent: 80 });
      const skill = stats.items.find((i: any) => i.key === 'technical_skill');
      expect(skill).toMatchObject({ averageScore: 50, satisfied: false });
      const action = await supervisor.put(`/api/v1/surveys/campaigns/${created.json().id}/items/technical_skill`, {
        cause: '新员工培训不足',
        correctiveAction: '每季度技术培训并考核',
        reply: '我们已加强技术培训，感谢您的意见。',
        version: 0,
      });
      expect(action.statusCode).toBe(200);
      const reply = await db().selectFrom('outbox_messages').selectAll().where('template_key', '=', 'survey.item_reply').execute();
      expect(reply).toHaveLength(1);
      const xlsx = await supervisor.get(`/api/v1/surveys/campaigns/${created.json().id}/report.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.rawPayload as any);
      expect(String(workbook.getWorksheet('汇总')?.getCell('A1').value)).toBe('2026年度顾客满意度分析报告');
      expect(String(workbook.getWorksheet('调查项目')?.getRow(6).getCell(4).value)).toBe('新员工培训不足');
      const pdf = await supervisor.get(`/api/v1/surveys/campaigns/${created.json().id}/report.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.rawPayload.toString('latin1')).toContain('NotoSansSC');
    });

    it('shows rates per rule and agent against the targets, and takes the supervisor review', async () => {
      const rates = await supervisor.get('/api/v1/followups/rates?from=2026-02-01&to=2026-03-31');
      expect(rates.statusCode).toBe(200);
      const body = rates.json();
      expect(body.overall.targetPercent).toBe(80);
      const closed = body.rules.find((r: any) => r.code === 'consultation_closed');
      expect(closed.due).toBeGreaterThanOrEqual(3);
      expect(closed.reached).toBeGreaterThanOrEqual(1);
      const complaint = body.rules.find((r: any) => r.code === 'complaint_3d');
      expect(complaint.targetPercent).toBe(50);
      const me = body.agents.find((a: any) => a.userId === agent.userId);
      expect(me.done).toBeGreaterThanOrEqual(2);
      expect((await agent.post('/api/v1/followups/reviews', { agentId: agent.userId, from: '2026-02-01', to: '2026-03-31', comment: '好' })).statusCode).toBe(403);
      const review = await supervisor.post('/api/v1/followups/reviews', { agentId: agent.userId, from: '2026-02-01', to: '2026-03-31', comment: '回访及时，记录完整。' });
      expect(review.statusCode).toBe(201);
      const after = (await supervisor.get('/api/v1/followups/rates?from=2026-02-01&to=2026-03-31')).json();
      expect(after.reviews[0].comment).toBe('回访及时，记录完整。');
      expect((await supervisor.get('/api/v1/followups/rates?from=2026-03-31&to=2026-02-01')).statusCode).toBe(400);
    });
  });
});
