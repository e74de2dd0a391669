import { z } from 'zod';
import { db } from '../db/data-source.js';
import { countRows } from '../db/row-count.js';
import { RECORD_STATUSES, VALIDATION_LEVELS, type RecordStatus, type RecordType, type ValidationLevel } from '../db/entities/enums.js';
import type { ValidationMessage } from '../db/entities/validation-result.js';
import { canSeeOwnedBy, type Actor } from './policy.js';

/** `?status=&validation=&q=&message=` of the record lists (API.md "Submissions"). */
export const recordFilters = z.object({
  status: z.enum(RECORD_STATUSES).optional(),
  validation: z.enum(VALIDATION_LEVELS).optional(),
  q: z.string().trim().max(255).optional(),
  message: z.string().trim().min(1).max(255).optional(),
});
export type RecordFilters = z.input<typeof recordFilters>;

interface Linked {
  id: number;
  name: string;
}

interface RecordBase {
  id: number;
  submissionId: number;
  name: string;
  alternativeId: string | null;
  description: string | null;
  accession: string | null;
  status: RecordStatus;
  publicationDoi: string | null;
  createdAt: string;
  lastChangedAt: string;
  lastSubmittedAt: string | null;
}

export interface AnimalView extends RecordBase {
  breed: string;
  breedCountry: string;
  mappedBreed: string | null;
  mappedBreedTerm: string | null;
  species: string;
  speciesTerm: string | null;
  sex: string | null;
  sexTerm: string | null;
  father: Linked | null;
  mother: Linked | null;
  birthDate: string | null;
  birthLocation: string | null;
  birthLocationLatitude: number | null;
  birthLocationLongitude: number | null;
  birthLocationAccuracy: string | null;
}

export interface SampleView extends RecordBase {
  animal: Linked;
  collectionProtocol: string | null;
  collectionDate: string | null;
  collectionPlace: string | null;
  collectionPlaceLatitude: number | null;
  collectionPlaceLongitude: number | null;
  collectionPlaceAccuracy: string | null;
  organismPart: string | null;
  organismPartTerm: string | null;
  developmentalStage: string | null;
  developmentalStageTerm: string | null;
  physiologicalStage: string | null;
  physiologicalStageTerm: string | null;
  animalAgeAtCollection: number | null;
  animalAgeAtCollectionUnit: string | null;
  availability: string | null;
  storage: string | null;
  storageProcessing: string | null;
  preparationInterval: number | null;
  preparationIntervalUnit: string | null;
}

export interface Validation {
  level: ValidationLevel;
  messages: ValidationMessage[];
  /**
   * The record was edited after this validation: messages about the edited fields were dropped,
   * the rest still stand, and only a new validation tells the level for sure.
   */
  stale?: boolean;
}

/** In a list, a record's validation is its level only; the record itself shows the messages. */
export type Listed<T> = T & { validation: ValidationLevel | null };
export type Detailed<T> = T & { validation: Validation | null };

const COMMON = `r.id, r.submission_id AS "submissionId", r.name, r.alternative_id AS "alternativeId", r.description, r.accession,
  r.status, pub.doi AS "publicationDoi", r.created_at AS "createdAt", r.last_changed_at AS "lastChangedAt",
  r.last_submitted_at AS "lastSubmittedAt", r.validation AS "level", r.owner_id AS "ownerId"`;

const SELECT: Record<RecordType, string> = {
  animal: `SELECT ${COMMON}, b.supplied_breed AS breed, bc.label AS "breedCountry", b.label AS "mappedBreed", b.term AS "mappedBreedTerm",
      sp.label AS species, sp.term AS "speciesTerm", x.label AS sex, x.term AS "sexTerm",
      CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object('id', f.id, 'name', f.name) END AS father,
      CASE WHEN m.id IS NULL THEN NULL ELSE json_build_object('id', m.id, 'name', m.name) END AS mother,
      r.birth_date AS "birthDate", r.birth_location AS "birthLocation", r.birth_location_latitude AS "birthLocationLatitude",
      r.birth_location_longitude AS "birthLocationLongitude", r.birth_location_accuracy AS "birthLocationAccuracy"
    FROM animals r JOIN breeds b ON b.id = r.breed_id JOIN countries bc ON bc.id = b.country_id JOIN species sp ON sp.id = b.species_id
    LEFT JOIN sexes x ON x.id = r.sex_id LEFT JOIN animals f ON f.id = r.father_id LEFT JOIN animals m ON m.id = r.mother_id
    LEFT JOIN publications pub ON pub.id = r.publication_id`,
  sample: `SELECT ${COMMON}, json_build_object('id', an.id, 'name', an.name) AS animal,
      r.collection_protocol AS "collectionProtocol", r.collection_date AS "collectionDate", r.collection_place AS "collectionPlace",
      r.collection_place_latitude AS "collectionPlaceLatitude", r.collection_place_longitude AS "collectionPlaceLongitude",
      r.collection_place_accuracy AS "collectionPlaceAccuracy", op.label AS "organismPart", op.term AS "organismPartTerm",
      ds.label AS "developmentalStage", ds.term AS "developmentalStageTerm", ps.label AS "physiologicalStage",
      ps.term AS "physiologicalStageTerm", r.animal_age_at_collection AS "animalAgeAtCollection",
      r.animal_age_at_collection_unit AS "animalAgeAtCollectionUnit", r.availability, r.storage, r.storage_processing AS "storageProcessing",
      r.preparation_interval AS "preparationInterval", r.preparation_interval_unit AS "preparationIntervalUnit"
    FROM samples r JOIN animals an ON an.id = r.animal_id LEFT JOIN organism_parts op ON op.id = r.organism_part_id
    LEFT JOIN developmental_stages ds ON ds.id = r.developmental_stage_id LEFT JOIN physiological_stages ps ON ps.id = r.physiological_stage_id
    LEFT JOIN publications pub ON pub.id = r.publication_id`,
};

