import type { EntityManager } from 'typeorm';
import type { ImageRecord, ImageRelationship, ImageValue } from './image-record.js';
import { putDate, putNumber, putValue } from './attribute-values.js';
import type { SubmissionPart } from './submission-attributes.js';
import { commonAttributes, pageSql, recordBase, taxonIdOf, type RecordRow, type RecordSelection } from './record-common.js';

interface AnimalRow extends RecordRow {
  birth_date: string | null;
  birth_location: string | null;
  birth_location_latitude: number | null;
  birth_location_longitude: number | null;
  birth_location_accuracy: string | null;
  supplied_breed: string;
  breed_label: string | null;
  breed_term: string | null;
  breed_country: string;
  species: string;
  species_term: string | null;
  general_breed_label: string | null;
  general_breed_term: string | null;
  sex: string | null;
  sex_term: string | null;
  parents: ParentJson[];
}

interface ParentJson {
  id: number;
  name: string;
  accession: string | null;
  species: string | null;
  species_term: string | null;
  sex: string | null;
  sex_term: string | null;
}

// Parents come as one JSON array per animal, each with the species (through its breed) and sex the context checks compare.
const ANIMAL_SQL = (page: string, inPage: string) => `
  ${page}
  SELECT a.id, a.name, a.alternative_id, a.description, a.accession, a.alias::text AS alias, p.doi,
         a.birth_date, a.birth_location, a.birth_location_latitude, a.birth_location_longitude, a.birth_location_accuracy,
         b.supplied_breed, b.label AS breed_label, b.term AS breed_term, bc.label AS breed_country,
         sp.label AS species, sp.term AS species_term, sp.general_breed_label, sp.general_breed_term,
         sx.label AS sex, sx.term AS sex_term,
         COALESCE((
           SELECT json_agg(json_build_object('id', pa.id, 'name', pa.name, 'accession', pa.accession,
                    'species', psp.label, 'species_term', psp.term, 'sex', psx.label, 'sex_term', psx.term) ORDER BY pa.id = a.mother_id)
             FROM animals pa
             JOIN breeds pb ON pb.id = pa.breed_id
             JOIN species psp ON psp.id = pb.species_id
             LEFT JOIN sexes psx ON psx.id = pa.sex_id
            WHERE pa.id IN (a.father_id, a.mother_id)
         ), '[]') AS parents
    FROM animals a
    JOIN breeds b ON b.id = a.breed_id
    JOIN countries bc ON bc.id = b.country_id
    JOIN species sp ON sp.id = b.species_id
    LEFT JOIN sexes sx ON sx.id = a.sex_id
    LEFT JOIN publications p ON p.id = a.publication_id
   WHERE ${inPage}
   ORDER BY a.id`;

export async function loadAnimalRecords(manager: EntityManager, part: SubmissionPart, selection: RecordSelection): Promise<ImageRecord[]> {
  const { page, inPage, params } = pageSql('animals', 'a', selection);
  const rows: AnimalRow[] = await manager.query(ANIMAL_SQL(page, inPage), params);
  return rows.map((row) => toAnimalRecord(row, part));
}

function toAnimalRecord(row: AnimalRow, part: SubmissionPart): ImageRecord {
  const attributes = commonAttributes(row, part, row.species, row.species_term);
  putValue(attributes, 'Material', 'organism', 'OBI_0100026');
  putValue(attributes, 'Supplied breed', row.supplied_breed);
  putValue(attributes, 'EFABIS Breed country', row.breed_country);
  // Without a mapped term of its own, a breed is sent as its species' general breed (as the original did).
  const fallback = !row.breed_term && !!row.general_breed_term;
  if (row.breed_term) putValue(attributes, 'Mapped breed', row.breed_label ?? row.breed_term, row.breed_term);
  else if (fallback) putValue(attributes, 'Mapped breed', row.general_breed_label ?? row.general_breed_term, row.general_breed_term);
  putValue(attributes, 'Sex', row.sex, row.sex_term);
  putDate(attributes, 'Birth date', row.birth_date);
  putValue(attributes, 'Birth location', row.birth_location);
  putNumber(attributes, 'Birth location longitude', row.birth_location_longitude, 'decimal degrees');
  putNumber(attributes, 'Birth location latitude', row.birth_location_latitude, 'decimal degrees');
  putValue(attributes, 'Birth location accuracy', row.birth_location_accuracy);

  const relationships: ImageRelationship[] = row.parents.map((p) => ({
    type: 'child of', targetId: p.id, targetName: p.name, targetAccession: p.accession, targetFound: true,
    targetSpecies: termValue(p.species, p.species_term), targetSex: termValue(p.sex, p.sex_term),
  }));
  return {
    ...recordBase('animal', row, part),
    material: 'organism',
    taxonId: taxonIdOf(row.species_term),
    attributes,
    relationships,
    ...(fallback ? { mappedBreedIsFallback: true } : {}),
  };
}

export function termValue(label: string | null, term: string | null): ImageValue | null {
  if (!label) return null;
  return term ? { value: label, terms: [term] } : { value: label };
}
