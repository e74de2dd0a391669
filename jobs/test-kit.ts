/**
 * What the tests of the job processes and live events share: users, submissions, a web server with
 * Socket.IO on the test database, logged-in sockets, and workers started as child processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { db } from '../core/db/data-source.js';
import { useEventTransport } from '../core/events.js';
import { logger } from '../core/logger.js';
import { projectRoot } from '../core/paths.js';
import { hashPassword } from '../core/users/passwords.js';
import { startWebServer } from '../admin/server.js';
import { createAgenda, type JobData, type JobDefinition } from './agenda.js';
import { workerNodeFlags } from './worker-node-flags.js';

const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: number;
  email: string;
  password: string;
}

export async function createUser(role: 'admin' | 'curator'): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.org`;
  const [{ id }] = await db().query(
    `INSERT INTO users (email, password_hash, role, active, first_name, last_name) VALUES ($1, $2, $3, true, 'Test', 'User') RETURNING id`,
    [email, await passwordHash, role],
  );
  return { id, email, password: PASSWORD };
}

export async function createSubmission(ownerId: number, status = 'waiting', minutesAgo = 0): Promise<number> {
  const [{ id }] = await db().query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id, updated_at)
     VALUES ('Test submission', 'bank ' || gen_random_uuid(), (SELECT id FROM countries WHERE label = 'Italy'), 'template', '1', $1, $2,
             now() - make_interval(mins => $3)) RETURNING id`,
    [status, ownerId, minutesAgo],
  );
  return id;
}

/** Runs a job's handler once, here, as the worker would (tests of one job). */
export async function runHandler(definition: JobDefinition, data: JobData = {}): Promise<void> {
  await definition.handler(data, { job: { attrs: { _id: 'test', name: definition.name, data } } as never, log: logger, touch: async () => undefined });
}

/** The jobs table is created by agenda's backend when it first connects. */
export async function ensureAgendaTable(): Promise<void> {
  const handle = createAgenda('queue');
  await handle.agenda.ready;
  await handle.close();
}

/** Collects what the process publishes to Socket.IO rooms, until `stop()`. */
export function recordPublished(): { events: { room: string; event: string; payload: unknown }[]; stop(): void } {
  const events: { room: string; event: string; payload: unknown }[] = [];
  useEventTransport({ to: (room) => ({ emit: (event, payload) => events.push({ room, event, payload }) }) });
  return { events, stop: () => useEventTransport(undefined) };
}

export interface TestWeb {
  url: string;
  close(): Promise<void>;
}

/** The real web server (panel, API, Socket.IO with the PostgreSQL adapter) on a free port. */
export async function startTestWeb(): Promise<TestWeb> {
  const server = await startWebServer({ port: 0, host: '127.0.0.1' });
  await adapterListening();
  return { url: server.url, close: () => server.close() };
}

/** Events published before the adapter's LISTEN is in place would be lost. */
async function adapterListening(): Promise<void> {
  await waitFor(async () => {
    const [{ n }] = await db().query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'injecttool-socket.io' AND query LIKE 'LISTEN%'`,
    );
    return n > 0;
  }, 'the Socket.IO adapter to listen');
}

export async function login(web: TestWeb, user: TestUser): Promise<string> {
  const res = await fetch(`${web.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

const openSockets = new Set<ClientSocket>();

/** A connected socket, or the server's refusal as a rejected promise. */
export function connectSocket(web: TestWeb, credentials: { cookie?: string; token?: string; origin?: string } = {}): Promise<ClientSocket> {
  const headers: Record<string, string> = {};
  if (credentials.cookie) headers.cookie = credentials.cookie;
  if (credentials.origin) headers.origin = credentials.origin;
  const socket = connectClient(web.url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
    auth: credentials.token ? { token: credentials.token } : {},
  });
  openSockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

export function closeSockets(): void {
  for (const s of openSockets) s.close();
  openSockets.clear();
}

export type SubscribeReply = { ok: true } | { ok: false; error: string };

export function subscribe(socket: ClientSocket, submissionId: number): Promise<SubscribeReply> {
  return socket.timeout(10_000).emitWithAck('subscribe', { submissionId });
}

/** Everything a socket receives, in order. */
export function recordEvents(socket: ClientSocket): { event: string; payload: unknown }[] {
  const received: { event: string; payload: unknown }[] = [];
  socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
  return received;
}

/** `what` may be a function, to describe the situation at the time of failure (a child's output...). */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string | (() => string), timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ChildRun {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  /** Resolves once the process logged `<role> started`. */
  started: Promise<void>;
}

const children = new Set<ChildProcess>();

/** Runs `node --import tsx jobs/<script>.ts` on the test database, as `npm run worker:dev` would. */
export function spawnJobProcess(script: 'worker' | 'scheduler' | 'monitor', databaseUrl: string, env: Record<string, string> = {}): ChildRun {
  const flags = script === 'worker' ? workerNodeFlags : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', `jobs/${script}.ts`], {
    cwd: projectRoot,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes(`"msg":"${script} started"`)) onStarted();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? -1);
    });
  });
  return { child, output: () => output, exited, started };
}

export async function killChildren(): Promise<void> {
  const waiting = [...children].map((c) => new Promise((r) => {
    c.once('exit', r);
    c.kill('SIGKILL');
  }));
  await Promise.all(waiting);
}
