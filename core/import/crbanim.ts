/**
 * A CRB-Anim export (CSV, one row per sample with its animal) → breeds, animals and samples, as the
 * original tool mapped it. Unlike the original it reads Latin-1 files, semicolon and tab dialects,
 * imports rows that already carry a BioSamples accession, and reports conflicting animal rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse';
import countries from 'i18n-iso-countries';
import { resourcesDir } from '../paths.js';
import {
  UnreadableFileError, type AnimalRow, type BreedRow, type ColumnNames, type ImportProblem, type ImportSink,
  type ParseContext, type SampleRow,
} from './rows.js';
import { readHead } from './file-type.js';
import { decodeHead, detectTextEncoding, textStream } from './text-encoding.js';
import { DATE_FORMATS, ageAtCollection, isBioSamplesAccession, listed, parseDateText, quoted } from './values.js';

const COLUMNS = [
  'sex', 'species_latin_name', 'country_of_origin', 'breed_name', 'animal_ID', 'sample_bibliographic_references',
  'sample_identifier', 'animal_birth_date', 'sample_storage_temperature', 'sample_type_name', 'body_part_name',
  'sampling_date', 'sampling_protocol_url', 'sample_availability', 'EBI_Biosample_identifier',
] as const;
type Column = (typeof COLUMNS)[number];

/** Absent from some exports (the reference Latin-1 file): read as empty. */
const MAY_BE_ABSENT = new Set<Column>(['sample_availability', 'sample_bibliographic_references']);
/** Without these a row makes no record. */
const KEY_COLUMNS: readonly Column[] = ['animal_ID', 'sample_identifier', 'breed_name', 'species_latin_name', 'country_of_origin'];
const DELIMITERS = [',', ';', '\t', '|'];
const SEXES: Record<string, string> = { male: 'male', female: 'female', unknown: 'record of unknown sex' };
const NO_BODY_PART = new Set(['unknown', 'not relevant']);
const TEMPERATURE = /^([+-]?\d+(?:[.,]\d+)?)\s*(?:[°º]\s*)?C?$/i;

const storageTable = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'import', 'crbanim-storage.json'), 'utf8')) as {
  temperatures: { celsius: number; storage: string }[];
};
const STORAGE_BY_CELSIUS = new Map(storageTable.temperatures.map((t) => [t.celsius, t.storage]));

const BREED_COLUMNS: ColumnNames<BreedRow> = { suppliedBreed: 'breed_name', country: 'country_of_origin', species: 'species_latin_name' };
const ANIMAL_COLUMNS: ColumnNames<AnimalRow> = {
  name: 'animal_ID', alternativeId: 'animal_ID', breed: 'breed_name', breedCountry: 'country_of_origin',
  species: 'species_latin_name', sex: 'sex', birthDate: 'animal_birth_date',
};
const SAMPLE_COLUMNS: ColumnNames<SampleRow> = {
  name: 'sample_identifier', alternativeId: 'sample_identifier', animal: 'animal_ID',
  collectionProtocol: 'sampling_protocol_url', collectionDate: 'sampling_date', organismPart: 'body_part_name',
  animalAgeAtCollection: 'sampling_date', availability: 'sample_availability', storage: 'sample_storage_temperature',
  publicationDoi: 'sample_bibliographic_references', accession: 'EBI_Biosample_identifier',
};

/** The delimiter that splits the header into the most CRB-Anim column names. */
function detectDelimiter(headerLine: string): string {
  const known = new Set(COLUMNS.map((c) => c.toLowerCase()));
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const fields = headerLine.split(delimiter);
    const names = fields.filter((f) => known.has(f.trim().replace(/^"|"$/g, '').toLowerCase())).length;
    const score = names * 1000 + fields.length;
    if (score > bestScore) [best, bestScore] = [delimiter, score];
  }
  return best;
}

/** ISO 3166 alpha-2 code (or an English country name) → English country name. */
function countryName(value: string): string | undefined {
  if (value.length === 2) return countries.getName(value.toUpperCase(), 'en', { select: 'official' });
  const code = countries.getAlpha2Code(value, 'en');
  return code ? countries.getName(code, 'en', { select: 'official' }) : undefined;
}

function storageFor(temperature: string): string | undefined {
  const m = TEMPERATURE.exec(temperature.replace('\u2212', '-'));
  return m ? STORAGE_BY_CELSIUS.get(Number(m[1].replace(',', '.'))) : undefined;
}

interface AnimalSeen {
  row: number;
  sex: string | null;
  species: string;
  breed: string;
  country: string;
  birthDate: string | null;
}

const CONFLICT_FIELDS: [keyof Omit<AnimalSeen, 'row'>, Column][] = [
  ['sex', 'sex'], ['species', 'species_latin_name'], ['breed', 'breed_name'], ['country', 'country_of_origin'],
  ['birthDate', 'animal_birth_date'],
];

