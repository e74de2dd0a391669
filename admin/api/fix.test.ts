import { beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, type TestUser } from '../../test/factories.js';
import { VALID_STORAGE, createHerd, samplesOf, submissionRow } from '../../test/fix-fixtures.js';
import { runValidation } from '../../core/validation/run-validation.js';
import { useTestApp, WebClient } from '../../test/web-client.js';
import { runHandler } from '../../jobs/test-kit.js';
import fixSubmission from '../../jobs/fix-submission.js';

const { db, as } = useTestApp();
let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  [owner, other] = await Promise.all([
    createUser({ organization: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }),
    createUser({ organization: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }),
  ]);
});

/** POST /api/submissions/:id/fix with any JSON body. */
const postFix = (client: WebClient, submissionId: number, body: Record<string, unknown>) =>
  client.request('POST', `/api/submissions/${submissionId}/fix`, { json: body });

/** Runs the job the request queued, as the worker would. */
async function runQueuedFix(submissionId: number): Promise<void> {
  const [job] = await db.ds.query(
    `SELECT data FROM agenda_jobs WHERE name = 'fix-submission' AND data->>'submissionId' = $1 ORDER BY id DESC LIMIT 1`, [String(submissionId)],
  );
  expect(job.data).toEqual({ submissionId, fixId: expect.any(Number) });
  await runHandler(fixSubmission, job.data);
}

const FROZEN = 'value_not_allowed:Sample storage:frozen';

describe('POST /api/submissions/:id/fix by message', () => {
  it('sets the value on every record having the message, and on no other; validating again clears the message', async () => {
    // 300 samples: two in three have a storage IMAGE does not know.
    const herd = await createHerd(owner.id, { samples: 300, storage: (n) => (n % 3 === 0 ? VALID_STORAGE : 'frozen'), validate: true });
    const curator = await as(owner);
    const summary = (await curator.get(`/api/submissions/${herd.submissionId}/validation`)).json;
    expect(summary.samples.messages).toEqual([expect.objectContaining({ key: FROZEN, count: 200 })]);

    const res = await postFix(curator, herd.submissionId, {
      recordType: 'sample', field: 'storage', value: 'frozen, liquid nitrogen', message: FROZEN,
    });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: herd.submissionId, status: 'waiting', fixId: expect.any(Number), records: 200 });
    expect(await submissionRow(herd.submissionId)).toMatchObject({
      status: 'waiting', message: "Waiting for the fix: Sample storage set to 'frozen, liquid nitrogen' on 200 samples",
    });

    await runQueuedFix(herd.submissionId);
    expect(await submissionRow(herd.submissionId)).toMatchObject({
      status: 'need_revision', message: "Sample storage set to 'frozen, liquid nitrogen' on 200 samples; validate again",
    });
    const samples = await samplesOf(herd.submissionId);
    const fixed = samples.filter((s) => s.storage === 'frozen, liquid nitrogen');
    expect(fixed).toHaveLength(200);
    expect(fixed.every((s) => s.status === 'need_revision' && s.validation === null)).toBe(true);
    expect(samples.filter((s) => s.storage === VALID_STORAGE).every((s) => s.status === 'ready' && s.validation === 'pass')).toBe(true);
    expect((await curator.get(`/api/submissions/${herd.submissionId}/samples?message=${encodeURIComponent(FROZEN)}`)).json.total).toBe(0);

    expect((await curator.post(`/api/submissions/${herd.submissionId}/validate`)).status).toBe(202);
    const outcome = await runValidation(herd.submissionId);
    expect(outcome).toMatchObject({ status: 'ready', message: 'validated' });
    const again = (await curator.get(`/api/submissions/${herd.submissionId}/validation`)).json;
    expect(again.samples).toEqual({ counts: { pass: 300, warning: 0, error: 0 }, messages: [] });
    expect(again.changedAt).toBeUndefined();
  });

  it('sets a unit when the message is about units, the field named as in the message', async () => {
    const herd = await createHerd(owner.id, { samples: 4, ageUnit: (n) => (n <= 2 ? 'yrs' : 'years'), validate: true });
    const key = 'unit_not_allowed:Animal age at collection:yrs';
    const res = await postFix(await as(owner), herd.submissionId, {
      recordType: 'sample', field: 'Animal age at collection', value: 'years', message: key,
    });
    expect(res.status).toBe(202);
    await runQueuedFix(herd.submissionId);
    const units = await db.ds.query(`SELECT animal_age_at_collection AS age, animal_age_at_collection_unit AS unit FROM samples WHERE submission_id = $1`, [herd.submissionId]);
    expect(units).toEqual(Array(4).fill({ age: 2, unit: 'years' }));
    expect((await submissionRow(herd.submissionId)).message).toBe("Animal age at collection unit set to 'years' on 2 samples; validate again");
  });
});

