import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { resourcesDir } from '../paths.js';
import { seedOntologyTerms } from '../ontology/term-store.js';

interface TermSeed { label: string; term: string | null; confidence?: string }
interface SpeciesSeed extends TermSeed {
  generalBreedLabel: string | null;
  generalBreedTerm: string | null;
  crossbreedTerm: string | null;
  synonyms: { word: string; language: string }[];
}
interface OrganizationSeed { name: string; country: string; role: string }

const readSeed = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(resourcesDir, 'vocabularies', file), 'utf8')) as T;

const SIMPLE_VOCABULARIES: [table: string, file: string][] = [
  ['countries', 'countries.json'],
  ['sexes', 'sexes.json'],
  ['roles', 'roles.json'],
  ['organism_parts', 'organism-parts.json'],
  ['developmental_stages', 'developmental-stages.json'],
  ['physiological_stages', 'physiological-stages.json'],
];

/**
 * Loads the shared vocabularies and partner organizations from resources/. Idempotent: existing
 * rows (matched by label, or name and country) are left as they are, so an admin's edits survive.
 */
export async function runSeeds(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (m) => {
    for (const [table, file] of SIMPLE_VOCABULARIES) await seedTerms(m, table, readSeed<TermSeed[]>(file));
    await seedSpecies(m, readSeed<SpeciesSeed[]>('species.json'));
    await seedOrganizations(m, readSeed<OrganizationSeed[]>('organizations.json'));
    await seedOntologyTerms(m);
  });
}

async function seedTerms(m: EntityManager, table: string, terms: TermSeed[]): Promise<void> {
  await m.query(
    `INSERT INTO ${table} (label, term, confidence)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[])
     ON CONFLICT (label) DO NOTHING`,
    [terms.map((t) => t.label), terms.map((t) => t.term), terms.map((t) => t.confidence ?? 'curated')],
  );
}

async function seedSpecies(m: EntityManager, species: SpeciesSeed[]): Promise<void> {
  for (const s of species) {
    await m.query(
      `INSERT INTO species (label, term, confidence, general_breed_label, general_breed_term, crossbreed_term)
       VALUES ($1, $2, 'curated', $3, $4, $5) ON CONFLICT (label) DO NOTHING`,
      [s.label, s.term, s.generalBreedLabel, s.generalBreedTerm, s.crossbreedTerm],
    );
    for (const syn of s.synonyms) {
      await m.query(
        `INSERT INTO species_synonyms (word, species_id, language_id)
         SELECT $1, s.id, c.id FROM species s, countries c WHERE s.label = $2 AND c.label = $3
         ON CONFLICT (word, language_id) DO NOTHING`,
        [syn.word, s.label, syn.language],
      );
    }
  }
}

async function seedOrganizations(m: EntityManager, organizations: OrganizationSeed[]): Promise<void> {
  for (const o of organizations) {
    await m.query(
      `INSERT INTO organizations (name, country_id, role_id)
       SELECT $1, (SELECT id FROM countries WHERE label = $2), (SELECT id FROM roles WHERE label = $3)
       ON CONFLICT (name, country_id) DO NOTHING`,
      [o.name, o.country, o.role],
    );
  }
}
