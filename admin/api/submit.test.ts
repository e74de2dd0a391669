import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { forgetBreeds, readyHerd, type Herd } from '../../test/biosamples-herd.js';
import { createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { useTestApp, WebClient } from '../../test/web-client.js';
import { insertSubmission } from '../../test/validation-fixtures.js';
import { overrideConfig } from '../../core/config.js';
import { runSubmission } from '../../core/biosamples/submit-submission.js';

let fake: FakeBioSamples;
const { db, app, as } = useTestApp();
afterAll(async () => {
  await fake?.close();
});
let owner: TestUser;
let other: TestUser;
let admin: TestUser;
const WEBIN = { webinUsername: 'Webin-12345', webinPassword: 'webin-test-password' };
const FAST = { client: { ratePerSecond: null, backoffBaseMs: 5 }, searchPatienceMs: 0 };

beforeAll(async () => {
  forgetBreeds();
  fake = await startFakeBioSamples();
  [owner, other, admin] = await Promise.all([
    createUser({ role: 'curator', organization: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }),
    createUser({ role: 'curator' }),
    createUser({ role: 'admin' }),
  ]);
});
beforeEach(() => {
  fake.setFaults({});
  fake.resetCounters();
  overrideConfig((c) => {
    c.biosamples.url = fake.url;
    c.biosamples.webinAuthUrl = fake.webinAuthUrl;
  });
});

const herdOf = (user: TestUser, founders = 2) => readyHerd({ ownerId: user.id, founders, samplesPerAnimal: 1 });
const row = async (id: number) =>
  (await db.ds.query(`SELECT status, message, release_date::text AS release FROM submissions WHERE id = $1`, [id]))[0];
const jobsOf = (id: number) => db.ds.query(`SELECT name, data FROM agenda_jobs WHERE data->>'submissionId' = $1`, [String(id)]);
const heldFor = (id: number) => db.ds.query(`SELECT webin_username FROM held_credentials WHERE submission_id = $1`, [id]);
/** Requests that reached BioSamples itself (the Webin token service is not BioSamples). */
const bioSamplesRequests = () => Object.entries(fake.counters.requests).filter(([route]) => route !== 'token').reduce((n, [, c]) => n + c, 0);
const today = () => new Date().toISOString().slice(0, 10);

async function submitted(herd: Herd): Promise<void> {
  const res = await (await as(owner)).post(`/api/submissions/${herd.submissionId}/submit`, WEBIN);
  expect(res.status).toBe(202);
  expect((await runSubmission(herd.submissionId, FAST)).status).toBe('completed');
}

describe('POST /api/submissions/:id/submit', () => {
  it('checks the Webin login, holds the password encrypted, moves the submission to submitted and queues the job (202)', async () => {
    const herd = await herdOf(owner);
    const res = await (await as(owner)).post(`/api/submissions/${herd.submissionId}/submit`, WEBIN);
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: herd.submissionId, status: 'submitted' });
    expect(await row(herd.submissionId)).toEqual({ status: 'submitted', message: `Submitting to BioSamples (release date ${today()})`, release: today() });
    expect(await jobsOf(herd.submissionId)).toEqual([{ name: 'submit-submission', data: { submissionId: herd.submissionId } }]);
    expect(await heldFor(herd.submissionId)).toEqual([{ webin_username: 'Webin-12345' }]);
    expect(fake.counters.requests.token).toBe(1);
    expect(bioSamplesRequests()).toBe(0);
  });

  it('refuses wrong Webin credentials with 422 before anything is sent; the submission stays ready', async () => {
    const herd = await herdOf(owner);
    const res = await (await as(owner)).post(`/api/submissions/${herd.submissionId}/submit`, { ...WEBIN, webinPassword: 'wrong password' });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: 'webin_login_failed', message: "Webin refused the username or password of 'Webin-12345': nothing was sent to BioSamples" });
    expect(bioSamplesRequests()).toBe(0);
    expect((await row(herd.submissionId)).status).toBe('ready');
    expect(await heldFor(herd.submissionId)).toEqual([]);
    expect(await jobsOf(herd.submissionId)).toEqual([]);
  });

  it('answers 409 unless the submission is ready, without asking Webin', async () => {
    const curator = await as(owner);
    for (const status of ['loaded', 'waiting', 'need_revision', 'submitted', 'completed', 'error']) {
      const id = await insertSubmission(owner.id, { status });
      const res = await curator.post(`/api/submissions/${id}/submit`, WEBIN);
      expect(res.status).toBe(409);
      expect(res.json.error).toBe('invalid_status');
      expect((await row(id)).status).toBe(status);
    }
    expect(fake.counters.requests.token).toBe(0);
    const completed = await insertSubmission(owner.id, { status: 'completed' });
    expect((await curator.post(`/api/submissions/${completed}/submit`, WEBIN)).json.message)
      .toBe('The submission is completed: only a ready submission (validated) can be submitted to BioSamples');
  });

  it("answers 404 for another curator's submission, 401 without login", async () => {
    const herd = await herdOf(owner);
    expect((await (await as(other)).post(`/api/submissions/${herd.submissionId}/submit`, WEBIN)).status).toBe(404);
    expect((await new WebClient(app.url).post(`/api/submissions/${herd.submissionId}/submit`, WEBIN)).status).toBe(401);
    expect((await row(herd.submissionId)).status).toBe('ready');
    expect(fake.counters.requests.token).toBe(0);
  });

  it('answers 400 for a malformed release date or a missing password, and accepts a date in the past', async () => {
    const herd = await herdOf(owner);
    const curator = await as(owner);
    for (const releaseDate of ['tomorrow', '2026-02-30', '01/02/2026']) {
      const res = await curator.post(`/api/submissions/${herd.submissionId}/submit`, { ...WEBIN, releaseDate });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'invalid_release_date', details: [{ field: 'releaseDate' }] });
    }
    const missing = await curator.post(`/api/submissions/${herd.submissionId}/submit`, { webinUsername: 'Webin-12345' });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toMatch(/^webinPassword: /);
    expect((await row(herd.submissionId)).status).toBe('ready');
    const past = await curator.post(`/api/submissions/${herd.submissionId}/submit`, { ...WEBIN, releaseDate: '2019-01-31' });
    expect(past.status).toBe(202);
    expect((await row(herd.submissionId)).release).toBe('2019-01-31');
  });

  it('while the submission is submitted nothing in it can change: validate, reload, delete, record edits are refused', async () => {
    const herd = await herdOf(owner);
    const curator = await as(owner);
    expect((await curator.post(`/api/submissions/${herd.submissionId}/submit`, WEBIN)).status).toBe(202);
    const [animal] = await db.ds.query(`SELECT id FROM animals WHERE submission_id = $1 ORDER BY id LIMIT 1`, [herd.submissionId]);

    expect((await curator.post(`/api/submissions/${herd.submissionId}/validate`)).status).toBe(409);
    expect((await curator.post(`/api/submissions/${herd.submissionId}/submit`, WEBIN)).status).toBe(409);
    expect((await curator.delete(`/api/submissions/${herd.submissionId}`)).status).toBe(409);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('PK\u0003\u0004')]), 'again.xlsx');
    const reload = await fetch(`${app.url}/api/submissions/${herd.submissionId}/reload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${curator.bearer}` } });
    expect(reload.status).toBe(409);
    expect((await curator.patch(`/api/animals/${animal.id}`, { description: 'changed' })).status).toBe(409);
    const panel = new WebClient(app.url);
    await panel.panelLogin(owner.email, TEST_PASSWORD);
    const edit = await panel.post(`/admin/api/resources/Animal/records/${animal.id}/edit`, { description: 'changed' });
    expect(edit.json.notice).toEqual({ type: 'error', message: 'The submission is being sent to BioSamples; nothing can change until it has finished.' });

    expect((await db.ds.query(`SELECT description FROM animals WHERE id = $1`, [animal.id]))[0].description).toBeNull();
    expect((await row(herd.submissionId)).status).toBe('submitted');
    expect((await runSubmission(herd.submissionId, FAST)).status).toBe('completed');
  });
});

