import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { resourcesDir } from '../paths.js';
import { parseExcelTemplate } from './excel-template.js';
import { UnreadableFileError, type AnimalRow, type SampleRow } from './rows.js';
import { RecordingSink, fixtureFolder, parseContext } from '../../test/recording-sink.js';

const spec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as {
  sheets: { name: string; columns: { header: string }[] }[];
};
const headersOf = (sheet: string): string[] => spec.sheets.find((s) => s.name === sheet)!.columns.map((c) => c.header);

type Cells = Record<string, ExcelJS.CellValue>;
interface SheetFixture {
  name: string;
  header?: string[];
  rows: Cells[];
}

const folder = fixtureFolder();
afterAll(() => folder.remove());

let files = 0;
async function workbook(sheets: SheetFixture[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const header = sheet.header ?? headersOf(sheet.name.trim().toLowerCase());
    const ws = book.addWorksheet(sheet.name);
    ws.addRow(header);
    for (const cells of sheet.rows) ws.addRow(header.map((h) => cells[h] ?? null));
  }
  const file = folder.file(`template-${++files}.xlsx`);
  await book.xlsx.writeFile(file);
  return file;
}

const breeds: Cells[] = [
  { 'Supplied breed': 'Cinta Senese', 'EFABIS Breed country': 'Italy', Species: 'Pig' },
  {
    'Supplied breed': ' Verzaschese ', 'Mapped breed': 'Verzasca goat', 'Mapped breed ontology accession': 'LBO_0000958',
    'EFABIS Breed country': 'Italy', Species: 'Capra hircus',
  },
];
const animals: Cells[] = [
  {
    'Animal id in data source': 'VERCH1539971_2010', 'Alternative animal ID': 1440, 'Father id in data source': 'CS05_1999',
    'Mother id in data source': 'CS12_1999', Breed: 'Verzaschese', Species: 'Capra hircus', Sex: 'male',
    'Birth date': new Date(Date.UTC(2010, 2, 15)), 'Birth location accuracy': 'unknown accuracy level',
  },
  {
    'Animal id in data source': 'CS05_1999', 'Alternative animal ID': 855, Breed: 'Cinta Senese', Species: 'Pig', Sex: 'male',
    'Birth date': '1999', 'Birth location': 'Siena', 'Birth location longitude': '11.33', 'Birth location latitude': 43.32,
    'Birth location accuracy': 'precise coordinates',
  },
  {
    'Animal id in data source': 'CS12_1999', 'Alternative animal ID': '862', 'Animal description': '<script>alert("x")</script>',
    Breed: 'Cinta Senese', Species: 'Pig', Sex: 'female', 'Birth date': '1999-03',
    'Birth location accuracy': 'missing geographic information',
  },
];
const samples: Cells[] = [
  {
    'Sample id in data source': 'CS05_1999_PTP_02.06.1999', 'Alternative sample ID': 1834, 'Animal id in data source': 'CS05_1999',
    'Collection date': 36313, 'Collection place': 'Italy', 'Collection place accuracy': 'country level', 'Organism part': 'semen',
    'Animal age at collection': '1 year', 'Sampling to preparation interval': '7 days', availability: 'mailto:bank@example.org',
    'Sample storage': 'frozen, -80 degrees Celsius freezer',
    'Sample storage processing': 'cryopreservation in liquid nitrogen (dead tissue)',
  },
  {
    'Sample id in data source': 'VERCH_03.09.2011', 'Animal id in data source': 'VERCH1539971_2010', 'Collection date': '03/09/2011',
    'Collection place latitude': '45.31', 'Collection place longitude': 9.5, 'Collection place accuracy': 'precise coordinates',
    'Organism part': 'semen', 'Developmental stage': 'adult', 'Physiological stage': 'mature',
    'Animal age at collection': 18, 'Animal age at collection units': 'months', 'Sampling to preparation interval': 3,
    'Sampling to preparation interval units': 'Hours',
  },
];

