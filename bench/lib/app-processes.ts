/**
 * The application as the benchmarks run it: the web process and a worker process, each started
 * with `node --import tsx` as `npm run web:dev` / `npm run worker:dev` do, on the scratch database;
 * a curator with a filled profile who logs in through the API; uploads; waiting for a status while
 * sampling the worker's memory and what its database session is doing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '../../core/db/data-source.js';
import { projectRoot } from '../../core/paths.js';
import { createUser } from '../../core/users/accounts.js';
import { workerNodeFlags } from '../../jobs/worker-node-flags.js';
import { freePort } from './scratch-database.js';

export interface AppProcess {
  role: 'web' | 'worker';
  child: ChildProcess;
  pid: number;
  url?: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<AppProcess>();

function kbFromStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.split(/\s+/)[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory now, in MB (undefined once the process is gone). */
export const rssMb = (pid: number): number | undefined => {
  const kb = kbFromStatus(pid, 'VmRSS');
  return kb === undefined ? undefined : kb / 1024;
};

/** Peak resident memory since the process started (the kernel's high-water mark), in MB. */
export const peakRssMb = (pid: number): number | undefined => {
  const kb = kbFromStatus(pid, 'VmHWM');
  return kb === undefined ? undefined : kb / 1024;
};

/** Settings every process of a benchmark shares. */
export function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    SECRET_KEY: 'bench-secret-key-bench-secret-key-0123456789',
    ADMIN_PASSWORD: 'bench-admin-password',
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: '',
    ...extra,
  };
}

function spawnApp(role: 'web' | 'worker', script: string, env: Record<string, string>): { app: AppProcess; exited: Promise<unknown> } {
  const flags = role === 'worker' ? workerNodeFlags : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script], {
    cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const app: AppProcess = {
    role, child, pid: child.pid!, output: () => output,
    stop: async () => {
      running.delete(app);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(app);
  return { app, exited };
}

async function until(check: () => Promise<boolean> | boolean, what: string, app: AppProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (app.child.exitCode !== null) throw new Error(`the ${app.role} process exited while waiting for ${what}:\n${app.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${app.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `node --import tsx admin/server.ts` on a free port; resolves when /healthz answers 200. */
export async function startWeb(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const { app } = spawnApp('web', 'admin/server.ts', { ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}` });
  app.url = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${app.url}/healthz`).catch(() => undefined))?.status === 200, 'the web server', app, 180_000);
  return app;
}

/** `node --no-allocation-site-pretenuring --import tsx jobs/worker.ts`; resolves once it logged "worker started". */
export async function startWorker(env: Record<string, string>): Promise<AppProcess> {
  const { app } = spawnApp('worker', 'jobs/worker.ts', env);
  await until(() => app.output().includes('"msg":"worker started"'), 'the worker', app, 120_000);
  return app;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((a) => a.stop()));
}

export interface Curator {
  id: number;
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  initials: string;
  organization: string;
  organizationCountry: string;
}

/** A curator whose profile is filled (names, initials, person role, organization IBBA-CNR, seeded). */
export async function createCurator(label: string): Promise<Curator> {
  const curator = {
    email: `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now().toString(36)}@bench.example.org`,
    password: 'bench-curator-password',
    firstName: 'Paolo',
    lastName: 'Cozzi',
    initials: 'P',
    organization: 'IBBA-CNR',
    organizationCountry: 'Italy',
  };
  const id = await createUser({
    email: curator.email, password: curator.password, role: 'curator', firstName: curator.firstName, lastName: curator.lastName,
    initials: curator.initials, personRole: 'submitter', organization: curator.organization,
  });
  return { id, ...curator };
}

/** A logged-in API session (the panel's cookie). */
export class ApiSession {
  private constructor(readonly baseUrl: string, private readonly cookie: string) {}

  static async login(baseUrl: string, curator: Curator): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: curator.email, password: curator.password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return new ApiSession(baseUrl, res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '));
  }

  async request(method: string, route: string, body?: FormData | object): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const headers: Record<string, string> = { cookie: this.cookie };
    let payload: FormData | string | undefined;
    if (body instanceof FormData) payload = body;
    else if (body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + route, { method, headers, body: payload });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json };
  }

  /** POST /api/submissions with the file; returns the new submission's id. */
  async upload(file: string, fields: { title: string; description?: string; geneBankName: string; geneBankCountry: string; datasourceVersion: string }): Promise<number> {
    const form = new FormData();
    for (const [k, v] of Object.entries({ description: '', datasourceType: 'template', ...fields })) form.append(k, v);
    form.append('file', await fs.openAsBlob(file, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), path.basename(file));
    const res = await this.request('POST', '/api/submissions', form);
    if (res.status !== 202) throw new Error(`upload refused: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json.id;
  }
}

