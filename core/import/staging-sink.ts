import {
  UnreadableFileError, type AnimalRow, type BreedRow, type ColumnNames, type ContactSheet, type ImportProblem, type ImportSink,
  type SampleRow, type SourceLocation, type SubmissionSheet,
} from './rows.js';
import type { ProblemLog } from './problems.js';
import type { RowKind, StagingCopy } from './staging.js';

export type ColumnHeaders = Record<RowKind, Record<string, string>>;

/** The sink parsers write to: rows go to the staging COPY, problems to the log, nothing is kept per row. */
export class StagingSink implements ImportSink {
  readonly counts: Record<RowKind, number> = { b: 0, a: 0, s: 0 };
  /** Column headers the parser named, per kind and row field, for messages about staged rows. */
  readonly headers: ColumnHeaders = { b: {}, a: {}, s: {} };
  submission: SubmissionSheet | undefined;
  contact: ContactSheet | undefined;
  private seq = 0;
  private lastColumns: Partial<Record<RowKind, object>> = {};

  constructor(
    private readonly copy: StagingCopy,
    readonly problems: ProblemLog,
    private readonly maxRows: number,
    private readonly onProgress: (bytesRead: number, bytesTotal: number) => void = () => undefined,
  ) {}

  breed(row: BreedRow, at: SourceLocation, columns: ColumnNames<BreedRow>): Promise<void> {
    return this.stage('b', row, at, columns);
  }

  animal(row: AnimalRow, at: SourceLocation, columns: ColumnNames<AnimalRow>): Promise<void> {
    return this.stage('a', row, at, columns);
  }

  sample(row: SampleRow, at: SourceLocation, columns: ColumnNames<SampleRow>): Promise<void> {
    return this.stage('s', row, at, columns);
  }

  async submissionSheet(sheet: SubmissionSheet): Promise<void> {
    this.submission = sheet;
  }

  async contactSheet(sheet: ContactSheet): Promise<void> {
    this.contact = sheet;
  }

  problem(problem: ImportProblem): void {
    this.problems.add(problem);
  }

  progress(bytesRead: number, bytesTotal: number): void {
    this.onProgress(bytesRead, bytesTotal);
  }

  get rowsStaged(): number {
    return this.seq;
  }

  private async stage(kind: RowKind, row: BreedRow | AnimalRow | SampleRow, at: SourceLocation, columns: object): Promise<void> {
    if (++this.seq > this.maxRows) {
      throw new UnreadableFileError(`The file has more than ${this.maxRows} rows (limit MAX_ROWS)`);
    }
    this.counts[kind]++;
    if (columns && this.lastColumns[kind] !== columns) {
      this.lastColumns[kind] = columns;
      Object.assign(this.headers[kind], columns);
    }
    await this.copy.push(kind, this.seq, at.sheet, at.row, row);
  }
}
