/**
 * A large IMAGE template for the benchmarks, written with ExcelJS's streaming writer: `samples`
 * samples over samples/5 animals, with the values a real gene bank file holds (several species and
 * breeds, pedigrees, Excel and text dates, places, storage, organism parts, ages and intervals).
 * Deterministic: the same size gives the same rows, so the xlsx and the COPY-alone baseline hold
 * the same data. Every column of resources/template/columns.json is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { projectRoot, resourcesDir } from '../../core/paths.js';
import { SAMPLE_STORAGES, SAMPLE_STORAGE_PROCESSINGS } from '../../core/db/entities/enums.js';
import { seededRandom } from '../../test/seeded-random.js';

/** Bumped when the generated content changes, so cached files are not reused. */
export const GENERATOR_VERSION = 3;

const spec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as {
  sheets: { name: string; columns: { header: string }[] }[];
};
export const headersOf = (sheet: string): string[] => spec.sheets.find((s) => s.name === sheet)!.columns.map((c) => c.header);

export interface BreedSpec {
  supplied: string;
  country: string;
  /** As the file writes it: a scientific name or a common name (a synonym). */
  species: string;
  scientific: string;
  mapped?: { label: string; term: string };
  code: string;
}

/** Breeds of the file: some mapped to LBO, most not (as in real files); species by scientific or common name. */
export const BREEDS: BreedSpec[] = [
  { supplied: 'Cinta Senese', country: 'Italy', species: 'Sus scrofa', scientific: 'Sus scrofa', code: 'CS' },
  { supplied: 'Bentheim Black Pied', country: 'Germany', species: 'Pig', scientific: 'Sus scrofa', code: 'BB', mapped: { label: 'Bentheim Black Pied', term: 'LBO_0000347' } },
  { supplied: 'Large White', country: 'United Kingdom', species: 'Pig', scientific: 'Sus scrofa', code: 'LW', mapped: { label: 'pig breed', term: 'LBO_0000003' } },
  { supplied: 'Chianina', country: 'Italy', species: 'Bos taurus', scientific: 'Bos taurus', code: 'CH' },
  { supplied: 'Holstein Friesian', country: 'Germany', species: 'Cattle', scientific: 'Bos taurus', code: 'HF', mapped: { label: 'cattle breed', term: 'LBO_0000001' } },
  { supplied: 'Verzaschese', country: 'Italy', species: 'Capra hircus', scientific: 'Capra hircus', code: 'VZ' },
  { supplied: 'Saanen', country: 'France', species: 'Goat', scientific: 'Capra hircus', code: 'SA' },
  { supplied: 'Sarda', country: 'Italy', species: 'Ovis aries', scientific: 'Ovis aries', code: 'SR' },
  { supplied: 'Merino', country: 'Spain', species: 'Sheep', scientific: 'Ovis aries', code: 'ME' },
  { supplied: 'Hungarian Yellow', country: 'Hungary', species: 'Gallus gallus', scientific: 'Gallus gallus', code: 'HY' },
];

