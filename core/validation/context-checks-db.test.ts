import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { insertAnimal, insertBreed, insertCurator, insertSample, insertSubmission } from '../../test/validation-fixtures.js';
import { transition } from '../submissions/state-machine.js';
import { runValidation } from './run-validation.js';

/** The context checks on small submissions stored in the database, validated end to end. */

const db = useTestDatabase();
let owner: number;
const breeds: Record<string, number> = {};

beforeAll(async () => {
  owner = await insertCurator();
  breeds.pig = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
  breeds.goat = await insertBreed({ supplied: 'Saanen', species: 'Capra hircus', label: 'goat breed', term: 'LBO_0000954' });
  breeds.pigAsGoat = await insertBreed({ supplied: 'Mislabelled', species: 'Sus scrofa', label: 'goat breed', term: 'LBO_0000954' });
});

/** Validates the submission and returns, per record name, the keys of its messages. */
async function messagesOf(submissionId: number): Promise<Record<string, string[]>> {
  await transition(submissionId, 'waiting', { from: ['loaded'] });
  await runValidation(submissionId);
  const rows: { name: string; keys: string[] }[] = await db.ds.query(
    `SELECT COALESCE(a.name, s.name) AS name, ARRAY(SELECT m->>'key' FROM jsonb_array_elements(v.messages) m) AS keys
       FROM validation_results v LEFT JOIN animals a ON a.id = v.animal_id LEFT JOIN samples s ON s.id = v.sample_id
      WHERE v.submission_id = $1`,
    [submissionId],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.keys]));
}

describe('context checks on stored submissions', () => {
  it('report a goat whose parents are pigs (the 2019-07 example template)', async () => {
    const id = await insertSubmission(owner);
    const sire = await insertAnimal(id, owner, { name: 'PIG-SIRE', breedId: breeds.pig, sex: 'male' });
    const dam = await insertAnimal(id, owner, { name: 'PIG-DAM', breedId: breeds.pig, sex: 'female' });
    await insertAnimal(id, owner, { name: 'GOAT-KID', breedId: breeds.goat, sex: 'female', fatherId: sire, motherId: dam });
    const messages = await messagesOf(id);
    expect(messages['GOAT-KID']).toEqual([
      'parent_species_mismatch:Species:Capra hircus:Sus scrofa',
      'parent_species_mismatch:Species:Capra hircus:Sus scrofa',
    ]);
    expect(messages['PIG-SIRE']).toEqual([]);
    const [kid] = await db.ds.query(`SELECT status, validation FROM animals WHERE name = 'GOAT-KID' AND submission_id = $1`, [id]);
    expect(kid).toEqual({ status: 'need_revision', validation: 'error' });
  });

  it('refuse two parents of the same sex and only warn when one parent is of unknown sex', async () => {
    const id = await insertSubmission(owner);
    const m1 = await insertAnimal(id, owner, { name: 'M1', breedId: breeds.pig, sex: 'male' });
    const m2 = await insertAnimal(id, owner, { name: 'M2', breedId: breeds.pig, sex: 'male' });
    const u = await insertAnimal(id, owner, { name: 'U', breedId: breeds.pig, sex: 'record of unknown sex' });
    await insertAnimal(id, owner, { name: 'TWO-FATHERS', breedId: breeds.pig, fatherId: m1, motherId: m2 });
    await insertAnimal(id, owner, { name: 'UNKNOWN-MOTHER', breedId: breeds.pig, fatherId: m1, motherId: u });
    const messages = await messagesOf(id);
    expect(messages['TWO-FATHERS']).toEqual(['parents_same_sex:Child of:male']);
    expect(messages['UNKNOWN-MOTHER']).toEqual(['parent_sex_unknown:Child of']);
  });

  it('refuse semen from a female and warn about semen from an animal of unknown sex', async () => {
    const id = await insertSubmission(owner);
    const female = await insertAnimal(id, owner, { name: 'SOW', breedId: breeds.pig, sex: 'female' });
    const unknown = await insertAnimal(id, owner, { name: 'UNSEXED', breedId: breeds.pig, sex: 'record of unknown sex' });
    await insertSample(id, owner, { name: 'SEMEN-SOW', animalId: female, organismPart: 'semen' });
    await insertSample(id, owner, { name: 'BLOOD-SOW', animalId: female, organismPart: 'blood' });
    await insertSample(id, owner, { name: 'SEMEN-UNSEXED', animalId: unknown, organismPart: 'semen' });
    const messages = await messagesOf(id);
    expect(messages['SEMEN-SOW']).toEqual(['semen_from_female:Organism part']);
    expect(messages['BLOOD-SOW']).toEqual([]);
    expect(messages['SEMEN-UNSEXED']).toEqual(['semen_from_unknown_sex:Organism part']);
  });

  it('require a place exactly when the accuracy is not "missing geographic information"', async () => {
    const id = await insertSubmission(owner);
    await insertAnimal(id, owner, { name: 'NO-PLACE', breedId: breeds.pig, accuracy: 'country level' });
    await insertAnimal(id, owner, { name: 'PLACE-MISSING-ACCURACY', breedId: breeds.pig, birthLocation: 'Rennes', accuracy: 'missing geographic information' });
    await insertAnimal(id, owner, { name: 'CONSISTENT', breedId: breeds.pig, birthLocation: 'Rennes', accuracy: 'region level' });
    const messages = await messagesOf(id);
    expect(messages['NO-PLACE']).toEqual(['accuracy_without_place:Birth location accuracy:country level']);
    expect(messages['PLACE-MISSING-ACCURACY']).toEqual(['place_without_accuracy:Birth location accuracy']);
    expect(messages['CONSISTENT']).toEqual([]);
  });

  it('refuse a mapped breed of another species', async () => {
    const id = await insertSubmission(owner);
    await insertAnimal(id, owner, { name: 'PIG-WITH-GOAT-BREED', breedId: breeds.pigAsGoat });
    const messages = await messagesOf(id);
    expect(messages['PIG-WITH-GOAT-BREED']).toEqual(['breed_species_mismatch:Mapped breed:LBO_0000954']);
  });
});
