import { annotateVocabularies } from '../core/ontology/annotate.js';
import { defineJob } from './agenda.js';

/**
 * Fills missing ontology ids of vocabulary terms through Zooma (core/ontology/annotate.ts): weekly
 * (as the original did), when an import brought new terms, or when an admin asks for it. Being a
 * recurring job, the scheduler process runs it.
 */
export default defineJob({
  name: 'annotate-vocabularies',
  every: '1 week',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const reports = await annotateVocabularies();
    log.info({ reports }, 'annotated vocabularies');
  },
});
