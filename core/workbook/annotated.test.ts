import { beforeAll, describe, expect, it } from '@jest/globals';
import type ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { useTestDatabase } from '../../test/database.js';
import { writeAnnotatedWorkbook, findWorkbookSubmission } from './annotated.js';
import { writeAndRead } from './read-back.js';
import { ERROR_FILL_COLOR, WARNING_FILL_COLOR } from './sheet-styles.js';
import { templateSheets } from './template-columns.js';
import { createSubmission, createUser, ensureBreed } from '../../test/factories.js';
import { addAnimal, addSample, addSamples, message, recordValidation } from '../../test/workbook-records.js';

const db = useTestDatabase();

interface Marked { fill: string; note: string }

/** Every data cell (below the header) that has a fill, with its note. */
function markedCells(ws: ExcelJS.Worksheet): Record<string, Marked> {
  const out: Record<string, Marked> = {};
  ws.eachRow((row, r) => {
    if (r === 1) return;
    row.eachCell({ includeEmpty: true }, (cell) => {
      const fill = (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
      if (fill) out[cell.address] = { fill, note: typeof cell.note === 'string' ? cell.note : JSON.stringify(cell.note) };
      else expect(cell.note).toBeUndefined();
    });
  });
  return out;
}

const rowsOf = (ws: ExcelJS.Worksheet): unknown[][] => {
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
};

describe('the annotated workbook', () => {
  let submissionId: number;
  let owner: number;
  let workbook: ExcelJS.Workbook;

  beforeAll(async () => {
    owner = (await createUser({ email: 'owner@example.org', firstName: 'Paolo', lastName: 'Cozzi', organization: 'IBBA-CNR' })).id;
    submissionId = (await createSubmission(owner, { title: 'Italian pigs', geneBankName: 'CryoWeb' })).id;
    const pig = await ensureBreed('Cinta Senese', 'Sus scrofa');
    const goat = await ensureBreed('Verzaschese', 'Capra hircus');
    const cs05 = await addAnimal(submissionId, { name: 'CS05', breedId: pig, sex: 'male' });
    const cs12 = await addAnimal(submissionId, { name: 'CS12', breedId: pig, sex: 'female', birthDate: '1999' });
    const kid = await addAnimal(submissionId, { name: 'VERCH', breedId: goat, sex: 'male', fatherId: cs05, motherId: cs12, birthLocationLatitude: 45.5 });
    const noSex = await addAnimal(submissionId, { name: 'NOSEX', breedId: pig, sex: null });
    const s1 = await addSample({ name: 'S1', animalId: cs05, collectionDate: '1999-06-02' });
    const s2 = await addSample({ name: 'S2', animalId: cs05, age: [1, 'yrs'], storage: 'frozen, liquid nitrogen' });
    const s3 = await addSample({ name: 'S3', animalId: kid });

    await recordValidation('animal', cs05, []);
    await recordValidation('animal', cs12, [message('Mapped breed', 'warning', "Supplied breed 'Cinta Senese' has no mapped breed")]);
    await recordValidation('animal', kid, [
      message('Species', 'error', "Species Capra hircus differs from Sus scrofa, the species of parent 'CS05'"),
      message('Child of', 'warning', "At least one parent ('CS05', 'CS12') is of unknown sex"),
    ]);
    await recordValidation('animal', noSex, [message('Sex', 'error', 'Sex is mandatory but missing')]);
    await recordValidation('sample', s1, []);
    await recordValidation('sample', s2, [
      message('Animal age at collection', 'error', "Animal age at collection unit 'yrs' is not one of minutes, hours, days"),
      message('Species', 'warning', 'Species could not be checked'),
      message('Person email', 'warning', "Person email 'owner@example.org' must start with mailto:"),
    ]);
    // Edited since its validation (the record's level was cleared): its old messages no longer apply.
    await recordValidation('sample', s3, [message('Collection date', 'error', 'Collection date is stale')]);
    await db.ds.query('UPDATE samples SET validation = NULL WHERE id = $1', [s3]);

    ({ workbook } = await writeAndRead((out) => writeAnnotatedWorkbook(submissionId, out)));
  });

  it('has the template sheets with the template headers, plus the failing rows', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['failing rows', 'submission', 'contact', 'breed', 'animal', 'sample', 'instructions', 'lists']);
    for (const sheet of templateSheets()) {
      expect(rowsOf(workbook.getWorksheet(sheet.name)!)[0]).toEqual(sheet.columns.map((c) => c.header));
    }
  });

  it('fills the animal, sample and breed sheets from the database, parents by name', () => {
    const animals = rowsOf(workbook.getWorksheet('animal')!);
    expect(animals.slice(1).map((r) => r[0])).toEqual(['CS05', 'CS12', 'VERCH', 'NOSEX']);
    expect(animals[3]).toEqual(['VERCH', undefined, 'VERCH-alt', 'CS05', 'CS12', 'Verzaschese', 'Capra hircus', 'male', undefined, undefined, undefined, 45.5, 'missing geographic information']);
    expect(animals[2][8]).toBe('1999');
    const samples = rowsOf(workbook.getWorksheet('sample')!);
    expect(samples.slice(1).map((r) => [r[0], r[3]])).toEqual([['S1', 'CS05'], ['S2', 'CS05'], ['S3', 'VERCH']]);
    expect(samples[1][6]).toBe('1999-06-02');
    expect(samples[2].slice(14, 17)).toEqual([1, 'yrs', 'frozen, liquid nitrogen']);
    expect(rowsOf(workbook.getWorksheet('breed')!).slice(1)).toEqual([
      ['Cinta Senese', undefined, undefined, undefined, 'Italy', 'Sus scrofa', 'NCBITaxon', 'NCBITaxon_9823'],
      ['Verzaschese', undefined, undefined, undefined, 'Italy', 'Capra hircus', 'NCBITaxon', 'NCBITaxon_9925'],
    ]);
    expect(rowsOf(workbook.getWorksheet('submission')!)[1]).toEqual(['IMAGE', 'Italian pigs', undefined, undefined, 'CryoWeb', 'Italy']);
    expect(rowsOf(workbook.getWorksheet('contact')!)[1]).toEqual(['Cozzi', undefined, 'Paolo', 'owner@example.org', 'IBBA-CNR', 'submitter', 'IBBA-CNR', undefined, undefined, 'Italy', expect.any(String)]);
  });

  it('fills red every cell with an error and yellow every cell with a warning, each with its messages, and nothing else', () => {
    expect(markedCells(workbook.getWorksheet('animal')!)).toEqual({
      A3: { fill: WARNING_FILL_COLOR, note: "Warning (Mapped breed): Supplied breed 'Cinta Senese' has no mapped breed" },
      G4: { fill: ERROR_FILL_COLOR, note: "Error: Species Capra hircus differs from Sus scrofa, the species of parent 'CS05'" },
      D4: { fill: WARNING_FILL_COLOR, note: "Warning: At least one parent ('CS05', 'CS12') is of unknown sex" },
      E4: { fill: WARNING_FILL_COLOR, note: "Warning: At least one parent ('CS05', 'CS12') is of unknown sex" },
      H5: { fill: ERROR_FILL_COLOR, note: 'Error: Sex is mandatory but missing' },
    });
    expect(markedCells(workbook.getWorksheet('sample')!)).toEqual({
      P3: { fill: ERROR_FILL_COLOR, note: "Error: Animal age at collection unit 'yrs' is not one of minutes, hours, days" },
      A3: { fill: WARNING_FILL_COLOR, note: "Warning: Species could not be checked\nWarning: Person email 'owner@example.org' must start with mailto:" },
    });
    expect(workbook.getWorksheet('animal')!.getCell('H5').value).toBeNull();
  });

  it('keeps the dropdowns and the text format on the data cells', () => {
    const animal = workbook.getWorksheet('animal')!;
    const dv = (animal as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    expect(dv.H5).toMatchObject({ type: 'list' });
    expect(animal.getCell('A3').numFmt).toBe('@');
    expect(animal.getCell('G4').numFmt).toBe('@');
  });

  it('lists only the records with problems in the failing rows sheet, with their sheet row', () => {
    const lines = rowsOf(workbook.getWorksheet('failing rows')!);
    expect(lines).toEqual([
      ['Record type', 'Name', 'Row', 'Level', 'Field', 'Message'],
      ['animal', 'CS12', 3, 'warning', 'Mapped breed', "Supplied breed 'Cinta Senese' has no mapped breed"],
      ['animal', 'VERCH', 4, 'error', 'Species', "Species Capra hircus differs from Sus scrofa, the species of parent 'CS05'"],
      ['animal', 'VERCH', 4, 'warning', 'Child of', "At least one parent ('CS05', 'CS12') is of unknown sex"],
      ['animal', 'NOSEX', 5, 'error', 'Sex', 'Sex is mandatory but missing'],
      ['sample', 'S2', 3, 'error', 'Animal age at collection', "Animal age at collection unit 'yrs' is not one of minutes, hours, days"],
      ['sample', 'S2', 3, 'warning', 'Species', 'Species could not be checked'],
      ['sample', 'S2', 3, 'warning', 'Person email', "Person email 'owner@example.org' must start with mailto:"],
    ]);
  });

  it('is downloadable by its owner and admins only', async () => {
    const other = (await createUser({ email: 'other@example.org' })).id;
    const admin = (await createUser({ email: 'admin@example.org', role: 'admin' })).id;
    expect(await findWorkbookSubmission({ id: owner, email: 'owner@example.org', role: 'curator' }, submissionId)).toBe(submissionId);
    expect(await findWorkbookSubmission({ id: admin, email: 'admin@example.org', role: 'admin' }, submissionId)).toBe(submissionId);
    expect(await findWorkbookSubmission({ id: other, email: 'other@example.org', role: 'curator' }, submissionId)).toBeNull();
    expect(await findWorkbookSubmission({ id: admin, email: 'admin@example.org', role: 'admin' }, 999_999)).toBeNull();
  });
});

