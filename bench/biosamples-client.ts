/**
 * Throughput of the BioSamples client: N new records (reserve + PUT each) against the fake at a
 * fixed latency per request, rate limit lifted. Ideal = concurrency / latency requests per second.
 *
 *   node --import tsx bench/biosamples-client.ts [--records 10000] [--latency 100] [--concurrency 4]
 *
 * Concurrency defaults to SUBMIT_CONCURRENCY.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { config } from '../core/config.js';
import { BioSamplesClient } from '../core/biosamples/client.js';
import { reservationBody, toBioSample } from '../core/biosamples/serializer.js';
import { WebinTokenProvider } from '../core/biosamples/webin-auth.js';
import type { ImageRecord } from '../core/records/image-record.js';
import { startFakeBioSamples } from '../test/fakes/biosamples.js';
import { atLeast, loadNote, machine, writeResult } from './lib/report.js';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000' }, latency: { type: 'string', default: '100' }, concurrency: { type: 'string' } },
});
const records = Number(values.records);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency ?? config().biosamples.concurrency);

function animal(i: number): ImageRecord {
  const attribute = (value: string | number, terms?: string[], unit?: string) => [{ value, terms, unit }];
  return {
    recordType: 'animal', id: i, submissionId: 1, name: `ANIMAL-${i}`, alias: crypto.randomUUID(), accession: null,
    material: 'organism', taxonId: 9823,
    attributes: {
      Project: attribute('IMAGE'), 'Data source ID': attribute(`ANIMAL-${i}`), 'Submission title': attribute('Benchmark'),
      'Person last name': attribute('Cozzi'), 'Person email': attribute('mailto:someone@example.org'),
      'Person role': attribute('submitter', ['EFO_0001741']), 'Organization name': attribute('IBBA-CNR'),
      'Organization country': attribute('Italy', ['NCIT_C16761']), 'Gene bank name': attribute('Cryoweb IT'),
      'Gene bank country': attribute('Italy', ['NCIT_C16761']), 'Data source type': attribute('Template'),
      'Data source version': attribute('0.3'), Species: attribute('Sus scrofa', ['NCBITaxon_9823']),
      Material: attribute('organism', ['OBI_0100026']), 'Supplied breed': attribute('Cinta Senese'),
      'Mapped breed': attribute('pig breed', ['LBO_0000003']), Sex: attribute('male', ['PATO_0000384']),
      'Birth date': attribute('2019-11-05', undefined, 'YYYY-MM-DD'), 'Birth location accuracy': attribute('missing geographic information'),
    },
    relationships: [],
    contact: { firstName: 'Paolo', lastName: 'Cozzi', initials: 'PC', email: 'someone@example.org', role: 'submitter', affiliation: 'IBBA-CNR' },
    organization: { name: 'IBBA-CNR', address: 'Milano', uri: null, country: 'Italy', role: 'submitter' },
    publicationDoi: null,
  };
}

const m = machine();
console.log(`BioSamples client benchmark, ${m.date}, ${loadNote(m)}`);
const fake = await startFakeBioSamples({ latencyMs });
const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: fake.webinAuthUrl });
const client = new BioSamplesClient({ tokens, baseUrl: fake.url, concurrency, ratePerSecond: null });
await tokens.token();

const release = new Date().toISOString().slice(0, 10);
const started = performance.now();
await Promise.all(
  Array.from({ length: records }, async (_, i) => {
    const record = animal(i);
    const { accession } = await client.reserveAccession(reservationBody(record, release));
    await client.put(accession, toBioSample(record, { release, accession }));
  }),
);
const seconds = (performance.now() - started) / 1000;
client.close();
await fake.close();

const requests = records * 2;
const achieved = requests / seconds;
const ideal = concurrency / (latencyMs / 1000);
const duplicates = [...fake.counters.creations.values()].filter((n) => n > 1).length;
// On a loaded machine the fake's own timers run late; this separates that from the client's cost.
const served = fake.counters.log.filter((r) => r.route === 'reserve' || r.route === 'put');
const serverMs = served.reduce((sum, r) => sum + (r.finishedAt! - r.receivedAt), 0) / served.length;
const effectiveIdeal = concurrency / (serverMs / 1000);
const figures = {
  records, requests, latencyMs, concurrency, seconds: +seconds.toFixed(1), achievedPerSecond: +achieved.toFixed(1),
  idealPerSecond: ideal, ofIdeal: `${((achieved / ideal) * 100).toFixed(1)}%`,
  meanServerMs: +serverMs.toFixed(1), ofIdealAtMeasuredServerTime: `${((achieved / effectiveIdeal) * 100).toFixed(1)}%`,
  retries: client.stats.retries, duplicates,
};
console.log(JSON.stringify(figures));
const summary = [atLeast(`BioSamples client, concurrency ${concurrency}, ${latencyMs} ms latency`, (achieved / ideal) * 100, 90, '% of ideal', '≥ 90 % of concurrency / latency')];
writeResult({ bench: 'biosamples-client', machine: m, summary, ...figures });
process.exit(0);
