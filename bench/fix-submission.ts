/**
 * "Fix this" on 100,000 samples: the request (checks, count, waiting) and the fix-submission job's
 * work (set-based updates in one transaction, stale validation results), timed on a scratch
 * database. The samples are written with a stored validation result holding the storage message,
 * as a validation of a file with a wrong storage on every row would leave them.
 *
 *   npm run bench -- fix [samples]            # embedded PostgreSQL
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- fix
 *
 * The issue sets no goal for it: the summary line reports the figure without one.
 */
import { bulkEdit } from '../core/fixes/fix-requests.js';
import { runFix } from '../core/fixes/run-fix.js';
import { editRecord } from '../core/fixes/record-edit.js';
import { fmt, loadNote, machine, writeResult } from './lib/report.js';
import { scratchDatabase } from './lib/scratch-database.js';

const SAMPLES = Number(process.argv[2] ?? 100_000);
const KEY = 'value_not_allowed:Sample storage:frozen';

const m = machine();
console.log(`Fix benchmark, ${m.date}, ${loadNote(m)}`);
const scratch = await scratchDatabase(process.env.BENCH_DATABASE_URL, 'fix');
try {
  const { ds } = scratch;
  const [{ id: owner }] = await ds.query(
    `INSERT INTO users (email, password_hash, role, first_name, last_name) VALUES ('bench@example.org', 'x', 'curator', 'B', 'C') RETURNING id`);
  const [{ id: submission }] = await ds.query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id, validation_summary)
     VALUES ('Bench', 'bank', (SELECT id FROM countries WHERE label = 'Italy'), 'template', '1', 'need_revision', $1, '{}') RETURNING id`, [owner]);
  const [{ id: breed }] = await ds.query(
    `INSERT INTO breeds (supplied_breed, species_id, country_id) SELECT 'Large White', s.id, c.id FROM species s, countries c
      WHERE s.label = 'Sus scrofa' AND c.label = 'Italy' RETURNING id`);
  const [{ id: animal }] = await ds.query(
    `INSERT INTO animals (name, submission_id, owner_id, breed_id) VALUES ('boar', $1, $2, $3) RETURNING id`, [submission, owner, breed]);
  let t = Date.now();
  await ds.query(
    `INSERT INTO samples (name, submission_id, owner_id, animal_id, storage, status, validation)
     SELECT 'straw-' || g, $1, $2, $3, 'frozen', 'need_revision', 'error' FROM generate_series(1, $4) g`, [submission, owner, animal, SAMPLES]);
  await ds.query(
    `INSERT INTO validation_results (submission_id, owner_id, record_type, sample_id, level, messages)
     SELECT $1, $2, 'sample', s.id, 'error', $3::jsonb FROM samples s WHERE s.submission_id = $1`,
    [submission, owner, JSON.stringify([
      { field: 'Sample storage', level: 'error', key: KEY, message: "Sample storage 'frozen' is not one of …" },
      { field: 'Collection date', level: 'warning', key: 'empty_value:Collection date', message: 'Collection date has an empty value' },
    ])]);
  await ds.query(`ANALYZE samples; ANALYZE validation_results`);
  console.log(`${SAMPLES} samples with results written in ${Date.now() - t} ms (${scratch.where}, ${scratch.version})`);

  const actor = { id: owner, email: 'bench@example.org', role: 'curator' as const };
  let fixId = 0;
  t = Date.now();
  const queued = await bulkEdit(actor, submission, 'sample', { filter: { message: KEY } }, 'storage', 'frozen, liquid nitrogen', async (job) => {
    fixId = job.fixId;
  });
  console.log(`request: ${queued.records} samples selected, submission waiting, in ${Date.now() - t} ms`);
  t = Date.now();
  const outcome = await runFix(fixId);
  const jobMs = Date.now() - t;
  console.log(`job: ${outcome.message} in ${jobMs} ms (${Math.round(SAMPLES / (jobMs / 1000))} records/s)`);
  const [left] = await ds.query(
    `SELECT count(*) FILTER (WHERE messages @> '[{"key": "${KEY}"}]')::int AS still, count(*) FILTER (WHERE jsonb_array_length(messages) = 1)::int AS kept
       FROM validation_results WHERE submission_id = $1`, [submission]);
  console.log(`results: ${left.still} still have the storage message, ${left.kept} kept their other message`);
  const [{ id: one }] = await ds.query(`SELECT id FROM samples WHERE submission_id = $1 ORDER BY id LIMIT 1`, [submission]);
  t = Date.now();
  await editRecord(actor, 'sample', one, { storage: 'cut slide', collectionDate: '2020-02' });
  const editMs = Date.now() - t;
  console.log(`single edit with its inline check: ${editMs} ms`);
  writeResult({
    bench: 'fix', machine: m, samples: SAMPLES, jobMs, editMs, stillWithMessage: left.still,
    summary: [{ measure: `"Fix this" job, ${fmt(SAMPLES)} samples`, value: `${fmt(jobMs / 1000)} s`, goal: 'none set', ratio: null, met: null }],
  });
} finally {
  await scratch.close();
}
