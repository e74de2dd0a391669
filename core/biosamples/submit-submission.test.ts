import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { addAnimals, editAndRevalidate, forgetBreeds, readyHerd, validate, type Herd } from '../../test/biosamples-herd.js';
import { overrideConfig } from '../config.js';
import { recordDetail } from '../submissions/records-query.js';
import type { Actor } from '../submissions/policy.js';
import { requestSubmission } from './request-submission.js';
import { runSubmission, type SubmissionRunOptions } from './submit-submission.js';

const db = useTestDatabase();
const WEBIN = { username: 'Webin-12345', password: 'webin-test-password' };
/** Fast retries and no search patience: the fake's index has no lag. */
const FAST: SubmissionRunOptions = { client: { ratePerSecond: null, backoffBaseMs: 5, backoffMaxMs: 40, timeoutMs: 3000 }, searchPatienceMs: 0 };

let fake: FakeBioSamples;

beforeAll(async () => {
  forgetBreeds();
  fake = await startFakeBioSamples();
});
afterAll(() => fake.close());
beforeEach(() => useFake(fake));

function useFake(server: FakeBioSamples): void {
  server.setFaults({});
  server.resetCounters();
  overrideConfig((c) => {
    c.biosamples.url = server.url;
    c.biosamples.webinAuthUrl = server.webinAuthUrl;
    c.biosamples.concurrency = 8;
  });
}

const curator = (herd: Herd): Actor => ({ id: herd.ownerId, email: 'curator@example.org', role: 'curator' });

/** "Submit" as the API does it (the job is run here rather than queued), then the job. */
async function submit(herd: Herd, releaseDate?: string, options: SubmissionRunOptions = FAST) {
  await requestSubmission(curator(herd), herd.submissionId, WEBIN, releaseDate, async () => undefined);
  return runSubmission(herd.submissionId, options);
}

const submission = async (id: number) =>
  (await db.ds.query(`SELECT status, message, errors, progress, release_date::text AS release FROM submissions WHERE id = $1`, [id]))[0];

interface RecordRow { id: number; name: string; accession: string | null; alias: string; status: string; father_id?: number; mother_id?: number; animal_id?: number }

const animals = (id: number): Promise<RecordRow[]> =>
  db.ds.query(`SELECT id, name, accession, alias::text AS alias, status, father_id, mother_id FROM animals WHERE submission_id = $1 ORDER BY id`, [id]);
const samples = (id: number): Promise<RecordRow[]> =>
  db.ds.query(`SELECT id, name, accession, alias::text AS alias, status, animal_id FROM samples WHERE submission_id = $1 ORDER BY id`, [id]);

/** Every row of every table, as text, that contains `needle`. */
async function rowsContaining(needle: string): Promise<string[]> {
  const tables: { table_name: string }[] = await db.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows: { row: string }[] = await db.ds.query(`SELECT t::text AS row FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`, [needle]);
    found.push(...rows.map((r) => `${table_name}: ${r.row.slice(0, 200)}`));
  }
  return found;
}

async function expectPasswordGone(): Promise<void> {
  expect(await db.ds.query(`SELECT submission_id FROM held_credentials`)).toEqual([]);
  expect(await rowsContaining(WEBIN.password)).toEqual([]);
  expect(await rowsContaining(Buffer.from(WEBIN.password).toString('base64'))).toEqual([]);
}

const relationshipsAt = (server: FakeBioSamples, accession: string) =>
  ((server.samples.get(accession)?.body.relationships ?? []) as { source: string; type: string; target: string }[])
    .map((r) => `${r.source} ${r.type} ${r.target}`).sort();

