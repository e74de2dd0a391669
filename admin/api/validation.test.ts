import { beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from '../../test/factories.js';
import { insertAnimal, insertBreed, insertSample, insertSubmission } from '../../test/validation-fixtures.js';
import { useTestApp, WebClient } from '../../test/web-client.js';
import { runValidation } from '../../core/validation/run-validation.js';

const { db, app, as } = useTestApp();
let owner: TestUser;
let other: TestUser;
let admin: TestUser;
let breed: number;

beforeAll(async () => {
  [owner, other, admin] = await Promise.all([
    createUser({ role: 'curator', organization: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }),
    createUser({ role: 'curator' }),
    createUser({ role: 'admin' }),
  ]);
  breed = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
});

const statusOf = async (id: number) => (await db.ds.query(`SELECT status, message FROM submissions WHERE id = $1`, [id]))[0];

describe('POST /api/submissions/:id/validate', () => {
  it('moves a loaded submission to waiting and queues the validation job (202)', async () => {
    const id = await insertSubmission(owner.id);
    const res = await (await as(owner)).post(`/api/submissions/${id}/validate`);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id, status: 'waiting' });
    expect(await statusOf(id)).toEqual({ status: 'waiting', message: 'waiting for data validation' });
    const jobs = await db.ds.query(`SELECT name, data FROM agenda_jobs WHERE data->>'submissionId' = $1`, [String(id)]);
    expect(jobs).toEqual([{ name: 'validate-submission', data: { submissionId: id } }]);
  });

  it('accepts a submission that needs revision, from its owner or an admin', async () => {
    const id = await insertSubmission(owner.id, { status: 'need_revision' });
    expect((await (await as(admin)).post(`/api/submissions/${id}/validate`)).status).toBe(202);
  });

  it('refuses with 409 and the reason unless the submission is loaded or needs revision', async () => {
    const curator = await as(owner);
    for (const status of ['waiting', 'ready', 'submitted', 'error', 'completed']) {
      const id = await insertSubmission(owner.id, { status });
      const res = await curator.post(`/api/submissions/${id}/validate`);
      expect(res.status).toBe(409);
      expect(res.json).toEqual({ error: 'invalid_status', message: expect.any(String) });
      expect((await statusOf(id)).status).toBe(status);
    }
    const busy = await insertSubmission(owner.id, { status: 'waiting' });
    expect((await curator.post(`/api/submissions/${busy}/validate`)).json.message).toMatch(/busy/);
    const ready = await insertSubmission(owner.id, { status: 'ready' });
    expect((await curator.post(`/api/submissions/${ready}/validate`)).json.message)
      .toBe('The submission is ready: only a loaded submission or one that needs revision can be validated');
  });

  it("answers 404 for another curator's submission and 401 without login", async () => {
    const id = await insertSubmission(owner.id);
    const res = await (await as(other)).post(`/api/submissions/${id}/validate`);
    expect(res.status).toBe(404);
    expect((await statusOf(id)).status).toBe('loaded');
    expect((await new WebClient(app.url).post(`/api/submissions/${id}/validate`)).status).toBe(401);
    expect((await (await as(owner)).post(`/api/submissions/999999/validate`)).status).toBe(404);
  });
});

describe('GET /api/submissions/:id/validation', () => {
  it('answers empty counts before any validation', async () => {
    const id = await insertSubmission(owner.id);
    const res = await (await as(owner)).get(`/api/submissions/${id}/validation`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      status: 'loaded', validatedAt: null, counts: { pass: 0, warning: 0, error: 0 },
      animals: { counts: { pass: 0, warning: 0, error: 0 }, messages: [] }, samples: { counts: { pass: 0, warning: 0, error: 0 }, messages: [] },
      uncheckedTerms: [],
    });
  });

  it('answers the summary per record type, with messages grouped by key, after the job ran', async () => {
    const id = await insertSubmission(owner.id);
    const a = await insertAnimal(id, owner.id, { name: 'A1', breedId: breed, sex: 'female' });
    await insertSample(id, owner.id, { name: 'S1', animalId: a, storage: 'frozen' });
    await insertSample(id, owner.id, { name: 'S2', animalId: a, storage: 'frozen' });
    const curator = await as(owner);
    expect((await curator.post(`/api/submissions/${id}/validate`)).status).toBe(202);
    await runValidation(id);
    const res = await curator.get(`/api/submissions/${id}/validation`);
    expect(res.json).toMatchObject({
      status: 'need_revision',
      validatedAt: expect.any(String),
      counts: { pass: 1, warning: 0, error: 2 },
      animals: { counts: { pass: 1, warning: 0, error: 0 }, messages: [] },
      samples: {
        counts: { pass: 0, warning: 0, error: 2 },
        messages: [
          { key: 'semen_from_female:Organism part', level: 'error', field: 'Organism part', count: 2, message: "Semen cannot be taken from animal 'A1', which is female" },
          { key: 'value_not_allowed:Sample storage:frozen', level: 'error', field: 'Sample storage', count: 2, message: expect.stringContaining("Sample storage 'frozen' is not one of") },
        ],
      },
    });
    expect((await (await as(other)).get(`/api/submissions/${id}/validation`)).status).toBe(404);
    expect((await (await as(admin)).get(`/api/submissions/${id}/validation`)).status).toBe(200);
  });
});
