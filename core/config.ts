import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import { z } from 'zod';
import { projectRoot } from './paths.js';
import { bioSamplesTargetProblem } from './biosamples/production-opt-in.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min = 0) => z.coerce.number().int().min(min);
const url = z.string().url();

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: int(0).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: url.optional(),
  TRUST_PROXY: z.string().default('loopback').refine(validTrustProxy, 'must be true, false, a number of hops, or addresses, subnets, loopback, linklocal, uniquelocal'),
  DATABASE_URL: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: int(1).default(54329),
  EMBEDDED_PG_DIR: z.string().default('./data/postgres'),
  ADMIN_EMAIL: z.string().email().default('admin@localhost'),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  BIOSAMPLES_URL: url.default('https://wwwdev.ebi.ac.uk/biosamples'),
  BIOSAMPLES_PRODUCTION: bool.default(false),
  WEBIN_AUTH_URL: url.default('https://wwwdev.ebi.ac.uk/ena/submit/webin/auth/token'),
  OLS_URL: url.default('https://www.ebi.ac.uk/ols4/api'),
  ZOOMA_URL: url.default('https://www.ebi.ac.uk/spot/zooma/v2/api'),
  ONTOLOGY_ONLINE: bool.default(true),
  SUBMIT_CONCURRENCY: int(1).default(4),
  SUBMIT_RATE_PER_SECOND: z.coerce.number().positive().default(10),
  SMTP_URL: url.optional(),
  MAIL_FROM: z.string().default('InjectTool <injecttool@localhost>'),
  MAX_UPLOAD_MB: int(1).default(100),
  MAX_ROWS: int(1).default(1_000_000),
  MAX_UNZIPPED_MB: int(1).default(1000),
  STUCK_JOB_MINUTES: int(1).default(60),
  JOB_RETENTION_DAYS: int(1).default(14),
  JOB_LOCK_MINUTES: z.coerce.number().positive().default(5),
  MONITOR_PORT: int(1).default(5555),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

type Env = z.infer<typeof schema>;

export interface Config {
  production: boolean;
  port: number;
  host: string;
  publicUrl: string;
  /** Express's `trust proxy`: which hops may tell the client's address and scheme (X-Forwarded-*). */
  trustProxy: boolean | number | string;
  databaseUrl: string | undefined;
  embeddedPg: { port: number; dir: string };
  admin: { email: string; password: string | undefined };
  secretKey: string;
  biosamples: { url: string; production: boolean; webinAuthUrl: string; concurrency: number; ratePerSecond: number };
  ontology: { olsUrl: string; zoomaUrl: string; online: boolean };
  mail: { smtpUrl: string | undefined; from: string };
  limits: { maxUploadBytes: number; maxRows: number; maxUnzippedBytes: number };
  jobs: { stuckMinutes: number; retentionDays: number; lockMinutes: number; monitorPort: number };
  logLevel: Env['LOG_LEVEL'];
}

export class ConfigError extends Error {
  name = 'ConfigError';
}

/** Reads every setting from `env`; a missing or invalid one throws a ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`Invalid setting ${name}=${JSON.stringify(env[name])}: ${issue.message}`);
  }
  const e = parsed.data;
  const target = bioSamplesTargetProblem(e.BIOSAMPLES_URL, e.BIOSAMPLES_PRODUCTION);
  if (target) throw new ConfigError(target);
  const production = e.NODE_ENV === 'production';
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustProxy: trustProxySetting(e.TRUST_PROXY),
    databaseUrl: e.DATABASE_URL,
    embeddedPg: { port: e.EMBEDDED_PG_PORT, dir: path.resolve(projectRoot, e.EMBEDDED_PG_DIR) },
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    secretKey: e.SECRET_KEY ?? secretKeyFromDataDir(production),
    biosamples: {
      url: e.BIOSAMPLES_URL.replace(/\/$/, ''),
      production: e.BIOSAMPLES_PRODUCTION,
      webinAuthUrl: e.WEBIN_AUTH_URL,
      concurrency: e.SUBMIT_CONCURRENCY,
      ratePerSecond: e.SUBMIT_RATE_PER_SECOND,
    },
    ontology: { olsUrl: e.OLS_URL.replace(/\/$/, ''), zoomaUrl: e.ZOOMA_URL.replace(/\/$/, ''), online: e.ONTOLOGY_ONLINE },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    limits: {
      maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
      maxRows: e.MAX_ROWS,
      maxUnzippedBytes: e.MAX_UNZIPPED_MB * 1024 * 1024,
    },
    jobs: {
      stuckMinutes: e.STUCK_JOB_MINUTES,
      retentionDays: e.JOB_RETENTION_DAYS,
      lockMinutes: e.JOB_LOCK_MINUTES,
      monitorPort: e.MONITOR_PORT,
    },
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * TRUST_PROXY: `false` (no proxy: the socket's address is the client's), `true` (any hop: only when
 * the app cannot be reached but through the proxy), a number of hops, or addresses / subnets /
 * Express's names (`loopback`, `linklocal`, `uniquelocal`), comma-separated. Default `loopback`:
 * an nginx on the same host. The compose stack's nginx is on a private network: `uniquelocal`.
 */
function validTrustProxy(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (/^(true|false|on|off|yes|no|none|\d+)$/.test(v)) return true;
  return v.split(',').every((part) => {
    const [address, prefix, ...rest] = part.trim().split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(address)) return prefix === undefined;
    return !rest.length && net.isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
  });
}

function trustProxySetting(raw: string): boolean | number | string {
  const v = raw.trim().toLowerCase();
  if (['false', 'off', 'no', 'none'].includes(v)) return false;
  if (['true', 'on', 'yes'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  return raw.trim();
}

/** Outside production a missing SECRET_KEY is generated once and kept in ./data/secret.key. */
function secretKeyFromDataDir(production: boolean): string {
  if (production) throw new ConfigError('Missing setting SECRET_KEY: required when NODE_ENV=production');
  const file = path.join(projectRoot, 'data', 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

let current: Config | undefined;

/** The process-wide settings, read from the environment on first use. */
export function config(): Config {
  current ??= loadConfig();
  return current;
}

/** Tests point clients at local fakes; nothing else changes settings after start-up. */
export function overrideConfig(patch: (c: Config) => void): void {
  patch(config());
}
