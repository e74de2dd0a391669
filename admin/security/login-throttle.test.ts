/**
 * Login throttling through real HTTP, for the panel's form and POST /api/login alike. Each test
 * speaks from its own client address (X-Forwarded-For from 127.0.0.1, which TRUST_PROXY's default
 * `loopback` believes), so the per-address counter of one test does not reach another.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { config, loadConfig, overrideConfig } from '../../core/config.js';
import { LOGIN_FAILURE_LIMIT, LOGIN_WINDOW_MINUTES } from '../../core/users/login-throttle.js';
import { useTestDatabase } from '../../test/database.js';
import { createUser, TEST_PASSWORD, type TestUser } from '../../test/factories.js';
import { startTestApp, WebClient, type Answer } from '../../test/web-client.js';

const db = useTestDatabase();
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const WINDOW_SECONDS = LOGIN_WINDOW_MINUTES * 60;
let lastOctet = 0;
/** A documentation-range address (RFC 5737) no other test uses. */
const newAddress = () => `198.51.100.${++lastOctet}`;

function apiLogin(email: string, password: string, address: string): Promise<Answer> {
  return new WebClient(app.url).post('/api/login', { email, password }, { 'x-forwarded-for': address });
}

function panelLogin(email: string, password: string, address: string): Promise<Answer> {
  return new WebClient(app.url).post('/admin/login', { email, password }, { 'x-forwarded-for': address });
}

async function failTimes(n: number, login: typeof apiLogin, email: (i: number) => string, address: (i: number) => string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await login(email(i), `wrong-password-${i}`, address(i));
    // The API says 401; AdminJS shows its login page again (200) rather than redirecting.
    expect(res.status).toBe(login === apiLogin ? 401 : 200);
  }
}

function expectThrottled(res: Answer, maxWait = WINDOW_SECONDS): number {
  expect(res.status).toBe(429);
  const wait = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(wait)).toBe(true);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(maxWait);
  return wait;
}

const failures = async (where: string, params: unknown[]): Promise<number> =>
  (await db.ds.query(`SELECT count(*)::int AS n FROM login_failures WHERE ${where}`, params))[0].n;

describe('POST /api/login throttling', () => {
  it(`answers 429 with Retry-After after ${LOGIN_FAILURE_LIMIT} failures for an account, even with the right password`, async () => {
    const user = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT, apiLogin, () => user.email, () => address);
    const res = await apiLogin(user.email, TEST_PASSWORD, address);
    const wait = expectThrottled(res);
    // The first failure was seconds ago: its end of window is nearly the whole window away.
    expect(wait).toBeGreaterThan(WINDOW_SECONDS - 60);
    expect(res.json).toEqual({ error: 'too_many_login_failures', message: expect.stringMatching(/Too many failed logins.*Try again in 15 minutes/) });
    expect(res.headers.getSetCookie()).toEqual([]);
    // A throttled attempt is not a failure: it does not push the end of the wait further.
    expect(await failures('email = $1', [user.email])).toBe(LOGIN_FAILURE_LIMIT);
  });

  it('does not throttle before the limit, and a success forgets that account\'s failures from that address', async () => {
    const user = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT - 1, apiLogin, () => user.email, () => address);
    expect((await apiLogin(user.email, TEST_PASSWORD, address)).status).toBe(200);
    expect(await failures('email = $1', [user.email])).toBe(0);
    await failTimes(LOGIN_FAILURE_LIMIT - 1, apiLogin, () => user.email, () => address);
    expect((await apiLogin(user.email, TEST_PASSWORD, address)).status).toBe(200);
  });

  it('counts failures per address across accounts: the address is throttled, another address is not', async () => {
    const [victim, own] = [await createUser(), await createUser()];
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT, apiLogin, (i) => `nobody-${i}-${crypto.randomUUID()}@example.org`, () => address);
    expectThrottled(await apiLogin(victim.email, TEST_PASSWORD, address));
    expectThrottled(await apiLogin(own.email, TEST_PASSWORD, address));
    expect((await apiLogin(victim.email, TEST_PASSWORD, newAddress())).status).toBe(200);
  });

  it('counts failures per account across addresses: the account is throttled everywhere, other accounts are not', async () => {
    const [victim, other] = [await createUser(), await createUser()];
    await failTimes(LOGIN_FAILURE_LIMIT, apiLogin, () => victim.email.toUpperCase(), () => newAddress());
    const address = newAddress();
    expectThrottled(await apiLogin(victim.email, TEST_PASSWORD, address));
    expect((await apiLogin(other.email, TEST_PASSWORD, address)).status).toBe(200);
  });

  it("a success on one's own account does not wipe what the address did to another account", async () => {
    const [victim, attacker] = [await createUser(), await createUser()];
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT - 1, apiLogin, () => victim.email, () => address);
    expect((await apiLogin(attacker.email, TEST_PASSWORD, address)).status).toBe(200);
    expect(await failures('email = $1', [victim.email])).toBe(LOGIN_FAILURE_LIMIT - 1);
    await failTimes(1, apiLogin, () => victim.email, () => address);
    expectThrottled(await apiLogin(victim.email, TEST_PASSWORD, newAddress()));
    expectThrottled(await apiLogin(attacker.email, TEST_PASSWORD, address));
  });

  it('Retry-After is the time until the oldest counted failure leaves the window, and the throttle ends with it', async () => {
    const user = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT, apiLogin, () => user.email, () => address);
    // As if the failures had happened 10 minutes ago: 5 minutes of the window are left.
    await db.ds.query(`UPDATE login_failures SET at = at - interval '10 minutes' WHERE email = $1`, [user.email]);
    const wait = expectThrottled(await apiLogin(user.email, TEST_PASSWORD, address));
    expect(wait).toBeGreaterThan(5 * 60 - 30);
    expect(wait).toBeLessThanOrEqual(5 * 60);
    await db.ds.query(`UPDATE login_failures SET at = at - interval '5 minutes 1 second' WHERE email = $1`, [user.email]);
    expect((await apiLogin(user.email, TEST_PASSWORD, address)).status).toBe(200);
  });

  it('with some failures older than the window, only the recent ones count', async () => {
    const user = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT - 1, apiLogin, () => user.email, () => address);
    await db.ds.query(`UPDATE login_failures SET at = at - interval '16 minutes' WHERE email = $1`, [user.email]);
    await failTimes(LOGIN_FAILURE_LIMIT - 1, apiLogin, () => user.email, () => address);
    expect((await apiLogin(user.email, TEST_PASSWORD, address)).status).toBe(200);
  });
});

