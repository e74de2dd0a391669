import type { Logger } from 'pino';
import type { QueryRunner } from 'typeorm';
import { config } from '../config.js';
import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import type { SubmissionProblem } from '../db/entities/submission.js';
import { logger } from '../logger.js';
import { progressReporter } from '../submissions/progress.js';
import { transitionIn } from '../submissions/state-machine.js';
import { BioSamplesClient, type BioSamplesClientOptions } from './client.js';
import { HeldCredentialsUnreadable, readHeldCredentials, releaseCredentials } from './credentials.js';
import { BioSamplesAnswerLost, BioSamplesRejected, BioSamplesUnavailable, WebinLoginFailed } from './errors.js';
import { sendContent } from './put-phase.js';
import { countRecords } from './record-store.js';
import { reserveAccessions } from './reserve-phase.js';
import type { RunCounts, SubmissionRun } from './submission-run.js';
import { WebinTokenProvider, type WebinCredentials, type WebinTokenOptions } from './webin-auth.js';

export interface SubmissionRunOptions {
  log?: Logger;
  /** Renews the job's lock; called every `touchEveryMs` while records go out. */
  touch?: () => Promise<void>;
  touchEveryMs?: number;
  /** Overrides of the BioSamples client (tests: backoff, timeouts). */
  client?: Partial<Omit<BioSamplesClientOptions, 'tokens'>>;
  webin?: WebinTokenOptions;
  searchPatienceMs?: number;
}

export interface SubmissionOutcome {
  /** False when there was nothing to do (not `submitted`), or another run holds the submission. */
  ran: boolean;
  status: SubmissionStatus | null;
  message: string;
  counts?: RunCounts;
}

/** Two runs of one submission (a job taken over while its first worker still lives) must not interleave. */
const RUN_LOCK = 51_100_005;
const MAX_PROBLEMS = 100;

/**
 * The submission job: sends a `submitted` submission to BioSamples with the Webin login held for it,
 * in two phases (reserve-phase.ts, put-phase.ts), and ends it `completed`, `need_revision` (some
 * records refused, each with BioSamples' reason) or `error` (BioSamples unreachable: what was done is
 * kept, submitting again resumes). The held password is wiped with the final status, and however else
 * the run ends, except when the process dies: the job is then taken over and needs it.
 */
export async function runSubmission(submissionId: number, options: SubmissionRunOptions = {}): Promise<SubmissionOutcome> {
  const log = (options.log ?? logger).child({ submissionId });
  const lock = db().createQueryRunner();
  await lock.connect();
  try {
    if (!(await tryLock(lock, submissionId))) {
      log.warn('another run is sending this submission; leaving it to that run');
      return { ran: false, status: 'submitted', message: 'Another run is sending this submission' };
    }
    try {
      return await runLocked(submissionId, options, log);
    } finally {
      await releaseCredentials(submissionId).catch((err: unknown) => log.error({ err }, 'could not wipe the held Webin credentials'));
      await lock.query('SELECT pg_advisory_unlock($1, $2)', [RUN_LOCK, submissionId]).catch(() => undefined);
    }
  } finally {
    await lock.release();
  }
}

async function tryLock(lock: QueryRunner, submissionId: number): Promise<boolean> {
  const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [RUN_LOCK, submissionId]);
  return locked;
}

async function runLocked(submissionId: number, options: SubmissionRunOptions, log: Logger): Promise<SubmissionOutcome> {
  const [submission]: { status: SubmissionStatus; release: string | null }[] = await db().query(
    `SELECT status, release_date::text AS release FROM submissions WHERE id = $1`, [submissionId],
  );
  if (!submission) return { ran: false, status: null, message: `Submission ${submissionId} does not exist` };
  if (submission.status !== 'submitted') {
    return { ran: false, status: submission.status, message: `Submission ${submissionId} is ${submission.status}, not being submitted` };
  }
  let run: Run | undefined;
  let client: BioSamplesClient | undefined;
  try {
    const credentials = await heldCredentials(submissionId);
    if (typeof credentials === 'string') return await end(submissionId, 'error', credentials, null);
    client = new BioSamplesClient({ tokens: new WebinTokenProvider(credentials, options.webin), logger: log, ...options.client });
    const { total, withoutAccession } = await countRecords(submissionId);
    run = newRun(submissionId, client, submission.release ?? today(), total + withoutAccession, options, log);
    await run.advance(0);
    await reserveAccessions(run);
    await sendContent(run);
    return await finish(run);
  } catch (err) {
    const counts = run?.counts ?? { reserved: 0, adopted: 0, updated: 0, unchanged: 0, refused: 0 };
    const outcome = await end(submissionId, 'error', failureMessage(err, counts), run?.progress() ?? null);
    log.error({ err, counts }, 'submission to BioSamples stopped');
    if (!isExpected(err)) throw err;
    return outcome;
  } finally {
    client?.close();
  }
}

