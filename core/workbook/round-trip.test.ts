import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { useTestDatabase } from '../../test/database.js';
import { createSubmission, createUser, ensureBreed } from '../../test/factories.js';
import { RecordingSink } from '../../test/recording-sink.js';
import { parseExcelTemplate } from '../import/excel-template.js';
import { runImport } from '../import/run-import.js';
import { UnreadableFileError } from '../import/rows.js';
import { writeAnnotatedWorkbook } from './annotated.js';
import { writeTemplate } from './template.js';
import { addAnimal, addSample, message, recordValidation } from '../../test/workbook-records.js';

const db = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-round-trip-'));
const context = { fileName: 'workbook.xlsx', geneBankCountry: 'Italy', limits: { maxRows: 100_000, maxUnzippedBytes: 100_000_000 } };

async function bytesOf(write: (out: Writable) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

async function parse(bytes: Buffer | ArrayBuffer): Promise<RecordingSink> {
  const file = path.join(dir, `${Math.random()}.xlsx`);
  fs.writeFileSync(file, Buffer.from(bytes as ArrayBuffer));
  const sink = new RecordingSink();
  await parseExcelTemplate(file, context, sink);
  return sink;
}

/** The submission's records as the workbook shows them, to compare before and after a reload. */
async function recordsOf(submissionId: number): Promise<unknown[]> {
  return db.ds.query(
    `SELECT 'animal' AS type, a.name, a.alternative_id, b.supplied_breed AS breed, sx.label AS sex, f.name AS father, m.name AS mother,
            a.birth_date AS date, a.birth_location_latitude AS lat, a.birth_location_accuracy AS accuracy, NULL AS age, NULL AS unit, NULL AS storage
       FROM animals a JOIN breeds b ON b.id = a.breed_id LEFT JOIN sexes sx ON sx.id = a.sex_id
       LEFT JOIN animals f ON f.id = a.father_id LEFT JOIN animals m ON m.id = a.mother_id WHERE a.submission_id = $1
     UNION ALL
     SELECT 'sample', s.name, s.alternative_id, NULL, op.label, a.name, NULL, s.collection_date, s.collection_place_latitude,
            s.collection_place_accuracy, s.animal_age_at_collection, s.animal_age_at_collection_unit, s.storage
       FROM samples s JOIN animals a ON a.id = s.animal_id LEFT JOIN organism_parts op ON op.id = s.organism_part_id WHERE s.submission_id = $1
     ORDER BY 1, 2`,
    [submissionId],
  );
}

describe('workbooks read back by the template importer', () => {
  it('an empty template is refused for having no data rows', async () => {
    const bytes = await bytesOf((out) => writeTemplate(out));
    const refusal = await parse(bytes).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(UnreadableFileError);
    expect((refusal as Error).message).toMatch(/no data rows/);
  });

  it('a template filled in as a curator would (ids with leading zeros, partial dates, "1 year") is read as typed', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf((out) => writeTemplate(out, { dropdownRows: 50 }))) as unknown as ArrayBuffer);
    workbook.getWorksheet('breed')!.getRow(2).values = ['Cinta Senese', null, null, null, 'Italy', 'Pig'];
    workbook.getWorksheet('animal')!.getRow(2).values = ['0012', null, '855', null, null, 'Cinta Senese', 'Pig', 'male', '1999-06', null, null, null, 'missing geographic information'];
    workbook.getWorksheet('animal')!.getRow(3).values = ['0013', null, '856', '0012', null, 'Cinta Senese', 'Pig', 'female', '2001', null, null, null, 'country level'];
    workbook.getWorksheet('sample')!.getRow(2).values = ['S-01', '1834', null, '0013', null, null, '2011-09-03', null, null, 'Italy', 'country level', 'semen', null, null, '1 year'];
    const sink = await parse(await workbook.xlsx.writeBuffer());
    expect(sink.messages('error')).toEqual([]);
    expect(sink.animals.map((a) => [a.row.name, a.row.alternativeId, a.row.father, a.row.birthDate])).toEqual([
      ['0012', '855', null, '1999-06'], ['0013', '856', '0012', '2001'],
    ]);
    expect(sink.samples[0].row).toMatchObject({ name: 'S-01', animal: '0013', collectionDate: '2011-09-03', animalAgeAtCollection: 1 });
  });

  it('an annotated workbook, uploaded through Reload, imports the same records again', async () => {
    const owner = (await createUser()).id;
    const submissionId = (await createSubmission(owner, { status: 'ready' })).id;
    const pig = await ensureBreed('Cinta Senese', 'Sus scrofa');
    const goat = await ensureBreed('Verzaschese', 'Capra hircus');
    // The kid comes before its parents in the sheet, which the importer accepts.
    const kid = await addAnimal(submissionId, { name: 'KID', breedId: goat, sex: 'male' });
    const sire = await addAnimal(submissionId, { name: 'CS05', breedId: pig, sex: 'male', birthDate: '1999-01-02' });
    const dam = await addAnimal(submissionId, { name: 'CS12', breedId: pig, sex: 'female', birthLocationLatitude: 43.2 });
    await db.ds.query('UPDATE animals SET father_id = $2, mother_id = $3 WHERE id = $1', [kid, sire, dam]);
    const sample = await addSample({ name: 'S1', animalId: sire, collectionDate: '1999-06', age: [18, 'months'], storage: 'frozen, liquid nitrogen' });
    await addSample({ name: 'S2', animalId: dam });
    await recordValidation('animal', kid, [message('Species', 'error', "Species Capra hircus differs from Sus scrofa, the species of parent 'CS05'")]);
    await recordValidation('sample', sample, [message('Animal age at collection', 'warning', 'Animal age at collection looks long')]);
    const before = await recordsOf(submissionId);

    const bytes = await bytesOf((out) => writeAnnotatedWorkbook(submissionId, out));
    const [file] = await db.ds.query(
      `INSERT INTO uploaded_files (name, size, mime_type, content, owner_id) VALUES ('submission.xlsx', $1, 'application/octet-stream', $2, $3) RETURNING id`,
      [bytes.length, bytes, owner],
    );
    await db.ds.query(`UPDATE submissions SET status = 'waiting', file_id = $2 WHERE id = $1`, [submissionId, file.id]);

    const outcome = await runImport(submissionId);
    const [after] = await db.ds.query('SELECT status, message, errors FROM submissions WHERE id = $1', [submissionId]);
    expect(after.errors.filter((e: { level: string }) => e.level === 'error')).toEqual([]);
    expect(outcome.status).toBe('loaded');
    expect(after.message).toMatch(/^3 animals and 2 samples imported/);
    expect(await recordsOf(submissionId)).toEqual(before);
  });
});
