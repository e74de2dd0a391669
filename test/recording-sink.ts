/**
 * A sink that keeps what a parser tells it, for the parsers' tests; and the files those tests
 * write into a temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  AnimalRow, BreedRow, ColumnNames, ContactSheet, ImportProblem, ImportSink, ParseContext, SampleRow, SourceLocation,
  SubmissionSheet,
} from '../core/import/rows.js';

interface Received<T> {
  row: T;
  at: SourceLocation;
  columns: ColumnNames<T>;
}

export class RecordingSink implements ImportSink {
  readonly breeds: Received<BreedRow>[] = [];
  readonly animals: Received<AnimalRow>[] = [];
  readonly samples: Received<SampleRow>[] = [];
  readonly problems: ImportProblem[] = [];
  submission: SubmissionSheet | undefined;
  contact: ContactSheet | undefined;
  lastProgress: [number, number] | undefined;

  async breed(row: BreedRow, at: SourceLocation, columns: ColumnNames<BreedRow>): Promise<void> {
    this.breeds.push({ row, at, columns });
  }

  async animal(row: AnimalRow, at: SourceLocation, columns: ColumnNames<AnimalRow>): Promise<void> {
    this.animals.push({ row, at, columns });
  }

  async sample(row: SampleRow, at: SourceLocation, columns: ColumnNames<SampleRow>): Promise<void> {
    this.samples.push({ row, at, columns });
  }

  async submissionSheet(sheet: SubmissionSheet): Promise<void> {
    this.submission = sheet;
  }

  async contactSheet(sheet: ContactSheet): Promise<void> {
    this.contact = sheet;
  }

  problem(problem: ImportProblem): void {
    this.problems.push(problem);
  }

  progress(bytesRead: number, bytesTotal: number): void {
    this.lastProgress = [bytesRead, bytesTotal];
  }

  messages(level: ImportProblem['level']): string[] {
    return this.problems.filter((p) => p.level === level).map((p) => p.message);
  }
}

export function parseContext(fileName: string, limits: Partial<ParseContext['limits']> = {}): ParseContext {
  return { fileName, geneBankCountry: 'Italy', limits: { maxRows: 1_000_000, maxUnzippedBytes: 1024 * 1024 * 1024, ...limits } };
}

/** A temporary folder for one test file's fixtures, removed after its tests. */
export function fixtureFolder(): { file(name: string, content?: string | Buffer): string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'injecttool-parser-'));
  return {
    file(name, content) {
      const file = path.join(dir, name);
      if (content !== undefined) fs.writeFileSync(file, content);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
