import os from 'node:os';
import pg from 'pg';
import type { Logger } from 'pino';
import { Agenda, type BackoffStrategy, type Job } from 'agenda';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { config } from '../core/config.js';
import { db } from '../core/db/data-source.js';
import { logger } from '../core/logger.js';
import { failWaitingSubmission } from '../core/submissions/stuck.js';
import { mailSubmissionOutcome } from '../core/submissions/outcome-mail.js';

/**
 * Every job InjectTool knows, one name each. Adding a job: its name here, its file in jobs/, one
 * line in jobs/registry.ts. The worker refuses to start when a name has no definition or two.
 */
export const JOB_NAMES = [
  'cleanup-sessions',
  'sweep-stuck-submissions',
  'prune-finished-jobs',
  'validate-submission',
  'annotate-vocabularies',
  'import-submission',
  'fix-submission',
  'submit-submission',
  'recheck-biosamples',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Job payloads are ids only (ARCHITECTURE.md rule 2): the handler reads the rest from the database. */
export type JobData = Readonly<Record<string, number | string | readonly number[] | undefined>>;

export interface JobContext {
  job: Job<JobData>;
  /** Carries jobId, the job name and, when the data has one, submissionId. */
  log: Logger;
  /**
   * Renews the lock. The wrapper already does it every lockLifetime/3, but a handler that blocks the
   * event loop for long stretches (a big synchronous parse) must call it between stretches.
   */
  touch(): Promise<void>;
}

export interface JobDefinition<Data extends JobData = JobData> {
  name: JobName;
  handler(data: Data, ctx: JobContext): Promise<void>;
  /** How many jobs of this name one process runs at once (default 2). */
  concurrency?: number;
  /** Orders waiting jobs of this name. */
  priority?: 'lowest' | 'low' | 'normal' | 'high' | 'highest' | number;
  /** Retries after a failure (agenda's `exponential()`, `backoffStrategies.standard()`, ...). */
  backoff?: BackoffStrategy;
  /** A recurring job: the scheduler runs it at this interval ('5 minutes', or cron); the worker skips it. */
  every?: string;
  /** A job on one submission whose end its owner may hear about by mail (core/submissions/outcome-mail.ts). */
  mailsOwner?: boolean;
}

/** Typed handler data at the definition, one list type in the registry. */
export function defineJob<Data extends JobData>(definition: JobDefinition<Data>): JobDefinition {
  return definition as unknown as JobDefinition;
}

export class JobRegistryError extends Error {}

/** Lists names that have no definition or more than one; empty when the registry is sound. */
export function registryProblems(definitions: readonly { name: string }[], names: readonly string[] = JOB_NAMES): string[] {
  const counts = new Map<string, number>();
  for (const d of definitions) counts.set(d.name, (counts.get(d.name) ?? 0) + 1);
  const problems: string[] = [];
  for (const name of names) {
    const n = counts.get(name) ?? 0;
    if (n === 0) problems.push(`job '${name}' has no handler`);
  }
  for (const [name, n] of counts) if (n > 1) problems.push(`job '${name}' has ${n} handlers`);
  return problems;
}

export function assertRegistry(definitions: readonly { name: string }[], names: readonly string[] = JOB_NAMES): void {
  const problems = registryProblems(definitions, names);
  if (problems.length) throw new JobRegistryError(`Job registry is wrong (jobs/registry.ts): ${problems.join('; ')}`);
}

/** The backend's table; housekeeping reads and prunes it. */
export const AGENDA_TABLE = 'agenda_jobs';

export const lockLifetimeMs = (): number => Math.round(config().jobs.lockMinutes * 60_000);

/** Expired locks are only found by polling, so tiny lock lifetimes (tests) poll faster. */
const processEveryMs = (): number => Math.min(5_000, Math.max(500, Math.round(lockLifetimeMs() / 2)));

/** The connection string of the process's database (the one `connectDatabase()` opened). */
export function databaseUrl(): string {
  const url = (db().options as { url?: string }).url;
  if (!url) throw new Error('the database connection has no URL');
  return url;
}

export type ProcessRole = 'queue' | 'worker' | 'scheduler' | 'monitor';

export interface AgendaHandle {
  agenda: Agenda;
  /** The agenda's own connections, for housekeeping queries on its table. */
  pool: pg.Pool;
  /**
   * Stops taking jobs, unlocks those not started yet and waits up to `graceMs` for the running ones;
   * any still running keep their lock, so another worker takes them over once it expires.
   */
  stop(graceMs?: number): Promise<void>;
  /** stop(), then closes the connections. */
  close(): Promise<void>;
}

/**
 * The one Agenda factory: PostgreSQL backend on the application's database, a name distinct per
 * process (agenda drops job events whose source is its own name), and the lock lifetime of JOB_LOCK_MINUTES.
 */
export function createAgenda(role: ProcessRole, url: string = databaseUrl()): AgendaHandle {
  const pool = new pg.Pool({ connectionString: url, max: 5, application_name: `injecttool-${role}-agenda` });
  const lost = (err: Error) => logger.warn({ err, role }, 'agenda database connection lost');
  pool.on('error', lost);
  // Checked-out clients (agenda's LISTEN connection) have no error listener of their own.
  pool.on('connect', (client) => client.on('error', lost));
  let closed = false;
  const backend = new PostgresBackend({ pool, tableName: AGENDA_TABLE });
  // The LISTEN connection re-emits its errors here (and reconnects); unheard, one would crash the process.
  backend.notificationChannel?.on('error', lost);
  const connectOnce = backend.connect.bind(backend);
  // Agenda calls connect() in its constructor and never catches: retry here instead of crashing the process.
  backend.connect = async () => {
    for (let attempt = 1; !closed; attempt++) {
      try {
        return await withSchemaLock(pool, connectOnce);
      } catch (err) {
        logger.warn({ err, role, attempt }, 'agenda could not reach the database; retrying');
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1_000 * attempt)));
      }
    }
  };
  const agenda = new Agenda({
    name: `${role}-${os.hostname()}-${process.pid}`,
    backend,
    processEvery: processEveryMs(),
    defaultConcurrency: 2,
    maxConcurrency: 20,
    defaultLockLifetime: lockLifetimeMs(),
  });
  agenda.on('error', (err) => logger.error({ err, role }, 'agenda error'));
  const running = runningHere(agenda);
  const stop = async (graceMs = 0) => {
    await agenda.stop(false);
    const deadline = Date.now() + graceMs;
    while (running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  };
  return {
    agenda,
    pool,
    stop,
    close: async () => {
      if (closed) return;
      closed = true;
      await stop();
      await pool.end();
    },
  };
}

