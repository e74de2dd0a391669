import { db } from '../db/data-source.js';
import { releaseCredentials } from '../biosamples/credentials.js';
import { transition, transitionIn } from './state-machine.js';

export interface StuckSubmission {
  id: number;
  status: 'waiting' | 'submitted';
  minutes: number;
}

/**
 * Moves to `error` every submission left in `waiting` or `submitted` for more than `olderThanMinutes`
 * (its job crashed or was lost, and no worker took it over), except those whose job is still alive.
 * A job that finishes meanwhile wins: the change only happens from the status it was seen in. A
 * Webin password held for a lost submission job is wiped.
 */
export async function sweepStuckSubmissions(olderThanMinutes: number, busy: readonly number[] = []): Promise<StuckSubmission[]> {
  const rows: StuckSubmission[] = await db().query(
    `SELECT id, status, floor(extract(epoch FROM now() - updated_at) / 60)::int AS minutes
       FROM submissions
      WHERE status IN ('waiting', 'submitted') AND updated_at < now() - make_interval(mins => $1) AND NOT (id = ANY($2::int[]))
      ORDER BY id`,
    [olderThanMinutes, busy],
  );
  const swept: StuckSubmission[] = [];
  for (const row of rows) {
    const message = row.status === 'submitted' ? stuckSubmissionMessage(row.minutes) : stuckMessage(row.minutes);
    const t = await db().transaction(async (m) => {
      const moved = await transitionIn(m, row.id, 'error', { from: [row.status], message });
      if (moved.changed && row.status === 'submitted') await releaseCredentials(row.id, m);
      return moved;
    });
    t.announce();
    if (t.changed) swept.push(row);
  }
  return swept;
}

export function stuckMessage(minutes: number): string {
  return `Stuck: the job working on this submission stopped without finishing; it stayed in "waiting" for ${duration(minutes)}. ` +
    'You can reload the data (upload the file again) or validate it again.';
}

export function stuckSubmissionMessage(minutes: number): string {
  return `Stuck: the submission to BioSamples stopped without finishing; it stayed in "submitted" for ${duration(minutes)}. ` +
    'Records keep the accessions they already got; submit again to finish (the Webin password was not kept).';
}

function duration(minutes: number): string {
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hours ${minutes % 60} minutes`;
  return `${Math.floor(hours / 24)} days ${hours % 24} hours`;
}

/**
 * A job that failed unexpectedly leaves its submission in `error` at once rather than for the
 * sweeper; a job that already moved it on (or handled its own failure) is left as it is.
 */
export async function failWaitingSubmission(submissionId: number, job: string, err: unknown): Promise<boolean> {
  const reason = err instanceof Error ? err.message : String(err);
  return transition(submissionId, 'error', {
    from: ['waiting'],
    message: `The ${job.replace(/-/g, ' ')} job stopped with an error: ${reason}. You can reload the data (upload the file again) or validate it again.`,
  });
}
