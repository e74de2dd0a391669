import { runSubmission } from '../core/biosamples/submit-submission.js';
import { defineJob } from './agenda.js';

/** Sends a `submitted` submission to BioSamples (core/biosamples/submit-submission.ts does the work). */
export default defineJob<{ submissionId: number }>({
  name: 'submit-submission',
  mailsOwner: true,
  concurrency: 2,
  handler: async ({ submissionId }, { log, touch }) => {
    const outcome = await runSubmission(submissionId, { log, touch });
    if (!outcome.ran) log.warn({ status: outcome.status }, outcome.message);
    else log.info({ status: outcome.status, counts: outcome.counts }, outcome.message);
  },
});
