import { beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from '../../test/factories.js';
import { createHerd, submissionRow, validateNow } from '../../test/fix-fixtures.js';
import { insertAnimal, insertBreed, insertSample, insertSubmission } from '../../test/validation-fixtures.js';
import { useTestApp, WebClient } from '../../test/web-client.js';

const { db, app, as } = useTestApp();
let owner: TestUser;
let other: TestUser;
let admin: TestUser;
let pig: number;

beforeAll(async () => {
  [owner, other, admin] = await Promise.all([
    createUser({ organization: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }),
    createUser(),
    createUser({ role: 'admin' }),
  ]);
  pig = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
  await insertBreed({ supplied: 'Duroc', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
  await insertBreed({ supplied: 'Cinta Senese', species: 'Sus scrofa', country: 'Italy' });
});

const sampleRow = async (id: number) =>
  (await db.ds.query(`SELECT storage, status, validation, last_changed_at FROM samples WHERE id = $1`, [id]))[0];

/** A validated submission: samples with a storage IMAGE does not know and a date that does not exist. */
async function validatedSamples() {
  const id = await insertSubmission(owner.id);
  const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig, sex: 'male' });
  const s1 = await insertSample(id, owner.id, { name: 'S1', animalId: animal, storage: 'frozen', collectionDate: '2019-02-30' });
  const s2 = await insertSample(id, owner.id, { name: 'S2', animalId: animal, storage: 'frozen' });
  await validateNow(id);
  return { id, animal, s1, s2 };
}

describe('PATCH /api/samples/:id', () => {
  it('saves the fields, sends the record and its submission to revision, and answers a fresh check of the record', async () => {
    const { id, s1, s2 } = await validatedSamples();
    const before = await sampleRow(s1);
    expect(before).toMatchObject({ status: 'need_revision', validation: 'error' });
    const res = await (await as(owner)).patch(`/api/samples/${s1}`, {
      storage: 'frozen, liquid nitrogen', animalAgeAtCollection: '2.5', animalAgeAtCollectionUnit: 'years', collectionPlace: ' Jouy-en-Josas ',
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: s1, name: 'S1', status: 'need_revision', storage: 'frozen, liquid nitrogen', animalAgeAtCollection: 2.5,
      animalAgeAtCollectionUnit: 'years', collectionPlace: 'Jouy-en-Josas',
      changedFields: ['storage', 'animalAgeAtCollection', 'animalAgeAtCollectionUnit', 'collectionPlace'],
    });
    // The check of the record as it is now: the storage is fixed, the date still does not exist, and a place needs an accuracy.
    expect(res.json.validation).toEqual({
      preview: true,
      level: 'error',
      messages: expect.arrayContaining([
        expect.objectContaining({ key: 'not_a_date:Collection date', field: 'Collection date' }),
        expect.objectContaining({ key: 'place_without_accuracy:Collection place accuracy' }),
      ]),
    });
    expect(res.json.validation.messages.map((m: { field: string }) => m.field)).not.toContain('Sample storage');
    const after = await sampleRow(s1);
    expect(after).toMatchObject({ storage: 'frozen, liquid nitrogen', status: 'need_revision', validation: null });
    expect(after.last_changed_at.getTime()).toBeGreaterThan(before.last_changed_at.getTime());
    expect(await submissionRow(id)).toMatchObject({ status: 'need_revision', message: "Sample 'S1' was edited: validate again" });
    // The stored result is stale: the storage message went with the old value, the date message still stands.
    const shown = await (await as(owner)).get(`/api/samples/${s1}`);
    expect(shown.json.validation).toEqual({
      level: 'error', stale: true,
      messages: [expect.objectContaining({ key: 'not_a_date:Collection date' })],
    });
    expect((await sampleRow(s2)).validation).toBe('error');
    expect((await (await as(owner)).get(`/api/submissions/${id}/validation`)).json.changedAt).toEqual(expect.any(String));
  });

  it('saves a storage IMAGE does not allow, and the inline check says what is allowed', async () => {
    const { s2 } = await validatedSamples();
    const res = await (await as(owner)).patch(`/api/samples/${s2}`, { storage: 'in the fridge' });
    expect(res.status).toBe(200);
    expect(res.json.storage).toBe('in the fridge');
    expect(res.json.validation.messages).toEqual([{
      field: 'Sample storage', level: 'error', key: 'value_not_allowed:Sample storage:in the fridge',
      message: expect.stringMatching(/^Sample storage 'in the fridge' is not one of 'ambient temperature', /),
    }]);
  });

  it('creates an unknown organism part without ontology id, as the importer does, and the check says it has none', async () => {
    const { s2 } = await validatedSamples();
    const res = await (await as(owner)).patch(`/api/samples/${s2}`, { organismPart: 'ear  notch', developmentalStage: 'ADULT' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ organismPart: 'ear  notch', organismPartTerm: null, developmentalStage: 'adult', developmentalStageTerm: 'EFO_0001272' });
    expect(res.json.validation.messages).toContainEqual(expect.objectContaining({ key: 'term_missing:Organism part:ear  notch', level: 'error' }));
    expect(await db.ds.query(`SELECT term FROM organism_parts WHERE label = 'ear  notch'`)).toEqual([{ term: null }]);
  });

  it('changes nothing, and leaves the submission as it is, when the values are those already stored', async () => {
    const herd = await createHerd(owner.id, { samples: 1, validate: true });
    expect((await submissionRow(herd.submissionId)).status).toBe('ready');
    const res = await (await as(owner)).patch(`/api/samples/${herd.sampleIds[0]}`, { storage: 'frozen, -80 degrees Celsius freezer' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ changedFields: [], status: 'ready', validation: { preview: true, level: 'pass', messages: [] } });
    expect((await submissionRow(herd.submissionId)).status).toBe('ready');
  });
});

describe('PATCH /api/animals/:id', () => {
  it('sets sex, birth place and a breed of the same species and country by label', async () => {
    const id = await insertSubmission(owner.id, { status: 'ready' });
    const animal = await insertAnimal(id, owner.id, { name: 'sow', breedId: pig, sex: 'male' });
    const res = await (await as(owner)).patch(`/api/animals/${animal}`, {
      sex: 'Female', breed: 'duroc', birthDate: '2018-04', birthLocation: 'Rennes', birthLocationAccuracy: 'precise coordinates',
      birthLocationLatitude: '48.11', birthLocationLongitude: -1.68,
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      sex: 'female', sexTerm: 'PATO_0000383', breed: 'Duroc', birthDate: '2018-04', birthLocation: 'Rennes',
      birthLocationAccuracy: 'precise coordinates', birthLocationLatitude: 48.11, birthLocationLongitude: -1.68, status: 'need_revision',
      validation: { preview: true, level: 'pass', messages: [] },
    });
    expect((await submissionRow(id)).status).toBe('need_revision');
  });

  it('refuses a breed of another country, naming the breeds it may have', async () => {
    const id = await insertSubmission(owner.id);
    const animal = await insertAnimal(id, owner.id, { name: 'sow', breedId: pig });
    const res = await (await as(owner)).patch(`/api/animals/${animal}`, { breed: 'Cinta Senese' });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: 'invalid_value', details: [{ field: 'breed', value: 'Cinta Senese' }] });
    expect(res.json.message).toBe("Supplied breed: 'Cinta Senese' is not a Sus scrofa breed of France: use one of 'Duroc' or 'Large White'");
  });
});

