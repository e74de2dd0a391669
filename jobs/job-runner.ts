import type { Agenda } from 'agenda';
import { createAgenda, defineOn, type JobDefinition, type ProcessRole } from './agenda.js';
import { publishEventsThroughPostgres } from './event-emitter.js';

/** How long a stopping process lets running jobs finish; the rest are taken over after their lock expires. */
const STOP_GRACE_MS = 8_000;

/**
 * An Agenda of `role` that runs `definitions`. The status changes its jobs make reach browsers as
 * any process's do; `stop` lets running jobs finish first.
 */
export async function startJobRunner(
  role: Extract<ProcessRole, 'worker' | 'scheduler'>, definitions: readonly JobDefinition[],
): Promise<{ agenda: Agenda; stop(): Promise<void> }> {
  const { agenda, pool, stop, close } = createAgenda(role);
  const stopPublishing = publishEventsThroughPostgres(pool);
  for (const definition of definitions) defineOn(agenda, definition);
  await agenda.start();
  return {
    agenda,
    stop: async () => {
      await stop(STOP_GRACE_MS);
      stopPublishing();
      await close();
    },
  };
}
