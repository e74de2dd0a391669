import type { Writable } from 'node:stream';
import type { QueryRunner } from 'typeorm';
import { db } from '../db/data-source.js';
import { canSeeOwnedBy, type Actor } from '../submissions/policy.js';
import {
  breedRecords, contactRecord, FAILING_QUERIES, inBatches, RECORD_QUERIES, submissionRecord,
  type FailingRecord, type SheetRecord,
} from './annotated-queries.js';
import { annotateRow } from './cell-annotations.js';
import { writeFailingRowsSheet } from './failing-rows-sheet.js';
import { writeInstructionsSheet } from './instructions.js';
import { listRanges, writeListsSheet } from './lists-sheet.js';
import { startTemplateSheet, type RowValue, type SheetContext } from './template-sheet.js';
import { templateSheet, type SheetPurpose } from './template-columns.js';
import { loadValueLists } from './value-lists.js';
import { createWorkbookWriter, discardWorkbook, drained, type WorkbookWriter } from './workbook-stream.js';

export const DEFAULT_BATCH_SIZE = 1000;

export interface AnnotatedOptions {
  /** Records read from the database per query (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Told after each batch is written; for progress and tests. */
  onBatch?: (batch: { sheet: 'animal' | 'sample' | 'failing rows'; records: number }) => void;
  /** Stops reading (and rejects) when aborted, e.g. when the client went away. */
  signal?: AbortSignal;
  /** Where cell notes wait on disk until their turn in the zip (default: the OS temp directory). */
  tempDir?: string;
}

export interface AnnotatedSummary {
  animals: number;
  samples: number;
  failingRecords: number;
}

/** The submission's id when `actor` may download its workbook; null when it does not exist or is not theirs. */
export async function findWorkbookSubmission(actor: Actor, submissionId: number): Promise<number | null> {
  const [row]: { owner_id: number }[] = await db().query('SELECT owner_id FROM submissions WHERE id = $1', [submissionId]);
  return row && canSeeOwnedBy(actor, row.owner_id) ? submissionId : null;
}

/**
 * Streams the submission as an IMAGE template into `output`: every cell a validation message is about
 * filled red (error) or yellow (warning) with a note holding the messages, and a `failing rows` sheet
 * listing only the records with problems. Records are read in batches from one consistent snapshot and
 * written as they come, so memory stays flat whatever the size; the file goes back in through Reload.
 */
export async function writeAnnotatedWorkbook(submissionId: number, output: Writable, options: AnnotatedOptions = {}): Promise<AnnotatedSummary> {
  const runner = db().createQueryRunner();
  await runner.connect();
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const summary = await writeFromSnapshot(runner, submissionId, output, options);
    await runner.query('COMMIT');
    return summary;
  } catch (err) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await runner.release();
  }
}

async function writeFromSnapshot(runner: QueryRunner, submissionId: number, output: Writable, options: AnnotatedOptions): Promise<AnnotatedSummary> {
  const lists = await loadValueLists(runner.manager);
  const context: SheetContext = { lists, listRanges: listRanges(lists) };
  const workbook = createWorkbookWriter(output, { tempDir: options.tempDir });
  try {
    return await writeSheets(runner, submissionId, workbook, output, context, options);
  } catch (err) {
    discardWorkbook(workbook);
    throw err;
  }
}

async function writeSheets(
  runner: QueryRunner, submissionId: number, workbook: WorkbookWriter, output: Writable, context: SheetContext, options: AnnotatedOptions,
): Promise<AnnotatedSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const step = async (sheet: 'animal' | 'sample' | 'failing rows', records: number) => {
    options.onBatch?.({ sheet, records });
    await drained(output);
    if (options.signal?.aborted || output.destroyed) throw new Error('The workbook download was interrupted');
  };

  // Sheets are written one after the other: the zip takes one entry at a time, and a sheet opened
  // early would wait in memory.
  const failing = async function* () {
    for (const type of ['animal', 'sample'] as const) {
      yield* inBatches<FailingRecord>(runner, `failing_${type}s`, FAILING_QUERIES[type], [submissionId], batchSize);
    }
  };
  const failingRecords = await writeFailingRowsSheet(workbook, failing(), (n) => step('failing rows', n));
  writeSmallSheet(workbook, 'submission', await submissionRecord(runner, submissionId), context);
  writeSmallSheet(workbook, 'contact', await contactRecord(runner, submissionId), context);
  writeSmallSheet(workbook, 'breed', await breedRecords(runner, submissionId), context);
  const animals = await writeRecordSheet('animal', runner, submissionId, workbook, context, batchSize, step);
  const samples = await writeRecordSheet('sample', runner, submissionId, workbook, context, batchSize, step);
  writeInstructionsSheet(workbook, context.lists, { annotated: true });
  writeListsSheet(workbook, context.lists);
  await committed(workbook, output);
  return { animals, samples, failingRecords };
}

/** The animal or sample sheet, batch by batch, each row with its cells marked; returns the row count. */
async function writeRecordSheet(
  type: 'animal' | 'sample', runner: QueryRunner, submissionId: number, workbook: WorkbookWriter, context: SheetContext,
  batchSize: number, afterBatch: (sheet: 'animal' | 'sample', records: number) => Promise<void>,
): Promise<number> {
  const spec = templateSheet(type);
  const sheet = startTemplateSheet(workbook, spec, context);
  for await (const batch of inBatches<SheetRecord>(runner, `${type}s`, RECORD_QUERIES[type], [submissionId], batchSize)) {
    for (const record of batch) {
      const values = valuesOf(type, record);
      sheet.addRow(values, annotateRow(spec, values, record.messages ?? []));
    }
    await afterBatch(type, batch.length);
  }
  sheet.finish();
  return sheet.rows;
}

function writeSmallSheet(workbook: WorkbookWriter, purpose: SheetPurpose, records: SheetRecord[], context: SheetContext): void {
  const sheet = startTemplateSheet(workbook, templateSheet(purpose), context);
  for (const record of records) sheet.addRow(valuesOf(purpose, record));
  sheet.finish();
}

function valuesOf(purpose: SheetPurpose, record: SheetRecord): RowValue[] {
  return templateSheet(purpose).columns.map((c) => record[c.field ?? c.header] ?? null);
}

/** ExcelJS resolves only when `output` finishes; a client that hangs up would leave it waiting for ever. */
async function committed(workbook: WorkbookWriter, output: Writable): Promise<void> {
  let onClose = () => undefined as void;
  const closedEarly = new Promise<never>((_, reject) => {
    onClose = () => { if (!output.writableFinished) reject(new Error('The workbook download was interrupted')); };
    output.once('close', onClose);
  });
  try {
    await Promise.race([workbook.commit(), closedEarly]);
  } finally {
    output.off('close', onClose);
  }
}
