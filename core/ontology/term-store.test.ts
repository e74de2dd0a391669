import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { runSeeds } from '../db/seeds.js';
import { resourcesDir } from '../paths.js';
import { imageRules } from '../validation/rules.js';
import { readSeedTerms } from './term-store.js';

const db = useTestDatabase();

const vocabularyTerms = (file: string): { term: string; root?: string }[] =>
  JSON.parse(fs.readFileSync(path.join(resourcesDir, 'vocabularies', file), 'utf8')).flatMap((t: Record<string, string | null>) =>
    [t.term, t.generalBreedTerm, t.crossbreedTerm].filter(Boolean).map((term) => ({ term: term! })));

describe('the seeded ontology terms', () => {
  const seeded = new Map(readSeedTerms().map((t) => [t.term, t]));

  it('cover every term the IMAGE rules and the seeded vocabularies use', () => {
    const ruleTerms = imageRules().groups.flatMap((g) => g.fields.flatMap((f) => f.terms ?? [])).map((t) => t.term);
    const files = ['countries.json', 'sexes.json', 'roles.json', 'organism-parts.json', 'developmental-stages.json', 'physiological-stages.json', 'species.json'];
    const used = [...ruleTerms, ...files.flatMap(vocabularyTerms).map((t) => t.term)];
    expect(used.filter((t) => !seeded.has(t))).toEqual([]);
  });

  it("put each vocabulary term under its IMAGE field's root", () => {
    const under = (file: string, root: string) => vocabularyTerms(file).filter((t) => !seeded.get(t.term)?.ancestors.includes(root)).map((t) => t.term);
    expect(under('organism-parts.json', 'UBERON_0001062')).toEqual([]);
    expect(under('roles.json', 'EFO_0002012')).toEqual([]);
    expect(under('developmental-stages.json', 'EFO_0000399')).toEqual([]);
    expect(under('physiological-stages.json', 'PATO_0000261')).toEqual([]);
    const species = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'vocabularies', 'species.json'), 'utf8')) as { term: string; generalBreedTerm: string | null }[];
    expect(species.filter((s) => !seeded.get(s.term)?.ancestors.includes('NCBITaxon_1'))).toEqual([]);
    expect(species.filter((s) => s.generalBreedTerm && !seeded.get(s.generalBreedTerm)?.ancestors.includes('LBO_0000000'))).toEqual([]);
    expect(seeded.get('EFO_0001272')?.label).toBe('adult');
  });

  it('are in the database after seeding, and seeding again keeps what OLS answered since', async () => {
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM ontology_terms WHERE source = 'seed'`);
    expect(n).toBe(seeded.size);
    await db.ds.query(`UPDATE ontology_terms SET label = 'semen (OLS)', source = 'ols', ancestors = '{UBERON_0000463,UBERON_0001062}' WHERE term = 'UBERON_0001968'`);
    await runSeeds(db.ds);
    const [semen] = await db.ds.query(`SELECT label, source, ancestors FROM ontology_terms WHERE term = 'UBERON_0001968'`);
    expect(semen).toEqual({ label: 'semen (OLS)', source: 'ols', ancestors: ['UBERON_0000463', 'UBERON_0001062'] });
  });
});
