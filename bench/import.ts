/**
 * Import benchmark (issue 3). For each size, on a fresh scratch database:
 *   (a) ExcelJS's streaming reader alone over the file, in its own process (time, peak RSS);
 *   (b) PostgreSQL COPY alone of the same rows into the real animals/samples tables;
 *   (c) end to end: POST /api/submissions to a real web process, imported by a real worker process,
 *       until the submission is `loaded`; the worker's peak RSS is read from /proc.
 * Goals: (c) ≤ 2 × (a + b) in time; worker peak RSS ≤ 1.5 × the peak RSS of (a).
 * Also measured, to see where time and memory go: InjectTool's template parser alone (no database),
 * and the worker's database time by statement.
 *
 *   npm run bench:import [-- --samples 100000,500000] [--repeat 3]   (runs of (a) and of the parser alone; medians used)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import   (else embedded PostgreSQL)
 */
import { execFile } from 'node:child_process';
import { parseArgs, promisify } from 'node:util';
import { db } from '../core/db/data-source.js';
import { projectRoot } from '../core/paths.js';
import { ApiSession, appEnv, createCurator, jobRun, peakRssMb, rssMb, startWeb, startWorker, stopAll, watchSubmission } from './lib/app-processes.js';
import { copyAlone } from './lib/copy-alone.js';
import { atMost, fmt, loadNote, machine, measuresTable, table, writeResult, type Measure } from './lib/report.js';
import { scratchDatabase } from './lib/scratch-database.js';
import { HerdPlan, herdSubmissionFields, herdTemplateFile } from './lib/template-generator.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '100000,500000' }, repeat: { type: 'string', default: '3' } } });
/** Peak RSS of a garbage-collected process swings with GC timing (and load): the read alone runs this many times, median taken. */
const repeat = Math.max(1, Number(values.repeat));
const sizes = values.samples!.split(',').map((s) => Number(s.replace(/_/g, '')));
if (sizes.some((n) => !Number.isInteger(n) || n < 5)) throw new Error(`--samples wants sizes such as 100000,500000, not ${values.samples}`);

const run = promisify(execFile);

/** Runs a bench/lib child script under tsx (as the worker runs) and returns its JSON line and wall time. */
async function child<T>(script: string, file: string): Promise<T & { processSeconds: number }> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, file], {
    cwd: projectRoot, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 2 ** 20,
  });
  const line = stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as T), processSeconds: (performance.now() - started) / 1000 };
}

interface ReadAlone { rows: number; readSeconds: number; baselineRssMb: number; peakRssMb: number }
interface ParseAlone { animals: number; samples: number; problems: number; parseSeconds: number; baselineRssMb: number; peakRssMb: number }

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const spread = (xs: number[], digits = 0) => xs.map((x) => x.toFixed(digits)).join(', ');

/** Runs a child `repeat` times; the median of each figure, and every run. */
async function repeated<T extends object>(script: string, file: string): Promise<{ median: T & { processSeconds: number }; runs: (T & { processSeconds: number })[] }> {
  const runs: (T & { processSeconds: number })[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await child<T>(script, file));
  const keys = Object.keys(runs[0]) as (keyof T & string)[];
  const mid = Object.fromEntries(keys.map((k) => [k, typeof runs[0][k] === 'number' ? median(runs.map((r) => r[k] as number)) : runs[0][k]]));
  return { median: mid as T & { processSeconds: number }, runs };
}

const m = machine();
console.log(`Import benchmark, ${m.date}, ${loadNote(m)}`);
const scratch = await scratchDatabase(process.env.BENCH_DATABASE_URL, 'bench');
console.log(`scratch database: ${scratch.version}, ${scratch.where}`);
const env = appEnv(scratch.url, { ONTOLOGY_ONLINE: 'false', MAX_UPLOAD_MB: '1000' });
const runs: Record<string, unknown>[] = [];
const summary: Measure[] = [];

