import { runImport } from '../core/import/run-import.js';
import { defineJob } from './agenda.js';

/**
 * Imports a submission's current file (new upload or reload). Idempotent: it works only on a
 * `waiting` submission and writes in one transaction, so a retry after a crash starts afresh.
 */
export default defineJob<{ submissionId: number }>({
  name: 'import-submission',
  mailsOwner: true,
  concurrency: 2,
  handler: async ({ submissionId }, { log }) => {
    const outcome = await runImport(submissionId);
    log.info({ outcome: outcome.status }, outcome.message || 'nothing to import');
  },
});
