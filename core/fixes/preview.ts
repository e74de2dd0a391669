import type { RecordType } from '../db/entities/enums.js';
import { ontologySnapshot } from '../ontology/snapshot.js';
import { buildImageRecords, termsUsedBy } from '../records/build-image-records.js';
import { loadBreedRoots } from '../validation/breed-roots.js';
import { createRecordValidator, type RecordVerdict } from '../validation/engine.js';
import { imageRules } from '../validation/rules.js';

/** What validation would say about one record now; not stored (only a validation stores results). */
export interface ValidationPreview extends RecordVerdict {
  preview: true;
}

/**
 * Checks one record as validation does (its fields, then the context checks that need only its
 * relations: parents, its animal, place and accuracy), so a curator sees the outcome of an edit at
 * once. Terms come from the local cache, as in validation.
 */
export async function previewValidation(recordType: RecordType, submissionId: number, id: number): Promise<ValidationPreview | null> {
  const [record] = await buildImageRecords(recordType, { submissionId, ids: [id] });
  if (!record) return null;
  const rules = imageRules();
  const terms = ontologySnapshot();
  await terms.ensure([...rules.groups.flatMap((g) => g.fields.flatMap((f) => f.terms?.map((t) => t.term) ?? [])), ...termsUsedBy([record])]);
  const check = createRecordValidator({ terms, breedRoots: await loadBreedRoots() }, rules);
  return { ...check(record), preview: true };
}