describe('submitting to BioSamples', () => {
  it('sends 1,000 records through injected 5xx and dropped connections with exactly one accession each and correct relationships', async () => {
    const herd = await readyHerd({ founders: 40, children: 160, samplesPerAnimal: 4 });
    expect(herd).toMatchObject({ animals: 200, samples: 800 });
    const flaky = { errorRate: 0.1, dropRate: 0.02 };
    fake.setFaults({ reserve: flaky, put: flaky, search: flaky, get: flaky });

    const outcome = await submit(herd);

    expect(outcome).toMatchObject({ ran: true, status: 'completed' });
    expect(fake.counters.faults.error).toBeGreaterThan(100);
    expect(fake.counters.faults.drop).toBeGreaterThan(20);
    // Reservations whose connection dropped after BioSamples stored them were found by alias, not made again.
    expect(outcome.counts!.adopted).toBeGreaterThan(5);
    expect(fake.counters.creationsByAlias.size).toBe(1000);
    expect([...fake.counters.creationsByAlias.values()].every((n) => n === 1)).toBe(true);
    expect(await submission(herd.submissionId)).toMatchObject({
      status: 'completed', progress: null, errors: [],
      message: expect.stringMatching(/every record is up to date \(1000 accessions reserved, 1000 records sent, 0 unchanged\)/),
    });

    const herdAnimals = await animals(herd.submissionId);
    const herdSamples = await samples(herd.submissionId);
    const all = [...herdAnimals, ...herdSamples];
    expect(all.every((r) => r.status === 'completed' && r.accession)).toBe(true);
    expect(new Set(all.map((r) => r.accession)).size).toBe(1000);
    for (const r of all) expect(fake.samplesWithAlias(r.alias).map((s) => s.accession)).toEqual([r.accession]);

    const accessionOf = new Map(herdAnimals.map((a) => [a.id, a.accession!]));
    for (const a of herdAnimals) {
      const parents = [a.father_id, a.mother_id].filter((p): p is number => !!p);
      expect(relationshipsAt(fake, a.accession!)).toEqual(parents.map((p) => `${a.accession} child of ${accessionOf.get(p)}`).sort());
    }
    expect(herdAnimals.filter((a) => a.father_id)).toHaveLength(160);
    for (const s of herdSamples) expect(relationshipsAt(fake, s.accession!)).toEqual([`${s.accession} derived from ${accessionOf.get(s.animal_id!)}`]);
    await expectPasswordGone();
  }, 180_000);

  it('sends again only the 3 records changed since, with no new accession', async () => {
    const herd = await readyHerd({ founders: 20, samplesPerAnimal: 1 });
    expect((await submit(herd)).status).toBe('completed');
    const before = await samples(herd.submissionId);
    const changed = before.slice(0, 3);
    await editAndRevalidate(herd.submissionId, 'sample', changed.map((s) => s.id), 'Re-counted straws');
    expect((await submission(herd.submissionId)).status).toBe('ready');
    fake.resetCounters();

    const outcome = await submit(herd);

    expect(outcome.status).toBe('completed');
    expect(outcome.counts).toMatchObject({ reserved: 0, updated: 3, unchanged: 37, refused: 0 });
    expect(fake.counters.requests.put).toBe(3);
    expect([...fake.counters.puts.keys()].sort()).toEqual(changed.map((s) => s.accession).sort());
    expect(fake.counters.requests.reserve).toBe(0);
    expect(fake.counters.creations.size).toBe(0);
    for (const s of changed) expect((fake.samples.get(s.accession!)?.body.characteristics as Record<string, { text: string }[]>).Description).toEqual([{ text: 'Re-counted straws' }]);
    const after = await samples(herd.submissionId);
    expect(after.map((s) => s.accession)).toEqual(before.map((s) => s.accession));
    expect(after.every((s) => s.status === 'completed')).toBe(true);
    expect((await submission(herd.submissionId)).message).toMatch(/\(0 accessions reserved, 3 records sent, 37 unchanged\)/);
  });

  it('keeps the release date chosen last time, and sends every record again when a new one is chosen', async () => {
    const herd = await readyHerd({ founders: 2, samplesPerAnimal: 1 });
    expect((await submit(herd, '2020-01-01')).status).toBe('completed');
    await editAndRevalidate(herd.submissionId, 'animal', [(await animals(herd.submissionId))[0].id], 'A boar');
    fake.resetCounters();
    expect((await submit(herd)).counts).toMatchObject({ updated: 1, unchanged: 3 });
    expect((await submission(herd.submissionId)).release).toBe('2020-01-01');

    await editAndRevalidate(herd.submissionId, 'animal', [(await animals(herd.submissionId))[0].id], 'A big boar');
    fake.resetCounters();
    const outcome = await submit(herd, '2099-06-30');
    expect(outcome.counts).toMatchObject({ updated: 4, unchanged: 0 });
    for (const r of [...(await animals(herd.submissionId)), ...(await samples(herd.submissionId))]) {
      expect(fake.samples.get(r.accession!)?.release).toBe('2099-06-30T00:00:00Z');
    }
    const [row] = await db.ds.query(`SELECT remote_status, submitted_release::text AS release FROM animals WHERE submission_id = $1 LIMIT 1`, [herd.submissionId]);
    expect(row).toEqual({ remote_status: 'private', release: '2099-06-30' });
  });

  it('marks a record BioSamples refuses for revision with the server\'s reason as a validation message; the others are completed', async () => {
    const picky = await startFakeBioSamples({ taxonomy: { 'Sus scrofa': 9823 }, firstAccessionNumber: 9_000_000 });
    useFake(picky);
    try {
      const herd = await readyHerd({ founders: 4, samplesPerAnimal: 1 });
      await db.ds.query(`UPDATE submissions SET status = 'loaded' WHERE id = $1`, [herd.submissionId]);
      const [cow] = await addAnimals(herd.submissionId, herd.ownerId, { founders: 1, samplesPerAnimal: 0, species: 'Bos taurus' });
      await validate(herd.submissionId);

      const outcome = await submit(herd);

      expect(outcome.status).toBe('need_revision');
      const reason = 'Validation of taxonomy failed against the ENA taxonomy service. The Organism attribute is either invalid or not submittable';
      const detail = await recordDetail(curator(herd), 'animal', cow);
      expect(detail).toMatchObject({ status: 'need_revision', accession: expect.stringMatching(/^SAMEA/) });
      expect(detail!.validation).toMatchObject({ level: 'error' });
      expect(detail!.validation!.messages).toContainEqual({
        field: 'record', level: 'error', message: `BioSamples refused this record: ${reason}`, key: expect.stringMatching(/^biosamples_refused:record:/),
      });
      const notCompleted = [
        ...(await animals(herd.submissionId)).map((r) => ({ ...r, type: 'animal' })),
        ...(await samples(herd.submissionId)).map((r) => ({ ...r, type: 'sample' })),
      ].filter((r) => r.status !== 'completed').map((r) => `${r.type} ${r.id}`);
      expect(notCompleted).toEqual([`animal ${cow}`]);
      expect(picky.counters.puts.size).toBe(8);
      const row = await submission(herd.submissionId);
      expect(row.status).toBe('need_revision');
      expect(row.message).toMatch(/^BioSamples refused 1 record: fix it and validate again \(first: animal '.+-F1': Validation of taxonomy failed/);
      expect(row.errors).toEqual([{ level: 'error', message: expect.stringMatching(/^Animal '.+': BioSamples refused it: Validation of taxonomy failed/) }]);
      await expectPasswordGone();
    } finally {
      useFake(fake);
      await picky.close();
    }
  });

  it('ends in error when BioSamples stays unreachable, wipes the password, keeps the accessions, and resumes on the next submit', async () => {
    const herd = await readyHerd({ founders: 6, samplesPerAnimal: 1 });
    await requestSubmission(curator(herd), herd.submissionId, WEBIN, undefined, async () => undefined);
    // While the job runs, the password is held, but never readable as such.
    expect(await db.ds.query(`SELECT submission_id FROM held_credentials`)).toEqual([{ submission_id: herd.submissionId }]);
    expect(await rowsContaining(WEBIN.password)).toEqual([]);
    expect(await rowsContaining(Buffer.from(WEBIN.password).toString('base64'))).toEqual([]);
    fake.setFaults({ put: { errorRate: 1 } });

    const failed = await runSubmission(herd.submissionId, FAST);

    expect(failed.status).toBe('error');
    const row = await submission(herd.submissionId);
    expect(row).toMatchObject({ status: 'error', progress: { phase: 'submit', total: 24 } });
    expect(row.message).toMatch(/^BioSamples could not be reached: BioSamples did not answer PUT .* after 6 attempts: HTTP 503\. 12 accessions reserved and 0 records sent before it stopped are kept: submit again to resume\.$/);
    await expectPasswordGone();
    const reserved = [...(await animals(herd.submissionId)), ...(await samples(herd.submissionId))];
    expect(reserved.every((r) => r.accession && r.status === 'submitted')).toBe(true);

    fake.setFaults({});
    fake.resetCounters();
    const resumed = await submit(herd);
    expect(resumed).toMatchObject({ status: 'completed', counts: { reserved: 0, updated: 12 } });
    expect(fake.counters.requests.reserve).toBe(0);
    const after = [...(await animals(herd.submissionId)), ...(await samples(herd.submissionId))];
    expect(after.map((r) => r.accession)).toEqual(reserved.map((r) => r.accession));
    await expectPasswordGone();
  });

  it('wipes the password when the run fails unexpectedly (a database refusal), and leaves the submission in error', async () => {
    const herd = await readyHerd({ founders: 2, samplesPerAnimal: 1 });
    await db.ds.query(`ALTER TABLE samples ADD CONSTRAINT test_no_completed CHECK (status <> 'completed') NOT VALID`);
    try {
      await expect(submit(herd)).rejects.toThrow(/test_no_completed/);
    } finally {
      await db.ds.query(`ALTER TABLE samples DROP CONSTRAINT test_no_completed`);
    }
    expect(await submission(herd.submissionId)).toMatchObject({ status: 'error', message: expect.stringMatching(/^The submission stopped with an error: .*test_no_completed/) });
    await expectPasswordGone();
  });

  it('ends in error, asking to submit again, when the job runs again after the password was wiped', async () => {
    const herd = await readyHerd({ founders: 2, samplesPerAnimal: 0 });
    await requestSubmission(curator(herd), herd.submissionId, WEBIN, undefined, async () => undefined);
    await db.ds.query(`DELETE FROM held_credentials`);

    const outcome = await runSubmission(herd.submissionId, FAST);

    expect(outcome.status).toBe('error');
    expect((await submission(herd.submissionId)).message).toMatch(/^The Webin password is no longer held for this submission .*: submit again/);
    expect(fake.counters.requests.reserve + fake.counters.requests.put).toBe(0);
    expect((await submit(herd)).status).toBe('completed');
  });

  it('lets only one run send a submission at a time, and does nothing once it is no longer submitted', async () => {
    const herd = await readyHerd({ founders: 4, samplesPerAnimal: 1 });
    await requestSubmission(curator(herd), herd.submissionId, WEBIN, undefined, async () => undefined);
    fake.setLatency(20);
    try {
      const [first, second] = await Promise.all([runSubmission(herd.submissionId, FAST), runSubmission(herd.submissionId, FAST)]);
      const outcomes = [first, second].sort((a, b) => Number(b.ran) - Number(a.ran));
      expect(outcomes).toMatchObject([{ ran: true, status: 'completed' }, { ran: false, status: 'submitted' }]);
    } finally {
      fake.setLatency(0);
    }
    expect([...fake.counters.creationsByAlias.values()]).toEqual(Array(8).fill(1));
    fake.resetCounters();
    expect(await runSubmission(herd.submissionId, FAST)).toMatchObject({ ran: false, status: 'completed' });
    expect(fake.counters.log).toHaveLength(0);
  });
});
