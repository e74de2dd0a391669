/**
 * The IMAGE Excel template → breeds, animals and samples, read with ExcelJS's streaming reader so
 * memory stays flat however many rows the file has. Labels stay as written: the loader resolves
 * species, breeds, parents and vocabularies against the database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS, { type Row } from 'exceljs';
import { resourcesDir } from '../paths.js';
import { UnreadableFileError, type ImportProblem, type ImportSink, type ParseContext } from './rows.js';
import { damagedXlsx, openXlsx, type XlsxArchive } from './xlsx-archive.js';
import {
  RowReader, columnLetter, missingColumnsMessage, normalizeHeader, readLayout, type SheetLayout, type SheetSpec,
} from './template-sheet.js';
import { RECORD_READERS, TemplateRead, keyOf, readSingleRow } from './template-records.js';
import { listed, quoted } from './values.js';

const templateSpec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as { sheets: SheetSpec[] };

const REQUIRED_SHEETS = ['breed', 'animal', 'sample'];

/** ExcelJS's streaming reader, driven part by part: its own zip loop skips parts of some files. */
interface ExcelJsWorkbookReader {
  sharedStrings?: unknown[];
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetId: string): Iterator<{ value: AsyncIterable<Row> }>;
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

/**
 * The XML parser hands out each string as a slice of the text it was read from, which would keep
 * all of `sharedStrings.xml`'s text (markup included: 45 MB for 500,000 samples) alive as long as
 * the reader's cache of strings. Called as the text is read, this replaces the strings cached since
 * its last call by copies, so that text goes as it is read. JSON keeps any string exactly.
 */
function stringDetacher(excel: ExcelJsWorkbookReader): () => void {
  let done = 0;
  return () => {
    const strings = excel.sharedStrings ?? [];
    for (; done < strings.length; done++) {
      const s = strings[done];
      // Shorter strings are never slices in V8: they are copies already.
      if (typeof s === 'string' && s.length >= 13) strings[done] = JSON.parse(JSON.stringify(s));
    }
  };
}

async function* beforeEachChunk(source: Readable, call: () => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    call();
    yield chunk as Buffer;
  }
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
      const detach = stringDetacher(excel);
      const part = Readable.from(beforeEachChunk(await archive.open(archive.sharedStringsPath), detach), { objectMode: false, highWaterMark: 1 });
      for await (const _ of excel._parseSharedStrings(part)) {
        // cached by the reader, which the worksheets then look strings up in
      }
      detach();
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
