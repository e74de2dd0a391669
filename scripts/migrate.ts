/** Runs migrations and seeds on DATABASE_URL (created if missing) and exits: `npm run migrate`. */
import { loadConfig } from '../core/config.js';
import { createDataSource } from '../core/db/data-source.js';
import { ensureDatabaseExists, prepareDatabase } from '../core/db/database.js';

const url = loadConfig().databaseUrl;
if (!url) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
try {
  await ensureDatabaseExists(url);
  const ds = createDataSource(url, { poolSize: 2 });
  await ds.initialize();
  await prepareDatabase(ds);
  await ds.destroy();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
