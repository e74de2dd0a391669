/** `npm run worker`: processes the one-off jobs (import, validation, submission, ...); N of them may run. */
import { assertRegistry, type JobDefinition } from './agenda.js';
import { startJobRunner } from './job-runner.js';
import { isMain, runProcess, type Running } from './process.js';
import { JOB_DEFINITIONS } from './registry.js';
import { testJobDefinitions } from './test-jobs.js';

export interface WorkerOptions {
  definitions?: readonly JobDefinition[];
}

/** Needs the process's database (connectDatabase); refuses to start when the registry is wrong. */
export async function startWorker(options: WorkerOptions = {}): Promise<Running> {
  const definitions = options.definitions ?? [...JOB_DEFINITIONS, ...testJobDefinitions()];
  assertRegistry(definitions);
  const { stop } = await startJobRunner('worker', definitions.filter((d) => !d.every));
  return { stop };
}

if (isMain(import.meta.url)) runProcess('worker', () => startWorker());
