import { afterAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { assertRegistry, JOB_NAMES, JobRegistryError, registryProblems, type JobDefinition, type JobName } from './agenda.js';
import type { Running } from './process.js';
import { closeQueue, enqueue } from './queue.js';
import { JOB_DEFINITIONS } from './registry.js';
import { startScheduler } from './scheduler.js';
import { createSubmission, createUser, recordPublished, waitFor } from './test-kit.js';
import { startWorker } from './worker.js';

let worker: Running | undefined;
afterAll(async () => {
  await worker?.stop();
  await closeQueue();
});
const db = useTestDatabase();

const named = (...names: string[]) => names.map((name) => ({ name }));

describe('job registry check', () => {
  it('finds nothing wrong when every name has exactly one definition', () => {
    expect(registryProblems(named('a', 'b'), ['a', 'b'])).toEqual([]);
  });

  it('names a job without a handler', () => {
    expect(registryProblems(named('a'), ['a', 'b'])).toEqual(["job 'b' has no handler"]);
  });

  it('names a job with two handlers', () => {
    expect(registryProblems(named('a', 'b', 'a'), ['a', 'b'])).toEqual(["job 'a' has 2 handlers"]);
  });

  it('reports every problem in one line', () => {
    expect(() => assertRegistry(named('a', 'a'), ['a', 'b', 'c'])).toThrow(new JobRegistryError(
      "Job registry is wrong (jobs/registry.ts): job 'b' has no handler; job 'c' has no handler; job 'a' has 2 handlers",
    ));
  });

  it('holds for the real registry: every job name has one definition', () => {
    expect(registryProblems(JOB_DEFINITIONS)).toEqual([]);
    expect(JOB_DEFINITIONS.map((d) => d.name).sort()).toEqual([...JOB_NAMES].sort());
  });

  it('stops the worker and the scheduler from starting when a handler is missing', async () => {
    const withoutFirst = JOB_DEFINITIONS.filter((d) => d.name !== 'cleanup-sessions');
    await expect(startWorker({ definitions: withoutFirst })).rejects.toThrow("job 'cleanup-sessions' has no handler");
    await expect(startScheduler({ definitions: withoutFirst })).rejects.toThrow("job 'cleanup-sessions' has no handler");
  });
});

describe('job wrapper', () => {
  it('moves the waiting submission of a job that throws to error, with the reason, and tells its room', async () => {
    const failing: JobDefinition = {
      name: 'test-fail' as JobName,
      handler: async () => {
        throw new Error('the file vanished');
      },
    };
    const published = recordPublished();
    worker = await startWorker({ definitions: [...JOB_DEFINITIONS, failing] });
    const owner = await createUser('curator');
    const submission = await createSubmission(owner.id, 'waiting');
    await enqueue(failing.name, { submissionId: submission });
    const message = 'The test fail job stopped with an error: the file vanished. You can reload the data (upload the file again) or validate it again.';
    await waitFor(() => published.events.length > 0, 'the status event');
    published.stop();
    expect(published.events).toEqual([{ room: `submission:${submission}`, event: 'submission:status', payload: { id: submission, status: 'error', message } }]);
    expect((await db.ds.query(`SELECT status, message FROM submissions WHERE id = $1`, [submission]))[0]).toEqual({ status: 'error', message });
  });
});
