import { runValidation } from '../core/validation/run-validation.js';
import { defineJob } from './agenda.js';

/** Validates a submission the API put in `waiting` (core/validation/run-validation.ts does the work). */
export default defineJob<{ submissionId: number }>({
  name: 'validate-submission',
  mailsOwner: true,
  concurrency: 2,
  handler: async ({ submissionId }, { log }) => {
    const outcome = await runValidation(submissionId);
    if (!outcome.ran) log.warn({ status: outcome.status }, outcome.message);
    else log.info({ status: outcome.status, counts: outcome.summary?.counts }, outcome.message);
  },
});
