/**
 * Validation benchmark (issue 4): the import benchmark's 100,000-sample file (20,000 animals),
 * imported through the API, then validated end to end by a real worker process — from the job's
 * start to the summary stored — with a warm ontology cache and no network call. OLS and Zooma are
 * local counting fakes (ONTOLOGY_ONLINE=true): a warm-up run on a small file with the same
 * vocabulary fills the cache, then the measured run must make zero requests.
 * Goal: ≤ 20 s. (The rules engine alone, in records/s, is bench/validation-engine.ts.)
 *
 *   npm run bench:validation [-- --samples 100000]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:validation
 */
import { parseArgs } from 'node:util';
import { db } from '../core/db/data-source.js';
import { startFakeOls } from '../test/fakes/ols.js';
import { startFakeZooma } from '../test/fakes/zooma.js';
import {
  ApiSession, appEnv, createCurator, jobRun, peakRssMb, startWeb, startWorker, stopAll, watchSubmission, type AppProcess,
} from './lib/app-processes.js';
import { atMost, fmt, loadNote, machine, measuresTable, writeResult, type Measure } from './lib/report.js';
import { scratchDatabase } from './lib/scratch-database.js';
import { BREEDS, HerdPlan, herdSubmissionFields, herdTemplateFile } from './lib/template-generator.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '100000' }, 'warm-up': { type: 'string', default: '2000' } } });
const samples = Number(values.samples);
const warmUpSamples = Number(values['warm-up']);
const GOAL_SECONDS = 20;

/** Uploads `plan`'s file as a new curator and waits for `loaded`. */
async function imported(web: AppProcess, worker: AppProcess, plan: HerdPlan): Promise<{ id: number; session: ApiSession; seconds: number }> {
  const template = await herdTemplateFile(plan);
  const session = await ApiSession.login(web.url!, await createCurator(`validation-${plan.prefix}${plan.samples}`));
  const t0 = performance.now();
  const id = await session.upload(template.file, herdSubmissionFields(plan));
  const watched = await watchSubmission(id, worker, t0);
  if (watched.status !== 'loaded') throw new Error(`the import of ${plan.samples} samples ended ${watched.status}: ${watched.message}`);
  await jobRun('import-submission', id); // the job's last step (statistics) runs after `loaded`
  return { id, session, seconds: watched.seconds };
}

/** POST /validate and wait for the outcome; the job's own start and the summary's storing time come from the database. */
async function validated(session: ApiSession, worker: AppProcess, id: number) {
  const t0 = performance.now();
  const res = await session.request('POST', `/api/submissions/${id}/validate`);
  if (res.status !== 202) throw new Error(`validate refused: ${res.status} ${JSON.stringify(res.json)}`);
  const watched = await watchSubmission(id, worker, t0);
  const job = await jobRun('validate-submission', id);
  if (!job) throw new Error('the validation job left no run in agenda_jobs');
  const [{ stored_at: storedAt }] = await db().query(`SELECT updated_at AS stored_at FROM submissions WHERE id = $1 AND validation_summary IS NOT NULL`, [id]);
  const summary = (await session.request('GET', `/api/submissions/${id}/validation`)).json;
  return { watched, job, toSummarySeconds: (storedAt.getTime() - job.startedAt.getTime()) / 1000, summary };
}

const m = machine();
console.log(`Validation benchmark, ${m.date}, ${loadNote(m)}`);
const scratch = await scratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
console.log(`scratch database: ${scratch.version}, ${scratch.where}`);
// The file's one specific LBO breed is known to the fake OLS; the other terms are seeded.
const ols = await startFakeOls(BREEDS.filter((b) => b.mapped && !['LBO_0000001', 'LBO_0000003'].includes(b.mapped.term)).map((b) => ({
  term: b.mapped!.term, label: b.mapped!.label, ancestors: ['LBO_0000003', 'LBO_0000000'],
})));
const zooma = await startFakeZooma();
const env = appEnv(scratch.url, { ONTOLOGY_ONLINE: 'true', OLS_URL: ols.url, ZOOMA_URL: zooma.url, MAX_UPLOAD_MB: '1000' });
const summary: Measure[] = [];
let result: Record<string, unknown> = {};