const FK: Record<RecordType, string> = { animal: 'animal_id', sample: 'sample_id' };

type Row = Record<string, unknown> & { level: ValidationLevel | null; ownerId: number };

function withoutInternals<T>(row: Row): T {
  const { level: _level, ownerId: _owner, ...record } = row;
  return record as T;
}

/**
 * The list filters as SQL conditions on the records' alias `r`; `bind` adds a parameter and
 * returns its placeholder. Shared by the lists and by bulk edits of "every record matching".
 */
export function recordFilterConditions(type: RecordType, filterInput: RecordFilters, bind: (value: unknown) => string): string[] {
  const filters = recordFilters.parse(filterInput);
  const where: string[] = [];
  if (filters.status) where.push(`r.status = ${bind(filters.status)}`);
  if (filters.validation) where.push(`r.validation = ${bind(filters.validation)}`);
  if (filters.q) where.push(`r.name ILIKE ${bind(`%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  if (filters.message) {
    where.push(`EXISTS (SELECT 1 FROM validation_results v WHERE v.${FK[type]} = r.id
      AND v.messages @> jsonb_build_array(jsonb_build_object('key', ${bind(filters.message)}::text)))`);
  }
  return where;
}

/** A page of a submission's animals or samples, or null when the actor may not see the submission. */
export async function listRecords<T extends AnimalView | SampleView>(
  actor: Actor, submissionId: number, type: RecordType, filterInput: RecordFilters, page: { page: number; perPage: number },
): Promise<{ items: Listed<T>[]; total: number; totalIsEstimate: boolean } | null> {
  const filters = recordFilters.parse(filterInput);
  const owner: { owner_id: number }[] = await db().query(`SELECT owner_id FROM submissions WHERE id = $1`, [submissionId]);
  if (!owner.length || !canSeeOwnedBy(actor, owner[0].owner_id)) return null;
  const params: unknown[] = [submissionId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = ['r.submission_id = $1', ...recordFilterConditions(type, filters, bind)];
  const table = type === 'animal' ? 'animals' : 'samples';
  const count = await countRows(`SELECT 1 FROM ${table} r WHERE ${where.join(' AND ')}`, params);
  // The page's ids first (on the (submission_id, id) index), then the joins for those rows only.
  const rows: Row[] = await db().query(
    `${SELECT[type]} WHERE r.id IN (SELECT r.id FROM ${table} r WHERE ${where.join(' AND ')}
       ORDER BY r.id LIMIT ${page.perPage} OFFSET ${(page.page - 1) * page.perPage}) ORDER BY r.id`,
    params,
  );
  return { items: rows.map((row) => ({ ...withoutInternals<T>(row), validation: row.level })), total: count.total, totalIsEstimate: count.isEstimate };
}

/** One animal or sample with every field and its validation messages, or null when absent or not the actor's. */
export async function recordDetail<T extends AnimalView | SampleView>(actor: Actor, type: RecordType, id: number): Promise<Detailed<T> | null> {
  const rows: Row[] = await db().query(`${SELECT[type]} WHERE r.id = $1`, [id]);
  if (!rows.length || !canSeeOwnedBy(actor, rows[0].ownerId)) return null;
  const results: Validation[] = await db().query(
    `SELECT level, messages FROM validation_results WHERE ${FK[type]} = $1`, [id],
  );
  const validation = results[0] ? { ...results[0], stale: rows[0].level === null } : null;
  return { ...withoutInternals<T>(rows[0]), validation };
}
