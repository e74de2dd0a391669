import { beforeAll, describe, expect, it } from '@jest/globals';
import { createSubmission, createToken, createUser, type TestUser } from '../../test/factories.js';
import { useTestApp } from '../../test/web-client.js';
import { templateWorkbook, twoPigs } from '../../test/template-file.js';
import { config, overrideConfig } from '../../core/config.js';
import { startWorker } from '../../jobs/worker.js';

const { db, app } = useTestApp();
let curator: TestUser;
let other: TestUser;
const tokens = new Map<number, string>();
let xlsx: Buffer;

beforeAll(async () => {
  [curator, other] = await Promise.all([createUser({ organization: 'IBBA-CNR' }), createUser()]);
  for (const u of [curator, other]) tokens.set(u.id, (await createToken(u.id)).token);
  xlsx = await templateWorkbook(twoPigs);
});

let versions = 0;
const fields = (over: Record<string, string> = {}) => ({
  title: 'Pigs of Italy', description: 'Semen bank', geneBankName: 'Bank', geneBankCountry: 'Italy',
  datasourceType: 'template', datasourceVersion: `v${++versions}`, ...over,
});

async function send(user: TestUser, method: string, path: string, form?: Record<string, string>, file?: { name: string; content: Buffer }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(form ?? {})) body.append(k, v);
  if (file) body.append('file', new Blob([new Uint8Array(file.content)]), file.name);
  const res = await fetch(app.url + path, { method, headers: { authorization: `Bearer ${tokens.get(user.id)}` }, body: form || file ? body : undefined });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const upload = (user: TestUser, form: Record<string, string>, file = { name: 'pigs.xlsx', content: xlsx }) =>
  send(user, 'POST', '/api/submissions', form, file);

const row = async (id: number) => (await db.ds.query(
  `SELECT s.status, s.message, s.title, s.organization_id, o.name AS organization, f.name AS file_name, f.size, f.content
   FROM submissions s LEFT JOIN uploaded_files f ON f.id = s.file_id LEFT JOIN organizations o ON o.id = s.organization_id WHERE s.id = $1`,
  [id],
))[0];

const importJobs = async (id: number): Promise<number> => (await db.ds.query(
  `SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'import-submission' AND (data->>'submissionId')::int = $1`, [id],
))[0].n;

const submissionCount = async (): Promise<number> => (await db.ds.query(`SELECT count(*)::int AS n FROM submissions`))[0].n;

