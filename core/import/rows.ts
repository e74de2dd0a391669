/**
 * What every importer produces, whatever the file format: breeds, animals and samples as the file
 * states them (labels, not database ids), each with where it came from so problems can name the
 * file, sheet, row and column. The loader resolves labels against the vocabularies and names
 * against each other, in the database.
 */

import type { SubmissionProblem } from '../db/entities/submission.js';

/** Where a value or a row came from. `sheet` is the Excel sheet, or the CSV file / SQL table name. */
export interface SourceLocation {
  sheet: string;
  /** 1-based row as a person sees it in the file (header is row 1 in a sheet or CSV). */
  row: number;
}

/** Column header (or SQL column) each field was read from, so the loader can name it in messages. */
export type ColumnNames<T> = Partial<Record<keyof T, string>>;

export interface BreedRow {
  suppliedBreed: string;
  /** Country label (e.g. "Italy"), matched against the Country vocabulary. */
  country: string;
  /** Scientific name or a synonym, matched against Species (then synonyms in the gene bank country's language, then English). */
  species: string;
  mappedBreed: string | null;
  mappedBreedTerm: string | null;
}

export interface AnimalRow {
  name: string;
  alternativeId: string | null;
  description: string | null;
  /** The supplied breed; with `species` and `breedCountry` it keys a BreedRow. */
  breed: string;
  /** Null means: the breed's country as given in the breed rows, else the gene bank country. */
  breedCountry: string | null;
  species: string;
  sex: string | null;
  father: string | null;
  mother: string | null;
  /** ISO 8601, possibly partial: YYYY-MM-DD, YYYY-MM or YYYY. */
  birthDate: string | null;
  birthLocation: string | null;
  birthLocationLatitude: number | null;
  birthLocationLongitude: number | null;
  birthLocationAccuracy: string | null;
  /** A BioSamples accession the source already holds for this record. */
  accession: string | null;
}

export interface SampleRow {
  name: string;
  alternativeId: string | null;
  description: string | null;
  /** Name of the animal (its AnimalRow.name) this sample derives from. */
  animal: string;
  collectionProtocol: string | null;
  collectionDate: string | null;
  collectionPlace: string | null;
  collectionPlaceLatitude: number | null;
  collectionPlaceLongitude: number | null;
  collectionPlaceAccuracy: string | null;
  organismPart: string | null;
  developmentalStage: string | null;
  physiologicalStage: string | null;
  animalAgeAtCollection: number | null;
  animalAgeAtCollectionUnit: string | null;
  availability: string | null;
  storage: string | null;
  storageProcessing: string | null;
  preparationInterval: number | null;
  preparationIntervalUnit: string | null;
  publicationDoi: string | null;
  accession: string | null;
}

/** The template's `submission` and `contact` sheets, when filled: compared with the form and profile. */
export interface SubmissionSheet {
  title: string | null;
  description: string | null;
  publicationDoi: string | null;
  geneBankName: string | null;
  geneBankCountry: string | null;
}

export interface ContactSheet {
  lastName: string | null;
  initials: string | null;
  firstName: string | null;
  email: string | null;
  affiliation: string | null;
  role: string | null;
  organizationName: string | null;
  organizationAddress: string | null;
  organizationUri: string | null;
  organizationCountry: string | null;
  organizationRole: string | null;
}

/** A problem found in the file: what the submission keeps and shows as its problems. */
export type ImportProblem = SubmissionProblem;

/**
 * Receives what a parser reads, in file order. Parsers await each call (the loader may be writing a
 * COPY stream and apply backpressure). A parser reports a problem and goes on where it can, so a
 * curator sees every problem of the file at once; it throws only when it cannot read on.
 */
export interface ImportSink {
  breed(row: BreedRow, at: SourceLocation, columns: ColumnNames<BreedRow>): Promise<void>;
  animal(row: AnimalRow, at: SourceLocation, columns: ColumnNames<AnimalRow>): Promise<void>;
  sample(row: SampleRow, at: SourceLocation, columns: ColumnNames<SampleRow>): Promise<void>;
  submissionSheet?(sheet: SubmissionSheet): Promise<void>;
  contactSheet?(sheet: ContactSheet): Promise<void>;
  problem(problem: ImportProblem): void;
  /** Bytes of the file consumed so far, for progress. */
  progress?(bytesRead: number, bytesTotal: number): void;
}

/** Thrown when the file cannot be read at all (not an xlsx, truncated, over a limit, missing sheets...). */
export class UnreadableFileError extends Error {
  constructor(message: string, readonly problems: ImportProblem[] = []) {
    super(message);
  }
}

/** Everything a parser needs besides the file. */
export interface ParseContext {
  fileName: string;
  /** Gene bank country label chosen on the form (default breed country, synonym language). */
  geneBankCountry: string;
  limits: { maxRows: number; maxUnzippedBytes: number };
}