export interface Watched {
  status: string;
  message: string;
  seconds: number;
  /** The worker's resident memory every sample, in MB. */
  rssTimeline: { t: number; mb: number }[];
  /** Share of samples in which the worker's database session ran each kind of statement (active, by its first words). */
  databaseTime: { statement: string; seconds: number }[];
  /** When the parse reported reading all of the file (import progress at its total), seconds from the start. */
  fileReadAt?: number;
}

const SAMPLE_MS = 100;

/** The first words of a statement, enough to tell the importer's steps apart. */
function statementKind(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  const create = /^CREATE TEMP TABLE (\w+)/.exec(flat);
  if (create) return `CREATE TEMP TABLE ${create[1]} …`;
  const words = flat.split(' ');
  const cut = /^(WITH|INSERT|UPDATE|DELETE)/i.test(flat) ? 8 : 5;
  return words.slice(0, cut).join(' ').slice(0, 90);
}

/**
 * Waits until submission `id` leaves `waiting` (or `from`), sampling every 100 ms the worker's RSS,
 * its database session's current statement and the import progress. `startedAt` is the clock's zero.
 */
export async function watchSubmission(id: number, worker: AppProcess, startedAt: number, timeoutMs = 3_600_000): Promise<Watched> {
  const rssTimeline: { t: number; mb: number }[] = [];
  const statements = new Map<string, number>();
  let fileReadAt: number | undefined;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = (performance.now() - startedAt) / 1000;
    const mb = rssMb(worker.pid);
    if (mb !== undefined) rssTimeline.push({ t: +t.toFixed(2), mb: Math.round(mb) });
    const [row] = await db().query(`SELECT status, message, progress FROM submissions WHERE id = $1`, [id]);
    if (row.status !== 'waiting') {
      const databaseTime = [...statements].map(([statement, n]) => ({ statement, seconds: +(n * SAMPLE_MS / 1000).toFixed(1) }))
        .sort((a, b) => b.seconds - a.seconds);
      return { status: row.status, message: row.message, seconds: t, rssTimeline, databaseTime, fileReadAt };
    }
    if (fileReadAt === undefined && row.progress && row.progress.total > 0 && row.progress.done >= row.progress.total) fileReadAt = t;
    const active: { query: string }[] = await db().query(
      `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'injecttool-worker' AND state = 'active'`,
    );
    for (const a of active) statements.set(statementKind(a.query), (statements.get(statementKind(a.query)) ?? 0) + 1);
    if (worker.child.exitCode !== null) throw new Error(`the worker exited during the job:\n${worker.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`submission ${id} still waiting after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
  }
}

/**
 * Start and end of the last run of a job for a submission, from agenda's table. The job records its
 * end just after the submission's status is committed, so this waits for it a little.
 */
export async function jobRun(name: string, submissionId: number): Promise<{ seconds: number; startedAt: Date; finishedAt: Date } | undefined> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const [row] = await db().query(
      `SELECT last_run_at, last_finished_at FROM agenda_jobs WHERE name = $1 AND (data->>'submissionId')::int = $2
       ORDER BY last_run_at DESC NULLS LAST LIMIT 1`,
      [name, submissionId],
    );
    if (row?.last_run_at && row.last_finished_at && row.last_finished_at >= row.last_run_at) {
      return { seconds: (row.last_finished_at - row.last_run_at) / 1000, startedAt: row.last_run_at, finishedAt: row.last_finished_at };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}
