/**
 * One sheet of the IMAGE template as the streaming reader gives it: which column holds which
 * field (from the header row), and each cell as text, date, number or quantity, with a problem
 * naming sheet, row and column for anything that cannot be read.
 */
import type { Cell, Row } from 'exceljs';
import type { ImportProblem, ImportSink } from './rows.js';
import {
  DATE_FORMATS, TIME_UNIT_LIST, dateObjectToIso, excelSerialDate, listed, parseDateText, parseNumberText,
  parseQuantityText, quoted, timeUnit,
} from './values.js';

export type ColumnKind = 'text' | 'date' | 'number' | 'quantity';

export interface ColumnSpec {
  header: string;
  field?: string;
  kind: ColumnKind;
  requiredInFile?: boolean;
}

export interface SheetSpec {
  name: string;
  purpose: string;
  columns: ColumnSpec[];
}

interface Column {
  header: string;
  kind: ColumnKind;
  /** 1-based column numbers holding this header; more than one when the header is repeated. */
  numbers: number[];
}

// ExcelJS cell types (Enums.ValueType), compared as numbers to stay off the hot path's imports.
const NULL = 0, NUMBER = 2, STRING = 3, DATE = 4, HYPERLINK = 5, FORMULA = 6, SHARED_STRING = 7, RICH_TEXT = 8, BOOLEAN = 9, ERROR = 10;

export const normalizeHeader = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

export function columnLetter(n: number): string {
  let letters = '';
  for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

export interface SheetLayout {
  columns: Map<string, Column>;
  missing: string[];
  /** Headers found more than once, with their column numbers. */
  repeated: Column[];
  /** field → header as written in the file, for the sink. */
  headers: Record<string, string>;
}

/** Matches the header row against the spec; `keyOf` names the field a spec column fills. */
export function readLayout(header: Row, spec: SheetSpec, keyOf: (column: ColumnSpec) => string | undefined): SheetLayout {
  const byHeader = new Map<string, number[]>();
  const written = new Map<string, string>();
  header.eachCell((cell, col) => {
    const text = cellText(cell);
    if (!text) return;
    const normalized = normalizeHeader(text);
    const numbers = byHeader.get(normalized);
    if (numbers) numbers.push(col);
    else {
      byHeader.set(normalized, [col]);
      written.set(normalized, text.trim());
    }
  });
  const layout: SheetLayout = { columns: new Map(), missing: [], repeated: [], headers: {} };
  for (const spec_ of spec.columns) {
    const key = keyOf(spec_);
    const normalized = normalizeHeader(spec_.header);
    const numbers = byHeader.get(normalized);
    if (!numbers) {
      if (spec_.requiredInFile) layout.missing.push(spec_.header);
      continue;
    }
    const column: Column = { header: written.get(normalized)!, kind: spec_.kind, numbers };
    if (numbers.length > 1) layout.repeated.push(column);
    if (key) {
      layout.columns.set(key, column);
      layout.headers[key] = column.header;
    }
  }
  return layout;
}

/** A header cell or any cell as plain text, without reporting (headers, names). */
function cellText(cell: Cell): string | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('').trim() || null;
  return String(v);
}

type Plain = string | number | boolean | Date | null;

/**
 * Reads the cells of one row at a time. The same instance serves every row of a sheet so reading
 * a row allocates nothing beyond the values themselves.
 */
export class RowReader {
  row!: Row;
  rowNumber = 0;
  /** Set when a cell of the current row could not be read. */
  failed = false;

  constructor(
    readonly sheet: string,
    readonly layout: SheetLayout,
    private readonly sink: ImportSink,
    private readonly date1904: boolean,
  ) {}

  start(row: Row): void {
    this.row = row;
    this.rowNumber = row.number;
    this.failed = false;
  }

  /** True when no column the template knows holds a value: notes in other columns make no record. */
  isBlank(): boolean {
    for (const column of this.layout.columns.values()) {
      for (const n of column.numbers) {
        const cell = this.row.findCell(n);
        if (!cell || cell.type === NULL) continue;
        if (cell.type !== STRING || (cell.value as string).trim() !== '') return false;
      }
    }
    return true;
  }

  has(key: string): boolean {
    return this.layout.columns.has(key);
  }

  header(key: string): string {
    return this.layout.columns.get(key)?.header ?? key;
  }

  problem(level: ImportProblem['level'], key: string, value: unknown, message: string, cell?: number): void {
    const column = this.header(key);
    const where = cell ? ` (cell ${columnLetter(cell)}${this.rowNumber})` : '';
    if (level === 'error') this.failed = true;
    this.sink.problem({
      level,
      sheet: this.sheet,
      row: this.rowNumber,
      column,
      value: value === null || value === undefined ? undefined : String(value),
      message: `Sheet '${this.sheet}', row ${this.rowNumber}, column '${column}'${where}: ${message}`,
    });
  }

  /** The first non-empty cell of the field's columns, resolved to a plain value. */
  private raw(key: string): Plain {
    const column = this.layout.columns.get(key);
    if (!column) return null;
    const numbers = column.numbers;
    for (let i = 0; i < numbers.length; i++) {
      const cell = this.row.findCell(numbers[i]);
      if (!cell) continue;
      const value = this.plain(cell, key, numbers[i]);
      if (value !== null) return value;
    }
    return null;
  }

