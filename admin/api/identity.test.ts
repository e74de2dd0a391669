import { beforeAll, describe, expect, it } from '@jest/globals';
import { createToken, createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startTestApp, useTestApp, WebClient } from '../../test/web-client.js';
import { overrideConfig } from '../../core/config.js';

const { db, app } = useTestApp();
let admin: TestUser;
let curator: TestUser;

beforeAll(async () => {
  [admin, curator] = await Promise.all([createUser({ role: 'admin' }), createUser({ role: 'curator' })]);
});

const client = () => new WebClient(app.url);

async function loggedIn(user: TestUser): Promise<WebClient> {
  const c = client();
  const res = await c.post('/api/login', { email: user.email, password: user.password });
  expect(res.status).toBe(200);
  return c;
}

describe('login and logout', () => {
  it('POST /api/login answers the /api/me body with an HttpOnly, SameSite=Lax session cookie', async () => {
    const c = client();
    const res = await c.post('/api/login', { email: curator.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: curator.id, email: curator.email, role: 'curator', firstName: curator.firstName, lastName: curator.lastName,
      initials: null, personRole: 'submitter', organization: null,
    });
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('injecttool.sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await c.get('/api/me')).json.email).toBe(curator.email);
  });

  it('refuses a wrong password or an unknown e-mail with 401 and the error shape', async () => {
    for (const body of [{ email: curator.email, password: 'wrong-password' }, { email: 'nobody@example.org', password: TEST_PASSWORD }]) {
      const res = await client().post('/api/login', body);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'invalid_credentials', message: 'Wrong e-mail or password' });
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it('answers 400 with details for a malformed body, and 400 for broken JSON', async () => {
    const res = await client().post('/api/login', { email: curator.email });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
    expect(res.json.details).toEqual([expect.objectContaining({ field: 'password' })]);
    const broken = await client().request('POST', '/api/login', { headers: { 'content-type': 'application/json' }, json: undefined, form: undefined });
    expect(broken.status).toBe(400);
    const raw = await fetch(`${app.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(raw.status).toBe(400);
    expect((await raw.json()).error).toBe('malformed_json');
  });

  it('gives a new session id at login, so an id known before login is worthless', async () => {
    const c = client();
    await c.post('/api/login', { email: 'nobody@example.org', password: 'x' });
    const first = await loggedIn(curator);
    const before = first.cookie;
    await first.post('/api/login', { email: curator.email, password: TEST_PASSWORD });
    expect(first.cookie).not.toBe(before);
    const stale = client();
    stale.cookie = before;
    expect((await stale.get('/api/me')).status).toBe(401);
  });

  it('POST /api/logout answers 204 and ends the session for the API and the panel', async () => {
    const c = await loggedIn(curator);
    const cookie = c.cookie;
    const res = await c.post('/api/logout');
    expect(res.status).toBe(204);
    const replay = client();
    replay.cookie = cookie;
    expect((await replay.get('/api/me')).status).toBe(401);
    const panel = await replay.get('/admin');
    expect(panel.status).toBe(302);
    expect(panel.headers.get('location')).toBe('/admin/login');
  });

  it('one login serves both: the panel form opens the API, and the API login opens the panel', async () => {
    const sessions = async () => (await db.ds.query(`SELECT count(*)::int AS n FROM session`))[0].n;
    const before = await sessions();
    const viaPanel = client();
    await viaPanel.panelLogin(curator.email, TEST_PASSWORD);
    // AdminJS's own session middleware stays idle behind ours: one cookie, one stored session.
    expect(viaPanel.cookie).toMatch(/^injecttool\.sid=[^;]+$/);
    expect(await sessions()).toBe(before + 1);
    expect((await viaPanel.get('/api/me')).json.id).toBe(curator.id);
    const viaApi = await loggedIn(curator);
    const page = await viaApi.get('/admin');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>InjectTool</title>');
  });

  it('the panel form refuses wrong credentials and stays on the login page', async () => {
    const c = client();
    const res = await c.post('/admin/login', { email: curator.email, password: 'wrong-password' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Wrong e-mail or password');
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('answers 401 not_logged_in without a session or token', async () => {
    const res = await client().get('/api/me');
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('not_logged_in');
  });

  it('makes the cookie Secure when PUBLIC_URL is https', async () => {
    const previous = (await import('../../core/config.js')).config().publicUrl;
    overrideConfig((c) => (c.publicUrl = 'https://injecttool.example.org'));
    try {
      const secureApp = await startTestApp();
      try {
        const res = await new WebClient(secureApp.url).post('/api/login', { email: curator.email, password: TEST_PASSWORD });
        // express-session only sends a Secure cookie over TLS (or a proxy saying so).
        expect(res.headers.getSetCookie().join()).not.toContain('injecttool.sid');
        const behindProxy = await new WebClient(secureApp.url).post('/api/login', { email: curator.email, password: TEST_PASSWORD }, { 'x-forwarded-proto': 'https' });
        expect(behindProxy.headers.getSetCookie().find((h) => h.startsWith('injecttool.sid='))).toMatch(/Secure/);
      } finally {
        await secureApp.close();
      }
    } finally {
      overrideConfig((c) => (c.publicUrl = previous));
    }
  });
});

describe('API tokens', () => {
  it('are shown once at creation, stored only as SHA-256, and authenticate with Authorization: Bearer', async () => {
    const c = await loggedIn(curator);
    const res = await c.post('/api/tokens', { name: 'my script' });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ id: expect.any(Number), name: 'my script', token: expect.stringMatching(/^itk_/) });
    const [row] = await db.ds.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [res.json.id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db.ds.query(`SELECT * FROM api_tokens`))).not.toContain(res.json.token);
    const script = client();
    script.bearer = res.json.token;
    const me = await script.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.json.id).toBe(curator.id);
    const listed = await c.get('/api/tokens');
    expect(listed.json.items).toEqual([expect.objectContaining({ id: res.json.id, name: 'my script', revokedAt: null })]);
    expect(listed.text).not.toContain(res.json.token);
  });

  it('stop working once revoked with DELETE /api/tokens/:id', async () => {
    const { id, token } = await createToken(curator.id);
    const script = client();
    script.bearer = token;
    expect((await script.get('/api/me')).status).toBe(200);
    expect((await script.delete(`/api/tokens/${id}`)).status).toBe(204);
    const after = await script.get('/api/me');
    expect(after.status).toBe(401);
    expect(after.json.error).toBe('invalid_token');
  });

  it('refuse a wrong token with 401, even alongside a valid session cookie', async () => {
    const c = await loggedIn(curator);
    c.bearer = 'itk_not-a-real-token';
    const res = await c.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.json.error).toBe('invalid_token');
  });

  it("cannot be revoked by another curator (404, the token keeps working)", async () => {
    const other = await createUser();
    const { id, token } = await createToken(curator.id);
    const c = await loggedIn(other);
    expect((await c.delete(`/api/tokens/${id}`)).status).toBe(404);
    const script = client();
    script.bearer = token;
    expect((await script.get('/api/me')).status).toBe(200);
  });
});

describe('deactivating a user', () => {
  it('cuts their open API session, panel session and tokens at once, and re-activation lets them log in again', async () => {
    const user = await createUser();
    const api = await loggedIn(user);
    const panel = client();
    await panel.panelLogin(user.email, TEST_PASSWORD);
    const { token } = await createToken(user.id);
    const script = client();
    script.bearer = token;
    expect((await panel.get('/admin/api/resources/Sample/actions/list')).status).toBe(200);

    const adminClient = await loggedIn(admin);
    const res = await adminClient.patch(`/api/users/${user.id}`, { active: false });
    expect(res.status).toBe(200);
    expect(res.json.active).toBe(false);

    expect((await api.get('/api/me')).status).toBe(401);
    expect((await script.get('/api/me')).status).toBe(401);
    const page = await panel.get('/admin/api/resources/Sample/actions/list');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/login');
    expect((await client().post('/api/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);

    await adminClient.patch(`/api/users/${user.id}`, { active: true });
    expect((await client().post('/api/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
    expect((await script.get('/api/me')).status).toBe(200);
  });

  it('through the panel action works the same way', async () => {
    const user = await createUser();
    const api = await loggedIn(user);
    const adminPanel = client();
    await adminPanel.panelLogin(admin.email, TEST_PASSWORD);
    const res = await adminPanel.get(`/admin/api/resources/User/records/${user.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.json.notice.type).toBe('success');
    expect(res.json.record.params.active).toBe(false);
    expect((await api.get('/api/me')).status).toBe(401);
  });

  it('an admin cannot deactivate themself or drop their own admin role', async () => {
    const c = await loggedIn(admin);
    const res = await c.patch(`/api/users/${admin.id}`, { active: false });
    expect(res.status).toBe(422);
    expect(res.json.error).toBe('own_account');
    expect((await c.patch(`/api/users/${admin.id}`, { role: 'curator' })).status).toBe(422);
    expect((await c.get('/api/me')).json.role).toBe('admin');
  });
});

describe('cross-site requests', () => {
  it('refuses a cookie-authenticated write whose Origin is another site with 403', async () => {
    const c = await loggedIn(curator);
    const res = await c.post('/api/tokens', { name: 'csrf' }, { origin: 'https://evil.example.com' });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ error: 'cross_site_request', message: expect.any(String) });
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'csrf'`);
    expect(n).toBe(0);
  });

  it('uses the Referer when there is no Origin, and refuses the panel form too', async () => {
    const c = await loggedIn(curator);
    expect((await c.post('/api/tokens', { name: 'x' }, { referer: 'http://evil.example.com/page' })).status).toBe(403);
    expect((await client().post('/admin/login', { email: curator.email, password: TEST_PASSWORD }, { origin: 'http://evil.example.com' })).status).toBe(403);
  });

  it('lets through writes from its own host, from PUBLIC_URL, and without Origin or Referer', async () => {
    const c = await loggedIn(curator);
    expect((await c.post('/api/tokens', { name: 'same host' }, { origin: app.url })).status).toBe(201);
    expect((await c.post('/api/tokens', { name: 'public url' }, { origin: 'http://localhost:3000' })).status).toBe(201);
    expect((await c.post('/api/tokens', { name: 'script' })).status).toBe(201);
  });

  it("refuses a cross-site GET of the panel's API, where AdminJS runs actions such as deactivate", async () => {
    const user = await createUser();
    const adminPanel = client();
    await adminPanel.panelLogin(admin.email, TEST_PASSWORD);
    const res = await adminPanel.get(`/admin/api/resources/User/records/${user.id}/deactivate`, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    const [row] = await db.ds.query(`SELECT active FROM users WHERE id = $1`, [user.id]);
    expect(row.active).toBe(true);
    expect((await adminPanel.get('/admin/api/resources/User/actions/list', { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('lets a bearer-token script through whatever its Origin', async () => {
    const { token } = await createToken(curator.id);
    const script = client();
    script.bearer = token;
    expect((await script.post('/api/tokens', { name: 'from a web tool' }, { origin: 'https://tool.example.com' })).status).toBe(201);
  });
});

describe('/api/me', () => {
  it('PATCH changes person fields, organization by name or id, and the password with the current one', async () => {
    const user = await createUser();
    const c = await loggedIn(user);
    const [org] = await db.ds.query(`SELECT id, name FROM organizations o WHERE (SELECT count(*) FROM organizations p WHERE p.name = o.name) = 1 ORDER BY id LIMIT 1`);
    let res = await c.patch('/api/me', { firstName: 'Maria', lastName: 'Rossi', initials: 'MR', personRole: 'curator', organization: org.name });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ firstName: 'Maria', lastName: 'Rossi', initials: 'MR', personRole: 'curator', organization: { id: org.id, name: org.name } });
    res = await c.patch('/api/me', { organization: org.id, personRole: null });
    expect(res.json).toMatchObject({ personRole: null, organization: { id: org.id } });
    res = await c.patch('/api/me', { password: 'a-new-password' });
    expect(res.status).toBe(422);
    expect(res.json.error).toBe('wrong_current_password');
    res = await c.patch('/api/me', { password: 'a-new-password', currentPassword: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect((await client().post('/api/login', { email: user.email, password: 'a-new-password' })).status).toBe(200);
  });

  it('PATCH refuses role and unknown organizations and roles, naming them', async () => {
    const c = await loggedIn(curator);
    expect((await c.patch('/api/me', { role: 'admin' })).status).toBe(400);
    const org = await c.patch('/api/me', { organization: 'No Such Institute' });
    expect(org.status).toBe(422);
    expect(org.json).toMatchObject({ error: 'unknown_organization', message: "No organization 'No Such Institute'" });
    const [twice] = await db.ds.query(`SELECT name FROM organizations GROUP BY name HAVING count(*) > 1 LIMIT 1`);
    const ambiguous = await c.patch('/api/me', { organization: twice.name });
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.json.message).toBe(`Several organizations are named '${twice.name}': give its id`);
    const role = await c.patch('/api/me', { personRole: 'wizard' });
    expect(role.status).toBe(422);
    expect(role.json.message).toContain("'wizard' is not one of");
    expect((await c.get('/api/me')).json.role).toBe('curator');
  });
});

describe('user management', () => {
  it('lets an admin create a user who can then log in, with submitter as default person role', async () => {
    const c = await loggedIn(admin);
    const res = await c.post('/api/users', { email: 'New.Person@Example.org', password: 'long-enough-1', role: 'curator', firstName: 'New', lastName: 'Person' });
    expect(res.status).toBe(201);
    const me = await client().post('/api/login', { email: 'new.person@example.org', password: 'long-enough-1' });
    expect(me.json).toMatchObject({ id: res.json.id, personRole: 'submitter', organization: null, role: 'curator' });
    const dup = await c.post('/api/users', { email: 'new.person@example.org', password: 'long-enough-1', role: 'curator', firstName: 'A', lastName: 'B' });
    expect(dup.status).toBe(422);
    expect(dup.json.error).toBe('email_taken');
  });

  it('lists users with `active` and pages them', async () => {
    const c = await loggedIn(admin);
    const res = await c.get('/api/users?page=1&perPage=2');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ page: 1, perPage: 2, total: expect.any(Number) });
    expect(res.json.items).toHaveLength(2);
    expect(res.json.items[0]).toHaveProperty('active');
    expect((await c.get('/api/users?perPage=501')).status).toBe(400);
  });

  it('lets an admin reset a password and make a curator an admin', async () => {
    const user = await createUser();
    const c = await loggedIn(admin);
    const res = await c.patch(`/api/users/${user.id}`, { password: 'reset-by-admin', role: 'admin', firstName: 'Promoted' });
    expect(res.json).toMatchObject({ role: 'admin', firstName: 'Promoted', active: true });
    const login = await client().post('/api/login', { email: user.email, password: 'reset-by-admin' });
    expect(login.json.role).toBe('admin');
  });

  it('sees a role change on the next request of an open session', async () => {
    const user = await createUser();
    const c = await loggedIn(user);
    expect((await c.get('/api/users')).status).toBe(403);
    await (await loggedIn(admin)).patch(`/api/users/${user.id}`, { role: 'admin' });
    expect((await c.get('/api/users')).status).toBe(200);
  });
});
