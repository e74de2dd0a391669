import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { forgetBreeds, readyHerd, type Herd } from '../../test/biosamples-herd.js';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { overrideConfig } from '../config.js';
import { recheckBioSamples } from './recheck.js';
import { requestSubmission } from './request-submission.js';
import { runSubmission } from './submit-submission.js';

const db = useTestDatabase();
const FAST = { client: { ratePerSecond: null, backoffBaseMs: 5 }, searchPatienceMs: 0 };
let fake: FakeBioSamples;

beforeAll(async () => {
  forgetBreeds();
  fake = await startFakeBioSamples();
  overrideConfig((c) => {
    c.biosamples.url = fake.url;
    c.biosamples.webinAuthUrl = fake.webinAuthUrl;
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFaults({});
  fake.resetCounters();
});

async function submittedHerd(releaseDate: string): Promise<Herd> {
  const herd = await readyHerd({ founders: 3, samplesPerAnimal: 1 });
  const actor = { id: herd.ownerId, email: 'c@example.org', role: 'curator' as const };
  await requestSubmission(actor, herd.submissionId, { username: 'Webin-12345', password: 'webin-test-password' }, releaseDate, async () => undefined);
  expect((await runSubmission(herd.submissionId, FAST)).status).toBe('completed');
  return herd;
}

interface Remote { name: string; accession: string; remote_status: string | null; remote_message: string | null; checked: boolean }

const remote = (herd: Herd): Promise<Remote[]> => db.ds.query(
  `SELECT name, accession, remote_status, remote_message, remote_checked_at IS NOT NULL AS checked FROM animals WHERE submission_id = $1
   UNION ALL SELECT name, accession, remote_status, remote_message, remote_checked_at IS NOT NULL FROM samples WHERE submission_id = $1
   ORDER BY name`,
  [herd.submissionId],
);

describe('re-checking submitted records at BioSamples', () => {
  it('reports records changed or withdrawn at BioSamples, and the release status of the others, without a login', async () => {
    const herd = await submittedHerd('2020-01-01');
    const [changed, withdrawn, ...unchanged] = await remote(herd);
    const edited = fake.samples.get(changed.accession)!;
    edited.body = { ...edited.body, characteristics: { ...(edited.body.characteristics as object), Description: [{ text: 'curated by someone else' }] } };
    fake.samples.delete(withdrawn.accession);

    const counts = await recheckBioSamples(FAST);

    expect(counts).toMatchObject({ changed: 1, withdrawn: 1, public: 4, private: 0, missing: 0, unchecked: 0 });
    const after = new Map((await remote(herd)).map((r) => [r.accession, r]));
    expect(after.get(changed.accession)).toMatchObject({ remote_status: 'changed', remote_message: expect.stringMatching(/^Changed at BioSamples since it was submitted on \d{4}-\d{2}-\d{2}/), checked: true });
    expect(after.get(withdrawn.accession)).toMatchObject({ remote_status: 'withdrawn', remote_message: `BioSamples no longer has ${withdrawn.accession}` });
    for (const r of unchanged) expect(after.get(r.accession)).toMatchObject({ remote_status: 'public', remote_message: 'Public since 2020-01-01' });
    const gets = fake.counters.log.filter((r) => r.route === 'get');
    expect(gets).toHaveLength(6);
    expect(gets.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('notes private records as private (their content needs the owner\'s login), and records whose content was never sent as missing', async () => {
    const hidden = await submittedHerd('2099-12-31');
    const [never] = await remote(hidden);
    await db.ds.query(`UPDATE animals SET submitted_hash = NULL WHERE accession = $1`, [never.accession]);

    await recheckBioSamples(FAST);

    const after = await remote(hidden);
    expect(after.every((r) => r.remote_status === 'private')).toBe(true);
    expect(after[0].remote_message).toBe('Private at BioSamples: its content can be read only with the Webin login that submitted it');

    // Public again: the record whose content was never sent shows up as missing.
    for (const r of after) fake.samples.get(r.accession)!.release = '2020-01-01T00:00:00Z';
    await recheckBioSamples(FAST);
    const missing = (await remote(hidden)).find((r) => r.accession === never.accession)!;
    expect(missing).toMatchObject({ remote_status: 'missing', remote_message: 'Only the accession was reserved: the content has not been sent yet (submit again)' });
  });

  it('leaves alone the records of a submission being sent, and stops without harm when BioSamples is unreachable', async () => {
    const herd = await submittedHerd('2020-01-01');
    await db.ds.query(`UPDATE animals SET remote_status = NULL, remote_checked_at = NULL WHERE submission_id = $1`, [herd.submissionId]);
    await db.ds.query(`UPDATE submissions SET status = 'submitted' WHERE id = $1`, [herd.submissionId]);
    await recheckBioSamples(FAST);
    expect((await remote(herd)).filter((r) => !r.checked)).toHaveLength(3);

    await db.ds.query(`UPDATE submissions SET status = 'completed' WHERE id = $1`, [herd.submissionId]);
    fake.setFaults({ get: { errorRate: 1 } });
    await expect(recheckBioSamples({ client: { ratePerSecond: null, backoffBaseMs: 1, maxAttempts: 2 } })).resolves.toMatchObject({ public: 0 });
    expect((await remote(herd)).filter((r) => !r.checked)).toHaveLength(3);
  });
});
