/**
 * Submissions for the edit and fix tests: one pig and many samples written in one statement, then
 * validated for real, so records carry the validation results a curator would see.
 */
import { db } from '../core/db/data-source.js';
import { transition } from '../core/submissions/state-machine.js';
import { runValidation } from '../core/validation/run-validation.js';
import { insertAnimal, insertBreed, insertSubmission } from './validation-fixtures.js';

export const VALID_STORAGE = 'frozen, -80 degrees Celsius freezer';

export interface HerdOptions {
  samples: number;
  /** Storage of sample n (1-based); `frozen` is not an IMAGE value. */
  storage?: (n: number) => string | null;
  ageUnit?: (n: number) => string | null;
  /** Run the validation (the submission ends `ready` or `need_revision`). */
  validate?: boolean;
}

export interface Herd {
  submissionId: number;
  animalId: number;
  /** Sample ids in name order: straw-1, straw-2, ... */
  sampleIds: number[];
}

/** A submission with one male pig and samples `straw-1` .. `straw-N` of semen. */
export async function createHerd(ownerId: number, options: HerdOptions): Promise<Herd> {
  const breed = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
  const submissionId = await insertSubmission(ownerId);
  const animalId = await insertAnimal(submissionId, ownerId, { name: 'boar', breedId: breed, sex: 'male' });
  const n = Array.from({ length: options.samples }, (_, i) => i + 1);
  await db().query(
    `INSERT INTO samples (name, alternative_id, submission_id, owner_id, animal_id, organism_part_id, developmental_stage_id,
                          storage, animal_age_at_collection, animal_age_at_collection_unit)
     SELECT 'straw-' || x.n, 'alt-' || x.n, $1, $2, $3, (SELECT id FROM organism_parts WHERE label = 'semen'),
            (SELECT id FROM developmental_stages WHERE label = 'adult'), x.storage, CASE WHEN x.unit IS NULL THEN NULL ELSE 2 END, x.unit
       FROM unnest($4::int[], $5::text[], $6::text[]) AS x(n, storage, unit)
      ORDER BY x.n`,
    [submissionId, ownerId, animalId, n, n.map((i) => options.storage?.(i) ?? VALID_STORAGE), n.map((i) => options.ageUnit?.(i) ?? null)],
  );
  const rows: { id: number }[] = await db().query(
    `SELECT id FROM samples WHERE submission_id = $1 ORDER BY substring(name from 7)::int`, [submissionId],
  );
  if (options.validate) await validateNow(submissionId);
  return { submissionId, animalId, sampleIds: rows.map((r) => r.id) };
}

/** What `POST /validate` and the job do, in this process. */
export async function validateNow(submissionId: number) {
  const moved = await transition(submissionId, 'waiting', { from: ['loaded', 'need_revision'], message: 'waiting for data validation' });
  if (!moved) throw new Error(`submission ${submissionId} cannot be validated now`);
  return runValidation(submissionId);
}

export async function submissionRow(id: number): Promise<{ status: string; message: string; validation_summary: Record<string, unknown> | null }> {
  const [row] = await db().query(`SELECT status, message, validation_summary FROM submissions WHERE id = $1`, [id]);
  return row;
}

/** Storage per sample name of a submission, with status and validation level. */
export async function samplesOf(submissionId: number): Promise<{ name: string; storage: string | null; status: string; validation: string | null }[]> {
  return db().query(
    `SELECT name, storage, status, validation FROM samples WHERE submission_id = $1 ORDER BY substring(name from 7)::int`, [submissionId],
  );
}
