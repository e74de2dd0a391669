import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { BioSamplesClient } from './client.js';
import { WebinLoginFailed } from './errors.js';
import { loginToWebin, requestWebinToken, tokenClaims, WebinTokenProvider } from './webin-auth.js';

const credentials = { username: 'Webin-12345', password: 'webin-test-password' };
let fake: FakeBioSamples;

beforeAll(async () => {
  fake = await startFakeBioSamples();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFaults({});
  fake.setTokenLifetime(3 * 3600);
  fake.resetCounters();
});

describe('requestWebinToken', () => {
  test('returns the JWT whose payload names the Webin account', async () => {
    const token = await requestWebinToken(credentials, { url: fake.webinAuthUrl });
    expect(tokenClaims(token)).toMatchObject({ principle: 'Webin-12345', exp: expect.any(Number) });
    expect(fake.counters.log[0].headers['content-type']).toBe('application/json');
  });

  test('throws WebinLoginFailed for a wrong password, without retrying', async () => {
    await expect(requestWebinToken({ ...credentials, password: 'nope' }, { url: fake.webinAuthUrl })).rejects.toBeInstanceOf(WebinLoginFailed);
    expect(fake.counters.requests.token).toBe(1);
  });

  test('retries when Webin answers 503', async () => {
    fake.setFaults({ token: { plan: ['error', 'error'] } });
    const token = await requestWebinToken(credentials, { url: fake.webinAuthUrl, backoffBaseMs: 20 });
    expect(tokenClaims(token)?.principle).toBe('Webin-12345');
    expect(fake.counters.requests.token).toBe(3);
  });
});

describe('loginToWebin', () => {
  test('refuses wrong credentials before anything is sent to BioSamples', async () => {
    await expect(loginToWebin({ username: 'Webin-12345', password: 'typo' }, { url: fake.webinAuthUrl })).rejects.toThrow(WebinLoginFailed);
    const { token, ...biosamples } = fake.counters.requests;
    expect(token).toBe(1);
    expect(Object.values(biosamples).every((n) => n === 0)).toBe(true);
  });
});

describe('WebinTokenProvider', () => {
  test('reuses a token until ten minutes before its exp, then renews it', async () => {
    let now = Date.now();
    const provider = new WebinTokenProvider(credentials, { url: fake.webinAuthUrl, now: () => now });
    const first = await provider.token();
    const exp = tokenClaims(first)!.exp * 1000;
    now = exp - 11 * 60_000;
    expect(await provider.token()).toBe(first);
    expect(fake.counters.requests.token).toBe(1);
    now = exp - 9 * 60_000;
    await provider.token();
    expect(fake.counters.requests.token).toBe(2);
  });

  test('renews a short-lived token when four fifths of its lifetime have passed', async () => {
    fake.setTokenLifetime(100);
    let now = Date.now();
    const provider = new WebinTokenProvider(credentials, { url: fake.webinAuthUrl, now: () => now });
    const first = await provider.token();
    const { iat, exp } = tokenClaims(first)!;
    now = (iat! + 0.75 * (exp - iat!)) * 1000;
    expect(await provider.token()).toBe(first);
    now = (iat! + 0.85 * (exp - iat!)) * 1000;
    await provider.token();
    expect(fake.counters.requests.token).toBe(2);
  });

  test('shares one renewal between concurrent callers', async () => {
    const provider = new WebinTokenProvider(credentials, { url: fake.webinAuthUrl });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.token()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.counters.requests.token).toBe(1);
  });

  test('keeps a client working across the expiry of its tokens, without a refused request', async () => {
    fake.setTokenLifetime(3);
    const provider = new WebinTokenProvider(credentials, { url: fake.webinAuthUrl });
    const client = new BioSamplesClient({ tokens: provider, baseUrl: fake.url, ratePerSecond: null });
    try {
      const until = Date.now() + 3500;
      while (Date.now() < until) {
        expect(await client.get('SAMEA1')).toBeNull();
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      client.close();
    }
    expect(fake.counters.requests.token).toBeGreaterThanOrEqual(2);
    expect(fake.counters.log.filter((r) => r.status === 401)).toEqual([]);
  });
});
