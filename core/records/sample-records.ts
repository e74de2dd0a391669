import type { EntityManager } from 'typeorm';
import type { ImageRecord } from './image-record.js';
import { putDate, putNumber, putValue } from './attribute-values.js';
import { termValue } from './animal-records.js';
import type { SubmissionPart } from './submission-attributes.js';
import { commonAttributes, pageSql, recordBase, taxonIdOf, type RecordRow, type RecordSelection } from './record-common.js';

interface SampleRow extends RecordRow {
  collection_protocol: string | null;
  collection_date: string | null;
  collection_place: string | null;
  collection_place_latitude: number | null;
  collection_place_longitude: number | null;
  collection_place_accuracy: string | null;
  animal_age_at_collection: number | null;
  animal_age_at_collection_unit: string | null;
  availability: string | null;
  storage: string | null;
  storage_processing: string | null;
  preparation_interval: number | null;
  preparation_interval_unit: string | null;
  organism_part: string | null;
  organism_part_term: string | null;
  developmental_stage: string | null;
  developmental_stage_term: string | null;
  physiological_stage: string | null;
  physiological_stage_term: string | null;
  animal_id: number;
  animal_name: string;
  animal_accession: string | null;
  species: string;
  species_term: string | null;
  animal_sex: string | null;
  animal_sex_term: string | null;
}

// A sample's species is its animal's (through the animal's breed): IMAGE sends it on both.
const SAMPLE_SQL = (page: string, inPage: string) => `
  ${page}
  SELECT s.id, s.name, s.alternative_id, s.description, s.accession, s.alias::text AS alias, p.doi,
         s.collection_protocol, s.collection_date, s.collection_place, s.collection_place_latitude,
         s.collection_place_longitude, s.collection_place_accuracy, s.animal_age_at_collection,
         s.animal_age_at_collection_unit, s.availability, s.storage, s.storage_processing,
         s.preparation_interval, s.preparation_interval_unit,
         op.label AS organism_part, op.term AS organism_part_term,
         ds.label AS developmental_stage, ds.term AS developmental_stage_term,
         ps.label AS physiological_stage, ps.term AS physiological_stage_term,
         a.id AS animal_id, a.name AS animal_name, a.accession AS animal_accession,
         sp.label AS species, sp.term AS species_term, sx.label AS animal_sex, sx.term AS animal_sex_term
    FROM samples s
    JOIN animals a ON a.id = s.animal_id
    JOIN breeds b ON b.id = a.breed_id
    JOIN species sp ON sp.id = b.species_id
    LEFT JOIN sexes sx ON sx.id = a.sex_id
    LEFT JOIN organism_parts op ON op.id = s.organism_part_id
    LEFT JOIN developmental_stages ds ON ds.id = s.developmental_stage_id
    LEFT JOIN physiological_stages ps ON ps.id = s.physiological_stage_id
    LEFT JOIN publications p ON p.id = s.publication_id
   WHERE ${inPage}
   ORDER BY s.id`;

export async function loadSampleRecords(manager: EntityManager, part: SubmissionPart, selection: RecordSelection): Promise<ImageRecord[]> {
  const { page, inPage, params } = pageSql('samples', 's', selection);
  const rows: SampleRow[] = await manager.query(SAMPLE_SQL(page, inPage), params);
  return rows.map((row) => toSampleRecord(row, part));
}

function toSampleRecord(row: SampleRow, part: SubmissionPart): ImageRecord {
  const attributes = commonAttributes(row, part, row.species, row.species_term);
  putValue(attributes, 'Material', 'specimen from organism', 'OBI_0001479');
  putValue(attributes, 'Derived from', row.animal_name);
  putValue(attributes, 'Specimen collection protocol', row.collection_protocol);
  putDate(attributes, 'Collection date', row.collection_date);
  putValue(attributes, 'Collection place', row.collection_place);
  putNumber(attributes, 'Collection place longitude', row.collection_place_longitude, 'decimal degrees');
  putNumber(attributes, 'Collection place latitude', row.collection_place_latitude, 'decimal degrees');
  putValue(attributes, 'Collection place accuracy', row.collection_place_accuracy);
  putValue(attributes, 'Organism part', row.organism_part, row.organism_part_term);
  putValue(attributes, 'Developmental stage', row.developmental_stage, row.developmental_stage_term);
  putValue(attributes, 'Physiological stage', row.physiological_stage, row.physiological_stage_term);
  putNumber(attributes, 'Animal age at collection', row.animal_age_at_collection, row.animal_age_at_collection_unit);
  putValue(attributes, 'Availability', row.availability);
  putValue(attributes, 'Sample storage', row.storage);
  putValue(attributes, 'Sample storage processing', row.storage_processing);
  putNumber(attributes, 'Sampling to preparation interval', row.preparation_interval, row.preparation_interval_unit);
  return {
    ...recordBase('sample', row, part),
    material: 'specimen from organism',
    taxonId: taxonIdOf(row.species_term),
    attributes,
    relationships: [{
      type: 'derived from', targetId: row.animal_id, targetName: row.animal_name, targetAccession: row.animal_accession,
      targetFound: true, targetSpecies: termValue(row.species, row.species_term), targetSex: termValue(row.animal_sex, row.animal_sex_term),
    }],
  };
}
