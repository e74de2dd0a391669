import { InitialSchema1795970713121 } from './1795970713121-initial-schema.js';
import { UploadedFileStorage1795971331758 } from './1795971331758-uploaded-file-storage.js';
import { BatchFixes1795973214365 } from './1795973214365-batch-fixes.js';
import { BiosamplesSubmissionTracking1795973230576 } from './1795973230576-biosamples-submission-tracking.js';
import { ListIndexesAtScale1795973917234 } from './1795973917234-list-indexes-at-scale.js';
import { OrphansOfDeletedRecords1795976175487 } from './1795976175487-orphans-of-deleted-records.js';

/** Every migration, in order. New ones are written by scripts/generate-migration.ts (then listed here). */
export const MIGRATIONS: Function[] = [InitialSchema1795970713121, UploadedFileStorage1795971331758, BatchFixes1795973214365,
  BiosamplesSubmissionTracking1795973230576, ListIndexesAtScale1795973917234,
  OrphansOfDeletedRecords1795976175487,
];
