/**
 * The panel in Chromium under its content security policy: no violation on the dashboard, a list
 * and custom actions; the TEST SERVER banner; the throttled login page. Screenshots in
 * test-results/security/.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { PRODUCTION_BIOSAMPLES_URL } from '../../core/biosamples/target.js';
import { overrideConfig } from '../../core/config.js';
import { projectRoot } from '../../core/paths.js';
import { LOGIN_FAILURE_LIMIT } from '../../core/users/login-throttle.js';
import { ensureAdminBundle } from '../panel/bundle.js';
import { useTestDatabase } from '../../test/database.js';
import { createSubmissionWithRecords, createUser, ensureBreed, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { launchBrowser, logInToPanel } from '../../test/panel-browser.js';
import { startTestApp } from '../../test/web-client.js';

const db = useTestDatabase();
const shots = path.join(projectRoot, 'test-results', 'security');
const BANNER = 'TEST SERVER — records go to the BioSamples test server (wwwdev); they are replaced nightly';
let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let admin: TestUser;
let curator: TestUser;

beforeAll(async () => {
  await ensureAdminBundle();
  fs.mkdirSync(shots, { recursive: true });
  app = await startTestApp();
  [admin, curator] = await Promise.all([createUser({ role: 'admin' }), createUser()]);
  await createSubmissionWithRecords(curator.id, 1, 2, { title: 'Curator pigs' });
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Visit {
  page: Page;
  /** securitypolicyviolation events and the console's "Refused to ..." messages. */
  violations: string[];
  /** Other console errors and uncaught exceptions. */
  problems: string[];
}

async function openPage(address = '203.0.113.10'): Promise<Visit> {
  // Each visit its own client address (X-Forwarded-For, trusted from 127.0.0.1), so login throttling tests stay apart.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': address } });
  const page = await context.newPage();
  const violations: string[] = [];
  const problems: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    else if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return { page, violations, problems };
}

const logIn = (visit: Visit, user: TestUser) => logInToPanel(visit.page, app.url, { email: user.email, password: TEST_PASSWORD });

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

