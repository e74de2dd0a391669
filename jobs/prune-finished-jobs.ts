import { config } from '../core/config.js';
import { db } from '../core/db/data-source.js';
import { AGENDA_TABLE, defineJob } from './agenda.js';

/**
 * Agendash reads the whole jobs table on every refresh (STACK-NOTES §1), so finished one-time jobs
 * older than JOB_RETENTION_DAYS go. Running, scheduled and recurring jobs stay.
 */
export async function pruneFinishedJobs(retentionDays: number): Promise<number> {
  const [, removed] = await db().query(
    `DELETE FROM "${AGENDA_TABLE}"
      WHERE type = 'normal' AND locked_at IS NULL AND next_run_at IS NULL
        AND last_finished_at < now() - make_interval(days => $1)`,
    [retentionDays],
  );
  return removed;
}

export default defineJob({
  name: 'prune-finished-jobs',
  every: '1 hour',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const removed = await pruneFinishedJobs(config().jobs.retentionDays);
    log.info({ removed }, 'pruned finished jobs');
  },
});
