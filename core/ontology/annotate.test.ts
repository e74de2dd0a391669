import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { startFakeOls, type FakeOls } from '../../test/fakes/ols.js';
import { startFakeZooma, type FakeZooma } from '../../test/fakes/zooma.js';
import { insertBreed } from '../../test/validation-fixtures.js';
import { overrideConfig } from '../config.js';
import { annotateVocabularies } from './annotate.js';
import { CurationError, setTermByHand, termsMissingIds } from './curation.js';

const db = useTestDatabase();
let zooma: FakeZooma;
let ols: FakeOls;

beforeAll(async () => {
  zooma = await startFakeZooma([
    { text: 'kidney', term: 'PATO_0000001', confidence: 'HIGH' },
    { text: 'kidney', term: 'UBERON_0002113', confidence: 'GOOD' },
    { text: 'udder', term: 'UBERON_0013216', confidence: 'HIGH', propertyType: 'organism part' },
    { text: 'hair follicle', term: 'UBERON_0002073', confidence: 'MEDIUM' },
    { text: 'muscle', term: 'UBERON_0005090', confidence: 'LOW' },
    { text: 'Mus musculus', term: 'NCBITaxon_10090', confidence: 'HIGH' },
    { text: 'Bunte Bentheimer', term: 'LBO_0000347', confidence: 'GOOD' },
    { text: 'juvenile', term: 'EFO_0001271', confidence: 'HIGH', propertyType: 'disease' },
  ]);
  ols = await startFakeOls([{ term: 'LBO_0000347', label: 'Bentheim Black Pied', ancestors: ['LBO_0000003', 'LBO_0000000'] }]);
});
afterAll(async () => {
  await zooma.stop();
  await ols.stop();
});
beforeEach(async () => {
  zooma.down = null;
  zooma.requests.length = 0;
  overrideConfig((c) => { c.ontology.online = true; c.ontology.zoomaUrl = zooma.url; c.ontology.olsUrl = ols.url; });
  await db.ds.query(`DELETE FROM organism_parts WHERE label IN ('kidney', 'udder', 'hair follicle', 'muscle')`);
  await db.ds.query(`INSERT INTO organism_parts (label) VALUES ('kidney'), ('udder'), ('hair follicle'), ('muscle')`);
});

const organismParts = async () => Object.fromEntries(
  (await db.ds.query(`SELECT label, term, confidence FROM organism_parts WHERE label IN ('kidney', 'udder', 'hair follicle', 'muscle')`))
    .map((r: { label: string; term: string | null; confidence: string | null }) => [r.label, { term: r.term, confidence: r.confidence }]),
);

describe('annotating vocabularies through Zooma', () => {
  it('keeps only HIGH and GOOD matches and stores the confidence', async () => {
    const [report] = await annotateVocabularies(['organismPart']);
    expect(report).toEqual({ vocabulary: 'organismPart', missing: 4, annotated: 2 });
    expect(await organismParts()).toEqual({
      kidney: { term: 'UBERON_0002113', confidence: 'good' },
      udder: { term: 'UBERON_0013216', confidence: 'high' },
      'hair follicle': { term: null, confidence: null },
      muscle: { term: null, confidence: null },
    });
  });

  it('asks Zooma for UBERON terms for organism parts, never PATO', async () => {
    await annotateVocabularies(['organismPart']);
    const filters = zooma.requests.map((u) => u.searchParams.get('filter'));
    expect(filters).toHaveLength(4);
    for (const f of filters) expect(f).toBe('required:[none],ontologies:[uberon]');
  });

  it('uses the ontology of each vocabulary, gives a breed its LBO label, and skips another property type', async () => {
    await db.ds.query(`INSERT INTO species (label) VALUES ('Mus musculus')`);
    await db.ds.query(`INSERT INTO developmental_stages (label) VALUES ('juvenile')`);
    const breed = await insertBreed({ supplied: 'Bunte Bentheimer', species: 'Sus scrofa', country: 'Germany' });
    const reports = await annotateVocabularies(['species', 'breed', 'developmentalStage']);
    expect(reports.map((r) => [r.vocabulary, r.annotated])).toEqual([['species', 1], ['breed', 1], ['developmentalStage', 0]]);
    const [mouse] = await db.ds.query(`SELECT term, confidence FROM species WHERE label = 'Mus musculus'`);
    expect(mouse).toEqual({ term: 'NCBITaxon_10090', confidence: 'high' });
    const [b] = await db.ds.query(`SELECT label, term, confidence FROM breeds WHERE id = $1`, [breed]);
    expect(b).toEqual({ label: 'Bentheim Black Pied', term: 'LBO_0000347', confidence: 'good' });
    const filters = zooma.requests.map((u) => u.searchParams.get('filter'));
    expect(filters).toEqual(expect.arrayContaining(['required:[none],ontologies:[ncbitaxon]', 'required:[none],ontologies:[lbo]', 'required:[none],ontologies:[efo]']));
  });

  it('calls nothing when lookups are switched off', async () => {
    overrideConfig((c) => { c.ontology.online = false; });
    const [report] = await annotateVocabularies(['organismPart']);
    expect(report).toMatchObject({ missing: 4, annotated: 0, stopped: expect.stringContaining('ONTOLOGY_ONLINE=false') });
    expect(zooma.requests).toHaveLength(0);
  });

  it('stops, keeping every term as it was and calling no more, when Zooma is unavailable', async () => {
    zooma.down = '503';
    const reports = await annotateVocabularies(['organismPart', 'country']);
    expect(reports.map((r) => r.stopped)).toEqual(['Zooma is unavailable: HTTP 503', 'Zooma is unavailable: HTTP 503']);
    expect((await organismParts()).kidney).toEqual({ term: null, confidence: null });
    const calls = zooma.requests.length;
    await new Promise((r) => setTimeout(r, 800)); // no retry left running in the background
    expect(zooma.requests.length).toBe(calls);
  });
});

describe('curating terms by hand', () => {
  it('lists the terms still missing an ontology id', async () => {
    const missing = await termsMissingIds(['organismPart']);
    expect(missing.map((m) => m.text)).toEqual(['hair follicle', 'kidney', 'muscle', 'udder']);
  });

  it('stores an id given as an IRI as a short id with confidence "curated", which annotation then leaves alone', async () => {
    const [{ id }] = await db.ds.query(`SELECT id FROM organism_parts WHERE label = 'kidney'`);
    await setTermByHand('organismPart', id, 'http://purl.obolibrary.org/obo/UBERON_0002113');
    await annotateVocabularies(['organismPart']);
    const [row] = await db.ds.query(`SELECT term, confidence FROM organism_parts WHERE id = $1`, [id]);
    expect(row).toEqual({ term: 'UBERON_0002113', confidence: 'curated' });
    expect(zooma.requests.map((u) => u.searchParams.get('propertyValue'))).not.toContain('kidney');
  });

  it('refuse an id from another ontology than the vocabulary needs', async () => {
    const [{ id }] = await db.ds.query(`SELECT id FROM organism_parts WHERE label = 'udder'`);
    await expect(setTermByHand('organismPart', id, 'PATO_0000001')).rejects.toThrow(new CurationError('PATO_0000001 is not a term of UBERON, which this vocabulary needs'));
    await expect(setTermByHand('organismPart', id, 'udder')).rejects.toThrow(CurationError);
  });
});
