import path from 'node:path';
import type { DataSource } from 'typeorm';
import { connectDatabase, disconnectDatabase } from '../core/db/data-source.js';
import { ensureDatabaseExists, prepareDatabase } from '../core/db/database.js';
import { projectRoot } from '../core/paths.js';

export interface BenchDatabase {
  url: string;
  ds: DataSource;
  /** Where it is, for the report (the password left out). */
  where: string;
  close(): Promise<void>;
}

/**
 * The benchmarks' database, never the application's: BENCH_DATABASE_URL, else an embedded
 * PostgreSQL kept in data/bench-postgres (port BENCH_PG_PORT, default 54339), so the seeded
 * million rows survive between runs. Migrated and seeded like the application's.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let url = process.env.BENCH_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (url) {
    await ensureDatabaseExists(url);
  } else {
    const { startEmbeddedPostgres } = await import('../core/db/embedded.js');
    const dir = process.env.BENCH_PG_DIR ?? path.join(projectRoot, 'data', 'bench-postgres');
    const server = await startEmbeddedPostgres({ dir, port: Number(process.env.BENCH_PG_PORT ?? 54339), database: 'injecttool_bench' });
    url = server.url;
    stopEmbedded = () => server.stop();
  }
  const ds = await connectDatabase(url, { poolSize: 10, applicationName: 'injecttool-bench' });
  await prepareDatabase(ds);
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return {
    url,
    ds,
    where: shown.toString(),
    close: async () => {
      await disconnectDatabase();
      await stopEmbedded?.();
    },
  };
}
