import type { RequestHandler } from 'express';
import { db } from '../core/db/data-source.js';

/** The advisory lock prepareDatabase() holds while it runs migrations and seeds (core/db/database.ts). */
const PREPARE_LOCK = 7130117;
const TIMEOUT_MS = 3000;

/** The database answers, every migration has run, and no process is still migrating or seeding. */
export async function databaseReady(): Promise<boolean> {
  let ds;
  try {
    ds = db();
  } catch {
    return false;
  }
  if (!ds.isInitialized) return false;
  const check = async () => {
    const [{ preparing }] = await ds.query(
      `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND d.datname = current_database()) AS preparing`,
      [PREPARE_LOCK],
    );
    if (preparing) return false;
    const done = new Set((await ds.query(`SELECT name FROM migrations`)).map((r: { name: string }) => r.name));
    return ds.migrations.every((m) => done.has(m.name ?? m.constructor.name));
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), TIMEOUT_MS)));
  try {
    return await Promise.race([check(), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /healthz`: 200 `{ok: true}` once the database is ready, 503 before. */
export const healthz: RequestHandler = async (_req, res) => {
  const ok = await databaseReady();
  res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json(ok ? { ok } : { ok, error: 'not_ready', message: 'The database is not ready yet' });
};
