import type { CellValue, DataValidation } from 'exceljs';
import { columnNote } from './column-help.js';
import { columnLetter } from './lists-sheet.js';
import { annotatedStyle, columnWidth, dataStyle, headerStyle } from './sheet-styles.js';
import type { TemplateSheet } from './template-columns.js';
import type { ListStrictness, ValueLists } from './value-lists.js';
import type { WorkbookWriter } from './workbook-stream.js';

/** Rows of an empty template that get dropdowns; a filled sheet gets them on every data row too. */
export const DEFAULT_DROPDOWN_ROWS = 5000;

/** Excel refuses longer cell texts. */
const MAX_CELL_TEXT = 32_767;

export interface SheetContext {
  lists: ValueLists;
  /** Dropdown formula per list name (see listRanges). */
  listRanges: Map<string, string>;
  dropdownRows?: number;
}

/** The validation messages that land on one cell: the cell is filled by the worst level. */
export interface CellAnnotation {
  level: 'error' | 'warning';
  lines: string[];
}

/** ExcelJS takes a validation for a whole range (one entry, not one per cell) but its types omit it. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: DataValidation): void };
}

export type RowValue = string | number | null | undefined;

export interface TemplateSheetWriter {
  /** Data rows written so far. */
  readonly rows: number;
  /** Appends one data row; `values` follow the sheet's columns; annotations are keyed by column index. */
  addRow(values: RowValue[], annotations?: Map<number, CellAnnotation>): void;
  /** Adds the dropdowns and writes the sheet out; nothing can be added afterwards. */
  finish(): void;
}

/** Starts a sheet shaped as the IMAGE template: marked headers with notes, text-formatted columns, a frozen header row. */
export function startTemplateSheet(workbook: WorkbookWriter, sheet: TemplateSheet, context: SheetContext): TemplateSheetWriter {
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = sheet.columns.map((c) => ({ width: columnWidth(c), style: dataStyle(c) }));
  const header = ws.getRow(1);
  header.height = 32;
  sheet.columns.forEach((column, i) => {
    const cell = header.getCell(i + 1);
    cell.value = column.header;
    cell.style = headerStyle(column);
    cell.note = columnNote(sheet, column, context.lists);
  });
  header.commit();

  let rows = 0;
  return {
    get rows() {
      return rows;
    },
    addRow(values, annotations) {
      rows += 1;
      const row = ws.getRow(rows + 1);
      sheet.columns.forEach((column, i) => {
        const value = values[i];
        const annotation = annotations?.get(i);
        if (value === null || value === undefined || value === '') {
          if (!annotation) return;
        } else {
          row.getCell(i + 1).value = typeof value === 'string' ? value.slice(0, MAX_CELL_TEXT) : (value as CellValue);
        }
        if (annotation) {
          const cell = row.getCell(i + 1);
          cell.style = annotatedStyle(column, annotation.level);
          cell.note = annotation.lines.join('\n').slice(0, MAX_CELL_TEXT);
        }
      });
      row.commit();
    },
    finish() {
      const lastRow = Math.max(context.dropdownRows ?? DEFAULT_DROPDOWN_ROWS, rows + 1);
      sheet.columns.forEach((column, i) => {
        const list = column.values ? context.lists[column.values] : undefined;
        const formula = column.values ? context.listRanges.get(column.values) : undefined;
        if (!list || !formula) return;
        const col = columnLetter(i + 1);
        (ws as unknown as RangeValidations).dataValidations.add(`${col}2:${col}${lastRow}`, dropdown(column.header, formula, list.strictness));
      });
      ws.commit();
    },
  };
}

const REFUSALS: Record<ListStrictness, string> = {
  stop: 'Choose one of the values in the list.',
  warning: 'This value is not in the list. Keep it only if InjectTool knows it by that name.',
  information: 'This term is not in the list yet: it will be added and annotated with an ontology id later.',
};

function dropdown(header: string, formula: string, strictness: ListStrictness): DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: strictness,
    errorTitle: header,
    error: REFUSALS[strictness],
  };
}
