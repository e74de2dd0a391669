import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { BioSamplesClient, type BioSamplesClientOptions } from './client.js';
import { BioSamplesAnswerLost, BioSamplesRejected, BioSamplesUnavailable } from './errors.js';
import type { BioSample } from './sample.js';
import { WebinTokenProvider } from './webin-auth.js';
import { backoffDelay } from './http.js';

let fake: FakeBioSamples;
const clients: BioSamplesClient[] = [];

function clientFor(options: Partial<BioSamplesClientOptions> = {}): BioSamplesClient {
  const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: fake.webinAuthUrl });
  const client = new BioSamplesClient({ tokens, baseUrl: fake.url, ratePerSecond: null, backoffBaseMs: 20, ...options });
  clients.push(client);
  return client;
}

function pig(name: string, accession?: string): BioSample {
  return {
    name,
    ...(accession ? { accession } : {}),
    release: '2020-01-14T00:00:00Z',
    characteristics: {
      Species: [{ text: 'Sus scrofa', ontologyTerms: ['http://purl.obolibrary.org/obo/NCBITaxon_9823'] }],
      'InjectTool alias': [{ text: crypto.randomUUID() }],
    },
  };
}

/** Requests of one route as the fake saw them. */
const seen = (route: string) => fake.counters.log.filter((r) => r.route === route);

beforeAll(async () => {
  fake = await startFakeBioSamples();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFaults({});
  fake.setLatency(0);
  fake.resetCounters();
});
afterEach(() => {
  while (clients.length) clients.pop()!.close();
});

describe('requests', () => {
  test('reserves, replaces, reads and finds a sample by alias, asking for HAL with the Webin token', async () => {
    const client = clientFor();
    const body = pig('round-trip');
    const { accession } = await client.reserveAccession(body);
    expect((await client.put(accession, { ...body, accession })).status).toBe('PUBLIC');
    expect((await client.get(accession))?.characteristics.Species[0].text).toBe('Sus scrofa');
    const found = await client.findByAlias(body.characteristics['InjectTool alias'][0].text);
    expect(found.map((s) => s.accession)).toEqual([accession]);
    for (const request of fake.counters.log.filter((r) => r.route !== 'token')) {
      expect(request.headers.accept).toBe('application/hal+json');
      expect(request.headers.authorization).toMatch(/^Bearer ey/);
    }
  });

  test('finds a private (reserved) sample of its own account by alias', async () => {
    const client = clientFor();
    const body = pig('private-find');
    const { accession } = await client.reserveAccession(body);
    expect((await client.findByAlias(body.characteristics['InjectTool alias'][0].text)).map((s) => s.accession)).toEqual([accession]);
  });

  test('answers null for an accession BioSamples does not know', async () => {
    expect(await clientFor().get('SAMEA1')).toBeNull();
  });
});

describe('rejections', () => {
  test('does not retry a 4xx and carries the server reason', async () => {
    const sample = pig('unicorn');
    sample.characteristics.Species = [{ text: 'Equus unicornis' }];
    const error = await clientFor().create(sample).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BioSamplesRejected);
    expect(error).toMatchObject({
      status: 400,
      reason: 'Validation of taxonomy failed against the ENA taxonomy service. The Organism attribute is either invalid or not submittable',
    });
    expect(fake.counters.requests.create).toBe(1);
  });

  test('reads the bare checklist error text, naming the attribute', async () => {
    const strict = await startFakeBioSamples({ checklist: () => [{ dataPath: '/characteristics.Sex', errors: ["should have required property 'Sex'"] }] });
    const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: strict.webinAuthUrl });
    const client = new BioSamplesClient({ tokens, baseUrl: strict.url, ratePerSecond: null });
    try {
      const error = (await client.create(pig('no-sex')).catch((e: unknown) => e)) as BioSamplesRejected;
      expect(error.details).toEqual([{ field: 'Sex', message: "should have required property 'Sex'" }]);
      expect(error.reason).toBe("Sex: should have required property 'Sex'");
    } finally {
      client.close();
      await strict.close();
    }
  });

  test('splits the missing-field report into one detail per message', async () => {
    const { name: _n, ...nameless } = pig('x');
    const error = (await clientFor().create(nameless as BioSample).catch((e: unknown) => e)) as BioSamplesRejected;
    expect(error.details.map((d) => d.message)).toEqual(['Must provide name']);
  });

  test('reports 403 when another account updates the sample', async () => {
    const { accession } = await clientFor().reserveAccession(pig('theirs'));
    const stranger = new BioSamplesClient({
      tokens: new WebinTokenProvider({ username: 'Webin-67890', password: 'other-test-password' }, { url: fake.webinAuthUrl }),
      baseUrl: fake.url,
      ratePerSecond: null,
    });
    clients.push(stranger);
    await expect(stranger.put(accession, pig('theirs', accession))).rejects.toMatchObject({ status: 403 });
  });
});

