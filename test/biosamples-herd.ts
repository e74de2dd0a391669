/**
 * Ready submissions for the BioSamples submission tests: a herd of founders and their offspring,
 * with samples, inserted in bulk, then validated by the real validation so they are `ready` exactly
 * as a curator's would be.
 */
import { db } from '../core/db/data-source.js';
import { transition } from '../core/submissions/state-machine.js';
import { runValidation } from '../core/validation/run-validation.js';
import { markRecordsEdited } from '../core/submissions/record-edits.js';
import { insertBreed, insertCurator, insertSubmission } from './validation-fixtures.js';

export interface Herd {
  submissionId: number;
  ownerId: number;
  animals: number;
  samples: number;
}

export interface HerdOptions {
  ownerId?: number;
  /** Animals without parents, alternately male and female (at least 2 when there are children). */
  founders?: number;
  /** Animals whose father and mother are founders. */
  children?: number;
  samplesPerAnimal?: number;
  /** Scientific name of every animal's species. */
  species?: string;
  title?: string;
}

let breeds = new Map<string, number>();

export async function pigBreed(species = 'Sus scrofa'): Promise<number> {
  const known = breeds.get(species);
  if (known) return known;
  const id = await insertBreed({ supplied: `Local ${species}`, species, label: species === 'Sus scrofa' ? 'pig breed' : null, term: species === 'Sus scrofa' ? 'LBO_0000003' : null });
  breeds.set(species, id);
  return id;
}

/** Call in beforeAll of each file: the breeds belong to that file's database. */
export function forgetBreeds(): void {
  breeds = new Map();
}

export async function readyHerd(options: HerdOptions = {}): Promise<Herd> {
  const ownerId = options.ownerId ?? (await insertCurator());
  const submissionId = await insertSubmission(ownerId, { title: options.title });
  await addAnimals(submissionId, ownerId, options);
  await validate(submissionId);
  const [counts] = await db().query(
    `SELECT (SELECT count(*)::int FROM animals WHERE submission_id = $1) AS animals, (SELECT count(*)::int FROM samples WHERE submission_id = $1) AS samples`,
    [submissionId],
  );
  return { submissionId, ownerId, ...counts };
}

/** Adds animals (and their samples) to a submission; names are unique per submission and call. */
export async function addAnimals(submissionId: number, ownerId: number, options: HerdOptions = {}): Promise<number[]> {
  const founders = options.founders ?? 2;
  const children = options.children ?? 0;
  const breedId = await pigBreed(options.species);
  const tag = `${options.species?.split(' ')[0] ?? 'Sus'}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const founderRows: { id: number; sex: string }[] = await db().query(
    `INSERT INTO animals (name, alternative_id, submission_id, owner_id, breed_id, sex_id, birth_date, birth_location_accuracy, status)
     SELECT $1 || '-F' || g, 'alt-F' || g, $2, $3, $4, (SELECT id FROM sexes WHERE label = CASE WHEN g % 2 = 1 THEN 'male' ELSE 'female' END),
            '2019-05-01', 'missing geographic information', 'loaded'
       FROM generate_series(1, $5::int) g
     RETURNING id, CASE WHEN sex_id = (SELECT id FROM sexes WHERE label = 'male') THEN 'male' ELSE 'female' END AS sex`,
    [tag, submissionId, ownerId, breedId, founders],
  );
  const males = founderRows.filter((r) => r.sex === 'male').map((r) => r.id);
  const females = founderRows.filter((r) => r.sex === 'female').map((r) => r.id);
  const fathers = Array.from({ length: children }, (_, i) => males[i % males.length]);
  const mothers = Array.from({ length: children }, (_, i) => females[i % females.length]);
  const childRows: { id: number }[] = children === 0 ? [] : await db().query(
    `INSERT INTO animals (name, alternative_id, submission_id, owner_id, breed_id, sex_id, father_id, mother_id, birth_date, birth_location_accuracy, status)
     SELECT $1 || '-C' || g, 'alt-C' || g, $2, $3, $4, (SELECT id FROM sexes WHERE label = CASE WHEN g % 2 = 1 THEN 'male' ELSE 'female' END),
            ($6::int[])[g], ($7::int[])[g], '2021-03-01', 'missing geographic information', 'loaded'
       FROM generate_series(1, $5::int) g
     RETURNING id`,
    [tag, submissionId, ownerId, breedId, children, fathers, mothers],
  );
  const animalIds = [...founderRows.map((r) => r.id), ...childRows.map((r) => r.id)];
  const perAnimal = options.samplesPerAnimal ?? 1;
  if (perAnimal > 0) {
    await db().query(
      `INSERT INTO samples (name, alternative_id, submission_id, owner_id, animal_id, organism_part_id, developmental_stage_id, collection_date, status)
       SELECT $1 || '-S' || a.ord || '-' || k, 'alt-S' || a.ord || '-' || k, $2, $3, a.id, (SELECT id FROM organism_parts WHERE label = 'blood'),
              (SELECT id FROM developmental_stages WHERE label = 'adult'), '2022-01-01', 'loaded'
         FROM unnest($4::int[]) WITH ORDINALITY AS a(id, ord), generate_series(1, $5::int) k`,
      [tag, submissionId, ownerId, animalIds, perAnimal],
    );
  }
  return animalIds;
}

/** As the validate button does: to `waiting`, then the validation job; fails unless the submission ends ready. */
export async function validate(submissionId: number): Promise<void> {
  if (!(await transition(submissionId, 'waiting', { from: ['loaded', 'need_revision'], message: 'waiting for data validation' }))) {
    throw new Error(`submission ${submissionId} cannot be validated now`);
  }
  const outcome = await runValidation(submissionId);
  if (outcome.status !== 'ready') throw new Error(`submission ${submissionId} did not validate: ${outcome.message}`);
}

/** A curator's edit of some records' description, then validation again: the submission is ready again. */
export async function editAndRevalidate(submissionId: number, type: 'animal' | 'sample', ids: number[], description: string): Promise<void> {
  await db().query(`UPDATE ${type === 'animal' ? 'animals' : 'samples'} SET description = $2 WHERE id = ANY($1::int[])`, [ids, description]);
  await markRecordsEdited(type, ids);
  await validate(submissionId);
}
