import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readAnswer, type Answer } from '../http-answer.js';
import { startFakeBioSamples, type FakeBioSamples } from './biosamples.js';

/** Everything here goes through real HTTP (fetch), not through the fake's internals. */

function caller(fake: FakeBioSamples) {
  return async (method: string, path: string, options: { token?: string; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<Answer> => {
    const origin = new URL(fake.url).origin;
    const response = await fetch(origin + path, {
      method,
      signal: options.signal,
      headers: {
        Accept: 'application/hal+json',
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'Content-Type': options.contentType ?? 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    return readAnswer(response);
  };
}

function pig(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    release: '2020-01-14T00:00:00Z',
    characteristics: {
      Species: [{ text: 'Sus scrofa', ontologyTerms: ['http://purl.obolibrary.org/obo/NCBITaxon_9823'] }],
      'InjectTool alias': [{ text: crypto.randomUUID() }],
    },
    ...extra,
  };
}

const aliasOf = (sample: { characteristics: Record<string, Array<{ text: string }>> }) => sample.characteristics['InjectTool alias'][0].text;

let fake: FakeBioSamples;
let call: ReturnType<typeof caller>;
let owner: string;
let other: string;

beforeAll(async () => {
  fake = await startFakeBioSamples();
  call = caller(fake);
  owner = fake.tokenFor('Webin-12345');
  other = fake.tokenFor('Webin-67890');
});
afterAll(() => fake.close());

describe('Webin token endpoint', () => {
  test('answers a raw JWT as text whose payload names the Webin account and its expiry', async () => {
    fake.setTokenLifetime(5 * 3600);
    const reply = await call('POST', '/ena/submit/webin/auth/token', { body: { authRealms: ['ENA'], username: 'Webin-12345', password: 'webin-test-password' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
    const [header, payload] = reply.text.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ principle: 'Webin-12345', role: [], exp: expect.any(Number), iat: expect.any(Number) });
    expect(payload.exp - payload.iat).toBe(5 * 3600);
    fake.setTokenLifetime(3 * 3600);
  });

  test('refuses a wrong password with 401', async () => {
    const reply = await call('POST', '/ena/submit/webin/auth/token', { body: { authRealms: ['ENA'], username: 'Webin-12345', password: 'wrong' } });
    expect(reply.status).toBe(401);
  });
});

describe('authentication of writes', () => {
  test('refuses a write without a token with 401 Unauthorized submitter', async () => {
    const reply = await call('POST', '/biosamples/samples', { body: pig('no-token') });
    expect(reply.status).toBe(401);
    expect(reply.json).toMatchObject({ status: 401, error: 'Unauthorized', message: 'Unauthorized submitter', path: '/biosamples/samples' });
  });

  test('refuses an expired token with 401', async () => {
    fake.setTokenLifetime(0);
    const expired = fake.tokenFor('Webin-12345');
    fake.setTokenLifetime(3 * 3600);
    const reply = await call('POST', '/biosamples/samples/accession', { token: expired, body: { name: 'late' } });
    expect(reply.status).toBe(401);
    expect(reply.json.message).toBe('Unauthorized submitter');
  });

  test('refuses a token it did not sign with 401', async () => {
    const [h, p] = owner.split('.');
    const reply = await call('POST', '/biosamples/samples/accession', { token: `${h}.${p}.forged`, body: { name: 'forged' } });
    expect(reply.status).toBe(401);
  });
});

describe('POST /biosamples/samples', () => {
  test('creates a public sample and answers 201 with its accession, HAL links and the taxon derived from Species', async () => {
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: pig('created-1') });
    expect(reply.status).toBe(201);
    expect(reply.json.accession).toMatch(/^SAMEA\d+$/);
    expect(reply.json).toMatchObject({ name: 'created-1', status: 'PUBLIC', taxId: 9823, webinSubmissionAccountId: 'Webin-12345', submittedVia: 'JSON_API' });
    expect(reply.json._links.self.href).toBe(`${fake.url}/samples/${reply.json.accession}`);
    expect(reply.headers.get('location')).toBe(reply.json._links.self.href);
    expect(fake.counters.creations.get('created-1')).toBe(1);
  });

  test('refuses a body carrying an accession', async () => {
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: pig('with-accession', { accession: 'SAMEA1' }) });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toBe('New sample submission should not contain an accession or a SRA accession, these are auto-generated by BioSamples database');
  });

  test('refuses an organism unknown to the taxonomy with the ENA taxonomy message', async () => {
    const sample = pig('unicorn');
    sample.characteristics.Species = [{ text: 'Equus unicornis', ontologyTerms: [] }];
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: sample });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toBe('Validation of taxonomy failed against the ENA taxonomy service. The Organism attribute is either invalid or not submittable');
    expect(fake.counters.creations.has('unicorn')).toBe(false);
  });

  test('refuses a sample without name or release, naming both', async () => {
    const { name: _n, release: _r, ...nameless } = pig('x');
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: nameless });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({ invalid_types: ['Must provide release date in format YYYY-MM-DDTHH:MM:SS|Must provide name'] });
  });

  test('refuses a relationship whose target is not an accession, or is unknown', async () => {
    const badPattern = await call('POST', '/biosamples/samples', { token: owner, body: pig('rel-1', { relationships: [{ source: 'SAMEA1', type: 'child of', target: 'IMAGEA000000001' }] }) });
    expect(badPattern.status).toBe(400);
    expect(badPattern.json.invalid_types[0]).toBe('Target of a relationship must be an accession but was "IMAGEA000000001"');
    const unknown = await call('POST', '/biosamples/samples', { token: owner, body: pig('rel-2', { relationships: [{ source: 'SAMEA1', type: 'child of', target: 'SAMEA999999999' }] }) });
    expect(unknown.status).toBe(400);
    expect(unknown.json.invalid_types[0]).toContain('SAMEA999999999');
  });

  test('refuses with the bare checklist errors when checklist validation fails', async () => {
    const strict = await startFakeBioSamples({ checklist: (s) => ((s.characteristics as object) && 'Sex' in (s.characteristics as object) ? [] : [{ dataPath: '/characteristics.Sex', errors: ["should have required property 'Sex'"] }]) });
    try {
      const reply = await caller(strict)('POST', '/biosamples/samples', { token: strict.tokenFor('Webin-12345'), body: pig('no-sex') });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(reply.text).toBe(`[{"dataPath":"/characteristics.Sex","errors":["should have required property 'Sex'"]}]`);
    } finally {
      await strict.close();
    }
  });

  test('refuses a body that is not JSON with 415 when the content type is not JSON', async () => {
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: 'name=x', contentType: 'application/x-www-form-urlencoded' });
    expect(reply.status).toBe(415);
  });
});

