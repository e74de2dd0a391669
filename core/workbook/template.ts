import type { Writable } from 'node:stream';
import { db } from '../db/data-source.js';
import { writeInstructionsSheet } from './instructions.js';
import { listRanges, writeListsSheet } from './lists-sheet.js';
import { startTemplateSheet } from './template-sheet.js';
import { templateSheets } from './template-columns.js';
import { loadValueLists, type ValueLists } from './value-lists.js';
import { createWorkbookWriter } from './workbook-stream.js';

export interface TemplateOptions {
  /** The dropdowns' values; read from the database and the IMAGE rules when not given. */
  lists?: ValueLists;
  /** Rows that get dropdowns (default DEFAULT_DROPDOWN_ROWS). */
  dropdownRows?: number;
}

/**
 * Writes the empty IMAGE template into `output`: instructions, then the submission, contact, breed,
 * animal and sample sheets of resources/template/columns.json, and the hidden lists of the dropdowns.
 * Generated each time, so new vocabulary terms and rule changes appear at once.
 */
export async function writeTemplate(output: Writable, options: TemplateOptions = {}): Promise<void> {
  const lists = options.lists ?? (await loadValueLists(db()));
  const context = { lists, listRanges: listRanges(lists), dropdownRows: options.dropdownRows };
  const workbook = createWorkbookWriter(output);
  writeInstructionsSheet(workbook, lists);
  for (const sheet of templateSheets()) startTemplateSheet(workbook, sheet, context).finish();
  writeListsSheet(workbook, lists);
  await workbook.commit();
}
