import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { runImport } from '../../core/import/run-import.js';
import { createSubmission } from '../../core/submissions/service.js';
import { createCurator } from './app-processes.js';
import { copyAlone } from './copy-alone.js';
import { HerdPlan, herdSubmissionFields, writeHerdTemplate } from './template-generator.js';

const db = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-herd-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What both the import and the COPY baseline store, per record, comparable across submissions. */
const stored = async (submissionId: number) => ({
  animals: await db.ds.query(
    `SELECT a.name, a.alternative_id, a.description, b.supplied_breed, x.label AS sex, f.name AS father, m.name AS mother, a.birth_date,
       a.birth_location, a.birth_location_latitude, a.birth_location_longitude, a.birth_location_accuracy
     FROM animals a JOIN breeds b ON b.id = a.breed_id LEFT JOIN sexes x ON x.id = a.sex_id
     LEFT JOIN animals f ON f.id = a.father_id LEFT JOIN animals m ON m.id = a.mother_id
     WHERE a.submission_id = $1 ORDER BY a.name`,
    [submissionId],
  ),
  samples: await db.ds.query(
    `SELECT s.name, s.alternative_id, s.description, a.name AS animal, s.collection_protocol, s.collection_date, s.collection_place,
       s.collection_place_latitude, s.collection_place_longitude, s.collection_place_accuracy, op.label AS organism_part,
       ds.label AS developmental_stage, ps.label AS physiological_stage, s.animal_age_at_collection, s.animal_age_at_collection_unit,
       s.availability, s.storage, s.storage_processing, s.preparation_interval, s.preparation_interval_unit
     FROM samples s JOIN animals a ON a.id = s.animal_id LEFT JOIN organism_parts op ON op.id = s.organism_part_id
     LEFT JOIN developmental_stages ds ON ds.id = s.developmental_stage_id LEFT JOIN physiological_stages ps ON ps.id = s.physiological_stage_id
     WHERE s.submission_id = $1 ORDER BY s.name`,
    [submissionId],
  ),
});

describe('the benchmark herd template', () => {
  it('imports without a problem as a fifth as many animals as samples, with pedigrees, and the COPY baseline stores the same records', async () => {
    const plan = new HerdPlan(1000);
    const file = path.join(dir, 'herd.xlsx');
    await writeHerdTemplate(file, plan);
    const curator = await createCurator('generator-test');
    const { id } = await createSubmission(
      { id: curator.id, email: curator.email, role: 'curator' },
      { ...herdSubmissionFields(plan), datasourceType: 'template' },
      { path: file, originalName: 'herd.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    );
    expect(await runImport(id)).toEqual({ status: 'loaded', message: '200 animals and 1000 samples imported' });

    const imported = await stored(id);
    expect(imported.animals).toHaveLength(200);
    expect(imported.samples).toHaveLength(1000);
    const withParents = imported.animals.filter((a: { father: string | null; mother: string | null }) => a.father && a.mother);
    expect(withParents.length).toBeGreaterThan(100);
    expect(new Set(imported.animals.map((a: { supplied_breed: string }) => a.supplied_breed)).size).toBe(10);
    expect(new Set(imported.samples.map((s: { organism_part: string }) => s.organism_part)).size).toBeGreaterThan(5);

    const copied = await copyAlone(db.url, plan, (await createCurator('generator-test-copy')).id);
    expect(copied).toMatchObject({ animals: 200, samples: 1000 });
    const [{ id: copyId }] = await db.ds.query(`SELECT max(id) AS id FROM submissions WHERE title = 'COPY alone'`);
    expect(await stored(copyId)).toEqual(imported);
  });
});
