import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../config.js';
import { deliverOutbox } from '../../platform/outbox.js';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { makeCaller, prepareCaseCore } from '../../testing/factories/cases.js';
import { sampleFiles } from '../attachments/testing.js';
import { ensureNotificationTemplates } from '../notifications/notifications.service.js';
import { createEmailSender } from './mail.sender.js';
import { type InboundMailServer, startInboundMailServer } from './mail.server.js';
import { processInboundEmail } from './mail.service.js';

/**
 * E-mail in and out over real SMTP on 127.0.0.1: nodemailer sends to our listener (intake), and our
 * sender delivers the outbox to a stand-in for the customer's mail server. Real database.
 */
describe('e-mail intake and outgoing e-mail', () => {
  let t: TestApp;
  let admin: TestClient;
  let agent: TestClient;
  let listener: InboundMailServer;
  let client: Transporter;
  let caller: Awaited<ReturnType<typeof makeCaller>>;
  const MAX_BYTES = 300_000;

  // the customer's mail server: keeps what our sender delivers
  let customerServer: SMTPServer;
  let customerPort = 0;
  const delivered: { envelopeTo: string[]; raw: Buffer }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-02T02:00:00.000Z', config: { sessionTtlHours: 24 * 365 } });
    t.config.mail = { smtpUrl: null, from: '华南电器售后服务 <service@huanan.test>', messageIdDomain: 'huanan.test', inbound: null };
    await prepareCaseCore(t.systemContext());
    await ensureNotificationTemplates(t.systemContext());
    admin = await t.userWith(['admin']);
    agent = await t.userWith(['agent']);
    const settings = (await admin.get('/api/v1/case-settings')).json();
    expect((await admin.put('/api/v1/case-settings', { ...settings, defaultIntakeOwnerId: agent.userId, updatedAt: undefined })).statusCode).toBe(200);
    caller = await makeCaller(t.systemContext(), { name: '李明', email: 'li.ming@example.com', phone: '13811112222' });

    listener = await startInboundMailServer(
      { db: t.database.db, clock: t.clock, config: t.config },
      { port: 0, host: '127.0.0.1', recipients: ['baoxiu@huanan.test', 'tousu@huanan.test', '@kefu.huanan.test'], maxBytes: MAX_BYTES },
    );
    client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });

    customerServer = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          delivered.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => customerServer.listen(0, '127.0.0.1', () => resolve()));
    customerPort = (customerServer.server.address() as any).port;
  });

  afterAll(async () => {
    client?.close();
    await listener?.close();
    await new Promise<void>((resolve) => customerServer.close(() => resolve()));
    await t.close();
  });

  const db = () => t.database.db;
  const outConfig = (): AppConfig => ({ ...t.config, mail: { ...t.config.mail, smtpUrl: `smtp://127.0.0.1:${customerPort}?ignoreTLS=true` } });
  const inbound = (messageId: string) => db().selectFrom('inbound_emails').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  const caseRow = (id: string) => db().selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const countCases = async () => Number((await db().selectFrom('cases').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const timelineOf = async (caseId: string) => (await agent.get(`/api/v1/cases/${caseId}`)).json().timeline as any[];
  async function deliverEmails(): Promise<ParsedMail[]> {
    const before = delivered.length;
    await deliverOutbox({ db: db(), clock: t.clock, config: t.config }, { email: createEmailSender({ config: outConfig(), db: db() }) });
    return Promise.all(delivered.slice(before).map((d) => simpleParser(d.raw)));
  }

  let firstCaseId = '';
  let firstCaseNumber = '';

  it('turns a mail to baoxiu@ into a repair case for the known customer, with its photo, and queues the auto-reply', async () => {
    const info = await client.sendMail({
      from: '李明 <li.ming@example.com>',
      to: 'baoxiu@huanan.test',
      subject: '空调不制冷，请派人维修',
      text: '家里的空调从昨天开始不制冷，型号见照片。\n地址：深圳市南山区科技园路1号',
      messageId: '<first-001@example.com>',
      attachments: [{ filename: '故障照片.png', content: sampleFiles.png(), contentType: 'image/png' }],
    });
    expect(info.response).toMatch(/^250 .*Queued as/);

    const row = (await inbound('<first-001@example.com>'))!;
    expect(row).toMatchObject({ state: 'case_opened', from_address: 'li.ming@example.com', from_name: '李明', subject: '空调不制冷，请派人维修', attachment_count: 1 });
    expect(Buffer.from(row.raw).toString('utf8')).toContain('Message-ID: <first-001@example.com>');
    const c = await caseRow(row.case_id!);
    expect(c).toMatchObject({ type: 'repair', channel: 'email', customer_id: caller.customer.id, title: '空调不制冷，请派人维修', owner_id: agent.userId });
    expect(c.number).toMatch(/^BX-2026-\d{6}$/);
    expect(c.description).toContain('家里的空调从昨天开始不制冷');
    firstCaseId = c.id;
    firstCaseNumber = c.number;

    const files = (await agent.get(`/api/v1/attachments?entity=case&entityId=${c.id}`)).json().items;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ fileName: '故障照片.png', mimeType: 'image/png', source: 'email', uploadedBy: null });
    const messageIn = (await timelineOf(c.id)).find((e) => e.kind === 'message_in');
    expect(messageIn.data).toMatchObject({ from: 'li.ming@example.com', inboundEmailId: row.id });
    expect(messageIn.data.attachments[0].fileName).toBe('故障照片.png');

    const reply = await db().selectFrom('outbox_messages').selectAll().where('related_id', '=', c.id).where('channel', '=', 'email').executeTakeFirstOrThrow();
    expect(reply.recipient).toBe('li.ming@example.com');
    expect(reply.subject).toContain(`[${c.number}]`);
  });

  it('delivers the auto-reply over SMTP: Chinese subject RFC 2047-encoded, Message-ID from the outbox id, threaded on the customer mail', async () => {
    const mails = await deliverEmails();
    const reply = mails.find((m) => m.subject?.includes(firstCaseNumber))!;
    expect(reply).toBeDefined();
    const raw = delivered.find((d) => d.raw.toString('utf8').includes(reply.messageId!))!.raw.toString('utf8');
    expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(reply.subject).toBe(`【售后服务中心】您的报修已受理 [${firstCaseNumber}]`);
    expect(reply.text).toContain(`工单号 ${firstCaseNumber}`);
    expect(reply.text).toContain('李先生/女士您好');
    expect(reply.from?.value[0]).toMatchObject({ address: 'service@huanan.test', name: '华南电器售后服务' });
    expect(reply.to && !Array.isArray(reply.to) ? reply.to.value[0].address : null).toBe('li.ming@example.com');
    const outboxId = (await db().selectFrom('outbox_messages').select('id').where('related_id', '=', firstCaseId).where('channel', '=', 'email').executeTakeFirstOrThrow()).id;
    expect(reply.messageId).toBe(`<${outboxId}@huanan.test>`);
    expect(reply.inReplyTo).toBe('<first-001@example.com>');
    expect([reply.references].flat()).toEqual(expect.arrayContaining([`<case-${firstCaseId}@huanan.test>`, '<first-001@example.com>']));
    expect(reply.headers.get('auto-submitted')).toBe('auto-generated');
    const sent = await db().selectFrom('outbox_messages').select('state').where('id', '=', outboxId).executeTakeFirstOrThrow();
    expect(sent.state).toBe('sent');
  });

  it('puts a reply to our mail on the case timeline with its attachment, resumes the waiting case and tells the owner', async () => {
    const c = await caseRow(firstCaseId);
    expect((await agent.post(`/api/v1/cases/${firstCaseId}/pause`, { reason: 'customer', version: c.version, note: '等客户确认上门时间' })).statusCode).toBe(200);
    const outboxId = (await db().selectFrom('outbox_messages').select('id').where('related_id', '=', firstCaseId).where('channel', '=', 'email').executeTakeFirstOrThrow()).id;

    await client.sendMail({
      from: '李明 <li.ming@example.com>',
      to: 'baoxiu@huanan.test',
      subject: `回复：【售后服务中心】您的报修已受理 [${firstCaseNumber}]`,
      text: '师傅明天上午可以来。\n\n------------------ 原始邮件 ------------------\n发件人: 华南电器售后服务\n您的报修已受理',
      inReplyTo: `<${outboxId}@huanan.test>`,
      references: [`<case-${firstCaseId}@huanan.test>`, `<${outboxId}@huanan.test>`],
      messageId: '<reply-002@example.com>',
      attachments: [{ filename: '购买凭证.pdf', content: sampleFiles.pdf() }],
    });
    const row = (await inbound('<reply-002@example.com>'))!;
    expect(row).toMatchObject({ state: 'reply_added', case_id: firstCaseId });
    const events = await timelineOf(firstCaseId);
    const messageIn = events.filter((e) => e.kind === 'message_in').pop();
    expect(messageIn.note).toBe('师傅明天上午可以来。');
    expect(messageIn.visibility).toBe('customer');
    expect(messageIn.data.attachments[0]).toMatchObject({ fileName: '购买凭证.pdf', mimeType: 'application/pdf' });
    expect(events.some((e) => e.kind === 'resumed')).toBe(true);
    expect((await caseRow(firstCaseId)).waiting_on).toBeNull();
    const ownerNote = await db()
      .selectFrom('outbox_messages')
      .selectAll()
      .where('template_key', '=', 'case.customer_replied')
      .where('related_id', '=', firstCaseId)
      .executeTakeFirstOrThrow();
    expect(ownerNote).toMatchObject({ channel: 'in_app', recipient: agent.userId });
    expect(ownerNote.body).toContain('师傅明天上午可以来。');
    expect(await countCases()).toBe(1);
  });

  it('finds the case by the number in the subject when the headers do not help', async () => {
    await client.sendMail({
      from: 'li.ming.home@example.net',
      to: 'tousu@huanan.test',
      subject: `关于工单 ${firstCaseNumber.toLowerCase()} 的补充`,
      text: '补充：室外机有异响。',
      messageId: '<subject-003@example.net>',
    });
    expect((await inbound('<subject-003@example.net>'))!).toMatchObject({ state: 'reply_added', case_id: firstCaseId });
    // a sender the case does not know is flagged on the timeline
    const events = (await timelineOf(firstCaseId)).filter((e) => e.kind === 'message_in');
    expect(events.at(-1).data).toMatchObject({ from: 'li.ming.home@example.net', knownSender: false });
    expect(events.at(-2).data.knownSender).toBe(true);
    expect(await countCases()).toBe(1);
  });

  it('makes one case when the same message is delivered twice', async () => {
    const mail = {
      from: '"王芳" <wang.fang@example.org>',
      to: 'tousu@huanan.test',
      subject: '投诉：维修师傅迟到两小时',
      text: '约好上午九点，十一点才到。',
      messageId: '<dup-004@example.org>',
    };
    const first = await client.sendMail(mail);
    const second = await client.sendMail(mail);
    const id = (await inbound('<dup-004@example.org>'))!.id;
    expect(first.response).toContain(id);
    expect(second.response).toContain(id);
    expect(await countCases()).toBe(2);
    const row = (await inbound('<dup-004@example.org>'))!;
    const c = await caseRow(row.case_id!);
    expect(c.type).toBe('complaint');
    expect(c.number).toMatch(/^TS-2026-/);
    // an unknown sender becomes a new customer, created on the spot
    const customer = await db().selectFrom('customers').select(['name', 'kind']).where('id', '=', c.customer_id!).executeTakeFirstOrThrow();
    expect(customer).toEqual({ name: '王芳', kind: 'person' });
    expect(await db().selectFrom('inbound_emails').select('id').where('message_id', '=', '<dup-004@example.org>').execute()).toHaveLength(1);
  });

  it('makes one case when two deliveries of a message race each other', async () => {
    const raw = Buffer.from(
      'From: race@example.com\r\nTo: baoxiu@huanan.test\r\nSubject: =?UTF-8?B?5rSX6KGj5py65ryP5rC0?=\r\n' +
        'Message-ID: <race-009@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nwater everywhere\r\n',
    );
    const before = await countCases();
    const deps = { db: db(), clock: t.clock, config: t.config };
    const results = await Promise.all([1, 2, 3].map(() => processInboundEmail(deps, raw, { rcptTo: ['baoxiu@huanan.test'] })));
    expect(await countCases()).toBe(before + 1);
    expect(new Set(results.map((r) => r.caseId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect((await caseRow(results[0].caseId!)).title).toBe('洗衣机漏水');
  });

  it('decodes GB2312/GBK subjects, names and bodies', async () => {
    const raw = [
      'From: =?GBK?B?zfXPyMn6?= <wang.xs@example.cn>',
      'To: kefu@kefu.huanan.test',
      'Subject: =?GBK?B?v9W198Kpy64=?=',
      'Message-ID: <gbk-005@example.cn>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=GBK',
      'Content-Transfer-Encoding: base64',
      '',
      'v83M/L/VtffCqcuuo6zH676hv+zJz8PFoaM=',
      '',
    ].join('\r\n');
    await client.sendMail({ envelope: { from: 'wang.xs@example.cn', to: ['kefu@kefu.huanan.test'] }, raw });
    const row = (await inbound('<gbk-005@example.cn>'))!;
    expect(row).toMatchObject({ state: 'case_opened', subject: '空调漏水', from_name: '王先生', text_body: '客厅空调漏水，请尽快上门。' });
    const c = await caseRow(row.case_id!);
    expect(c).toMatchObject({ title: '空调漏水', type: 'consultation', contact_name: '王先生' });
  });

  it('refuses mail at the door: unknown recipient 550, blocked sender 550, too big 552, no text 550', async () => {
    const before = await countCases();
    await expect(client.sendMail({ from: 'a@example.com', to: 'ceo@huanan.test', subject: 'x', text: 'y' })).rejects.toMatchObject({ responseCode: 550 });

    const settings = (await admin.get('/api/v1/settings/mail')).json();
    expect(settings.mailboxTypes).toEqual(expect.arrayContaining([{ mailbox: 'baoxiu', caseType: 'repair' }]));
    const saved = await admin.put('/api/v1/settings/mail', {
      version: settings.version,
      mailboxTypes: settings.mailboxTypes,
      defaultCaseType: settings.defaultCaseType,
      blockedSenders: ['@spam.example', 'pest@example.com'],
      autoReply: true,
    });
    expect(saved.statusCode).toBe(200);
    await expect(client.sendMail({ from: 'x@spam.example', to: 'baoxiu@huanan.test', subject: '广告', text: '便宜' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(client.sendMail({ from: 'PEST@example.com', to: 'baoxiu@huanan.test', subject: '广告', text: '便宜' })).rejects.toMatchObject({ responseCode: 550 });

    await expect(
      client.sendMail({ from: 'big@example.com', to: 'baoxiu@huanan.test', subject: '大附件', text: '见附件', attachments: [{ filename: 'big.jpg', content: sampleFiles.jpeg(MAX_BYTES) }] }),
    ).rejects.toMatchObject({ responseCode: 552 });

    await expect(client.sendMail({ from: 'empty@example.com', to: 'baoxiu@huanan.test', messageId: '<empty-006@example.com>', text: '' })).rejects.toMatchObject({
      responseCode: 550,
    });
    expect((await inbound('<empty-006@example.com>'))!).toMatchObject({ state: 'rejected', reason: 'no_text', case_id: null });
    expect(await countCases()).toBe(before);

    const current = saved.json();
    const badType = await admin.put('/api/v1/settings/mail', {
      version: current.version,
      mailboxTypes: [{ mailbox: 'x', caseType: 'nope' }],
      defaultCaseType: current.defaultCaseType,
      blockedSenders: current.blockedSenders,
      autoReply: current.autoReply,
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().error.details[0].path).toEqual(['body', 'mailboxTypes', 0, 'caseType']);
  });

  it('keeps auto-replies and bounces without opening a case or answering them', async () => {
    const before = await countCases();
    const info = await client.sendMail({
      from: 'li.ming@example.com',
      to: 'baoxiu@huanan.test',
      subject: '自动回复：我正在休假',
      text: '我将于下周回来。',
      messageId: '<auto-007@example.com>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(info.response).toMatch(/^250/);
    expect((await inbound('<auto-007@example.com>'))!).toMatchObject({ state: 'rejected', reason: 'auto_generated' });
    expect(await countCases()).toBe(before);
  });

  it('keeps a mail that could not be processed as failed, and opens the case when reprocessed after the fix', async () => {
    const settings = (await admin.get('/api/v1/case-settings')).json();
    await admin.put('/api/v1/case-settings', { version: settings.version, defaultIntakeOwnerId: null, duplicateWindowDays: settings.duplicateWindowDays, similarityThreshold: settings.similarityThreshold });
    const info = await client.sendMail({ from: '赵六 <zhao.liu@example.com>', to: 'baoxiu@huanan.test', subject: '热水器不点火', text: '打不着火。', messageId: '<fail-008@example.com>' });
    expect(info.response).toMatch(/^250/);
    const failed = (await inbound('<fail-008@example.com>'))!;
    expect(failed).toMatchObject({ state: 'failed', reason: 'no_intake_owner', case_id: null });
    expect(await db().selectFrom('customers').select('id').where('name', '=', '赵六').execute()).toHaveLength(0);

    const list = await admin.get('/api/v1/inbound-emails?state=failed');
    expect(list.json().items.map((i: any) => i.id)).toContain(failed.id);
    expect((await agent.get('/api/v1/inbound-emails')).statusCode).toBe(403);
    const raw = await admin.get(`/api/v1/inbound-emails/${failed.id}/raw`);
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.body).toContain('Message-ID: <fail-008@example.com>');

    const now = (await admin.get('/api/v1/case-settings')).json();
    await admin.put('/api/v1/case-settings', { version: now.version, defaultIntakeOwnerId: agent.userId, duplicateWindowDays: now.duplicateWindowDays, similarityThreshold: now.similarityThreshold });
    const stale = await admin.post(`/api/v1/inbound-emails/${failed.id}/reprocess`, { version: failed.version + 5 });
    expect(stale.statusCode).toBe(409);
    const done = await admin.post(`/api/v1/inbound-emails/${failed.id}/reprocess`, { version: failed.version });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ state: 'case_opened', reason: null });
    expect(done.json().case.number).toMatch(/^BX-2026-/);
    expect((await admin.post(`/api/v1/inbound-emails/${failed.id}/reprocess`, { version: done.json().version })).statusCode).toBe(409);

    // delivering it again now is a duplicate, not a second case
    const again = await processInboundEmail({ db: db(), clock: t.clock, config: t.config }, Buffer.from(raw.body), { rcptTo: ['baoxiu@huanan.test'] });
    expect(again).toMatchObject({ duplicate: true, state: 'case_opened', caseId: done.json().case.id });
  });
});
