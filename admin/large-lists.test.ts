import { beforeAll, describe, expect, it } from '@jest/globals';
import { createSubmission, createUser, ensureBreed, TEST_PASSWORD, type TestUser } from '../test/factories.js';
import { launchBrowser, openPanel } from '../test/panel-browser.js';
import { useTestApp, WebClient } from '../test/web-client.js';
import { ensureAdminBundle } from './panel/bundle.js';

/**
 * Lists above 100,000 rows (API.md "Lists"): the panel and the API say "about n" rather than count
 * every row on every page, count exactly below, and show the right rows on deep pages.
 */
const { db, app } = useTestApp();
let big: TestUser;
let small: TestUser;
let bigPanel: WebClient;
let smallPanel: WebClient;
let adminPanel: WebClient;
/** 120,000 samples of `big`, then 30 of `small`, then 15,000 more of `big` (ids interleave). */
let large: number;
let other: number;
let later: number;

async function fill(owner: number, submission: number, samples: number, prefix: string): Promise<void> {
  const breed = await ensureBreed('Large White', 'Sus scrofa', 'Italy');
  await db.ds.query(
    `INSERT INTO animals (name, submission_id, owner_id, breed_id) SELECT $4 || 'A' || n, $1, $2, $3 FROM generate_series(1, 100) n`,
    [submission, owner, breed, prefix],
  );
  await db.ds.query(
    `INSERT INTO samples (name, submission_id, owner_id, animal_id, status)
     SELECT $3 || lpad(n::text, 6, '0'), $1, $2, (SELECT min(id) FROM animals WHERE submission_id = $1) + n % 100,
            CASE WHEN n % 10 = 0 THEN 'need_revision' ELSE 'loaded' END
     FROM generate_series(1, $4::int) n`,
    [submission, owner, prefix, samples],
  );
}

beforeAll(async () => {
  let admin: TestUser;
  [big, small, admin] = await Promise.all([createUser(), createUser(), createUser({ role: 'admin' })]);
  [large, other, later] = [(await createSubmission(big.id)).id, (await createSubmission(small.id)).id, (await createSubmission(big.id)).id];
  await fill(big.id, large, 120_000, 'S');
  await fill(small.id, other, 30, 'O');
  await fill(big.id, later, 15_000, 'L');
  // As autovacuum would after such an import: statistics, and the visibility map for index-only counts.
  await db.ds.query(`VACUUM ANALYZE samples`);
  await db.ds.query(`VACUUM ANALYZE animals`);
  [bigPanel, smallPanel, adminPanel] = [new WebClient(app.url), new WebClient(app.url), new WebClient(app.url)];
  await bigPanel.panelLogin(big.email, TEST_PASSWORD);
  await smallPanel.panelLogin(small.email, TEST_PASSWORD);
  await adminPanel.panelLogin(admin.email, TEST_PASSWORD);
}, 180_000);

const list = async (client: WebClient, query: string) => (await client.get(`/admin/api/resources/Sample/actions/list?${query}`)).json;
const ids = (records: { params: { id: number } }[]) => records.map((r) => r.params.id);
const sqlIds = async (where: string, params: unknown[], offset: number, limit: number): Promise<number[]> =>
  (await db.ds.query(`SELECT id FROM samples WHERE ${where} ORDER BY id OFFSET ${offset} LIMIT ${limit}`, params)).map((r: { id: number }) => r.id);

