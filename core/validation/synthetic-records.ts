import { OntologySnapshot } from '../ontology/snapshot.js';
import { readSeedTerms } from '../ontology/term-store.js';
import type { ImageRecord, ImageValue } from '../records/image-record.js';
import type { ContextFacts, SpeciesBreedRoots } from './context-checks.js';

/** Valid IMAGE records built in memory, for engine tests and the benchmark (no database). */

const v = (value: string | number, extra: Omit<ImageValue, 'value'> = {}): ImageValue[] => [{ value, ...extra }];

function common(name: string, material: 'organism' | 'specimen from organism'): Record<string, ImageValue[]> {
  return {
    'Data source ID': v(name),
    'Alternative id': v(`alt-${name}`),
    Project: v('IMAGE'),
    'Submission title': v('German National Sperm Bank'),
    'Submission description': v('Cattle and pig semen'),
    Material: v(material, { terms: [material === 'organism' ? 'OBI_0100026' : 'OBI_0001479'] }),
    'Person last name': v('Harrison'),
    'Person first name': v('Peter'),
    'Person email': v('mailto:peter@ebi.ac.uk'),
    'Person affiliation': v('EMBL-EBI'),
    'Person role': v('submitter', { terms: ['EFO_0001741'] }),
    'Organization name': v('EMBL-EBI'),
    'Organization address': v('Wellcome Genome Campus, Hinxton, UK'),
    'Organization country': v('United Kingdom', { terms: ['NCIT_C17233'] }),
    'Organization role': v('submitter', { terms: ['EFO_0001741'] }),
    'Gene bank name': v('CryoWeb'),
    'Gene bank country': v('Germany', { terms: ['NCIT_C16636'] }),
    'Data source type': v('Template'),
    'Data source version': v('2019-07'),
    Species: v('Sus scrofa', { terms: ['NCBITaxon_9823'] }),
  };
}

export function syntheticAnimal(id: number, patch: Partial<ImageRecord> = {}): ImageRecord {
  const name = `ANIMAL-${id}`;
  return {
    recordType: 'animal', id, submissionId: 1, name, alias: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    accession: null, material: 'organism', taxonId: 9823,
    attributes: {
      ...common(name, 'organism'),
      'Supplied breed': v('Large White'),
      'EFABIS Breed country': v('Germany'),
      'Mapped breed': v('pig breed', { terms: ['LBO_0000003'] }),
      Sex: v('male', { terms: ['PATO_0000384'] }),
      'Birth date': v('2015-04-12', { unit: 'YYYY-MM-DD' }),
      'Birth location': v('Hinxton'),
      'Birth location latitude': v(52.08, { unit: 'decimal degrees' }),
      'Birth location longitude': v(0.18, { unit: 'decimal degrees' }),
      'Birth location accuracy': v('precise coordinates'),
    },
    relationships: [], contact: null, organization: null, publicationDoi: null,
    ...patch,
  };
}

export function syntheticSample(id: number, animalId: number, patch: Partial<ImageRecord> = {}): ImageRecord {
  const name = `SAMPLE-${id}`;
  return {
    recordType: 'sample', id, submissionId: 1, name, alias: `00000000-0000-4000-9000-${String(id).padStart(12, '0')}`,
    accession: null, material: 'specimen from organism', taxonId: 9823,
    attributes: {
      ...common(name, 'specimen from organism'),
      'Derived from': v(`ANIMAL-${animalId}`),
      'Specimen collection protocol': v('ftp://ftp.faang.ebi.ac.uk/ftp/protocols/samples/sop.pdf'),
      'Collection date': v('2017-03-12', { unit: 'YYYY-MM-DD' }),
      'Collection place': v('Hinxton'),
      'Collection place latitude': v(52.08, { unit: 'decimal degrees' }),
      'Collection place longitude': v(0.18, { unit: 'decimal degrees' }),
      'Collection place accuracy': v('precise coordinates'),
      'Organism part': v('semen', { terms: ['UBERON_0001968'] }),
      'Developmental stage': v('adult', { terms: ['EFO_0001272'] }),
      'Physiological stage': v('mature', { terms: ['PATO_0001701'] }),
      'Animal age at collection': v(4, { unit: 'years' }),
      Availability: v('mailto:genebank@example.org'),
      'Sample storage': v('frozen, liquid nitrogen'),
      'Sample storage processing': v('cryopreservation in liquid nitrogen (dead tissue)'),
      'Sampling to preparation interval': v(3, { unit: 'days' }),
    },
    relationships: [{
      type: 'derived from', targetId: animalId, targetName: `ANIMAL-${animalId}`, targetAccession: null,
      targetSpecies: { value: 'Sus scrofa', terms: ['NCBITaxon_9823'] }, targetSex: { value: 'male', terms: ['PATO_0000384'] },
    }],
    contact: null, organization: null, publicationDoi: null,
    ...patch,
  };
}

/** Breed roots of the seeded species (resources/vocabularies/species.json facts). */
export const SEEDED_BREED_ROOTS: SpeciesBreedRoots[] = [
  { species: 'NCBITaxon_9913', generalBreed: 'LBO_0000001', generalBreedLabel: 'cattle breed', crossbreed: 'LBO_0001036' },
  { species: 'NCBITaxon_9823', generalBreed: 'LBO_0000003', generalBreedLabel: 'pig breed', crossbreed: 'LBO_0001040' },
  { species: 'NCBITaxon_9925', generalBreed: 'LBO_0000954', generalBreedLabel: 'goat breed', crossbreed: 'LBO_0001038' },
];

/** Context facts over the seeded terms plus `extra` (terms as OLS would answer them). */
export function syntheticFacts(extra: Parameters<typeof OntologySnapshot.of>[0] = []): ContextFacts {
  return {
    terms: OntologySnapshot.of([...readSeedTerms(), ...extra]),
    breedRoots: new Map(SEEDED_BREED_ROOTS.map((r) => [r.species, r])),
  };
}
