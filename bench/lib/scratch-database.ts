/**
 * A fresh PostgreSQL database for one benchmark or check run, migrated and seeded, dropped at the end:
 * on the server named by an environment variable (a new database on it), else on an embedded
 * PostgreSQL started in a temp directory on a free port. BENCH_KEEP_DATABASE=1 keeps a database made
 * on a given server, to look into it afterwards.
 */
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connectDatabase, disconnectDatabase } from '../../core/db/data-source.js';
import { prepareDatabase } from '../../core/db/database.js';
import { onServer, startThrowawayPostgres } from '../../test/global-setup.js';

export { freePort } from '../../test/global-setup.js';

export interface ScratchDatabase {
  /** Connection string of the scratch database (for child processes). */
  url: string;
  /** Where it runs: "embedded PostgreSQL 18 (…)" or the server's address. */
  where: string;
  ds: DataSource;
  /** PostgreSQL's version string. */
  version: string;
  close(): Promise<void>;
}

interface Server {
  url: string;
  where: string;
  stop(): Promise<void>;
}

async function embeddedServer(): Promise<Server> {
  const server = await startThrowawayPostgres({
    dirPrefix: 'injecttool-scratch-pg-',
    password: crypto.randomBytes(12).toString('hex'),
    flags: ['-c', 'max_connections=200'],
  });
  return { url: server.url, where: `embedded PostgreSQL on port ${server.port} (${server.dir})`, stop: server.stop };
}

/**
 * `serverUrl` (e.g. BENCH_DATABASE_URL) names a server and a maintenance database on it; undefined
 * starts the embedded server. The returned database is also the process's `db()`.
 */
export async function scratchDatabase(serverUrl: string | undefined, label: string): Promise<ScratchDatabase> {
  const server: Server = serverUrl
    ? { url: serverUrl, where: `${new URL(serverUrl).host} (${label}'s server)`, stop: async () => undefined }
    : await embeddedServer();
  const name = `injecttool_${label}_${crypto.randomBytes(4).toString('hex')}`;
  await onServer(server.url, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  const ds = await connectDatabase(url.toString(), { poolSize: 10, applicationName: `injecttool-${label}` });
  await prepareDatabase(ds);
  const [{ version }] = await ds.query(`SELECT version()`);
  return {
    url: url.toString(),
    where: server.where,
    ds,
    version: String(version).split(' on ')[0],
    close: async () => {
      await disconnectDatabase().catch(() => undefined);
      if (process.env.BENCH_KEEP_DATABASE && serverUrl) {
        console.log(`kept the scratch database: ${url.toString()} (BENCH_KEEP_DATABASE)`);
        return;
      }
      await onServer(server.url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
      await server.stop();
    },
  };
}
