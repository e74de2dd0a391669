import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { BioSamplesClient } from './client.js';
import { BioSamplesAnswerLost } from './errors.js';
import { reserveOnce } from './reservation.js';
import type { BioSample } from './sample.js';
import { WebinTokenProvider } from './webin-auth.js';

let fake: FakeBioSamples;
let client: BioSamplesClient;

function record(name: string, alias = crypto.randomUUID()): BioSample {
  return { name, release: '2030-01-01T00:00:00Z', characteristics: { 'InjectTool alias': [{ text: alias }] } };
}

beforeAll(async () => {
  fake = await startFakeBioSamples();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.setFaults({});
  fake.resetCounters();
  const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: fake.webinAuthUrl });
  client = new BioSamplesClient({ tokens, baseUrl: fake.url, ratePerSecond: null, backoffBaseMs: 10, timeoutMs: 500 });
});
afterEach(() => client.close());

describe('reserveOnce', () => {
  test('reserves an accession for a new record', async () => {
    const reservation = await reserveOnce(client, record('new'), { mayExist: false });
    expect(reservation).toEqual({ accession: expect.stringMatching(/^SAMEA\d+$/), adopted: false, duplicates: [] });
    expect(fake.samples.get(reservation.accession)?.body.name).toBe('new');
  });

  test('adopts the sample stored by a reservation whose connection dropped, instead of reserving again', async () => {
    fake.setFaults({ reserve: { plan: ['drop'] } });
    const body = record('dropped');
    const reservation = await reserveOnce(client, body, { mayExist: false, searchPatienceMs: 0 });
    expect(reservation.adopted).toBe(true);
    expect(fake.counters.creations.get('dropped')).toBe(1);
    expect(fake.samplesWithAlias(body.characteristics['InjectTool alias'][0].text).map((s) => s.accession)).toEqual([reservation.accession]);
  });

  test('waits for the search index to catch up before reserving again', async () => {
    const lagging = await startFakeBioSamples({ searchLagMs: 400, faults: { reserve: { plan: ['stall'] } } });
    const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: lagging.webinAuthUrl });
    const slow = new BioSamplesClient({ tokens, baseUrl: lagging.url, ratePerSecond: null, timeoutMs: 100 });
    try {
      const reservation = await reserveOnce(slow, record('lagging'), { mayExist: false, searchPatienceMs: 2000, searchIntervalMs: 100 });
      expect(reservation.adopted).toBe(true);
      expect(lagging.counters.creations.get('lagging')).toBe(1);
    } finally {
      slow.close();
      await lagging.close();
    }
  });

  test('reserves again when the lost reservation was never stored', async () => {
    fake.setFaults({ reserve: { plan: [{ error: 500 }] } });
    const reservation = await reserveOnce(client, record('not-stored'), { mayExist: false, searchPatienceMs: 50, searchIntervalMs: 20 });
    expect(reservation.adopted).toBe(false);
    expect(fake.counters.requests.reserve).toBe(2);
    expect(fake.counters.creations.get('not-stored')).toBe(1);
  });

  test('gives up after its reservations were all lost and none was stored', async () => {
    fake.setFaults({ reserve: { plan: [{ error: 502 }, { error: 502 }] } });
    await expect(reserveOnce(client, record('unlucky'), { mayExist: false, searchPatienceMs: 0, maxReservations: 2 })).rejects.toBeInstanceOf(BioSamplesAnswerLost);
    expect(fake.counters.creations.get('unlucky')).toBeUndefined();
  });

  test('looks the alias up first when an earlier run may have reserved it', async () => {
    const body = record('crashed');
    const first = await client.reserveAccession(body);
    fake.resetCounters();
    const reservation = await reserveOnce(client, body, { mayExist: true });
    expect(reservation).toEqual({ accession: first.accession, adopted: true, duplicates: [] });
    expect(fake.counters.requests.reserve).toBe(0);
  });

  test('keeps the oldest of several samples with the same alias and reports the others', async () => {
    const body = record('twice');
    const older = await client.reserveAccession(body);
    const newer = await client.reserveAccession(body);
    const reservation = await reserveOnce(client, body, { mayExist: true });
    expect(reservation).toEqual({ accession: older.accession, adopted: true, duplicates: [newer.accession] });
  });

  test('creates exactly one sample per record under random errors and dropped connections', async () => {
    fake.setFaults({ reserve: { errorRate: 0.1, dropRate: 0.1 }, search: { errorRate: 0.1 } });
    const records = Array.from({ length: 200 }, (_, i) => record(`bulk-${i}`));
    const reservations = await Promise.all(records.map((r) => reserveOnce(client, r, { mayExist: false, searchPatienceMs: 0 })));
    expect(fake.counters.faults.drop).toBeGreaterThan(5);
    expect(new Set(reservations.map((r) => r.accession)).size).toBe(200);
    expect([...fake.counters.creationsByAlias.values()].every((n) => n === 1)).toBe(true);
    expect(fake.counters.creationsByAlias.size).toBe(200);
  });
});
