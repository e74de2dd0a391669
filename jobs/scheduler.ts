/** `npm run scheduler` (one per installation): schedules the recurring jobs and runs them. */
import { assertRegistry, createAgenda, defineOn, type JobDefinition } from './agenda.js';
import { publishEventsThroughPostgres } from './event-emitter.js';
import { isMain, runProcess, type Running } from './process.js';
import { JOB_DEFINITIONS } from './registry.js';

const STOP_GRACE_MS = 8_000;

export interface SchedulerOptions {
  definitions?: readonly JobDefinition[];
}

/** Needs the process's database (connectDatabase). */
export async function startScheduler(options: SchedulerOptions = {}): Promise<Running> {
  const definitions = options.definitions ?? JOB_DEFINITIONS;
  assertRegistry(definitions);
  const recurring = definitions.filter((d) => d.every);
  const { agenda, pool, stop, close } = createAgenda('scheduler');
  // The stuck-submission sweeper changes statuses: browsers hear of it like of any worker's change.
  const stopPublishing = publishEventsThroughPostgres(pool);
  for (const definition of recurring) defineOn(agenda, definition);
  await agenda.start();
  // every() keeps one job per name, so restarting the scheduler (or running two) never doubles them.
  for (const definition of recurring) await agenda.every(definition.every!, definition.name);
  return {
    stop: async () => {
      await stop(STOP_GRACE_MS);
      stopPublishing();
      await close();
    },
  };
}

if (isMain(import.meta.url)) runProcess('scheduler', () => startScheduler());
