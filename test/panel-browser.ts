import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../core/paths.js';

/** Browser tests of the panel: Debian's Chromium driven by playwright-core, screenshots under test-results/. */

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
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
  await page.goto(`${baseUrl}/admin/login`);
  await page.fill('input[name=email]', user.email);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(`${baseUrl}/admin`), page.click('form button')]);
  return {
    page,
    problems,
    externalRequests,
    shot: async (name) => {
      await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
    },
  };
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
