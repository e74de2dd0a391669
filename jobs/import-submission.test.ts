import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../test/database.js';
import { createUser } from '../test/factories.js';
import { pigSample, templateWorkbook, twoPigs, writeLargeTemplate } from '../test/template-file.js';
import { overrideConfig } from '../core/config.js';
import { db as database } from '../core/db/data-source.js';
import { storeUpload } from '../core/submissions/files.js';
import { closeQueue, enqueue } from './queue.js';
import { ensureAgendaTable, killChildren, spawnJobProcess, waitFor } from './test-kit.js';
import importSubmission from './import-submission.js';
import type { JobContext } from './agenda.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-import-job-'));
// Declared before useTestDatabase(), so the queue's connections close before the database is dropped.
afterAll(async () => {
  await killChildren();
  await closeQueue();
  fs.rmSync(dir, { recursive: true, force: true });
});
const db = useTestDatabase();
let owner: number;

beforeAll(async () => {
  owner = (await createUser()).id;
});
afterEach(() => killChildren());

/** A `waiting` template submission holding the file at `file`, as POST /api/submissions leaves it. */
async function waitingSubmission(file: string): Promise<number> {
  const fileId = await database().transaction((m) =>
    storeUpload(m, owner, { path: file, originalName: path.basename(file), mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const [{ id }] = await db.ds.query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, owner_id, file_id)
     VALUES ('Big herd', 'bank ' || gen_random_uuid(), (SELECT id FROM countries WHERE label = 'Italy'), 'template', '1', $1, $2)
     RETURNING id`,
    [owner, fileId],
  );
  return id;
}

const state = async (id: number) => (await db.ds.query(
  `SELECT s.status, s.message, (SELECT count(*)::int FROM animals WHERE submission_id = s.id) AS animals,
     (SELECT count(*)::int FROM samples WHERE submission_id = s.id) AS samples,
     (SELECT count(DISTINCT name)::int FROM samples WHERE submission_id = s.id) AS sample_names
   FROM submissions s WHERE s.id = $1`,
  [id],
))[0];

describe('import-submission job', () => {
  it('imports the submission and, run again, changes nothing', async () => {
    const file = path.join(dir, 'two-pigs.xlsx');
    fs.writeFileSync(file, await templateWorkbook(twoPigs));
    const id = await waitingSubmission(file);
    const context = { log: { info: () => undefined } } as unknown as JobContext;
    await importSubmission.handler({ submissionId: id }, context);
    const after = await state(id);
    expect(after).toMatchObject({ status: 'loaded', message: '2 animals and 2 samples imported', animals: 2, samples: 2 });
    const rows = await db.ds.query(`SELECT * FROM animals WHERE submission_id = $1 ORDER BY id`, [id]);
    await importSubmission.handler({ submissionId: id }, context);
    expect(await state(id)).toEqual(after);
    expect(await db.ds.query(`SELECT * FROM animals WHERE submission_id = $1 ORDER BY id`, [id])).toEqual(rows);
  });

  it('asks for Zooma annotation of the terms a file brought without an ontology id, and only then', async () => {
    await ensureAgendaTable();
    overrideConfig((c) => { c.ontology.online = true; });
    try {
      const context = { log: { info: () => undefined } } as unknown as JobContext;
      const annotations = async () => (await db.ds.query(`SELECT count(*)::int AS n FROM agenda_jobs WHERE name = 'annotate-vocabularies'`))[0].n;
      const known = path.join(dir, 'known-terms.xlsx');
      fs.writeFileSync(known, await templateWorkbook(twoPigs));
      await importSubmission.handler({ submissionId: await waitingSubmission(known) }, context);
      expect(await annotations()).toBe(0);
      const novel = path.join(dir, 'new-term.xlsx');
      fs.writeFileSync(novel, await templateWorkbook({ ...twoPigs, sample: [pigSample('s3', 'sow', { 'Organism part': 'epididymis' })] }));
      await importSubmission.handler({ submissionId: await waitingSubmission(novel) }, context);
      expect(await annotations()).toBe(1);
    } finally {
      overrideConfig((c) => { c.ontology.online = false; });
    }
  });

  it('survives kill -9 of the worker in the middle of a 50,000-row import: a new worker imports exactly the file', async () => {
    const file = path.join(dir, 'big.xlsx');
    await writeLargeTemplate(file, 10_000, 4);
    const id = await waitingSubmission(file);
    const env = { JOB_LOCK_MINUTES: '0.05' };
    const first = spawnJobProcess('worker', db.url, env);
    await first.started;
    await enqueue('import-submission', { submissionId: id });
    // The worker's import transaction is streaming the file's rows into its staging table.
    await waitFor(async () => (await db.ds.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'injecttool-worker'
         AND state = 'active' AND query LIKE 'COPY import_rows%'`,
    )).length > 0, 'the import to be half-way', 60_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(await state(id)).toMatchObject({ status: 'waiting', animals: 0, samples: 0 });

    const second = spawnJobProcess('worker', db.url, env);
    await second.started;
    await waitFor(async () => (await state(id)).status !== 'waiting', 'the import to end after the restart', 150_000);
    expect(await state(id)).toEqual({
      status: 'loaded', message: '10000 animals and 40000 samples imported', animals: 10_000, samples: 40_000, sample_names: 40_000,
    });
    expect(second.output()).toContain('"job":"import-submission"');
  }, 240_000);
});
