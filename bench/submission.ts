/**
 * Throughput of the whole submission job (core/biosamples/submit-submission.ts) on a real database:
 * N new records (a fifth animals, half of them with parents, the rest samples) sent to the fake
 * BioSamples at a fixed latency per request, rate limit lifted. Each new record costs two requests
 * (reserve, PUT), so ideal = concurrency / latency requests per second; the goal is >= 90% of it.
 *
 *   node --import tsx bench/submission.ts [--records 10000] [--latency 100] [--concurrency 4]
 *
 * Uses a scratch database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 * dropped at the end. Concurrency defaults to SUBMIT_CONCURRENCY.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { config, overrideConfig } from '../core/config.js';
import { connectDatabase, disconnectDatabase } from '../core/db/data-source.js';
import { prepareDatabase } from '../core/db/database.js';
import { requestSubmission } from '../core/biosamples/request-submission.js';
import { runSubmission } from '../core/biosamples/submit-submission.js';
import { readyHerd } from '../test/biosamples-herd.js';
import { startFakeBioSamples } from '../test/fakes/biosamples.js';

process.env.ONTOLOGY_ONLINE ??= 'false';
process.env.LOG_LEVEL ??= 'warn';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '10000' }, latency: { type: 'string', default: '100' }, concurrency: { type: 'string' } },
});
const records = Number(values.records);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency ?? config().biosamples.concurrency);

const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const scratch = `injecttool_bench_submission_${Date.now()}`;
await admin((c) => c.query(`CREATE DATABASE "${scratch}"`));
const url = new URL(server);
url.pathname = `/${scratch}`;
const fake = await startFakeBioSamples({ latencyMs });
try {
  const ds = await connectDatabase(url.toString(), { poolSize: 10 });
  await prepareDatabase(ds);
  overrideConfig((c) => {
    c.biosamples.url = fake.url;
    c.biosamples.webinAuthUrl = fake.webinAuthUrl;
    c.biosamples.concurrency = concurrency;
  });
  const animals = Math.round(records / 5);
  const founders = Math.max(2, Math.round(animals / 2));
  const herd = await readyHerd({ founders, children: animals - founders, samplesPerAnimal: Math.round((records - animals) / animals) });
  const total = herd.animals + herd.samples;
  await requestSubmission({ id: herd.ownerId, email: 'bench@example.org', role: 'curator' }, herd.submissionId,
    { username: 'Webin-12345', password: 'webin-test-password' }, undefined, async () => undefined);
  fake.resetCounters();

  const started = performance.now();
  const outcome = await runSubmission(herd.submissionId, { client: { ratePerSecond: null } });
  const seconds = (performance.now() - started) / 1000;

  const { requests: byRoute } = fake.counters;
  const requests = byRoute.reserve + byRoute.put + byRoute.search + byRoute.get + byRoute.create;
  const achieved = requests / seconds;
  const ideal = concurrency / (latencyMs / 1000);
  const duplicates = [...fake.counters.creationsByAlias.values()].filter((n) => n > 1).length;
  const served = fake.counters.log.filter((r) => r.route === 'reserve' || r.route === 'put');
  const serverMs = served.reduce((sum, r) => sum + (r.finishedAt! - r.receivedAt), 0) / served.length;
  console.log(JSON.stringify({
    records: total, status: outcome.status, requests, latencyMs, concurrency, seconds: +seconds.toFixed(1),
    achievedPerSecond: +achieved.toFixed(2), idealPerSecond: ideal, ofIdeal: `${((achieved / ideal) * 100).toFixed(1)}%`,
    recordsPerSecond: +(total / seconds).toFixed(2), meanServerMs: +serverMs.toFixed(1),
    ofIdealAtMeasuredServerTime: `${((achieved / (concurrency / (serverMs / 1000))) * 100).toFixed(1)}%`,
    maxInFlight: fake.counters.maxInFlight, duplicates,
  }));
} finally {
  await disconnectDatabase();
  await fake.close();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`));
}
process.exit(0);

async function admin(fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const c = new pg.Client({ connectionString: server.toString() });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}