describe('the panel under its content security policy', () => {
  it('shows the dashboard, a list and the TEST SERVER banner with no CSP violation', async () => {
    const visit = await openPage();
    await logIn(visit, curator);
    const { page } = visit;
    await page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    const banner = page.locator('[data-testid=test-server-banner]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.isVisible()).toBe(true);
    expect((await banner.innerText()).replace(/\s+/g, ' ')).toBe(BANNER);
    await shot(page, 'curator-dashboard-test-server');

    await page.goto(`${app.url}/admin/resources/Sample`);
    await page.waitForSelector('table tbody tr', { timeout: 30_000 });
    expect(await page.locator('[data-testid=test-server-banner]').isVisible()).toBe(true);
    await shot(page, 'curator-samples');
    expect(visit.violations).toEqual([]);
    expect(visit.problems).toEqual([]);
  });

  it('runs the custom actions of the admin tools with no CSP violation: set a term by hand, the suppress form', async () => {
    const breed = `Browser breed ${crypto.randomBytes(3).toString('hex')}`;
    const breedId = await ensureBreed(breed, 'Sus scrofa', 'Italy');
    const [{ id: orphanId }] = await db.ds.query(
      `INSERT INTO orphaned_records (accession, alias, name, record_type, species, owner_id, submission_title)
       VALUES ('SAMEA990001', $1, 'Orphan pig', 'animal', 'Sus scrofa', $2, 'Deleted pigs') RETURNING id`,
      [crypto.randomUUID(), curator.id],
    );
    const visit = await openPage('203.0.113.11');
    await logIn(visit, admin);
    const { page } = visit;

    await page.goto(`${app.url}/admin/resources/TermMissingId?filters.vocabulary=breed`);
    await page.waitForSelector('table tbody tr', { timeout: 30_000 });
    expect(await page.locator('table tbody').innerText()).toContain(breed);
    await shot(page, 'admin-terms-missing-ids');

    await page.goto(`${app.url}/admin/resources/TermMissingId/records/breed-${breedId}/setTermByHand`);
    await page.waitForSelector('[data-testid=set-term-by-hand]', { timeout: 30_000 });
    await page.fill('input[name=term]', 'LBO_0000017');
    await page.fill('input[name=label]', 'Large White');
    await shot(page, 'admin-set-term-by-hand');
    await Promise.all([page.waitForURL(/\/admin\/resources\/TermMissingId(\?|$)/, { timeout: 30_000 }), page.click('button[type=submit]')]);
    expect(await db.ds.query(`SELECT term, confidence FROM breeds WHERE id = $1`, [breedId])).toEqual([{ term: 'LBO_0000017', confidence: 'curated' }]);

    await page.goto(`${app.url}/admin/resources/OrphanedRecord/records/${orphanId}/suppress`);
    await page.waitForSelector('[data-testid=suppress-orphan]', { timeout: 30_000 });
    expect(await page.locator('[data-testid=suppress-orphan]').innerText()).toContain('SAMEA990001');
    await shot(page, 'admin-suppress-orphan');

    await page.goto(`${app.url}/admin/resources/User/records/${curator.id}/resetPassword`);
    await page.waitForSelector('input[name=password]', { timeout: 30_000 });
    expect(visit.violations).toEqual([]);
    expect(visit.problems).toEqual([]);
  });

  /** The sidebar with every group opened. */
  async function navigationOf(user: TestUser, address: string): Promise<string> {
    const visit = await openPage(address);
    await logIn(visit, user);
    await visit.page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
    const sidebar = visit.page.locator('[data-css=sidebar]').first();
    for (const group of ['Data', 'Vocabularies', 'Administration']) await sidebar.getByText(group, { exact: true }).click();
    await sidebar.getByText('Samples', { exact: true }).waitFor();
    await shot(visit.page, `navigation-${user.role}`);
    return sidebar.innerText();
  }

  it('shows the admin tools in an admin\'s navigation and not in a curator\'s', async () => {
    const adminNavigation = await navigationOf(admin, '203.0.113.12');
    expect(adminNavigation).toContain('Terms missing ontology ids');
    expect(adminNavigation).toContain('Records left at BioSamples');
    const curatorNavigation = await navigationOf(curator, '203.0.113.15');
    expect(curatorNavigation).toContain('Samples');
    expect(curatorNavigation).not.toContain('Terms missing ontology ids');
    expect(curatorNavigation).not.toContain('Records left at BioSamples');
  });

  it('shows no banner once BioSamples production is configured', async () => {
    overrideConfig((c) => {
      c.biosamples.url = PRODUCTION_BIOSAMPLES_URL;
      c.biosamples.production = true;
    });
    try {
      const visit = await openPage('203.0.113.13');
      await logIn(visit, curator);
      await visit.page.waitForSelector('[data-testid=dashboard]', { timeout: 30_000 });
      await shot(visit.page, 'curator-dashboard-production');
      expect(await visit.page.locator('[data-testid=test-server-banner]').count()).toBe(0);
      expect(await visit.page.content()).not.toContain('TEST SERVER');
      expect(visit.violations).toEqual([]);
    } finally {
      overrideConfig((c) => {
        c.biosamples.url = 'https://wwwdev.ebi.ac.uk/biosamples';
        c.biosamples.production = false;
      });
    }
  });

  it('shows the banner on the login page, and the throttle message after too many failures', async () => {
    const visit = await openPage('203.0.113.14');
    const { page } = visit;
    await page.goto(`${app.url}/admin/login`);
    await page.locator('[data-testid=test-server-banner]').waitFor({ timeout: 30_000 });
    await shot(page, 'login-test-server');
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      await page.fill('input[name=email]', curator.email);
      await page.fill('input[name=password]', `wrong-${i}`);
      await Promise.all([page.waitForLoadState('load'), page.click('form button')]);
      await page.waitForSelector('input[name=password]');
    }
    await page.fill('input[name=email]', curator.email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'), page.click('form button')]);
    expect(answer.status()).toBe(429);
    await page.getByText('Too many failed logins').waitFor({ timeout: 30_000 });
    await shot(page, 'login-throttled');
    expect(await page.locator('body').innerText()).toContain('Too many failed logins for this account or from this address. Try again in 15 minutes.');
    expect(visit.violations).toEqual([]);
  });
});
