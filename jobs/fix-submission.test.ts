import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { VALID_STORAGE, createHerd, samplesOf, submissionRow } from '../test/fix-fixtures.js';
import { insertCurator } from '../test/validation-fixtures.js';
import { bulkEdit } from '../core/fixes/fix-requests.js';
import type { Actor } from '../core/submissions/policy.js';
import { recordPublished, runHandler } from './test-kit.js';
import fixSubmission from './fix-submission.js';

const db = useTestDatabase();
let owner: Actor;
let published: ReturnType<typeof recordPublished>;
/** Fix jobs the code under test asked for; the tests run them. */
const queued: { submissionId: number; fixId: number }[] = [];
const enqueue = async (job: { submissionId: number; fixId: number }) => {
  queued.push(job);
};

beforeAll(async () => {
  owner = { id: await insertCurator(), email: 'curator@example.org', role: 'curator' };
  published = recordPublished();
});
afterAll(() => published.stop());

const fixRow = async (id: number) =>
  (await db.ds.query(`SELECT state, selected, changed, outcome FROM batch_fixes WHERE id = $1`, [id]))[0];

describe('the fix-submission job', () => {
  it('reports its progress as phase "fix" and ends the submission need_revision with what it changed', async () => {
    const herd = await createHerd(owner.id, { samples: 12_000, storage: (n) => (n <= 11_000 ? 'frozen' : VALID_STORAGE), validate: true });
    const job = await bulkEdit(owner, herd.submissionId, 'sample', { filter: { message: 'value_not_allowed:Sample storage:frozen' } }, 'storage', 'freeze dried', enqueue);
    expect(job.records).toBe(11_000);
    published.events.length = 0;
    await runHandler(fixSubmission, queued.at(-1)!);
    const progress = published.events.filter((e) => e.event === 'submission:progress').map((e) => e.payload);
    expect(progress[0]).toEqual({ id: herd.submissionId, phase: 'fix', done: 0, total: 11_000 });
    expect(progress.at(-1)).toEqual({ id: herd.submissionId, phase: 'fix', done: 11_000, total: 11_000 });
    expect(published.events.filter((e) => e.event === 'submission:status').map((e) => e.payload)).toEqual([
      { id: herd.submissionId, status: 'need_revision', message: "Sample storage set to 'freeze dried' on 11000 samples; validate again" },
    ]);
    const samples = await samplesOf(herd.submissionId);
    expect(samples.filter((s) => s.storage === 'freeze dried' && s.status === 'need_revision')).toHaveLength(11_000);
    expect(samples.filter((s) => s.storage === VALID_STORAGE && s.status === 'ready')).toHaveLength(1000);
    expect(await fixRow(job.fixId)).toEqual({
      state: 'done', selected: 11_000, changed: 11_000, outcome: "Sample storage set to 'freeze dried' on 11000 samples; validate again",
    });
    expect((await submissionRow(herd.submissionId)).validation_summary).toMatchObject({ changedAt: expect.any(String) });
  });

  it('does nothing when run again', async () => {
    const herd = await createHerd(owner.id, { samples: 5, validate: true });
    const job = await bulkEdit(owner, herd.submissionId, 'sample', { ids: herd.sampleIds.slice(0, 2) }, 'description', 'straw from 1998', enqueue);
    await runHandler(fixSubmission, queued.at(-1)!);
    const after = { submission: await submissionRow(herd.submissionId), samples: await samplesOf(herd.submissionId), fix: await fixRow(job.fixId) };
    await runHandler(fixSubmission, queued.at(-1)!);
    expect({ submission: await submissionRow(herd.submissionId), samples: await samplesOf(herd.submissionId), fix: await fixRow(job.fixId) }).toEqual(after);
    expect(after.fix).toMatchObject({ state: 'done', changed: 2 });
  });

  it('goes back to where the submission was when nothing differs from the requested value', async () => {
    const herd = await createHerd(owner.id, { samples: 3, validate: true });
    await bulkEdit(owner, herd.submissionId, 'sample', { filter: {} }, 'storage', VALID_STORAGE, enqueue);
    await runHandler(fixSubmission, queued.at(-1)!);
    expect(await submissionRow(herd.submissionId)).toMatchObject({
      status: 'ready', message: `Sample storage set to '${VALID_STORAGE}': the 3 samples already had this value, nothing was changed`,
    });
    expect((await samplesOf(herd.submissionId)).every((s) => s.status === 'ready' && s.validation === 'pass')).toBe(true);
  });

  it('changes only records of its own submission, whatever ids were stored', async () => {
    const mine = await createHerd(owner.id, { samples: 2, validate: true });
    const stranger = await createHerd(await insertCurator(), { samples: 2, validate: true });
    const job = await bulkEdit(owner, mine.submissionId, 'sample', { ids: [mine.sampleIds[0]] }, 'storage', 'cut slide', enqueue);
    // As if the stored request had been tampered with: the job must still stay inside its submission.
    await db.ds.query(`UPDATE batch_fixes SET ids = $2 WHERE id = $1`, [job.fixId, [mine.sampleIds[0], ...stranger.sampleIds]]);
    await runHandler(fixSubmission, queued.at(-1)!);
    expect((await samplesOf(stranger.submissionId)).map((s) => s.storage)).toEqual([VALID_STORAGE, VALID_STORAGE]);
    expect((await samplesOf(mine.submissionId)).map((s) => s.storage)).toEqual(['cut slide', VALID_STORAGE]);
    expect(await fixRow(job.fixId)).toMatchObject({ selected: 1, changed: 1 });
  });

  it('puts the submission back to its previous status with the reason when the fix cannot be applied, changing nothing', async () => {
    const herd = await createHerd(owner.id, { samples: 3, validate: true });
    const job = await bulkEdit(owner, herd.submissionId, 'sample', { filter: {} }, 'organismPart', 'blood', enqueue);
    // The term disappears between the request and the job.
    await db.ds.query(`UPDATE organism_parts SET label = 'whole blood' WHERE label = 'blood'`);
    try {
      await expect(runHandler(fixSubmission, queued.at(-1)!)).rejects.toThrow(/'blood' is not/);
    } finally {
      await db.ds.query(`UPDATE organism_parts SET label = 'blood' WHERE label = 'whole blood'`);
    }
    const row = await submissionRow(herd.submissionId);
    expect(row.status).toBe('ready');
    expect(row.message).toMatch(/^The fix could not be applied \(Organism part: 'blood' is not .*\); nothing was changed$/);
    expect(await fixRow(job.fixId)).toMatchObject({ state: 'failed', outcome: row.message });
    const parts = await db.ds.query(
      `SELECT DISTINCT op.label FROM samples s JOIN organism_parts op ON op.id = s.organism_part_id WHERE s.submission_id = $1`, [herd.submissionId]);
    expect(parts).toEqual([{ label: 'semen' }]);
  });

  it('leaves a submission that is no longer waiting alone', async () => {
    const herd = await createHerd(owner.id, { samples: 2, validate: true });
    const job = await bulkEdit(owner, herd.submissionId, 'sample', { filter: {} }, 'storage', 'cut slide', enqueue);
    await db.ds.query(`UPDATE submissions SET status = 'error' WHERE id = $1`, [herd.submissionId]);
    await runHandler(fixSubmission, queued.at(-1)!);
    expect((await submissionRow(herd.submissionId)).status).toBe('error');
    expect((await samplesOf(herd.submissionId)).map((s) => s.storage)).toEqual([VALID_STORAGE, VALID_STORAGE]);
    expect(await fixRow(job.fixId)).toMatchObject({ state: 'failed', outcome: 'The submission was error, not waiting for this fix: nothing was changed' });
  });
});
