import { annotateVocabularies } from '../core/ontology/annotate.js';
import { defineJob } from './agenda.js';

/**
 * Fills missing ontology ids of vocabulary terms through Zooma (core/ontology/annotate.ts), when
 * an import brought new terms or an admin asks for it.
 */
export default defineJob({
  name: 'annotate-vocabularies',
  concurrency: 1,
  handler: async (_data, { log }) => {
    const reports = await annotateVocabularies();
    log.info({ reports }, 'annotated vocabularies');
  },
});
