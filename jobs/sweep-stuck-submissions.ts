import { config } from '../core/config.js';
import { db } from '../core/db/data-source.js';
import { sweepStuckSubmissions } from '../core/submissions/stuck.js';
import { AGENDA_TABLE, defineJob, lockLifetimeMs } from './agenda.js';

/** Submissions left in `waiting` by a crashed or lost job go to `error`, with a message saying so. */
export default defineJob({
  name: 'sweep-stuck-submissions',
  every: '5 minutes',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const swept = await sweepStuckSubmissions(config().jobs.stuckMinutes, await submissionsWithLiveJob());
    if (swept.length) log.warn({ swept }, 'moved stuck submissions to error');
  },
});

/** A long import that still renews its lock is slow, not stuck. */
async function submissionsWithLiveJob(): Promise<number[]> {
  const rows: { id: number }[] = await db().query(
    `SELECT DISTINCT (data->>'submissionId')::int AS id FROM "${AGENDA_TABLE}"
      WHERE locked_at > now() - make_interval(secs => $1) AND data->>'submissionId' ~ '^[0-9]{1,9}$'`,
    [lockLifetimeMs() / 1000],
  );
  return rows.map((r) => r.id);
}
