import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FileSpool } from './file-spool.js';

export type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;

/**
 * A streaming xlsx writer into `output`. Strings are written inline (no shared-strings table, which
 * ExcelJS would keep in memory for the whole file); styles are shared, so a million filled cells
 * cost a handful of style entries.
 */
export function createWorkbookWriter(output: Writable, options: { tempDir?: string } = {}): WorkbookWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'InjectTool';
  workbook.created = new Date();
  spoolComments(workbook, options.tempDir);
  return workbook;
}

/** The parts of ExcelJS 4's streaming writer that decide where an entry of the zip is buffered. */
interface EntryOpener {
  _openStream?: (path: string) => unknown;
  zip?: { append(source: unknown, data: { name: string }): void };
}

const spools = new WeakMap<WorkbookWriter, FileSpool[]>();

/**
 * Gives up a workbook half-written (the client went away, a query failed): stops the zip and removes
 * its temp files. The output is detached first, so it is not ended as if the file were complete.
 */
export function discardWorkbook(workbook: WorkbookWriter): void {
  const zip = (workbook as unknown as { zip?: { unpipe?: () => void; abort?: () => void } }).zip;
  zip?.unpipe?.();
  zip?.abort?.();
  for (const spool of spools.get(workbook) ?? []) spool.readable.destroy();
}

const COMMENT_ENTRY = /(comments\d+\.xml|vmlDrawing\d+\.vml)$/;

/**
 * Sends the comments (notes) entries through temporary files (see FileSpool). Relies on ExcelJS
 * internals: when they are not there, the writer keeps its own in-memory buffering.
 */
function spoolComments(workbook: WorkbookWriter, tempDir: string | undefined): void {
  const opener = workbook as unknown as EntryOpener;
  const open = opener._openStream?.bind(workbook);
  const zip = opener.zip;
  if (!open || !zip) return;
  opener._openStream = (entry: string) => {
    if (!COMMENT_ENTRY.test(entry)) return open(entry);
    const spool = new FileSpool(tempDir);
    spools.set(workbook, [...(spools.get(workbook) ?? []), spool]);
    zip.append(spool.readable, { name: entry });
    return spool;
  };
}

/** Waits until `output` has taken what was written, so a slow client holds back reading from the database. */
export async function drained(output: Writable): Promise<void> {
  if (output.writableNeedDrain && !output.destroyed) {
    await Promise.race([once(output, 'drain'), once(output, 'close')]);
  }
}
