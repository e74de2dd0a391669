import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import type { ImageRecord, ImageValue } from '../records/image-record.js';
import { MissingAccession, ontologyIri, releaseDateTime, reservationBody, toBioSample } from './serializer.js';
import type { BioSample } from './sample.js';

/**
 * Records built by hand with the values of the reference records: the original tool's test output
 * (an animal and a sample of submission 1) and two records IMAGE stored on wwwdev (SAMEA6376980, an
 * animal with two parents, and SAMEA6376982, a sample derived from it). The golden files under
 * __golden__ are what today's API gets; `UPDATE_GOLDEN=1` rewrites them after a deliberate change.
 */

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__golden__');

function matchesGolden(name: string, actual: BioSample): void {
  const file = path.join(goldenDir, `${name}.json`);
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
}

const v = (value: string | number, terms?: string[], unit?: string): ImageValue[] => [{ value, ...(terms ? { terms } : {}), ...(unit ? { unit } : {}) }];

function common(over: { submission: number; title: string; description: string; person: [string, string, string, string, string]; org: [string, string | null, string | null, string]; geneBank: [string, string, string]; source: [string, string] }) {
  const [first, initial, last, email, affiliation] = over.person;
  const [orgName, orgAddress, orgUri, orgCountryTerm] = over.org;
  const [geneBankName, geneBankCountry, geneBankCountryTerm] = over.geneBank;
  return {
    Project: v('IMAGE'),
    'IMAGE submission id': v(over.submission),
    'Submission title': v(over.title),
    'Submission description': v(over.description),
    'Person first name': v(first),
    'Person initial': v(initial),
    'Person last name': v(last),
    'Person email': v(`mailto:${email}`),
    'Person affiliation': v(affiliation),
    'Person role': v('submitter', ['EFO_0001741']),
    'Organization name': v(orgName),
    ...(orgAddress ? { 'Organization address': v(orgAddress) } : {}),
    ...(orgUri ? { 'Organization uri': v(orgUri) } : {}),
    'Organization country': v(geneBankCountry, [orgCountryTerm]),
    'Organization role': v('submitter', ['EFO_0001741']),
    'Gene bank name': v(geneBankName),
    'Gene bank country': v(geneBankCountry, [geneBankCountryTerm]),
    'Data source type': v(over.source[0]),
    'Data source version': v(over.source[1]),
    Species: v('Sus scrofa', ['NCBITaxon_9823']),
  };
}

const testSubmission = common({
  submission: 1, title: 'test', description: 'image test data',
  person: ['Foo', 'T', 'Bar', 'test@test.com', 'Test organization'],
  org: ['Test organization', 'Foo Bar', null, 'NCIT_C17233'],
  geneBank: ['Cryoweb', 'United Kingdom', 'NCIT_C17233'],
  source: ['CryoWeb', 'test'],
});

const cnrSubmission = common({
  submission: 12, title: 'Test name collisions', description: 'Test name collisions with relationship',
  person: ['Paolo', 'PC', 'Cozzi', 'paolo.cozzi@ibba.cnr.it', 'IBBA-CNR'],
  org: ['IBBA-CNR', 'Via E. Bassini, 15 / Via A. Corti 12, 20133 Milano', 'http://www.ibba.cnr.it/', 'NCIT_C16761'],
  geneBank: ['Cryoweb IT', 'Italy', 'NCIT_C16761'],
  source: ['Template', '0.3'],
});

const testPeople = {
  contact: { firstName: 'Foo', lastName: 'Bar', initials: 'T', email: 'test@test.com', role: 'submitter', affiliation: 'Test organization' },
  organization: { name: 'Test organization', address: 'Foo Bar', uri: null, country: 'United Kingdom', role: 'submitter' },
};
const cnrPeople = {
  contact: { firstName: 'Paolo', lastName: 'Cozzi', initials: 'PC', email: 'paolo.cozzi@ibba.cnr.it', role: 'submitter', affiliation: 'IBBA-CNR' },
  organization: { name: 'IBBA-CNR', address: 'Via E. Bassini, 15 / Via A. Corti 12, 20133 Milano', uri: 'http://www.ibba.cnr.it/', country: 'Italy', role: 'submitter' },
};