function goodSheets(over: Partial<Record<'breed' | 'animal' | 'sample', Cells[]>> = {}): SheetFixture[] {
  return [
    { name: 'submission', rows: [{ 'Submission title': 'Italian pigs', 'Gene bank name': 'CryoWeb', 'Gene bank country': 'Italy' }] },
    { name: 'contact', rows: [{ 'Person last name': 'Rossi', 'Person email': 'rossi@example.org', 'Person role': 'submitter' }] },
    { name: 'breed', rows: over.breed ?? breeds },
    { name: 'animal', rows: over.animal ?? animals },
    { name: 'sample', rows: over.sample ?? samples },
  ];
}

const animal = (over: Partial<AnimalRow>): AnimalRow => ({
  name: '', alternativeId: null, description: null, breed: '', breedCountry: null, species: '', sex: null, father: null,
  mother: null, birthDate: null, birthLocation: null, birthLocationLatitude: null, birthLocationLongitude: null,
  birthLocationAccuracy: null, accession: null, ...over,
});
const sample = (over: Partial<SampleRow>): SampleRow => ({
  name: '', alternativeId: null, description: null, animal: '', collectionProtocol: null, collectionDate: null,
  collectionPlace: null, collectionPlaceLatitude: null, collectionPlaceLongitude: null, collectionPlaceAccuracy: null,
  organismPart: null, developmentalStage: null, physiologicalStage: null, animalAgeAtCollection: null,
  animalAgeAtCollectionUnit: null, availability: null, storage: null, storageProcessing: null, preparationInterval: null,
  preparationIntervalUnit: null, publicationDoi: null, accession: null, ...over,
});

async function parse(file: string, limits = {}): Promise<RecordingSink> {
  const sink = new RecordingSink();
  await parseExcelTemplate(file, parseContext(path.basename(file), limits), sink);
  return sink;
}

/** The error a file is refused with; unless `midway`, nothing of it must have reached the sink. */
async function refusal(file: string, limits = {}, midway = false): Promise<UnreadableFileError> {
  const sink = new RecordingSink();
  const error = await parseExcelTemplate(file, parseContext(path.basename(file), limits), sink).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UnreadableFileError);
  if (!midway) expect(sink.breeds.length + sink.animals.length + sink.samples.length).toBe(0);
  return error as UnreadableFileError;
}

