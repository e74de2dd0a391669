import type { WorkbookWriter } from './workbook-stream.js';
import type { ValueLists } from './value-lists.js';

export const LISTS_SHEET = 'lists';

/**
 * Where each non-empty list sits in the hidden `lists` sheet, as a formula for a dropdown. Excel caps
 * an inline list at 255 characters, so every list is a range reference instead.
 */
export function listRanges(lists: ValueLists): Map<string, string> {
  const ranges = new Map<string, string>();
  Object.values(lists)
    .filter((l) => l.values.length > 0)
    .forEach((list, i) => {
      const col = columnLetter(i + 1);
      ranges.set(list.name, `${LISTS_SHEET}!$${col}$2:$${col}$${list.values.length + 1}`);
    });
  return ranges;
}

/** The hidden sheet holding the dropdowns' values, one list per column, in the order of listRanges(). */
export function writeListsSheet(workbook: WorkbookWriter, lists: ValueLists): void {
  const sheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const filled = Object.values(lists).filter((l) => l.values.length > 0);
  const height = Math.max(0, ...filled.map((l) => l.values.length));
  for (let r = 0; r <= height; r++) {
    const row = sheet.getRow(r + 1);
    filled.forEach((list, c) => {
      const value = r === 0 ? list.name : list.values[r - 1];
      if (value !== undefined) row.getCell(c + 1).value = value;
    });
    row.commit();
  }
  sheet.commit();
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