const testAnimal: ImageRecord = {
  recordType: 'animal', id: 1, submissionId: 1, name: 'ANIMAL:::ID:::132713', alias: '0b7a5c1e-3f8d-4a52-9c61-2d4e8f1a7b30',
  accession: 'SAMEA7000001', material: 'organism', taxonId: 9823,
  attributes: {
    ...testSubmission,
    'Publication DOI': v('doi:10.1139/o09-005'),
    'Data source ID': v('ANIMAL:::ID:::132713'),
    'Alternative id': v('11'),
    Description: v('a 4-year old pig organic fed'),
    Material: v('organism', ['OBI_0100026']),
    'Supplied breed': v('Bunte Bentheimer'),
    'Mapped breed': v('Bentheim Black Pied', ['LBO_0000347']),
    'EFABIS Breed country': v('United Kingdom'),
    Sex: v('male', ['PATO_0000384']),
    'Birth location accuracy': v('missing geographic information'),
  },
  relationships: [], ...testPeople, publicationDoi: 'doi:10.1139/o09-005',
};

const testSample: ImageRecord = {
  recordType: 'sample', id: 1, submissionId: 1, name: 'Siems_0722_393449', alias: '5d2f9e84-7b1c-4c0a-8e3d-6a9b2c4f1e07',
  accession: 'SAMEA7000002', material: 'specimen from organism', taxonId: 9823,
  attributes: {
    ...testSubmission,
    'Data source ID': v('Siems_0722_393449'),
    'Alternative id': v('Siems_0722_393449'),
    Material: v('specimen from organism', ['OBI_0001479']),
    'Specimen collection protocol': v('ftp://ftp.faang.ebi.ac.uk/ftp/protocols/samples/WUR_SOP_animal_sampling_20160405.pdf'),
    'Derived from': v('ANIMAL:::ID:::132713'),
    Description: v('semen collected when the animal turns to 4'),
    'Collection date': v('2017-03-12', undefined, 'YYYY-MM-DD'),
    'Collection place': v('deutschland'),
    'Organism part': v('semen', ['UBERON_0001968']),
    'Collection place accuracy': v('unknown accuracy level'),
    'Animal age at collection': v(4, undefined, 'years'),
    Availability: v('mailto:test@example.com'),
    'Developmental stage': v('adult', ['EFO_0001272']),
    'Physiological stage': v('mature', ['PATO_0001701']),
    'Sample storage': v('frozen, -80 degrees Celsius freezer'),
    'Sample storage processing': v('cryopreservation in liquid nitrogen (dead tissue)'),
    'Sampling to preparation interval': v(3, undefined, 'days'),
  },
  relationships: [{ type: 'derived from', targetId: 1, targetName: 'ANIMAL:::ID:::132713', targetAccession: 'SAMEA7000001' }],
  ...testPeople, publicationDoi: null,
};

const cnrAnimal: ImageRecord = {
  recordType: 'animal', id: 5611, submissionId: 12, name: '7', alias: 'c3e1a7f0-9b24-4d6e-8f15-7a0b3d5c9e42',
  accession: 'SAMEA6376980', material: 'organism', taxonId: 9823,
  attributes: {
    ...cnrSubmission,
    'Data source ID': v('7'),
    'Alternative id': v('7'),
    Description: v('Animal 7'),
    Material: v('organism', ['OBI_0100026']),
    'Supplied breed': v('Cinta Senese'),
    'Mapped breed': v('pig breed', ['LBO_0000003']),
    'EFABIS Breed country': v('Italy'),
    Sex: v('male', ['PATO_0000384']),
    'Birth date': v('2019-11-05', undefined, 'YYYY-MM-DD'),
    'Birth location accuracy': v('missing geographic information'),
  },
  relationships: [
    { type: 'child of', targetId: 5610, targetName: '6', targetAccession: 'SAMEA6376991' },
    { type: 'child of', targetId: 5607, targetName: '3', targetAccession: null },
  ],
  ...cnrPeople, publicationDoi: null,
};

const cnrSample: ImageRecord = {
  recordType: 'sample', id: 6757, submissionId: 12, name: '7', alias: '8f4b2d6a-1c3e-4b7f-a9d0-5e6c7b8a9f13',
  accession: 'SAMEA6376982', material: 'specimen from organism', taxonId: 9823,
  attributes: {
    ...cnrSubmission,
    'Data source ID': v('7'),
    'Alternative id': v('7'),
    Material: v('specimen from organism', ['OBI_0001479']),
    'Derived from': v('7'),
    'Collection date': v('2019-11-06', undefined, 'YYYY-MM-DD'),
    'Collection place accuracy': v('missing geographic information'),
    'Organism part': v('blood', ['UBERON_0000178']),
    'Animal age at collection': v(1, undefined, 'day'),
    Availability: v('no longer available'),
    'Sample storage': v('frozen, -20 degrees Celsius freezer'),
  },
  relationships: [{ type: 'derived from', targetId: 5611, targetName: '7', targetAccession: 'SAMEA6376980' }],
  ...cnrPeople, publicationDoi: null,
};

