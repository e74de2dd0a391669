import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { overrideConfig } from '../../core/config.js';
import { PRODUCTION_BIOSAMPLES_URL } from '../../core/biosamples/target.js';
import { useTestDatabase } from '../../test/database.js';
import { createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startTestApp, WebClient, type Answer } from '../../test/web-client.js';
import { withScriptNonces } from './script-nonces.js';

useTestDatabase();
let app: Awaited<ReturnType<typeof startTestApp>>;
let curator: TestUser;

beforeAll(async () => {
  app = await startTestApp();
  curator = await createUser();
});
afterAll(() => app.close());

/** The policy as a map of directive → sources. */
function csp(res: Answer): Map<string, string[]> {
  const header = res.headers.get('content-security-policy');
  expect(header).toBeTruthy();
  return new Map(header!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

function expectCommonHeaders(res: Answer): void {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('x-powered-by')).toBeNull();
  // PUBLIC_URL is http here: no HSTS.
  expect(res.headers.get('strict-transport-security')).toBeNull();
  expect(csp(res).get('frame-ancestors')).toEqual(["'none'"]);
}

function expectStrictPolicy(res: Answer): void {
  expectCommonHeaders(res);
  const policy = csp(res);
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.has('script-src')).toBe(false);
  expect(policy.has('style-src')).toBe(false);
}

async function loggedIn(user: TestUser): Promise<WebClient> {
  const client = new WebClient(app.url);
  await client.panelLogin(user.email, TEST_PASSWORD);
  return client;
}

const bareInlineScripts = (html: string) => html.match(/<script>/g) ?? [];
const noncesOf = (html: string) => [...html.matchAll(/<script nonce="([^"]+)">/g)].map((m) => m[1]);

describe('security headers', () => {
  it('API answers, logged in or not, forbid everything: default-src none', async () => {
    expectStrictPolicy(await new WebClient(app.url).get('/api/me'));
    expectStrictPolicy(await (await loggedIn(curator)).get('/api/me'));
    expectStrictPolicy(await new WebClient(app.url).get('/api/nothing-here'));
  });

  it('/healthz and the redirect from / have the strict policy too', async () => {
    const health = await new WebClient(app.url).get('/healthz');
    expect(health.status).toBe(200);
    expectStrictPolicy(health);
    expectStrictPolicy(await new WebClient(app.url).get('/'));
  });

  it('panel pages allow only this site, and inline scripts only with the nonce of this very response', async () => {
    const client = await loggedIn(curator);
    for (const path of ['/admin/login', '/admin', '/admin/resources/Sample']) {
      const res = await (path === '/admin/login' ? new WebClient(app.url) : client).get(path);
      expect(res.status).toBe(200);
      expectCommonHeaders(res);
      const policy = csp(res);
      expect(policy.get('default-src')).toEqual(["'self'"]);
      const scriptSrc = policy.get('script-src')!;
      expect(scriptSrc).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{24}'$/)]);
      expect(scriptSrc.join(' ')).not.toContain('unsafe');
      expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
      expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
      expect(policy.get('connect-src')).toEqual(["'self'", `ws://${new URL(app.url).host}`, `wss://${new URL(app.url).host}`]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      // Every inline script carries this response's nonce.
      const nonce = scriptSrc[1].slice("'nonce-".length, -1);
      expect(bareInlineScripts(res.text)).toEqual([]);
      expect(noncesOf(res.text).length).toBeGreaterThanOrEqual(2);
      expect(new Set(noncesOf(res.text))).toEqual(new Set([nonce]));
    }
    const [a, b] = [await client.get('/admin'), await client.get('/admin')];
    expect(csp(a).get('script-src')).not.toEqual(csp(b).get('script-src'));
  });

  it("a user's name that closes the state script cannot open a script of its own on the panel's pages", async () => {
    const attacker = await createUser({ firstName: '</script><script>window.pwned=1</script><!--' });
    const client = await loggedIn(attacker);
    const res = await client.get('/admin');
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/<script[^>]*>window\.pwned/);
    expect(noncesOf(res.text)).toHaveLength(2);
    expect(res.text).toContain('\\u003c/script>\\u003cscript>window.pwned=1');
    expect(bareInlineScripts(res.text)).toEqual([]);
    // The state still reads back as the same name.
    const state = /window\.REDUX_STATE = (.*);\n/.exec(res.text)![1];
    expect(JSON.parse(state).session.title).toContain('</script><script>window.pwned=1</script><!--');
  });

  it('HSTS is sent when PUBLIC_URL is https', async () => {
    overrideConfig((c) => (c.publicUrl = 'https://injecttool.example.org'));
    const secure = await startTestApp();
    overrideConfig((c) => (c.publicUrl = app.url));
    try {
      const res = await new WebClient(secure.url).get('/healthz');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const panel = await new WebClient(secure.url).get('/admin/login');
      expect(csp(panel).has('upgrade-insecure-requests')).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('API answers say X-InjectTool-BioSamples: test while BioSamples is the test server, and not on production', async () => {
    const before = await (await loggedIn(curator)).get('/api/me');
    expect(before.headers.get('x-injecttool-biosamples')).toBe('test');
    expect((await new WebClient(app.url).get('/api/me')).headers.get('x-injecttool-biosamples')).toBe('test');
    overrideConfig((c) => {
      c.biosamples.url = PRODUCTION_BIOSAMPLES_URL;
      c.biosamples.production = true;
    });
    try {
      expect((await new WebClient(app.url).get('/api/me')).headers.get('x-injecttool-biosamples')).toBeNull();
    } finally {
      overrideConfig((c) => {
        c.biosamples.url = 'https://wwwdev.ebi.ac.uk/biosamples';
        c.biosamples.production = false;
      });
    }
  });
});

describe('script nonces in AdminJS pages', () => {
  const page = (state: string) => `
    <!DOCTYPE html>
    <html lang=en>
    <head>
      <script>
        window.REDUX_STATE = ${state};
        window.THEME = {};
        window.AdminJS = { Components: {} };
      </script>
      <script src="/admin/frontend/assets/app.bundle.js"></script>
    </head>
    <body>
      <div id="app" />
      <script>
        var app = document.getElementById('app');
      </script>
    </body>
    </html>`;

  it('nonces the template inline scripts and escapes every < of the state, faked end lines included', () => {
    const state = JSON.stringify({ title: '"; window.AdminJS = { Components: {} }; </script><script>alert(1)</script>' });
    const out = withScriptNonces(page(state), 'N0NCE');
    expect(noncesOf(out)).toEqual(['N0NCE', 'N0NCE']);
    expect(bareInlineScripts(out)).toEqual([]);
    expect(out).toContain('<script src="/admin/frontend/assets/app.bundle.js"></script>');
    const written = /window\.REDUX_STATE = (.*);\n/.exec(out)![1];
    expect(written).not.toContain('<');
    expect(JSON.parse(written)).toEqual(JSON.parse(state));
  });

  it('leaves anything that is not an HTML page alone (a JSON answer naming <script>)', () => {
    const json = JSON.stringify({ name: '<script>x</script>' });
    expect(withScriptNonces(json, 'N')).toBe(json);
  });

  it('gives no nonce at all to a page whose state script it does not recognise', () => {
    const html = '<!DOCTYPE html><html><head><script>window.OTHER = 1</script></head></html>';
    expect(withScriptNonces(html, 'N')).toBe(html);
  });
});
