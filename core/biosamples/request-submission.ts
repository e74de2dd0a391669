import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import type { JobProgress } from '../db/entities/submission.js';
import { busyReason, canSeeOwnedBy, type Actor } from '../submissions/policy.js';
import { ALLOWED_FROM, transition, transitionIn } from '../submissions/state-machine.js';
import { holdCredentials, releaseCredentials } from './credentials.js';
import { BioSamplesUnavailable, WebinLoginFailed } from './errors.js';
import { loginToWebin, type WebinCredentials, type WebinTokenOptions, type WebinTokenProvider } from './webin-auth.js';

export class SubmitRefused extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_status' | 'invalid_release_date' | 'webin_login_failed' | 'webin_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'SubmitRefused';
  }
}

/**
 * Whether "Submit" may start now: from `ready`, or from an `error` a submission run left (its
 * progress still says "submit"), so that a run stopped by an outage can be resumed. Any other
 * change since (an edit, a reload) clears that progress.
 */
export function canRequestSubmission(status: SubmissionStatus, progress: JobProgress | null | undefined): boolean {
  return (ALLOWED_FROM.submit as readonly string[]).includes(status) || (status === 'error' && progress?.phase === 'submit');
}

interface Current {
  status: SubmissionStatus;
  progress: JobProgress | null;
  owner_id: number;
  release: string | null;
}

/**
 * "Submit": logs in to Webin first (wrong credentials change nothing and send nothing to
 * BioSamples), holds the password encrypted for the job, stores the release date and moves the
 * submission to `submitted`, then queues the job with `enqueue`. `releaseDate` (YYYY-MM-DD) defaults
 * to the one chosen last time, else today; a date in the future keeps the records private until then.
 */
export async function requestSubmission(
  actor: Actor,
  id: number,
  credentials: WebinCredentials,
  releaseDate: string | undefined,
  enqueue: (submissionId: number) => Promise<unknown>,
  webin: WebinTokenOptions = {},
): Promise<{ id: number; status: 'submitted' }> {
  const current = await visible(actor, id);
  if (!canRequestSubmission(current.status, current.progress)) throw refusal(current.status);
  const release = releaseDate === undefined ? (current.release ?? today()) : checkedRelease(releaseDate);
  await checkWebinLogin(credentials, webin);
  await holdCredentials(id, credentials.username, credentials.password);
  try {
    const moved = await db().transaction(async (m) => {
      const [locked]: Current[] = await m.query(`SELECT status, progress FROM submissions WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked || !canRequestSubmission(locked.status, locked.progress)) throw refusal(locked?.status ?? current.status);
      await m.query(`UPDATE submissions SET release_date = $2 WHERE id = $1`, [id, release]);
      const t = await transitionIn(m, id, 'submitted', {
        from: [locked.status], message: `Submitting to BioSamples (release date ${release})`, errors: [], progress: null,
      });
      return { t, from: locked.status };
    });
    moved.t.announce();
    try {
      await enqueue(id);
    } catch (err) {
      await transition(id, moved.from, { from: ['submitted'], message: 'The submission could not be queued; please submit again' });
      throw err;
    }
  } catch (err) {
    await releaseCredentials(id);
    throw err;
  }
  return { id, status: 'submitted' };
}

async function visible(actor: Actor, id: number): Promise<Current> {
  const [row]: Current[] = await db().query(
    `SELECT status, progress, owner_id, release_date::text AS release FROM submissions WHERE id = $1`, [id],
  );
  if (!row || !canSeeOwnedBy(actor, row.owner_id)) throw new SubmitRefused('not_found', 'No such submission');
  return row;
}

function refusal(status: SubmissionStatus): SubmitRefused {
  return new SubmitRefused('invalid_status', busyReason(status)
    ?? `The submission is ${status.replace('_', ' ')}: only a ready submission (validated) can be submitted to BioSamples`);
}

/** A real calendar day, YYYY-MM-DD; past dates are fine (the records are public at once). */
function checkedRelease(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new SubmitRefused('invalid_release_date', `Release date '${value}' is not a date written YYYY-MM-DD`);
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new SubmitRefused('invalid_release_date', `Release date '${value}' is not a day of the calendar`);
  }
  return value;
}

/** Logs in to Webin, or refuses (422 wrong credentials, 503 Webin unreachable) before anything is sent. */
export async function checkWebinLogin(credentials: WebinCredentials, webin: WebinTokenOptions = {}): Promise<WebinTokenProvider> {
  try {
    return await loginToWebin(credentials, { maxAttempts: 3, ...webin });
  } catch (err) {
    if (err instanceof WebinLoginFailed) {
      throw new SubmitRefused('webin_login_failed', `Webin refused the username or password of '${credentials.username}': nothing was sent to BioSamples`);
    }
    if (err instanceof BioSamplesUnavailable) throw new SubmitRefused('webin_unavailable', 'The Webin login service could not be reached; please try again later');
    throw err;
  }
}

const today = (): string => new Date().toISOString().slice(0, 10);