describe('a good template', () => {
  test('gives the sink every breed, animal and sample exactly as the file states them', async () => {
    const sink = await parse(await workbook(goodSheets()));
    expect(sink.problems).toEqual([]);
    expect(sink.breeds.map((b) => b.row)).toEqual([
      { suppliedBreed: 'Cinta Senese', country: 'Italy', species: 'Pig', mappedBreed: null, mappedBreedTerm: null },
      { suppliedBreed: 'Verzaschese', country: 'Italy', species: 'Capra hircus', mappedBreed: 'Verzasca goat', mappedBreedTerm: 'LBO_0000958' },
    ]);
    expect(sink.animals.map((a) => a.row)).toEqual([
      animal({
        name: 'VERCH1539971_2010', alternativeId: '1440', breed: 'Verzaschese', species: 'Capra hircus', sex: 'male',
        father: 'CS05_1999', mother: 'CS12_1999', birthDate: '2010-03-15', birthLocationAccuracy: 'unknown accuracy level',
      }),
      animal({
        name: 'CS05_1999', alternativeId: '855', breed: 'Cinta Senese', species: 'Pig', sex: 'male', birthDate: '1999',
        birthLocation: 'Siena', birthLocationLatitude: 43.32, birthLocationLongitude: 11.33, birthLocationAccuracy: 'precise coordinates',
      }),
      animal({
        name: 'CS12_1999', alternativeId: '862', description: '<script>alert("x")</script>', breed: 'Cinta Senese', species: 'Pig',
        sex: 'female', birthDate: '1999-03', birthLocationAccuracy: 'missing geographic information',
      }),
    ]);
    expect(sink.samples.map((s) => s.row)).toEqual([
      sample({
        name: 'CS05_1999_PTP_02.06.1999', alternativeId: '1834', animal: 'CS05_1999', collectionDate: '1999-06-02',
        collectionPlace: 'Italy', collectionPlaceAccuracy: 'country level', organismPart: 'semen', animalAgeAtCollection: 1,
        animalAgeAtCollectionUnit: 'years', preparationInterval: 7, preparationIntervalUnit: 'days', availability: 'mailto:bank@example.org',
        storage: 'frozen, -80 degrees Celsius freezer', storageProcessing: 'cryopreservation in liquid nitrogen (dead tissue)',
      }),
      sample({
        name: 'VERCH_03.09.2011', animal: 'VERCH1539971_2010', collectionDate: '2011-09-03', collectionPlaceLatitude: 45.31,
        collectionPlaceLongitude: 9.5, collectionPlaceAccuracy: 'precise coordinates', organismPart: 'semen',
        developmentalStage: 'adult', physiologicalStage: 'mature', animalAgeAtCollection: 18, animalAgeAtCollectionUnit: 'months',
        preparationInterval: 3, preparationIntervalUnit: 'hours',
      }),
    ]);
  });

  test('says where each row came from and which header each field was read from', async () => {
    const sink = await parse(await workbook(goodSheets()));
    expect(sink.animals.map((a) => a.at)).toEqual([2, 3, 4].map((row) => ({ sheet: 'animal', row })));
    expect(sink.samples[1].at).toEqual({ sheet: 'sample', row: 3 });
    expect(sink.animals[0].columns).toMatchObject({ name: 'Animal id in data source', sex: 'Sex', birthDate: 'Birth date' });
    expect(sink.samples[0].columns).toMatchObject({ animalAgeAtCollection: 'Animal age at collection', organismPart: 'Organism part' });
    expect(sink.lastProgress?.[0]).toBe(sink.lastProgress?.[1]);
  });

  test('passes the filled submission and contact sheets on', async () => {
    const sink = await parse(await workbook(goodSheets()));
    expect(sink.submission).toEqual({
      title: 'Italian pigs', description: null, publicationDoi: null, geneBankName: 'CryoWeb', geneBankCountry: 'Italy',
    });
    expect(sink.contact).toMatchObject({ lastName: 'Rossi', email: 'rossi@example.org', role: 'submitter', firstName: null });
  });

  test('leaves out submission and contact when those sheets hold only their headers', async () => {
    const sheets = goodSheets();
    sheets[0].rows = [];
    sheets[1].rows = [];
    const sink = await parse(await workbook(sheets));
    expect(sink.submission).toBeUndefined();
    expect(sink.contact).toBeUndefined();
    expect(sink.animals).toHaveLength(3);
  });

  test('reads breeds, animals then samples whatever the order of the sheets in the workbook', async () => {
    const sheets = goodSheets().reverse();
    const sink = await parse(await workbook(sheets));
    expect(sink.breeds).toHaveLength(2);
    expect(sink.samples).toHaveLength(2);
  });

  test('matches sheet names and headers whatever their case and surrounding spaces, and ignores unknown columns', async () => {
    const header = headersOf('animal').map((h) => (h === 'Sex' ? '  SEX ' : h === 'Breed' ? 'breed' : h)).concat('Notes of the curator');
    const sheets = goodSheets();
    sheets[3] = {
      name: 'Animal ', header,
      rows: [{ 'Animal id in data source': 'A1', breed: 'Cinta Senese', Species: 'Pig', '  SEX ': 'female', 'Notes of the curator': 'x' }],
    };
    const sink = await parse(await workbook(sheets));
    expect(sink.animals.map((a) => [a.row.name, a.row.breed, a.row.sex])).toEqual([['A1', 'Cinta Senese', 'female']]);
    expect(sink.animals[0].at.sheet).toBe('Animal ');
  });

  test('reads a workbook written by a streaming writer', async () => {
    const file = folder.file('streamed.xlsx');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    for (const name of ['breed', 'animal', 'sample']) {
      const ws = book.addWorksheet(name);
      const header = headersOf(name);
      ws.addRow(header).commit();
      const rows = name === 'breed' ? breeds : name === 'animal' ? animals : samples;
      for (const cells of rows) ws.addRow(header.map((h) => cells[h] ?? null)).commit();
      ws.commit();
    }
    await book.commit();
    const sink = await parse(file);
    expect([sink.breeds.length, sink.animals.length, sink.samples.length]).toEqual([2, 3, 2]);
    expect(sink.samples[0].row.collectionDate).toBe('1999-06-02');
  });
});

