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
const TAB = 0x09;
const NEWLINE = 0x0a;
const NULL_MARK = '\\N';

/** A chunk's size, and what it holds when it is sent (a few hundred rows): the rest is room for the last row. */
const CHUNK_BYTES = 256 * 1024;
const SEND_AT = CHUNK_BYTES - 32 * 1024;

/**
 * Sends rows to one COPY … FROM STDIN in text format. Each value is written straight into the
 * current chunk's bytes, so staging a row allocates nothing of its own (a line string per row and
 * a joined string per thousand rows were, at 500,000 samples, hundreds of MB of garbage the
 * worker's heap grew with before V8 collected it). A full chunk is written to the COPY, waiting when
 * PostgreSQL is behind, and the next chunk is a new buffer: the socket may still hold the bytes of
 * the last one (writes are not copied), so a chunk is never written into twice.
 */
export class StagingCopy {
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private used = 0;
  private failure: Error | undefined;
  private readonly stream;

  constructor(client: pg.ClientBase) {
    this.stream = client.query(copyFrom(`COPY import_rows (kind, seq, sheet, row, ${COLUMNS.join(', ')}) FROM STDIN`));
    this.stream.on('error', (err: Error) => {
      this.failure = err;
    });
  }

  /** Stages one row: its kind, order in the file, place, and the row's values in COLUMNS order. */
  async push(kind: RowKind, seq: number, sheet: string, row: number, values: BreedRow | AnimalRow | SampleRow): Promise<void> {
    const record = values as unknown as Record<string, unknown>;
    this.text(kind);
    this.byte(TAB);
    this.text(String(seq));
    this.byte(TAB);
    this.value(sheet, false);
    this.byte(TAB);
    this.text(String(Math.trunc(row) || 0));
    for (const column of COLUMNS) {
      this.byte(TAB);
      const field = fieldOf(kind, column);
      if (field) this.value(record[field], NUMERIC.has(column));
      else this.text(NULL_MARK);
    }
    this.byte(NEWLINE);
    if (this.used >= SEND_AT) await this.flush();
  }

  /** One value in COPY text format; blank text is stored as NULL (a blank cell says nothing). */
  private value(value: unknown, numeric: boolean): void {
    if (value === null || value === undefined) return this.text(NULL_MARK);
    if (numeric) {
      const n = typeof value === 'number' ? value : Number(value);
      return this.text(Number.isFinite(n) ? String(n) : NULL_MARK);
    }
    const text = String(value);
    if (text.trim() === '') return this.text(NULL_MARK);
    this.text(SPECIAL.test(text) ? text.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c]) : text);
  }

  private byte(b: number): void {
    this.room(1);
    this.chunk[this.used++] = b;
  }

  /** Short ASCII text (most cells) byte by byte; anything else through Buffer's UTF-8 encoder. */
  private text(s: string): void {
    const length = s.length;
    this.room(length * 3);
    const chunk = this.chunk;
    const at = this.used;
    if (length <= 64) {
      let i = 0;
      for (; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        chunk[at + i] = c;
      }
      if (i === length) {
        this.used += length;
        return;
      }
    }
    this.used += chunk.write(s, at);
  }

  /** Makes room for `bytes` more (a row longer than a chunk gets a bigger one). */
  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.chunk.length * 2, this.used + bytes));
    this.chunk.copy(bigger, 0, 0, this.used);
    this.chunk = bigger;
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.used === 0) return;
    const filled = this.chunk.subarray(0, this.used);
    this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.used = 0;
    if (!this.stream.write(filled)) await once(this.stream, 'drain');
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
