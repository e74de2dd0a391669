import { afterAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import type { Running } from './process.js';
import { startScheduler } from './scheduler.js';
import { waitFor } from './test-kit.js';

let scheduler: Running | undefined;
afterAll(async () => {
  await scheduler?.stop();
});
const db = useTestDatabase();

describe('scheduler', () => {
  it('schedules the five recurring jobs once each, runs them, and keeps one job per name across restarts', async () => {
    scheduler = await startScheduler();
    const finished = async () =>
      db.ds.query(`SELECT name, repeat_interval FROM agenda_jobs WHERE last_finished_at IS NOT NULL AND fail_reason IS NULL ORDER BY name`);
    await waitFor(async () => (await finished()).length === 5, 'the recurring jobs to run');
    expect(await finished()).toEqual([
      { name: 'annotate-vocabularies', repeat_interval: '1 week' },
      { name: 'cleanup-sessions', repeat_interval: '1 hour' },
      { name: 'prune-finished-jobs', repeat_interval: '1 hour' },
      { name: 'recheck-biosamples', repeat_interval: '6 hours' },
      { name: 'sweep-stuck-submissions', repeat_interval: '5 minutes' },
    ]);
    await scheduler.stop();
    scheduler = await startScheduler();
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM agenda_jobs`);
    expect(n).toBe(5);
  });
});