describe('the panel login form throttling', () => {
  it(`answers 429 with Retry-After and shows the reason on the login page after ${LOGIN_FAILURE_LIMIT} failures`, async () => {
    const user = await createUser();
    const address = newAddress();
    for (let i = 0; i < LOGIN_FAILURE_LIMIT; i++) {
      const res = await panelLogin(user.email, 'wrong-password', address);
      expect(res.status).toBe(200);
      expect(res.text).toContain('invalidCredentials');
    }
    const res = await panelLogin(user.email, TEST_PASSWORD, address);
    expectThrottled(res);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toMatch(/Too many failed logins for this account or from this address\. Try again in 15 minutes\./);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('injecttool.sid='))).toBe(false);
  });

  it('counts panel and API failures together', async () => {
    const user = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT / 2, panelLogin, () => user.email, () => address);
    await failTimes(LOGIN_FAILURE_LIMIT / 2, apiLogin, () => user.email, () => address);
    expectThrottled(await panelLogin(user.email, TEST_PASSWORD, address));
    expectThrottled(await apiLogin(user.email, TEST_PASSWORD, address));
  });

  it('a panel login from a throttled address fails for every account, and works from elsewhere', async () => {
    const user: TestUser = await createUser();
    const address = newAddress();
    await failTimes(LOGIN_FAILURE_LIMIT, panelLogin, (i) => `guess-${i}@example.org`, () => address);
    expectThrottled(await panelLogin(user.email, TEST_PASSWORD, address));
    const elsewhere = await panelLogin(user.email, TEST_PASSWORD, newAddress());
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get('location')).toBe('/admin');
  });
});

describe('the client address behind the proxy', () => {
  it('records the address nginx forwards (TRUST_PROXY loopback), not the proxy\'s own', async () => {
    const address = newAddress();
    const email = `someone-${crypto.randomUUID()}@example.org`;
    await apiLogin(email, 'wrong', address);
    expect(await db.ds.query(`SELECT address FROM login_failures WHERE email = $1`, [email])).toEqual([{ address }]);
  });

  it('with TRUST_PROXY=false a forged X-Forwarded-For is ignored: the socket\'s address counts', async () => {
    const trusting = config().trustProxy;
    overrideConfig((c) => (c.trustProxy = false));
    const direct = await startTestApp();
    overrideConfig((c) => (c.trustProxy = trusting));
    try {
      const email = `someone-${crypto.randomUUID()}@example.org`;
      await new WebClient(direct.url).post('/api/login', { email, password: 'wrong' }, { 'x-forwarded-for': newAddress() });
      const [{ address }] = await db.ds.query(`SELECT address FROM login_failures WHERE email = $1`, [email]);
      expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    } finally {
      await direct.close();
    }
  });

  it('reads TRUST_PROXY as off, on, a number of hops or a list of addresses, and refuses anything else', () => {
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32) }).trustProxy).toBe('loopback');
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32), TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32), TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32), TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ SECRET_KEY: 'k'.repeat(32), TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::1' }).trustProxy).toBe('loopback, 10.0.0.0/8, fd00::1');
    expect(() => loadConfig({ SECRET_KEY: 'k'.repeat(32), TRUST_PROXY: 'nginx' })).toThrow(/TRUST_PROXY="nginx"/);
  });
});
