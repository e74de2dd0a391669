/**
 * Scaling out (ARCHITECTURE.md): two web processes and two workers, each its own OS process, on one
 * database. Ten submissions uploaded through both web processes are each imported once and
 * validated once, and a socket connected to either web process hears about its own submissions,
 * whichever process published the event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket as ClientSocket } from 'socket.io-client';
import { ensureAdminBundle } from '../admin/panel/bundle.js';
import { projectRoot } from '../core/paths.js';
import { useTestDatabase } from '../test/database.js';
import { createUser, type TestUser } from '../test/factories.js';
import { freePort } from '../test/global-setup.js';
import { pigAnimal, pigSample, templateWorkbook, type TemplateContent } from '../test/template-file.js';
import {
  closeSockets, connectSocket, killChildren, login, recordEvents, spawnJobProcess, subscribe, waitFor, type ChildRun, type TestWeb,
} from './test-kit.js';

const SUBMISSIONS = 10;
const ANIMALS = 20;
const SAMPLES_PER_ANIMAL = 3;
const COMMON_ENV = { SECRET_KEY: 'two-of-everything-secret-key-0123456789abcdef', ONTOLOGY_ONLINE: 'false', LOG_LEVEL: 'info' };

interface WebRun extends TestWeb {
  child: ChildProcess;
  output(): string;
}

const webs: WebRun[] = [];
let workers: ChildRun[] = [];
afterAll(async () => {
  closeSockets();
  await killChildren();
  await Promise.all(webs.map((w) => w.close()));
});
const db = useTestDatabase();

/** `node --import tsx admin/server.ts`, as `npm run web:dev` runs it; resolves once /healthz answers 200. */
async function spawnWeb(): Promise<WebRun> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'admin/server.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...COMMON_ENV, NODE_OPTIONS: '', DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const web: WebRun = {
    url, child, output: () => output,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  webs.push(web);
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`the web process exited: ${output}`);
    return (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200;
  }, () => `the web process on port ${port} (output: ${output.slice(-2000)})`, 90_000);
  return web;
}

/** Boars and their semen, valid; in every other submission the first animal is a sow, and semen from a sow is an error. */
function template(i: number): TemplateContent {
  const animals = Array.from({ length: ANIMALS }, (_, a) =>
    pigAnimal(`B${i}-A${a}`, { Sex: i % 2 === 1 && a === 0 ? 'female' : 'male', 'Alternative animal ID': `HB-${i}-${a}` }));
  const samples = Array.from({ length: ANIMALS * SAMPLES_PER_ANIMAL }, (_, s) =>
    pigSample(`B${i}-S${s}`, `B${i}-A${s % ANIMALS}`, { 'Alternative sample ID': `STRAW-${i}-${s}` }));
  return { breed: [{ 'Supplied breed': 'Large White', 'EFABIS Breed country': 'Italy', Species: 'Pig' }], animal: animals, sample: samples };
}

