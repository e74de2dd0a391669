import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createSubmission, createToken, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { useTestApp, WebClient } from '../../test/web-client.js';
import { downloadName, downloadType } from './files.js';

const { app } = useTestApp();
let owner: TestUser;
let admin: TestUser;
let other: TestUser;

beforeAll(async () => {
  [owner, admin, other] = await Promise.all([createUser(), createUser({ role: 'admin' }), createUser()]);
});

async function as(user: TestUser): Promise<WebClient> {
  const client = new WebClient(app.url);
  expect((await client.post('/api/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  return client;
}

/** The raw bytes (WebClient decodes text). */
async function download(client: WebClient, id: number): Promise<{ res: Response; bytes: Buffer }> {
  const headers: Record<string, string> = client.cookie ? { cookie: client.cookie } : {};
  if (client.bearer) headers.authorization = `Bearer ${client.bearer}`;
  const res = await fetch(`${app.url}/api/submissions/${id}/file`, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every byte value, and more than one read chunk (1 MB) so chunk boundaries are crossed. */
const content = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), crypto.randomBytes(2.5 * 1024 * 1024)]);

describe('GET /api/submissions/:id/file', () => {
  it('gives the owner their file as an attachment, byte for byte, with its stored type', async () => {
    const s = await createSubmission(owner.id, { file: { name: 'Genebank 2024 ünïcødé.xlsx', content, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
    const { res, bytes } = await download(await as(owner), s.id);
    expect(res.status).toBe(200);
    expect(bytes.equals(content)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-length')).toBe(String(content.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Genebank 2024 ?n?c?d?.xlsx"; filename*=UTF-8''Genebank%202024%20%C3%BCn%C3%AFc%C3%B8d%C3%A9.xlsx`,
    );
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });

  it('gives it to an admin as well, and to the owner through an API token', async () => {
    const s = await createSubmission(owner.id, { file: { name: 'data.csv', content: Buffer.from('a;b\n1;2\n'), mimeType: 'text/csv' } });
    const fromAdmin = await download(await as(admin), s.id);
    expect(fromAdmin.res.status).toBe(200);
    expect(fromAdmin.bytes.toString()).toBe('a;b\n1;2\n');
    expect(fromAdmin.res.headers.get('content-type')).toBe('text/csv');
    const script = new WebClient(app.url);
    script.bearer = (await createToken(owner.id)).token;
    expect((await download(script, s.id)).res.status).toBe(200);
  });

  it('answers 404 to another curator, exactly as for a submission that does not exist, and 401 to nobody', async () => {
    const s = await createSubmission(owner.id, { file: { name: 'secret-genebank.csv', content: Buffer.from('secret data') } });
    const theirs = await download(await as(other), s.id);
    const missing = await download(await as(other), 2_147_483_000);
    expect(theirs.res.status).toBe(404);
    expect(missing.res.status).toBe(404);
    expect(JSON.parse(theirs.bytes.toString())).toEqual(JSON.parse(missing.bytes.toString()));
    expect(theirs.bytes.toString()).not.toContain('secret');
    expect(theirs.res.headers.get('content-disposition')).toBeNull();
    const anonymous = await download(new WebClient(app.url), s.id);
    expect(anonymous.res.status).toBe(401);
    expect(anonymous.bytes.toString()).not.toContain('secret');
  });

  it('answers 404 for a submission without a file', async () => {
    const s = await createSubmission(owner.id);
    expect((await download(await as(owner), s.id)).res.status).toBe(404);
  });

  it('never sends a type a browser would run: an upload claiming text/html comes back as plain bytes', async () => {
    const s = await createSubmission(owner.id, { file: { name: 'page.html', content: Buffer.from('<script>alert(1)</script>'), mimeType: 'text/html' } });
    const { res } = await download(await as(owner), s.id);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=page.html');
  });

  it('sends back a file uploaded through the API under its own name, whatever folders the name claimed', async () => {
    const owners = await as(owner);
    const form = new FormData();
    const csv = 'ID_ANIMAL;SPECIES\nA1;Sus scrofa\n';
    form.append('title', `Upload ${crypto.randomUUID()}`);
    form.append('geneBankName', 'Genebank');
    form.append('geneBankCountry', 'Italy');
    form.append('datasourceType', 'crbanim');
    form.append('datasourceVersion', '1.0');
    form.append('file', new Blob([csv], { type: 'text/csv' }), '../../etc/crb "anim".csv');
    const created = await fetch(`${app.url}/api/submissions`, { method: 'POST', body: form, headers: { cookie: owners.cookie } });
    expect(created.status).toBe(202);
    const { id } = await created.json();
    const { res, bytes } = await download(owners, id);
    expect(res.status).toBe(200);
    expect(bytes.toString()).toBe(csv);
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="crb anim\.csv"$/);
  });
});

describe('download names and types', () => {
  it('keeps the last part of a name, without control characters, quotes or leading dots', () => {
    expect(downloadName('..\\..\\windows\\evil.xlsx')).toBe('evil.xlsx');
    expect(downloadName('/etc/passwd')).toBe('passwd');
    expect(downloadName('.htaccess')).toBe('htaccess');
    expect(downloadName('a\r\nSet-Cookie: x=1.csv')).toBe('aSet-Cookie: x=1.csv');
    expect(downloadName('say "hi".csv')).toBe('say hi.csv');
    expect(downloadName('../')).toBe('upload');
    expect(downloadName('x'.repeat(300))).toHaveLength(200);
  });

  it('keeps a well-formed stored type and replaces odd or active ones by application/octet-stream', () => {
    expect(downloadType('text/csv')).toBe('text/csv');
    expect(downloadType('application/sql')).toBe('application/sql');
    for (const active of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'application/xml', 'TEXT/HTML', 'multipart/mixed']) {
      expect(downloadType(active)).toBe('application/octet-stream');
    }
    for (const odd of ['', 'csv', 'text/csv\r\nX-Evil: 1', 'text/csv; charset=utf-8']) expect(downloadType(odd)).toBe('application/octet-stream');
  });
});