/** Ids of the jobs running in this process. */
function runningHere(agenda: Agenda): Set<string> {
  const ids = new Set<string>();
  // Other processes' jobs arrive here too (remote notifications), without `attrs`.
  agenda.on('start', (job) => {
    if ('attrs' in job) ids.add(String(job.attrs._id));
  });
  agenda.on('complete', (job) => {
    if ('attrs' in job) ids.delete(String(job.attrs._id));
  });
  return ids;
}

/**
 * The backend creates its table, indexes and trigger on connect; processes starting together would
 * collide on them ("tuple concurrently updated"), so they take turns.
 */
async function withSchemaLock(pool: pg.Pool, connect: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7130118)');
    try {
      await connect();
    } finally {
      await client.query('SELECT pg_advisory_unlock(7130118)');
    }
  } finally {
    client.release();
  }
}

/**
 * Registers a definition on an agenda: the handler runs with its lock renewed every lockLifetime/3,
 * so a long job keeps it, and a crashed worker's job is taken over once JOB_LOCK_MINUTES have passed.
 */
export function defineOn(agenda: Agenda, definition: JobDefinition): void {
  const lockLifetime = lockLifetimeMs();
  const concurrency = definition.concurrency ?? 2;
  agenda.define(definition.name, (job: Job<JobData>) => runWithLock(definition, job, lockLifetime), {
    concurrency,
    // A worker locks only what it can run now, so the other workers get the rest of the queue.
    lockLimit: concurrency,
    lockLifetime,
    priority: definition.priority,
    backoff: definition.backoff,
  });
}

async function runWithLock(definition: JobDefinition, job: Job<JobData>, lockLifetime: number): Promise<void> {
  const data = job.attrs.data ?? {};
  const log = logger.child({
    job: definition.name,
    jobId: String(job.attrs._id),
    ...(data.submissionId !== undefined ? { submissionId: data.submissionId } : {}),
  });
  let renewing: Promise<void> = Promise.resolve();
  const touch = (): Promise<void> => {
    renewing = renewing.then(() => job.touch()).catch((err) => log.warn({ err }, 'could not renew the job lock'));
    return renewing;
  };
  const timer = setInterval(touch, Math.max(100, Math.floor(lockLifetime / 3)));
  const started = Date.now();
  log.info('job started');
  try {
    await definition.handler(data, { job, log, touch });
    log.info({ ms: Date.now() - started }, 'job finished');
  } catch (err) {
    log.error({ err, ms: Date.now() - started }, 'job failed');
    // With a backoff the job runs again, so its submission stays `waiting` until the last attempt.
    if (!definition.backoff && typeof data.submissionId === 'number') {
      await failWaitingSubmission(data.submissionId, definition.name, err).catch((e: unknown) =>
        log.error({ err: e }, 'could not move the submission to error'));
    }
    throw err;
  } finally {
    clearInterval(timer);
    // A renewal landing after agenda saved the final state would lock the finished job again.
    await renewing;
    if (definition.mailsOwner && typeof data.submissionId === 'number') {
      await mailSubmissionOutcome(data.submissionId, { jobName: definition.name, durationMs: Date.now() - started })
        .catch((err: unknown) => log.warn({ err }, 'could not mail the owner'));
    }
  }
}
