/**
 * The rules engine alone, on one core: synthetic animals and samples (a fifth of them with
 * problems), no database, no network. Goal (issue 4): ≥ 50,000 records/s. Three timed passes
 * after a warm-up; the median is the figure.
 *
 *   npm run bench:engine [-- --records 200000]        (npm run bench pins it to one CPU with taskset)
 */
import { parseArgs } from 'node:util';
import { createRecordValidator } from '../core/validation/engine.js';
import { syntheticAnimal, syntheticFacts, syntheticSample } from '../core/validation/synthetic-records.js';
import type { ImageRecord } from '../core/records/image-record.js';
import { atLeast, fmt, loadNote, machine, measuresTable, writeResult } from './lib/report.js';

const GOAL = 50_000;
const { values, positionals } = parseArgs({ options: { records: { type: 'string' }, passes: { type: 'string', default: '3' } }, allowPositionals: true });
const total = Number(values.records ?? positionals[0] ?? 200_000);

function records(n: number): ImageRecord[] {
  const out: ImageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const r = i % 4 === 0 ? syntheticAnimal(i) : syntheticSample(i, i - (i % 4));
    if (i % 5 === 0) {
      r.attributes['Birth date'] = [{ value: '12/04/2015', unit: 'YYYY-MM-DD' }];
      r.attributes['Person email'] = [{ value: 'peter@ebi.ac.uk' }];
    }
    out.push(r);
  }
  return out;
}

const m = machine();
console.log(`Validation engine benchmark, ${m.date}, ${loadNote(m)}`);
const data = records(total);
const validate = createRecordValidator(syntheticFacts());
for (const r of data.slice(0, 5000)) validate(r); // warm-up

const rates: number[] = [];
let problems = 0;
for (let pass = 0; pass < Number(values.passes); pass++) {
  problems = 0;
  const started = process.hrtime.bigint();
  for (const r of data) problems += validate(r).messages.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rates.push(total / seconds);
  console.log(`${total} records in ${seconds.toFixed(3)} s: ${Math.round(total / seconds)} records/s (${problems} messages)`);
}
const median = [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)];
const summary = [atLeast('validation engine alone (one core)', median, GOAL, 'records/s', `≥ ${fmt(GOAL)} records/s`)];
console.log(`\n${measuresTable(summary)}`);
writeResult({ bench: 'engine', machine: m, summary, records: total, messages: problems, recordsPerSecond: rates.map(Math.round) });
