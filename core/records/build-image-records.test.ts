import { beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { useTestDatabase } from '../../test/database.js';
import { insertAnimal, insertBreed, insertCurator, insertSample, insertSubmission } from '../../test/validation-fixtures.js';
import { buildImageRecords, imageRecordBatches, termsUsedBy } from './build-image-records.js';

const db = useTestDatabase();

let owner: number;
let submission: number;
const ids: Record<string, number> = {};

beforeAll(async () => {
  owner = await insertCurator({ firstName: 'Anne', lastName: 'Martin' });
  submission = await insertSubmission(owner);
  const mapped = await insertBreed({ supplied: 'Bunte Bentheimer', species: 'Sus scrofa', label: 'Bentheim Black Pied', term: 'LBO_0000347' });
  const unmapped = await insertBreed({ supplied: 'Porc Blanc', species: 'Sus scrofa' });
  ids.father = await insertAnimal(submission, owner, { name: 'F1', breedId: mapped, sex: 'male', accession: 'SAMEA100' });
  ids.mother = await insertAnimal(submission, owner, { name: 'M1', breedId: unmapped, sex: 'female' });
  ids.child = await insertAnimal(submission, owner, {
    name: 'C1', breedId: mapped, sex: 'female', fatherId: ids.father, motherId: ids.mother, birthDate: '2019-05', birthLocation: 'Rennes', accuracy: 'country level',
  });
  ids.sample = await insertSample(submission, owner, { name: 'S1', animalId: ids.father, age: 4, ageUnit: 'years', collectionDate: '2020-01-15', storage: 'frozen, liquid nitrogen' });
});

describe('IMAGE records built from the database', () => {
  it('carry every common attribute: submission, person, organization, gene bank and data source', async () => {
    const [child] = await buildImageRecords('animal', { submissionId: submission, ids: [ids.child] });
    expect(child.attributes).toMatchObject({
      'Data source ID': [{ value: 'C1' }],
      'Alternative id': [{ value: 'alt-C1' }],
      Project: [{ value: 'IMAGE' }],
      'Submission title': [{ value: 'French national cryobank' }],
      'Submission description': [{ value: 'Semen doses of local breeds' }],
      'Person last name': [{ value: 'Martin' }],
      'Person initial': [{ value: 'P' }],
      'Person first name': [{ value: 'Anne' }],
      'Person email': [{ value: expect.stringMatching(/^mailto:curator-.*@example\.org$/) }],
      'Person affiliation': [{ value: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }],
      'Person role': [{ value: 'submitter', terms: ['EFO_0001741'] }],
      'Organization name': [{ value: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE' }],
      'Organization country': [{ value: 'France', terms: ['NCIT_C16592'] }],
      'Organization role': [{ value: 'submitter', terms: ['EFO_0001741'] }],
      'Gene bank name': [{ value: 'CryoWeb FR' }],
      'Gene bank country': [{ value: 'France', terms: ['NCIT_C16592'] }],
      'Data source type': [{ value: 'Template' }],
      Species: [{ value: 'Sus scrofa', terms: ['NCBITaxon_9823'] }],
    });
    expect(child.contact).toMatchObject({ firstName: 'Anne', lastName: 'Martin', role: 'submitter' });
    expect(child.organization).toMatchObject({ name: 'INSTITUT NATIONAL DE LA RECHERCHE AGRONOMIQUE', country: 'France', role: 'submitter' });
  });

  it('carry the animal attributes with units and its parents as child-of relationships', async () => {
    const [child] = await buildImageRecords('animal', { submissionId: submission, ids: [ids.child] });
    expect(child).toMatchObject({ recordType: 'animal', material: 'organism', taxonId: 9823, name: 'C1' });
    expect(child.attributes).toMatchObject({
      Material: [{ value: 'organism', terms: ['OBI_0100026'] }],
      'Supplied breed': [{ value: 'Bunte Bentheimer' }],
      'EFABIS Breed country': [{ value: 'France' }],
      'Mapped breed': [{ value: 'Bentheim Black Pied', terms: ['LBO_0000347'] }],
      Sex: [{ value: 'female', terms: ['PATO_0000383'] }],
      'Birth date': [{ value: '2019-05', unit: 'YYYY-MM' }],
      'Birth location': [{ value: 'Rennes' }],
      'Birth location accuracy': [{ value: 'country level' }],
    });
    expect(child.attributes['Birth location latitude']).toBeUndefined();
    expect(child.mappedBreedIsFallback).toBeUndefined();
    expect(child.relationships).toEqual([
      expect.objectContaining({ type: 'child of', targetId: ids.father, targetName: 'F1', targetAccession: 'SAMEA100', targetSex: { value: 'male', terms: ['PATO_0000384'] } }),
      expect.objectContaining({ type: 'child of', targetId: ids.mother, targetName: 'M1', targetAccession: null, targetSpecies: { value: 'Sus scrofa', terms: ['NCBITaxon_9823'] } }),
    ]);
  });

  it("fall back to the species' general breed when the breed has no mapped term, and say so", async () => {
    const [mother] = await buildImageRecords('animal', { submissionId: submission, ids: [ids.mother] });
    expect(mother.attributes['Mapped breed']).toEqual([{ value: 'pig breed', terms: ['LBO_0000003'] }]);
    expect(mother.mappedBreedIsFallback).toBe(true);
  });

  it('carry the sample attributes and the animal it derives from, with its accession', async () => {
    const [sample] = await buildImageRecords('sample', { submissionId: submission, ids: [ids.sample] });
    expect(sample).toMatchObject({ recordType: 'sample', material: 'specimen from organism', taxonId: 9823 });
    expect(sample.attributes).toMatchObject({
      Material: [{ value: 'specimen from organism', terms: ['OBI_0001479'] }],
      'Derived from': [{ value: 'F1' }],
      'Collection date': [{ value: '2020-01-15', unit: 'YYYY-MM-DD' }],
      'Organism part': [{ value: 'semen', terms: ['UBERON_0001968'] }],
      'Developmental stage': [{ value: 'adult', terms: ['EFO_0001272'] }],
      'Animal age at collection': [{ value: 4, unit: 'years' }],
      'Sample storage': [{ value: 'frozen, liquid nitrogen' }],
      Species: [{ value: 'Sus scrofa', terms: ['NCBITaxon_9823'] }],
    });
    expect(sample.relationships).toEqual([expect.objectContaining({
      type: 'derived from', targetId: ids.father, targetName: 'F1', targetAccession: 'SAMEA100', targetSex: { value: 'male', terms: ['PATO_0000384'] },
    })]);
  });

  it('come in id order, batch after batch, with the terms they use listed', async () => {
    const batches = [];
    for await (const batch of imageRecordBatches(submission, 'animal', 2)) batches.push(batch.map((r) => r.name));
    expect(batches).toEqual([['F1', 'M1'], ['C1']]);
    const [child] = await buildImageRecords('animal', { submissionId: submission, ids: [ids.child] });
    expect([...termsUsedBy([child])]).toEqual(expect.arrayContaining(['NCBITaxon_9823', 'LBO_0000347', 'PATO_0000383', 'PATO_0000384', 'EFO_0001741', 'NCIT_C16592', 'OBI_0100026']));
  });
});

interface PlanNode { 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; Plans?: PlanNode[] }

/** The most rows any step of a plan read from `table`, over all its loops. */
function rowsReadFrom(table: string, node: PlanNode): number {
  const own = node['Relation Name'] === table ? node['Actual Rows'] * node['Actual Loops'] : 0;
  return Math.max(own, ...(node.Plans ?? []).map((child) => rowsReadFrom(table, child)));
}

describe('batches of a large submission', () => {
  let big: number;
  const plans: PlanNode[] = [];
  const explaining = {
    query: async (sql: string, params: unknown[]) => {
      const [explained] = await db.ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      plans.push(explained['QUERY PLAN'][0].Plan);
      return db.ds.query(sql, params);
    },
  } as unknown as EntityManager;

  /** Reads the submission's samples 500 at a time; the most rows of `samples` any batch read. */
  async function mostRowsReadByABatch(): Promise<number> {
    plans.length = 0;
    const sizes = [];
    for await (const batch of imageRecordBatches(big, 'sample', 500, explaining)) sizes.push(batch.length);
    expect(sizes).toEqual([500, 500, 500, 500, 500, 500]);
    const read = plans.map((plan) => rowsReadFrom('samples', plan)).filter((n) => n > 0);
    expect(read).toHaveLength(6);
    return Math.max(...read);
  }

  beforeAll(async () => {
    // Statistics taken before the submission's records were written, as right after a large import.
    await db.ds.query('ALTER TABLE samples SET (autovacuum_enabled = off)');
    await db.ds.query('ANALYZE animals, samples');
    big = await insertSubmission(owner);
    const breed = await insertBreed({ supplied: 'Large White', species: 'Sus scrofa' });
    const boar = await insertAnimal(big, owner, { name: 'boar', breedId: breed });
    await db.ds.query(
      `INSERT INTO samples (name, submission_id, owner_id, animal_id, status)
       SELECT 'straw-' || i, $1, $2, $3, 'loaded' FROM generate_series(1, 3000) i`,
      [big, owner, boar],
    );
  });

  it('each read only their own page, while the statistics predate the submission', async () => {
    expect(await mostRowsReadByABatch()).toBeLessThanOrEqual(500);
  });

  it('each read only their own page once the statistics know the submission', async () => {
    await db.ds.query('ANALYZE animals, samples');
    expect(await mostRowsReadByABatch()).toBeLessThanOrEqual(500);
  });
});
