import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * A streaming xlsx writer into `output`. Strings are written inline (no shared-strings table, which
 * ExcelJS would keep in memory for the whole file); styles are shared, so a million filled cells
 * cost a handful of style entries.
 */
export function createWorkbookWriter(output: Writable): WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'InjectTool';
  workbook.created = new Date();
  return workbook;
}

/** Waits until `output` has taken what was written, so a slow client holds back reading from the database. */
export async function drained(output: Writable): Promise<void> {
  if (output.writableNeedDrain && !output.destroyed) {
    await Promise.race([once(output, 'drain'), once(output, 'close')]);
  }
}
