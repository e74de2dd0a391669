/**
 * The IMAGE Excel template → breeds, animals and samples, read with ExcelJS's streaming reader so
 * memory stays flat however many rows the file has. Labels stay as written: the loader resolves
 * species, breeds, parents and vocabularies against the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS, { type Row } from 'exceljs';
import { resourcesDir } from '../paths.js';
import {
  UnreadableFileError, type AnimalRow, type BreedRow, type ContactSheet, type ImportProblem, type ImportSink,
  type ParseContext, type SampleRow, type SubmissionSheet,
} from './rows.js';
import { damagedXlsx, openXlsx, type XlsxArchive } from './xlsx-archive.js';
import {
  RowReader, columnLetter, missingColumnsMessage, normalizeHeader, readLayout, type ColumnSpec, type SheetLayout,
  type SheetSpec,
} from './template-sheet.js';
import { listed, quoted } from './values.js';

const templateSpec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as { sheets: SheetSpec[] };
const specByName = new Map(templateSpec.sheets.map((s) => [s.name, s]));

const REQUIRED_SHEETS = ['breed', 'animal', 'sample'];
const FIELD_ALIASES: Record<string, string> = { label: 'mappedBreed', term: 'mappedBreedTerm' };

/** The submission and contact sheets' columns have no record field: they fill these keys. */
const SHEET_KEYS: Record<string, string> = {
  'submission title': 'title',
  'submission description': 'description',
  'publication doi': 'publicationDoi',
  'gene bank name': 'geneBankName',
  'gene bank country': 'geneBankCountry',
  'person last name': 'lastName',
  'person initial': 'initials',
  'person first name': 'firstName',
  'person email': 'email',
  'person affiliation': 'affiliation',
  'person role': 'role',
  'organisation name': 'organizationName',
  'organisation address': 'organizationAddress',
  'organisation uri': 'organizationUri',
  'organisation country': 'organizationCountry',
  'organisation role': 'organizationRole',
};

const keyOf = (column: ColumnSpec): string | undefined =>
  column.field ? FIELD_ALIASES[column.field] ?? column.field : SHEET_KEYS[normalizeHeader(column.header)];

const SUBMISSION_KEYS = ['title', 'description', 'publicationDoi', 'geneBankName', 'geneBankCountry'] as const;
const CONTACT_KEYS = [
  'lastName', 'initials', 'firstName', 'email', 'affiliation', 'role', 'organizationName', 'organizationAddress',
  'organizationUri', 'organizationCountry', 'organizationRole',
] as const;

/** ExcelJS's streaming reader, driven part by part: its own zip loop skips parts of some files. */
interface ExcelJsWorkbookReader {
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetId: string): Iterator<{ value: AsyncIterable<Row> }>;
}

/** What one read of the workbook has found so far. */
class TemplateRead {
  /** Problems that make the file unreadable (missing sheets or columns), reported all at once. */
  readonly fatal: ImportProblem[] = [];
  dataRows = 0;
  recordRows = 0;
  bytesRead = 0;
  bytesTotal = 0;
  readonly breeds = new Map<string, { row: number; mapped: string }>();
  readonly animals = new Map<string, number>();
  readonly samples = new Map<string, number>();

  constructor(readonly ctx: ParseContext, readonly sink: ImportSink, readonly archive: XlsxArchive) {}

  /** Errors thrown by the sink (the loader) pass through unchanged, never as "damaged file". */
  readonly sinkErrors = new WeakSet<object>();

  /** Marks an error thrown by the sink, to be passed on unchanged. */
  fromSink(error: unknown): unknown {
    if (error && typeof error === 'object') this.sinkErrors.add(error);
    return error;
  }

  countRow(): void {
    if (++this.dataRows > this.ctx.limits.maxRows) {
      throw new UnreadableFileError(
        `'${this.ctx.fileName}' has more than ${this.ctx.limits.maxRows} rows, the limit set by MAX_ROWS.`,
      );
    }
  }

}

/**
 * Passes a part's inflated bytes through, reporting progress as the share of the workbook's parts
 * read (in uncompressed bytes), at most about every half percent.
 */
