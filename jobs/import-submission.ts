import { config } from '../core/config.js';
import { runImport } from '../core/import/run-import.js';
import { termsMissingIds } from '../core/ontology/curation.js';
import { defineJob } from './agenda.js';
import { enqueue } from './queue.js';

const missingIdKeys = async (): Promise<Set<string>> => new Set((await termsMissingIds()).map((t) => `${t.vocabulary}:${t.id}`));

/**
 * Imports a submission's current file (new upload or reload). Idempotent: it works only on a
 * `waiting` submission and writes in one transaction, so a retry after a crash starts afresh.
 * Terms the file brought without an ontology id (new organism parts, stages, breeds) are then
 * annotated through Zooma, as the original did after every import.
 */
export default defineJob<{ submissionId: number }>({
  name: 'import-submission',
  mailsOwner: true,
  concurrency: 2,
  handler: async ({ submissionId }, { log }) => {
    const before = config().ontology.online ? await missingIdKeys() : undefined;
    const outcome = await runImport(submissionId);
    log.info({ outcome: outcome.status }, outcome.message || 'nothing to import');
    if (before && outcome.status === 'loaded') {
      const brought = [...(await missingIdKeys())].filter((key) => !before.has(key));
      if (brought.length) await enqueue('annotate-vocabularies', {});
    }
  },
});
