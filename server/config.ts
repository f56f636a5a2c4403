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
  APP_SECRET: z.string().min(32, 'APP_SECRET must be at least 32 characters').optional(),
  COMPANY_TIME_ZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SWEEPER_INTERVAL_MS: z.coerce.number().int().positive().default(5000),
  PDF_FONT_PATH: z.string().optional(),
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
      ? { kind: 'postgres', url: env.DATABASE_URL }
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
