import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { startTestApp } from '../../test/web-client.js';
import { ensureAdminBundle } from './bundle.js';

useTestDatabase();
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  await ensureAdminBundle();
  app = await startTestApp();
}, 180_000);
afterAll(async () => app?.close());

const BUNDLES = ['global', 'design-system', 'app', 'components'];

async function bundleLinks(): Promise<string[]> {
  const html = await (await fetch(`${app.url}/admin/login`)).text();
  return [...html.matchAll(/<script src="([^"]+\.bundle\.js[^"]*)"/g)].map((m) => m[1]);
}

describe('panel bundles', () => {
  it('are linked with the hash of their content, so proxies and browsers may keep them for good', async () => {
    const links = await bundleLinks();
    expect(links).toHaveLength(BUNDLES.length);
    for (const link of links) {
      expect(link).toMatch(/^\/admin\/frontend\/assets\/[a-z-]+\.bundle\.js\?v=[0-9a-f]{16}$/);
      const res = await fetch(`${app.url}${link}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toContain('javascript');
    }
  });

  it('are not kept for long under a version they no longer have, nor without one', async () => {
    const components = (await bundleLinks()).find((l) => l.includes('components.bundle.js'))!;
    const stale = await fetch(`${app.url}${components.replace(/v=[0-9a-f]+/, 'v=0000000000000000')}`);
    expect(stale.headers.get('cache-control')).toBe('no-cache');
    const bare = await fetch(`${app.url}/admin/frontend/assets/app.bundle.js`);
    expect(bare.headers.get('cache-control')).toBe('public, max-age=86400');
  });
});
