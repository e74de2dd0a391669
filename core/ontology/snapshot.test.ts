import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { startFakeOls, type FakeOls } from '../../test/fakes/ols.js';
import { overrideConfig } from '../config.js';
import { ontologySnapshot } from './snapshot.js';

const db = useTestDatabase();
let ols: FakeOls;

beforeAll(async () => {
  ols = await startFakeOls([
    { term: 'UBERON_0002113', label: 'kidney', synonyms: ['reniculate kidney'], ancestors: ['UBERON_0000062', 'UBERON_0001062'] },
    { term: 'UBERON_0000062', label: 'organ', ancestors: ['UBERON_0001062'] },
    { term: 'UBERON_0001062', label: 'anatomical entity' },
    { term: 'LBO_0000185', label: 'Duroc', ancestors: ['LBO_0000003', 'LBO_0000000', 'LBO_0000900', 'LBO_0000901'] },
  ]);
});
afterAll(() => ols.stop());
beforeEach(async () => {
  await ols.setOutage(null);
  overrideConfig((c) => { c.ontology.olsUrl = ols.url; c.ontology.online = true; });
});

describe('the ontology snapshot', () => {
  it('takes seeded terms from the database without calling OLS', async () => {
    const before = ols.requestCount;
    const s = ontologySnapshot();
    await s.ensure(['UBERON_0001968', 'NCBITaxon_9823', 'LBO_0000003']);
    expect(s.lookup('UBERON_0001968')).toMatchObject({ label: 'semen', exists: true });
    expect(s.lookup('LBO_0000003')?.ancestors.has('LBO_0000000')).toBe(true);
    expect(ols.requestCount).toBe(before);
  });

  it("fetches a missing term from OLS's defining ontology with all its ancestors, and stores it", async () => {
    ols.ancestorPageSize = 2; // the client must follow OLS's paging
    const s = ontologySnapshot();
    await s.ensure(['UBERON_0002113', 'LBO_0000185']);
    expect(s.lookup('UBERON_0002113')).toMatchObject({ label: 'kidney', synonyms: ['reniculate kidney'], exists: true });
    expect([...s.lookup('UBERON_0002113')!.ancestors].sort()).toEqual(['UBERON_0000062', 'UBERON_0001062']);
    expect(s.lookup('LBO_0000185')!.ancestors.size).toBe(4);
    const [row] = await db.ds.query(`SELECT label, ancestors, source, "exists" FROM ontology_terms WHERE term = 'UBERON_0002113'`);
    expect(row).toEqual({ label: 'kidney', ancestors: expect.arrayContaining(['UBERON_0001062']), source: 'ols', exists: true });
  });

  it('makes no network call for terms fetched once, even in a new snapshot', async () => {
    await ontologySnapshot().ensure(['UBERON_0002113']);
    const before = ols.requestCount;
    const s = ontologySnapshot();
    await s.ensure(['UBERON_0002113', 'UBERON_0001968']);
    expect(s.lookup('UBERON_0002113')?.label).toBe('kidney');
    expect(ols.requestCount).toBe(before);
  });

  it('remembers that OLS knows no such term', async () => {
    const s = ontologySnapshot();
    await s.ensure(['UBERON_9999999']);
    expect(s.lookup('UBERON_9999999')?.exists).toBe(false);
    const before = ols.requestCount;
    await ontologySnapshot().ensure(['UBERON_9999999']);
    expect(ols.requestCount).toBe(before);
  });

  it('leaves terms unchecked, with the reason, when lookups are switched off', async () => {
    overrideConfig((c) => { c.ontology.online = false; });
    const before = ols.requestCount;
    const s = ontologySnapshot();
    await s.ensure(['UBERON_0000178', 'UBERON_0002048']);
    expect(s.lookup('UBERON_0000178')?.label).toBe('blood');
    expect(s.lookup('UBERON_0002048')).toBeUndefined();
    expect(s.uncheckedReason('UBERON_0002048')).toBe('ontology lookups are switched off (ONTOLOGY_ONLINE=false)');
    expect(ols.requestCount).toBe(before);
  });

  it('leaves terms unchecked when OLS refuses connections, and fetches them once it is back', async () => {
    await ols.setOutage('refused');
    const s = ontologySnapshot();
    await s.ensure(['UBERON_0000062']);
    expect(s.lookup('UBERON_0000062')).toBeUndefined();
    expect(s.uncheckedReason('UBERON_0000062')).toMatch(/OLS is unreachable \(ECONNREFUSED\)/);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM ontology_terms WHERE term = 'UBERON_0000062'`);
    expect(n).toBe(0);
    await ols.setOutage(null);
    const later = ontologySnapshot();
    await later.ensure(['UBERON_0000062']);
    expect(later.lookup('UBERON_0000062')?.label).toBe('organ');
  });

  it('retries a failing OLS a few times, then gives up on every remaining term of the job', async () => {
    await ols.setOutage('503');
    const before = ols.requestCount;
    const s = ontologySnapshot();
    await s.ensure(['EFO_0000001']);
    expect(ols.requestCount - before).toBe(3);
    expect(s.uncheckedReason('EFO_0000001')).toBe('OLS is unreachable (HTTP 503)');
    await s.ensure(['EFO_0000002', 'EFO_0000003']);
    expect(ols.requestCount - before).toBe(3);
    expect(s.uncheckedReason('EFO_0000003')).toBe('OLS is unreachable (HTTP 503)');
  });
});
