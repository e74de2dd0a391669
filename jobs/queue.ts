/**
 * Enqueueing jobs from the web process (AdminJS actions, API handlers) or from another job.
 *
 *   import { enqueue } from '../../jobs/queue.js';
 *   await transition(submission.id, 'waiting', { from: ALLOWED_FROM.validate, message: 'Validation queued' });
 *   const jobId = await enqueue('validate-submission', { submissionId: submission.id });
 *
 * Data is ids only; the worker's handler reads everything else from the database. The queue opens
 * its own small connection pool on the process's database the first time it is used, and never
 * processes jobs itself: `npm run worker` (or `npm start`) does.
 */
import type { AgendaHandle, JobData, JobName } from './agenda.js';
import { createAgenda } from './agenda.js';

let starting: Promise<AgendaHandle> | undefined;

/**
 * Started, although it defines no job: only a started agenda has its LISTEN/NOTIFY channel
 * connected, and without the NOTIFY sent on save workers would see a new job only at their next poll.
 */
function queue(): Promise<AgendaHandle> {
  starting ??= (async () => {
    const handle = createAgenda('queue');
    try {
      await handle.agenda.start();
      return handle;
    } catch (err) {
      starting = undefined;
      await handle.close().catch(() => undefined);
      throw err;
    }
  })();
  return starting;
}

/** Saves a job to run now; returns its id. Resolves once the job is stored (workers hear of it at once). */
export async function enqueue(name: JobName, data: JobData): Promise<string> {
  const job = await (await queue()).agenda.now(name, data);
  return String(job.attrs._id);
}

/** Saves a job to run later: `when` is a Date or a human interval ('in 10 minutes'). */
export async function enqueueAt(when: Date | string, name: JobName, data: JobData): Promise<string> {
  const job = await (await queue()).agenda.schedule(when, name, data);
  return String(job.attrs._id);
}

/** Closes the queue's connections (process shutdown, end of a test file). */
export async function closeQueue(): Promise<void> {
  const pending = starting;
  starting = undefined;
  await (await pending?.catch(() => undefined))?.close();
}
