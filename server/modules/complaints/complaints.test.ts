import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueWorkHandlers } from '../../jobs.js';
import { runDueWork } from '../../platform/due-work.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { makeCaller, prepareCaseCore } from '../../testing/factories/cases.js';
import { makeDepartment } from '../../testing/factories/staff.js';
import { addMonths } from './complaints.rules.js';

/**
 * Complaints through HTTP on a real database (R-CMP-1..13): the quality complaint from intake through
 * verification, investigation, two actions, three signatures and a complainant who rejects once and
 * then confirms through the signed link; the carrier-fault complaint closed at verification; the time
 * limits on the 2026 calendar with escalation exactly once; who may sign; links that work once,
 * expire and belong to one complaint; follow-up rows on closure; reports; the monthly view.
 */
describe('complaints', () => {
  let t: TestApp;
  let agent: TestClient;
  let head: TestClient;
  let otherHead: TestClient;
  let quality: TestClient;
  let gm: TestClient;
  let admin: TestClient;
  let technician: TestClient;
  let qualityDept: { id: string };
  let productionDept: { id: string };
  let categories: { id: string; code: string; parentId: string | null }[];
  let caller: Awaited<ReturnType<typeof makeCaller>>;

  const MON_1000 = '2026-03-02T02:00:00.000Z'; // Monday 2 March 2026, 10:00 in Shanghai
  const db = () => t.database.db;
  const sys = () => t.systemContext();
  const cat = (code: string) => categories.find((c) => c.code === code)!.id;
  const sweep = () => runDueWork({ db: db(), clock: t.clock, config: t.config }, dueWorkHandlers());

  beforeAll(async () => {
    t = await createTestApp({ now: MON_1000, config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(sys());
    qualityDept = await makeDepartment(sys(), { code: 'QA', name: '品质部' });
    productionDept = await makeDepartment(sys(), { code: 'PROD', name: '生产部' });
    agent = await t.userWith(['agent']);
    head = await t.userWith(['department_head'], { departmentId: productionDept.id });
    otherHead = await t.userWith(['department_head'], { departmentId: qualityDept.id });
    quality = await t.userWith(['quality'], { departmentId: qualityDept.id });
    gm = await t.userWith(['general_manager']);
    admin = await t.userWith(['admin']);
    technician = await t.userWith(['technician']);
    categories = (await agent.get('/api/v1/complaints/categories')).json().items;
    caller = await makeCaller(sys(), { name: '深圳华星电子有限公司', email: 'buyer@huaxing.example.com' });
  });
  afterAll(async () => t.close());

  const open = (body: Record<string, unknown> = {}, client = agent) =>
    client.post('/api/v1/complaints', {
      channel: 'phone',
      customerId: caller.customer.id,
      unitId: caller.unit.id,
      contactName: '王经理',
      contactPhone: caller.phone,
      contactEmail: 'buyer@huaxing.example.com',
      title: '空调运行噪音大，影响生产',
      description: '新装的三台空调运行时噪音超过 70 分贝',
      categoryId: cat('quality'),
      subcategoryId: cat('quality.performance'),
      ...body,
    });
  const view = async (id: string) => (await agent.get(`/api/v1/complaints/${id}`)).json();
  async function act(client: TestClient, id: string, action: string, extra: Record<string, unknown> = {}) {
    const version = (await view(id)).case.version;
    return client.post(`/api/v1/complaints/${id}/actions`, { action, version, ...extra });
  }
  async function ok(res: Awaited<ReturnType<TestClient['post']>>, status = 200) {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  }
  const deadline = (v: any, metric: string) => v.case.deadlines.filter((d: any) => d.metric === metric).at(-1);
  const complaintVersion = async (id: string) => (await view(id)).complaint.version;
  const followUpRows = (caseId: string) =>
    db().selectFrom('due_work').selectAll().where('kind', '=', 'followup.after_complaint').where('ref_id', '=', caseId).orderBy('due_at').execute();
  const linkFromMail = async (caseId: string) => {
    const mails = await db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('related_id', '=', caseId)
      .where('template_key', '=', 'complaint.result')
      .where('channel', '=', 'email')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const body = mails.at(-1)?.body ?? '';
    const m = body.match(/\/confirm\/complaint\/([0-9a-f-]+)\?token=([^\s]+)/);
    return m ? { caseId: m[1]!, token: decodeURIComponent(m[2]!), body } : null;
  };
  const publicGet = (caseId: string, token: string) => t.app.inject({ method: 'GET', url: `/api/v1/public/complaints/${caseId}/confirmation?token=${encodeURIComponent(token)}` });
  const publicPost = (caseId: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/public/complaints/${caseId}/confirmation`, payload: body });

  /** Intake → acknowledged → verified valid → investigated → analysis submitted, as the agent. */
  async function investigated(body: Record<string, unknown> = {}) {
    const c = await ok(await open(body), 201);
    const id = c.case.id as string;
    await ok(await act(agent, id, 'acknowledge', { note: '已受理，24小时内核实' }));
    await ok(await act(agent, id, 'verify', { data: { result: 'valid', facts: '现场测得噪音 72 分贝，属实' } }));
    await ok(
      await agent.put(`/api/v1/complaints/${id}/investigation`, {
        version: await complaintVersion(id),
        evidence: [
          { kind: 'inspection_report', description: '质检报告 QC-2026-031：风扇动平衡超差' },
          { kind: 'customer_statement', description: '客户书面说明' },
        ],
        rootCause: '风扇叶片动平衡工序漏检',
        responsibility: 'company',
        departmentIds: [productionDept.id],
      }),
    );
    await ok(await act(agent, id, 'submit_analysis'));
    return id;
  }

  // ---------------------------------------------------------------------------------------------
  describe('reference data', () => {
    it('seeds the categories of R-CMP-1 and the time limits of R-CMP-2 as editable policies', async () => {
      expect(categories.filter((c) => c.parentId === null).map((c) => c.code)).toEqual(['quality', 'delivery', 'service', 'price', 'infringement']);
      expect(categories.filter((c) => c.parentId === cat('quality')).map((c) => c.code)).toEqual(['quality.appearance', 'quality.performance', 'quality.material']);
      const policies = await db().selectFrom('sla_policies').selectAll().where('case_type', '=', 'complaint').execute();
      const of = (metric: string, severity: string | null = null) => policies.find((p) => p.metric === metric && p.severity === severity);
      expect(of('acknowledge')).toMatchObject({ amount: 24, unit: 'clock_hours' });
      expect(of('verify')).toMatchObject({ amount: 24, unit: 'clock_hours' });
      expect(of('analysis')).toMatchObject({ amount: 3, unit: 'working_days' });
      expect(of('handling')).toMatchObject({ amount: 5, unit: 'working_days' });
      expect(of('handling', 'general')).toMatchObject({ amount: 3, unit: 'working_days' });
      expect(of('handling_extended')).toMatchObject({ amount: 7, unit: 'working_days' });
      expect(of('handling_limit')).toMatchObject({ amount: 10, unit: 'working_days' });
      expect(of('feedback')).toMatchObject({ amount: 3, unit: 'working_days' });
    });

    it('categories are admin-editable; the desk may not change them', async () => {
      const created = await ok(await admin.post('/api/v1/complaints/categories', { code: 'quality.packaging', nameZh: '包装', nameEn: 'Packaging', parentId: cat('quality') }), 201);
      expect(created).toMatchObject({ parentId: cat('quality'), resolutionKind: null, archived: false });
      expect((await agent.post('/api/v1/complaints/categories', { code: 'x.y', nameZh: '某', nameEn: 'X', resolutionKind: 'service' })).statusCode).toBe(403);
      expect((await admin.post('/api/v1/complaints/categories', { code: 'quality.packaging', nameZh: '包装', nameEn: 'P', parentId: cat('quality') })).statusCode).toBe(409);
      const archived = await ok(await admin.patch(`/api/v1/complaints/categories/${created.id}`, { archived: true, version: created.version }));
      expect(archived.archived).toBe(true);
      expect((await admin.patch(`/api/v1/complaints/categories/${created.id}`, { archived: false, version: created.version })).statusCode).toBe(409);
      // an archived sub-category cannot be chosen
      const res = await open({ subcategoryId: created.id });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toEqual(['body', 'subcategoryId']);
    });

    it('settings (brackets of the SPEC) are stored and versioned', async () => {
      const s = await ok(await agent.get('/api/v1/complaints/settings'));
      expect(s).toMatchObject({ followUpDelayDays: 3, surveyDelayMonths: 3, confirmationLinkDays: 7, version: 1 });
      expect((await agent.put('/api/v1/complaints/settings', { ...s, followUpDelayDays: 4 })).statusCode).toBe(403);
      const { updatedAt: _u, ...body } = s;
      const saved = await ok(await admin.put('/api/v1/complaints/settings', { ...body, publicBaseUrl: 'https://service.example.com' }));
      expect(saved).toMatchObject({ publicBaseUrl: 'https://service.example.com', version: 2 });
      expect((await admin.put('/api/v1/complaints/settings', body)).statusCode).toBe(409);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('the full loop of a quality complaint', () => {
    it('intake → verification → investigation → two actions → three signatures → rejected once → confirmed → closed', async () => {
      const id = await investigated();
      let v = await view(id);
      expect(v.case.number).toMatch(/^TS-2026-\d{6}$/);
      expect(v.case.state).toBe('planning');
      expect(v.complaint).toMatchObject({ category: { code: 'quality' }, subcategory: { code: 'quality.performance' }, verificationResult: 'valid', rootCause: '风扇叶片动平衡工序漏检' });
      expect(v.complaint.departments).toEqual([{ id: productionDept.id, name: '生产部' }]);

      // planning: an empty plan is refused, then two actions
      expect((await act(agent, id, 'submit_plan')).statusCode).toBe(422);
      const a1 = await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'corrective', description: '返工三台空调风扇并复测', ownerId: head.userId, departmentId: productionDept.id, dueOn: '2026-03-06' }), 201);
      const a2 = await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'process_change', description: '动平衡工序增加100%全检', ownerId: head.userId, departmentId: productionDept.id, dueOn: '2026-03-20' }), 201);
      expect(a1).toMatchObject({ state: 'open', owner: { id: head.userId }, department: { name: '生产部' }, overdue: false });
      await ok(await act(agent, id, 'submit_plan'));

      // department head signs the action plan; an agent and the quality manager may not
      expect((await act(agent, id, 'sign_plan')).statusCode).toBe(403);
      expect((await act(quality, id, 'sign_plan')).statusCode).toBe(403);
      v = await view(id);
      expect(v.step).toMatchObject({ state: 'plan_review', actor: '部门经理' });
      // a rejection returns the step
      await ok(await act(head, id, 'reject_plan', { note: '请补充预防措施的验证方法' }));
      expect((await view(id)).case.state).toBe('planning');
      await ok(await act(agent, id, 'submit_plan'));
      await ok(await act(head, id, 'sign_plan', { note: '同意' }));

      // handling: the resolution must fit the category (R-CMP-6)
      expect((await act(agent, id, 'complete_handling')).statusCode).toBe(422);
      const unfit = await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['price_correction'], note: 'x', version: await complaintVersion(id) });
      expect(unfit.statusCode).toBe(400);
      // compensation needs the agreed amount (R-CST-1: exact, in fen)
      const noAmount = await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair', 'compensation'], note: '上门返修并赔偿', version: await complaintVersion(id) });
      expect(noAmount.statusCode).toBe(400);
      expect(noAmount.json().error.details[0].path).toEqual(['body', 'compensationFen']);
      const amountWithout = await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair'], note: '上门返修', compensationFen: 100, version: await complaintVersion(id) });
      expect(amountWithout.statusCode).toBe(400);
      const resolved = await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair', 'compensation'], note: '上门返修并赔偿停工损失 2000 元', compensationFen: 200_000, version: await complaintVersion(id) }));
      expect(resolved.complaint.compensationFen).toBe(200_000);
      // the repair is carried out as a 报修 case of the complainant, linked to the complaint, once
      await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair', 'compensation'], note: '上门返修并赔偿停工损失 2000 元（补充）', compensationFen: 200_000, version: await complaintVersion(id) }));
      const links = (await agent.get(`/api/v1/cases/${id}`)).json().links;
      expect(links).toHaveLength(1);
      const repairCase = (await agent.get(`/api/v1/cases/${links[0].caseId}`)).json();
      expect(repairCase).toMatchObject({ type: 'repair', customerId: (await view(id)).case.customerId, description: '上门返修并赔偿停工损失 2000 元' });
      expect(repairCase.title).toContain('维修');
      await ok(await act(agent, id, 'complete_handling'));
      expect(deadline(await view(id), 'feedback')).toMatchObject({ state: 'running' });

      // feedback: the result with a signed link to the complainant
      expect((await act(agent, id, 'send_result')).statusCode).toBe(400); // the result text is required
      await ok(await act(agent, id, 'send_result', { note: '已返修三台空调，噪音降至 45 分贝；赔偿已付。' }));
      const first = (await linkFromMail(id))!;
      expect(first.caseId).toBe(id);
      expect(first.body).toContain('已返修三台空调');
      expect(first.body).toContain('https://service.example.com/confirm/complaint/');
      const page = await ok(await publicGet(id, first.token));
      expect(page).toMatchObject({ number: v.case.number, status: 'open', resultText: '已返修三台空调，噪音降至 45 分贝；赔偿已付。' });

      // the complainant is not satisfied: another round, counted
      expect((await publicPost(id, { token: first.token, satisfied: false })).statusCode).toBe(400); // a reason is required
      await ok(await publicPost(id, { token: first.token, satisfied: false, reason: '第三台仍有异响' }));
      v = await view(id);
      expect(v.case.state).toBe('handling');
      expect(v.complaint).toMatchObject({ rounds: 2, unsatisfiedCount: 1, confirmedAt: null });
      expect(deadline(v, 'handling')).toMatchObject({ state: 'running' });
      // the link works once
      expect((await publicPost(id, { token: first.token, satisfied: true })).statusCode).toBe(410);
      expect((await ok(await publicGet(id, first.token))).status).toBe('used');

      t.clock.advance(3_600_000); // an hour later
      await ok(await act(agent, id, 'complete_handling'));
      await ok(await act(agent, id, 'send_result', { note: '第三台空调更换风扇电机，复测 43 分贝。' }));
      const second = (await linkFromMail(id))!;
      expect(second.token).not.toBe(first.token);
      // a link of this complaint does nothing for another complaint
      const other = await ok(await open({ title: '另一投诉' }), 201);
      expect((await publicGet(other.case.id, second.token)).statusCode).toBe(404);
      expect((await publicPost(other.case.id, { token: second.token, satisfied: true })).statusCode).toBe(404);
      expect((await publicPost(id, { token: `${second.token.split('.')[0]}.forged`, satisfied: true })).statusCode).toBe(404);
      await ok(await publicPost(id, { token: second.token, satisfied: true, reason: '满意' }));
      v = await view(id);
      expect(v.case.state).toBe('confirmed');
      expect(v.complaint).toMatchObject({ confirmedVia: 'link', rounds: 2, unsatisfiedCount: 1 });

      // closure before the tracking sheet and with open actions: 409 naming what is missing
      const early = await act(gm, id, 'approve_closure');
      expect(early.statusCode).toBe(409);
      expect(early.json().error.details.missing.map((m: any) => m.code)).toEqual(['open_actions', 'tracking_sheet_signature']);
      expect(early.json().error.message).toContain('返工三台空调风扇并复测');
      expect((await view(id)).case.state).toBe('confirmed'); // nothing changed

      // quality signs the tracking sheet; only quality may
      expect((await act(gm, id, 'sign_tracking_sheet')).statusCode).toBe(403);
      await ok(await act(quality, id, 'sign_tracking_sheet', { note: '闭环跟踪单已核对' }));
      expect((await act(quality, id, 'approve_closure')).statusCode).toBe(403);

      // the actions are done and verified by quality (the owner cannot verify)
      const done1 = await ok(await head.post(`/api/v1/complaints/capa/${a1.id}`, { action: 'complete', evidence: '复测记录 3 份', version: a1.version }));
      expect((await head.post(`/api/v1/complaints/capa/${a1.id}`, { action: 'verify', passed: true, version: done1.version })).statusCode).toBe(403);
      await ok(await quality.post(`/api/v1/complaints/capa/${a1.id}`, { action: 'verify', passed: true, note: '抽检合格', version: done1.version }));
      const stillOpen = await act(gm, id, 'approve_closure');
      expect(stillOpen.statusCode).toBe(409);
      expect(stillOpen.json().error.details.missing.map((m: any) => m.code)).toEqual(['open_actions']);
      const done2 = await ok(await head.post(`/api/v1/complaints/capa/${a2.id}`, { action: 'complete', evidence: '工艺文件 WI-017 已修订', version: a2.version }));
      expect((await quality.post(`/api/v1/complaints/capa/${a2.id}`, { action: 'verify', passed: true, version: done2.version - 1 })).statusCode).toBe(409);
      await ok(await quality.post(`/api/v1/complaints/capa/${a2.id}`, { action: 'verify', passed: true, version: done2.version }));

      // the general manager approves the closure
      v = await ok(await act(gm, id, 'approve_closure', { note: '同意结案' }));
      expect(v.case.state).toBe('closed');
      expect(v.closureBlockers).toEqual([]);
      expect(v.signatures.filter((s: any) => !s.superseded).map((s: any) => [s.step, s.decision])).toEqual([
        ['action_plan', 'rejected'],
        ['action_plan', 'approved'],
        ['tracking_sheet', 'approved'],
        ['closure', 'approved'],
      ]);
      expect(v.case.deadlines.filter((d: any) => ['running', 'paused'].includes(d.state))).toEqual([]);

      // the follow-up and the survey for the follow-ups module, once
      const rows = await followUpRows(id);
      expect(rows.map((r) => [JSON.parse(r.payload), r.state])).toEqual([
        [{ caseId: id, purpose: 'follow_up' }, 'pending'],
        [{ caseId: id, purpose: 'survey' }, 'pending'],
      ]);
      const closedAt = new Date(v.case.closedAt);
      expect(rows[0]!.due_at).toBe(new Date(closedAt.getTime() + 3 * 86_400_000).toISOString());
      expect(rows[1]!.due_at).toBe(addMonths(closedAt, 3).toISOString());
      expect(rows[1]!.due_at.slice(0, 10)).toBe('2026-06-02');
      t.clock.set(MON_1000);

      // every change audited; the customer told of the closure
      const audits = await db().selectFrom('audit_log').select(['entity', 'action']).where('entity_id', '=', id).execute();
      expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['verify', 'investigate', 'resolve', 'confirm', 'approve_closure', 'not_satisfied']));
      const closedMail = await db().selectFrom('outbox_messages').select('id').where('related_id', '=', id).where('template_key', '=', 'case.closed').execute();
      expect(closedMail.length).toBeGreaterThan(0);
      // a closed complaint takes no more actions
      expect((await act(gm, id, 'approve_closure')).statusCode).toBe(409);
      expect((await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'corrective', description: 'x', ownerId: head.userId, dueOn: '2026-04-01' })).statusCode).toBe(409);
    });

    it('a call recorded by the agent closes the loop too; the GM rejection returns to quality', async () => {
      const id = await investigated({ title: '电话确认的投诉' });
      await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'corrective', description: '更换面板', ownerId: head.userId, dueOn: '2026-03-04' }), 201);
      await ok(await act(agent, id, 'submit_plan'));
      await ok(await act(head, id, 'sign_plan'));
      await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['replace'], note: '更换面板', version: await complaintVersion(id) }));
      await ok(await act(agent, id, 'complete_handling'));
      await ok(await act(agent, id, 'send_result', { note: '面板已更换' }));
      expect((await act(agent, id, 'record_call', { note: '客户表示满意', data: {} })).statusCode).toBe(400);
      await ok(await act(agent, id, 'record_call', { note: '电话回访：客户表示满意', data: { satisfied: true } }));
      expect((await view(id)).complaint.confirmedVia).toBe('call');
      // the earlier link stopped working when the call confirmed
      const link = (await linkFromMail(id))!;
      expect((await ok(await publicGet(id, link.token))).status).toBe('revoked');
      await ok(await act(quality, id, 'sign_tracking_sheet'));
      await ok(await act(gm, id, 'reject_closure', { note: '措施未验证，请品质部复核' }));
      const v = await view(id);
      expect(v.case.state).toBe('confirmed');
      expect(v.closureBlockers.map((b: any) => b.code)).toEqual(['open_actions', 'tracking_sheet_signature']);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('verification (R-CMP-3)', () => {
    it('a carrier-fault complaint is replied with the facts and closed at verification', async () => {
      const c = await ok(await open({ title: '到货外箱破损', categoryId: cat('delivery'), subcategoryId: null }), 201);
      const id = c.case.id;
      await ok(await act(agent, id, 'acknowledge'));
      const v = await ok(await act(agent, id, 'verify', { data: { result: 'third_party', facts: '物流签收单注明外箱破损，系承运商运输途中造成，已协助客户向顺丰索赔。' } }));
      expect(v.case.state).toBe('closed');
      expect(v.complaint).toMatchObject({ verificationResult: 'third_party', closureReason: 'third_party' });
      expect(v.closureBlockers).toEqual([]);
      const reply = await db().selectFrom('outbox_messages').selectAll().where('related_id', '=', id).where('template_key', '=', 'complaint.result').where('channel', '=', 'email').executeTakeFirstOrThrow();
      expect(reply.body).toContain('承运商运输途中造成');
      expect((await followUpRows(id)).map((r) => JSON.parse(r.payload).purpose)).toEqual(['follow_up', 'survey']);
      expect(deadline(v, 'verify')).toMatchObject({ state: 'met' });
    });

    it('bad verification input → 400 with the field, nothing changed', async () => {
      const c = await ok(await open({ title: '核实输入错误' }), 201);
      await ok(await act(agent, c.case.id, 'acknowledge'));
      const res = await act(agent, c.case.id, 'verify', { data: { result: 'maybe' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: any) => d.path.join('.'))).toEqual(expect.arrayContaining(['body.data.result', 'body.data.facts']));
      expect((await view(c.case.id)).case.state).toBe('verifying');
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('time limits on the calendar (R-CMP-2, R-CMP-11)', () => {
    it('acknowledge 24 h at intake, verify 24 h, analysis 3 wd, handling 3 wd (general) / 5 wd, hard limit 10 wd', async () => {
      t.clock.set(MON_1000);
      const general = await ok(await open({ title: '一般投诉' }), 201);
      expect(deadline(general, 'acknowledge')).toMatchObject({ dueAt: '2026-03-03T02:00:00.000Z' });
      await ok(await act(agent, general.case.id, 'acknowledge'));
      expect(deadline(await view(general.case.id), 'verify')).toMatchObject({ dueAt: '2026-03-03T02:00:00.000Z' });
      await ok(await act(agent, general.case.id, 'verify', { data: { result: 'valid', facts: '属实' } }));
      const g = await view(general.case.id);
      expect(deadline(g, 'analysis').dueAt).toBe('2026-03-05T10:00:00.000Z'); // the end of the 3rd working day
      expect(deadline(g, 'handling')).toMatchObject({ amount: 3, dueAt: '2026-03-05T10:00:00.000Z' });
      expect(deadline(g, 'handling_limit').dueAt).toBe('2026-03-16T10:00:00.000Z');
      expect(g.step).toMatchObject({ state: 'investigating', actor: '责任部门', metric: 'analysis', dueAt: '2026-03-05T10:00:00.000Z' });

      const important = await ok(await open({ title: '重要投诉', severity: 'important' }), 201);
      await ok(await act(agent, important.case.id, 'acknowledge'));
      await ok(await act(agent, important.case.id, 'verify', { data: { result: 'valid', facts: '属实' } }));
      expect(deadline(await view(important.case.id), 'handling')).toMatchObject({ amount: 5, dueAt: '2026-03-09T10:00:00.000Z' });
    });

    it('an extension needs a reason and a department head: handling becomes 7 wd from the same start', async () => {
      t.clock.set(MON_1000);
      const id = await investigated({ title: '需要延期的投诉' });
      expect((await agent.post(`/api/v1/complaints/${id}/extension`, { reason: '', version: await complaintVersion(id) })).statusCode).toBe(400);
      await ok(await agent.post(`/api/v1/complaints/${id}/extension`, { reason: '需等待供应商来料检测报告', version: await complaintVersion(id) }));
      expect((await agent.post(`/api/v1/complaints/${id}/extension`, { reason: '再次申请', version: await complaintVersion(id) })).statusCode).toBe(409);
      expect((await agent.post(`/api/v1/complaints/${id}/extension/decision`, { approve: true, version: await complaintVersion(id) })).statusCode).toBe(403);
      const v = await ok(await head.post(`/api/v1/complaints/${id}/extension/decision`, { approve: true, comment: '同意延期', version: await complaintVersion(id) }));
      expect(v.complaint.extension).toMatchObject({ state: 'approved', reason: '需等待供应商来料检测报告', decidedBy: { id: head.userId } });
      expect(deadline(v, 'handling')).toMatchObject({ state: 'cancelled' });
      expect(deadline(v, 'handling_extended')).toMatchObject({ state: 'running', amount: 7, startedAt: MON_1000, dueAt: '2026-03-11T10:00:00.000Z' });
      expect(deadline(v, 'handling_limit')).toMatchObject({ state: 'running', dueAt: '2026-03-16T10:00:00.000Z' });
      expect(v.signatures.map((s: any) => s.step)).toContain('extension');
    });

    it('an unacknowledged complaint escalates along the ladder exactly once and is marked and counted', async () => {
      t.clock.set('2026-04-06T02:00:00.000Z'); // a Monday in April (清明 is the Sunday before; 6 April is a holiday)
      const c = await ok(await open({ title: '无人受理的投诉' }), 201);
      const id = c.case.id;
      t.clock.set('2026-04-08T06:00:00.000Z'); // 28 h past due
      for (let i = 0; i < 4; i += 1) await sweep();
      const v = await view(id);
      expect(v.case.escalated).toBe(true);
      expect(deadline(v, 'acknowledge')).toMatchObject({ state: 'breached', escalationLevel: 3 });
      const events = v.case.timeline.filter((e: any) => e.kind === 'escalated');
      expect(events).toHaveLength(1);
      await sweep();
      expect((await view(id)).case.timeline.filter((e: any) => e.kind === 'escalated')).toHaveLength(1);
      const month = await ok(await agent.get('/api/v1/complaints/monthly?month=2026-04'));
      expect(month.escalated).toBeGreaterThanOrEqual(1);
      t.clock.set(MON_1000);
    });

    it('an overdue corrective action escalates once to its owner, his department head and quality', async () => {
      t.clock.set(MON_1000);
      const id = await investigated({ title: '措施超期' });
      const a = await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'preventive', description: '供应商来料抽检', ownerId: head.userId, departmentId: productionDept.id, dueOn: '2026-03-03' }), 201);
      expect((await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'preventive', description: 'x', ownerId: head.userId, dueOn: '2026-02-01' })).statusCode).toBe(400);
      t.clock.set('2026-03-03T15:59:00.000Z'); // 23:59 in Shanghai: not yet
      await sweep();
      expect((await ok(await agent.get('/api/v1/complaints/capa?overdue=true'))).items.map((x: any) => x.id)).not.toContain(a.id);
      t.clock.set('2026-03-03T16:00:00.000Z');
      await sweep();
      await sweep();
      const overdue = (await ok(await agent.get('/api/v1/complaints/capa?overdue=true'))).items.find((x: any) => x.id === a.id);
      expect(overdue).toMatchObject({ overdue: true, state: 'open' });
      const alerts = await db().selectFrom('outbox_messages').select(['recipient']).where('template_key', '=', 'complaint.capa_overdue').where('related_id', '=', a.id).execute();
      expect(alerts.map((x) => x.recipient)).toEqual(expect.arrayContaining([head.userId, quality.userId]));
      expect((await view(id)).case.timeline.filter((e: any) => e.kind === 'complaint_capa_overdue')).toHaveLength(1);
      t.clock.set(MON_1000);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('investigation (R-CMP-4)', () => {
    it('an unclear cause needs the general manager’s decision; several departments a countersigned meeting', async () => {
      t.clock.set(MON_1000);
      const c = await ok(await open({ title: '责任不清的投诉' }), 201);
      const id = c.case.id;
      await ok(await act(agent, id, 'acknowledge'));
      await ok(await act(agent, id, 'verify', { data: { result: 'valid', facts: '属实' } }));
      await ok(await agent.put(`/api/v1/complaints/${id}/investigation`, { version: await complaintVersion(id), evidence: [], rootCause: '待定', responsibility: 'unclear', departmentIds: [] }));
      const refused = await act(agent, id, 'submit_analysis');
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details.missing).toContain('gm_decision');
      expect((await agent.post(`/api/v1/complaints/${id}/cause-decision`, { decision: 'x', rootCause: 'y', responsibility: 'company', departmentIds: [], version: await complaintVersion(id) })).statusCode).toBe(403);
      await ok(
        await gm.post(`/api/v1/complaints/${id}/cause-decision`, {
          decision: '由生产部与品质部共同负责',
          rootCause: '来料检验与装配工序均有疏漏',
          responsibility: 'company',
          departmentIds: [productionDept.id, qualityDept.id],
          version: await complaintVersion(id),
        }),
      );
      const missing = (await act(agent, id, 'submit_analysis')).json().error.details.missing;
      expect(missing).toEqual(['meeting', `countersign:${productionDept.id}`, `countersign:${qualityDept.id}`]);
      const v0 = await view(id);
      await ok(
        await agent.put(`/api/v1/complaints/${id}/investigation`, {
          version: v0.complaint.version,
          evidence: [{ kind: 'repair_record', description: '维修记录', caseId: id }],
          rootCause: v0.complaint.rootCause,
          responsibility: 'company',
          departmentIds: [productionDept.id, qualityDept.id],
          meeting: { heldOn: '2026-03-02', attendees: '生产部、品质部', conclusion: '两部门分别整改' },
        }),
      );
      // a head countersigns only for his own department
      expect((await head.post(`/api/v1/complaints/${id}/countersignatures`, { departmentId: qualityDept.id, decision: 'approved' })).statusCode).toBe(403);
      expect((await quality.post(`/api/v1/complaints/${id}/countersignatures`, { departmentId: qualityDept.id, decision: 'approved' })).statusCode).toBe(403);
      await ok(await head.post(`/api/v1/complaints/${id}/countersignatures`, { departmentId: productionDept.id, decision: 'approved', comment: '同意' }));
      expect((await act(agent, id, 'submit_analysis')).json().error.details.missing).toEqual([`countersign:${qualityDept.id}`]);
      await ok(await otherHead.post(`/api/v1/complaints/${id}/countersignatures`, { departmentId: qualityDept.id, decision: 'approved' }));
      const v = await ok(await act(agent, id, 'submit_analysis'));
      expect(v.case.state).toBe('planning');
      expect(v.complaint.gmDecision).toBe('由生产部与品质部共同负责');
    });

    it('a complaint that came in through the case core (e-mail, portal) gets its category afterwards', async () => {
      const opened = await ok(await agent.post('/api/v1/cases', { type: 'complaint', channel: 'email', title: '邮件投诉：发票迟迟未开', contactEmail: 'x@example.com' }), 201);
      const id = opened.case.id;
      let v = await view(id);
      expect(v.complaint.category).toBeNull();
      expect((await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('quality.appearance'), version: v.complaint.version })).statusCode).toBe(400);
      v = await ok(await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('service'), subcategoryId: cat('service.after_sales'), writtenReplyOnly: true, version: v.complaint.version }));
      expect(v.complaint).toMatchObject({ category: { code: 'service' }, subcategory: { code: 'service.after_sales' }, writtenReplyOnly: true, resolutionKind: 'service' });
      expect((await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('service'), version: 1 })).statusCode).toBe(409);

      // found to be 重大 later: the severity changes, management is alerted at once, once
      const alarms = () => db().selectFrom('outbox_messages').select('id').where('template_key', '=', 'complaint.major').where('related_id', '=', id).execute();
      expect(await alarms()).toHaveLength(0);
      v = await ok(await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('service'), severity: 'major', version: v.complaint.version }));
      expect(v.case.severity).toBe('major');
      const alerted = (await alarms()).length;
      expect(alerted).toBeGreaterThan(0);
      const timeline = (await agent.get(`/api/v1/cases/${id}`)).json().timeline.map((e: any) => e.kind);
      expect(timeline).toEqual(expect.arrayContaining(['severity_changed', 'complaint_major_notified']));
      v = await ok(await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('service'), severity: 'important', version: v.complaint.version }));
      v = await ok(await agent.patch(`/api/v1/complaints/${id}`, { categoryId: cat('service'), severity: 'major', version: v.complaint.version }));
      expect(await alarms()).toHaveLength(alerted);
    });

    it('replacement and refund for a complainant known only by name and phone: one new customer, a linked claim and a linked return', async () => {
      const id = await investigated({ customerId: null, unitId: null, contactName: '赵女士', contactPhone: '13955550101', contactEmail: null, title: '新买的灯具外壳开裂' });
      await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['replace', 'refund'], note: '可换新或退款，由客户选择', version: await complaintVersion(id) }));
      const links = (await agent.get(`/api/v1/cases/${id}`)).json().links;
      const linked = await Promise.all(links.map(async (l: any) => (await agent.get(`/api/v1/cases/${l.caseId}`)).json()));
      expect(linked.map((c: any) => c.type).sort()).toEqual(['return', 'warranty_claim']);
      expect(linked[0].customerId).not.toBeNull();
      expect(linked[1].customerId).toBe(linked[0].customerId);
      expect(linked.every((c: any) => c.contactPhone === '13955550101')).toBe(true);
    });

    it('stale versions → 409; illegal transitions → 409 with the allowed actions; no permission → 403', async () => {
      const c = await ok(await open({ title: '冲突' }), 201);
      const id = c.case.id;
      const stale = await agent.post(`/api/v1/complaints/${id}/actions`, { action: 'acknowledge', version: c.case.version + 5 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('version_conflict');
      const illegal = await act(agent, id, 'submit_plan');
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json().error.details.allowedActions).toEqual(expect.arrayContaining(['acknowledge', 'cancel']));
      expect((await technician.get(`/api/v1/complaints/${id}`)).statusCode).toBe(403);
      expect((await technician.post('/api/v1/complaints', { channel: 'phone', title: 'x', categoryId: cat('quality') })).statusCode).toBe(403);
      expect((await agent.put(`/api/v1/complaints/${id}/investigation`, { version: 1, evidence: [], departmentIds: [] })).statusCode).toBe(409);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('major problems, anonymous complaints, expiry', () => {
    it('a major quality problem notifies management at once, gets a task force and sees the same product', async () => {
      const before = await ok(await open({ title: '批次空调漏电（同型号）', batchNumber: 'B2026-02' }), 201);
      const c = await ok(await open({ title: '整批空调漏电，产线停工', severity: 'major', batchNumber: 'B2026-02' }), 201);
      const id = c.case.id;
      const alarms = await db().selectFrom('outbox_messages').selectAll().where('template_key', '=', 'complaint.major').where('related_id', '=', id).execute();
      expect(alarms.map((a) => a.recipient)).toEqual(expect.arrayContaining([gm.userId, head.userId]));
      expect(c.complaint.managementNotifiedAt).not.toBeNull();
      expect(c.sameProductOrBatch.map((s: any) => s.id)).toContain(before.case.id);
      const v = await ok(await agent.put(`/api/v1/complaints/${id}/task-force`, { leaderId: gm.userId, memberIds: [head.userId, quality.userId], version: c.complaint.version }));
      expect(v.complaint.taskForce).toMatchObject({ leader: { id: gm.userId }, members: [{ id: head.userId }, { id: quality.userId }] });
      expect((await agent.put(`/api/v1/complaints/${before.case.id}/task-force`, { leaderId: gm.userId, memberIds: [], version: before.complaint.version })).statusCode).toBe(422);
    });

    it('anonymous: the written reply is attached instead of a confirmation, no follow-up rows (R-CMP-13)', async () => {
      const c = await ok(
        await agent.post('/api/v1/complaints', { channel: 'phone', title: '匿名反映服务态度差', categoryId: cat('service'), subcategoryId: cat('service.after_sales'), anonymous: true }),
        201,
      );
      const id = c.case.id;
      expect(c.complaint.anonymous).toBe(true);
      await ok(await act(agent, id, 'acknowledge'));
      await ok(await act(agent, id, 'verify', { data: { result: 'valid', facts: '经查属实' } }));
      await ok(await agent.put(`/api/v1/complaints/${id}/investigation`, { version: await complaintVersion(id), evidence: [], rootCause: '服务人员培训不足', responsibility: 'company', departmentIds: [qualityDept.id] }));
      await ok(await act(agent, id, 'submit_analysis'));
      await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'corrective', description: '服务礼仪培训', ownerId: otherHead.userId, dueOn: '2026-03-31' }), 201);
      await ok(await act(agent, id, 'submit_plan'));
      await ok(await act(otherHead, id, 'sign_plan'));
      expect((await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair'], note: 'x', version: await complaintVersion(id) })).statusCode).toBe(400);
      await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['rectification', 'apology', 'improvement'], note: '整改并公开致歉', version: await complaintVersion(id) }));
      await ok(await act(agent, id, 'complete_handling'));
      await ok(await act(agent, id, 'send_result', { note: '已整改' }));
      expect((await agent.post(`/api/v1/complaints/${id}/confirmation-link`)).statusCode).toBe(422);
      await ok(await act(agent, id, 'attach_reply', { note: '书面答复已在公告栏张贴' }));
      const [a] = (await view(id)).actions;
      const done = await ok(await otherHead.post(`/api/v1/complaints/capa/${a.id}`, { action: 'complete', evidence: '培训签到表', version: a.version }));
      await ok(await quality.post(`/api/v1/complaints/capa/${a.id}`, { action: 'verify', passed: true, version: done.version }));
      await ok(await act(quality, id, 'sign_tracking_sheet'));
      await ok(await act(gm, id, 'approve_closure'));
      expect(await followUpRows(id)).toEqual([]);
    });

    it('a named complaint cannot skip the complainant; an expired link is refused', async () => {
      const id = await investigated({ title: '链接过期' });
      await ok(await agent.put(`/api/v1/complaints/${id}/resolution`, { outcomes: ['repair'], note: '维修', version: await complaintVersion(id) }));
      // responsibility company needs an action
      await ok(await agent.post(`/api/v1/complaints/${id}/capa`, { kind: 'corrective', description: '维修', ownerId: head.userId, dueOn: '2026-03-31' }), 201);
      await ok(await act(agent, id, 'submit_plan'));
      await ok(await act(head, id, 'sign_plan'));
      await ok(await act(agent, id, 'complete_handling'));
      await ok(await act(agent, id, 'send_result', { note: '已维修' }));
      expect((await act(agent, id, 'attach_reply', { note: '书面答复' })).statusCode).toBe(422);
      expect((await act(admin, id, 'complainant_confirm')).statusCode).toBe(422);
      const link = await ok(await agent.post(`/api/v1/complaints/${id}/confirmation-link`), 201);
      const old = (await linkFromMail(id))!;
      expect((await ok(await publicGet(id, old.token))).status).toBe('revoked');
      t.clock.advance(8 * 86_400_000);
      expect((await ok(await publicGet(id, link.token))).status).toBe('expired');
      const res = await publicPost(id, { token: link.token, satisfied: true });
      expect(res.statusCode).toBe(410);
      expect(res.json().error.code).toBe('link_expired');
      expect((await view(id)).case.state).toBe('awaiting_confirmation');
      t.clock.set(MON_1000);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('documents and analysis', () => {
    it('the complaint report as PDF (Chinese font embedded) and XLSX (Chinese cells)', async () => {
      const id = await investigated({ title: '报告导出测试' });
      const pdf = await agent.get(`/api/v1/complaints/${id}/report.pdf`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      const bytes = pdf.rawPayload;
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.toString('latin1')).toMatch(/FontName \/[A-Z]{6}\+NotoSansSC/);
      const xlsx = await agent.get(`/api/v1/complaints/${id}/report.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as any);
      const sheet = wb.getWorksheet('客诉抱怨处理报告')!;
      const texts: string[] = [];
      sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
      expect(texts).toEqual(expect.arrayContaining(['客诉抱怨处理报告', '报告导出测试', '风扇叶片动平衡工序漏检', '生产部', '根本原因', '深圳华星电子有限公司', '受理登记', '核实', '投诉调查']));
      expect((await technician.get(`/api/v1/complaints/${id}/report.pdf`)).statusCode).toBe(403);
    });

    it('the monthly view counts by category, cause and department and picks the meeting topics; decisions become actions', async () => {
      const m = await ok(await agent.get('/api/v1/complaints/monthly?month=2026-03'));
      expect(m.total).toBeGreaterThan(5);
      const qualityRow = m.byCategory.find((x: any) => x.name === '产品质量');
      expect(qualityRow.count).toBeGreaterThanOrEqual(5);
      expect(m.byCause.find((x: any) => x.responsibility === '公司').count).toBeGreaterThan(0);
      expect(m.byDepartment.find((x: any) => x.name === '生产部').count).toBeGreaterThan(0);
      const topic = m.matrix.find((x: any) => x.name === '产品质量');
      expect(topic).toMatchObject({ frequency: 'high', urgency: 'high', meetingTopic: true });
      expect((await agent.get('/api/v1/complaints/monthly?month=2026-13')).statusCode).toBe(400);
      const meeting = await ok(
        await agent.post('/api/v1/complaints/meetings', {
          month: '2026-03',
          heldOn: '2026-03-31',
          topics: ['产品质量：空调噪音'],
          minutes: '决定对风扇供应商进行二方审核',
          decisions: [{ kind: 'preventive', description: '风扇供应商二方审核', ownerId: quality.userId, departmentId: qualityDept.id, dueOn: '2026-04-15' }],
        }),
        201,
      );
      expect(meeting.actions).toHaveLength(1);
      expect(meeting.actions[0]).toMatchObject({ meetingId: meeting.id, caseId: null, state: 'open' });
      expect((await ok(await agent.get('/api/v1/complaints/monthly?month=2026-03'))).meetings.map((x: any) => x.id)).toContain(meeting.id);
      expect((await ok(await agent.get('/api/v1/complaints/capa?state=open'))).items.map((x: any) => x.id)).toContain(meeting.actions[0].id);
    });

    it('the public confirmation route is rate limited (no guessing at speed)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 40 && !statuses.includes(429); i += 1) statuses.push((await publicGet(caller.customer.id, `x${i}.guessguessguess`)).statusCode);
      expect(statuses).toContain(404);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
