import type { QueryRunner } from 'typeorm';
import type { ValidationMessage } from '../db/entities/validation-result.js';

/** A row as read for a sheet: values keyed by column field (or header), plus the record's messages. */
export type SheetRecord = Record<string, string | number | null> & { messages?: ValidationMessage[] | null };

export interface FailingRecord {
  recordType: 'animal' | 'sample';
  name: string;
  /** The record's row in its sheet (header is row 1). */
  row: number;
  messages: ValidationMessage[];
}

// A record's messages count only while they describe it: an edit since the validation clears `validation`.
const CURRENT_MESSAGES = (alias: string) => `CASE WHEN ${alias}.validation IS NOT NULL THEN vr.messages END AS messages`;

const ANIMALS = `
  SELECT a.name, a.description, a.alternative_id AS "alternativeId", f.name AS father, m.name AS mother,
         b.supplied_breed AS breed, sp.label AS species, sx.label AS sex, a.birth_date AS "birthDate",
         a.birth_location AS "birthLocation", a.birth_location_longitude AS "birthLocationLongitude",
         a.birth_location_latitude AS "birthLocationLatitude", a.birth_location_accuracy AS "birthLocationAccuracy",
         ${CURRENT_MESSAGES('a')}
    FROM animals a
    JOIN breeds b ON b.id = a.breed_id
    JOIN species sp ON sp.id = b.species_id
    LEFT JOIN sexes sx ON sx.id = a.sex_id
    LEFT JOIN animals f ON f.id = a.father_id
    LEFT JOIN animals m ON m.id = a.mother_id
    LEFT JOIN validation_results vr ON vr.animal_id = a.id
   WHERE a.submission_id = $1
   ORDER BY a.id`;

const SAMPLES = `
  SELECT s.name, s.alternative_id AS "alternativeId", s.description, a.name AS animal,
         s.collection_protocol AS "collectionProtocol", s.availability, s.collection_date AS "collectionDate",
         s.collection_place_latitude AS "collectionPlaceLatitude", s.collection_place_longitude AS "collectionPlaceLongitude",
         s.collection_place AS "collectionPlace", s.collection_place_accuracy AS "collectionPlaceAccuracy",
         op.label AS "organismPart", ds.label AS "developmentalStage", ps.label AS "physiologicalStage",
         s.animal_age_at_collection AS "animalAgeAtCollection", s.animal_age_at_collection_unit AS "animalAgeAtCollectionUnit",
         s.storage, s.storage_processing AS "storageProcessing",
         s.preparation_interval AS "preparationInterval", s.preparation_interval_unit AS "preparationIntervalUnit",
         ${CURRENT_MESSAGES('s')}
    FROM samples s
    JOIN animals a ON a.id = s.animal_id
    LEFT JOIN organism_parts op ON op.id = s.organism_part_id
    LEFT JOIN developmental_stages ds ON ds.id = s.developmental_stage_id
    LEFT JOIN physiological_stages ps ON ps.id = s.physiological_stage_id
    LEFT JOIN validation_results vr ON vr.sample_id = s.id
   WHERE s.submission_id = $1
   ORDER BY s.id`;

// Row numbers follow the sheets' order (by id), counted over every record, then only failing ones are kept.
const failing = (table: 'animals' | 'samples', recordType: 'animal' | 'sample') => `
  SELECT '${recordType}' AS "recordType", r.name, r.row, vr.messages
    FROM (SELECT id, name, validation, row_number() OVER (ORDER BY id) + 1 AS row FROM ${table} WHERE submission_id = $1) r
    JOIN validation_results vr ON vr.${recordType}_id = r.id
   WHERE r.validation IS NOT NULL AND vr.level IN ('warning', 'error')
   ORDER BY r.id`;

export const RECORD_QUERIES = { animal: ANIMALS, sample: SAMPLES } as const;
export const FAILING_QUERIES = { animal: failing('animals', 'animal'), sample: failing('samples', 'sample') } as const;

/** Breeds the submission's animals use, with their species, as the breed sheet lists them. */
export async function breedRecords(runner: QueryRunner, submissionId: number): Promise<SheetRecord[]> {
  return runner.query(
    `SELECT b.supplied_breed AS "suppliedBreed", b.label, CASE WHEN b.term IS NOT NULL THEN 'LBO' END AS "Mapped breed ontology library",
            b.term, c.label AS country, sp.label AS species, CASE WHEN sp.term IS NOT NULL THEN 'NCBITaxon' END AS "Species ontology library",
            sp.term AS "Species ontology accession"
       FROM breeds b JOIN countries c ON c.id = b.country_id JOIN species sp ON sp.id = b.species_id
      WHERE b.id IN (SELECT breed_id FROM animals WHERE submission_id = $1)
      ORDER BY b.id`,
    [submissionId],
  );
}

/** The submission sheet: what the form said. */
export async function submissionRecord(runner: QueryRunner, submissionId: number): Promise<SheetRecord[]> {
  return runner.query(
    `SELECT 'IMAGE' AS "Project", s.title AS "Submission title", NULLIF(s.description, '') AS "Submission description",
            s.gene_bank_name AS "Gene bank name", c.label AS "Gene bank country"
       FROM submissions s JOIN countries c ON c.id = s.gene_bank_country_id WHERE s.id = $1`,
    [submissionId],
  );
}

/** The contact sheet: the owner's profile and organization, as IMAGE sends them with every record. */
export async function contactRecord(runner: QueryRunner, submissionId: number): Promise<SheetRecord[]> {
  return runner.query(
    `SELECT NULLIF(u.last_name, '') AS "Person last name", u.initials AS "Person initial", NULLIF(u.first_name, '') AS "Person first name",
            u.email AS "Person email", o.name AS "Person affiliation", pr.label AS "Person role",
            o.name AS "Organisation name", o.address AS "Organisation address", o.uri AS "Organisation uri",
            oc.label AS "Organisation country", orl.label AS "Organisation role"
       FROM submissions s JOIN users u ON u.id = s.owner_id
       LEFT JOIN roles pr ON pr.id = u.person_role_id
       LEFT JOIN organizations o ON o.id = COALESCE(s.organization_id, u.organization_id)
       LEFT JOIN countries oc ON oc.id = o.country_id
       LEFT JOIN roles orl ON orl.id = o.role_id
      WHERE s.id = $1`,
    [submissionId],
  );
}

/**
 * Runs `sql` through a server-side cursor and yields its rows `batchSize` at a time, so a sheet of
 * 100,000 records never sits in memory. Needs an open transaction on `runner`.
 */
export async function* inBatches<T>(runner: QueryRunner, cursor: string, sql: string, params: unknown[], batchSize: number): AsyncGenerator<T[]> {
  await runner.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const rows: T[] = await runner.query(`FETCH FORWARD ${batchSize} FROM ${cursor}`);
      if (rows.length) yield rows;
      if (rows.length < batchSize) return;
    }
  } finally {
    await runner.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
