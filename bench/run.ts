/**
 * `npm run bench`: every benchmark in turn, each in its own process, then one summary table
 * (figure, goal, ratio, met) written to bench/results/summary-<time>.json as well.
 *
 *   npm run bench                                  # all of them (a benchmark whose script is absent is listed as such)
 *   npm run bench -- import                        # one; its options follow: npm run bench -- import --samples 100000
 *   npm run bench -- engine biosamples-client      # several
 *
 * A benchmark prints a `BENCH_RESULT {...}` line (bench/lib/report.ts writeResult); for one that does
 * not, its last JSON line is shown as is.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../core/paths.js';
import { loadNote, machine, resultsDir, table, type Measure } from './lib/report.js';

interface Bench {
  name: string;
  script: string;
  what: string;
  /** Runs pinned to one CPU (taskset), as its goal is stated for one core. */
  oneCore?: boolean;
  /** What must be done first, shown when the script fails. */
  needs?: string;
}

const BENCHES: Bench[] = [
  { name: 'import', script: 'bench/import.ts', what: 'template import end to end against ExcelJS read + COPY alone, 100k and 500k samples (issue 3)' },
  { name: 'validation', script: 'bench/validation.ts', what: '100k-sample submission validated end to end, warm ontology cache, no network (issue 4)' },
  { name: 'engine', script: 'bench/validation-engine.ts', what: 'rules engine alone, records/s on one core (issue 4)', oneCore: true },
  { name: 'biosamples-client', script: 'bench/biosamples-client.ts', what: 'BioSamples client against the fake at 100 ms latency (issue 5)' },
  { name: 'fix', script: 'bench/fix-submission.ts', what: '"Fix this" job over 100k samples (issue 4; no goal set)' },
  { name: 'submission', script: 'bench/submission.ts', what: 'submission job to the fake BioSamples (issue 5)' },
  // Issue 6 "Scale": the 1M-sample panel and API lists, on the database `npm run bench:seed` fills.
  { name: 'panel', script: 'bench/panel.ts', what: 'panel and API lists at 1M samples (issue 6)', needs: 'npm run bench:seed' },
];

interface Outcome {
  bench: Bench;
  status: 'done' | 'failed' | 'absent';
  seconds: number;
  summary: Measure[];
  raw?: string;
  exitCode?: number | null;
  file?: string;
}

function parseCommandLine(argv: string[]): { selected: Bench[]; args: string[] } {
  const names: string[] = [];
  let i = 0;
  for (; i < argv.length && !argv[i].startsWith('-'); i++) names.push(argv[i]);
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) {
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  }
  return { selected: names.length ? BENCHES.filter((b) => names.includes(b.name)) : BENCHES, args: argv.slice(i) };
}

const hasTaskset = fs.existsSync('/usr/bin/taskset');

function runOne(bench: Bench, args: string[]): Promise<Outcome> {
  if (!fs.existsSync(path.join(projectRoot, bench.script))) return Promise.resolve({ bench, status: 'absent', seconds: 0, summary: [] });
  const node = [process.execPath, '--import', 'tsx', bench.script, ...args];
  const command = bench.oneCore && hasTaskset ? ['/usr/bin/taskset', '-c', '0', ...node] : node;
  console.log(`\n######## ${bench.name}: ${bench.what}\n$ ${command.map((c) => (c === process.execPath ? 'node' : c)).join(' ')}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd: projectRoot, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    let result: { summary: Measure[]; file?: string } | undefined;
    let lastJson: string | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail += chunk.toString();
      const lines = tail.split('\n');
      tail = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('BENCH_RESULT ')) result = JSON.parse(line.slice('BENCH_RESULT '.length));
        else if (/^\s*\{.*\}\s*$/.test(line) && !line.includes('"level":')) lastJson = line.trim();
      }
    });
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (result) resolve({ bench, status: code === 0 ? 'done' : 'failed', seconds, summary: result.summary, file: result.file, exitCode: code });
      else resolve({ bench, status: code === 0 ? 'done' : 'failed', seconds, summary: [], raw: lastJson, exitCode: code });
    });
  });
}

/** A bench that prints only its figures as JSON: a throughput one (issue 5) says `ofIdeal`, whose goal is ≥ 90 %. */
function fromJsonLine(raw: string): Record<string, string> | undefined {
  let figures: Record<string, unknown>;
  try {
    figures = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof figures.ofIdeal !== 'string') return undefined;
  const percent = parseFloat(figures.ofIdeal);
  const about = [figures.records && `${figures.records} records`, figures.concurrency && `concurrency ${figures.concurrency}`,
    figures.latencyMs && `${figures.latencyMs} ms latency`].filter(Boolean).join(', ');
  return {
    measure: `throughput (${about})`, value: `${figures.ofIdeal} of ideal`, goal: '≥ 90 % of concurrency / latency',
    ratio: (90 / percent).toFixed(2), met: percent >= 90 ? 'yes' : 'NO',
  };
}

const { selected, args } = parseCommandLine(process.argv.slice(2));
const m = machine();
console.log(`npm run bench: ${selected.map((b) => b.name).join(', ')} — ${m.date}, ${loadNote(m)}`);
const outcomes: Outcome[] = [];
for (const bench of selected) outcomes.push(await runOne(bench, args));

const rows: Record<string, string>[] = [];
for (const o of outcomes) {
  if (o.status === 'absent') rows.push({ bench: o.bench.name, measure: `(no ${o.bench.script} yet)`, value: '', goal: '', ratio: '', met: '' });
  else if (o.summary.length === 0 && o.raw && fromJsonLine(o.raw)) rows.push({ bench: o.bench.name, ...fromJsonLine(o.raw)! });
  else if (o.summary.length === 0) {
    const why = o.status === 'failed' ? `FAILED (exit ${o.exitCode})${o.bench.needs ? `; needs ${o.bench.needs}` : ''}` : 'no BENCH_RESULT';
    rows.push({ bench: o.bench.name, measure: why, value: o.raw?.slice(0, 100) ?? '', goal: '', ratio: '', met: '' });
  } else {
    for (const s of o.summary) {
      rows.push({
        bench: o.bench.name, measure: s.measure, value: s.value, goal: s.goal, ratio: s.ratio === null ? '' : s.ratio.toFixed(2),
        met: s.met === null ? '' : s.met ? 'yes' : 'NO',
      });
    }
  }
}
const end = machine();
console.log(`\n######## summary (${loadNote({ ...m, loadAtEnd: end.loadAtStart })}; ratio ≤ 1 means the goal is met)\n`);
console.log(table(rows));
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `summary-${m.date.replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')}.json`);
fs.writeFileSync(file, JSON.stringify({
  machine: { ...m, loadAtEnd: end.loadAtStart },
  benches: outcomes.map((o) => ({ bench: o.bench.name, status: o.status, seconds: Math.round(o.seconds), summary: o.summary, raw: o.raw, file: o.file })),
}, null, 2) + '\n');
console.log(`\nsummary written to ${path.relative(projectRoot, file)}`);
process.exit(outcomes.some((o) => o.status === 'failed') ? 1 : 0);
