/**
 * Jobs that exist only for the tests of the job processes, which start real workers as child
 * processes. Loaded when NODE_ENV=test and INJECTTOOL_TEST_JOBS names sets of them (comma-separated).
 */
import { db } from '../core/db/data-source.js';
import { transition } from '../core/submissions/state-machine.js';
import type { JobDefinition, JobName } from './agenda.js';
import cleanupSessions from './cleanup-sessions.js';

const testName = (name: string) => name as JobName;

const SETS: Record<string, JobDefinition[]> = {
  /** `test-mark-loaded` moves a waiting submission to loaded; `test-slow` records its runs in `test_job_runs`. */
  probes: [
    {
      name: testName('test-mark-loaded'),
      handler: async (data) => {
        await transition(Number(data.submissionId), 'loaded', { from: ['waiting'], message: `loaded by worker ${process.pid}` });
      },
    },
    {
      name: testName('test-slow'),
      handler: async (data, { job }) => {
        const [run] = await db().query(`INSERT INTO test_job_runs (job_id, pid) VALUES ($1, $2) RETURNING id`, [String(job.attrs._id), process.pid]);
        await new Promise((r) => setTimeout(r, Number(data.ms)));
        await db().query(`UPDATE test_job_runs SET finished_at = clock_timestamp() WHERE id = $1`, [run.id]);
      },
    },
  ],
  /** A second handler for a real job: the worker must refuse to start. */
  duplicate: [cleanupSessions],
};

export function testJobDefinitions(): JobDefinition[] {
  const sets = process.env.INJECTTOOL_TEST_JOBS;
  if (!sets || process.env.NODE_ENV !== 'test') return [];
  return sets.split(',').flatMap((set) => {
    const found = SETS[set.trim()];
    if (!found) throw new Error(`INJECTTOOL_TEST_JOBS: no test job set '${set}'`);
    return found;
  });
}
