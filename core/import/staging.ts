import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { AnimalRow, BreedRow, SampleRow } from './rows.js';

/**
 * The staging table every parser's rows are streamed into (one COPY for the whole file), so the
 * loader resolves names and labels with set-based SQL and never holds the file's rows in memory.
 * A TEMP table dropped at commit: a killed import leaves nothing behind.
 */
export type RowKind = 'b' | 'a' | 's';

const NUMERIC = new Set(['latitude', 'longitude', 'age', 'prep_interval']);

/** Staging column → the row field it holds, per kind (null: the kind has no such field). */
const FIELDS = {
  name: { a: 'name', s: 'name' },
  alternative_id: { a: 'alternativeId', s: 'alternativeId' },
  description: { a: 'description', s: 'description' },
  breed: { b: 'suppliedBreed', a: 'breed' },
  country: { b: 'country', a: 'breedCountry' },
  species: { b: 'species', a: 'species' },
  mapped_breed: { b: 'mappedBreed' },
  mapped_breed_term: { b: 'mappedBreedTerm' },
  sex: { a: 'sex' },
  father: { a: 'father' },
  mother: { a: 'mother' },
  birth_date: { a: 'birthDate' },
  birth_location: { a: 'birthLocation' },
  latitude: { a: 'birthLocationLatitude', s: 'collectionPlaceLatitude' },
  longitude: { a: 'birthLocationLongitude', s: 'collectionPlaceLongitude' },
  accuracy: { a: 'birthLocationAccuracy', s: 'collectionPlaceAccuracy' },
  accession: { a: 'accession', s: 'accession' },
  animal: { s: 'animal' },
  protocol: { s: 'collectionProtocol' },
  collection_date: { s: 'collectionDate' },
  collection_place: { s: 'collectionPlace' },
  organism_part: { s: 'organismPart' },
  developmental_stage: { s: 'developmentalStage' },
  physiological_stage: { s: 'physiologicalStage' },
  age: { s: 'animalAgeAtCollection' },
  age_unit: { s: 'animalAgeAtCollectionUnit' },
  availability: { s: 'availability' },
  storage: { s: 'storage' },
  storage_processing: { s: 'storageProcessing' },
  prep_interval: { s: 'preparationInterval' },
  prep_interval_unit: { s: 'preparationIntervalUnit' },
  doi: { s: 'publicationDoi' },
} as const satisfies Record<string, Partial<Record<RowKind, string>>>;

export type StagingColumn = keyof typeof FIELDS;
const COLUMNS = Object.keys(FIELDS) as StagingColumn[];

/** The row field a staging column holds for a kind, e.g. ('a', 'country') → 'breedCountry'. */
export function fieldOf(kind: RowKind, column: StagingColumn): string | undefined {
  return (FIELDS[column] as Partial<Record<RowKind, string>>)[kind];
}

export async function createStagingTable(client: pg.ClientBase): Promise<void> {
  const columns = COLUMNS.map((c) => `${c} ${NUMERIC.has(c) ? 'double precision' : 'text'}`).join(', ');
  await client.query(
    `CREATE TEMP TABLE import_rows (kind char(1) NOT NULL, seq integer NOT NULL, sheet text NOT NULL, row integer NOT NULL, ${columns})
     ON COMMIT DROP`,
  );
}

/** Statistics for the planner, which otherwise guesses a temp table's size; the checks are hash joins, needing no index. */
export async function analyzeStagingTable(client: pg.ClientBase): Promise<void> {
  await client.query(`ANALYZE import_rows`);
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };
const SPECIAL = /[\\\t\n\r\0]/;

/** One value in COPY text format; blank text is stored as NULL (a blank cell says nothing). */
function encode(value: unknown, numeric: boolean): string {
  if (value === null || value === undefined) return '\\N';
  if (numeric) {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? String(n) : '\\N';
  }
  const text = String(value);
  if (text.trim() === '') return '\\N';
  return SPECIAL.test(text) ? text.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : text;
}

export function stagingLine(kind: RowKind, seq: number, sheet: string, row: number, values: BreedRow | AnimalRow | SampleRow): string {
  const record = values as unknown as Record<string, unknown>;
  const parts = [kind, String(seq), encode(sheet, false), String(Math.trunc(row) || 0)];
  for (const column of COLUMNS) {
    const field = fieldOf(kind, column);
    parts.push(field ? encode(record[field], NUMERIC.has(column)) : '\\N');
  }
  return parts.join('\t') + '\n';
}

/** Sends lines to one COPY … FROM STDIN, about a thousand per write, waiting when PostgreSQL is behind. */
export class StagingCopy {
  private lines: string[] = [];
  private failure: Error | undefined;
  private readonly stream;

  constructor(client: pg.ClientBase, private readonly batchSize = 1000) {
    this.stream = client.query(copyFrom(`COPY import_rows (kind, seq, sheet, row, ${COLUMNS.join(', ')}) FROM STDIN`));
    this.stream.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  async push(line: string): Promise<void> {
    this.lines.push(line);
    if (this.lines.length >= this.batchSize) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  /** Abandons the COPY (CopyFail); the transaction is rolled back by the caller. */
  async abort(reason: Error): Promise<void> {
    if (this.stream.destroyed || this.stream.writableFinished) return;
    this.stream.destroy(reason);
    await finished(this.stream).catch(() => undefined);
  }
}