describe('a large annotated workbook', () => {
  it('streams 2,000 samples batch by batch, sending bytes before the last batch is read', async () => {
    const owner = (await createUser()).id;
    const submissionId = (await createSubmission(owner)).id;
    const animal = await addAnimal(submissionId, { name: 'SOW', breedId: await ensureBreed('Large White'), sex: 'female' });
    await addSamples(animal, 2000);
    const ids: { id: number }[] = await db.ds.query('SELECT id FROM samples WHERE submission_id = $1 AND id % 10 = 0 ORDER BY id', [submissionId]);
    for (const { id } of ids) await recordValidation('sample', id, [message('Collection date', 'warning', 'Collection date is in the future')]);

    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (c: Buffer) => chunks.push(c));
    const batches: { sheet: string; records: number; bytesSoFar: number }[] = [];
    const summary = await writeAnnotatedWorkbook(submissionId, output, {
      batchSize: 500,
      onBatch: (b) => batches.push({ ...b, bytesSoFar: chunks.reduce((n, c) => n + c.length, 0) }),
    });

    expect(summary).toEqual({ animals: 1, samples: 2000, failingRecords: 200 });
    const sampleBatches = batches.filter((b) => b.sheet === 'sample');
    expect(sampleBatches.map((b) => b.records)).toEqual([500, 500, 500, 500]);
    expect(batches.filter((b) => b.sheet === 'failing rows').map((b) => b.records)).toEqual([200]);
    expect(sampleBatches[3].bytesSoFar).toBeGreaterThan(sampleBatches[0].bytesSoFar);
    expect(sampleBatches[0].bytesSoFar).toBeGreaterThan(0);

    const { workbook } = await writeAndRead(async (out) => { out.end(Buffer.concat(chunks)); });
    const sheet = workbook.getWorksheet('sample')!;
    expect(sheet.actualRowCount).toBe(2001);
    expect(Object.keys(markedCells(sheet))).toHaveLength(200);
    expect(workbook.getWorksheet('failing rows')!.actualRowCount).toBe(201);
  });
});