describe('retries', () => {
  test('retries 503 until it succeeds, even for a reservation', async () => {
    fake.setFaults({ reserve: { plan: ['error', 'error'] } });
    await clientFor().reserveAccession(pig('after-503'));
    expect(fake.counters.requests.reserve).toBe(3);
    expect(fake.counters.creations.get('after-503')).toBe(1);
  });

  test('retries a PUT after 500, 502 and 504', async () => {
    const client = clientFor();
    const { accession } = await client.reserveAccession(pig('put-5xx'));
    fake.setFaults({ put: { plan: [{ error: 500 }, { error: 502 }, { error: 504 }] } });
    await client.put(accession, pig('put-5xx', accession));
    expect(seen('put').map((r) => r.status)).toEqual([500, 502, 504, 200]);
  });

  test('waits the Retry-After of a 429 before trying again', async () => {
    fake.setFaults({ get: { plan: [{ throttle: 1 }] } });
    await clientFor().get('SAMEA1');
    const [throttled, retried] = seen('get');
    expect(throttled.status).toBe(429);
    expect(retried.receivedAt - throttled.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  test('holds the other requests of the run while BioSamples asks to wait', async () => {
    fake.setFaults({ get: { plan: [{ throttle: 1 }] } });
    const client = clientFor();
    const first = client.get('SAMEA1');
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all([first, client.get('SAMEA2')]);
    const throttled = seen('get')[0];
    const other = seen('get').find((r) => r.path.includes('SAMEA2'))!;
    expect(other.receivedAt - throttled.receivedAt).toBeGreaterThanOrEqual(1000);
  });

  test('spaces retries by jittered exponential backoff', async () => {
    fake.setFaults({ get: { plan: ['error', 'error', 'error'] } });
    await clientFor({ backoffBaseMs: 100, random: () => 0 }).get('SAMEA1');
    const low = seen('get').map((r) => r.receivedAt);
    fake.resetCounters();
    fake.setFaults({ get: { plan: ['error', 'error', 'error'] } });
    await clientFor({ backoffBaseMs: 100, random: () => 0.999 }).get('SAMEA1');
    const high = seen('get').map((r) => r.receivedAt);
    const gaps = (t: number[]) => t.slice(1).map((v, i) => v - t[i]);
    // Retry n waits between half and all of 100·2^(n−1) ms: the waits seen are at least that long (a busy
    // machine only makes them longer, so their upper end is checked on the schedule itself below).
    expect(gaps(low)).toHaveLength(3);
    gaps(low).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(50 * 2 ** i));
    gaps(high).forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(99 * 2 ** i));
    expect([1, 2, 3].map((n) => backoffDelay(n, 100, 30_000, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 100, 30_000, () => 1))).toEqual([100, 200, 400]);
    expect(backoffDelay(20, 100, 30_000, () => 1)).toBe(30_000);
  });

  test('gives up with BioSamplesUnavailable after its attempts', async () => {
    fake.setFaults({ get: { plan: ['error', 'error', 'error', 'error'] } });
    await expect(clientFor({ maxAttempts: 3 }).get('SAMEA1')).rejects.toBeInstanceOf(BioSamplesUnavailable);
    expect(fake.counters.requests.get).toBe(3);
  });

  test('renews a refused token once and repeats the request', async () => {
    const client = clientFor();
    await client.get('SAMEA1');
    fake.revokeTokens();
    expect(await client.get('SAMEA1')).toBeNull();
    expect(fake.counters.requests.token).toBe(2);
    expect(seen('get').map((r) => r.status)).toEqual([404, 401, 404]);
  });
});

describe('lost answers', () => {
  test('reports a reservation whose connection dropped as lost, without repeating it', async () => {
    fake.setFaults({ reserve: { plan: ['drop'] } });
    await expect(clientFor().reserveAccession(pig('dropped'))).rejects.toBeInstanceOf(BioSamplesAnswerLost);
    expect(fake.counters.requests.reserve).toBe(1);
    expect(fake.counters.creations.get('dropped')).toBe(1);
  });

  test('reports a reservation that timed out as lost', async () => {
    fake.setFaults({ reserve: { plan: ['stall'] } });
    await expect(clientFor({ timeoutMs: 300 }).reserveAccession(pig('stalled'))).rejects.toBeInstanceOf(BioSamplesAnswerLost);
    expect(fake.counters.requests.reserve).toBe(1);
  });

  test('reports a reservation answered 500 as lost, since it may have been stored', async () => {
    fake.setFaults({ reserve: { plan: [{ error: 500 }] } });
    await expect(clientFor().reserveAccession(pig('maybe'))).rejects.toBeInstanceOf(BioSamplesAnswerLost);
    expect(fake.counters.requests.reserve).toBe(1);
  });

  test('repeats a PUT whose connection dropped, since repeating it is harmless', async () => {
    const client = clientFor();
    const { accession } = await client.reserveAccession(pig('put-drop'));
    fake.setFaults({ put: { plan: ['drop', 'stall'] } });
    const timed = clientFor({ timeoutMs: 300 });
    await timed.put(accession, pig('put-drop', accession));
    expect(fake.counters.puts.get(accession)).toBe(3);
  });

  test('retries a reservation that never reached the server, and then reports it unavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise((r) => closed.close(r));
    const client = clientFor({ baseUrl: `http://127.0.0.1:${port}/biosamples`, maxAttempts: 2 });
    await expect(client.reserveAccession(pig('refused'))).rejects.toBeInstanceOf(BioSamplesUnavailable);
  });
});

