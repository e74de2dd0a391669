import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  createAnimal, createSample, createSubmission, createUser, createValidationResult, type TestUser,
} from '../../test/factories.js';
import { useTestApp } from '../../test/web-client.js';

const { db, app, as } = useTestApp();
let curator: TestUser;
let other: TestUser;
let admin: TestUser;
let submissionId: number;
const animalIds: number[] = [];
let sampleId: number;

beforeAll(async () => {
  [curator, other, admin] = await Promise.all([createUser(), createUser(), createUser({ role: 'admin' })]);
  ({ id: submissionId } = await createSubmission(curator.id));
  // Twelve animals: boar-00..boar-11; every third needs revision; the first three were validated.
  for (let i = 0; i < 12; i++) {
    const a = await createAnimal(submissionId, { name: `boar-${String(i).padStart(2, '0')}`, status: i % 3 === 0 ? 'need_revision' : 'loaded', sex: 'male' });
    animalIds.push(a.id);
  }
  await db.ds.query(`UPDATE animals SET mother_id = $2, birth_date = '2019-05', accession = 'SAMEA555' WHERE id = $1`, [animalIds[1], animalIds[2]]);
  await createValidationResult({ animalId: animalIds[0] }, 'error', [{ field: 'Sex', level: 'error', message: 'Sex is missing', key: 'missing:Sex' }]);
  await createValidationResult({ animalId: animalIds[1] }, 'warning', [{ field: 'Birth date', level: 'warning', message: 'Partial date', key: 'partial:Birth date' }]);
  await createValidationResult({ animalId: animalIds[2] }, 'pass');
  ({ id: sampleId } = await createSample(animalIds[1], { name: 'straw-1', organismPart: 'semen' }));
});

describe('GET /api/submissions/:id/animals', () => {
  it('pages through the animals in id order with the total', async () => {
    const c = await as(curator);
    const first = await c.get(`/api/submissions/${submissionId}/animals?perPage=5`);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ page: 1, perPage: 5, total: 12 });
    expect(first.json.items.map((a: { name: string }) => a.name)).toEqual(['boar-00', 'boar-01', 'boar-02', 'boar-03', 'boar-04']);
    const last = await c.get(`/api/submissions/${submissionId}/animals?perPage=5&page=3`);
    expect(last.json.items.map((a: { name: string }) => a.name)).toEqual(['boar-10', 'boar-11']);
    expect((await c.get(`/api/submissions/${submissionId}/animals?perPage=501`)).status).toBe(400);
  });

  it('filters by status, validation level, name and validation message key', async () => {
    const c = await as(curator);
    const names = async (query: string) =>
      (await c.get(`/api/submissions/${submissionId}/animals?${query}`)).json.items.map((a: { name: string }) => a.name);
    expect(await names('status=need_revision')).toEqual(['boar-00', 'boar-03', 'boar-06', 'boar-09']);
    expect(await names('validation=warning')).toEqual(['boar-01']);
    expect(await names('q=R-1')).toEqual(['boar-10', 'boar-11']);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('message=missing%3ASex')).toEqual(['boar-00']);
    expect(await names('status=loaded&validation=pass')).toEqual(['boar-02']);
    expect((await c.get(`/api/submissions/${submissionId}/animals?status=lost`)).status).toBe(400);
  });

  it('shows list items with labels and the validation level only', async () => {
    const c = await as(curator);
    const [, item] = (await c.get(`/api/submissions/${submissionId}/animals?perPage=2`)).json.items;
    expect(item).toMatchObject({
      id: animalIds[1], name: 'boar-01', submissionId, accession: 'SAMEA555', status: 'loaded', validation: 'warning',
      sex: 'male', sexTerm: 'PATO_0000384', species: 'Sus scrofa', breed: 'Test breed', breedCountry: 'Italy',
      mother: { id: animalIds[2], name: 'boar-02' }, father: null, birthDate: '2019-05',
    });
  });

  it("answers 404 for another curator's submission, and lets an admin see it", async () => {
    expect((await (await as(other)).get(`/api/submissions/${submissionId}/animals`)).status).toBe(404);
    expect((await (await as(other)).get(`/api/submissions/${submissionId}/samples`)).status).toBe(404);
    expect((await (await as(admin)).get(`/api/submissions/${submissionId}/animals`)).json.total).toBe(12);
  });
});

describe('GET /api/animals/:id and /api/samples/:id', () => {
  it('show every field with vocabulary labels, the accession and the validation messages', async () => {
    const c = await as(curator);
    const animal = await c.get(`/api/animals/${animalIds[0]}`);
    expect(animal.status).toBe(200);
    expect(animal.json).toMatchObject({
      id: animalIds[0], name: 'boar-00', status: 'need_revision', accession: null, birthLocationAccuracy: 'missing geographic information',
      validation: { level: 'error', messages: [{ field: 'Sex', level: 'error', message: 'Sex is missing', key: 'missing:Sex' }] },
    });
    const sample = await c.get(`/api/samples/${sampleId}`);
    expect(sample.json).toMatchObject({
      id: sampleId, name: 'straw-1', animal: { id: animalIds[1], name: 'boar-01' }, organismPart: 'semen',
      organismPartTerm: 'UBERON_0001968', collectionDate: '2020-01-01', validation: null,
    });
    const samples = await c.get(`/api/submissions/${submissionId}/samples`);
    expect(samples.json).toMatchObject({ total: 1, items: [{ id: sampleId, validation: null }] });
  });

  it("answer 404 for another curator's record and for one that does not exist", async () => {
    const c = await as(other);
    expect((await c.get(`/api/animals/${animalIds[0]}`)).status).toBe(404);
    expect((await c.get(`/api/samples/${sampleId}`)).status).toBe(404);
    expect((await c.get(`/api/animals/999999`)).status).toBe(404);
    expect((await c.get(`/api/animals/abc`)).status).toBe(404);
  });
});
