import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Environment, parsed once at start. Everything else receives an AppConfig. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  /** PostgreSQL schema (default: the server's search_path, usually public) */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .optional(),
  APP_SECRET: z.string().min(32, 'APP_SECRET must be at least 32 characters').optional(),
  COMPANY_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SWEEPER_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  PDF_FONT_PATH: z.string().optional(),
  // e-mail and SMS: outgoing notifications and intake by e-mail (server/modules/mail/, server/modules/notifications/)
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp://user:pass@host:port or smtps://…').optional(),
  SMTP_FROM: z.string().optional(),
  MAIL_MESSAGE_ID_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i).optional(),
  MAIL_INBOUND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  MAIL_INBOUND_HOST: z.string().default('127.0.0.1'),
  MAIL_INBOUND_RECIPIENTS: z.string().optional(),
  MAIL_INBOUND_MAX_BYTES: z.coerce.number().int().positive().default(25 * 1024 * 1024),
  SMS_WEBHOOK_URL: z.url().optional(),
  SMS_WEBHOOK_TOKEN: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };
  appSecret: string;
  companyTimeZone: string;
  logLevel: Env['LOG_LEVEL'];
  seedDemo: Env['SEED_DEMO'];
  sessionTtlHours: number;
  loginRateLimitPerMinute: number;
  sweeperIntervalMs: number;
  pdfFontPath?: string;
  /** argon2 cost; tests lower it so a suite with hundreds of logins stays fast. */
  passwordHashCost: { memoryCost: number; timeCost: number };
  /** outgoing and incoming e-mail (server/modules/mail/) */
  mail: MailConfig;
  /** SMS through an HTTP webhook of the company's SMS gateway; no URL → SMS wait in the outbox */
  sms: { webhookUrl: string | null; webhookToken: string | null };
}

export interface MailConfig {
  /** nodemailer SMTP URL; null → e-mails wait in the outbox (visible to the administrator) */
  smtpUrl: string | null;
  /** From: of outgoing mail, e.g. '某某公司售后服务 <service@example.com>' */
  from: string | null;
  /** right-hand side of the Message-IDs we send (default: the domain of SMTP_FROM) */
  messageIdDomain: string;
  /** the SMTP listener for intake by e-mail; null = off */
  inbound: { port: number; host: string; recipients: string[]; maxBytes: number } | null;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    database: env.DATABASE_URL?.startsWith('postgres')
      ? { kind: 'postgres', url: env.DATABASE_URL, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) }
      : { kind: 'sqlite', file: env.DATABASE_URL?.replace(/^sqlite:/, '') || path.join(dataDir, 'aftersales.db') },
    appSecret: resolveSecret(env, dataDir),
    companyTimeZone: env.COMPANY_TIME_ZONE,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    sweeperIntervalMs: env.SWEEPER_INTERVAL_MS,
    pdfFontPath: env.PDF_FONT_PATH,
    passwordHashCost: { memoryCost: 19456, timeCost: 2 },
    mail: mailConfigOf(env),
    sms: { webhookUrl: env.SMS_WEBHOOK_URL ?? null, webhookToken: env.SMS_WEBHOOK_TOKEN ?? null },
  };
}

function mailConfigOf(env: Env): MailConfig {
  const fromDomain = env.SMTP_FROM?.match(/@([a-z0-9.-]+)>?\s*$/i)?.[1];
  const recipients = (env.MAIL_INBOUND_RECIPIENTS ?? '')
    .split(/[,;\s]+/)
    .map((r) => r.trim().toLowerCase())
    .filter(Boolean);
  if (env.MAIL_INBOUND_PORT && recipients.length === 0) {
    throw new Error(
      'Invalid configuration:\n  MAIL_INBOUND_RECIPIENTS: name the addresses or @domains the e-mail listener accepts (e.g. "baoxiu@example.com,@service.example.com")',
    );
  }
  return {
    smtpUrl: env.SMTP_URL ?? null,
    from: env.SMTP_FROM ?? null,
    messageIdDomain: (env.MAIL_MESSAGE_ID_DOMAIN ?? fromDomain ?? 'aftersales.invalid').toLowerCase(),
    inbound: env.MAIL_INBOUND_PORT
      ? { port: env.MAIL_INBOUND_PORT, host: env.MAIL_INBOUND_HOST, recipients, maxBytes: env.MAIL_INBOUND_MAX_BYTES }
      : null,
  };
}

/**
 * Production must be given APP_SECRET. Development generates one per data directory
 * and keeps it there, so signed links survive restarts without a secret in the code.
 */
function resolveSecret(env: Env, dataDir: string): string {
  if (env.APP_SECRET) return env.APP_SECRET;
  if (env.NODE_ENV === 'production') {
    throw new Error('APP_SECRET is required when NODE_ENV=production (at least 32 random characters).');
  }
  const file = path.join(dataDir, '.app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