describe('reservation and private samples', () => {
  test('reserves a private accession released a century ahead, visible to its owner only', async () => {
    const reply = await call('POST', '/biosamples/samples/accession', { token: owner, body: { name: 'reserved-1', characteristics: {} } });
    expect(reply.status).toBe(201);
    const accession = reply.json.accession as string;
    expect(reply.json.status).toBe('PRIVATE');
    expect(new Date(reply.json.release).getUTCFullYear()).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 99);
    expect((await call('GET', `/biosamples/samples/${accession}`, { token: owner })).json.status).toBe('PRIVATE');
    const stranger = await call('GET', `/biosamples/samples/${accession}`, { token: other });
    expect([stranger.status, stranger.text]).toEqual([403, '']);
    expect((await call('GET', `/biosamples/samples/${accession}`)).status).toBe(403);
  });

  test('answers 404 with an empty body for an unknown accession', async () => {
    const reply = await call('GET', '/biosamples/samples/SAMEA1');
    expect([reply.status, reply.text]).toEqual([404, '']);
  });
});

describe('PUT /biosamples/samples/{accession}', () => {
  async function reserve(name: string, token = owner): Promise<string> {
    return (await call('POST', '/biosamples/samples/accession', { token, body: { name } })).json.accession;
  }

  test('replaces the sample and publishes it when its release is past', async () => {
    const accession = await reserve('put-1');
    const reply = await call('PUT', `/biosamples/samples/${accession}`, { token: owner, body: pig('put-1', { accession }) });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ accession, status: 'PUBLIC', taxId: 9823 });
    expect(fake.counters.puts.get(accession)).toBe(1);
    expect((await call('GET', `/biosamples/samples/${accession}`)).json.characteristics.Species[0].text).toBe('Sus scrofa');
  });

  test('refuses a body whose accession differs from the URL', async () => {
    const accession = await reserve('put-2');
    const reply = await call('PUT', `/biosamples/samples/${accession}`, { token: owner, body: pig('put-2', { accession: 'SAMEA2' }) });
    expect([reply.status, reply.json.message]).toEqual([400, 'Sample accession must match URL accession']);
  });

  test('refuses an accession that does not exist', async () => {
    const reply = await call('PUT', '/biosamples/samples/SAMEA42', { token: owner, body: pig('put-3', { accession: 'SAMEA42' }) });
    expect([reply.status, reply.json.message]).toEqual([400, 'Sample accession does not exist']);
  });

  test('refuses an update by another Webin account with 403', async () => {
    const accession = await reserve('put-4');
    const reply = await call('PUT', `/biosamples/samples/${accession}`, { token: other, body: pig('put-4', { accession }) });
    expect(reply.status).toBe(403);
    expect(reply.json.message).toMatch(/^This sample is permitted to be updated only by the original submitter/);
  });

  test('shows a relationship on its target too, as BioSamples adds reverse links', async () => {
    const parent = await reserve('parent');
    const child = await reserve('child');
    const link = { source: child, type: 'child of', target: parent };
    expect((await call('PUT', `/biosamples/samples/${child}`, { token: owner, body: pig('child', { accession: child, relationships: [link] }) })).status).toBe(200);
    expect((await call('GET', `/biosamples/samples/${parent}`, { token: owner })).json.relationships).toEqual([link]);
  });
});