describe('an interrupted download', () => {
  it('stops reading, gives its database connection back and leaves no temporary file', async () => {
    const owner = (await createUser()).id;
    const submissionId = (await createSubmission(owner)).id;
    const animal = await addAnimal(submissionId, { name: 'BOAR', breedId: await ensureBreed('Duroc'), sex: 'male' });
    await addSamples(animal, 300);
    const ids: { id: number }[] = await db.ds.query('SELECT id FROM samples WHERE submission_id = $1', [submissionId]);
    for (const { id } of ids.slice(0, 120)) await recordValidation('sample', id, [message('Sex', 'warning', 'check the sex')]);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-abort-'));
    const client = new AbortController();
    const output = new PassThrough();
    output.resume();
    const batches: string[] = [];
    const download = writeAnnotatedWorkbook(submissionId, output, {
      batchSize: 50,
      signal: client.signal,
      tempDir: tmp,
      onBatch: (b) => {
        batches.push(b.sheet);
        if (b.sheet === 'sample') {
          expect(fs.readdirSync(tmp).length).toBeGreaterThan(0);
          client.abort();
        }
      },
    });
    await expect(download).rejects.toThrow('The workbook download was interrupted');
    expect(batches.filter((s) => s === 'sample')).toHaveLength(1);
    expect(fs.readdirSync(tmp)).toEqual([]);
    const pool = (db.ds.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
    expect(pool.idleCount).toBe(pool.totalCount);
    expect(output.writableEnded).toBe(false);
  });
});
