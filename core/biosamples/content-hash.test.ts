import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startFakeBioSamples, type FakeBioSamples } from '../../test/fakes/biosamples.js';
import { BioSamplesClient } from './client.js';
import { contentHash } from './content-hash.js';
import type { BioSample } from './sample.js';
import { WebinTokenProvider } from './webin-auth.js';

const animal: BioSample = {
  name: '7',
  accession: 'SAMEA6376980',
  release: '2020-01-14T00:00:00Z',
  characteristics: {
    Species: [{ text: 'Sus scrofa', ontologyTerms: ['http://purl.obolibrary.org/obo/NCBITaxon_9823'] }],
    'Birth date': [{ text: '2019-11-05', unit: 'YYYY-MM-DD' }],
    'InjectTool alias': [{ text: 'c3e1a7f0-9b24-4d6e-8f15-7a0b3d5c9e42' }],
  },
  relationships: [{ source: 'SAMEA6376980', type: 'child of', target: 'SAMEA6376991' }],
  contact: [{ FirstName: 'Paolo', LastName: 'Cozzi' }],
};

describe('contentHash', () => {
  test('is a SHA-256 that does not depend on key order', () => {
    const reordered: BioSample = {
      contact: [{ LastName: 'Cozzi', FirstName: 'Paolo' }],
      relationships: animal.relationships,
      characteristics: Object.fromEntries(Object.entries(animal.characteristics).reverse()),
      release: animal.release,
      accession: animal.accession,
      name: animal.name,
    };
    expect(contentHash(animal)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(reordered)).toBe(contentHash(animal));
  });

  test('changes when a value, a unit or a relationship changes', () => {
    const hashes = new Set([
      contentHash(animal),
      contentHash({ ...animal, characteristics: { ...animal.characteristics, 'Birth date': [{ text: '2019-11-06', unit: 'YYYY-MM-DD' }] } }),
      contentHash({ ...animal, characteristics: { ...animal.characteristics, 'Birth date': [{ text: '2019-11-05' }] } }),
      contentHash({ ...animal, relationships: [{ source: 'SAMEA6376980', type: 'child of', target: 'SAMEA6376992' }] }),
      contentHash({ ...animal, contact: [{ FirstName: 'Paolo', LastName: 'Cozzi', 'E-mail': 'p@example.org' }] }),
    ]);
    expect(hashes.size).toBe(5);
  });

  test('ignores the release date, which is chosen at each submission rather than part of the record', () => {
    expect(contentHash({ ...animal, release: '2031-01-01T00:00:00Z' })).toBe(contentHash(animal));
  });

  test('ignores what BioSamples adds: dates, status, owner, taxId, SRA accession, links', () => {
    const answered = {
      ...animal,
      characteristics: { ...animal.characteristics, 'SRA accession': [{ text: 'ERS0000001' }] },
      status: 'PUBLIC', taxId: 9823, webinSubmissionAccountId: 'Webin-12345', create: '2020-01-15T15:04:44Z',
      update: '2020-01-15T15:04:44Z', submitted: '2020-01-15T15:04:44Z', submittedVia: 'JSON_API', releaseDate: '2020-01-14',
      _links: { self: { href: 'https://wwwdev.ebi.ac.uk/biosamples/samples/SAMEA6376980' } },
    };
    expect(contentHash(answered)).toBe(contentHash(animal));
  });
});

describe('contentHash against BioSamples', () => {
  let fake: FakeBioSamples;
  let client: BioSamplesClient;
  beforeAll(async () => {
    fake = await startFakeBioSamples();
    const tokens = new WebinTokenProvider({ username: 'Webin-12345', password: 'webin-test-password' }, { url: fake.webinAuthUrl });
    client = new BioSamplesClient({ tokens, baseUrl: fake.url, ratePerSecond: null });
  });
  afterAll(async () => {
    client.close();
    await fake.close();
  });

  test('is the same for the body sent and the sample read back, even with links pointing at it', async () => {
    const parent = await client.reserveAccession({ name: 'parent', release: animal.release, characteristics: {} });
    const { accession } = await client.reserveAccession({ name: '7', release: animal.release, characteristics: {} });
    const sent: BioSample = { ...animal, accession, relationships: [{ source: accession, type: 'child of', target: parent.accession }] };
    await client.put(accession, sent);
    const { accession: childAccession } = await client.reserveAccession({ name: 'child', release: animal.release, characteristics: {} });
    await client.put(childAccession, { ...animal, name: 'child', accession: childAccession, relationships: [{ source: childAccession, type: 'child of', target: accession }] });
    const readBack = (await client.get(accession))!;
    expect(readBack.relationships).toHaveLength(2);
    expect(contentHash(readBack)).toBe(contentHash(sent));
  });
});