/** Turns the rows of one file into sink calls; keeps only what is needed to match later rows. */
class CrbAnimRows {
  private index!: Record<Column, number>;
  private headerLength = 0;
  private record!: string[];
  private rowNumber = 0;
  dataRows = 0;
  private readonly breeds = new Set<string>();
  private readonly animals = new Map<string, AnimalSeen>();
  private readonly samples = new Map<string, number>();

  constructor(private readonly ctx: ParseContext, private readonly sink: ImportSink) {}

  header(record: string[]): void {
    const found = new Map(record.map((name, i) => [name.trim().toLowerCase(), i] as const));
    const missing = COLUMNS.filter((c) => !found.has(c.toLowerCase()) && !MAY_BE_ABSENT.has(c));
    if (missing.length) {
      const message = `'${this.ctx.fileName}' is not a CRB-Anim export: it lacks the column${missing.length > 1 ? 's' : ''} ${listed(quoted(missing))}`;
      throw new UnreadableFileError(`${message}.`, [{ level: 'error', sheet: this.ctx.fileName, row: 1, column: missing.join(', '), message }]);
    }
    this.index = Object.fromEntries(COLUMNS.map((c) => [c, found.get(c.toLowerCase()) ?? -1])) as Record<Column, number>;
    this.headerLength = record.length;
  }

  private value(column: Column): string | null {
    const i = this.index[column];
    if (i < 0) return null;
    const text = this.record[i]?.trim();
    return !text || text === '\\N' ? null : text;
  }

  private problem(level: ImportProblem['level'], column: Column | undefined, value: string | null, message: string): void {
    const where = column ? `, column '${column}'` : '';
    this.sink.problem({
      level, sheet: this.ctx.fileName, row: this.rowNumber, column, value: value ?? undefined,
      message: `File '${this.ctx.fileName}', row ${this.rowNumber}${where}: ${message}`,
    });
  }

  private date(column: Column): string | null {
    const text = this.value(column);
    if (text === null) return null;
    const date = parseDateText(text);
    if (date === undefined) this.problem('error', column, text, `'${text}' is not a date (write ${DATE_FORMATS})`);
    return date ?? null;
  }

  countRow(): void {
    if (++this.dataRows > this.ctx.limits.maxRows) {
      throw new UnreadableFileError(`'${this.ctx.fileName}' has more than ${this.ctx.limits.maxRows} rows, the limit set by MAX_ROWS.`);
    }
  }

  async row(record: string[], rowNumber: number): Promise<void> {
    this.record = record;
    this.rowNumber = rowNumber;
    if (record.length !== this.headerLength) {
      this.problem('error', undefined, null, `the row has ${record.length} values but the header has ${this.headerLength} columns; the row is not imported`);
      return;
    }
    let missing = false;
    for (const column of KEY_COLUMNS) {
      if (this.value(column) !== null) continue;
      this.problem('error', column, null, 'this column must be filled; the row is not imported');
      missing = true;
    }
    if (missing) return;
    const animal = this.value('animal_ID')!;
    const sample = this.value('sample_identifier')!;
    const breed = this.value('breed_name')!;
    const species = this.value('species_latin_name')!;
    const code = this.value('country_of_origin')!;
    const country = countryName(code);
    if (!country) {
      this.problem('error', 'country_of_origin', code, `'${code}' is not an ISO 3166 two-letter country code (such as IT or FR); the row is not imported`);
      return;
    }
    const birthDate = this.date('animal_birth_date');
    await this.animal(animal, breed, country, species, birthDate);
    await this.sample(sample, animal, birthDate);
  }

  private async breed(suppliedBreed: string, country: string, species: string): Promise<void> {
    const key = `${suppliedBreed}\u0000${country}\u0000${species}`;
    if (this.breeds.has(key)) return;
    this.breeds.add(key);
    const row: BreedRow = { suppliedBreed, country, species, mappedBreed: null, mappedBreedTerm: null };
    await this.sink.breed(row, { sheet: this.ctx.fileName, row: this.rowNumber }, BREED_COLUMNS);
  }

  private sex(): string | null {
    const sex = this.value('sex');
    return sex === null ? null : SEXES[sex.toLowerCase()] ?? sex;
  }

  private async animal(name: string, breed: string, country: string, species: string, birthDate: string | null): Promise<void> {
    const seen: AnimalSeen = { row: this.rowNumber, sex: this.sex(), species, breed, country, birthDate };
    const first = this.animals.get(name);
    if (first) {
      for (const [field, column] of CONFLICT_FIELDS) {
        if (first[field] === seen[field]) continue;
        this.problem('warning', column, seen[field],
          `animal '${name}' was defined in row ${first.row} with ${column} '${first[field] ?? ''}', not '${seen[field] ?? ''}'; the first definition is kept`);
      }
      return;
    }
    this.animals.set(name, seen);
    // A breed is emitted with the first animal of it: a later, conflicting row defines no animal.
    await this.breed(breed, country, species);
    const row: AnimalRow = {
      name, alternativeId: name, description: null, breed, breedCountry: country, species, sex: seen.sex,
      father: null, mother: null, birthDate, birthLocation: null, birthLocationLatitude: null,
      birthLocationLongitude: null, birthLocationAccuracy: 'missing geographic information', accession: null,
    };
    await this.sink.animal(row, { sheet: this.ctx.fileName, row: this.rowNumber }, ANIMAL_COLUMNS);
  }

