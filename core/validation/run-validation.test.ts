import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { startFakeOls, type FakeOls } from '../../test/fakes/ols.js';
import { insertAnimal, insertBreed, insertCurator, insertSample, insertSubmission } from '../../test/validation-fixtures.js';
import { overrideConfig } from '../config.js';
import { useEventTransport } from '../events.js';
import { transition } from '../submissions/state-machine.js';
import { runValidation } from './run-validation.js';
import type { ValidationSummary } from './summary.js';

const db = useTestDatabase();
let owner: number;
let pigBreed: number;
let unmappedBreed: number;
let ols: FakeOls;

const events: { event: string; payload: { id: number; status?: string; phase?: string; done?: number; total?: number } }[] = [];

beforeAll(async () => {
  owner = await insertCurator();
  pigBreed = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa', label: 'pig breed', term: 'LBO_0000003' });
  unmappedBreed = await insertBreed({ supplied: 'Porc Blanc', species: 'Sus scrofa' });
  await db.ds.query(`INSERT INTO organism_parts (label, term, confidence) VALUES ('kidney', 'UBERON_0002113', 'good')`);
  ols = await startFakeOls([{ term: 'UBERON_0002113', label: 'kidney', ancestors: ['UBERON_0000062', 'UBERON_0001062'] }]);
  useEventTransport({ to: () => ({ emit: (event: string, payload: never) => events.push({ event, payload }) }) });
});
afterAll(async () => {
  useEventTransport(undefined);
  await ols.stop();
});
beforeEach(() => {
  overrideConfig((c) => { c.ontology.online = false; c.ontology.olsUrl = ols.url; });
});

async function waitingSubmission(): Promise<number> {
  const id = await insertSubmission(owner);
  return id;
}

async function validate(id: number) {
  expect(await transition(id, 'waiting', { from: ['loaded', 'need_revision'], message: 'waiting for data validation' })).toBe(true);
  return runValidation(id);
}

/** As after a curator's edit: a ready submission must be back in need_revision to be validated again. */
async function revalidate(id: number) {
  await transition(id, 'need_revision', { from: ['ready'], message: 'Data changed' });
  return validate(id);
}

async function submissionRow(id: number): Promise<{ status: string; message: string; progress: unknown; validation_summary: ValidationSummary }> {
  const [row] = await db.ds.query(`SELECT status, message, progress, validation_summary FROM submissions WHERE id = $1`, [id]);
  return row;
}

const records = (table: string, id: number) =>
  db.ds.query(`SELECT name, status, validation FROM ${table} WHERE submission_id = $1 ORDER BY id`, [id]);

