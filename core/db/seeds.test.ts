import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { runSeeds } from './seeds.js';

const db = useTestDatabase();

const TABLES = ['countries', 'sexes', 'roles', 'organism_parts', 'developmental_stages', 'physiological_stages', 'species', 'species_synonyms', 'organizations'];

async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) out[t] = await db.ds.query(`SELECT * FROM ${t} ORDER BY id`);
  return out;
}

describe('vocabulary seeds', () => {
  it('load the IMAGE vocabularies: 16 countries, 3 sexes, 7 roles, species with synonyms, 30 organizations', async () => {
    const counts = await db.ds.query(`SELECT (SELECT count(*) FROM countries)::int AS countries, (SELECT count(*) FROM sexes)::int AS sexes,
      (SELECT count(*) FROM roles)::int AS roles, (SELECT count(*) FROM organizations)::int AS organizations`);
    expect(counts[0]).toEqual({ countries: 16, sexes: 3, roles: 7, organizations: 30 });
    const [pig] = await db.ds.query(`SELECT s.label, s.term, s.general_breed_term FROM species_synonyms y JOIN species s ON s.id = y.species_id WHERE y.word = 'Pig'`);
    expect(pig).toEqual({ label: 'Sus scrofa', term: 'NCBITaxon_9823', general_breed_term: 'LBO_0000003' });
  });

  it('run twice leave the same rows', async () => {
    const before = await snapshot();
    await runSeeds(db.ds);
    expect(await snapshot()).toEqual(before);
  });

  it('keep an admin edit of a seeded term', async () => {
    await db.ds.query(`UPDATE organism_parts SET term = 'UBERON_9999999', confidence = 'curated' WHERE label = 'semen'`);
    await runSeeds(db.ds);
    const [semen] = await db.ds.query(`SELECT term FROM organism_parts WHERE label = 'semen'`);
    expect(semen.term).toBe('UBERON_9999999');
  });
});
