import { runFix } from '../core/fixes/run-fix.js';
import { defineJob } from './agenda.js';

/** Applies a "Fix this" or bulk edit the API stored and put in `waiting` (core/fixes/run-fix.ts does the work). */
export default defineJob<{ submissionId: number; fixId: number }>({
  name: 'fix-submission',
  mailsOwner: true,
  concurrency: 2,
  handler: async ({ fixId }, { log }) => {
    const outcome = await runFix(fixId);
    if (!outcome.ran) log.warn({ fixId }, outcome.message);
    else log.info({ fixId, selected: outcome.selected, changed: outcome.changed }, outcome.message);
  },
});
