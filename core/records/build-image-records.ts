import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import type { RecordType } from '../db/entities/enums.js';
import { loadAnimalRecords } from './animal-records.js';
import type { ImageRecord } from './image-record.js';
import type { RecordSelection } from './record-common.js';
import { loadSampleRecords } from './sample-records.js';
import { loadSubmissionPart, type SubmissionPart } from './submission-attributes.js';

export type { RecordSelection };
export { SubmissionNotFoundError } from './submission-attributes.js';

/**
 * Animals or samples of one submission as IMAGE records, built with a few SQL queries whatever the
 * number of records (vocabularies, breed → species, parents, the sample's animal, the submission's
 * owner and organization are joined in). Validation and submission both use this, so what is
 * validated is exactly what is sent.
 */
export async function buildImageRecords(
  recordType: RecordType,
  selection: RecordSelection,
  manager: EntityManager = db().manager,
): Promise<ImageRecord[]> {
  const part = await loadSubmissionPart(manager, selection.submissionId);
  return loadRecords(manager, recordType, part, selection);
}

/** Every animal or sample of a submission, `batchSize` at a time in id order. */
export async function* imageRecordBatches(
  submissionId: number,
  recordType: RecordType,
  batchSize = 2000,
  manager: EntityManager = db().manager,
): AsyncGenerator<ImageRecord[]> {
  const part = await loadSubmissionPart(manager, submissionId);
  const page = (afterId: number) => {
    const p = loadRecords(manager, recordType, part, { submissionId, afterId, limit: batchSize });
    p.catch(() => undefined); // a consumer that stops early must not leave an unhandled rejection behind
    return p;
  };
  // The next page is read while the caller works on this one.
  let next = page(0);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return;
    const more = batch.length === batchSize;
    if (more) next = page(batch[batch.length - 1].id);
    yield batch;
    if (!more) return;
  }
}

function loadRecords(manager: EntityManager, recordType: RecordType, part: SubmissionPart, selection: RecordSelection): Promise<ImageRecord[]> {
  return recordType === 'animal' ? loadAnimalRecords(manager, part, selection) : loadSampleRecords(manager, part, selection);
}

/** Short ids of every ontology term the records use (their own and their related animals'). */
export function termsUsedBy(records: readonly ImageRecord[]): Set<string> {
  const terms = new Set<string>();
  const add = (v: { terms?: string[] } | null | undefined) => {
    if (v?.terms) for (const t of v.terms) terms.add(t);
  };
  for (const r of records) {
    for (const name in r.attributes) for (const v of r.attributes[name]) add(v);
    for (const rel of r.relationships) {
      add(rel.targetSpecies);
      add(rel.targetSex);
    }
  }
  return terms;
}
