import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import { resourcesDir } from '../paths.js';
import { iriOf, ontologyOf } from './term-ids.js';

/** An ontology term as validation uses it; `exists: false` caches OLS's "no such term". */
export interface StoredTerm {
  term: string;
  iri: string;
  label: string;
  synonyms: string[];
  ancestors: string[];
  ontology: string;
  exists: boolean;
}

interface SeedTerm {
  term: string;
  label: string;
  synonyms?: string[];
  ancestors: string[];
}

export const ONTOLOGY_SEED_FILE = path.join(resourcesDir, 'ontology', 'terms.json');

export function readSeedTerms(file = ONTOLOGY_SEED_FILE): StoredTerm[] {
  const { terms } = JSON.parse(fs.readFileSync(file, 'utf8')) as { terms: SeedTerm[] };
  return terms.map((t) => ({
    term: t.term,
    iri: iriOf(t.term),
    label: t.label,
    synonyms: t.synonyms ?? [],
    ancestors: t.ancestors,
    ontology: ontologyOf(t.term),
    exists: true,
  }));
}

/** Inserts the seeded terms that are not there yet; an answer already fetched from OLS is kept. */
export async function seedOntologyTerms(m: EntityManager, terms = readSeedTerms()): Promise<void> {
  await upsertTerms(m, terms, 'seed', false);
}

export async function loadTerms(terms: string[]): Promise<StoredTerm[]> {
  if (terms.length === 0) return [];
  return db().query(
    `SELECT term, iri, label, synonyms, ancestors, ontology, "exists" FROM ontology_terms WHERE term = ANY($1::varchar[])`,
    [terms],
  );
}

/** Stores what OLS answered (a term, or that it does not exist), replacing an older answer. */
export async function saveFetchedTerms(terms: StoredTerm[]): Promise<void> {
  await upsertTerms(db().manager, terms, 'ols', true);
}

async function upsertTerms(m: EntityManager, terms: StoredTerm[], source: string, replace: boolean): Promise<void> {
  if (terms.length === 0) return;
  await m.query(
    `INSERT INTO ontology_terms (term, iri, label, synonyms, ancestors, ontology, source, "exists", fetched_at)
     SELECT t.term, t.iri, t.label, t.synonyms, t.ancestors, t.ontology, $2, t."exists", now()
       FROM jsonb_to_recordset($1::jsonb) AS t(term varchar, iri varchar, label varchar, synonyms text[], ancestors text[],
            ontology varchar, "exists" boolean)
     ON CONFLICT (term) DO ${replace
       ? `UPDATE SET iri = EXCLUDED.iri, label = EXCLUDED.label, synonyms = EXCLUDED.synonyms, ancestors = EXCLUDED.ancestors,
          ontology = EXCLUDED.ontology, source = EXCLUDED.source, "exists" = EXCLUDED."exists", fetched_at = now()`
       : 'NOTHING'}`,
    [JSON.stringify(terms), source],
  );
}
