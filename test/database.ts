import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { connectDatabase, disconnectDatabase } from '../core/db/data-source.js';
import { onServer } from './global-setup.js';

export interface TestDatabase {
  /** Connection string of this file's own database (for child processes). */
  url: string;
  ds: DataSource;
}

/**
 * Gives the calling test file its own database, copied from the run's migrated and seeded template,
 * and makes it the process's DataSource. Dropped after the file's tests.
 */
export function useTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  let name = '';
  beforeAll(async () => {
    const server = process.env.INJECTTOOL_TEST_SERVER_URL;
    const template = process.env.INJECTTOOL_TEST_TEMPLATE;
    if (!server || !template) throw new Error('test/global-setup.ts did not run');
    name = `${template}_${crypto.randomBytes(5).toString('hex')}`;
    await onServer(server, (c) => createFromTemplate(c, name, template));
    const url = new URL(server);
    url.pathname = `/${name}`;
    handle.url = url.toString();
    handle.ds = await connectDatabase(handle.url, { poolSize: 5 });
  });
  afterAll(async () => {
    await disconnectDatabase();
    if (name) await onServer(process.env.INJECTTOOL_TEST_SERVER_URL!, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });
  return handle;
}

async function createFromTemplate(c: pg.Client, name: string, template: string): Promise<void> {
  // Two files copying the template at the same instant can collide ("source database is being accessed").
  for (let attempt = 0; ; attempt++) {
    try {
      await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
    }
  }
}