describe('values in cells', () => {
  async function sampleWith(cells: Cells, header = headersOf('sample')): Promise<RecordingSink> {
    const sheets = goodSheets({ sample: [{ 'Sample id in data source': 'S1', 'Animal id in data source': 'CS05_1999', ...cells }] });
    sheets[4].header = header;
    return parse(await workbook(sheets));
  }

  test.each([
    [new Date(Date.UTC(2011, 8, 3)), '2011-09-03'],
    [40789, '2011-09-03'],
    ['2011-09-03', '2011-09-03'],
    ['2011-09', '2011-09'],
    ['2011', '2011'],
    ['3/9/2011', '2011-09-03'],
    ['2011-09-03T10:00:00Z', '2011-09-03'],
  ])('reads the date %p as %s', async (value, iso) => {
    const sink = await sampleWith({ 'Collection date': value });
    expect(sink.samples[0].row.collectionDate).toBe(iso);
    expect(sink.problems).toEqual([]);
  });

  test('reports an impossible date naming sheet, row, column and value, and goes on', async () => {
    const sink = await sampleWith({ 'Collection date': '2011-02-30' });
    expect(sink.samples[0].row.collectionDate).toBeNull();
    expect(sink.problems).toEqual([expect.objectContaining({
      level: 'error', sheet: 'sample', row: 2, column: 'Collection date', value: '2011-02-30',
      message: "Sheet 'sample', row 2, column 'Collection date': '2011-02-30' is not a date (write YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY)",
    })]);
  });

  test('reads "3 months" in one cell and a number with its units column', async () => {
    let sink = await sampleWith({ 'Animal age at collection': '3 months' });
    expect([sink.samples[0].row.animalAgeAtCollection, sink.samples[0].row.animalAgeAtCollectionUnit]).toEqual([3, 'months']);
    sink = await sampleWith({ 'Animal age at collection': '2', 'Animal age at collection units': 'years' });
    expect([sink.samples[0].row.animalAgeAtCollection, sink.samples[0].row.animalAgeAtCollectionUnit]).toEqual([2, 'years']);
    expect(sink.problems).toEqual([]);
  });

  test('reports a quantity without unit, with an unknown unit, or that is not a quantity', async () => {
    const sink = await sampleWith({ 'Animal age at collection': 12, 'Sampling to preparation interval': '3 fortnights' });
    const other = await sampleWith({ 'Animal age at collection': 'about a year', 'Sampling to preparation interval': '2 days', 'Sampling to preparation interval units': 'weeks' });
    expect(sink.messages('error')).toEqual([
      "Sheet 'sample', row 2, column 'Animal age at collection': 12 has no unit; fill column 'Animal age at collection units' or write it as '12 years' (units: minutes, hours, days, weeks, months, years)",
      "Sheet 'sample', row 2, column 'Sampling to preparation interval': 'fortnights' in '3 fortnights' is not one of minutes, hours, days, weeks, months, years",
    ]);
    expect(other.messages('error')).toEqual([
      "Sheet 'sample', row 2, column 'Animal age at collection': 'about a year' is not a quantity such as '1 year' or '7 days'",
      "Sheet 'sample', row 2, column 'Sampling to preparation interval': '2 days' says days but column 'Sampling to preparation interval units' says weeks",
    ]);
  });

  test('reads numbers written as text and reports text that is not a number', async () => {
    const sink = await sampleWith({ 'Collection place latitude': ' 45.2 ', 'Collection place longitude': '9,5' });
    expect(sink.samples[0].row.collectionPlaceLatitude).toBe(45.2);
    expect(sink.samples[0].row.collectionPlaceLongitude).toBeNull();
    expect(sink.messages('error')).toEqual([
      "Sheet 'sample', row 2, column 'Collection place longitude': '9,5' is not a number (use a dot as decimal separator)",
    ]);
  });

  test("uses the first filled of two columns with the same header, as in the 2019-04 template, and warns once", async () => {
    const header = headersOf('sample').filter((h) => h !== 'Animal age at collection units');
    header.splice(header.indexOf('Physiological stage'), 0, 'Animal age at collection');
    const book = new ExcelJS.Workbook();
    for (const sheet of goodSheets().slice(2, 4)) {
      const ws = book.addWorksheet(sheet.name);
      ws.addRow(headersOf(sheet.name));
      for (const cells of sheet.rows) ws.addRow(headersOf(sheet.name).map((h) => cells[h] ?? null));
    }
    const ws = book.addWorksheet('sample');
    ws.addRow(header);
    const first = header.indexOf('Animal age at collection');
    const second = header.lastIndexOf('Animal age at collection');
    const row = (name: string, a: string | null, b: string | null): (string | null)[] => {
      const values: (string | null)[] = header.map(() => null);
      values[0] = name;
      values[header.indexOf('Animal id in data source')] = 'CS05_1999';
      values[first] = a;
      values[second] = b;
      return values;
    };
    ws.addRow(row('S1', null, '3 months'));
    ws.addRow(row('S2', '1 year', '5 years'));
    const file = folder.file('repeated-header.xlsx');
    await book.xlsx.writeFile(file);
    const sink = await parse(file);
    expect(sink.samples.map((s) => [s.row.animalAgeAtCollection, s.row.animalAgeAtCollectionUnit])).toEqual([[3, 'months'], [1, 'years']]);
    expect(sink.messages('warning')).toEqual([
      `Sheet 'sample': column 'Animal age at collection' appears 2 times (columns ${String.fromCharCode(65 + first)} and ${String.fromCharCode(65 + second)}); each row uses the first of them that is filled`,
    ]);
  });

  test('uses the cached result of a formula and reports a formula without one, naming the cell', async () => {
    const sink = await sampleWith({
      'Sample description': { formula: 'A2&" semen"', result: 'S1 semen' },
      'Collection place latitude': { formula: 'B2*2' } as ExcelJS.CellFormulaValue,
    });
    expect(sink.samples[0].row.description).toBe('S1 semen');
    expect(sink.samples[0].row.collectionPlaceLatitude).toBeNull();
    const column = String.fromCharCode(65 + headersOf('sample').indexOf('Collection place latitude'));
    expect(sink.messages('error')).toEqual([
      `Sheet 'sample', row 2, column 'Collection place latitude' (cell ${column}2): formulas are not supported; paste values (Paste Special → Values)`,
    ]);
  });

  test('keeps HTML and script in cells as plain text', async () => {
    const sink = await sampleWith({ 'Sample description': '<img src=x onerror=alert(1)> & <b>bold</b>' });
    expect(sink.samples[0].row.description).toBe('<img src=x onerror=alert(1)> & <b>bold</b>');
  });
});