describe('refusals', () => {
  it('answers 422 naming each field and value of the wrong type, and changes nothing', async () => {
    const id = await insertSubmission(owner.id);
    const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig, birthDate: '2017' });
    const res = await (await as(owner)).patch(`/api/animals/${animal}`, { birthLocationLatitude: 'north', birthDate: '2019-02-30', sex: 'M' });
    expect(res.status).toBe(422);
    expect(res.json.error).toBe('invalid_value');
    expect(res.json.details).toEqual([
      { field: 'birthLocationLatitude', value: 'north', message: "Birth location latitude: 'north' is not a number" },
      { field: 'birthDate', value: '2019-02-30', message: "Birth date: '2019-02-30' is not a date written as YYYY-MM-DD, YYYY-MM or YYYY" },
    ]);
    const sex = await (await as(owner)).patch(`/api/animals/${animal}`, { sex: 'M' });
    expect(sex.status).toBe(422);
    expect(sex.json.message).toBe("Sex: 'M' is not one of 'female', 'male' or 'record of unknown sex'");
    expect(await db.ds.query(`SELECT birth_date, status FROM animals WHERE id = $1`, [animal])).toEqual([{ birth_date: '2017', status: 'loaded' }]);
    expect((await submissionRow(id)).status).toBe('loaded');
  });

  it('answers 422 for fields that cannot be edited here', async () => {
    const id = await insertSubmission(owner.id);
    const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig });
    const res = await (await as(owner)).patch(`/api/animals/${animal}`, { name: 'renamed', accession: 'SAMEA1', mother: null, storage: 'x' });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: 'not_editable', message: 'Not editable on an animal: name, accession, mother, storage' });
    expect((await (await as(owner)).patch(`/api/animals/${animal}`, ['sex'])).status).toBe(400);
  });

  it('answers 409 while the submission is waiting for a job or being submitted', async () => {
    for (const status of ['waiting', 'submitted']) {
      const id = await insertSubmission(owner.id, { status });
      const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig, sex: 'male' });
      const res = await (await as(owner)).patch(`/api/animals/${animal}`, { sex: 'female' });
      expect(res.status).toBe(409);
      expect(res.json).toEqual({ error: 'invalid_status', message: expect.stringMatching(/processed|sent to BioSamples/) });
      expect(await db.ds.query(`SELECT x.label FROM animals a JOIN sexes x ON x.id = a.sex_id WHERE a.id = $1`, [animal])).toEqual([{ label: 'male' }]);
      expect((await submissionRow(id)).status).toBe(status);
    }
  });

  it("answers 404 for another curator's record and lets an admin edit it", async () => {
    const id = await insertSubmission(owner.id);
    const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig });
    const res = await (await as(other)).patch(`/api/animals/${animal}`, { description: 'mine now' });
    expect(res.status).toBe(404);
    expect((await (await as(other)).patch(`/api/animals/999999`, { description: 'x' })).status).toBe(404);
    expect((await new WebClient(app.url).patch(`/api/animals/${animal}`, { description: 'x' })).status).toBe(401);
    expect((await db.ds.query(`SELECT description FROM animals WHERE id = $1`, [animal]))[0].description).toBeNull();
    const byAdmin = await (await as(admin)).patch(`/api/animals/${animal}`, { description: 'checked by the admin' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json.description).toBe('checked by the admin');
  });

  it('works with the session of POST /api/login as well as with a token', async () => {
    const id = await insertSubmission(owner.id);
    const animal = await insertAnimal(id, owner.id, { name: 'boar', breedId: pig });
    const c = new WebClient(app.url);
    expect((await c.post('/api/login', { email: owner.email, password: owner.password })).status).toBe(200);
    const res = await c.patch(`/api/animals/${animal}`, { alternativeId: 'FR-001' });
    expect(res.status).toBe(200);
    expect(res.json.alternativeId).toBe('FR-001');
  });
});
