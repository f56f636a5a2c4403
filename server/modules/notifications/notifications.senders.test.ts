import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { createSmsSender, notificationSenders } from './notifications.senders.js';

/** The SMS gateway webhook against a real HTTP server, and which senders a configuration has. */
describe('message senders', () => {
  const received: { headers: IncomingMessage['headers']; body: any }[] = [];
  let status = 200;
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) });
      res.statusCode = status;
      res.end(status === 200 ? '{"ok":true}' : '{"error":"quota exceeded"}');
    });
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const message = { id: '019a0000-0000-7000-8000-0000000000aa', channel: 'sms' as const, recipient: '13800138000', subject: null, body: '【华南电器】您的报修已受理，工单号BX-2026-000001。', attempts: 1 };

  it('posts the SMS as JSON with the outbox id as idempotency key and the bearer token', async () => {
    await createSmsSender({ url, token: 'secret-token' })(message);
    expect(received[0].body).toEqual({ id: message.id, to: '13800138000', text: message.body });
    expect(received[0].headers['idempotency-key']).toBe(message.id);
    expect(received[0].headers.authorization).toBe('Bearer secret-token');
  });

  it('throws (so the outbox retries) when the gateway refuses', async () => {
    status = 429;
    await expect(createSmsSender({ url })(message)).rejects.toThrow(/SMS gateway answered 429: .*quota exceeded/);
    status = 200;
  });

  it('registers e-mail and SMS senders only when configured, and reads the mail settings from the environment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const bare = loadConfig({ DATA_DIR: dir });
    expect(Object.keys(notificationSenders(bare))).toEqual([]);
    expect(bare.mail).toEqual({ smtpUrl: null, from: null, messageIdDomain: 'aftersales.invalid', inbound: null });

    const full = loadConfig({
      DATA_DIR: dir,
      SMTP_URL: 'smtp://user:pass@smtp.example.com:587',
      SMTP_FROM: '华南电器售后 <service@huanan.example>',
      SMS_WEBHOOK_URL: 'https://sms.example.com/send',
      MAIL_INBOUND_PORT: '2525',
      MAIL_INBOUND_RECIPIENTS: 'baoxiu@huanan.example, @kefu.huanan.example',
    });
    expect(Object.keys(notificationSenders(full)).sort()).toEqual(['email', 'sms']);
    expect(full.mail.messageIdDomain).toBe('huanan.example');
    expect(full.mail.inbound).toEqual({ port: 2525, host: '127.0.0.1', recipients: ['baoxiu@huanan.example', '@kefu.huanan.example'], maxBytes: 25 * 1024 * 1024 });

    expect(() => loadConfig({ DATA_DIR: dir, MAIL_INBOUND_PORT: '2525' })).toThrow(/MAIL_INBOUND_RECIPIENTS/);
    expect(() => loadConfig({ DATA_DIR: dir, SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
  });
});
