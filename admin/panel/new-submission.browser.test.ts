import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'socket.io';
import { db } from '../../core/db/data-source.js';
import { eventTransport } from '../../core/events.js';
import { transition } from '../../core/submissions/state-machine.js';
import { EXAMPLE_ANIMALS, EXAMPLE_SAMPLES, example201911 } from '../../test/example-template.js';
import { createSubmission, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { attributesOf, markDocument, openPanel, stillSameDocument, usePanelApp } from '../../test/panel-browser.js';
import { templateWorkbook } from '../../test/template-file.js';

let curator: TestUser;
let exampleFile: string;
let created: number;

const panel = usePanelApp();

beforeAll(async () => {
  curator = await createUser({ firstName: 'Paolo' });
  exampleFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'panel-')), 'template_with_example_2019-11.xlsx');
  fs.writeFileSync(exampleFile, await templateWorkbook(example201911()));
}, 180_000);

describe('a new submission in the panel (issue 3)', () => {
  it('uploads the example template and shows it loaded, with its counts, without reloading the page', async () => {
    const { page, problems, externalRequests, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    await page.goto(`${panel.web.url}/admin/resources/Submission`);
    await page.click('[data-testid="action-newSubmission"]');
    await page.waitForSelector('[data-testid=new-submission]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=template-link]').getAttribute('href')).toBe('/api/template.xlsx');
    expect(await page.locator('[data-testid=file]').innerText()).toContain('up to 100 MB');

    await page.fill('#title', 'Cinta Senese semen');
    await page.fill('#description', 'this is just an example submission');
    await page.fill('#geneBankName', 'CryoWeb');
    await page.click('#geneBankCountry');
    await page.keyboard.type('Ital');
    await page.keyboard.press('Enter');
    await page.fill('#datasourceVersion', '2019-11');
    await page.setInputFiles('[data-testid=file] input[type=file]', exampleFile);
    await shot('new-submission-form');
    await page.click('[data-testid=create-submission]');

    await page.waitForURL(/\/admin\/resources\/Submission\/records\/\d+\/show$/, { timeout: 30_000 });
    const url = page.url();
    const id = Number(/records\/(\d+)\/show/.exec(url)![1]);
    created = id;
    await page.waitForSelector('[data-testid=submission-status][data-status=waiting]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    await markDocument(page);
    await shot('submission-waiting');

    // The worker starts only now: what follows can only reach the page live.
    await panel.startWorker();
    await page.waitForSelector('[data-testid=submission-status][data-status=loaded]', { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=sample-counts] [data-count=total]')?.textContent === '3', null, { timeout: 30_000 });
    await page.waitForSelector('[data-testid=animal-list] [data-record]', { timeout: 30_000 });
    await shot('submission-loaded');

    expect(await stillSameDocument(page)).toBe(true);
    expect(page.url()).toBe(url);
    expect(await page.locator('[data-testid=submission-message]').innerText()).toBe('3 animals and 3 samples imported');
    expect(await page.locator('[data-testid=animal-counts] [data-count=total]').innerText()).toBe('3');
    expect(await page.locator('[data-testid=file-info]').innerText()).toContain('template_with_example_2019-11.xlsx');
    const animals = await attributesOf(page.locator('[data-testid=animal-list] [data-record]'), 'data-record');
    expect(animals.sort()).toEqual([...EXAMPLE_ANIMALS].sort());
    await page.click('[role=tab]:has-text("Samples")');
    await page.waitForSelector('[data-testid=sample-list] [data-record]');
    const samples = await attributesOf(page.locator('[data-testid=sample-list] [data-record]'), 'data-record');
    expect(samples.sort()).toEqual([...EXAMPLE_SAMPLES].sort());
    await shot('submission-samples');

    const [stored] = await db().query(`SELECT title, status, owner_id FROM submissions WHERE id = $1`, [id]);
    expect(stored).toEqual({ title: 'Cinta Senese semen', status: 'loaded', owner_id: curator.id });
    expect(problems).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it('says in words why a duplicate submission is refused, next to the form', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    await page.goto(`${panel.web.url}/admin/resources/Submission/actions/newSubmission`);
    await page.waitForSelector('[data-testid=new-submission]', { timeout: 30_000 });
    await page.fill('#title', 'Same again');
    await page.fill('#geneBankName', 'CryoWeb');
    await page.click('#geneBankCountry');
    await page.keyboard.type('Italy');
    await page.keyboard.press('Enter');
    await page.fill('#datasourceVersion', '2019-11');
    await page.setInputFiles('[data-testid=file] input[type=file]', exampleFile);
    await page.click('[data-testid=create-submission]');
    const error = await page.locator('[data-testid=form-error]').innerText({ timeout: 30_000 });
    await shot('new-submission-duplicate');
    expect(error).toContain("You already have a submission for gene bank 'CryoWeb' (Italy)");
    expect(page.url()).toContain('/actions/newSubmission');
    // The browser reports the refused request itself; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes('the server responded with a status of 422'))).toEqual([]);
  });

  it('refuses a file that is not an xlsx for a template, in words', async () => {
    const { page, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    const csv = path.join(path.dirname(exampleFile), 'animals.xlsx');
    fs.writeFileSync(csv, 'animal_ID;sex\nA1;male\n');
    await page.goto(`${panel.web.url}/admin/resources/Submission/actions/newSubmission`);
    await page.waitForSelector('[data-testid=new-submission]', { timeout: 30_000 });
    await page.fill('#title', 'Wrong file');
    await page.fill('#geneBankName', 'Other bank');
    await page.click('#geneBankCountry');
    await page.keyboard.type('France');
    await page.keyboard.press('Enter');
    await page.fill('#datasourceVersion', '1');
    await page.setInputFiles('[data-testid=file] input[type=file]', csv);
    await page.click('[data-testid=create-submission]');
    const error = await page.locator('[data-testid=form-error]').innerText({ timeout: 30_000 });
    await shot('new-submission-wrong-type');
    expect(error).toBe("'animals.xlsx' is not an xlsx file: it is a text file (CSV or SQL?).");
    expect((await db().query(`SELECT count(*)::int AS n FROM submissions WHERE title = 'Wrong file'`))[0].n).toBe(0);
  });

  it('reloads the submission with a new file from its page, and shows the new records live', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    const more = path.join(path.dirname(exampleFile), 'template_with_example_2019-11-more.xlsx');
    const content = example201911();
    content.sample.push({ ...content.sample[2], 'Sample id in data source': 'VERCH1539971_2010_RegLomBank_PTPLodi_04.09.2011' });
    fs.writeFileSync(more, await templateWorkbook(content));
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${created}/show`);
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    await page.click('[data-testid=reload]');
    await page.waitForSelector('[data-testid=reload-form]', { timeout: 30_000 });
    await page.setInputFiles('[data-testid=reload-form] input[type=file]', more);
    await shot('reload-form');
    await page.click('[data-testid=reload-submit]');
    await page.waitForURL(new RegExp(`/Submission/records/${created}/show$`), { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=sample-counts] [data-count=total]')?.textContent === '4', null, { timeout: 60_000 });
    await page.waitForSelector('[data-testid=submission-status][data-status=loaded]');
    expect(await page.locator('[data-testid=file-info]').innerText()).toContain('template_with_example_2019-11-more.xlsx');
    expect(problems).toEqual([]);
  });

  it("shows an import's problems located in the file, values as text, and says when the list is capped", async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const { id } = await createSubmission(curator.id, { title: 'Broken file', status: 'error', message: 'The file has 250 errors' });
    const listed = [
      { level: 'error', sheet: 'animal', row: 14, column: 'Sex', value: 'M', message: "Sheet 'animal', row 14, column 'Sex': 'M' is not one of male, female, record of unknown sex" },
      { level: 'error', sheet: 'animal', row: 15, column: 'Animal description', value: hostile, message: `Sheet 'animal', row 15: ${hostile}` },
    ];
    await db().query(`UPDATE submissions SET errors = $2, errors_total = 250 WHERE id = $1`, [id, JSON.stringify(listed)]);
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${id}/show`);
    await page.waitForSelector('[data-testid=problems]', { timeout: 30_000 });
    await shot('problems');
    const table = await page.locator('[data-testid=problems]').innerText();
    expect(table).toContain("row 14, column 'Sex': 'M' is not one of male, female, record of unknown sex");
    expect(table).toContain(hostile);
    expect(await page.locator('[data-testid=problems] img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid=problems-capped]').innerText()).toContain('showing the first 2 of 250 problems');
    expect(problems).toEqual([]);
  });

  it('catches up by itself after the live connection drops', async () => {
    const { page, problems } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${created}/show`);
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    await markDocument(page);
    // Cut every live connection at the transport (as a network drop does), then change the submission
    // while the page cannot hear of it.
    const engine = (eventTransport() as unknown as Server).engine as unknown as { clients: Record<string, { close(): void }> };
    for (const client of Object.values(engine.clients)) client.close();
    await page.waitForSelector('[data-testid=live-state][data-live=reconnecting]', { timeout: 10_000 });
    await transition(created, 'loaded', { message: 'Checked again while the page was away' });
    await page.waitForSelector('[data-testid=live-state][data-live=live]', { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=submission-message]')?.textContent === 'Checked again while the page was away', null, { timeout: 30_000 });
    expect(await stillSameDocument(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('deletes the submission from its page after saying that BioSamples is never touched', async () => {
    const { page, problems, shot } = await openPanel(panel.browser, panel.web.url, { email: curator.email, password: TEST_PASSWORD }, 'issue-3');
    await page.goto(`${panel.web.url}/admin/resources/Submission/records/${created}/show`);
    await page.click('[data-testid=delete]');
    const warning = await page.locator('[data-testid=confirm-delete]').innerText();
    await shot('delete-warning');
    expect(warning).toContain('This never deletes anything from BioSamples');
    await page.click('[data-testid=confirm-delete-button]');
    await page.waitForURL(/\/admin\/resources\/Submission$/, { timeout: 30_000 });
    expect((await db().query(`SELECT count(*)::int AS n FROM submissions WHERE id = $1`, [created]))[0].n).toBe(0);
    expect((await db().query(`SELECT count(*)::int AS n FROM samples WHERE submission_id = $1`, [created]))[0].n).toBe(0);
    expect(problems).toEqual([]);
  });
});