try {
  const web = await startWeb(env);
  for (const samples of sizes) {
    const plan = new HerdPlan(samples);
    console.log(`\n== ${samples.toLocaleString('en-US')} samples over ${plan.animals.toLocaleString('en-US')} animals`);
    const template = await herdTemplateFile(plan);
    console.log(`file ${template.file} (${fmt(template.bytes / 2 ** 20)} MB)${template.seconds === null ? ', cached' : `, generated in ${fmt(template.seconds)} s`}`);

    const reads = await repeated<ReadAlone>('bench/lib/read-xlsx-alone.ts', template.file);
    const a = reads.median;
    console.log(`(a) ExcelJS read alone (median of ${repeat}): ${fmt(a.readSeconds)} s (process ${fmt(a.processSeconds)} s), peak RSS ${a.peakRssMb} MB ` +
      `(${a.baselineRssMb} MB at start); runs: ${spread(reads.runs.map((r) => r.readSeconds), 1)} s, ${spread(reads.runs.map((r) => r.peakRssMb))} MB`);
    const parses = await repeated<ParseAlone>('bench/lib/parse-xlsx-alone.ts', template.file);
    const parse = parses.median;
    console.log(`    template parser alone, no database (median of ${repeat}): ${fmt(parse.parseSeconds)} s, peak RSS ${parse.peakRssMb} MB; ` +
      `runs: ${spread(parses.runs.map((r) => r.parseSeconds), 1)} s, ${spread(parses.runs.map((r) => r.peakRssMb))} MB`);

    const b = await copyAlone(scratch.url, plan, (await createCurator(`copy-${samples}`)).id);
    if (b.animals !== plan.animals || b.samples !== plan.samples) throw new Error(`COPY alone stored ${b.animals} animals and ${b.samples} samples`);
    console.log(`(b) COPY alone: ${fmt(b.seconds)} s`);

    const curator = await createCurator(`import-${samples}`);
    const worker = await startWorker(env);
    const workerIdleMb = rssMb(worker.pid)!;
    const session = await ApiSession.login(web.url!, curator);
    const t0 = performance.now();
    const id = await session.upload(template.file, herdSubmissionFields(plan));
    const uploadSeconds = (performance.now() - t0) / 1000;
    const watched = await watchSubmission(id, worker, t0);
    const workerPeakMb = peakRssMb(worker.pid)!;
    const webPeakMb = peakRssMb(web.pid)!;
    const job = await jobRun('import-submission', id);
    await worker.stop();
    const [stored] = await db().query(
      `SELECT (SELECT errors FROM submissions WHERE id = $1) AS problems,
              (SELECT count(*)::int FROM animals WHERE submission_id = $1) AS animals,
              (SELECT count(*)::int FROM animals WHERE submission_id = $1 AND father_id IS NOT NULL) AS with_father,
              (SELECT count(*)::int FROM samples WHERE submission_id = $1) AS samples`,
      [id],
    );
    if (watched.status !== 'loaded' || stored.animals !== plan.animals || stored.samples !== plan.samples) {
      throw new Error(`the import ended ${watched.status} ("${watched.message}") with ${stored.animals} animals and ${stored.samples} samples`);
    }
    console.log(`(c) end to end: ${fmt(watched.seconds)} s (upload answered in ${fmt(uploadSeconds)} s, job ${job ? fmt(job.seconds) : '?'} s, ` +
      `file read by ${watched.fileReadAt === undefined ? '?' : fmt(watched.fileReadAt)} s) — "${watched.message}"`);
    for (const p of (stored.problems ?? []).slice(0, 5)) console.log(`    ${p.level}: ${p.message}`);
    console.log(`    worker peak RSS ${Math.round(workerPeakMb)} MB (${Math.round(workerIdleMb)} MB idle before the job), ` +
      `${fmt(workerPeakMb / parse.peakRssMb)} × the parser alone; web peak RSS ${Math.round(webPeakMb)} MB`);
    console.log('    worker database time by statement (sampled every 100 ms):');
    console.log(table(watched.databaseTime.slice(0, 12).map((d) => ({ seconds: d.seconds, statement: d.statement }))).replace(/^/gm, '      '));

    const timeLimit = 2 * (a.readSeconds + b.seconds);
    const memoryLimit = 1.5 * a.peakRssMb;
    const measures = [
      atMost(`import ${samples / 1000}k: end to end`, watched.seconds, timeLimit, 's', `≤ 2 × (a ${fmt(a.readSeconds)} + b ${fmt(b.seconds)}) = ${fmt(timeLimit)} s`),
      atMost(`import ${samples / 1000}k: worker peak RSS`, workerPeakMb, memoryLimit, 'MB', `≤ 1.5 × ${a.peakRssMb} MB (a, median) = ${Math.round(memoryLimit)} MB`),
    ];
    summary.push(...measures);
    console.log(measuresTable(measures));
    runs.push({
      samples, animals: plan.animals, file: { bytes: template.bytes, generatedSeconds: template.seconds },
      readAlone: { median: a, runs: reads.runs }, parserAlone: { median: parse, runs: parses.runs }, copyAlone: b,
      endToEnd: {
        seconds: watched.seconds, uploadSeconds, jobSeconds: job?.seconds, fileReadAt: watched.fileReadAt, message: watched.message,
        workerPeakRssMb: Math.round(workerPeakMb), workerIdleRssMb: Math.round(workerIdleMb), webPeakRssMb: Math.round(webPeakMb),
        animalsWithFather: stored.with_father, databaseTime: watched.databaseTime, rssTimeline: watched.rssTimeline,
      },
      goals: { timeLimitSeconds: timeLimit, memoryLimitMb: memoryLimit },
    });
  }
} finally {
  await stopAll();
  await scratch.close();
}

console.log(`\n${measuresTable(summary)}`);
writeResult({ bench: 'import', machine: m, database: `${scratch.version}, ${scratch.where}`, summary, runs });
process.exit(0);
