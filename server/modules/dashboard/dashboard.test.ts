import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { complianceRate } from './dashboard.service.js';

describe('complianceRate', () => {
  it('is on time ÷ everything that was due, rounded to 0.1 %, null when nothing was due', () => {
    expect(complianceRate({ metOnTime: 0, metLate: 0, breachedOpen: 0 })).toBeNull();
    expect(complianceRate({ metOnTime: 2, metLate: 1, breachedOpen: 0 })).toBe(0.667);
    expect(complianceRate({ metOnTime: 9, metLate: 0, breachedOpen: 1 })).toBe(0.9);
  });
});

describe('工作台 numbers (R-RPT-1)', () => {
  let t: TestApp;
  let agent: TestClient;
  let agent2: TestClient;
  let technician: TestClient;

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z' }); // Monday 10:00 in Shanghai
    agent = await t.userWith(['agent']);
    agent2 = await t.userWith(['agent']);
    technician = await t.userWith(['technician']);
  });
  afterAll(async () => t?.close());

  const open = async (client: TestClient, type: string, title: string, extra: Record<string, unknown> = {}) => {
    const res = await client.post('/api/v1/cases', {
      type,
      channel: 'phone',
      newCustomer: { kind: 'person', name: `${title}客户` },
      contactName: `${title}客户`,
      title,
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json().case;
  };

  it('counts open, mine, overdue, due today and the deadlines met on time, for the desk and for a technician', async () => {
    await open(agent, 'repair', '筒灯不亮');
    const asked = await open(agent, 'consultation', '保修期咨询');
    await open(agent2, 'consultation', '安装咨询');
    t.clock.set('2026-03-02T02:30:00.000Z');
    const replied = await agent.post(`/api/v1/cases/${asked.id}/actions`, { action: 'reply', version: asked.version, note: '已答复保修期为两年' });
    expect(replied.statusCode).toBe(200);
    // 16:00: the first replies of the repair and of agent2's consultation (4 business hours from
    // 10:00 with the lunch break: 15:30) are late
    t.clock.set('2026-03-02T08:00:00.000Z');
    // an urgent repair: the customer must be called back within 30 minutes — due today
    await open(agent, 'repair', '配电箱冒烟', { urgency: 'high' });

    // follow-up calls: one due today, one already done, one due tomorrow (only the first counts)
    const customerId = (await agent.get(`/api/v1/cases/${asked.id}`)).json().customerId;
    const task = (dueAt: string, state: 'pending' | 'done', key: string) => ({
      id: newId(),
      rule_id: null,
      source_key: key,
      customer_id: customerId,
      case_id: null,
      unit_id: null,
      order_id: null,
      previous_task_id: null,
      anchor_at: '2026-02-20T02:00:00.000Z',
      planned_at: dueAt,
      due_by: dueAt,
      due_at: dueAt,
      channel: 'phone' as const,
      assignee_role: 'agent',
      assignee_id: null,
      questionnaire_id: null,
      state,
      state_reason: null,
      merged_into_id: null,
      reached: null,
      score: null,
      opened_case_id: null,
      done_at: null,
      done_by: null,
      created_at: '2026-02-20T02:00:00.000Z',
      updated_at: '2026-02-20T02:00:00.000Z',
    });
    await t.database.db
      .insertInto('followup_tasks')
      .values([
        task('2026-03-02T07:30:00.000Z', 'pending', 'test:today'),
        task('2026-03-02T02:30:00.000Z', 'done', 'test:done'),
        task('2026-03-03T02:00:00.000Z', 'pending', 'test:tomorrow'),
      ])
      .execute();

    const res = await agent.get('/api/v1/dashboard');
    expect(res.statusCode).toBe(200);
    const numbers = res.json();
    expect(numbers).toMatchObject({
      scope: 'department',
      today: '2026-03-02',
      open: 4,
      mine: 3,
      overdue: 2,
      mineOverdue: 1,
      dueToday: 1,
      appointmentsToday: 0,
      followUpsToday: 1,
      sla: { days: 30, metOnTime: 1, metLate: 0, breachedOpen: 0, compliance: 1 },
    });
    const perType = (type: string) =>
      numbers.openByType.filter((r: any) => r.type === type).reduce((sum: number, r: any) => sum + r.count, 0);
    expect(perType('repair')).toBe(2);
    expect(perType('consultation')).toBe(2);
    expect(numbers.openByType.find((r: any) => r.type === 'repair').typeName).toBe('报修');

    // a technician reads only his own cases: none here
    const own = (await technician.get('/api/v1/dashboard')).json();
    expect(own).toMatchObject({ scope: 'mine', open: 0, mine: 0, overdue: 0, openByType: [], followUpsToday: null });
    expect((await agent.get('/api/v1/dashboard?days=0')).statusCode).toBe(400);
  });
});
