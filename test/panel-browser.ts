import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { db } from '../core/db/data-source.js';
import { projectRoot } from '../core/paths.js';
import { closeQueue } from '../jobs/queue.js';
import { startTestWeb, waitFor, type TestWeb } from '../jobs/test-kit.js';
import { startWorker } from '../jobs/worker.js';
import { useTestDatabase } from './database.js';
import { createUser, TEST_PASSWORD, type TestUser } from './factories.js';
import { templateWorkbook, type TemplateContent } from './template-file.js';
import { WebClient } from './web-client.js';

/** Browser tests of the panel: Debian's Chromium driven by playwright-core, screenshots under test-results/. */

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface PanelApp {
  readonly web: TestWeb;
  readonly browser: Browser;
  /** Starts the worker that imports and validates; it stops with the rest. */
  startWorker(): Promise<void>;
}

/**
 * A browser test file's web app and Chromium, on the file's own database (call it instead of
 * useTestDatabase): started before the file's own `beforeAll`, stopped with the worker and the
 * queue before the database is dropped.
 */
export function usePanelApp(): PanelApp {
  let web: TestWeb | undefined;
  let browser: Browser | undefined;
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await web?.close();
    await closeQueue();
  });
  useTestDatabase();
  beforeAll(async () => {
    web = await startTestWeb();
    browser = await launchBrowser();
  }, 180_000);
  return {
    get web() {
      if (!web) throw new Error('the web app has not started');
      return web;
    },
    get browser() {
      if (!browser) throw new Error('the browser has not started');
      return browser;
    },
    startWorker: async () => {
      worker = await startWorker();
    },
  };
}

export interface PanelVisit {
  page: Page;
  /** Page errors and console errors, which a working panel never has. */
  problems: string[];
  /** Requests to anything but the app: the panel works offline. */
  externalRequests: string[];
  shot(name: string): Promise<void>;
}

/** A new browser context logged in through the panel's form, as a curator does. */
export async function openPanel(browser: Browser, baseUrl: string, user: { email: string; password: string }, shotsDir: string): Promise<PanelVisit> {
  const dir = path.join(projectRoot, 'test-results', shotsDir);
  fs.mkdirSync(dir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1800 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const externalRequests: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on('pageerror', (err) => problems.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    const { protocol, host } = new URL(url);
    const sameHost = `${protocol.replace('ws', 'http')}//${host}` === origin;
    if (!sameHost) externalRequests.push(url);
  });
  await logInToPanel(page, baseUrl, user);
  return {
    page,
    problems,
    externalRequests,
    shot: async (name) => {
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
    },
  };
}

/** Logs in through the panel's login form and waits for the dashboard's address. */
export async function logInToPanel(page: Page, baseUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
}

/** Marks the document; `stillSameDocument` is false once the page was reloaded or left. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}

export async function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

/** A curator whose profile gives the IMAGE person and organization fields (validation needs them). */
export async function curatorOfIbba(): Promise<TestUser> {
  await db().query(
    `INSERT INTO organizations (name, address, uri, country_id, role_id)
     SELECT 'IBBA-CNR', 'Via Einstein, Lodi', 'https://www.ibba.cnr.it/', c.id, r.id FROM countries c, roles r
     WHERE c.label = 'Italy' AND r.label = 'submitter' AND NOT EXISTS (SELECT 1 FROM organizations WHERE name = 'IBBA-CNR')`,
  );
  return createUser({ firstName: 'Paolo', lastName: 'Cozzi', organization: 'IBBA-CNR' });
}

/** Uploads a template through the API as `user` and waits until a worker has imported it. */
export async function importTemplate(baseUrl: string, user: TestUser, content: TemplateContent, title = 'Cinta Senese semen'): Promise<number> {
  const client = new WebClient(baseUrl);
  await client.panelLogin(user.email, TEST_PASSWORD);
  const form = new FormData();
  const fields = { title, geneBankName: 'CryoWeb', geneBankCountry: 'Italy', datasourceType: 'template', datasourceVersion: title };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(await templateWorkbook(content))]), 'template_with_example_2019-11.xlsx');
  const res = await fetch(`${baseUrl}/api/submissions`, { method: 'POST', body: form, headers: { cookie: client.cookie } });
  if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: number };
  await waitFor(async () => (await submissionStatus(id)) === 'loaded', () => `submission ${id} to be loaded`, 60_000);
  return id;
}

export async function submissionStatus(id: number): Promise<string> {
  return (await db().query(`SELECT status FROM submissions WHERE id = $1`, [id]))[0]?.status;
}

/** The value of `attribute` on every element `locator` matches, in page order. */
export async function attributesOf(locator: Locator, attribute: string): Promise<(string | null)[]> {
  return locator.evaluateAll((elements, name) => elements.map((e) => e.getAttribute(name)), attribute);
}
