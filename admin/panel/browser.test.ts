import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../core/paths.js';
import { useTestDatabase } from '../../test/database.js';
import { createSubmissionWithRecords, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startTestApp } from '../../test/web-client.js';
import { ensureAdminBundle } from './bundle.js';

useTestDatabase();
const shots = path.join(projectRoot, 'test-results', 'panel');
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let aliceSamples: string[];
let bobSamples: string[];

beforeAll(async () => {
  await ensureAdminBundle();
  fs.mkdirSync(shots, { recursive: true });
  app = await startTestApp();
  [admin, alice, bob] = await Promise.all([createUser({ role: 'admin' }), createUser({ firstName: 'Alice' }), createUser({ firstName: 'Bob' })]);
  aliceSamples = (await createSubmissionWithRecords(alice.id, 1, 2, { title: 'Alice pigs' })).samples.map((s) => s.name);
  bobSamples = (await createSubmissionWithRecords(bob.id, 1, 2, { title: 'Bob pigs', status: 'ready' })).samples.map((s) => s.name);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Visit {
  page: Page;
  problems: string[];
  externalRequests: string[];
}

async function loggedInPage(user: TestUser): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const externalRequests: string[] = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('request', (req) => !req.url().startsWith(app.url) && !req.url().startsWith('data:') && externalRequests.push(req.url()));
  await page.goto(`${app.url}/admin/login`);
  await page.screenshot({ path: path.join(shots, 'login.png') });
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${app.url}/admin`), page.click('form button')]);
  return { page, problems, externalRequests };
}

async function sampleNames(page: Page): Promise<string> {
  await page.goto(`${app.url}/admin/resources/Sample`);
  await page.waitForSelector('table tbody tr', { timeout: 30_000 });
  return page.locator('table tbody').innerText();
}

describe('the panel in a browser', () => {
  it('shows a curator their submissions by status on the dashboard, and only their own samples', async () => {
    const { page, problems, externalRequests } = await loggedInPage(alice);
    await page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'curator-dashboard.png'), fullPage: true });
    const dashboard = await page.locator('[data-testid=dashboard]').innerText();
    expect(dashboard).toContain('Your submissions: 1 submission');
    expect(await page.locator('[data-status=loaded]').first().innerText()).toBe('1');
    expect(dashboard).not.toContain('All submissions');

    const table = await sampleNames(page);
    await page.screenshot({ path: path.join(shots, 'curator-samples.png'), fullPage: true });
    for (const name of aliceSamples) expect(table).toContain(name);
    for (const name of bobSamples) expect(table).not.toContain(name);
    expect(await page.content()).not.toContain('Bob pigs');
    expect(problems).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  it("shows an admin both curators' samples", async () => {
    const { page, problems } = await loggedInPage(admin);
    await page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=dashboard]').innerText()).toContain('All submissions: 2 submissions');
    await page.screenshot({ path: path.join(shots, 'admin-dashboard.png'), fullPage: true });
    const table = await sampleNames(page);
    await page.screenshot({ path: path.join(shots, 'admin-samples.png'), fullPage: true });
    for (const name of [...aliceSamples, ...bobSamples]) expect(table).toContain(name);
    expect(problems).toEqual([]);
  });

  it('lets an admin reset a password in the panel and shows a generated one once', async () => {
    const { page } = await loggedInPage(admin);
    await page.goto(`${app.url}/admin/resources/User/records/${bob.id}/resetPassword`);
    await page.click('button[type=submit]');
    const generated = await page.locator('[data-testid=generated-password]').innerText({ timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'admin-reset-password.png'), fullPage: true });
    const res = await fetch(`${app.url}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: bob.email, password: generated }),
    });
    expect(res.status).toBe(200);
  });

  it('lets a curator edit their own profile with the person fields only', async () => {
    const { page, problems } = await loggedInPage(alice);
    await page.goto(`${app.url}/admin/resources/User/records/${alice.id}/edit`);
    await page.waitForSelector('input[name=firstName]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(shots, 'curator-profile-edit.png'), fullPage: true });
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
    const { page, problems } = await loggedInPage(alice);
    const [sample] = (await (await import('../../core/db/data-source.js')).db().query(`SELECT id FROM samples WHERE name = $1`, [aliceSamples[0]]));
    await page.goto(`${app.url}/admin/resources/Sample/records/${sample.id}/edit`);
    await page.waitForSelector('input[name=collectionProtocol]', { timeout: 30_000 });
    await page.fill('input[name=collectionProtocol]', 'https://example.org/protocol.pdf');
    await page.screenshot({ path: path.join(shots, 'curator-sample-edit.png'), fullPage: true });
    await page.click('button[type=submit]');
    // The form stays, with the record's check next to the fields; the list shows it needs revision.
    await page.waitForSelector('[data-testid=saved]', { timeout: 30_000 });
    await page.goto(`${app.url}/admin/resources/Sample`);
    await page.waitForSelector('table tbody tr');
    await page.screenshot({ path: path.join(shots, 'curator-samples-after-edit.png'), fullPage: true });
    expect(await page.locator('table tbody').innerText()).toMatch(/need revision/i);
    expect(problems).toEqual([]);
  });
});