describe('POST /api/submissions/:id/fix by ids', () => {
  it('sets the value on the given records only', async () => {
    const herd = await createHerd(owner.id, { samples: 10, validate: true });
    const chosen = [herd.sampleIds[1], herd.sampleIds[4], herd.sampleIds[4]];
    const res = await postFix(await as(owner), herd.submissionId, {
      recordType: 'sample', field: 'storageProcessing', value: 'cryopreservation, other', ids: chosen,
    });
    expect(res.status).toBe(202);
    expect(res.json.records).toBe(2);
    await runQueuedFix(herd.submissionId);
    const rows = await db.ds.query(`SELECT name FROM samples WHERE submission_id = $1 AND storage_processing = 'cryopreservation, other' ORDER BY name`, [herd.submissionId]);
    expect(rows).toEqual([{ name: 'straw-2' }, { name: 'straw-5' }]);
    expect((await submissionRow(herd.submissionId)).message).toBe("Sample storage processing set to 'cryopreservation, other' on 2 samples; validate again");
  });

  it("refuses ids of another submission or of another curator's records, changing nothing anywhere", async () => {
    const mine = await createHerd(owner.id, { samples: 3, validate: true });
    const myOther = await createHerd(owner.id, { samples: 2, validate: true });
    const theirs = await createHerd(other.id, { samples: 2, validate: true });
    const curator = await as(owner);
    for (const foreign of [myOther.sampleIds[0], theirs.sampleIds[1]]) {
      const res = await postFix(curator, mine.submissionId, {
        recordType: 'sample', field: 'storage', value: 'cut slide', ids: [mine.sampleIds[0], foreign],
      });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ error: 'invalid_selection', message: `Not samples of this submission: ${foreign}` });
    }
    for (const herd of [mine, myOther, theirs]) {
      expect((await submissionRow(herd.submissionId)).status).toBe('ready');
      expect((await samplesOf(herd.submissionId)).every((s) => s.storage === VALID_STORAGE)).toBe(true);
    }
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM batch_fixes WHERE submission_id = $1`, [mine.submissionId]);
    expect(n).toBe(0);
  });
});

describe('POST /api/submissions/:id/fix by filter (bulk edit)', () => {
  it('sets the value on every record matching the filter across every page of the list', async () => {
    const herd = await createHerd(owner.id, { samples: 300, validate: true });
    const curator = await as(owner);
    const list = await curator.get(`/api/submissions/${herd.submissionId}/samples?q=straw-1&perPage=50`);
    expect(list.json.items).toHaveLength(50);
    expect(list.json.total).toBe(111); // straw-1, straw-10..19, straw-100..199
    const res = await postFix(curator, herd.submissionId, {
      recordType: 'sample', field: 'collectionPlaceAccuracy', value: 'country level', filter: { q: 'straw-1', status: 'ready' },
    });
    expect(res.status).toBe(202);
    expect(res.json.records).toBe(111);
    await runQueuedFix(herd.submissionId);
    const [{ n }] = await db.ds.query(
      `SELECT count(*)::int AS n FROM samples WHERE submission_id = $1 AND collection_place_accuracy = 'country level'`, [herd.submissionId]);
    expect(n).toBe(111);
    const changed = await curator.get(`/api/submissions/${herd.submissionId}/samples?status=need_revision&perPage=500`);
    expect(changed.json.total).toBe(111);
    expect(changed.json.items.every((s: { name: string }) => s.name.startsWith('straw-1'))).toBe(true);
  });
});

describe('refusals of POST /api/submissions/:id/fix', () => {
  it('answers 422 for a value the rules do not allow, a field that cannot be set in bulk, or nothing selected', async () => {
    const herd = await createHerd(owner.id, { samples: 2, validate: true });
    const curator = await as(owner);
    const fix = (body: Record<string, unknown>) => postFix(curator, herd.submissionId, body);
    const storage = await fix({ recordType: 'sample', field: 'storage', value: 'in the fridge', message: FROZEN });
    expect(storage.status).toBe(422);
    expect(storage.json).toMatchObject({ error: 'invalid_value', details: [{ field: 'storage', value: 'in the fridge' }] });
    expect(storage.json.message).toMatch(/^Sample storage: 'in the fridge' is not one of 'ambient temperature', 'cut slide', /);
    const unit = await fix({ recordType: 'sample', field: 'preparationIntervalUnit', value: 'fortnights', ids: herd.sampleIds });
    expect(unit.json.message).toBe(
      "Sampling to preparation interval unit: 'fortnights' is not one of minutes, hours, days, weeks, months, years, minute, hour, day, week, month, year");
    const part = await fix({ recordType: 'sample', field: 'organismPart', value: 'no such part', ids: herd.sampleIds });
    expect(part).toMatchObject({ status: 422, json: { error: 'invalid_value' } });
    const number = await fix({ recordType: 'sample', field: 'collectionPlaceLatitude', value: 'north', ids: herd.sampleIds });
    expect(number.json.message).toBe("Collection place latitude: 'north' is not a number");
    expect((await fix({ recordType: 'sample', field: 'name', value: 'x', ids: herd.sampleIds })).json.error).toBe('not_editable');
    expect((await fix({ recordType: 'animal', field: 'breed', value: 'Duroc', ids: [herd.animalId] })).json)
      .toMatchObject({ error: 'not_editable', message: 'Supplied breed is changed one animal at a time' });
    expect((await fix({ recordType: 'sample', field: 'storage', value: 'cut slide', message: FROZEN })).json)
      .toMatchObject({ error: 'invalid_selection', message: `No sample of this submission has the message ${FROZEN}` });
    expect((await fix({ recordType: 'sample', field: 'storage', value: 'cut slide' })).status).toBe(400);
    expect((await fix({ recordType: 'sample', field: 'storage', ids: herd.sampleIds })).status).toBe(400);
    expect((await submissionRow(herd.submissionId)).status).toBe('ready');
  });

  it('accepts any link for availability, as IMAGE does', async () => {
    const herd = await createHerd(owner.id, { samples: 2, validate: true });
    const res = await postFix(await as(owner), herd.submissionId, {
      recordType: 'sample', field: 'availability', value: 'mailto:cryobank@inrae.fr', filter: {},
    });
    expect(res.status).toBe(202);
    expect(res.json.records).toBe(2);
  });

  it("answers 409 while a job works on the submission, and 404 for another curator's", async () => {
    const herd = await createHerd(owner.id, { samples: 2, validate: true });
    const body = { recordType: 'sample', field: 'storage', value: 'cut slide', ids: herd.sampleIds };
    const first = await postFix(await as(owner), herd.submissionId, body);
    expect(first.status).toBe(202);
    const second = await postFix(await as(owner), herd.submissionId, body);
    expect(second.status).toBe(409);
    expect(second.json).toEqual({ error: 'invalid_status', message: expect.stringMatching(/being processed/) });
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM batch_fixes WHERE submission_id = $1`, [herd.submissionId]);
    expect(n).toBe(1);
    const ready = await createHerd(owner.id, { samples: 1, validate: true });
    const stranger = await postFix(await as(other), ready.submissionId, { ...body, ids: ready.sampleIds });
    expect(stranger.status).toBe(404);
    expect((await submissionRow(ready.submissionId)).status).toBe('ready');
  });
});

describe('GET /api/editable-fields', () => {
  it('lists what a curator can set, with the values the IMAGE rules allow', async () => {
    const res = await (await as(owner)).get('/api/editable-fields');
    expect(res.status).toBe(200);
    expect(res.json.sample).toContainEqual({
      name: 'storage', attribute: 'Sample storage', kind: 'limited', batch: true, required: false, maxLength: 128,
      values: expect.arrayContaining(['frozen, liquid nitrogen', 'freeze dried']),
    });
    expect(res.json.sample).toContainEqual(expect.objectContaining({ name: 'availability', acceptsUrl: true, values: ['no longer available'] }));
    expect(res.json.animal.map((f: { name: string }) => f.name)).toEqual([
      'alternativeId', 'description', 'breed', 'sex', 'birthDate', 'birthLocation', 'birthLocationLatitude', 'birthLocationLongitude',
      'birthLocationAccuracy',
    ]);
  });
});