describe('the panel Samples list above 100,000 rows', () => {
  it("gives a curator with 135,000 samples an estimate, flagged, and the other curator's 30 exactly", async () => {
    const mine = await list(bigPanel, 'page=1');
    expect(mine.meta.totalIsEstimate).toBe(true);
    expect(mine.meta.total).toBeGreaterThan(100_000);
    expect(Math.abs(mine.meta.total - 135_000)).toBeLessThan(13_500);
    const theirs = await list(smallPanel, 'page=1');
    expect(theirs.meta.total).toBe(30);
    expect(theirs.meta).not.toHaveProperty('totalIsEstimate');
    expect(ids(theirs.records)).toEqual(await sqlIds('owner_id = $1', [small.id], 0, 20));
  });

  it("shows page 500 as the curator's 9,981st to 10,000th samples in id order, and page 6,001 across the other curator's rows", async () => {
    expect(ids((await list(bigPanel, 'page=500')).records)).toEqual(await sqlIds('owner_id = $1', [big.id], 9_980, 20));
    expect(ids((await list(bigPanel, 'page=6001')).records)).toEqual(await sqlIds('owner_id = $1', [big.id], 120_000, 20));
  });

  it('counts a submission of 120,000 samples as an estimate and 12,000 of its samples that need revision exactly', async () => {
    const all = await list(bigPanel, `filters.submission=${large}&page=500`);
    expect(all.meta).toMatchObject({ totalIsEstimate: true });
    expect(Math.abs(all.meta.total - 120_000)).toBeLessThan(12_000);
    expect(ids(all.records)).toEqual(await sqlIds('submission_id = $1', [large], 9_980, 20));
    const needRevision = await list(bigPanel, `filters.submission=${large}&filters.status=need_revision`);
    expect(needRevision.meta.total).toBe(12_000);
    expect(needRevision.meta).not.toHaveProperty('totalIsEstimate');
  });

  it("tells a curator filtering on another curator's large submission nothing: no rows, a count of 0", async () => {
    const res = await list(smallPanel, `filters.submission=${large}`);
    expect(res.records).toEqual([]);
    expect(res.meta.total).toBe(0);
    expect(res.meta).not.toHaveProperty('totalIsEstimate');
  });

  it('gives an admin every curator’s samples, estimated', async () => {
    const res = await list(adminPanel, 'page=3');
    expect(res.meta.totalIsEstimate).toBe(true);
    expect(Math.abs(res.meta.total - 135_030)).toBeLessThan(13_500);
    expect(ids(res.records)).toEqual(await sqlIds('true', [], 40, 20));
  });
});

describe('the API lists above 100,000 rows', () => {
  it('flags the total of a 120,000-sample submission as an estimate and pages it by id', async () => {
    const res = await bigPanel.get(`/api/submissions/${large}/samples?page=500&perPage=50`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ page: 500, perPage: 50, totalIsEstimate: true });
    expect(Math.abs(res.json.total - 120_000)).toBeLessThan(12_000);
    expect(res.json.items.map((s: { name: string }) => s.name)).toEqual(Array.from({ length: 50 }, (_, i) => `S${String(24_951 + i).padStart(6, '0')}`));
  });

  it('counts a 15,000-sample submission exactly, without the flag', async () => {
    const res = await bigPanel.get(`/api/submissions/${later}/samples?perPage=10&status=need_revision`);
    expect(res.json.total).toBe(1_500);
    const all = await bigPanel.get(`/api/submissions/${later}/samples?perPage=10`);
    expect(all.json.total).toBe(15_000);
    expect(all.json).not.toHaveProperty('totalIsEstimate');
  });

  it("counts a big submission's samples by status exactly in GET /api/submissions/:id", async () => {
    const res = await bigPanel.get(`/api/submissions/${large}`);
    expect(res.json.samples).toEqual({ total: 120_000, byStatus: { loaded: 108_000, need_revision: 12_000 } });
    expect(res.json.animals).toEqual({ total: 100, byStatus: { loaded: 100 } });
  });
});

describe('the panel page of a list above 100,000 rows', () => {
  it('says "about" in the count badge of an estimated total, and gives small totals as they are', async () => {
    await ensureAdminBundle();
    const browser = await launchBrowser();
    try {
      const mine = await openPanel(browser, app.url, { email: big.email, password: TEST_PASSWORD }, 'large-lists');
      await mine.page.goto(`${app.url}/admin/resources/Sample`);
      const badge = mine.page.getByText(/^about \d{3},\d{3}$/);
      await badge.waitFor({ timeout: 30_000 });
      const shown = Number((await badge.textContent())!.replace(/\D/g, ''));
      expect(Math.abs(shown - 135_000)).toBeLessThan(13_500);
      await mine.shot('curator-135000-samples');
      const theirs = await openPanel(browser, app.url, { email: small.email, password: TEST_PASSWORD }, 'large-lists');
      await theirs.page.goto(`${app.url}/admin/resources/Sample`);
      await theirs.page.getByText(/^30$/).first().waitFor({ timeout: 30_000 });
      expect(await theirs.page.getByText(/^about /).count()).toBe(0);
      expect([...mine.problems, ...theirs.problems]).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
