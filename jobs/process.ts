import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { config, ConfigError } from '../core/config.js';
import { connectDatabase, disconnectDatabase } from '../core/db/data-source.js';
import { DatabaseUnreachableError, prepareDatabase, resolveDatabase } from '../core/db/database.js';
import { logger } from '../core/logger.js';
import { JobRegistryError, type ProcessRole } from './agenda.js';

export interface Running {
  stop(): Promise<void>;
}

/** True when `moduleUrl` is the file node was asked to run (not imported by start.ts or a test). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * The `main` of `npm run worker|scheduler|monitor`: joins the application's database (migrated and
 * seeded), starts the role, stops it on SIGTERM/SIGINT. Start-up problems end the process with one line.
 */
export function runProcess(role: Exclude<ProcessRole, 'queue'>, start: () => Promise<Running>): void {
  main(role, start).catch((err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DatabaseUnreachableError || err instanceof JobRegistryError;
    console.error(known ? `${role}: ${(err as Error).message}` : err);
    process.exit(1);
  });
}

async function main(role: string, start: () => Promise<Running>): Promise<void> {
  if (!config().databaseUrl) {
    // Without DATABASE_URL each process would start (and, after a crash, kill) the embedded server.
    throw new ConfigError(
      `Missing setting DATABASE_URL: npm run ${role} joins the database of a running InjectTool; ` +
        'set DATABASE_URL, or use npm start, which runs web, worker and scheduler in one process on the embedded PostgreSQL',
    );
  }
  const { url } = await resolveDatabase();
  const ds = await connectDatabase(url, { poolSize: 10, applicationName: `injecttool-${role}` });
  await prepareDatabase(ds);
  const running = await start();
  logger.info({ role }, `${role} started`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ role, signal }, `${role} stopping`);
    await running.stop().catch((err: unknown) => logger.error({ err }, `${role} did not stop cleanly`));
    await disconnectDatabase().catch(() => undefined);
    // Agenda leaves a timer of lockLifetime/2 behind (STACK-NOTES §5): do not wait for it.
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