describe('pace', () => {
  test('never has more requests in flight than its concurrency', async () => {
    fake.setLatency(100);
    const client = clientFor({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.get(`SAMEA${i + 1}`)));
    expect(fake.counters.maxInFlight).toBe(3);
  });

  test('starts no more requests per second than its rate', async () => {
    const client = clientFor({ concurrency: 4, ratePerSecond: 20 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => client.get(`SAMEA${i + 1}`)));
    const arrivals = seen('get').map((r) => r.receivedAt).sort((a, b) => a - b);
    // Starts are paced at the client; arrivals at the server jitter on a busy machine, hence 900 ms.
    const busiestSecond = Math.max(...arrivals.map((t) => arrivals.filter((u) => u >= t && u < t + 900).length));
    expect(busiestSecond).toBeLessThanOrEqual(20);
    expect(arrivals[arrivals.length - 1] - arrivals[0]).toBeGreaterThanOrEqual(29 * 50 - 5);
  });

  test('sends as fast as its concurrency allows when the rate is lifted', async () => {
    const client = clientFor({ concurrency: 4, ratePerSecond: null });
    const started = performance.now();
    await Promise.all(Array.from({ length: 100 }, (_, i) => client.get(`SAMEA${i + 1}`)));
    // Paced at the default 10 per second they would take 9.9 s.
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
