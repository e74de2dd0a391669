import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { useTestDatabase } from '../../test/database.js';
import { createSubmissionWithRecords, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { launchBrowser, openPanel, type PanelVisit } from '../../test/panel-browser.js';
import { startTestApp } from '../../test/web-client.js';
import { ensureAdminBundle } from './bundle.js';

useTestDatabase();
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let aliceSamples: string[];
let bobSamples: string[];

beforeAll(async () => {
  await ensureAdminBundle();
  app = await startTestApp();
  [admin, alice, bob] = await Promise.all([createUser({ role: 'admin' }), createUser({ firstName: 'Alice' }), createUser({ firstName: 'Bob' })]);
  aliceSamples = (await createSubmissionWithRecords(alice.id, 1, 2, { title: 'Alice pigs' })).samples.map((s) => s.name);
  bobSamples = (await createSubmissionWithRecords(bob.id, 1, 2, { title: 'Bob pigs', status: 'ready' })).samples.map((s) => s.name);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const loggedInPage = (user: TestUser): Promise<PanelVisit> => openPanel(browser, app.url, { email: user.email, password: TEST_PASSWORD }, 'panel');

async function sampleNames(page: Page): Promise<string> {
  await page.goto(`${app.url}/admin/resources/Sample`);
  await page.waitForSelector('table tbody tr', { timeout: 30_000 });
  return page.locator('table tbody').innerText();
}

describe('the panel in a browser', () => {
  it('shows a curator their submissions by status on the dashboard, and only their own samples', async () => {
    const { page, problems, externalRequests, shot } = await loggedInPage(alice);
    await page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    await shot('curator-dashboard');
    const dashboard = await page.locator('[data-testid=dashboard]').innerText();
    expect(dashboard).toContain('Your submissions: 1 submission');
    expect(await page.locator('[data-status=loaded]').first().innerText()).toBe('1');
    expect(dashboard).not.toContain('All submissions');

    const table = await sampleNames(page);
    await shot('curator-samples');
    for (const name of aliceSamples) expect(table).toContain(name);
    for (const name of bobSamples) expect(table).not.toContain(name);
    expect(await page.content()).not.toContain('Bob pigs');
    expect(problems).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it("shows an admin both curators' samples", async () => {
    const { page, problems, shot } = await loggedInPage(admin);
    await page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=dashboard]').innerText()).toContain('All submissions: 2 submissions');
    await shot('admin-dashboard');
    const table = await sampleNames(page);
    await shot('admin-samples');
    for (const name of [...aliceSamples, ...bobSamples]) expect(table).toContain(name);
    expect(problems).toEqual([]);
  });

  it('lets an admin reset a password in the panel and shows a generated one once', async () => {
    const { page, shot } = await loggedInPage(admin);
    await page.goto(`${app.url}/admin/resources/User/records/${bob.id}/resetPassword`);
    await page.click('button[type=submit]');
    const generated = await page.locator('[data-testid=generated-password]').innerText({ timeout: 30_000 });
    await shot('admin-reset-password');
    const res = await fetch(`${app.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: bob.email, password: generated }),
    });
    expect(res.status).toBe(200);
  });

  it('lets a curator edit their own profile with the person fields only', async () => {
    const { page, problems, shot } = await loggedInPage(alice);
    await page.goto(`${app.url}/admin/resources/User/records/${alice.id}/edit`);
    await page.waitForSelector('input[name=firstName]', { timeout: 30_000 });
    await shot('curator-profile-edit');
    for (const hidden of ['email', 'role', 'active', 'password']) expect(await page.locator(`[name=${hidden}]`).count()).toBe(0);
    await page.fill('input[name=firstName]', 'Alicia');
    await page.click('button[type=submit]');
    await page.waitForURL(new RegExp(`/admin/resources/User/records/${alice.id}/show`), { timeout: 30_000 });
    const me = await (await fetch(`${app.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: alice.email, password: TEST_PASSWORD }),
    })).json();
    expect(me.firstName).toBe('Alicia');
    expect(problems).toEqual([]);
  });

  it("opens a curator's sample for editing with the IMAGE fields and saves a change", async () => {
    const { page, problems, shot } = await loggedInPage(alice);
    const [sample] = (await (await import('../../core/db/data-source.js')).db().query(`SELECT id FROM samples WHERE name = $1`, [aliceSamples[0]]));
    await page.goto(`${app.url}/admin/resources/Sample/records/${sample.id}/edit`);
    await page.waitForSelector('input[name=collectionProtocol]', { timeout: 30_000 });
    await page.fill('input[name=collectionProtocol]', 'https://example.org/protocol.pdf');
    await shot('curator-sample-edit');
    await page.click('button[type=submit]');
    // The form stays, with the record's check next to the fields; the list shows it needs revision.
    await page.waitForSelector('[data-testid=saved]', { timeout: 30_000 });
    await page.goto(`${app.url}/admin/resources/Sample`);
    await page.waitForSelector('table tbody tr');
    await shot('curator-samples-after-edit');
    expect(await page.locator('table tbody').innerText()).toMatch(/need revision/i);
    expect(problems).toEqual([]);
  });
});
