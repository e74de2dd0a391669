import fs from 'node:fs';
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.INJECTTOOL_TEST_SERVER_URL;
  const template = process.env.INJECTTOOL_TEST_TEMPLATE;
  if (serverUrl && template && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [template, `${template}\\_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.end();
  }
  const embedded = (globalThis as Record<string, unknown>).__embeddedPg as
    | { server: { stop(): Promise<void> }; dir: string } | undefined;
  if (embedded) {
    await embedded.server.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
  }
}
