import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  createAnimal, createSample, createSubmission, createSubmissionWithRecords, createUser, createValidationResult, ensureBreed,
  TEST_PASSWORD, type TestUser,
} from '../../test/factories.js';
import { useTestApp, WebClient } from '../../test/web-client.js';

const { db, app } = useTestApp();
let curator: TestUser;
let other: TestUser;
let panel: WebClient;

beforeAll(async () => {
  [curator, other] = await Promise.all([createUser(), createUser()]);
  panel = new WebClient(app.url);
  await panel.panelLogin(curator.email, TEST_PASSWORD);
});

const row = async (table: string, id: number) => (await db.ds.query(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];
const listIds = async (query: string) =>
  ((await panel.get(`/admin/api/resources/${query}`)).json.records as { params: { id: number } }[]).map((r) => r.params.id).sort();

describe('editing records in the panel', () => {
  it('sets the record and its submission to need_revision and forgets the record\'s last validation', async () => {
    const { submission, animals } = await createSubmissionWithRecords(curator.id, 1, 0, { status: 'ready' });
    await createValidationResult({ animalId: animals[0].id }, 'pass');
    const res = await panel.post(`/admin/api/resources/Animal/records/${animals[0].id}/edit`, { description: 'A fine boar', birthDate: '2019-05' });
    expect(res.json.notice).toMatchObject({ type: 'success' });
    const animal = await row('animals', animals[0].id);
    expect(animal).toMatchObject({ description: 'A fine boar', birth_date: '2019-05', status: 'need_revision', validation: null });
    expect((await row('submissions', submission.id)).status).toBe('need_revision');
  });

  it('ignores fields the form does not offer: owner, submission, status, accession, name', async () => {
    const { submission, samples } = await createSubmissionWithRecords(curator.id, 1, 1);
    const theirs = await createSubmission(other.id);
    const res = await panel.post(`/admin/api/resources/Sample/records/${samples[0].id}/edit`, {
      owner: String(other.id), submission: String(theirs.id), status: 'completed', accession: 'SAMEA1', name: 'renamed', availability: 'mailto:a@b.c',
    });
    expect(res.json.notice.type).toBe('success');
    const sample = await row('samples', samples[0].id);
    expect(sample).toMatchObject({ owner_id: curator.id, submission_id: submission.id, status: 'need_revision', accession: null, name: samples[0].name, availability: 'mailto:a@b.c' });
  });

  it("refuses to link a record to an animal of another submission, and says so next to the field", async () => {
    const mine = await createSubmissionWithRecords(curator.id, 1, 1);
    const elsewhere = await createSubmissionWithRecords(curator.id, 1, 0);
    const theirs = await createSubmissionWithRecords(other.id, 1, 0);
    for (const animal of [elsewhere.animals[0], theirs.animals[0]]) {
      const res = await panel.post(`/admin/api/resources/Sample/records/${mine.samples[0].id}/edit`, { animal: String(animal.id) });
      expect(res.json.notice.type).toBe('error');
      expect(res.json.record.errors.animal.message).toBe('Choose an animal of the same submission');
      expect(res.text).not.toContain(theirs.animals[0].name);
    }
    expect((await row('samples', mine.samples[0].id)).animal_id).toBe(mine.animals[0].id);
    const father = await createAnimal(mine.submission.id, { sex: 'male' });
    const ok = await panel.post(`/admin/api/resources/Animal/records/${mine.animals[0].id}/edit`, { father: String(father.id) });
    expect(ok.json.notice.type).toBe('success');
    expect((await row('animals', mine.animals[0].id)).father_id).toBe(father.id);
  });

  it('explains why nothing can change while a job works on the submission', async () => {
    const { animals } = await createSubmissionWithRecords(curator.id, 1, 0, { status: 'submitted' });
    const res = await panel.post(`/admin/api/resources/Animal/records/${animals[0].id}/edit`, { description: 'x' });
    expect(res.json.notice).toEqual({ type: 'error', message: 'The submission is being sent to BioSamples; nothing can change until it has finished.' });
    expect((await row('animals', animals[0].id)).description).toBeNull();
    const list = await panel.get(`/admin/api/resources/Animal/actions/list?filters.submission=${(await row('animals', animals[0].id)).submission_id}`);
    const actions = list.json.records[0].recordActions.map((a: { name: string }) => a.name);
    expect(actions).toEqual(['show']);
  });

  it('a database refusal reads as a sentence, not SQL', async () => {
    const { animals } = await createSubmissionWithRecords(curator.id, 1, 0);
    const res = await panel.post(`/admin/api/resources/Animal/records/${animals[0].id}/edit`, { birthDate: '2019-05-01-extra' });
    expect(res.json.notice).toEqual({ type: 'error', message: 'A value is too long' });
  });
});

describe('deleting in the panel', () => {
  it('deleting a sample leaves its submission needing revision', async () => {
    const { submission, samples } = await createSubmissionWithRecords(curator.id, 1, 2, { status: 'ready' });
    const res = await panel.post(`/admin/api/resources/Sample/records/${samples[0].id}/delete`);
    expect(res.json.notice.type).toBe('success');
    expect(await row('samples', samples[0].id)).toBeUndefined();
    expect((await row('submissions', submission.id)).status).toBe('need_revision');
  });

  it('deleting a submission removes its records, validation results and uploaded file', async () => {
    const { submission, animals, samples } = await createSubmissionWithRecords(curator.id, 1, 1, { file: { name: 'data.xlsx', content: Buffer.from('xlsx') } });
    await createValidationResult({ sampleId: samples[0].id });
    const { file_id: fileId } = await row('submissions', submission.id);
    const res = await panel.post(`/admin/api/resources/Submission/records/${submission.id}/delete`);
    expect(res.json.notice.type).toBe('success');
    for (const [table, id] of [['submissions', submission.id], ['animals', animals[0].id], ['samples', samples[0].id], ['uploaded_files', fileId]] as const) {
      expect(await row(table, id)).toBeUndefined();
    }
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM validation_results WHERE submission_id = $1`, [submission.id]))[0].n).toBe(0);
  });
});

describe('panel lists', () => {
  it('filter samples by submission, status, validation, species, breed and organism part, and search names case-insensitively', async () => {
    const cattle = await ensureBreed('Chianina', 'Bos taurus');
    const one = await createSubmission(curator.id);
    const two = await createSubmission(curator.id);
    const pig = await createAnimal(one.id);
    const cow = await createAnimal(two.id, { breedId: cattle });
    const a = await createSample(pig.id, { name: 'ITA-Semen-001', validation: 'error', organismPart: 'semen' });
    const b = await createSample(cow.id, { name: 'ita-blood-002', status: 'ready', validation: 'pass', organismPart: 'blood' });
    const [bos] = await db.ds.query(`SELECT id FROM species WHERE label = 'Bos taurus'`);
    const [blood] = await db.ds.query(`SELECT id FROM organism_parts WHERE label = 'blood'`);
    expect(await listIds(`Sample/actions/list?filters.submission=${one.id}`)).toEqual([a.id]);
    expect(await listIds('Sample/actions/list?filters.status=ready')).toEqual([b.id]);
    expect(await listIds('Sample/actions/list?filters.validation=error')).toEqual([a.id]);
    expect(await listIds(`Sample/actions/list?filters.species=${bos.id}`)).toEqual([b.id]);
    expect(await listIds(`Sample/actions/list?filters.breed=${cattle}`)).toEqual([b.id]);
    expect(await listIds(`Sample/actions/list?filters.organismPart=${blood.id}`)).toEqual([b.id]);
    expect(await listIds('Sample/actions/list?filters.name=ITA-')).toEqual([a.id, b.id].sort());
    expect(await listIds('Sample/actions/search/semen')).toEqual([a.id]);
    expect(await listIds(`Animal/actions/list?filters.species=${bos.id}`)).toEqual([cow.id]);
  });

  it('show references by their names (breed, organism part, submission) rather than bare ids', async () => {
    const { submission, samples } = await createSubmissionWithRecords(curator.id, 1, 1, { title: 'Readable title' });
    const res = await panel.get(`/admin/api/resources/Sample/records/${samples[0].id}/show`);
    expect(res.json.record.populated.submission.title).toBe('Readable title');
    expect(res.json.record.populated.organismPart.title).toBe('semen');
    expect(res.json.record.params.submission).toBe(submission.id);
  });
});
