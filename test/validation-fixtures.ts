/**
 * Small hand-built submissions for the validation and IMAGE-record tests: plain SQL inserts into
 * the test database, with labels resolved against the seeded vocabularies.
 */
import { db } from '../core/db/data-source.js';

let counter = 0;
const unique = () => `${process.pid}-${Date.now()}-${++counter}`;

async function one<T = number>(sql: string, params: unknown[]): Promise<T> {
  const rows = await db().query(sql, params);
  return rows[0]?.id as T;
}

export async function insertCurator(over: { email?: string; firstName?: string; lastName?: string; organization?: string | null } = {}): Promise<number> {
  return one(
    `INSERT INTO users (email, password_hash, role, first_name, last_name, initials, person_role_id, organization_id)
     VALUES ($1, 'not-a-hash', 'curator', $2, $3, 'P', (SELECT id FROM roles WHERE label = 'submitter'),
             (SELECT id FROM organizations WHERE name = $4 ORDER BY id LIMIT 1)) RETURNING id`,
    [over.email ?? `curator-${unique()}@example.org`, over.firstName ?? 'Peter', over.lastName ?? 'Harrison',
      over.organization === undefined ? 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' : over.organization],
  );
}

export async function insertSubmission(ownerId: number, over: { status?: string; title?: string; geneBankCountry?: string } = {}): Promise<number> {
  return one(
    `INSERT INTO submissions (title, description, gene_bank_name, gene_bank_country_id, datasource_type, datasource_version, status, owner_id)
     VALUES ($1, 'Semen doses of local breeds', 'CryoWeb FR', (SELECT id FROM countries WHERE label = $2), 'template', $3, $4, $5)
     RETURNING id`,
    [over.title ?? 'French national cryobank', over.geneBankCountry ?? 'France', `v-${unique()}`, over.status ?? 'loaded', ownerId],
  );
}

export interface BreedFixture { supplied: string; species: string; country?: string; label?: string | null; term?: string | null }

export async function insertBreed(b: BreedFixture): Promise<number> {
  const existing = await db().query(
    `SELECT b.id FROM breeds b JOIN species s ON s.id = b.species_id JOIN countries c ON c.id = b.country_id
      WHERE b.supplied_breed = $1 AND s.label = $2 AND c.label = $3`, [b.supplied, b.species, b.country ?? 'France']);
  if (existing[0]) {
    await db().query(`UPDATE breeds SET label = $2, term = $3 WHERE id = $1`, [existing[0].id, b.label ?? null, b.term ?? null]);
    return existing[0].id;
  }
  return one(
    `INSERT INTO breeds (supplied_breed, label, term, country_id, species_id)
     VALUES ($1, $2, $3, (SELECT id FROM countries WHERE label = $4), (SELECT id FROM species WHERE label = $5)) RETURNING id`,
    [b.supplied, b.label ?? null, b.term ?? null, b.country ?? 'France', b.species],
  );
}

export interface AnimalFixture {
  name: string;
  breedId: number;
  sex?: string | null;
  fatherId?: number | null;
  motherId?: number | null;
  birthDate?: string | null;
  birthLocation?: string | null;
  accuracy?: string | null;
  status?: string;
  accession?: string | null;
}

export async function insertAnimal(submissionId: number, ownerId: number, a: AnimalFixture): Promise<number> {
  return one(
    `INSERT INTO animals (name, alternative_id, submission_id, owner_id, breed_id, sex_id, father_id, mother_id, birth_date,
                          birth_location, birth_location_accuracy, status, accession)
     VALUES ($1, $2, $3, $4, $5, (SELECT id FROM sexes WHERE label = $6), $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [a.name, `alt-${a.name}`, submissionId, ownerId, a.breedId, a.sex === undefined ? 'male' : a.sex, a.fatherId ?? null,
      a.motherId ?? null, a.birthDate ?? null, a.birthLocation ?? null, a.accuracy ?? 'missing geographic information',
      a.status ?? 'loaded', a.accession ?? null],
  );
}

export interface SampleFixture {
  name: string;
  animalId: number;
  organismPart?: string | null;
  collectionDate?: string | null;
  storage?: string | null;
  age?: number | null;
  ageUnit?: string | null;
  status?: string;
}

export async function insertSample(submissionId: number, ownerId: number, s: SampleFixture): Promise<number> {
  return one(
    `INSERT INTO samples (name, alternative_id, submission_id, owner_id, animal_id, organism_part_id, developmental_stage_id,
                          collection_date, storage, animal_age_at_collection, animal_age_at_collection_unit, status)
     VALUES ($1, $2, $3, $4, $5, (SELECT id FROM organism_parts WHERE label = $6), (SELECT id FROM developmental_stages WHERE label = 'adult'),
             $7, $8, $9, $10, $11) RETURNING id`,
    [s.name, `alt-${s.name}`, submissionId, ownerId, s.animalId, s.organismPart === undefined ? 'semen' : s.organismPart,
      s.collectionDate ?? null, s.storage ?? null, s.age ?? null, s.ageUnit ?? null, s.status ?? 'loaded'],
  );
}
