import { db } from '../db/data-source.js';
import type { JobProgress } from '../db/entities/submission.js';
import { publish } from '../events.js';

/**
 * Reports how far a job is, live over Socket.IO and in `submissions.progress` for clients that load
 * the page later. Stored at most every `storeEveryMs`, always on the final step.
 */
export function progressReporter(submissionId: number, phase: JobProgress['phase'], storeEveryMs = 1000) {
  let lastStored = 0;
  let lastSent = 0;
  return async (done: number, total: number): Promise<void> => {
    const now = Date.now();
    const final = done >= total;
    if (final || now - lastSent >= 200) {
      lastSent = now;
      publish('submission:progress', { id: submissionId, phase, done, total });
    }
    if (final || now - lastStored >= storeEveryMs) {
      lastStored = now;
      await db().query(`UPDATE submissions SET progress = $2 WHERE id = $1 AND status IN ('waiting', 'submitted')`, [
        submissionId,
        JSON.stringify({ phase, done, total }),
      ]);
    }
  };
}
