/**
 * Rows of the template's sheets → what the sink receives: a breed, animal or sample per row, and
 * the submission and contact sheets' first filled row. A repeated breed row is caught here (the few
 * breeds are remembered); repeated animal and sample ids are caught by the loader's set-based check,
 * naming both rows, so reading holds nothing per record.
 */
import {
  UnreadableFileError, type AnimalRow, type BreedRow, type ContactSheet, type ImportProblem, type ImportSink,
  type ParseContext, type SampleRow, type SubmissionSheet,
} from './rows.js';
import type { XlsxArchive } from './xlsx-archive.js';
import { normalizeHeader, type ColumnSpec, type RowReader } from './template-sheet.js';

const FIELD_ALIASES: Record<string, string> = { label: 'mappedBreed', term: 'mappedBreedTerm' };

/** The submission and contact sheets' columns have no record field: they fill these keys. */
const SHEET_KEYS: Record<string, string> = {
  'submission title': 'title',
  'submission description': 'description',
  'publication doi': 'publicationDoi',
  'gene bank name': 'geneBankName',
  'gene bank country': 'geneBankCountry',
  'person last name': 'lastName',
  'person initial': 'initials',
  'person first name': 'firstName',
  'person email': 'email',
  'person affiliation': 'affiliation',
  'person role': 'role',
  'organisation name': 'organizationName',
  'organisation address': 'organizationAddress',
  'organisation uri': 'organizationUri',
  'organisation country': 'organizationCountry',
  'organisation role': 'organizationRole',
};

/** The key a template column fills: a record field (the breed's label and term are the mapped breed), or a sheet key. */
export const keyOf = (column: ColumnSpec): string | undefined =>
  column.field ? FIELD_ALIASES[column.field] ?? column.field : SHEET_KEYS[normalizeHeader(column.header)];

const SUBMISSION_KEYS = ['title', 'description', 'publicationDoi', 'geneBankName', 'geneBankCountry'] as const;
const CONTACT_KEYS = [
  'lastName', 'initials', 'firstName', 'email', 'affiliation', 'role', 'organizationName', 'organizationAddress',
  'organizationUri', 'organizationCountry', 'organizationRole',
] as const;

/** What one read of the workbook has found so far. */
export class TemplateRead {
  /** Problems that make the file unreadable (missing sheets or columns), reported all at once. */
  readonly fatal: ImportProblem[] = [];
  dataRows = 0;
  recordRows = 0;
  bytesRead = 0;
  bytesTotal = 0;
  readonly breeds = new Map<string, { row: number; mapped: string }>();

  constructor(readonly ctx: ParseContext, readonly sink: ImportSink, readonly archive: XlsxArchive) {}

  /** Errors thrown by the sink (the loader) pass through unchanged, never as "damaged file". */
  readonly sinkErrors = new WeakSet<object>();

  /** Marks an error thrown by the sink, to be passed on unchanged. */
  fromSink(error: unknown): unknown {
    if (error && typeof error === 'object') this.sinkErrors.add(error);
    return error;
  }

  countRow(): void {
    if (++this.dataRows > this.ctx.limits.maxRows) {
      throw new UnreadableFileError(
        `'${this.ctx.fileName}' has more than ${this.ctx.limits.maxRows} rows, the limit set by MAX_ROWS.`,
      );
    }
  }
}

