/** `npm run scheduler` (one per installation): schedules the recurring jobs and runs them. */
import { assertRegistry, type JobDefinition } from './agenda.js';
import { startJobRunner } from './job-runner.js';
import { isMain, runProcess, type Running } from './process.js';
import { JOB_DEFINITIONS } from './registry.js';

export interface SchedulerOptions {
  definitions?: readonly JobDefinition[];
}

/** Needs the process's database (connectDatabase). */
export async function startScheduler(options: SchedulerOptions = {}): Promise<Running> {
  const definitions = options.definitions ?? JOB_DEFINITIONS;
  assertRegistry(definitions);
  const recurring = definitions.filter((d) => d.every);
  // The stuck-submission sweeper changes statuses: browsers hear of it like of any worker's change.
  const { agenda, stop } = await startJobRunner('scheduler', recurring);
  // every() keeps one job per name, so restarting the scheduler (or running two) never doubles them.
  for (const definition of recurring) await agenda.every(definition.every!, definition.name);
  return { stop };
}

if (isMain(import.meta.url)) runProcess('scheduler', () => startScheduler());
