/**
 * The rules engine alone, on one core: synthetic animals and samples (a fifth of them with
 * problems), no database, no network. `npx tsx bench/validation-engine.ts [records]`
 */
import { createRecordValidator } from '../core/validation/engine.js';
import { syntheticAnimal, syntheticFacts, syntheticSample } from '../core/validation/synthetic-records.js';
import type { ImageRecord } from '../core/records/image-record.js';

const total = Number(process.argv[2] ?? 200_000);

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

const data = records(total);
const validate = createRecordValidator(syntheticFacts());
for (const r of data.slice(0, 5000)) validate(r); // warm-up

let problems = 0;
const started = process.hrtime.bigint();
for (const r of data) problems += validate(r).messages.length;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`${total} records in ${seconds.toFixed(3)} s: ${Math.round(total / seconds)} records/s (${problems} messages)`);
