/**
 * What every benchmark reports: the machine and its load, each measure against its goal, and the
 * whole result as JSON under bench/results/ (git-ignored). `npm run bench` reads the BENCH_RESULT line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../core/paths.js';

export const resultsDir = path.join(projectRoot, 'bench', 'results');

export interface Machine {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  /** 1, 5 and 15 minute load averages. */
  loadAtStart: number[];
  loadAtEnd?: number[];
}

export function machine(): Machine {
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    loadAtStart: os.loadavg().map((l) => +l.toFixed(2)),
  };
}

/** One line of the summary table: a figure, its goal, and whether it is met. */
export interface Measure {
  measure: string;
  value: string;
  goal: string;
  /** value / limit for "at most" goals, limit / value for "at least" goals: ≤ 1 means met. */
  ratio: number | null;
  met: boolean | null;
}

export function atMost(measure: string, value: number, limit: number, unit: string, goal: string): Measure {
  return { measure, value: `${fmt(value)} ${unit}`, goal, ratio: +(value / limit).toFixed(2), met: value <= limit };
}

export function atLeast(measure: string, value: number, limit: number, unit: string, goal: string): Measure {
  return { measure, value: `${fmt(value)} ${unit}`, goal, ratio: +(limit / value).toFixed(2), met: value >= limit };
}

export const fmt = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2));

export interface BenchResult {
  bench: string;
  machine: Machine;
  summary: Measure[];
  [key: string]: unknown;
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/** Writes bench/results/<bench>-<stamp>.json and prints the BENCH_RESULT line `npm run bench` collects. */
export function writeResult(result: BenchResult): string {
  result.machine.loadAtEnd = os.loadavg().map((l) => +l.toFixed(2));
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.bench}-${stamp(result.machine.date)}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nresult written to ${path.relative(projectRoot, file)}`);
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: result.bench, summary: result.summary, machine: result.machine, file })}`);
  return file;
}

/** A plain text table. */
export function table(rows: Record<string, string | number>[]): string {
  if (!rows.length) return '';
  const columns = Object.keys(rows[0]);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd();
  return [line(columns), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ''))))].join('\n');
}

export function measuresTable(measures: Measure[]): string {
  return table(measures.map((m) => ({
    measure: m.measure, value: m.value, goal: m.goal, ratio: m.ratio === null ? '' : m.ratio.toFixed(2),
    met: m.met === null ? '' : m.met ? 'yes' : 'NO',
  })));
}

export const loadNote = (m: Machine): string =>
  `${m.cpus} cores (${m.cpuModel}), load average ${m.loadAtStart.join(' / ')} at start${m.loadAtEnd ? `, ${m.loadAtEnd.join(' / ')} at end` : ''}`;
