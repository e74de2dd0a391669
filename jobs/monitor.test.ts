import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import type { JobName } from './agenda.js';
import { startMonitor, type Monitor } from './monitor.js';
import { closeQueue, enqueue } from './queue.js';
import { createUser, login, startTestWeb, type TestUser, type TestWeb } from './test-kit.js';

let web: TestWeb | undefined;
let monitor: Monitor | undefined;
afterAll(async () => {
  await monitor?.stop();
  await web?.close();
  await closeQueue();
});
const db = useTestDatabase();

let admin: TestUser;
let adminCookie: string;

beforeAll(async () => {
  web = await startTestWeb();
  monitor = await startMonitor({ port: 0, host: '127.0.0.1' });
  admin = await createUser('admin');
  adminCookie = await login(web, admin);
});

const get = (path: string, cookie?: string) => fetch(`${monitor!.url}${path}`, { headers: cookie ? { cookie } : {} });

describe('job monitor (Agendash)', () => {
  it('shows Agendash and its jobs to an admin logged in to the panel', async () => {
    await enqueue('cleanup-sessions' as JobName, {});
    const page = await get('/', adminCookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const api = await get('/api', adminCookie);
    expect(api.status).toBe(200);
    const body = await api.json() as { overview: { displayName: string }[] };
    expect(body.overview.map((o) => o.displayName)).toContain('cleanup-sessions');
  });

  it('answers 401 with a way to log in when nobody is logged in', async () => {
    const page = await get('/');
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('The job monitor needs an InjectTool admin login.');
    expect(html).toContain('/admin/login');
    const api = await get('/api');
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'not_logged_in', message: 'The job monitor needs an InjectTool admin login.' });
  });

  it('refuses a curator with 403', async () => {
    const curator = await createUser('curator');
    const res = await get('/api', await login(web!, curator));
    expect(res.status).toBe(403);
  });

  it('refuses an admin deactivated since logging in', async () => {
    const other = await createUser('admin');
    const cookie = await login(web!, other);
    expect((await get('/api', cookie)).status).toBe(200);
    await db.ds.query(`UPDATE users SET active = false WHERE id = $1`, [other.id]);
    expect((await get('/api', cookie)).status).toBe(401);
  });

  it('refuses a job action posted from another site', async () => {
    const res = await fetch(`${monitor!.url}/api/jobs/delete`, {
      method: 'POST',
      headers: { cookie: adminCookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ jobIds: [] }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'cross_site_request' });
  });
});
