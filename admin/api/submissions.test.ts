import { beforeAll, describe, expect, it } from '@jest/globals';
import { createAnimal, createSample, createSubmission, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { useTestApp, WebClient } from '../../test/web-client.js';

const { db, app } = useTestApp();
let curator: TestUser;
let client: WebClient;

beforeAll(async () => {
  curator = await createUser();
  client = new WebClient(app.url);
  await client.post('/api/login', { email: curator.email, password: TEST_PASSWORD });
});

describe('GET /api/submissions/:id', () => {
  it('gives the whole picture: fields, problems, progress, file without content, record counts by status, validation counts', async () => {
    const content = Buffer.from('PK fake xlsx content');
    const s = await createSubmission(curator.id, {
      title: 'Pigs 2020', geneBankName: 'IT genebank', geneBankCountry: 'Italy', datasourceType: 'crbanim', datasourceVersion: '2.1',
      status: 'waiting', message: 'importing', file: { name: 'pigs.csv', content, mimeType: 'text/csv' },
    });
    await db.ds.query(
      `UPDATE submissions SET description = 'Semen doses', progress = '{"phase":"import","done":3,"total":10}',
       errors = '[{"level":"warning","sheet":"animal","row":4,"column":"Sex","value":"M","message":"not a sex"}]', errors_total = 1
       WHERE id = $1`,
      [s.id],
    );
    const boar = await createAnimal(s.id, { status: 'ready', validation: 'pass', sex: 'male' });
    const sow = await createAnimal(s.id, { status: 'need_revision', validation: 'error' });
    await createSample(boar.id, { status: 'ready', validation: 'warning' });
    await createSample(sow.id, { status: 'loaded' });
    await createSample(sow.id, { status: 'loaded' });

    const res = await client.get(`/api/submissions/${s.id}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: s.id,
      title: 'Pigs 2020',
      description: 'Semen doses',
      geneBankName: 'IT genebank',
      geneBankCountry: 'Italy',
      datasourceType: 'crbanim',
      datasourceVersion: '2.1',
      status: 'waiting',
      message: 'importing',
      errors: [{ level: 'warning', sheet: 'animal', row: 4, column: 'Sex', value: 'M', message: 'not a sex' }],
      errorsTotal: 1,
      progress: { phase: 'import', done: 3, total: 10 },
      file: { name: 'pigs.csv', size: content.length, uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
      animals: { total: 2, byStatus: { ready: 1, need_revision: 1 } },
      samples: { total: 3, byStatus: { ready: 1, loaded: 2 } },
      validation: { pass: 1, warning: 1, error: 1 },
      ownerId: curator.id,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(res.text).not.toContain('fake xlsx');
  });

  it('has null validation and progress, and no file, before any of them exist', async () => {
    const s = await createSubmission(curator.id, { status: 'loaded' });
    const res = await client.get(`/api/submissions/${s.id}`);
    expect(res.json).toMatchObject({ validation: null, progress: null, file: null, animals: { total: 0, byStatus: {} }, samples: { total: 0, byStatus: {} } });
  });

  it('answers 404 for an id that is not a number', async () => {
    const res = await client.get('/api/submissions/abc');
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('not_found');
  });
});

describe('GET /api/submissions', () => {
  it('pages the list, newest first, per API.md "Lists"', async () => {
    const user = await createUser();
    const c = new WebClient(app.url);
    await c.post('/api/login', { email: user.email, password: TEST_PASSWORD });
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createSubmission(user.id, { title: `S${i}` }));
    const page1 = await c.get('/api/submissions?page=1&perPage=2');
    expect(page1.json).toMatchObject({ page: 1, perPage: 2, total: 3 });
    expect(page1.json.items.map((s: { title: string }) => s.title)).toEqual(['S2', 'S1']);
    const page2 = await c.get('/api/submissions?page=2&perPage=2');
    expect(page2.json.items.map((s: { title: string }) => s.title)).toEqual(['S0']);
    expect(page2.json.items[0]).toMatchObject({ geneBankCountry: 'Italy', status: 'loaded', progress: null });
    expect((await c.get('/api/submissions?page=0')).status).toBe(400);
  });
});