describe('validating a submission', () => {
  it('does nothing unless the submission is waiting', async () => {
    const id = await waitingSubmission();
    await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    const outcome = await runValidation(id);
    expect(outcome).toMatchObject({ ran: false, status: 'loaded' });
    expect(await records('animals', id)).toEqual([{ name: 'A1', status: 'loaded', validation: null }]);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM validation_results WHERE submission_id = $1`, [id]);
    expect(n).toBe(0);
  });

  it('makes a clean submission ready ("validated"), each record ready with a pass result', async () => {
    const id = await waitingSubmission();
    const a = await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    await insertSample(id, owner, { name: 'S1', animalId: a });
    events.length = 0;
    const outcome = await validate(id);
    expect(outcome).toMatchObject({ ran: true, status: 'ready', message: 'validated' });
    const row = await submissionRow(id);
    expect(row).toMatchObject({ status: 'ready', message: 'validated', progress: null });
    expect(row.validation_summary).toMatchObject({
      counts: { pass: 2, warning: 0, error: 0 },
      animals: { counts: { pass: 1, warning: 0, error: 0 }, messages: [] },
      samples: { counts: { pass: 1, warning: 0, error: 0 }, messages: [] },
      uncheckedTerms: [],
    });
    expect(await records('animals', id)).toEqual([{ name: 'A1', status: 'ready', validation: 'pass' }]);
    expect(await records('samples', id)).toEqual([{ name: 'S1', status: 'ready', validation: 'pass' }]);
    const results = await db.ds.query(`SELECT record_type, level, messages FROM validation_results WHERE submission_id = $1 ORDER BY record_type`, [id]);
    expect(results).toEqual([{ record_type: 'animal', level: 'pass', messages: [] }, { record_type: 'sample', level: 'pass', messages: [] }]);
    expect(events).toContainEqual({ event: 'submission:progress', payload: { id, phase: 'validate', done: 2, total: 2 } });
    expect(events).toContainEqual({ event: 'submission:status', payload: { id, status: 'ready', message: 'validated' } });
  });

  it('makes a submission with only warnings ready ("validated with warnings"): warnings do not block submission', async () => {
    const id = await waitingSubmission();
    await insertAnimal(id, owner, { name: 'A1', breedId: unmappedBreed });
    await insertAnimal(id, owner, { name: 'A2', breedId: pigBreed });
    const outcome = await validate(id);
    expect(outcome).toMatchObject({ status: 'ready', message: 'validated with warnings (1 record)' });
    expect(await records('animals', id)).toEqual([
      { name: 'A1', status: 'ready', validation: 'warning' },
      { name: 'A2', status: 'ready', validation: 'pass' },
    ]);
    expect((await submissionRow(id)).validation_summary.animals.messages).toEqual([{
      key: 'breed_general_fallback:Mapped breed:Porc Blanc (Sus scrofa)', level: 'warning', field: 'Mapped breed', count: 1,
      message: "Supplied breed 'Porc Blanc' has no mapped breed: the general 'pig breed' (LBO_0000003) is used instead",
    }]);
  });

  it('makes a submission with errors need revision, and groups identical problems with their record count', async () => {
    const id = await waitingSubmission();
    const a = await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    for (const n of [1, 2, 3]) await insertSample(id, owner, { name: `S${n}`, animalId: a, storage: 'frozen' });
    await insertSample(id, owner, { name: 'S4', animalId: a, collectionDate: '31/12/2020' });
    await insertSample(id, owner, { name: 'S5', animalId: a, collectionDate: '2020/01/02' });
    const outcome = await validate(id);
    expect(outcome).toMatchObject({ status: 'need_revision', message: 'Validation found errors in 5 records: fix them and validate again' });
    const summary = (await submissionRow(id)).validation_summary;
    expect(summary.counts).toEqual({ pass: 1, warning: 0, error: 5 });
    expect(summary.samples.messages).toEqual([
      {
        key: 'value_not_allowed:Sample storage:frozen', level: 'error', field: 'Sample storage', count: 3,
        message: expect.stringMatching(/^Sample storage 'frozen' is not one of 'ambient temperature', /),
      },
      { key: 'date_format:Collection date:YYYY-MM-DD', level: 'error', field: 'Collection date', count: 2, message: 'Collection date: dates not written as YYYY-MM-DD' },
    ]);
    expect(await records('samples', id)).toEqual(expect.arrayContaining([{ name: 'S1', status: 'need_revision', validation: 'error' }]));
    const [result] = await db.ds.query(
      `SELECT v.level, v.messages FROM validation_results v JOIN samples s ON s.id = v.sample_id WHERE s.name = 'S4' AND s.submission_id = $1`, [id]);
    expect(result).toEqual({ level: 'error', messages: [{ field: 'Collection date', level: 'error', key: 'date_format:Collection date:YYYY-MM-DD', message: "Collection date '31/12/2020' is not written as YYYY-MM-DD" }] });
  });

  it('keeps submitted and completed records that pass as they are, and sends failing ones to revision', async () => {
    const id = await waitingSubmission();
    await insertAnimal(id, owner, { name: 'DONE', breedId: pigBreed, status: 'completed' });
    await insertAnimal(id, owner, { name: 'BROKEN', breedId: pigBreed, status: 'completed', sex: null });
    await validate(id);
    expect(await records('animals', id)).toEqual([
      { name: 'DONE', status: 'completed', validation: 'pass' },
      { name: 'BROKEN', status: 'need_revision', validation: 'error' },
    ]);
  });

  it('gives the same results when run again, one result per record', async () => {
    const id = await waitingSubmission();
    const a = await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed, sex: 'female' });
    await insertSample(id, owner, { name: 'S1', animalId: a });
    const first = await validate(id);
    const second = await validate(id);
    expect(second.summary!.counts).toEqual(first.summary!.counts);
    expect(second.status).toBe('need_revision');
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM validation_results WHERE submission_id = $1`, [id]);
    expect(n).toBe(2);
  });

  it('completes offline with a warning naming each term it could not check', async () => {
    const id = await waitingSubmission();
    const a = await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    await insertSample(id, owner, { name: 'S1', animalId: a, organismPart: 'kidney' });
    const outcome = await validate(id);
    expect(outcome.status).toBe('ready');
    expect(outcome.message).toBe('validated with warnings (1 record). 1 ontology term could not be checked (ontology lookups are switched off (ONTOLOGY_ONLINE=false)): UBERON_0002113');
    expect(outcome.summary!.samples.messages).toEqual([expect.objectContaining({
      key: 'term_unchecked:Organism part:UBERON_0002113', level: 'warning', count: 1,
      message: 'Organism part term UBERON_0002113 could not be checked: ontology lookups are switched off (ONTOLOGY_ONLINE=false)',
    })]);
  });

  it('completes when OLS is down, then checks the term once OLS is back, and needs no network on the next run', async () => {
    overrideConfig((c) => { c.ontology.online = true; });
    const id = await waitingSubmission();
    const a = await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    await insertSample(id, owner, { name: 'S1', animalId: a, organismPart: 'kidney' });

    await ols.setOutage('refused');
    const down = await validate(id);
    expect(down.status).toBe('ready');
    expect(down.summary!.uncheckedTerms).toEqual([{ term: 'UBERON_0002113', reason: expect.stringContaining('OLS is unreachable (ECONNREFUSED)') }]);
    expect(down.summary!.samples.messages.map((m) => m.key)).toEqual(['term_unchecked:Organism part:UBERON_0002113']);

    await ols.setOutage(null);
    const up = await revalidate(id);
    expect(up).toMatchObject({ status: 'ready', message: 'validated' });
    const requests = ols.requestCount;
    expect(requests).toBeGreaterThan(0);

    const again = await revalidate(id);
    expect(again).toMatchObject({ status: 'ready', message: 'validated' });
    expect(ols.requestCount).toBe(requests);
  });

  it('puts the submission back where it was, with the reason, when validation fails unexpectedly', async () => {
    const id = await waitingSubmission();
    await insertAnimal(id, owner, { name: 'A1', breedId: pigBreed });
    await db.ds.query(`ALTER TABLE validation_results RENAME COLUMN messages TO messages_moved`);
    try {
      await expect(validate(id)).rejects.toThrow(/messages/);
    } finally {
      await db.ds.query(`ALTER TABLE validation_results RENAME COLUMN messages_moved TO messages`);
    }
    expect(await submissionRow(id)).toMatchObject({ status: 'loaded', message: expect.stringMatching(/^Validation could not finish \(.*\); please validate again$/) });
  });
});
