import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { overrideConfig } from '../core/config.js';
import { holdCredentials } from '../core/biosamples/credentials.js';
import { useTestDatabase } from '../test/database.js';
import sweepStuckSubmissions from './sweep-stuck-submissions.js';
import { createSubmission, createUser, ensureAgendaTable, recordPublished, runHandler, type TestUser } from './test-kit.js';

const db = useTestDatabase();
let owner: TestUser;
let published: ReturnType<typeof recordPublished> | undefined;

beforeAll(async () => {
  overrideConfig((c) => { c.jobs.stuckMinutes = 60; });
  await ensureAgendaTable();
  owner = await createUser('curator');
});
afterEach(() => published?.stop());

const statusOf = async (id: number) => (await db.ds.query(`SELECT status, message FROM submissions WHERE id = $1`, [id]))[0];

describe('stuck submission sweeper', () => {
  it('moves a submission waiting for longer than STUCK_JOB_MINUTES to error, says why, and tells its room', async () => {
    const stuck = await createSubmission(owner.id, 'waiting', 75);
    published = recordPublished();
    await runHandler(sweepStuckSubmissions);
    const message = 'Stuck: the job working on this submission stopped without finishing; it stayed in "waiting" for 75 minutes. ' +
      'You can reload the data (upload the file again) or validate it again.';
    expect(await statusOf(stuck)).toEqual({ status: 'error', message });
    expect(published.events).toEqual([{ room: `submission:${stuck}`, event: 'submission:status', payload: { id: stuck, status: 'error', message } }]);
  });

  it('leaves a recent waiting or submitted submission, and old submissions in other statuses, untouched', async () => {
    const recent = await createSubmission(owner.id, 'waiting', 59);
    const recentlySubmitted = await createSubmission(owner.id, 'submitted', 59);
    const loaded = await createSubmission(owner.id, 'loaded', 600);
    const completed = await createSubmission(owner.id, 'completed', 600);
    published = recordPublished();
    await runHandler(sweepStuckSubmissions);
    expect(await statusOf(recent)).toMatchObject({ status: 'waiting' });
    expect(await statusOf(recentlySubmitted)).toMatchObject({ status: 'submitted' });
    expect(await statusOf(loaded)).toMatchObject({ status: 'loaded' });
    expect(await statusOf(completed)).toMatchObject({ status: 'completed' });
    expect(published.events).toEqual([]);
  });

  it('ends a submission to BioSamples that no worker finished, and wipes the Webin password it held', async () => {
    const lost = await createSubmission(owner.id, 'submitted', 90);
    await holdCredentials(lost, 'Webin-12345', 'secret password');
    await runHandler(sweepStuckSubmissions);
    expect(await statusOf(lost)).toEqual({ status: 'error', message: expect.stringContaining('the submission to BioSamples stopped without finishing') });
    expect(await db.ds.query(`SELECT 1 FROM held_credentials WHERE submission_id = $1`, [lost])).toEqual([]);
  });

  it('leaves a long job that still renews its lock alone', async () => {
    const slow = await createSubmission(owner.id, 'waiting', 200);
    await db.ds.query(`INSERT INTO agenda_jobs (name, data, locked_at) VALUES ('import-submission', $1, now())`, [JSON.stringify({ submissionId: slow })]);
    await runHandler(sweepStuckSubmissions);
    expect(await statusOf(slow)).toMatchObject({ status: 'waiting' });
  });

  it('counts long waits in hours', async () => {
    const stuck = await createSubmission(owner.id, 'waiting', 185);
    await runHandler(sweepStuckSubmissions);
    expect((await statusOf(stuck)).message).toContain('stayed in "waiting" for 3 hours 5 minutes');
  });
});
