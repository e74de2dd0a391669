/** `npm run worker`: processes the one-off jobs (import, validation, submission, ...); N of them may run. */
import { assertRegistry, createAgenda, defineOn, type JobDefinition } from './agenda.js';
import { publishEventsThroughPostgres } from './event-emitter.js';
import { isMain, runProcess, type Running } from './process.js';
import { JOB_DEFINITIONS } from './registry.js';
import { testJobDefinitions } from './test-jobs.js';

/** How long a stopping worker lets running jobs finish; the rest are taken over after their lock expires. */
const STOP_GRACE_MS = 8_000;

export interface WorkerOptions {
  definitions?: readonly JobDefinition[];
}

/** Needs the process's database (connectDatabase); refuses to start when the registry is wrong. */
export async function startWorker(options: WorkerOptions = {}): Promise<Running> {
  const definitions = options.definitions ?? [...JOB_DEFINITIONS, ...testJobDefinitions()];
  assertRegistry(definitions);
  const { agenda, pool, stop, close } = createAgenda('worker');
  const stopPublishing = publishEventsThroughPostgres(pool);
  for (const definition of definitions) if (!definition.every) defineOn(agenda, definition);
  await agenda.start();
  return {
    stop: async () => {
      await stop(STOP_GRACE_MS);
      stopPublishing();
      await close();
    },
  };
}

if (isMain(import.meta.url)) runProcess('worker', () => startWorker());
