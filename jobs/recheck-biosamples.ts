import { recheckBioSamples } from '../core/biosamples/recheck.js';
import { defineJob } from './agenda.js';

/** Every 6 hours: how submitted records stand at BioSamples (drift, withdrawal, release status). */
export default defineJob({
  name: 'recheck-biosamples',
  every: '6 hours',
  concurrency: 1,
  handler: async (_data, { log, touch }) => {
    const counts = await recheckBioSamples({ log, touch });
    log.info(counts, 'records re-checked at BioSamples');
  },
});