describe('golden files', () => {
  test('serializes the original test animal for today’s API', () => {
    matchesGolden('animal-cryoweb-test', toBioSample(testAnimal, { release: '2018-10-08' }));
  });

  test('serializes the original test sample, derived from its animal by accession', () => {
    matchesGolden('sample-cryoweb-test', toBioSample(testSample, { release: '2018-10-08' }));
  });

  test('serializes an animal with two parents, one reserved during this run', () => {
    const targetAccessions = new Map([[5607, 'SAMEA6376992']]);
    matchesGolden('animal-with-parents', toBioSample(cnrAnimal, { release: '2020-01-14', targetAccessions }));
  });

  test('serializes a blood sample derived from that animal', () => {
    matchesGolden('sample-blood', toBioSample(cnrSample, { release: new Date('2020-01-24T15:00:00Z') }));
  });
});

describe('characteristics', () => {
  const all = [testAnimal, testSample].map((r) => toBioSample(r, { release: '2018-10-08' }));

  test('are lists of {text, ontologyTerms, unit} with text always a string and terms as IRIs', () => {
    for (const sample of all) {
      for (const values of Object.values(sample.characteristics)) {
        for (const c of values) {
          expect(Object.keys(c).every((k) => ['text', 'ontologyTerms', 'unit'].includes(k))).toBe(true);
          expect(typeof c.text).toBe('string');
          for (const iri of c.ontologyTerms ?? []) expect(iri).toMatch(/^(http:\/\/purl\.obolibrary\.org\/obo\/[A-Za-z]+_\w+|http:\/\/www\.ebi\.ac\.uk\/efo\/EFO_\d+)$/);
        }
      }
    }
  });

  test('send numbers as text with their unit', () => {
    expect(all[1].characteristics['Animal age at collection']).toEqual([{ text: '4', unit: 'years' }]);
  });

  test('carry the record alias as the InjectTool alias', () => {
    expect(all[0].characteristics['InjectTool alias']).toEqual([{ text: testAnimal.alias }]);
  });

  test('add Material from the record kind when the attributes lack it', () => {
    const { Material: _m, ...attributes } = testSample.attributes;
    const sample = toBioSample({ ...testSample, attributes }, { release: '2018-10-08' });
    expect(sample.characteristics.Material).toEqual([{ text: 'specimen from organism', ontologyTerms: ['http://purl.obolibrary.org/obo/OBI_0001479'] }]);
  });

  test('leave out empty values', () => {
    const sample = toBioSample({ ...testAnimal, attributes: { ...testAnimal.attributes, 'Birth location': v('  ') } }, { release: '2018-10-08' });
    expect(sample.characteristics).not.toHaveProperty('Birth location');
  });
});

describe('blocks and relationships', () => {
  test('fill contact, organization and publications with BioSamples’ capitalised keys', () => {
    const sample = toBioSample(testAnimal, { release: '2018-10-08' });
    expect(sample.contact).toEqual([{ FirstName: 'Foo', LastName: 'Bar', MidInitials: 'T', Name: 'Foo Bar', Role: 'submitter', 'E-mail': 'test@test.com', Affiliation: 'Test organization' }]);
    expect(sample.organization).toEqual([{ Name: 'Test organization', Role: 'submitter', Address: 'Foo Bar' }]);
    expect(sample.publications).toEqual([{ doi: '10.1139/o09-005' }]);
  });

  test('refuse to link to a parent that has no accession yet', () => {
    expect(() => toBioSample(cnrAnimal, { release: '2020-01-14' })).toThrow(MissingAccession);
  });

  test('leave accession and relationships out of a reservation, keeping the alias', () => {
    const body = reservationBody(cnrAnimal, '2020-01-14');
    expect(body).not.toHaveProperty('accession');
    expect(body).not.toHaveProperty('relationships');
    expect(body.characteristics['InjectTool alias']).toEqual([{ text: cnrAnimal.alias }]);
  });
});

describe('ontologyIri and releaseDateTime', () => {
  test('put EFO terms under www.ebi.ac.uk/efo and the others under purl.obolibrary.org/obo', () => {
    expect(ontologyIri('EFO_0001741')).toBe('http://www.ebi.ac.uk/efo/EFO_0001741');
    expect(ontologyIri('NCIT:C17233')).toBe('http://purl.obolibrary.org/obo/NCIT_C17233');
    expect(ontologyIri('http://purl.obolibrary.org/obo/LBO_0000347')).toBe('http://purl.obolibrary.org/obo/LBO_0000347');
  });

  test('give midnight UTC of the chosen day, and refuse what is not a date', () => {
    expect(releaseDateTime('2026-12-01')).toBe('2026-12-01T00:00:00Z');
    expect(() => releaseDateTime('next week')).toThrow(RangeError);
  });
});