describe('rows that cannot be imported', () => {
  test('passes an id used twice in a sheet on with its row, for the loader to report naming both rows', async () => {
    const dup = { ...animals[1], 'Animal description': 'again' };
    const sink = await parse(await workbook(goodSheets({ animal: [...animals, dup] })));
    expect(sink.animals.filter((a) => a.row.name === 'CS05_1999').map((a) => [a.at.row, a.row.description])).toEqual([[3, null], [5, 'again']]);
    expect(sink.problems).toEqual([]);
  });

  test('reports a row without its id and goes on', async () => {
    const sink = await parse(await workbook(goodSheets({ sample: [{ 'Animal id in data source': 'CS05_1999', 'Organism part': 'blood' }, ...samples] })));
    expect(sink.samples).toHaveLength(2);
    expect(sink.messages('error')).toEqual([
      "Sheet 'sample', row 2, column 'Sample id in data source': this column must be filled; the row is not imported",
    ]);
  });

  test('skips rows holding only blanks or notes in columns the template does not know', async () => {
    const header = [...headersOf('animal'), 'Notes'];
    const sheets = goodSheets();
    sheets[3] = { name: 'animal', header, rows: [animals[1], { Notes: 'checked by Anna' }, { 'Animal id in data source': '   ', Sex: ' ' }, animals[2]] };
    const sink = await parse(await workbook(sheets));
    expect(sink.animals.map((a) => a.at.row)).toEqual([2, 5]);
    expect(sink.problems).toEqual([]);
  });

  test('warns about a breed row repeated identically and refuses one repeated differently', async () => {
    const sink = await parse(await workbook(goodSheets({ breed: [...breeds, breeds[0], { ...breeds[1], 'Mapped breed': 'other' }] })));
    expect(sink.breeds).toHaveLength(2);
    expect(sink.messages('warning')).toEqual([
      "Sheet 'breed', row 4, column 'Supplied breed': breed 'Cinta Senese' (Italy, Pig) repeats row 2; this row is ignored",
    ]);
    expect(sink.messages('error')).toEqual([
      "Sheet 'breed', row 5, column 'Supplied breed': breed 'Verzaschese' (Italy, Capra hircus) is already defined, differently, in row 3",
    ]);
  });

  test('passes an error of the sink on unchanged', async () => {
    const sink = new RecordingSink();
    const failure = new Error('database is gone');
    sink.animal = async () => { throw failure; };
    const file = await workbook(goodSheets());
    await expect(parseExcelTemplate(file, parseContext('t.xlsx'), sink)).rejects.toBe(failure);
  });
});