describe('records left at BioSamples by deleted submissions', () => {
  it('deleting a submission sends nothing to BioSamples and keeps its accessions as orphans for the admins', async () => {
    const herd = await herdOf(owner, 2);
    await submitted(herd);
    const accessions = (await db.ds.query(
      `SELECT accession FROM animals WHERE submission_id = $1 UNION ALL SELECT accession FROM samples WHERE submission_id = $1`, [herd.submissionId],
    )).map((r: { accession: string }) => r.accession).sort();
    fake.resetCounters();

    expect((await (await as(owner)).delete(`/api/submissions/${herd.submissionId}`)).status).toBe(204);

    expect(fake.counters.log).toHaveLength(0);
    for (const a of accessions) expect(fake.samples.has(a)).toBe(true);
    const list = await (await as(admin)).get('/api/orphans?perPage=500');
    expect(list.status).toBe(200);
    const mine = list.json.items.filter((o: { accession: string }) => accessions.includes(o.accession));
    expect(mine.map((o: { accession: string }) => o.accession).sort()).toEqual(accessions);
    expect(mine[0]).toMatchObject({
      submissionTitle: 'French national cryobank', reason: 'submission deleted', owner: { id: owner.id, email: owner.email },
      species: 'Sus scrofa', suppressedAt: null, suppressMessage: null, deletedAt: expect.any(String),
    });
    expect((await (await as(owner)).get('/api/orphans')).status).toBe(403);
  });

  it('an admin suppresses an orphan: a PUT keeping it private for a century, described as withdrawn by InjectTool, alias kept', async () => {
    const herd = await herdOf(owner, 2);
    await submitted(herd);
    const [animal] = await db.ds.query(`SELECT accession, alias::text AS alias, name FROM animals WHERE submission_id = $1 ORDER BY id LIMIT 1`, [herd.submissionId]);
    expect((await (await as(owner)).delete(`/api/submissions/${herd.submissionId}`)).status).toBe(204);
    const [orphan] = await db.ds.query(`SELECT id FROM orphaned_records WHERE accession = $1`, [animal.accession]);
    fake.resetCounters();

    expect((await (await as(owner)).post(`/api/orphans/${orphan.id}/suppress`, WEBIN)).status).toBe(403);
    const wrong = await (await as(admin)).post(`/api/orphans/${orphan.id}/suppress`, { ...WEBIN, webinPassword: 'nope' });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error).toBe('webin_login_failed');
    expect(fake.counters.requests.put).toBe(0);

    const res = await (await as(admin)).post(`/api/orphans/${orphan.id}/suppress`, WEBIN);

    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: orphan.id, accession: animal.accession, suppressedAt: expect.any(String), suppressMessage: expect.stringMatching(/^Suppressed at BioSamples/) });
    expect(fake.counters.puts.get(animal.accession)).toBe(1);
    const stored = fake.samples.get(animal.accession)!;
    expect(new Date(stored.release).getUTCFullYear()).toBe(new Date().getUTCFullYear() + 100);
    expect(stored.body).toMatchObject({
      name: animal.name,
      characteristics: {
        Description: [{ text: expect.stringMatching(/^Withdrawn by InjectTool on \d{4}-\d{2}-\d{2}/) }],
        'InjectTool alias': [{ text: animal.alias }],
        Species: [{ text: 'Sus scrofa', ontologyTerms: ['http://purl.obolibrary.org/obo/NCBITaxon_9823'] }],
      },
    });
    expect(stored.body.relationships).toBeUndefined();
    expect((await (await as(admin)).post('/api/orphans/999999/suppress', WEBIN)).status).toBe(404);
  });
});