try {
  const web = await startWeb(env);
  const worker = await startWorker(env);

  const warmPlan = new HerdPlan(warmUpSamples, 'W-');
  const warm = await imported(web, worker, warmPlan);
  const warmRun = await validated(warm.session, worker, warm.id);
  const warmUpRequests = { ols: ols.requestCount, zooma: zooma.requests.length };
  console.log(`warm-up: ${warmUpSamples} samples validated in ${fmt(warmRun.job.seconds)} s (${warmRun.watched.message}); ` +
    `${warmUpRequests.ols} OLS and ${warmUpRequests.zooma} Zooma requests`);

  const plan = new HerdPlan(samples);
  const big = await imported(web, worker, plan);
  console.log(`imported ${plan.samples} samples and ${plan.animals} animals through the API in ${fmt(big.seconds)} s`);
  const before = { ols: ols.requestCount, zooma: zooma.requests.length };
  const peakBefore = peakRssMb(worker.pid)!;
  const run = await validated(big.session, worker, big.id);
  const network = ols.requestCount - before.ols + (zooma.requests.length - before.zooma);
  const peakAfter = peakRssMb(worker.pid)!;

  console.log(`validation of ${plan.samples + plan.animals} records: job start → summary stored ${fmt(run.toSummarySeconds)} s ` +
    `(job ${fmt(run.job.seconds)} s; POST /validate → status seen ${fmt(run.watched.seconds)} s) — ${run.watched.status}: "${run.watched.message}"`);
  console.log(`counts ${JSON.stringify(run.summary.counts)}; OLS/Zooma requests during the run: ${network}`);
  for (const type of ['animals', 'samples'] as const) {
    for (const msg of run.summary[type].messages.slice(0, 5)) console.log(`  ${type}: ${msg.level} ×${msg.count}: ${msg.message}`);
  }
  console.log(`worker peak RSS ${Math.round(peakAfter)} MB (${Math.round(peakBefore)} MB before this run, after the imports)`);
  console.log('worker database time by statement (sampled every 100 ms):');
  for (const d of run.watched.databaseTime.slice(0, 8)) console.log(`  ${String(d.seconds).padStart(5)}  ${d.statement}`);

  summary.push(
    atMost(`validation ${samples / 1000}k: job start → summary stored`, run.toSummarySeconds, GOAL_SECONDS, 's', `≤ ${GOAL_SECONDS} s`),
    { measure: `validation ${samples / 1000}k: OLS/Zooma requests`, value: String(network), goal: '0 (warm cache)', ratio: null, met: network === 0 },
  );
  result = {
    samples, animals: plan.animals, records: samples + plan.animals, importSeconds: big.seconds,
    warmUp: { samples: warmUpSamples, seconds: warmRun.job.seconds, requests: warmUpRequests },
    run: {
      toSummarySeconds: run.toSummarySeconds, jobSeconds: run.job.seconds, apiSeconds: run.watched.seconds, status: run.watched.status,
      message: run.watched.message, counts: run.summary.counts, networkRequests: network, workerPeakRssMb: Math.round(peakAfter),
      databaseTime: run.watched.databaseTime, rssTimeline: run.watched.rssTimeline,
      messages: { animals: run.summary.animals.messages, samples: run.summary.samples.messages },
    },
  };
} finally {
  await stopAll();
  await ols.stop();
  await zooma.stop();
  await scratch.close();
}

console.log(`\n${measuresTable(summary)}`);
writeResult({ bench: 'validation', machine: m, database: `${scratch.version}, ${scratch.where}`, summary, ...result });
process.exit(0);