/** The held login, or why there is none (the job ran again after it was wiped, or SECRET_KEY changed). */
async function heldCredentials(submissionId: number): Promise<WebinCredentials | string> {
  try {
    return (await readHeldCredentials(submissionId))
      ?? 'The Webin password is no longer held for this submission (its job ended or was restarted): submit again. The records keep what they got.';
  } catch (err) {
    if (!(err instanceof HeldCredentialsUnreadable)) throw err;
    return `${err.message}. The records keep what they got.`;
  }
}

type Run = SubmissionRun & { advance(step?: number): Promise<void>; progress(): { phase: 'submit'; done: number; total: number } };

function newRun(submissionId: number, client: BioSamplesClient, release: string, total: number, options: SubmissionRunOptions, log: Logger): Run {
  const report = progressReporter(submissionId, 'submit');
  const touchEvery = options.touchEveryMs ?? 10_000;
  let done = 0;
  let touchedAt = Date.now();
  const concurrency = options.client?.concurrency ?? config().biosamples.concurrency;
  return {
    submissionId, client, release, log,
    width: concurrency * 4,
    searchPatienceMs: options.searchPatienceMs,
    counts: { reserved: 0, adopted: 0, updated: 0, unchanged: 0, refused: 0 },
    refusals: [],
    async advance(step: number = 1) {
      done += step;
      await report(Math.min(done, total), total);
      if (options.touch && Date.now() - touchedAt >= touchEvery) {
        touchedAt = Date.now();
        await options.touch();
      }
    },
    progress: () => ({ phase: 'submit', done: Math.min(done, total), total }),
  };
}

async function finish(run: Run): Promise<SubmissionOutcome> {
  const { counts, refusals } = run;
  const done = `${counts.reserved} accession${plural(counts.reserved)} reserved, ${counts.updated} record${plural(counts.updated)} sent, ${counts.unchanged} unchanged`;
  if (!refusals.length) {
    return end(run.submissionId, 'completed', `Submitted to BioSamples: every record is up to date (${done})`, null, [], counts);
  }
  const first = refusals[0];
  const message = `BioSamples refused ${refusals.length} record${plural(refusals.length)}: fix ${refusals.length === 1 ? 'it' : 'them'} and validate again `
    + `(first: ${first.recordType} '${first.name}': ${first.reason}). ${done}`;
  const problems: SubmissionProblem[] = refusals.slice(0, MAX_PROBLEMS).map((r) => ({
    level: 'error', message: `${r.recordType === 'animal' ? 'Animal' : 'Sample'} '${r.name}': BioSamples refused it: ${r.reason}`,
  }));
  return end(run.submissionId, 'need_revision', message, null, problems, counts, refusals.length);
}

/**
 * Ends the run through the state machine. An `error` left by a submission run keeps its progress
 * (phase "submit"): that is how a later submit knows it may resume from there.
 */
async function end(
  submissionId: number, status: SubmissionStatus, message: string, progress: ReturnType<Run['progress']> | null,
  errors: SubmissionProblem[] = [], counts?: RunCounts, errorsTotal?: number,
): Promise<SubmissionOutcome> {
  const marker = status === 'error' ? (progress ?? { phase: 'submit' as const, done: 0, total: 0 }) : null;
  // The password goes with the status change: nobody sees the run ended while it is still held.
  const t = await db().transaction(async (m) => {
    await releaseCredentials(submissionId, m);
    return transitionIn(m, submissionId, status, { from: ['submitted'], message, errors, errorsTotal, progress: marker });
  });
  t.announce();
  if (!t.changed) logger.warn({ submissionId, status }, 'the submission run ended but the submission was no longer submitted');
  return { ran: true, status, message, counts };
}

function failureMessage(err: unknown, counts: RunCounts): string {
  const kept = `${counts.reserved} accession${plural(counts.reserved)} reserved and ${counts.updated} record${plural(counts.updated)} sent before it stopped are kept: submit again to resume.`;
  if (err instanceof WebinLoginFailed) return `Webin refused the login while the submission ran (was the password changed?). ${kept}`;
  if (err instanceof BioSamplesUnavailable) return `BioSamples could not be reached: ${err.message}. ${kept}`;
  if (err instanceof BioSamplesAnswerLost) return `BioSamples did not answer a reservation, and it could not be found afterwards: ${err.message}. ${kept}`;
  if (err instanceof BioSamplesRejected) return `BioSamples refused the Webin login (${err.status}): ${err.reason}. ${kept}`;
  return `The submission stopped with an error: ${err instanceof Error ? err.message : String(err)}. ${kept}`;
}

function isExpected(err: unknown): boolean {
  return err instanceof WebinLoginFailed || err instanceof BioSamplesUnavailable || err instanceof BioSamplesAnswerLost || err instanceof BioSamplesRejected;
}

const plural = (n: number): string => (n === 1 ? '' : 's');
const today = (): string => new Date().toISOString().slice(0, 10);