const MALE_PARTS = ['semen', 'semen', 'semen', 'semen', 'blood', 'strand of hair', 'testis'];
const FEMALE_PARTS = ['blood', 'blood', 'strand of hair', 'ovary', 'milk', 'embryo'];
const PLACES: { place: string; latitude: number; longitude: number }[] = [
  { place: 'Siena', latitude: 43.318, longitude: 11.331 },
  { place: 'Mariensee', latitude: 52.557, longitude: 9.467 },
  { place: 'Roslin', latitude: 55.856, longitude: -3.165 },
  { place: 'Jouy-en-Josas', latitude: 48.765, longitude: 2.167 },
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const iso = (d: Date) => d.toISOString().slice(0, 10);
const dayMs = 86_400_000;

export interface GeneratedAnimal {
  index: number;
  name: string;
  alternativeId: string;
  breed: BreedSpec;
  sex: 'male' | 'female';
  father: string | null;
  mother: string | null;
  birthDate: string;
  /** How the cell is written: an Excel date (most rows) or text. */
  birthDateAsText: boolean;
  birthLocation: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracy: string;
  description: string | null;
}

export interface GeneratedSample {
  index: number;
  name: string;
  alternativeId: string;
  animal: GeneratedAnimal;
  description: string | null;
  protocol: string | null;
  availability: string | null;
  collectionDate: string;
  collectionPlace: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracy: string;
  organismPart: string;
  developmentalStage: string | null;
  physiologicalStage: string | null;
  ageYears: number | null;
  storage: string | null;
  storageProcessing: string | null;
  preparationDays: number | null;
}

/** The template's shape for a size: animals are a fifth of the samples, each animal has five samples. */
export class HerdPlan {
  readonly animals: number;

  constructor(readonly samples: number, readonly prefix = '') {
    this.animals = Math.max(1, Math.floor(samples / 5));
  }

  /**
   * Animal i: breed i mod B, k = i div B its rank within the breed; even ranks are males, odd ones
   * females. From rank 3 on (but every fifth), its parents are an earlier male and female of its breed.
   */
  animal(i: number): GeneratedAnimal {
    const r = seededRandom(i * 7919 + 17); // seeded per row, so any row can be rebuilt on its own
    const breeds = BREEDS.length;
    const breed = BREEDS[i % breeds];
    const k = Math.floor(i / breeds);
    const sex = k % 2 === 0 ? 'male' : 'female';
    let father: string | null = null;
    let mother: string | null = null;
    if (k >= 3 && k % 5 !== 0) {
      const fatherRank = (k - 3) & ~1;
      father = this.animalName(fatherRank * breeds + (i % breeds));
      mother = this.animalName((fatherRank + 1) * breeds + (i % breeds));
    }
    const birth = new Date(Date.UTC(1995, 0, 1) + Math.floor(r() * 25 * 365) * dayMs);
    const located = r();
    const place = pick(r, PLACES);
    return {
      index: i,
      name: this.animalName(i),
      alternativeId: String(100_000 + i),
      breed,
      sex,
      father,
      mother,
      birthDate: iso(birth),
      birthDateAsText: i % 4 === 0,
      birthLocation: located < 0.5 ? null : located < 0.8 ? breed.country : place.place,
      latitude: located >= 0.8 ? place.latitude : null,
      longitude: located >= 0.8 ? place.longitude : null,
      accuracy: located < 0.5 ? 'missing geographic information' : located < 0.8 ? 'country level' : 'precise coordinates',
      description: i % 10 === 0 ? `${breed.supplied} ${sex} from the national herd book` : null,
    };
  }

  animalName(i: number): string {
    const breed = BREEDS[i % BREEDS.length];
    return `${this.prefix}ANIMAL:::ID:::${breed.code}${String(i).padStart(7, '0')}_${1995 + (i % 25)}`;
  }

  /** Sample j belongs to animal j mod animals (five per animal). */
  sample(j: number): GeneratedSample {
    const r = seededRandom(j * 104_729 + 3);
    const animal = this.animal(j % this.animals);
    const birth = Date.parse(animal.birthDate);
    const ageYears = 1 + Math.floor(r() * 6);
    const collected = new Date(birth + ageYears * 365 * dayMs + Math.floor(r() * 200) * dayMs);
    const collectionDate = iso(collected);
    const parts = animal.sex === 'male' ? MALE_PARTS : FEMALE_PARTS;
    const located = r();
    const place = pick(r, PLACES);
    const stored = r() < 0.8;
    // One sample in a hundred names its place but says the place is missing: an error for validation to find.
    const vague = j % 100 === 50;
    return {
      index: j,
      name: `${this.prefix}${animal.breed.code}${String(animal.index).padStart(7, '0')}_IBBACNR_PTP_${collectionDate.split('-').reverse().join('.')}_${j}`,
      alternativeId: String(500_000 + j),
      animal,
      description: j % 20 === 0 ? 'straw from the second collection of the season' : null,
      protocol: j % 3 === 0 ? 'https://www.ibba.cnr.it/protocols/semen-collection.pdf' : null,
      availability: j % 7 === 0 ? 'mailto:genebank@ibba.cnr.it' : j % 7 === 1 ? 'no longer available' : null,
      collectionDate,
      collectionPlace: vague ? animal.breed.country : located < 0.4 ? null : located < 0.8 ? animal.breed.country : place.place,
      latitude: located >= 0.8 && !vague ? place.latitude : null,
      longitude: located >= 0.8 && !vague ? place.longitude : null,
      accuracy: vague ? 'missing geographic information' : located < 0.4 ? 'missing geographic information' : located < 0.8 ? 'country level' : 'precise coordinates',
      organismPart: pick(r, parts),
      developmentalStage: r() < 0.7 ? 'adult' : null,
      physiologicalStage: r() < 0.6 ? 'mature' : null,
      ageYears: r() < 0.8 ? ageYears : null,
      storage: stored ? pick(r, SAMPLE_STORAGES.slice(0, 6)) : null,
      storageProcessing: stored ? pick(r, SAMPLE_STORAGE_PROCESSINGS.slice(0, 4)) : null,
      preparationDays: r() < 0.5 ? 1 + Math.floor(r() * 14) : null,
    };
  }
}

type Cell = ExcelJS.CellValue;

function rowOf(sheet: string, cells: Record<string, Cell>): Cell[] {
  return headersOf(sheet).map((h) => cells[h] ?? null);
}

function animalCells(a: GeneratedAnimal): Record<string, Cell> {
  return {
    'Animal id in data source': a.name,
    'Animal description': a.description,
    'Alternative animal ID': a.alternativeId,
    'Father id in data source': a.father,
    'Mother id in data source': a.mother,
    Breed: a.breed.supplied,
    Species: a.breed.species,
    Sex: a.sex,
    'Birth date': a.birthDateAsText ? a.birthDate : new Date(`${a.birthDate}T00:00:00Z`),
    'Birth location': a.birthLocation,
    'Birth location longitude': a.longitude,
    'Birth location latitude': a.latitude,
    'Birth location accuracy': a.accuracy,
  };
}

function sampleCells(s: GeneratedSample): Record<string, Cell> {
  return {
    'Sample id in data source': s.name,
    'Alternative sample ID': s.alternativeId,
    'Sample description': s.description,
    'Animal id in data source': s.animal.name,
    'Specimen collection protocol': s.protocol,
    availability: s.availability,
    'Collection date': new Date(`${s.collectionDate}T00:00:00Z`),
    'Collection place latitude': s.latitude,
    'Collection place longitude': s.longitude,
    'Collection place': s.collectionPlace,
    'Collection place accuracy': s.accuracy,
    'Organism part': s.organismPart,
    'Developmental stage': s.developmentalStage,
    'Physiological stage': s.physiologicalStage,
    // Half the ages as "3 years" in one cell, half as a number with the unit in the next column.
    'Animal age at collection': s.ageYears === null ? null : s.index % 2 ? `${s.ageYears} years` : s.ageYears,
    'Animal age at collection units': s.ageYears !== null && s.index % 2 === 0 ? 'years' : null,
    'Sample storage': s.storage,
    'Sample storage processing': s.storageProcessing,
    'Sampling to preparation interval': s.preparationDays === null ? null : `${s.preparationDays} days`,
  };
}

/** What the curator types in the upload form; the file's submission sheet says the same. */
export function herdSubmissionFields(plan: HerdPlan): { title: string; description: string; geneBankName: string; geneBankCountry: string; datasourceVersion: string } {
  return {
    title: `Benchmark herd of ${plan.samples} samples${plan.prefix ? ` (${plan.prefix})` : ''}`,
    description: 'Generated by bench/lib/template-generator.ts',
    geneBankName: 'IBBA-CNR gene bank',
    geneBankCountry: 'Italy',
    datasourceVersion: `bench-${plan.prefix}${plan.samples}`,
  };
}

/** The contact sheet matches the benchmark curators' profile (bench/lib/app-processes.ts); the e-mail is left blank, as each curator has their own. */
const CONTACT = {
  'Person last name': 'Cozzi', 'Person initial': 'P', 'Person first name': 'Paolo', 'Person affiliation': 'IBBA-CNR',
  'Person role': 'submitter', 'Organisation name': 'IBBA-CNR', 'Organisation country': 'Italy', 'Organisation role': 'submitter',
};

/** Writes the template for `plan` to `file` (shared strings on, as Excel writes them). */
export async function writeHerdTemplate(file: string, plan: HerdPlan): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const form = herdSubmissionFields(plan);
  const submission = book.addWorksheet('submission');
  submission.addRow(headersOf('submission')).commit();
  submission.addRow(rowOf('submission', {
    Project: 'IMAGE', 'Submission title': form.title, 'Submission description': form.description,
    'Gene bank name': form.geneBankName, 'Gene bank country': form.geneBankCountry,
  })).commit();
  submission.commit();
  const contactSheet = book.addWorksheet('contact');
  contactSheet.addRow(headersOf('contact')).commit();
  contactSheet.addRow(rowOf('contact', CONTACT)).commit();
  contactSheet.commit();
  const breed = book.addWorksheet('breed');
  breed.addRow(headersOf('breed')).commit();
  for (const b of BREEDS) {
    breed.addRow(rowOf('breed', {
      'Supplied breed': b.supplied, 'Mapped breed': b.mapped?.label ?? null, 'Mapped breed ontology library': b.mapped ? 'LBO' : null,
      'Mapped breed ontology accession': b.mapped?.term ?? null, 'EFABIS Breed country': b.country, Species: b.species,
    })).commit();
  }
  breed.commit();
  const animal = book.addWorksheet('animal');
  animal.addRow(headersOf('animal')).commit();
  for (let i = 0; i < plan.animals; i++) animal.addRow(rowOf('animal', animalCells(plan.animal(i)))).commit();
  animal.commit();
  const sample = book.addWorksheet('sample');
  sample.addRow(headersOf('sample')).commit();
  for (let j = 0; j < plan.samples; j++) sample.addRow(rowOf('sample', sampleCells(plan.sample(j)))).commit();
  sample.commit();
  await book.commit();
}

/**
 * The template for `plan`, generated once into bench/results/files/ and reused while the generator
 * is unchanged. `seconds` is the generation time, or null when the cached file was used.
 */
export async function herdTemplateFile(plan: HerdPlan): Promise<{ file: string; bytes: number; seconds: number | null }> {
  const dir = path.join(projectRoot, 'bench', 'results', 'files');
  const file = path.join(dir, `herd-${plan.prefix}${plan.samples}-v${GENERATOR_VERSION}.xlsx`);
  if (fs.existsSync(file)) return { file, bytes: fs.statSync(file).size, seconds: null };
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const partial = `${file}.${process.pid}.part`;
  await writeHerdTemplate(partial, plan);
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size, seconds: (performance.now() - started) / 1000 };
}