async function readBreed(r: RowReader, read: TemplateRead): Promise<void> {
  const suppliedBreed = r.text('suppliedBreed');
  const country = r.text('country');
  const species = r.text('species');
  const mappedBreed = r.text('mappedBreed');
  const mappedBreedTerm = r.text('mappedBreedTerm');
  if (!suppliedBreed) r.missing('suppliedBreed');
  if (!country) r.missing('country');
  if (!species) r.missing('species');
  if (!suppliedBreed || !country || !species) return;
  const key = `${suppliedBreed}\u0000${country}\u0000${species}`;
  const mapped = `${mappedBreed ?? ''}\u0000${mappedBreedTerm ?? ''}`;
  const first = read.breeds.get(key);
  if (first) {
    if (first.mapped === mapped) {
      r.problem('warning', 'suppliedBreed', suppliedBreed, `breed '${suppliedBreed}' (${country}, ${species}) repeats row ${first.row}; this row is ignored`);
    } else {
      r.problem('error', 'suppliedBreed', suppliedBreed, `breed '${suppliedBreed}' (${country}, ${species}) is already defined, differently, in row ${first.row}`);
    }
    return;
  }
  read.breeds.set(key, { row: r.rowNumber, mapped });
  const row: BreedRow = { suppliedBreed, country, species, mappedBreed, mappedBreedTerm };
  try {
    await read.sink.breed(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

async function readAnimal(r: RowReader, read: TemplateRead): Promise<void> {
  const row: AnimalRow = {
    name: r.text('name') ?? '',
    alternativeId: r.text('alternativeId'),
    description: r.text('description'),
    breed: r.text('breed') ?? '',
    breedCountry: null,
    species: r.text('species') ?? '',
    sex: r.text('sex'),
    father: r.text('father'),
    mother: r.text('mother'),
    birthDate: r.date('birthDate'),
    birthLocation: r.text('birthLocation'),
    birthLocationLatitude: r.number('birthLocationLatitude'),
    birthLocationLongitude: r.number('birthLocationLongitude'),
    birthLocationAccuracy: r.text('birthLocationAccuracy'),
    accession: null,
  };
  if (!row.name) r.missing('name');
  if (!row.breed) r.missing('breed');
  if (!row.species) r.missing('species');
  if (!row.name || !row.breed || !row.species) return;
  try {
    await read.sink.animal(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

async function readSample(r: RowReader, read: TemplateRead): Promise<void> {
  const [age, ageUnit] = r.quantity('animalAgeAtCollection', 'animalAgeAtCollectionUnit');
  const [interval, intervalUnit] = r.quantity('preparationInterval', 'preparationIntervalUnit');
  const row: SampleRow = {
    name: r.text('name') ?? '',
    alternativeId: r.text('alternativeId'),
    description: r.text('description'),
    animal: r.text('animal') ?? '',
    collectionProtocol: r.text('collectionProtocol'),
    collectionDate: r.date('collectionDate'),
    collectionPlace: r.text('collectionPlace'),
    collectionPlaceLatitude: r.number('collectionPlaceLatitude'),
    collectionPlaceLongitude: r.number('collectionPlaceLongitude'),
    collectionPlaceAccuracy: r.text('collectionPlaceAccuracy'),
    organismPart: r.text('organismPart'),
    developmentalStage: r.text('developmentalStage'),
    physiologicalStage: r.text('physiologicalStage'),
    animalAgeAtCollection: age,
    animalAgeAtCollectionUnit: ageUnit,
    availability: r.text('availability'),
    storage: r.text('storage'),
    storageProcessing: r.text('storageProcessing'),
    preparationInterval: interval,
    preparationIntervalUnit: intervalUnit,
    publicationDoi: null,
    accession: null,
  };
  if (!row.name) r.missing('name');
  if (!row.animal) r.missing('animal');
  if (!row.name || !row.animal) return;
  try {
    await read.sink.sample(row, { sheet: r.sheet, row: r.rowNumber }, r.layout.headers);
  } catch (error) {
    throw read.fromSink(error);
  }
}

/** The first filled row of the submission or contact sheet. */
export async function readSingleRow(r: RowReader, purpose: string, read: TemplateRead): Promise<boolean> {
  const keys = purpose === 'submission' ? SUBMISSION_KEYS : CONTACT_KEYS;
  const values: Record<string, string | null> = {};
  let filled = false;
  for (const key of keys) {
    values[key] = r.text(key);
    if (values[key] !== null) filled = true;
  }
  if (!filled) return false;
  const { sink } = read;
  try {
    if (purpose === 'submission') await sink.submissionSheet?.(values as unknown as SubmissionSheet);
    else await sink.contactSheet?.(values as unknown as ContactSheet);
  } catch (error) {
    throw read.fromSink(error);
  }
  return true;
}

export const RECORD_READERS: Partial<Record<string, (r: RowReader, read: TemplateRead) => Promise<void>>> = {
  breed: readBreed,
  animal: readAnimal,
  sample: readSample,
};

