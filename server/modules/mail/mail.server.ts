/**
 * The SMTP listener for intake by e-mail (MAIL_INBOUND_PORT; off by default). It binds to
 * 127.0.0.1 unless told otherwise: the company's mail server (Postfix, Exchange, the hosted
 * mailbox's forwarding) relays the service mailboxes (baoxiu@…, tousu@…) to it. No AUTH, no TLS
 * on loopback; a public bind belongs behind a real MTA.
 *   RCPT TO outside MAIL_INBOUND_RECIPIENTS → 550; a blocked sender → 550 at MAIL FROM; larger than
 *   MAIL_INBOUND_MAX_BYTES → 552; neither subject nor text → 550 (stored as rejected); a failure
 *   of ours while storing → 451 (the sending server tries again later). Everything accepted is
 *   stored first (raw MIME) and processed in one transaction (mail.service.ts).
 */
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { addressMatches } from './mail.text.js';
import { type InboundDeps, type InboundResult, isBlockedSender, processInboundEmail } from './mail.service.js';

export interface InboundMailServer {
  /** the bound port (useful with port 0) */
  port: number;
  host: string;
  close(): Promise<void>;
}

export interface InboundServerOptions {
  port: number;
  host: string;
  /** accepted recipient addresses and @domains */
  recipients: readonly string[];
  maxBytes: number;
}

function smtpError(code: number, message: string): Error {
  const error = new Error(message) as Error & { responseCode: number };
  error.responseCode = code;
  return error;
}

export async function startInboundMailServer(
  deps: InboundDeps & { log?: FastifyBaseLogger },
  options: InboundServerOptions | null = deps.config.mail.inbound,
  hooks: { onProcessed?: (result: InboundResult) => void } = {},
): Promise<InboundMailServer> {
  if (!options) throw new Error('the e-mail listener is not configured (MAIL_INBOUND_PORT)');
  const server = new SMTPServer({
    name: deps.config.mail.messageIdDomain,
    banner: 'Aftersales 售后服务 e-mail intake',
    secure: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxBytes,
    logger: false,
    onMailFrom(address: SMTPServerAddress, _session, callback) {
      isBlockedSender(deps.db, address.address)
        .then((blocked) => callback(blocked ? smtpError(550, '5.7.1 Sender refused') : null))
        .catch((error) => {
          deps.log?.error({ err: error }, 'e-mail intake: sender check failed');
          callback(smtpError(451, '4.3.0 Try again later'));
        });
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (addressMatches(address.address, options.recipients)) callback();
      else callback(smtpError(550, '5.1.1 Mailbox unavailable'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= options.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > options.maxBytes) {
          callback(smtpError(552, `5.3.4 Message too big (at most ${options.maxBytes} bytes)`));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : (false as const),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        processInboundEmail(deps, raw, envelope)
          .then((result) => {
            hooks.onProcessed?.(result);
            deps.log?.info({ inboundEmail: result.id, state: result.state, reason: result.reason, case: result.caseNumber }, 'e-mail received');
            if (result.state === 'rejected' && result.reason === 'no_text') {
              callback(smtpError(550, '5.6.0 The message has neither a subject nor any text'));
            } else {
              callback(null, `Queued as ${result.id}`);
            }
          })
          .catch((error) => {
            deps.log?.error({ err: error }, 'e-mail intake failed');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          });
      });
    },
  });
  server.on('error', (error) => deps.log?.error({ err: error }, 'e-mail listener error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    host: options.host,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