  private plain(cell: Cell, key: string, col: number): Plain {
    switch (cell.type) {
      case NULL: return null;
      case STRING: return (cell.value as string).trim() || null;
      case NUMBER: case BOOLEAN: case DATE: return cell.value as Plain;
      case RICH_TEXT: return cellText(cell);
      case HYPERLINK: return (cell.value as { text?: string }).text?.trim() || null;
      case FORMULA: {
        const result = cell.result as unknown;
        if (result === undefined || result === null) {
          this.problem('error', key, null, 'formulas are not supported; paste values (Paste Special → Values)', col);
          return null;
        }
        if (typeof result === 'number' && Number.isNaN(result)) {
          this.problem('error', key, null, "the formula's result is an Excel error; paste values instead of formulas", col);
          return null;
        }
        if (typeof result === 'string') return result.trim() || null;
        if (typeof result === 'object' && 'error' in result) {
          this.problem('error', key, (result as { error: string }).error, `the formula's result is the Excel error ${(result as { error: string }).error}`, col);
          return null;
        }
        return result as Plain;
      }
      case ERROR: {
        const error = (cell.value as { error: string }).error;
        this.problem('error', key, error, `the cell holds the Excel error ${error}`, col);
        return null;
      }
      case SHARED_STRING:
        this.problem('error', key, null, 'the cell refers to text the workbook does not contain (a damaged file?)', col);
        return null;
      default:
        return cellText(cell);
    }
  }

  text(key: string): string | null {
    const v = this.raw(key);
    if (v === null || typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    if (v instanceof Date) return dateObjectToIso(v) ?? null;
    return String(v);
  }

  date(key: string): string | null {
    const v = this.raw(key);
    if (v === null) return null;
    let date: string | undefined;
    if (typeof v === 'string') date = parseDateText(v);
    else if (typeof v === 'number') date = excelSerialDate(v, this.date1904);
    else if (v instanceof Date) date = dateObjectToIso(v);
    if (date === undefined) this.problem('error', key, v, `'${String(v)}' is not a date (write ${DATE_FORMATS})`);
    return date ?? null;
  }

  number(key: string): number | null {
    const v = this.raw(key);
    if (v === null) return null;
    if (typeof v === 'number') return v;
    const n = typeof v === 'string' ? parseNumberText(v) : undefined;
    if (n === undefined) {
      const hint = typeof v === 'string' && /^\s*[+-]?\d+,\d+\s*$/.test(v) ? ' (use a dot as decimal separator)' : '';
      this.problem('error', key, v, `'${String(v)}' is not a number${hint}`);
      return null;
    }
    return n;
  }

  /**
   * A time quantity from "1 year" in one cell, or a number here and the unit in `unitKey`'s
   * column (the template's "… units" columns). Returns [value, unit].
   */
  quantity(key: string, unitKey: string): [number | null, string | null] {
    const v = this.raw(key);
    const unitText = this.text(unitKey);
    let unit = unitText === null ? undefined : timeUnit(unitText);
    if (unitText !== null && unit === undefined) {
      this.problem('error', unitKey, unitText, `'${unitText}' is not one of ${TIME_UNIT_LIST}`);
    }
    if (v === null) {
      if (unitText !== null) this.problem('warning', unitKey, unitText, `a unit is given but column '${this.header(key)}' is empty; the unit is ignored`);
      return [null, null];
    }
    let value: number;
    if (typeof v === 'number') value = v;
    else {
      const q = typeof v === 'string' ? parseQuantityText(v) : undefined;
      if (!q) {
        this.problem('error', key, v, `'${String(v)}' is not a quantity such as '1 year' or '7 days'`);
        return [null, null];
      }
      if (q.unknownUnit !== undefined) {
        this.problem('error', key, v, `'${q.unknownUnit}' in '${String(v)}' is not one of ${TIME_UNIT_LIST}`);
        return [null, null];
      }
      if (q.unit && unit && q.unit !== unit) {
        this.problem('error', key, v, `'${String(v)}' says ${q.unit} but column '${this.header(unitKey)}' says ${unit}`);
        return [null, null];
      }
      value = q.value;
      unit = q.unit ?? unit;
    }
    if (unit === undefined) {
      if (unitText === null) {
        const hint = this.has(unitKey) ? `fill column '${this.header(unitKey)}' or write` : 'write';
        this.problem('error', key, v, `${String(v)} has no unit; ${hint} it as '${value} years' (units: ${TIME_UNIT_LIST})`);
      }
      return [value, null];
    }
    return [value, unit];
  }

  /** An empty key field: the row cannot be imported. */
  missing(key: string): void {
    this.problem('error', key, null, 'this column must be filled; the row is not imported');
  }
}

export function missingColumnsMessage(sheet: string, missing: string[]): string {
  return `Sheet '${sheet}' lacks the column${missing.length > 1 ? 's' : ''} ${listed(quoted(missing))}`;
}