async function untilStatus(id: number, statuses: string[], timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await row(id);
    if (statuses.includes(status)) return status;
    if (Date.now() > deadline) throw new Error(`submission ${id} still ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST /api/submissions', () => {
  it('answers 202 waiting, stores the file, enqueues the import, and a worker loads it', async () => {
    const res = await upload(curator, fields());
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: expect.any(Number), status: 'waiting' });
    const id = res.json.id;
    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'waiting', title: 'Pigs of Italy', organization: 'IBBA-CNR', file_name: 'pigs.xlsx' });
    expect(Buffer.compare(stored.content, xlsx)).toBe(0);
    expect(Number(stored.size)).toBe(xlsx.length);
    expect(await importJobs(id)).toBe(1);
    const worker = await startWorker();
    try {
      expect(await untilStatus(id, ['loaded', 'error'])).toBe('loaded');
    } finally {
      await worker.stop();
    }
    expect((await row(id)).message).toBe('2 animals and 2 samples imported');
    const animals = await send(curator, 'GET', `/api/submissions/${id}/animals`);
    expect(animals.json.items.map((a: { name: string; mother: { name: string } | null }) => [a.name, a.mother?.name ?? null]))
      .toEqual([['piglet', 'sow'], ['sow', null]]);
  });

  it('refuses a file over MAX_UPLOAD_MB with 413 and creates nothing', async () => {
    const limit = config().limits.maxUploadBytes;
    overrideConfig((c) => { c.limits.maxUploadBytes = 1024; });
    try {
      const before = await submissionCount();
      const res = await upload(curator, fields(), { name: 'big.xlsx', content: Buffer.alloc(4096, 1) });
      expect(res.status).toBe(413);
      expect(res.json).toMatchObject({ error: 'upload_too_large', message: expect.stringContaining('MAX_UPLOAD_MB') });
      expect(await submissionCount()).toBe(before);
    } finally {
      overrideConfig((c) => { c.limits.maxUploadBytes = limit; });
    }
  });

  it('refuses with 415 a file that cannot be of the data source type, and creates nothing', async () => {
    const before = await submissionCount();
    const csv = await upload(curator, fields(), { name: 'data.xlsx', content: Buffer.from('animal_ID;sex\nA1;male\n') });
    expect(csv.status).toBe(415);
    expect(csv.json).toMatchObject({ error: 'unsupported_file_type', message: "'data.xlsx' is not an xlsx file: it is a text file (CSV or SQL?)." });
    const zip = await upload(curator, fields({ datasourceType: 'crbanim' }), { name: 'crb.csv', content: xlsx });
    expect(zip.status).toBe(415);
    expect(zip.json.message).toBe("'crb.csv' is not a CSV file: it is a zip archive.");
    const pdf = await upload(curator, fields({ datasourceType: 'cryoweb' }), { name: 'dump.sql', content: Buffer.from('%PDF-1.4\n...') });
    expect(pdf.status).toBe(415);
    expect(await submissionCount()).toBe(before);
  });

  it('refuses a second submission with the same key with 422, and an unknown country', async () => {
    const f = fields();
    expect((await upload(curator, f)).status).toBe(202);
    const again = await upload(curator, f);
    expect(again.status).toBe(422);
    expect(again.json).toMatchObject({ error: 'duplicate_submission', message: expect.stringContaining("gene bank 'Bank' (Italy) with template version") });
    expect((await upload(other, f)).status).toBe(202);
    const country = await upload(curator, fields({ geneBankCountry: 'Atlantis' }));
    expect(country.status).toBe(422);
    expect(country.json).toMatchObject({ error: 'unknown_country', details: [{ field: 'geneBankCountry', message: expect.any(String) }] });
  });

  it('answers 400 without a file or without a title', async () => {
    const noFile = await send(curator, 'POST', '/api/submissions', fields());
    expect(noFile.status).toBe(400);
    expect(noFile.json.error).toBe('file_required');
    const { title: _title, ...untitled } = fields();
    const noTitle = await upload(curator, untitled);
    expect(noTitle.status).toBe(400);
    expect(noTitle.json.details).toEqual([expect.objectContaining({ field: 'title' })]);
  });
});

describe('reload and delete', () => {
  it('refuse with 409 while the submission is waiting', async () => {
    const { id } = await createSubmission(curator.id, { status: 'waiting' });
    const reload = await send(curator, 'POST', `/api/submissions/${id}/reload`, {}, { name: 'pigs.xlsx', content: xlsx });
    expect(reload.status).toBe(409);
    expect(reload.json.error).toBe('busy');
    const del = await send(curator, 'DELETE', `/api/submissions/${id}`);
    expect(del.status).toBe(409);
    expect((await row(id)).status).toBe('waiting');
  });

  it("answer 404 for another curator's submission", async () => {
    const { id } = await createSubmission(other.id, { status: 'loaded' });
    expect((await send(curator, 'POST', `/api/submissions/${id}/reload`, {}, { name: 'pigs.xlsx', content: xlsx })).status).toBe(404);
    expect((await send(curator, 'DELETE', `/api/submissions/${id}`)).status).toBe(404);
    expect((await row(id)).status).toBe('loaded');
  });

  it('reload replaces the file, goes back to waiting and enqueues the import', async () => {
    const { id } = await createSubmission(curator.id, { status: 'loaded', file: { name: 'old.xlsx', content: Buffer.from('old') } });
    const res = await send(curator, 'POST', `/api/submissions/${id}/reload`, {}, { name: 'new.xlsx', content: xlsx });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id, status: 'waiting' });
    expect(await row(id)).toMatchObject({ status: 'waiting', file_name: 'new.xlsx' });
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM uploaded_files WHERE name = 'old.xlsx' AND owner_id = $1`, [curator.id]))[0].n).toBe(0);
    expect(await importJobs(id)).toBe(1);
  });

  it('delete removes the submission and its records, and answers 204', async () => {
    const { id } = await createSubmission(curator.id, { status: 'error' });
    await db.ds.query(
      `INSERT INTO animals (name, submission_id, owner_id, breed_id)
       VALUES ('a', $1, $2, (SELECT id FROM breeds ORDER BY id LIMIT 1))`,
      [id, curator.id],
    );
    const res = await send(curator, 'DELETE', `/api/submissions/${id}`);
    expect(res.status).toBe(204);
    expect(await db.ds.query(`SELECT id FROM submissions WHERE id = $1`, [id])).toEqual([]);
    expect(await db.ds.query(`SELECT id FROM animals WHERE submission_id = $1`, [id])).toEqual([]);
  });
});