async function upload(web: WebRun, cookie: string, i: number): Promise<number> {
  const form = new FormData();
  const fields = { title: `Bank ${i}`, description: 'Two of everything', geneBankName: `Bank ${i}`, geneBankCountry: 'Italy', datasourceType: 'template', datasourceVersion: `v${i}` };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(await templateWorkbook(template(i)))]), `bank-${i}.xlsx`);
  const res = await fetch(`${web.url}/api/submissions`, { method: 'POST', headers: { cookie }, body: form });
  const body = await res.json();
  if (res.status !== 202) throw new Error(`upload ${i} refused: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

const statuses = async (ids: number[]): Promise<Map<number, string>> =>
  new Map((await db.ds.query(`SELECT id, status FROM submissions WHERE id = ANY($1)`, [ids])).map((r: { id: number; status: string }) => [r.id, r.status]));

/** `job started` lines of both workers' logs, as [job, submissionId, pid]. */
function jobRuns(): { job: string; submissionId: number; pid: number }[] {
  return workers.flatMap((w) => w.output().split('\n').filter((l) => l.includes('"msg":"job started"')).map((l) => {
    const line = JSON.parse(l) as { job: string; submissionId: number; pid: number };
    return { job: line.job, submissionId: line.submissionId, pid: line.pid };
  }));
}

describe('two web processes and two workers on one database', () => {
  let curators: TestUser[];
  let cookies: string[];
  let sockets: ClientSocket[];
  let heard: { event: string; payload: unknown }[][];
  /** Submission i belongs to curator i % 2 and was uploaded through web process (i >> 1) % 2. */
  const ids: number[] = [];
  const ownerOf = (i: number) => i % 2;

  beforeAll(async () => {
    // Built here first when stale, so the two web processes do not both write it at once.
    await ensureAdminBundle();
    await Promise.all([spawnWeb(), spawnWeb()]);
    await waitFor(async () => {
      const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'injecttool-socket.io' AND query LIKE 'LISTEN%'`);
      return n >= 2;
    }, "both web processes' Socket.IO adapters to listen");
    curators = await Promise.all([createUser({ organization: 'IBBA-CNR' }), createUser({ organization: 'IBBA-CNR' })]);
    // One login (through web process 0) opens a session both web processes know.
    cookies = await Promise.all(curators.map((c) => login(webs[0], c)));
    // Curator 0 listens on web process 1 and curator 1 on web process 0.
    sockets = await Promise.all(curators.map((_, c) => connectSocket(webs[1 - c], { cookie: cookies[c] })));
    heard = sockets.map((s) => recordEvents(s));
  }, 150_000);

  it('imports ten submissions uploaded through both web processes exactly once each, and the owners hear each one loaded', async () => {
    for (let i = 0; i < SUBMISSIONS; i++) ids.push(await upload(webs[(i >> 1) % 2], cookies[ownerOf(i)], i));
    // Subscribed before any worker runs, so no event can come before its listener.
    for (const [i, id] of ids.entries()) expect(await subscribe(sockets[ownerOf(i)], id)).toEqual({ ok: true });
    workers = [spawnJobProcess('worker', db.url, COMMON_ENV), spawnJobProcess('worker', db.url, COMMON_ENV)];

    await waitFor(async () => [...(await statuses(ids)).values()].every((s) => s !== 'waiting'),
      () => `the imports (workers: ${workers.map((w) => w.output().slice(-1500)).join('\n---\n')})`, 90_000);
    expect([...(await statuses(ids)).values()]).toEqual(Array(SUBMISSIONS).fill('loaded'));
    const counts = await db.ds.query(
      `SELECT s.id, (SELECT count(*)::int FROM animals a WHERE a.submission_id = s.id) AS animals,
              (SELECT count(*)::int FROM samples x WHERE x.submission_id = s.id) AS samples
       FROM submissions s WHERE s.id = ANY($1) ORDER BY s.id`, [ids]);
    expect(counts).toEqual(ids.map((id) => ({ id, animals: ANIMALS, samples: ANIMALS * SAMPLES_PER_ANIMAL })));
    const imports = jobRuns().filter((r) => r.job === 'import-submission');
    expect(imports.map((r) => r.submissionId).sort((a, b) => a - b)).toEqual(ids);
    const [{ n: importJobs }] = await db.ds.query(
      `SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'import-submission' AND (data->>'submissionId')::int = ANY($1)`, [ids]);
    expect(importJobs).toBe(SUBMISSIONS);
    await waitFor(() => ids.every((id, i) => statusEvents(heard[ownerOf(i)], id).includes('loaded')), 'the loaded events');
  }, 120_000);

  it('validates the ten at once, each exactly once, and each owner hears waiting then the outcome on the other web process', async () => {
    // Each validation goes through the web process the owner's socket is not connected to.
    const answers = await Promise.all(ids.map((id, i) =>
      fetch(`${webs[ownerOf(i)].url}/api/submissions/${id}/validate`, { method: 'POST', headers: { cookie: cookies[ownerOf(i)] } })));
    expect(answers.map((a) => a.status)).toEqual(Array(SUBMISSIONS).fill(202));
    const expected = ids.map((_, i) => (i % 2 === 1 ? 'need_revision' : 'ready'));

    await waitFor(async () => [...(await statuses(ids)).values()].every((s) => s !== 'waiting'),
      () => `the validations (workers: ${workers.map((w) => w.output().slice(-1500)).join('\n---\n')})`, 90_000);
    const final = await statuses(ids);
    expect(ids.map((id) => final.get(id))).toEqual(expected);
    const validations = jobRuns().filter((r) => r.job === 'validate-submission');
    expect(validations.map((r) => r.submissionId).sort((a, b) => a - b)).toEqual(ids);
    const [{ n: results }] = await db.ds.query(
      `SELECT count(*)::int AS n FROM validation_results WHERE submission_id = ANY($1)`, [ids]);
    expect(results).toBe(SUBMISSIONS * ANIMALS * (1 + SAMPLES_PER_ANIMAL));
    // Both workers took part: the jobs were shared, not merely survived.
    expect(new Set(jobRuns().map((r) => r.pid)).size).toBe(2);

    await waitFor(() => ids.every((id, i) => statusEvents(heard[ownerOf(i)], id).includes(expected[i])), 'the outcome events');
    for (const [i, id] of ids.entries()) {
      expect(statusEvents(heard[ownerOf(i)], id)).toEqual(['loaded', 'waiting', expected[i]]);
      expect(statusEvents(heard[1 - ownerOf(i)], id)).toEqual([]);
    }
  }, 120_000);
});

function statusEvents(received: { event: string; payload: unknown }[], id: number): string[] {
  return received.filter((e) => e.event === 'submission:status' && (e.payload as { id: number }).id === id)
    .map((e) => (e.payload as { status: string }).status);
}
