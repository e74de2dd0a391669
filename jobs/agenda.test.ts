import { describe, expect, it } from '@jest/globals';
import { assertRegistry, JOB_NAMES, JobRegistryError, registryProblems } from './agenda.js';
import { JOB_DEFINITIONS } from './registry.js';
import { startScheduler } from './scheduler.js';
import { startWorker } from './worker.js';

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
