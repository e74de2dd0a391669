import { beforeAll, describe, expect, it } from '@jest/globals';
import { db } from '../../core/db/data-source.js';
import { example201911 } from '../../test/example-template.js';
import { TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { attributesOf, curatorOfIbba, importTemplate, markDocument, openPanel, stillSameDocument, usePanelApp } from '../../test/panel-browser.js';

let curator: TestUser;
let submissionId: number;

// Two of the example's samples are kept in a 'freezer', which IMAGE does not know.
const FREEZER_SAMPLES = ['CS05_1999_IBBACNR_PTP_02.06.1999', 'CS05_1999_IBBACNR_PTP_23.06.1999'];
const STORAGE_MESSAGE = 'value_not_allowed:Sample storage:freezer';

const panel = usePanelApp();

beforeAll(async () => {
  await panel.startWorker();
  curator = await curatorOfIbba();
  submissionId = await importTemplate(panel.web.url, curator, example201911({
    sample: (row, i) => (i < 2 ? { ...row, 'Sample storage': 'freezer' } : row),
  }));
}, 180_000);

describe('validation and the fixing loop in the panel (issue 4)', () => {
  it('validates from the submission page, shows the summary and chart live, and lists exactly the records with a message', async () => {
    const { page, problems, externalRequests, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${submissionId}/show`);
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=validation-summary]').count()).toBe(0);
    await markDocument(page);

    await page.click('[data-testid=validate]');
    await page.waitForSelector('[data-testid=submission-status][data-status=need_revision]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=issue-chart] [data-bar]', { timeout: 30_000 });
    await shot('validated');
    expect(await stillSameDocument(page)).toBe(true);

    const sampleCounts = await page.locator('[data-testid=sample-level-counts] [data-level-count]').allInnerTexts();
    expect(sampleCounts.map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(['1 pass', '0 warning', '2 error']);
    const bars = await attributesOf(page.locator('[data-testid=issue-chart] [data-bar]'), 'data-bar');
    expect(bars).toContain('Sample · Sample storage');
    expect(bars).toContain('Animal · Birth location accuracy');

    const message = page.locator(`[data-testid=sample-messages] [data-message="${STORAGE_MESSAGE}"]`);
    expect(await message.innerText()).toContain("Sample storage 'freezer' is not one of");
    await message.locator('[data-testid=show-records]').click();
    await page.waitForSelector('[data-testid=sample-message-filter]');
    await page.waitForFunction(() => document.querySelector('[data-testid=sample-total]')?.textContent === '2 samples', null, { timeout: 30_000 });
    await shot('records-with-message');
    const listed = await attributesOf(page.locator('[data-testid=sample-list] [data-record]'), 'data-record');
    expect(listed.sort()).toEqual([...FREEZER_SAMPLES].sort());
    expect(problems).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it('uses Fix this to set one storage on the records of a message, and shows them changed without a reload', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${submissionId}/show`);
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    await markDocument(page);
    const message = page.locator(`[data-testid=sample-messages] [data-message="${STORAGE_MESSAGE}"]`);
    await message.locator('[data-testid=fix-this]').click();
    const form = page.locator('[data-testid=set-field-form]');
    expect(await form.innerText()).toContain('Sample storage for 2 samples');
    await form.locator('select').selectOption('frozen, liquid nitrogen');
    await shot('fix-this-form');
    await form.locator('[data-testid=apply-fix]').click();

    await page.waitForFunction(
      () => document.querySelector('[data-testid=submission-message]')?.textContent?.includes('frozen, liquid nitrogen'),
      null, { timeout: 60_000 },
    );
    await page.waitForSelector('[data-testid=submission-status][data-status=need_revision]');
    await page.click('[role=tab]:has-text("Samples")');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=sample-list] [data-status=need_revision]').length === 2, null, { timeout: 30_000 });
    await shot('after-fix');
    expect(await stillSameDocument(page)).toBe(true);
    expect(await page.locator('[data-testid=validation-summary]').innerText()).toContain('Records changed since this validation');

    const stored = await db().query(`SELECT name, storage, status FROM samples WHERE submission_id = $1 ORDER BY name`, [submissionId]);
    expect(stored.filter((s: { name: string }) => FREEZER_SAMPLES.includes(s.name)))
      .toEqual(FREEZER_SAMPLES.map((name) => ({ name, storage: 'frozen, liquid nitrogen', status: 'need_revision' })));
    expect(problems).toEqual([]);
  });
});
