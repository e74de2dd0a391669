import { db } from '../db/data-source.js';
import type { SpeciesBreedRoots } from './context-checks.js';

/** The species vocabulary's general and crossbreed LBO terms, by species term. */
export async function loadBreedRoots(): Promise<Map<string, SpeciesBreedRoots>> {
  const rows: { term: string; general_breed_term: string | null; general_breed_label: string | null; crossbreed_term: string | null }[] =
    await db().query(`SELECT term, general_breed_term, general_breed_label, crossbreed_term FROM species WHERE term IS NOT NULL`);
  return new Map(rows.map((r) => [r.term, {
    species: r.term, generalBreed: r.general_breed_term, generalBreedLabel: r.general_breed_label, crossbreed: r.crossbreed_term,
  }]));
}
