import { beforeAll, describe, expect, it } from '@jest/globals';
import { overrideConfig } from '../core/config.js';
import { useTestDatabase } from '../test/database.js';
import pruneFinishedJobs from './prune-finished-jobs.js';
import { ensureAgendaTable, runHandler } from './test-kit.js';

const db = useTestDatabase();

beforeAll(async () => {
  overrideConfig((c) => { c.jobs.retentionDays = 14; });
  await ensureAgendaTable();
});

describe('pruning of finished jobs', () => {
  it('deletes finished one-time jobs older than JOB_RETENTION_DAYS, keeps recent, running, scheduled and recurring ones', async () => {
    const job = (name: string, type: string, finished: string | null, locked: string | null, next: string | null, failed: string | null = null) =>
      db.ds.query(
        `INSERT INTO agenda_jobs (name, data, type, last_finished_at, locked_at, next_run_at, failed_at)
         VALUES ($1, '{}', $2, now() + $3::interval, now() + $4::interval, now() + $5::interval, now() + $6::interval)`,
        [name, type, finished, locked, next, failed],
      );
    await job('old-finished', 'normal', ('-15 days'), null, null);
    await job('old-failed', 'normal', ('-20 days'), null, null, '-20 days');
    await job('recent-finished', 'normal', ('-13 days'), null, null);
    await job('running-again', 'normal', ('-30 days'), '0 seconds', null);
    await job('retry-scheduled', 'normal', ('-30 days'), null, '1 minute', '-30 days');
    await job('recurring', 'single', ('-30 days'), null, '1 hour');
    await job('never-ran', 'normal', null, null, '0 seconds');

    await runHandler(pruneFinishedJobs);

    const left = (await db.ds.query(`SELECT name FROM agenda_jobs ORDER BY name`)).map((r: { name: string }) => r.name);
    expect(left).toEqual(['never-ran', 'recent-finished', 'recurring', 'retry-scheduled', 'running-again']);
  });
});