  private organismPart(): string | null {
    const bodyPart = this.value('body_part_name')?.toLowerCase() ?? null;
    if (bodyPart !== null && !NO_BODY_PART.has(bodyPart)) return bodyPart;
    return this.value('sample_type_name')?.toLowerCase() ?? null;
  }

  private storage(): string | null {
    const temperature = this.value('sample_storage_temperature');
    if (temperature === null) return null;
    const storage = storageFor(temperature);
    if (!storage) {
      this.problem('warning', 'sample_storage_temperature', temperature,
        `no IMAGE sample storage is known for '${temperature}' (known: -196°C, -80°C, -30°C, -20°C); 'Sample storage' is left empty`);
    }
    return storage ?? null;
  }

  private accession(): string | null {
    const id = this.value('EBI_Biosample_identifier');
    if (id === null || isBioSamplesAccession(id)) return id;
    this.problem('warning', 'EBI_Biosample_identifier', id,
      `'${id}' is not a BioSamples accession (SAMEA, SAMN or SAMD followed by digits); it is not stored`);
    return null;
  }

  private age(birthDate: string | null, collectionDate: string | null): [number | null, string | null] {
    const age = ageAtCollection(birthDate, collectionDate);
    if (age) return [age.value, age.unit];
    if (birthDate && collectionDate && birthDate.length === 10 && collectionDate.length === 10 && birthDate > collectionDate) {
      this.problem('warning', 'animal_birth_date', birthDate,
        `the animal's birth date ${birthDate} is after the sampling date ${collectionDate}; the age at collection is left empty`);
    }
    return [null, null];
  }

  private async sample(name: string, animal: string, birthDate: string | null): Promise<void> {
    const first = this.samples.get(name);
    if (first !== undefined) {
      this.problem('error', 'sample_identifier', name, `'${name}' is already the sample_identifier of row ${first}; ids must be unique`);
      return;
    }
    this.samples.set(name, this.rowNumber);
    const collectionDate = this.date('sampling_date');
    const [age, ageUnit] = this.age(birthDate, collectionDate);
    const row: SampleRow = {
      name, alternativeId: name, description: null, animal,
      collectionProtocol: this.value('sampling_protocol_url'), collectionDate, collectionPlace: null,
      collectionPlaceLatitude: null, collectionPlaceLongitude: null, collectionPlaceAccuracy: 'missing geographic information',
      organismPart: this.organismPart(), developmentalStage: null, physiologicalStage: null,
      animalAgeAtCollection: age, animalAgeAtCollectionUnit: ageUnit, availability: this.value('sample_availability'),
      storage: this.storage(), storageProcessing: null, preparationInterval: null, preparationIntervalUnit: null,
      publicationDoi: this.value('sample_bibliographic_references'), accession: this.accession(),
    };
    await this.sink.sample(row, { sheet: this.ctx.fileName, row: this.rowNumber }, SAMPLE_COLUMNS);
  }
}

const firstLine = (text: string): string => {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
};

/**
 * Reads a CRB-Anim CSV at `filePath` into `sink`. Encoding (UTF-8 with or without BOM, UTF-16 with
 * BOM, Latin-1) and delimiter (comma, semicolon, tab) are detected; a file that is not a CRB-Anim
 * export at all throws UnreadableFileError.
 */
export async function parseCrbAnim(filePath: string, ctx: ParseContext, sink: ImportSink): Promise<void> {
  const encoding = await detectTextEncoding(filePath, ctx.fileName, 'CSV');
  const delimiter = detectDelimiter(firstLine(decodeHead(await readHead(filePath), encoding)));
  const total = (await fs.promises.stat(filePath)).size;
  const text = textStream(filePath, encoding, sink.progress && ((bytes) => sink.progress!(bytes, total)));
  const records = text.pipe(parse({ delimiter, bom: true, relax_quotes: true, relax_column_count: true }));
  text.on('error', (error) => records.destroy(error));
  const rows = new CrbAnimRows(ctx, sink);
  let rowNumber = 0;
  try {
    for await (const record of records as AsyncIterable<string[]>) {
      if (++rowNumber === 1) rows.header(record);
      else if (record.length > 1 || record[0].trim() !== '') {
        rows.countRow();
        await rows.row(record, rowNumber);
      }
    }
  } catch (error) {
    if (error instanceof CsvError) {
      throw new UnreadableFileError(`'${ctx.fileName}' cannot be read as ${encoding.label} CSV: ${error.message}`);
    }
    throw error;
  } finally {
    text.destroy();
  }
  if (rowNumber === 0) throw new UnreadableFileError(`'${ctx.fileName}' is empty.`);
  if (rows.dataRows === 0) throw new UnreadableFileError(`'${ctx.fileName}' has no data rows, only its header.`);
}
