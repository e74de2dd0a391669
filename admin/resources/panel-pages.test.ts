import { beforeAll, describe, expect, it } from '@jest/globals';
import { db } from '../../core/db/data-source.js';
import {
  createAnimal, createSample, createSubmissionWithRecords, createUser, createValidationResult, TEST_PASSWORD, type TestUser,
} from '../../test/factories.js';
import { useTestApp, WebClient } from '../../test/web-client.js';

const { app } = useTestApp();
let owner: TestUser;
let panel: WebClient;

beforeAll(async () => {
  owner = await createUser();
  panel = new WebClient(app.url);
  await panel.panelLogin(owner.email, TEST_PASSWORD);
});

const storageMessage = { field: 'Sample storage', level: 'error' as const, message: "Sample storage 'freezer' is not allowed", key: 'value_not_allowed:Sample storage:freezer' };

async function summarise(submissionId: number, messages: object[]): Promise<void> {
  await db().query(`UPDATE submissions SET status = 'need_revision', validation_summary = $2 WHERE id = $1`, [submissionId, JSON.stringify({
    validatedAt: new Date().toISOString(),
    counts: { pass: 1, warning: 0, error: 1 },
    animals: { counts: { pass: 1, warning: 0, error: 0 }, messages: [] },
    samples: { counts: { pass: 0, warning: 0, error: 1 }, messages },
    uncheckedTerms: [],
  })]);
}

describe('the submission page overview', () => {
  it('offers what the status allows, and Fix this for a message about one editable field only', async () => {
    const { submission } = await createSubmissionWithRecords(owner.id, 1, 1);
    await summarise(submission.id, [
      { ...storageMessage, count: 1 },
      { key: 'missing_mandatory:Organization name', level: 'error', field: 'Organization name', message: 'Organization name is mandatory but missing', count: 1 },
    ]);
    const res = await panel.get(`/admin/api/resources/Submission/records/${submission.id}/overview`);
    expect(res.status).toBe(200);
    expect(res.json.can).toEqual({ reload: true, validate: true, fix: true, submit: false, delete: true });
    expect(Object.keys(res.json.fixFields.sample)).toEqual([storageMessage.key]);
    expect(res.json.fixFields.sample[storageMessage.key]).toMatchObject({ name: 'storage', kind: 'limited', values: expect.arrayContaining(['frozen, liquid nitrogen']) });
    expect(res.json.submission).toMatchObject({ id: submission.id, status: 'need_revision', samples: { total: 1 } });
    expect(res.json.batchFields.animal.map((f: { name: string }) => f.name)).not.toContain('breed');
  });

  it('offers nothing that changes a submission while a job works on it', async () => {
    const { submission } = await createSubmissionWithRecords(owner.id, 1, 1, { status: 'waiting' });
    const res = await panel.get(`/admin/api/resources/Submission/records/${submission.id}/overview`);
    expect(res.json.can).toEqual({ reload: false, validate: false, fix: false, submit: false, delete: false });
  });

  it("answers another curator's overview with nothing of it", async () => {
    const other = await createUser();
    const { submission } = await createSubmissionWithRecords(other.id, 1, 1, { title: 'Secret pigs' });
    const res = await panel.get(`/admin/api/resources/Submission/records/${submission.id}/overview`);
    expect(res.text).not.toContain('Secret pigs');
    expect(res.json?.submission).toBeUndefined();
  });
});

describe('the record pages', () => {
  it("gives an animal's details with the breeds it may be given and its messages", async () => {
    const { submission, animals } = await createSubmissionWithRecords(owner.id, 1, 0);
    await createValidationResult({ animalId: animals[0].id }, 'warning', [{ field: 'Sex', level: 'warning', message: 'Sex is odd', key: 'odd:Sex' }]);
    const res = await panel.get(`/admin/api/resources/Animal/records/${animals[0].id}/details`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      type: 'animal',
      detail: { name: animals[0].name, validation: { level: 'warning', messages: [{ field: 'Sex', key: 'odd:Sex' }] } },
      choices: { breed: ['Test breed'] },
      submission: { id: submission.id, status: 'loaded' },
      canEdit: true,
      remote: null,
    });
  });

  it('lists on the Sample list exactly the samples whose validation has a message', async () => {
    const { submission, animals } = await createSubmissionWithRecords(owner.id, 1, 0);
    const flagged = await createSample(animals[0].id);
    const clean = await createSample(animals[0].id);
    const otherAnimal = await createAnimal(submission.id);
    const alsoFlagged = await createSample(otherAnimal.id);
    await createValidationResult({ sampleId: flagged.id }, 'error', [storageMessage]);
    await createValidationResult({ sampleId: alsoFlagged.id }, 'error', [storageMessage]);
    await createValidationResult({ sampleId: clean.id }, 'pass', []);
    const key = encodeURIComponent(storageMessage.key);
    const res = await panel.get(`/admin/api/resources/Sample/actions/list?filters.submission=${submission.id}&filters.message=${key}`);
    expect(res.json.records.map((r: { params: { name: string } }) => r.params.name).sort()).toEqual([flagged.name, alsoFlagged.name].sort());
    expect(res.json.meta.total).toBe(2);
  });
});