describe('files that cannot be imported', () => {
  test('lists every missing sheet', async () => {
    const error = await refusal(await workbook([{ name: 'breed', rows: breeds }, { name: 'Sheet2', header: ['x'], rows: [] }]));
    expect(error.message).toContain("The workbook lacks the sheets 'animal' and 'sample' (it has 'breed' and 'Sheet2')");
  });

  test('lists every missing column of every sheet at once', async () => {
    const sheets = goodSheets();
    sheets[3].header = headersOf('animal').filter((h) => h !== 'Sex' && h !== 'Birth location accuracy');
    sheets[4].header = headersOf('sample').filter((h) => h !== 'Organism part');
    const error = await refusal(await workbook(sheets));
    expect(error.problems.map((p) => p.message)).toEqual([
      "Sheet 'animal' lacks the columns 'Sex' and 'Birth location accuracy'",
      "Sheet 'sample' lacks the column 'Organism part'",
    ]);
    expect(error.message).toBe(
      "'template-" + files + ".xlsx' cannot be imported. Sheet 'animal' lacks the columns 'Sex' and 'Birth location accuracy'. Sheet 'sample' lacks the column 'Organism part'.",
    );
  });

  test('refuses a template without data rows', async () => {
    const error = await refusal(await workbook(goodSheets({ breed: [], animal: [], sample: [] })));
    expect(error.message).toContain("The file has no data rows: sheets 'breed', 'animal' and 'sample' hold only their headers");
  });

  test('refuses a file that is not an xlsx, saying what it looks like', async () => {
    const error = await refusal(folder.file('animals.xlsx', 'animal_ID,sex\nA1,male\n'));
    expect(error.message).toBe("'animals.xlsx' is not an xlsx file: it is a text file (CSV or SQL?).");
  });

  test('refuses a truncated xlsx', async () => {
    const good = fs.readFileSync(await workbook(goodSheets()));
    const error = await refusal(folder.file('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2))));
    expect(error.message).toMatch(/^'truncated\.xlsx' is a damaged or truncated xlsx file and cannot be read \(.+\)\.$/);
  });

  test('refuses a workbook that unzips to more than MAX_UNZIPPED_MB', async () => {
    const error = await refusal(await workbook(goodSheets()), { maxUnzippedBytes: 20_000 });
    expect(error.message).toMatch(/^'template-\d+\.xlsx' unzips to [\d.]+ MB, over the limit of 0\.0 MB set by MAX_UNZIPPED_MB\.$/);
  });

  test('refuses a part compressed like a zip bomb', async () => {
    const sheets = goodSheets();
    sheets[2].rows = [...breeds, { 'Supplied breed': 'x'.repeat(4 * 1024 * 1024), 'EFABIS Breed country': 'Italy', Species: 'Pig' }];
    const error = await refusal(await workbook(sheets));
    expect(error.message).toMatch(/holds 'xl\/(sharedStrings|worksheets\/sheet\d)\.xml' compressed \d+ to 1, which only a zip bomb does; the file is refused\.$/);
  });

  test('refuses a workbook with more rows than MAX_ROWS', async () => {
    const error = await refusal(await workbook(goodSheets()), { maxRows: 4 }, true);
    expect(error.message).toMatch(/^'template-\d+\.xlsx' has more than 4 rows, the limit set by MAX_ROWS\.$/);
  });
});
