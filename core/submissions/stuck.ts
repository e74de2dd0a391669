import { db } from '../db/data-source.js';
import { transition } from './state-machine.js';

export interface StuckSubmission {
  id: number;
  minutes: number;
}

/**
 * Moves to `error` every submission left in `waiting` for more than `olderThanMinutes` (its job
 * crashed or was lost), except those whose job is still alive. A job that finishes meanwhile wins:
 * the change only happens from `waiting`.
 */
export async function sweepStuckSubmissions(olderThanMinutes: number, busy: readonly number[] = []): Promise<StuckSubmission[]> {
  const rows: { id: number; minutes: number }[] = await db().query(
    `SELECT id, floor(extract(epoch FROM now() - updated_at) / 60)::int AS minutes
       FROM submissions
      WHERE status = 'waiting' AND updated_at < now() - make_interval(mins => $1) AND NOT (id = ANY($2::int[]))
      ORDER BY id`,
    [olderThanMinutes, busy],
  );
  const swept: StuckSubmission[] = [];
  for (const row of rows) {
    const changed = await transition(row.id, 'error', { from: ['waiting'], message: stuckMessage(row.minutes) });
    if (changed) swept.push(row);
  }
  return swept;
}

export function stuckMessage(minutes: number): string {
  return `Stuck: the job working on this submission stopped without finishing; it stayed in "waiting" for ${duration(minutes)}. ` +
    'You can reload the data (upload the file again) or validate it again.';
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