async function* withProgress(source: Readable, read: TemplateRead): AsyncGenerator<Buffer> {
  const { sink } = read;
  const step = Math.max(read.bytesTotal / 200, 256 * 1024);
  let reported = read.bytesRead;
  for await (const chunk of source) {
    read.bytesRead += (chunk as Buffer).length;
    if (sink.progress && (read.bytesRead - reported >= step || read.bytesRead >= read.bytesTotal)) {
      reported = read.bytesRead;
      sink.progress(read.bytesRead, read.bytesTotal);
    }
    yield chunk as Buffer;
  }
}

function duplicate(r: RowReader, key: string, value: string, firstRow: number): void {
  r.problem('error', key, value, `'${value}' is already the id of row ${firstRow}; ids must be unique within a sheet`);
}

async function readBreed(r: RowReader, read: TemplateRead): Promise<void> {
  const suppliedBreed = r.text('suppliedBreed');
  const country = r.text('country');
  const species = r.text('species');
  const mappedBreed = r.text('mappedBreed');
  const mappedBreedTerm = r.text('mappedBreedTerm');
  if (!suppliedBreed) r.missing('suppliedBreed');
  if (!country) r.missing('country');
  if (!species) r.missing('species');
  if (!suppliedBreed || !country || !species) return;
  const key = `${suppliedBreed}\u0000${country}\u0000${species}`;
  const mapped = `${mappedBreed ?? ''}\u0000${mappedBreedTerm ?? ''}`;
  const first = read.breeds.get(key);
  if (first) {
    if (first.mapped === mapped) {
      r.problem('warning', 'suppliedBreed', suppliedBreed, `breed '${suppliedBreed}' (${country}, ${species}) repeats row ${first.row}; this row is ignored`);
    } else {
      r.problem('error', 'suppliedBreed', suppliedBreed, `breed '${suppliedBreed}' (${country}, ${species}) is already defined, differently, in row ${first.row}`);
    }
    return;
  }
  read.breeds.set(key, { row: r.rowNumber, mapped });
  const row: BreedRow = { suppliedBreed, country, species, mappedBreed, mappedBreedTerm };
  try {
    await read.sink.breed(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

async function readAnimal(r: RowReader, read: TemplateRead): Promise<void> {
  const row: AnimalRow = {
    name: r.text('name') ?? '',
    alternativeId: r.text('alternativeId'),
    description: r.text('description'),
    breed: r.text('breed') ?? '',
    breedCountry: null,
    species: r.text('species') ?? '',
    sex: r.text('sex'),
    father: r.text('father'),
    mother: r.text('mother'),
    birthDate: r.date('birthDate'),
    birthLocation: r.text('birthLocation'),
    birthLocationLatitude: r.number('birthLocationLatitude'),
    birthLocationLongitude: r.number('birthLocationLongitude'),
    birthLocationAccuracy: r.text('birthLocationAccuracy'),
    accession: null,
  };
  if (!row.name) r.missing('name');
  if (!row.breed) r.missing('breed');
  if (!row.species) r.missing('species');
  if (!row.name || !row.breed || !row.species) return;
  const first = read.animals.get(row.name);
  if (first !== undefined) return duplicate(r, 'name', row.name, first);
  read.animals.set(row.name, r.rowNumber);
  try {
    await read.sink.animal(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

async function readSample(r: RowReader, read: TemplateRead): Promise<void> {
  const [age, ageUnit] = r.quantity('animalAgeAtCollection', 'animalAgeAtCollectionUnit');
  const [interval, intervalUnit] = r.quantity('preparationInterval', 'preparationIntervalUnit');
  const row: SampleRow = {
    name: r.text('name') ?? '',
    alternativeId: r.text('alternativeId'),
    description: r.text('description'),
    animal: r.text('animal') ?? '',
    collectionProtocol: r.text('collectionProtocol'),
    collectionDate: r.date('collectionDate'),
    collectionPlace: r.text('collectionPlace'),
    collectionPlaceLatitude: r.number('collectionPlaceLatitude'),
    collectionPlaceLongitude: r.number('collectionPlaceLongitude'),
    collectionPlaceAccuracy: r.text('collectionPlaceAccuracy'),
    organismPart: r.text('organismPart'),
    developmentalStage: r.text('developmentalStage'),
    physiologicalStage: r.text('physiologicalStage'),
    animalAgeAtCollection: age,
    animalAgeAtCollectionUnit: ageUnit,
    availability: r.text('availability'),
    storage: r.text('storage'),
    storageProcessing: r.text('storageProcessing'),
    preparationInterval: interval,
    preparationIntervalUnit: intervalUnit,
    publicationDoi: null,
    accession: null,
  };
  if (!row.name) r.missing('name');
  if (!row.animal) r.missing('animal');
  if (!row.name || !row.animal) return;
  const first = read.samples.get(row.name);
  if (first !== undefined) return duplicate(r, 'name', row.name, first);
  read.samples.set(row.name, r.rowNumber);
  try {
    await read.sink.sample(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

/** The first filled row of the submission or contact sheet. */
async function readSingleRow(r: RowReader, purpose: string, read: TemplateRead): Promise<boolean> {
  const keys = purpose === 'submission' ? SUBMISSION_KEYS : CONTACT_KEYS;
  const values: Record<string, string | null> = {};
  let filled = false;
  for (const key of keys) {
    values[key] = r.text(key);
    if (values[key] !== null) filled = true;
  }
  if (!filled) return false;
  const { sink } = read;
  try {
    if (purpose === 'submission') await sink.submissionSheet?.(values as unknown as SubmissionSheet);
    else await sink.contactSheet?.(values as unknown as ContactSheet);
  } catch (error) {
    throw read.fromSink(error);
  }
  return true;
}

const RECORD_READERS: Partial<Record<string, (r: RowReader, read: TemplateRead) => Promise<void>>> = {
  breed: readBreed,
  animal: readAnimal,
  sample: readSample,
};

function warnRepeatedHeaders(layout: SheetLayout, sheet: string, sink: ImportSink): void {
  for (const column of layout.repeated) {
    sink.problem({
      level: 'warning',
      sheet,
      column: column.header,
      message: `Sheet '${sheet}': column '${column.header}' appears ${column.numbers.length} times (columns ${listed(column.numbers.map(columnLetter))}); each row uses the first of them that is filled`,
    });
  }
}

interface SheetToRead {
  spec: SheetSpec;
  sheet: string;
  path: string;
  id: string;
  layout?: SheetLayout;
}

/** The template's sheets present in the workbook, in the template's order (submission … sample). */
function sheetsToRead(archive: XlsxArchive): SheetToRead[] {
  const found: SheetToRead[] = [];
  for (const spec of templateSpec.sheets) {
    const entry = archive.sheets.find((s) => normalizeHeader(s.name) === spec.name);
    if (entry) found.push({ spec, sheet: entry.name, path: entry.path, id: entry.id });
  }
  return found;
}

function rowsOf(excel: ExcelJsWorkbookReader, part: AsyncIterable<Buffer>, id: string): AsyncIterable<Row> {
  return excel._parseWorksheet(part, id).next().value!.value;
}

/** The header row: the first row with a value. Leaving the loop early closes the part's stream. */
async function headerRow(rows: AsyncIterable<Row>): Promise<Row | undefined> {
  for await (const row of rows) if (row.hasValues) return row;
  return undefined;
}

/**
 * Reads the header of every sheet before any row, so that a file missing sheets or columns is
 * refused with all of them listed, and nothing of it reaches the sink.
 */
async function readLayouts(read: TemplateRead, excel: ExcelJsWorkbookReader, sheets: SheetToRead[]): Promise<void> {
  for (const entry of sheets) {
    const header = await headerRow(rowsOf(excel, await read.archive.open(entry.path), entry.id));
    if (!header) {
      if (REQUIRED_SHEETS.includes(entry.spec.name)) {
        read.fatal.push({ level: 'error', sheet: entry.sheet, message: `Sheet '${entry.sheet}' is empty: it has no header row` });
      }
      continue;
    }
    entry.layout = readLayout(header, entry.spec, keyOf);
    if (entry.layout.missing.length) {
      const message = missingColumnsMessage(entry.sheet, entry.layout.missing);
      read.fatal.push({ level: 'error', sheet: entry.sheet, row: header.number, column: entry.layout.missing.join(', '), message });
    }
  }
}

async function readSheet(rows: AsyncIterable<Row>, entry: SheetToRead, read: TemplateRead): Promise<void> {
  const { sheet, layout } = entry;
  const purpose = entry.spec.purpose;
  const recordReader = RECORD_READERS[purpose];
  const reader = new RowReader(sheet, layout!, read.sink, read.archive.date1904);
  let header = true;
  let singleRowDone = false;
  for await (const row of rows) {
    if (!row.hasValues) continue;
    if (header) {
      header = false;
      continue;
    }
    reader.start(row);
    if (reader.isBlank()) continue;
    read.countRow();
    if (recordReader) {
      read.recordRows++;
      await recordReader(reader, read);
    } else if (!singleRowDone) singleRowDone = await readSingleRow(reader, purpose, read);
  }
}

function unreadable(ctx: ParseContext, problems: ImportProblem[]): UnreadableFileError {
  const reasons = problems.map((p) => p.message).join('. ');
  return new UnreadableFileError(`'${ctx.fileName}' cannot be imported. ${reasons}.`, problems);
}

function missingSheets(archive: XlsxArchive): ImportProblem | undefined {
  const present = new Set(archive.sheets.map((s) => normalizeHeader(s.name)));
  const missing = REQUIRED_SHEETS.filter((s) => !present.has(s));
  if (!missing.length) return undefined;
  const names = archive.sheets.map((s) => s.name);
  const has = names.length ? ` (it has ${listed(quoted(names))})` : '';
  const message = `The workbook lacks the sheet${missing.length > 1 ? 's' : ''} ${listed(quoted(missing))}${has}`;
  return { level: 'error', sheet: missing.join(', '), message };
}

async function readWorkbook(read: TemplateRead): Promise<void> {
  const { archive, sink } = read;
  const sheets = sheetsToRead(archive);
  const sharedStrings = archive.sharedStringsPath ? archive.size(archive.sharedStringsPath) : 0;
  read.bytesTotal = sheets.reduce((sum, s) => sum + archive.size(s.path), sharedStrings);
  const excel = new ExcelJS.stream.xlsx.WorkbookReader('', {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as ExcelJsWorkbookReader;
  try {
    if (archive.sharedStringsPath) {
      for await (const _ of excel._parseSharedStrings(await archive.open(archive.sharedStringsPath))) {
        // cached by the reader, which the worksheets then look strings up in
      }
      sink.progress?.((read.bytesRead = sharedStrings), read.bytesTotal);
    }
    await readLayouts(read, excel, sheets);
    if (read.fatal.length) throw unreadable(read.ctx, read.fatal);
    for (const entry of sheets) {
      if (!entry.layout) continue;
      warnRepeatedHeaders(entry.layout, entry.sheet, sink);
      await readSheet(rowsOf(excel, withProgress(await archive.open(entry.path), read), entry.id), entry, read);
    }
  } catch (error) {
    if (error instanceof UnreadableFileError || (error && typeof error === 'object' && read.sinkErrors.has(error))) throw error;
    throw damagedXlsx(read.ctx, error);
  }
}

/**
 * Reads an IMAGE template (.xlsx) at `filePath` into `sink`. Problems in cells are reported and
 * reading goes on; a file that cannot be imported at all (not an xlsx, over a limit, missing sheets
 * or columns, no data) throws UnreadableFileError listing every reason.
 */
export async function parseExcelTemplate(filePath: string, ctx: ParseContext, sink: ImportSink): Promise<void> {
  const archive = await openXlsx(filePath, ctx);
  try {
    const read = new TemplateRead(ctx, sink, archive);
    const sheetsMissing = missingSheets(archive);
    if (sheetsMissing) read.fatal.push(sheetsMissing);
    await readWorkbook(read);
    if (read.recordRows === 0) {
      throw unreadable(ctx, [{ level: 'error', message: "The file has no data rows: sheets 'breed', 'animal' and 'sample' hold only their headers" }]);
    }
  } finally {
    archive.close();
  }
}
