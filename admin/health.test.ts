import pg from 'pg';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { useTestApp } from '../test/web-client.js';

const { db, app } = useTestApp();

beforeAll(async () => {
});

const health = async () => {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: await res.json() };
};

describe('/healthz', () => {
  it('answers 200 {ok: true} without login once migrations and seeds are done', async () => {
    expect(await health()).toEqual({ status: 200, body: { ok: true } });
  });

  it('answers 503 while another process is migrating or seeding', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock(7130117)');
      expect((await health()).status).toBe(503);
      await other.query('SELECT pg_advisory_unlock(7130117)');
      expect((await health()).status).toBe(200);
    } finally {
      await other.end();
    }
  });

  it('answers 503 while a migration has not run', async () => {
    const [last] = await db.ds.query(`SELECT * FROM migrations ORDER BY id DESC LIMIT 1`);
    await db.ds.query(`DELETE FROM migrations WHERE id = $1`, [last.id]);
    try {
      const res = await health();
      expect(res.status).toBe(503);
      expect(res.body.ok).toBe(false);
    } finally {
      await db.ds.query(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [last.id, last.timestamp, last.name]);
    }
  });
});