describe('search by attribute', () => {
  test('finds a private sample by its alias for its owner only', async () => {
    const body = pig('searched');
    const alias = aliasOf(body);
    const { release: _r, ...reservation } = body;
    const accession = (await call('POST', '/biosamples/samples/accession', { token: owner, body: reservation })).json.accession;
    const path = `/biosamples/samples?filter=${encodeURIComponent(`attr:InjectTool alias:${alias}`)}`;
    const mine = await call('GET', path, { token: owner });
    expect(mine.status).toBe(200);
    expect(mine.json._embedded.samples.map((s: { accession: string }) => s.accession)).toEqual([accession]);
    expect(mine.json.page).toMatchObject({ totalElements: 1, number: 0 });
    expect((await call('GET', path, { token: other })).json._embedded).toBeUndefined();
    expect((await call('GET', path)).json._embedded).toBeUndefined();
  });

  test('finds a new sample only after the search lag', async () => {
    const lagging = await startFakeBioSamples({ searchLagMs: 300 });
    try {
      const c = caller(lagging);
      const token = lagging.tokenFor('Webin-12345');
      const body = pig('lagging');
      await c('POST', '/biosamples/samples', { token, body });
      const path = `/biosamples/samples?filter=${encodeURIComponent(`attr:InjectTool alias:${aliasOf(body)}`)}`;
      expect((await c('GET', path, { token })).json._embedded).toBeUndefined();
      await new Promise((r) => setTimeout(r, 350));
      expect((await c('GET', path, { token })).json._embedded.samples).toHaveLength(1);
    } finally {
      await lagging.close();
    }
  });
});

describe('faults and latency', () => {
  test('answers a planned 503 before processing: nothing is stored', async () => {
    fake.setFaults({ create: { plan: ['error'] } });
    const reply = await call('POST', '/biosamples/samples', { token: owner, body: pig('fault-503') });
    expect(reply.status).toBe(503);
    expect(fake.counters.creations.has('fault-503')).toBe(false);
    expect((await call('POST', '/biosamples/samples', { token: owner, body: pig('fault-503') })).status).toBe(201);
    expect(fake.counters.creations.get('fault-503')).toBe(1);
  });

  test('answers a planned 429 with its Retry-After before processing', async () => {
    fake.setFaults({ reserve: { plan: [{ throttle: 7 }] } });
    const reply = await call('POST', '/biosamples/samples/accession', { token: owner, body: { name: 'fault-429' } });
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(fake.counters.creations.has('fault-429')).toBe(false);
  });

  test('drops the connection after storing the sample', async () => {
    fake.setFaults({ reserve: { plan: ['drop'] } });
    await expect(call('POST', '/biosamples/samples/accession', { token: owner, body: { name: 'fault-drop' } })).rejects.toThrow();
    expect(fake.counters.creations.get('fault-drop')).toBe(1);
    expect(fake.counters.faults.drop).toBeGreaterThanOrEqual(1);
  });

  test('holds the connection without an answer after storing the sample', async () => {
    fake.setFaults({ create: { plan: ['stall'] } });
    await expect(call('POST', '/biosamples/samples', { token: owner, body: pig('fault-stall'), signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(fake.counters.creations.get('fault-stall')).toBe(1);
  });

  test('injects faults at the configured rate, the same ones for the same seed', async () => {
    const outcomes: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const seeded = await startFakeBioSamples({ seed: 42, faults: { get: { errorRate: 0.1, throttleRate: 0.05 } } });
      const c = caller(seeded);
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await c('GET', '/biosamples/samples/SAMEA1')).status);
      outcomes.push(statuses);
      await seeded.close();
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    const errors = outcomes[0].filter((s) => s === 503).length;
    const throttled = outcomes[0].filter((s) => s === 429).length;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(35);
    expect(throttled).toBeGreaterThan(2);
    expect(throttled).toBeLessThan(20);
  });

  test('delays every request of a route by its latency, and counts requests per route', async () => {
    fake.setFaults({});
    fake.resetCounters();
    fake.setLatency({ get: 600 });
    const started = performance.now();
    await call('GET', '/biosamples/samples/SAMEA1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(595);
    fake.setLatency(0);
    const quick = performance.now();
    await call('GET', '/biosamples/samples/SAMEA1');
    expect(performance.now() - quick).toBeLessThan(500); // without the latency: far below it, even on a busy machine
    expect(fake.counters.requests.get).toBe(2);
    expect(fake.counters.log.map((r) => r.status)).toEqual([404, 404]);
  });
});
