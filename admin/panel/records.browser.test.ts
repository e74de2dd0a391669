import { beforeAll, describe, expect, it } from '@jest/globals';
import { db } from '../../core/db/data-source.js';
import { waitFor } from '../../jobs/test-kit.js';
import { EXAMPLE_SAMPLES, example201911 } from '../../test/example-template.js';
import { TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { curatorOfIbba, importTemplate, openPanel, submissionStatus, usePanelApp } from '../../test/panel-browser.js';

let curator: TestUser;
let submissionId: number;
const CHILD = 'ANIMAL:::ID:::VERCH1539971_2010';

const panel = usePanelApp();

beforeAll(async () => {
  await panel.startWorker();
  curator = await curatorOfIbba();
  submissionId = await importTemplate(panel.web.url, curator, example201911());
  await fetchAs(curator, 'POST', `/api/submissions/${submissionId}/validate`);
  await waitFor(async () => (await submissionStatus(submissionId)) === 'need_revision', 'the validation', 60_000);
}, 180_000);

async function fetchAs(user: TestUser, method: string, path: string): Promise<void> {
  const login = await fetch(`${panel.web.url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${panel.web.url}${path}`, { method, headers: { cookie } });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

const idOf = async (table: 'animals' | 'samples', name: string): Promise<number> =>
  (await db().query(`SELECT id FROM ${table} WHERE name = $1 AND submission_id = $2`, [name, submissionId]))[0].id;

describe('animal and sample pages, record edit and bulk edit in the panel (issue 4)', () => {
  it("shows an animal's validation messages and checks an edit at once, next to the fields", async () => {
    const { page, problems, externalRequests, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4-records');
    const id = await idOf('animals', CHILD);
    await page.goto(`${panel.web.url}/admin/resources/Animal/records/${id}/show`);
    await page.waitForSelector('[data-testid=record-messages]', { timeout: 30_000 });
    await shot('animal-page');
    const error = page.locator('[data-testid=record-messages] [data-message-level=error]');
    expect(await error.innerText()).toContain("Birth location accuracy is 'unknown accuracy level' but no Birth location is given");
    expect(await page.locator('[data-testid=record-fields]').innerText()).toContain('ANIMAL:::ID:::CS05_1999');
    expect(await page.locator('[data-testid=accession]').innerText()).toContain('not submitted yet');

    await page.click('[data-testid="action-edit"]');
    await page.waitForSelector('[data-testid=record-edit]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=messages-birthLocationAccuracy]').innerText()).toContain("'unknown accuracy level'");
    await page.fill('input[name=birthDate]', '2010-13-45');
    await page.click('button[type=submit]');
    expect(await page.locator('[data-testid=form-error]').innerText({ timeout: 30_000 })).toContain("Birth date: '2010-13-45' is not a date");
    expect(await page.locator('input[name=birthDate] ~ *').allInnerTexts()).toContainEqual(expect.stringContaining("'2010-13-45' is not a date"));
    await shot('animal-edit-refused');

    await page.fill('input[name=birthDate]', '2010-05-04');
    await page.selectOption('select[name=birthLocationAccuracy]', 'missing geographic information');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=saved]', { timeout: 30_000 });
    await shot('animal-edit-saved');
    expect(await page.locator('[data-testid=messages-birthLocationAccuracy]').innerText()).toBe('');
    expect(await page.locator('[data-testid=record-status]').getAttribute('data-status')).toBe('need_revision');
    const [stored] = await db().query(`SELECT birth_date, birth_location_accuracy, status FROM animals WHERE id = $1`, [id]);
    expect(stored).toEqual({ birth_date: '2010-05-04', birth_location_accuracy: 'missing geographic information', status: 'need_revision' });
    expect(problems.filter((p) => !p.includes('the server responded with a status of 422'))).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it('sets a field on the samples selected on the list (a bulk action), through the fix job', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4-records');
    await page.goto(`${panel.web.url}/admin/resources/Sample?filters.submission=${submissionId}`);
    await page.waitForSelector('table tbody tr', { timeout: 30_000 });
    for (const name of EXAMPLE_SAMPLES.slice(0, 2)) {
      // AdminJS hides the real checkbox; a person clicks the box drawn beside it.
      const box = page.locator('table tbody tr', { hasText: name }).locator('input[type=checkbox]');
      await box.locator('xpath=following-sibling::*[1]').click();
      await page.waitForFunction((n) => Array.from(document.querySelectorAll('table tbody tr'))
        .some((tr) => tr.textContent?.includes(n) && (tr.querySelector('input[type=checkbox]') as HTMLInputElement | null)?.checked), name);
    }
    await page.click('[data-testid="action-bulkEdit"]');
    await page.waitForSelector('[data-testid=bulk-edit] [data-testid=set-field-form]', { timeout: 30_000 });
    await page.selectOption('#bulk-field', 'storageProcessing');
    await page.selectOption('select[name=storageProcessing]', 'cryopreservation in liquid nitrogen (dead tissue)');
    await shot('bulk-edit-selected');
    await page.click('[data-testid=apply-fix]');
    expect(await page.locator('[data-testid=bulk-done]').innerText({ timeout: 30_000 })).toContain('on 2 samples');
    await waitFor(async () => (await submissionStatus(submissionId)) === 'need_revision', 'the fix job');
    const stored = await db().query(`SELECT name, storage_processing FROM samples WHERE submission_id = $1 ORDER BY name`, [submissionId]);
    expect(stored).toEqual([
      { name: EXAMPLE_SAMPLES[0], storage_processing: 'cryopreservation in liquid nitrogen (dead tissue)' },
      { name: EXAMPLE_SAMPLES[1], storage_processing: 'cryopreservation in liquid nitrogen (dead tissue)' },
      { name: EXAMPLE_SAMPLES[2], storage_processing: 'cryopreservation in liquid nitrogen (dead tissue)' },
    ]);
    expect(problems).toEqual([]);
  });

  it('sets a field on every sample matching the list filter, across pages', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4-records');
    await page.goto(`${panel.web.url}/admin/resources/Sample?filters.submission=${submissionId}&filters.name=CS05&perPage=1`);
    await page.waitForSelector('table tbody tr', { timeout: 30_000 });
    await page.click('[data-testid="action-editMatching"]');
    await page.waitForSelector('[data-testid=bulk-edit] [data-testid=set-field-form]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=bulk-edit]').innerText()).toContain('2 samples will get the value');
    await page.selectOption('#bulk-field', 'availability');
    await page.fill('input[name=availability]', 'mailto:cryo@ibba.cnr.it');
    await shot('bulk-edit-matching');
    await page.click('[data-testid=apply-fix]');
    expect(await page.locator('[data-testid=bulk-done]').innerText({ timeout: 30_000 })).toContain('on 2 samples');
    await waitFor(async () => (await submissionStatus(submissionId)) === 'need_revision', 'the fix job');
    const stored = await db().query(`SELECT name, availability FROM samples WHERE submission_id = $1 ORDER BY name`, [submissionId]);
    expect(stored.map((s: { availability: string | null }) => s.availability)).toEqual(['mailto:cryo@ibba.cnr.it', 'mailto:cryo@ibba.cnr.it', null]);
    expect(problems).toEqual([]);
  });

  it("picks a sample's organism part by typing part of its name, and saves it", async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-4-records');
    const id = await idOf('samples', EXAMPLE_SAMPLES[2]);
    await page.goto(`${panel.web.url}/admin/resources/Sample/records/${id}/edit`);
    await page.waitForSelector('[data-testid=record-edit]', { timeout: 30_000 });
    await page.click('#organismPart');
    await page.keyboard.type('blo');
    await page.waitForSelector('[data-field=organismPart] [class*=option]:has-text("blood")', { timeout: 30_000 });
    await shot('organism-part-search');
    await page.keyboard.press('Enter');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=saved]', { timeout: 30_000 });
    const [stored] = await db().query(`SELECT op.label FROM samples s JOIN organism_parts op ON op.id = s.organism_part_id WHERE s.id = $1`, [id]);
    expect(stored.label).toBe('blood');
    expect(problems).toEqual([]);
  });
});
