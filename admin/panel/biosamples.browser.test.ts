import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { config, overrideConfig } from '../../core/config.js';
import { db } from '../../core/db/data-source.js';
import { waitFor } from '../../jobs/test-kit.js';
import { EXAMPLE_ANIMALS, EXAMPLE_SAMPLES, example201911 } from '../../test/example-template.js';
import { TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { DEFAULT_ACCOUNTS, startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { attributesOf, curatorOfIbba, importTemplate, markDocument, openPanel, stillSameDocument, submissionStatus, usePanelApp } from '../../test/panel-browser.js';
import { WebClient } from '../../test/web-client.js';

let fake: FakeBioSamples | undefined;
let curator: TestUser;
let submissionId: number;
const webin = DEFAULT_ACCOUNTS[0];
const original = { ...config().biosamples };

// Declared around the app's hooks: BioSamples is faked before the app starts, until after it stops.
beforeAll(async () => {
  // One record at a time, each request slowed down: the accessions arrive one by one while the page watches.
  fake = await startFakeBioSamples({ latencyMs: 250 });
  overrideConfig((c) => {
    c.biosamples = { ...c.biosamples, url: fake!.url, webinAuthUrl: fake!.webinAuthUrl, concurrency: 1 };
  });
});
const panel = usePanelApp();
afterAll(async () => {
  await fake?.close();
  overrideConfig((c) => { c.biosamples = original; });
});

beforeAll(async () => {
  await panel.startWorker();
  curator = await curatorOfIbba();
  // The example with the one error of its animals corrected, so that validation leaves it ready (warnings only).
  const content = example201911();
  content.animal[2]['Birth location accuracy'] = 'missing geographic information';
  submissionId = await importTemplate(panel.web.url, curator, content);
  const client = new WebClient(panel.web.url);
  await client.panelLogin(curator.email, TEST_PASSWORD);
  expect((await client.post(`/api/submissions/${submissionId}/validate`)).status).toBe(202);
  await waitFor(async () => (await submissionStatus(submissionId)) === 'ready', 'the validation to leave the submission ready', 60_000);
}, 180_000);

describe('submitting to BioSamples from the panel (issue 5)', () => {
  it('says inline that Webin refused the credentials, sends nothing, and leaves the submission ready', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-5');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${submissionId}/show`);
    await page.click('[data-testid=submit]');
    await page.waitForSelector('[data-testid=submit-form]', { timeout: 30_000 });
    expect(await page.inputValue('#releaseDate')).toBe(new Date().toISOString().slice(0, 10));
    expect(await page.getAttribute('#webinPassword', 'type')).toBe('password');
    await page.fill('#webinUsername', webin.username);
    await page.fill('#webinPassword', 'not-the-password');
    await page.click('[data-testid=submit-to-biosamples]');
    const refusal = await page.locator('[data-testid=form-error]').innerText({ timeout: 30_000 });
    await shot('webin-refused');
    expect(refusal).toBe('Webin refused these credentials: nothing was sent to BioSamples and the submission stays ready.');
    expect(await page.inputValue('#webinPassword')).toBe('');
    expect(await submissionStatus(submissionId)).toBe('ready');
    expect(fake!.samples.size).toBe(0);
    expect(problems.filter((p) => !p.includes('the server responded with a status of 422'))).toEqual([]);
  });

  it('submits, shows the progress, and the accessions appear in the record lists as they arrive', async () => {
    const { page, problems, externalRequests, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-5');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${submissionId}/submitToBioSamples`);
    await page.waitForSelector('[data-testid=submit-form]', { timeout: 30_000 });
    await page.fill('#webinUsername', webin.username);
    await page.fill('#webinPassword', webin.password);
    await shot('submit-form');
    await page.click('[data-testid=submit-to-biosamples]');
    await page.waitForURL(new RegExp(`/Submission/records/${submissionId}/show$`), { timeout: 30_000 });
    await markDocument(page);

    // Some accessions are on the page while the submission is still being sent.
    await page.waitForFunction(() => {
      const status = document.querySelector('[data-testid=submission-status]')?.getAttribute('data-status');
      return status === 'submitted' && document.querySelectorAll('[data-testid=animal-list] [data-testid=accession] a').length > 0;
    }, null, { timeout: 60_000, polling: 50 });
    expect(await page.locator('[data-testid=progress]').innerText()).toMatch(/Records sent to BioSamples: \d+ of \d+/);
    await shot('submitting');

    await page.waitForSelector('[data-testid=submission-status][data-status=completed]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=animal-list] [data-testid=accession] a').length === 3, null, { timeout: 30_000 });
    await shot('completed');
    expect(await stillSameDocument(page)).toBe(true);
    const animals = await db().query(`SELECT name, accession FROM animals WHERE submission_id = $1 ORDER BY name`, [submissionId]);
    expect(animals.map((a: { name: string }) => a.name)).toEqual([...EXAMPLE_ANIMALS].sort());
    const shown = await page.locator('[data-testid=animal-list] [data-testid=accession] a').allInnerTexts();
    expect(shown.sort()).toEqual(animals.map((a: { accession: string }) => a.accession).sort());
    expect(await attributesOf(page.locator('[data-testid=animal-list] [data-testid=accession] a'), 'href'))
      .toEqual(expect.arrayContaining([`${fake!.url}/samples/${animals[0].accession}`]));

    await page.click('[role=tab]:has-text("Samples")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=sample-list] [data-testid=accession] a').length === 3, null, { timeout: 30_000 });
    const samples = await db().query(`SELECT name, accession FROM samples WHERE submission_id = $1 ORDER BY name`, [submissionId]);
    expect(samples.map((s: { name: string }) => s.name)).toEqual([...EXAMPLE_SAMPLES].sort());
    expect(samples.every((s: { accession: string | null }) => s.accession && fake!.samples.has(s.accession))).toBe(true);
    expect(fake!.samples.size).toBe(6);
    expect(problems).toEqual([]);
    expect(externalRequests).toEqual([]);
  });
});
