/**
 * Rows and a sink-driving parser for the loader's tests: what a parser would tell the sink for a
 * small file, without any file format in between.
 */
import type { AnimalRow, BreedRow, ColumnNames, ImportProblem, SampleRow } from '../core/import/rows.js';
import type { Parser } from '../core/import/parsers.js';
import { db } from '../core/db/data-source.js';

export const BREED_COLUMNS: ColumnNames<BreedRow> = {
  suppliedBreed: 'Supplied breed', country: 'EFABIS Breed country', species: 'Species',
  mappedBreed: 'Mapped breed', mappedBreedTerm: 'Mapped breed ontology accession',
};

export const ANIMAL_COLUMNS: ColumnNames<AnimalRow> = {
  name: 'Animal id in data source', alternativeId: 'Alternative animal ID', description: 'Animal description',
  breed: 'Breed', species: 'Species', sex: 'Sex', father: 'Father id in data source', mother: 'Mother id in data source',
  birthDate: 'Birth date', birthLocation: 'Birth location', birthLocationLatitude: 'Birth location latitude',
  birthLocationLongitude: 'Birth location longitude', birthLocationAccuracy: 'Birth location accuracy',
};

export const SAMPLE_COLUMNS: ColumnNames<SampleRow> = {
  name: 'Sample id in data source', alternativeId: 'Alternative sample ID', description: 'Sample description',
  animal: 'Animal id in data source', collectionProtocol: 'Specimen collection protocol', collectionDate: 'Collection date',
  organismPart: 'Organism part', developmentalStage: 'Developmental stage', physiologicalStage: 'Physiological stage',
  animalAgeAtCollection: 'Animal age at collection', storage: 'Sample storage', accession: 'EBI_Biosample_identifier',
};

export function breedRow(suppliedBreed: string, over: Partial<BreedRow> = {}): BreedRow {
  return { suppliedBreed, country: 'Italy', species: 'Sus scrofa', mappedBreed: null, mappedBreedTerm: null, ...over };
}

export function animalRow(name: string, over: Partial<AnimalRow> = {}): AnimalRow {
  return {
    name, alternativeId: null, description: null, breed: 'Large White', breedCountry: null, species: 'Sus scrofa', sex: 'male',
    father: null, mother: null, birthDate: null, birthLocation: null, birthLocationLatitude: null, birthLocationLongitude: null,
    birthLocationAccuracy: null, accession: null, ...over,
  };
}

export function sampleRow(name: string, animal: string, over: Partial<SampleRow> = {}): SampleRow {
  return {
    name, alternativeId: null, description: null, animal, collectionProtocol: null, collectionDate: null, collectionPlace: null,
    collectionPlaceLatitude: null, collectionPlaceLongitude: null, collectionPlaceAccuracy: null, organismPart: 'blood',
    developmentalStage: null, physiologicalStage: null, animalAgeAtCollection: null, animalAgeAtCollectionUnit: null,
    availability: null, storage: null, storageProcessing: null, preparationInterval: null, preparationIntervalUnit: null,
    publicationDoi: null, accession: null, ...over,
  };
}

export interface FileContent {
  breeds?: BreedRow[];
  animals?: AnimalRow[];
  samples?: SampleRow[];
  /** Problems the parser itself reports before its rows. */
  problems?: ImportProblem[];
}

/** A parser that tells the sink `content` as sheets breed, animal and sample, rows numbered from 2. */
export function parserOf(content: FileContent): Parser {
  return async (_path, _ctx, sink) => {
    for (const p of content.problems ?? []) sink.problem(p);
    for (const [i, b] of (content.breeds ?? []).entries()) await sink.breed(b, { sheet: 'breed', row: i + 2 }, BREED_COLUMNS);
    for (const [i, a] of (content.animals ?? []).entries()) await sink.animal(a, { sheet: 'animal', row: i + 2 }, ANIMAL_COLUMNS);
    for (const [i, s] of (content.samples ?? []).entries()) await sink.sample(s, { sheet: 'sample', row: i + 2 }, SAMPLE_COLUMNS);
  };
}

/** A curator and a `waiting` submission holding a small stored file, as an upload leaves them. */
export async function createCurator(): Promise<number> {
  const email = `curator-${Math.random().toString(36).slice(2)}@example.org`;
  const [{ id }] = await db().query(
    `INSERT INTO users (email, password_hash, role, first_name, last_name) VALUES ($1, 'x', 'curator', 'Ada', 'Curator') RETURNING id`,
    [email],
  );
  return id;
}

export async function createWaitingSubmission(
  ownerId: number, over: { title?: string; country?: string; type?: 'template' | 'crbanim' | 'cryoweb'; content?: Buffer } = {},
): Promise<number> {
  const [{ id: fileId }] = await db().query(
    `INSERT INTO uploaded_files (name, size, mime_type, owner_id, content) VALUES ('file.xlsx', $2, 'application/octet-stream', $1, $3) RETURNING id`,
    [ownerId, (over.content ?? Buffer.from('x')).length, over.content ?? Buffer.from('x')],
  );
  const [{ id }] = await db().query(
    `INSERT INTO submissions (title, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id, file_id)
     VALUES ($2, 'bank ' || gen_random_uuid(), (SELECT id FROM countries WHERE label = $3), $4, '1', 'waiting', $1, $5) RETURNING id`,
    [ownerId, over.title ?? 'Pigs of Italy', over.country ?? 'Italy', over.type ?? 'template', fileId],
  );
  return id;
}
