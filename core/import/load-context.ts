import type pg from 'pg';
import type { ImportProblem } from './rows.js';
import type { ProblemLog } from './problems.js';
import type { ColumnHeaders } from './staging-sink.js';
import { fieldOf, type RowKind, type StagingColumn } from './staging.js';

/** What every step of one import's load shares: its connection (inside the import's transaction) and where problems go. */
export interface LoadContext {
  client: pg.ClientBase;
  submissionId: number;
  ownerId: number;
  geneBankCountryId: number;
  problems: ProblemLog;
  /** How a location is named for this data source: "Sheet 'animal'", "File 'x.csv'", "Table 'animal'". */
  placeWord: string;
  headers: ColumnHeaders;
}

export async function rowsOf<T>(ctx: LoadContext, text: string, params: unknown[] = []): Promise<T[]> {
  return (await ctx.client.query(text, params)).rows as T[];
}

/** SQL for a label compared case- and space-insensitively ("  Sus  Scrofa" matches "Sus scrofa"). */
export const norm = (expression: string): string => `lower(regexp_replace(btrim(${expression}), '\\s+', ' ', 'g'))`;

/** The header the file used for a staging column of a kind, else the row field's name. */
export function header(ctx: LoadContext, kind: RowKind, column: StagingColumn): string {
  const field = fieldOf(kind, column) ?? column;
  return ctx.headers[kind][field] ?? field;
}

export function quote(value: unknown): string {
  const text = String(value);
  return `'${text.length > 100 ? `${text.slice(0, 100)}…` : text}'`;
}

/** A staged row's location as a curator reads it: "Sheet 'animal', row 14, column 'Sex'". */
export interface StagedAt {
  kind: RowKind;
  sheet: string;
  row: number;
}

export function place(ctx: LoadContext, at: StagedAt, column?: StagingColumn): string {
  const where = `${ctx.placeWord} '${at.sheet}', row ${at.row}`;
  return column ? `${where}, column '${header(ctx, at.kind, column)}'` : where;
}

/** A problem about one cell of a staged row, its message prefixed with the cell's location. */
export function cellProblem(
  ctx: LoadContext, level: ImportProblem['level'], at: StagedAt, column: StagingColumn, value: unknown, text: string,
): ImportProblem {
  const problem: ImportProblem = {
    level,
    sheet: at.sheet,
    row: at.row,
    column: header(ctx, at.kind, column),
    message: `${place(ctx, at, column)}: ${text}`,
  };
  if (value !== null && value !== undefined) problem.value = String(value);
  return problem;
}

/**
 * Runs a query selecting offending staged rows (with a `seq` column) and logs a problem for each,
 * fetching no more rows than the log keeps while still counting them all.
 */
export async function reportRows<T extends { seq: number }>(
  ctx: LoadContext,
  level: ImportProblem['level'],
  query: string,
  params: unknown[],
  toProblem: (row: T) => ImportProblem,
): Promise<number> {
  const room = level === 'error' ? ctx.problems.errorRoom : ctx.problems.warningRoom;
  let total = 0;
  let rows: (T & { total_rows: number })[] = [];
  if (room > 0) {
    rows = await rowsOf(ctx, `SELECT q.*, count(*) OVER ()::int AS total_rows FROM (${query}) q ORDER BY q.seq LIMIT ${room}`, params);
    total = rows[0]?.total_rows ?? 0;
  } else {
    total = (await rowsOf<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM (${query}) q`, params))[0].n;
  }
  for (const row of rows) ctx.problems.add(toProblem(row));
  ctx.problems.countUnkept(level, total - rows.length);
  return total;
}
