import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../customers/customers.service.js';
import { deliverOutbox } from '../../platform/outbox.js';
import { inTransaction } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { actingAs, caseInput, prepareCaseCore } from '../../testing/factories/cases.js';
import { customerInput } from '../../testing/factories/customers.js';
import { openCase } from '../cases/cases.service.js';
import {
  ensureNotificationTemplates,
  notify,
  notifyAppointment,
  notifyCaseClosed,
  notifyCaseReceived,
  notifyEscalation,
  notifyTechnicianJob,
} from './notifications.service.js';

/**
 * Notifications on a real database: templates seeded in Chinese, salutation and signature, the
 * repair flow's messages queued in the outbox, do-not-disturb, the administrator's outbox and
 * template editor, each user's in-app messages. The clock: Monday 2 March 2026 10:00 in Shanghai.
 */
describe('notifications', () => {
  let t: TestApp;
  let admin: TestClient;
  let agent: TestClient;
  let tech: TestClient;

  beforeAll(async () => {
    // the clock moves over hours while messages are retried: sessions must outlive it
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', config: { sessionTtlHours: 24 * 365 } });
    await prepareCaseCore(t.systemContext());
    await ensureNotificationTemplates(t.systemContext());
    admin = await t.userWith(['admin']);
    agent = await t.userWith(['agent']);
    tech = await t.userWith(['technician']);
    await t.database.db.updateTable('users').set({ display_name: '王师傅', phone: '13700001111', email: 'wang@example.com' }).where('id', '=', tech.userId).execute();
    await t.database.db.updateTable('users').set({ display_name: '李客服' }).where('id', '=', agent.userId).execute();
    const settings = (await admin.get('/api/v1/settings/notifications')).json();
    const saved = await admin.put('/api/v1/settings/notifications', {
      version: settings.version,
      companyName: '华南电器',
      signature: '华南电器有限公司 售后服务中心',
      hotline: '400-800-1234',
    });
    expect(saved.statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const db = () => t.database.db;
  const agentCtx = () => actingAs(t.systemContext(), { id: agent.userId, roles: ['agent'], displayName: '李客服' });
  const outboxOf = (caseId: string) =>
    db().selectFrom('outbox_messages').selectAll().where('related_id', '=', caseId).orderBy('created_at').orderBy('id').execute();

  async function customerWithContact(fields: { vip?: boolean; doNotDisturb?: boolean; contactName: string; phone?: string | null; email?: string | null }) {
    const base = customerInput();
    const customer = await createCustomer(t.systemContext(), {
      ...base,
      kind: 'company',
      vip: fields.vip ?? false,
      doNotDisturb: fields.doNotDisturb ?? false,
      contacts: [{ name: fields.contactName, role: 'main_user', phone: fields.phone ?? null, email: fields.email ?? null, isPrimary: true }],
    });
    return customer;
  }

  it('seeds the Chinese default templates once and lets the administrator see them', async () => {
    expect(await ensureNotificationTemplates(t.systemContext())).toBe(0);
    const res = await admin.get('/api/v1/notification-templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    const received = items.find((i: any) => i.key === 'case.received' && i.channel === 'email');
    expect(received.body).toContain('您的{{caseType}}已受理，工单号 {{caseNumber}}');
    expect(received.nameZh).toBe('工单受理通知');
    expect(received.placeholders).toEqual(expect.arrayContaining(['salutation', 'signature', 'caseNumber']));
    expect(received.modified).toBe(false);
    expect(items.some((i: any) => i.key === 'appointment.scheduled' && i.channel === 'sms')).toBe(true);
    expect((await agent.get('/api/v1/notification-templates')).statusCode).toBe(403);
  });

  it('tells the customer the case number by e-mail and SMS, with 先生/女士 salutation and the company signature', async () => {
    const customer = await customerWithContact({ contactName: '张伟', phone: '13912345678', email: 'zhang.wei@example.com' });
    // opening the case (phone, API or portal) is what acknowledges it
    const opened = await openCase(agentCtx(), caseInput({ customerId: customer.id, title: '空调不制冷' }));
    const messages = await outboxOf(opened.case.id);
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    const email = messages.find((m) => m.channel === 'email')!;
    expect(email.recipient).toBe('zhang.wei@example.com');
    expect(email.subject).toBe(`【华南电器】您的报修已受理 [${opened.case.number}]`);
    expect(email.body).toContain('张先生/女士您好：');
    expect(email.body).toContain(`您的报修已受理，工单号 ${opened.case.number}（空调不制冷）`);
    expect(email.body).toContain('华南电器有限公司 售后服务中心\n客服：李客服  服务热线：400-800-1234');
    const sms = messages.find((m) => m.channel === 'sms')!;
    expect(sms.recipient).toBe('13912345678');
    expect(sms.body).toBe(`【华南电器】张先生/女士您好，您的报修已受理，工单号${opened.case.number}。如有疑问请致电400-800-1234。`);

    // the same notice twice queues nothing more
    const again = await inTransaction(t.systemContext(), (tx) => notifyCaseReceived(tx, opened.case.id));
    expect(again.queued).toHaveLength(0);
    expect(await outboxOf(opened.case.id)).toHaveLength(2);

    const timeline = (await agent.get(`/api/v1/cases/${opened.case.id}`)).json().timeline;
    const notified = timeline.filter((e: any) => e.kind === 'customer_notified');
    expect(notified).toHaveLength(1);
    expect(notified[0].note).toBe('工单受理通知（邮件、短信）');
  });

  it('greets a VIP as 尊敬的贵宾 and tells the appointment: technician, phone and window in company time', async () => {
    const vip = await customerWithContact({ vip: true, contactName: '欧阳娜娜', phone: '13800000001' });
    const opened = await openCase(agentCtx(), caseInput({ customerId: vip.id }));
    await inTransaction(t.systemContext(), (tx) =>
      notifyAppointment(tx, opened.case.id, {
        technicianId: tech.userId,
        windowStart: '2026-03-05T01:00:00.000Z',
        windowEnd: '2026-03-05T04:00:00.000Z',
      }),
    );
    const [sms, ...others] = (await outboxOf(opened.case.id)).filter((m) => m.template_key === 'appointment.scheduled');
    expect(others).toHaveLength(0);
    expect(sms.channel).toBe('sms'); // no e-mail address: SMS only
    expect(sms.body).toContain('尊敬的贵宾');
    expect(sms.body).toContain('维修工程师王师傅，电话13700001111，上门时间3月5日 09:00–12:00');
  });

  it('sends service messages despite do-not-disturb, but not marketing ones', async () => {
    const quiet = await customerWithContact({ doNotDisturb: true, contactName: '赵敏', phone: '13800000002', email: 'zhao@example.com' });
    const opened = await openCase(agentCtx(), caseInput({ customerId: quiet.id }));
    const service = await inTransaction(t.systemContext(), (tx) => notifyCaseClosed(tx, opened.case.id));
    expect(service.queued.map((q) => q.channel).sort()).toEqual(['email', 'sms']);

    const now = new Date().toISOString();
    await db()
      .insertInto('notification_templates')
      .values({ id: newId(), key: 'promo.spring', channel: 'sms', locale: 'zh-CN', subject: null, body: '{{salutation}}，春季保养八折。', purpose: 'marketing', created_at: now, updated_at: now })
      .execute();
    const marketing = await inTransaction(t.systemContext(), (tx) => notify(tx, { template: 'promo.spring', to: { customerId: quiet.id } }));
    expect(marketing.queued).toHaveLength(0);
    expect(marketing.skipped).toEqual([{ channel: 'sms', reason: 'do_not_disturb' }]);
    const open = await customerWithContact({ contactName: '钱多多', phone: '13800000003' });
    const sent = await inTransaction(t.systemContext(), (tx) => notify(tx, { template: 'promo.spring', to: { customerId: open.id } }));
    expect(sent.queued).toHaveLength(1);
  });

  it('gives the technician the job in-app and by SMS, and staff the escalation alerts from templates', async () => {
    const customer = await customerWithContact({ contactName: '孙丽', phone: '13800000004' });
    const opened = await openCase(agentCtx(), caseInput({ customerId: customer.id, title: '冰箱异响' }));
    const job = await inTransaction(t.systemContext(), (tx) =>
      notifyTechnicianJob(tx, opened.case.id, tech.userId, { windowStart: '2026-03-05T06:00:00.000Z', windowEnd: '2026-03-05T08:00:00.000Z' }),
    );
    expect(job.queued.map((q) => q.channel).sort()).toEqual(['in_app', 'sms']);
    const inApp = (await outboxOf(opened.case.id)).find((m) => m.channel === 'in_app')!;
    expect(inApp.recipient).toBe(tech.userId);
    expect(inApp.subject).toBe(`新派工单 ${opened.case.number}`);
    expect(inApp.body).toContain('联系人 孙丽，电话 13800000004');
    expect(inApp.body).toContain('上门时间 3月5日 14:00–16:00');

    const alert = await inTransaction(t.systemContext(), (tx) =>
      notifyEscalation(tx, { caseId: opened.case.id, level: 2, metric: '首次答复', dueAt: '2026-03-02T06:00:00.000Z', recipientIds: [tech.userId, agent.userId], dedupeKey: `test:${opened.case.id}` }),
    );
    expect(alert.queued.filter((q) => q.channel === 'in_app')).toHaveLength(2);
    const overdue = (await outboxOf(opened.case.id)).filter((m) => m.template_key === 'case.escalation.overdue');
    expect(overdue[0].subject).toBe(`【已超时】${opened.case.number} 首次答复`);
    expect(overdue[0].body).toContain('已于 2026-03-02 14:00 超时');

    // in-app messages are the technician's inbox once the sweeper delivered them
    await deliverOutbox({ db: db(), clock: t.clock, config: t.config }, {});
    const inbox = await tech.get('/api/v1/notifications/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.map((m: any) => m.subject)).toEqual(expect.arrayContaining([`新派工单 ${opened.case.number}`]));
    expect(inbox.json().items.every((m: any) => m.related === null || m.related.entity === 'case')).toBe(true);
  });

  it('shows the administrator every message with state, attempts and last error, and retries a failed one', async () => {
    // the SMTP server refuses every attempt: e-mail dies visibly; SMS has no gateway configured and waits
    const deps = { db: db(), clock: t.clock, config: t.config };
    const smtpDown = { email: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25')) };
    for (let i = 0; i < 6; i++) {
      await deliverOutbox(deps, smtpDown);
      t.clock.advance(2 * 3600_000);
    }
    const summary = (await admin.get('/api/v1/outbox/summary')).json();
    expect(summary.configuredChannels).toEqual(['in_app']);
    expect(summary.counts.dead).toBeGreaterThan(0);
    const dead = (await admin.get('/api/v1/outbox?state=dead&channel=email')).json().items;
    expect(dead[0]).toMatchObject({ state: 'dead', attempts: 6, lastError: 'connect ECONNREFUSED 127.0.0.1:25' });
    const waitingSms = (await admin.get('/api/v1/outbox?channel=sms')).json().items;
    expect(waitingSms.length).toBeGreaterThan(0);
    expect(waitingSms.every((m: any) => m.state === 'pending' && m.attempts === 0)).toBe(true);
    expect(dead[0].related.label).toMatch(/^[A-Z]{2}-2026-\d{6}$/);

    const retried = await admin.post(`/api/v1/outbox/${dead[0].id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    let delivered = '';
    await deliverOutbox(deps, { email: async (m) => void (delivered = m.recipient) });
    expect(delivered).toBe(dead[0].recipient);
    expect((await admin.post(`/api/v1/outbox/${dead[0].id}/retry`)).json().error.code).toBe('already_sent');

    const cancelled = await admin.post(`/api/v1/outbox/${dead[1].id}/cancel`);
    expect(cancelled.json().state).toBe('cancelled');
    expect((await agent.get('/api/v1/outbox')).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/outbox/${newId()}/retry`)).statusCode).toBe(404);
    const byRecipient = (await admin.get('/api/v1/outbox?q=zhang.wei')).json().items;
    expect(byRecipient.length).toBeGreaterThan(0);
    expect(byRecipient.every((m: any) => m.recipient.includes('zhang.wei'))).toBe(true);
  });

  it('edits a template with optimistic locking, refuses unknown placeholders, previews and resets it', async () => {
    const items = (await admin.get('/api/v1/notification-templates')).json().items;
    const sms = items.find((i: any) => i.key === 'case.received' && i.channel === 'sms');
    const typo = await admin.put(`/api/v1/notification-templates/${sms.id}`, { version: sms.version, body: '{{salutation}}，工单号{{caseNo}}' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.code).toBe('unknown_placeholder');
    expect(typo.json().error.details[0]).toMatchObject({ path: ['body', 'body'] });
    expect(typo.json().error.details[0].message).toContain('{{caseNo}}');

    const body = '【{{companyName}}】{{salutation}}，已受理，工单号{{caseNumber}}，客服{{agentName}}。';
    const saved = await admin.put(`/api/v1/notification-templates/${sms.id}`, { version: sms.version, body });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ body, modified: true, version: sms.version + 1 });
    expect((await admin.put(`/api/v1/notification-templates/${sms.id}`, { version: sms.version, body })).statusCode).toBe(409);

    const preview = await admin.post(`/api/v1/notification-templates/${sms.id}/preview`, { body });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().body).toMatch(/^【华南电器】张先生\/女士您好，已受理，工单号BX-2026-000123，客服测试用户\d+。$/);

    const emailTemplate = items.find((i: any) => i.key === 'case.received' && i.channel === 'email');
    const noSubject = await admin.put(`/api/v1/notification-templates/${emailTemplate.id}`, { version: emailTemplate.version, subject: '', body: 'x' });
    expect(noSubject.statusCode).toBe(400);

    const reset = await admin.post(`/api/v1/notification-templates/${sms.id}/reset`, { version: saved.json().version });
    expect(reset.json()).toMatchObject({ modified: false, enabled: true });

    const disabled = await admin.put(`/api/v1/notification-templates/${sms.id}`, { version: reset.json().version, body: reset.json().body, enabled: false });
    expect(disabled.json().enabled).toBe(false);
    const customer = await customerWithContact({ contactName: '周杰', phone: '13800000005', email: 'zhou@example.com' });
    const opened = await openCase(agentCtx(), caseInput({ customerId: customer.id }));
    expect((await outboxOf(opened.case.id)).map((m) => m.channel)).toEqual(['email']);
    await admin.put(`/api/v1/notification-templates/${sms.id}`, { version: disabled.json().version, body: reset.json().body, enabled: true });
  });
});
