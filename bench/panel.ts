/**
 * Panel and API lists at a million samples (issue 6, "Scale"). Against the database filled by
 * `npm run bench:seed`, with a real web process (`node --import tsx admin/server.ts`), as the curator
 * owning the biggest submission and as an admin: p50/p95 over N requests of the AdminJS Samples list
 * (page 1 and 500, unfiltered and filtered by that submission), GET /api/submissions/:id and
 * GET /api/submissions/:id/samples (page 1 and 500). Each request alternates with a plain indexed SQL
 * query for the same page (the baseline), so both see the same load. Goal: p95 ≤ 150 ms. GET /api/me
 * is measured too, as the floor every request pays (session, login check).
 *
 *   npm run bench:panel [-- --requests 60] [-- --cpu-prof]   (profile of the web process in bench/results/profiles/)
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { projectRoot } from '../core/paths.js';
import { openBenchDatabase } from './bench-database.js';
import { appEnv } from './lib/app-processes.js';
import { freePort } from './lib/scratch-database.js';
import { atMost, fmt, loadNote, machine, measuresTable, resultsDir, table, writeResult, type Measure } from './lib/report.js';
import { BENCH_PASSWORD, benchAdminEmail, benchCuratorEmail } from './seed-plan.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '60' }, warmup: { type: 'string', default: '5' }, 'cpu-prof': { type: 'boolean', default: false } },
});
const REQUESTS = Number(values.requests);
const WARMUP = Number(values.warmup);
if (!(REQUESTS >= 30)) throw new Error('--requests: at least 30');
const GOAL_MS = 150;
/** AdminJS's page size (settings.defaultPerPage in admin/panel/admin.ts) and the API's default. */
const PANEL_PER_PAGE = 20;
const API_PER_PAGE = 50;

