import type { JobDefinition } from './agenda.js';
import cleanupSessions from './cleanup-sessions.js';
import pruneFinishedJobs from './prune-finished-jobs.js';
import sweepStuckSubmissions from './sweep-stuck-submissions.js';
import validateSubmission from './validate-submission.js';
import annotateVocabularies from './annotate-vocabularies.js';
import importSubmission from './import-submission.js';
import fixSubmission from './fix-submission.js';
import submitSubmission from './submit-submission.js';
import recheckBioSamples from './recheck-biosamples.js';

/**
 * Every job definition. A new job: add its name to JOB_NAMES (jobs/agenda.ts), write
 * jobs/<name>.ts exporting `default defineJob({...})`, import it here and add it to this list.
 */
export const JOB_DEFINITIONS: readonly JobDefinition[] = [
  cleanupSessions,
  sweepStuckSubmissions,
  pruneFinishedJobs,
  validateSubmission,
  annotateVocabularies,
  importSubmission,
  fixSubmission,
  submitSubmission,
  recheckBioSamples,
];
