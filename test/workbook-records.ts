import { db } from '../core/db/data-source.js';
import type { ValidationMessage } from '../core/db/entities/validation-result.js';
import { createValidationResult } from './factories.js';

/**
 * Records with the fields the workbook shows (parents, dates, coordinates, quantities), written
 * straight to the test database; users, submissions and breeds come from test/factories.ts.
 */

export interface AnimalSeed {
  name: string;
  breedId: number;
  sex?: string | null;
  fatherId?: number | null;
  motherId?: number | null;
  birthDate?: string | null;
  birthLocationLatitude?: number | null;
}

export async function addAnimal(submissionId: number, a: AnimalSeed): Promise<number> {
  const [row] = await db().query(
    `INSERT INTO animals (name, alternative_id, submission_id, owner_id, breed_id, sex_id, father_id, mother_id, birth_date, birth_location_latitude)
     SELECT $1, $1::varchar || '-alt', s.id, s.owner_id, $3, (SELECT id FROM sexes WHERE label = $4), $5, $6, $7, $8
       FROM submissions s WHERE s.id = $2
     RETURNING id`,
    [a.name, submissionId, a.breedId, a.sex ?? null, a.fatherId ?? null, a.motherId ?? null, a.birthDate ?? null, a.birthLocationLatitude ?? null],
  );
  return row.id;
}

export interface SampleSeed {
  name: string;
  animalId: number;
  collectionDate?: string | null;
  age?: [number, string] | null;
  storage?: string | null;
}

export async function addSample(s: SampleSeed): Promise<number> {
  const [row] = await db().query(
    `INSERT INTO samples (name, alternative_id, submission_id, owner_id, animal_id, organism_part_id, collection_date,
                          animal_age_at_collection, animal_age_at_collection_unit, storage)
     SELECT $1, $1::varchar || '-alt', a.submission_id, a.owner_id, a.id, (SELECT id FROM organism_parts WHERE label = 'semen'), $3, $4, $5, $6
       FROM animals a WHERE a.id = $2
     RETURNING id`,
    [s.name, s.animalId, s.collectionDate ?? null, s.age?.[0] ?? null, s.age?.[1] ?? null, s.storage ?? null],
  );
  return row.id;
}

/** `count` samples of one animal named `<prefix>-1` … `<prefix>-<count>`, in one statement. */
export async function addSamples(animalId: number, count: number, prefix = 'S'): Promise<void> {
  await db().query(
    `INSERT INTO samples (name, alternative_id, submission_id, owner_id, animal_id, organism_part_id, collection_date, storage)
     SELECT $2 || '-' || n, 'alt-' || n, a.submission_id, a.owner_id, a.id, (SELECT id FROM organism_parts WHERE label = 'semen'),
            '2019-06-02', 'frozen, liquid nitrogen'
       FROM animals a, generate_series(1, $3::int) n WHERE a.id = $1`,
    [animalId, prefix, count],
  );
}

/** Stores a record's validation outcome (its level follows from the messages), as the validation job does. */
export async function recordValidation(recordType: 'animal' | 'sample', recordId: number, messages: ValidationMessage[]): Promise<void> {
  const level = messages.some((m) => m.level === 'error') ? 'error' : messages.length ? 'warning' : 'pass';
  await createValidationResult(recordType === 'animal' ? { animalId: recordId } : { sampleId: recordId }, level, messages);
}

export const message = (field: string, level: 'error' | 'warning', text: string): ValidationMessage =>
  ({ field, level, message: text, key: `test:${field}` });