interface Case {
  name: string;
  path: string;
  /** The plain SQL that fetches the same rows with the same index (none for the floor). */
  baseline: { sql: string; params: unknown[] }[];
  /** Throws when the answer is not what the page should show. */
  check(body: any): void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface Actor {
  label: 'curator' | 'admin';
  id: number;
  cookie: string;
}

/**
 * `node --import tsx admin/server.ts` on a free port, as `npm run web:dev`; with `profile`, it writes
 * a V8 CPU profile into bench/results/profiles/ when it stops (--cpu-prof is refused in NODE_OPTIONS).
 */
async function startWebProcess(env: Record<string, string>, profile: boolean): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(resultsDir, 'profiles')}`] : []), '--import', 'tsx', 'admin/server.ts'];
  const child = spawn(process.execPath, args, {
    cwd: projectRoot, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 180_000; (await fetch(`${url}/healthz`).catch(() => undefined))?.status !== 200;) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('the web process did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

async function login(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/**
 * A page of samples as plain SQL at its fastest: the page's ids from the index alone, then those
 * rows (`SELECT * … ORDER BY id OFFSET n` reads and drops every row before the page, and may walk
 * the primary key through other curators' rows).
 */
function pageQuery(where: string[], params: unknown[], perPage: number, page: number): { sql: string; params: unknown[] } {
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    sql: `SELECT * FROM samples WHERE id IN (SELECT id FROM samples ${filter} ORDER BY id LIMIT ${perPage} OFFSET ${(page - 1) * perPage}) ORDER BY id`,
    params,
  };
}

function cases(actor: Actor, submission: number): Case[] {
  const scope = actor.label === 'curator' ? ['owner_id = $1'] : [];
  const scoped = actor.label === 'curator' ? [actor.id] : [];
  const panelPage = (page: number, bySubmission: boolean): Case => {
    const where = [...scope, ...(bySubmission ? [`submission_id = $${scope.length + 1}`] : [])];
    const params = [...scoped, ...(bySubmission ? [submission] : [])];
    return {
      name: `panel Samples list${bySubmission ? ' by submission' : ''}, page ${page}`,
      path: `/admin/api/resources/Sample/actions/list?page=${page}${bySubmission ? `&filters.submission=${submission}` : ''}`,
      baseline: [pageQuery(where, params, PANEL_PER_PAGE, page)],
      check: (body) => {
        if (body.records?.length !== PANEL_PER_PAGE || !(body.meta?.total > 0)) throw new Error(`unexpected list answer ${JSON.stringify(body).slice(0, 300)}`);
      },
    };
  };
  const apiPage = (page: number): Case => ({
    name: `GET /api/submissions/:id/samples, page ${page}`,
    path: `/api/submissions/${submission}/samples?page=${page}&perPage=${API_PER_PAGE}`,
    baseline: [pageQuery(['submission_id = $1'], [submission], API_PER_PAGE, page)],
    check: (body) => {
      if (body.items?.length !== API_PER_PAGE || !(body.total > 0)) throw new Error(`unexpected API answer ${JSON.stringify(body).slice(0, 300)}`);
    },
  });
  return [
    {
      name: 'floor: GET /api/me (session and login check only)',
      path: '/api/me',
      baseline: [],
      check: (body) => {
        if (body.id !== actor.id) throw new Error(`unexpected /api/me ${JSON.stringify(body)}`);
      },
    },
    panelPage(1, false), panelPage(500, false), panelPage(1, true), panelPage(500, true),
    {
      name: 'GET /api/submissions/:id',
      path: `/api/submissions/${submission}`,
      baseline: [
        { sql: `SELECT * FROM submissions WHERE id = $1`, params: [submission] },
        { sql: `SELECT status, count(*) FROM animals WHERE submission_id = $1 GROUP BY status`, params: [submission] },
        { sql: `SELECT status, count(*) FROM samples WHERE submission_id = $1 GROUP BY status`, params: [submission] },
      ],
      check: (body) => {
        if (body.id !== submission || !(body.samples?.total > 0)) throw new Error(`unexpected detail ${JSON.stringify(body).slice(0, 300)}`);
      },
    },
    apiPage(1), apiPage(500),
  ];
}

async function timeRequest(url: string, actor: Actor, c: Case): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const res = await fetch(url + c.path, { headers: { cookie: actor.cookie } });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${c.path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) };
}

async function timeBaseline(client: pg.Client, c: Case): Promise<number> {
  const started = performance.now();
  for (const q of c.baseline) await client.query(q.sql, q.params);
  return performance.now() - started;
}

/** What the list's count would cost without the estimate: the exact count @adminjs/typeorm runs on every page. */
async function exactCountMs(client: pg.Client, actor: Actor): Promise<number> {
  const scope = actor.label === 'curator' ? `LEFT JOIN users o ON o.id = s.owner_id WHERE o.id = $1` : '';
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await client.query(`SELECT count(DISTINCT s.id) FROM samples s ${scope}`, actor.label === 'curator' ? [actor.id] : []);
    times.push(performance.now() - started);
  }
  return stats(times).p50;
}

const m = machine();
console.log(`Panel and API lists at scale, ${m.date}, ${loadNote(m)}`);
const bench = await openBenchDatabase();
let web: Awaited<ReturnType<typeof startWebProcess>> | undefined;
const rows = [];
const summary: Measure[] = [];
const exactCounts: Record<string, number> = {};
try {
  const [seeded] = await bench.ds.query(`SELECT (SELECT count(*)::int FROM samples) AS samples, (SELECT id FROM users WHERE email = $1) AS admin,
      (SELECT id FROM users WHERE email = $2) AS curator`, [benchAdminEmail, benchCuratorEmail(0)]);
  if (!seeded.admin) throw new Error('the bench database is not seeded: run npm run bench:seed first');
  const [{ id: submission, n }] = await bench.ds.query(
    `SELECT s.id, (SELECT count(*)::int FROM samples WHERE submission_id = s.id) AS n FROM submissions s WHERE s.owner_id = $1
     ORDER BY n DESC LIMIT 1`, [seeded.curator],
  );
  console.log(`database ${bench.where}: ${seeded.samples.toLocaleString('en-US')} samples; submission ${submission} (${n.toLocaleString('en-US')} samples) of ${benchCuratorEmail(0)}`);
  web = await startWebProcess(appEnv(bench.url, { LOG_LEVEL: 'warn' }), values['cpu-prof']!);
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  const actors: Actor[] = [
    { label: 'curator', id: seeded.curator, cookie: await login(web.url, benchCuratorEmail(0)) },
    { label: 'admin', id: seeded.admin, cookie: await login(web.url, benchAdminEmail) },
  ];
  for (const actor of actors) {
    exactCounts[actor.label] = await exactCountMs(client, actor);
    for (const c of cases(actor, submission)) {
      const app: number[] = [];
      const base: number[] = [];
      let last: any; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const answer = await timeRequest(web.url, actor, c);
        const baseline = await timeBaseline(client, c);
        if (i < WARMUP) continue;
        app.push(answer.ms);
        base.push(baseline);
        last = answer.body;
      }
      c.check(last);
      const a = stats(app);
      const b = c.baseline.length ? stats(base) : undefined;
      const total = last.meta?.total ?? last.total ?? last.samples?.total;
      const estimate = last.meta?.totalIsEstimate ?? last.totalIsEstimate ?? false;
      rows.push({
        actor: actor.label, case: c.name, p50: fmt(a.p50), p95: fmt(a.p95), max: fmt(a.max), 'sql p50': b ? fmt(b.p50) : '', 'sql p95': b ? fmt(b.p95) : '',
        'ratio p50': b ? fmt(a.p50 / b.p50) : '', 'ratio p95': b ? fmt(a.p95 / b.p95) : '', total: total === undefined ? '' : `${estimate ? '~' : ''}${total}`,
      });
      if (b) summary.push(atMost(`${actor.label}: ${c.name}, p95`, a.p95, GOAL_MS, 'ms', `≤ ${GOAL_MS} ms`));
      console.log(`${actor.label.padEnd(7)} ${c.name.padEnd(50)} p50 ${fmt(a.p50).padStart(6)} ms  p95 ${fmt(a.p95).padStart(6)} ms${b ? `  (sql ${fmt(b.p50)} / ${fmt(b.p95)} ms)` : ''}`);
    }
  }
  await client.end();
} finally {
  await web?.stop();
  await bench.close();
}

console.log(`\n${table(rows)}\n\nexact count of the unfiltered Samples list as @adminjs/typeorm would run it on every page (p50 of 5): ` +
  `curator ${fmt(exactCounts.curator)} ms, admin ${fmt(exactCounts.admin)} ms\n\n${measuresTable(summary)}`);
writeResult({ bench: 'panel', machine: m, summary, requests: REQUESTS, rows, exactCountMs: exactCounts });
