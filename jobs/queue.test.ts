import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { useTestDatabase } from '../test/database.js';
import type { JobName } from './agenda.js';
import { closeQueue, enqueue } from './queue.js';
import { waitFor } from './test-kit.js';

afterAll(closeQueue);
const db = useTestDatabase();

describe('job queue', () => {
  it('stores the job with its ids and notifies the workers at once (they need not wait for their next poll)', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: { jobName?: string; jobId?: string }[] = [];
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload ?? '{}')));
    await listener.query('LISTEN "agenda:jobs"');
    try {
      const jobId = await enqueue('validate-submission' as JobName, { submissionId: 42 });
      const [job] = await db.ds.query(`SELECT name, data, next_run_at <= now() AS due FROM agenda_jobs WHERE id = $1`, [jobId]);
      expect(job).toEqual({ name: 'validate-submission', data: { submissionId: 42 }, due: true });
      await waitFor(() => heard.some((n) => n.jobId === jobId), 'the NOTIFY of the new job', 5_000);
      expect(heard.find((n) => n.jobId === jobId)).toMatchObject({ jobName: 'validate-submission' });
    } finally {
      await listener.end();
    }
  });
});
