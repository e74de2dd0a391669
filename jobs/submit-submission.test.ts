import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { forgetBreeds, readyHerd } from '../test/biosamples-herd.js';
import { startFakeBioSamples, type FakeBioSamples } from '../test/fakes/biosamples.js';
import { overrideConfig } from '../core/config.js';
import { requestSubmission } from '../core/biosamples/request-submission.js';
import { closeQueue, enqueue } from './queue.js';
import { killChildren, spawnJobProcess, waitFor } from './test-kit.js';

let fake: FakeBioSamples;
// Declared before useTestDatabase(), so the queue's connections close before the database is dropped.
afterAll(async () => {
  await killChildren();
  await closeQueue();
  await fake?.close();
});
const db = useTestDatabase();

beforeAll(async () => {
  forgetBreeds();
  fake = await startFakeBioSamples({ latencyMs: 25 });
  overrideConfig((c) => {
    c.biosamples.url = fake.url;
    c.biosamples.webinAuthUrl = fake.webinAuthUrl;
  });
});
afterEach(() => killChildren());

const state = async (id: number) => (await db.ds.query(
  `SELECT s.status, s.message,
     (SELECT count(*)::int FROM animals WHERE submission_id = s.id AND accession IS NOT NULL)
       + (SELECT count(*)::int FROM samples WHERE submission_id = s.id AND accession IS NOT NULL) AS accessions,
     (SELECT count(*)::int FROM held_credentials WHERE submission_id = s.id) AS held
   FROM submissions s WHERE s.id = $1`,
  [id],
))[0];

describe('submit-submission job', () => {
  it('survives kill -9 of the worker in the middle of a submission: a new worker completes it with no duplicate at BioSamples', async () => {
    const herd = await readyHerd({ founders: 20, children: 80, samplesPerAnimal: 2 });
    const env = {
      JOB_LOCK_MINUTES: '0.05', BIOSAMPLES_URL: fake.url, WEBIN_AUTH_URL: fake.webinAuthUrl,
      SUBMIT_CONCURRENCY: '4', SUBMIT_RATE_PER_SECOND: '1000',
    };
    const first = spawnJobProcess('worker', db.url, env);
    await first.started;
    const actor = { id: herd.ownerId, email: 'curator@example.org', role: 'curator' as const };
    await requestSubmission(actor, herd.submissionId, { username: 'Webin-12345', password: 'webin-test-password' }, undefined,
      (submissionId) => enqueue('submit-submission', { submissionId }));
    // Some accessions are stored, others are being reserved right now.
    await waitFor(async () => (await state(herd.submissionId)).accessions >= 60 && fake.counters.inFlight > 0, 'the submission to be half-way', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const halfway = await state(herd.submissionId);
    expect(halfway).toMatchObject({ status: 'submitted', held: 1 });
    expect(halfway.accessions).toBeLessThan(300);

    const second = spawnJobProcess('worker', db.url, env);
    await second.started;
    await waitFor(async () => (await state(herd.submissionId)).status !== 'submitted', () => `the submission to end after the restart\n${second.output().slice(-2000)}`, 120_000);

    expect(await state(herd.submissionId)).toMatchObject({ status: 'completed', accessions: 300, held: 0 });
    expect(fake.counters.creationsByAlias.size).toBe(300);
    expect([...fake.counters.creationsByAlias.values()].every((n) => n === 1)).toBe(true);
    const aliases: { alias: string; accession: string }[] = await db.ds.query(
      `SELECT alias::text AS alias, accession FROM animals WHERE submission_id = $1 UNION ALL SELECT alias::text, accession FROM samples WHERE submission_id = $1`,
      [herd.submissionId],
    );
    for (const r of aliases) expect(fake.samplesWithAlias(r.alias).map((s) => s.accession)).toEqual([r.accession]);
    // The reservations cut off by the kill had been stored by BioSamples: the new worker found them by alias.
    const adopted = Number(/"adopted":(\d+)/.exec(second.output())?.[1]);
    expect(adopted).toBeGreaterThan(0);
  }, 240_000);
});
