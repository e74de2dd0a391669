import { describe, expect, it } from '@jest/globals';
import type { ImageRelationship, ImageValue } from '../records/image-record.js';
import { createRecordValidator } from './engine.js';
import { syntheticAnimal, syntheticFacts, syntheticSample } from './synthetic-records.js';

const DUROC = { term: 'LBO_0000185', label: 'Duroc', synonyms: [], ancestors: ['LBO_0000000', 'LBO_0000003'], exists: true };
const SAANEN = { term: 'LBO_0000961', label: 'Saanen', synonyms: [], ancestors: ['LBO_0000000', 'LBO_0000954'], exists: true };
const validate = createRecordValidator(syntheticFacts([DUROC, SAANEN]));

const PIG: ImageValue = { value: 'Sus scrofa', terms: ['NCBITaxon_9823'] };
const GOAT: ImageValue = { value: 'Capra hircus', terms: ['NCBITaxon_9925'] };
const MALE: ImageValue = { value: 'male', terms: ['PATO_0000384'] };
const FEMALE: ImageValue = { value: 'female', terms: ['PATO_0000383'] };
const UNKNOWN: ImageValue = { value: 'record of unknown sex', terms: ['OBI_0000858'] };

const parent = (id: number, species: ImageValue, sex: ImageValue | null, extra: Partial<ImageRelationship> = {}): ImageRelationship => ({
  type: 'child of', targetId: id, targetName: `P${id}`, targetAccession: null, targetSpecies: species, targetSex: sex, ...extra,
});
const keys = (v: { messages: { key: string }[] }) => v.messages.map((m) => m.key);
const animalWith = (attrs: Record<string, ImageValue[] | undefined>, relationships: ImageRelationship[] = [], taxonId = 9823) => {
  const a = syntheticAnimal(1, { relationships, taxonId });
  Object.assign(a.attributes, attrs);
  for (const [k, v] of Object.entries(attrs)) if (v === undefined) delete a.attributes[k];
  return validate(a);
};

describe('context checks', () => {
  it('refuse parents of another species: a goat whose parents are pigs', () => {
    const goat = { Species: [GOAT], 'Mapped breed': [{ value: 'Saanen', terms: ['LBO_0000961'] }] };
    const r = animalWith(goat, [parent(10, PIG, MALE), parent(11, PIG, FEMALE)], 9925);
    expect(r.level).toBe('error');
    expect(r.messages).toEqual([
      { field: 'Species', level: 'error', key: 'parent_species_mismatch:Species:Capra hircus:Sus scrofa', message: "Species Capra hircus differs from Sus scrofa, the species of parent 'P10'" },
      { field: 'Species', level: 'error', key: 'parent_species_mismatch:Species:Capra hircus:Sus scrofa', message: "Species Capra hircus differs from Sus scrofa, the species of parent 'P11'" },
    ]);
    expect(animalWith({}, [parent(10, PIG, MALE), parent(11, PIG, FEMALE)]).level).toBe('pass');
  });

  it('refuse two parents of the same sex and warn when one is of unknown sex', () => {
    expect(keys(animalWith({}, [parent(10, PIG, FEMALE), parent(11, PIG, FEMALE)]))).toEqual(['parents_same_sex:Child of:female']);
    const r = animalWith({}, [parent(10, PIG, MALE), parent(11, PIG, UNKNOWN)]);
    expect(r).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'parent_sex_unknown:Child of' })] });
    expect(keys(animalWith({}, [parent(10, PIG, MALE), parent(11, PIG, null)]))).toEqual(['parent_sex_unknown:Child of']);
  });

  it('refuse more than two parents and a parent that cannot be found', () => {
    expect(keys(animalWith({}, [parent(10, PIG, MALE), parent(11, PIG, FEMALE), parent(12, PIG, MALE)]))).toContain('too_many_parents:Child of');
    const r = animalWith({}, [parent(10, PIG, MALE, { targetFound: false, targetName: 'SAMEA0000001' })]);
    expect(r.messages).toEqual([expect.objectContaining({ key: 'parent_not_found:Child of', message: "Parent 'SAMEA0000001' could not be found" })]);
  });

  it('refuse a sample deriving from no animal, and from an animal of another species', () => {
    expect(keys(validate(syntheticSample(2, 1, { relationships: [] })))).toEqual(['animal_count:Derived from']);
    const s = syntheticSample(2, 1);
    s.relationships[0].targetSpecies = GOAT;
    expect(keys(validate(s))).toEqual(['sample_species_mismatch:Species:Sus scrofa:Capra hircus']);
    const lost = syntheticSample(2, 1);
    lost.relationships[0].targetFound = false;
    expect(keys(validate(lost))).toEqual(['animal_not_found:Derived from']);
  });

  it('refuse semen from a female and warn about semen from an animal of unknown sex', () => {
    const female = syntheticSample(2, 1);
    female.relationships[0].targetSex = FEMALE;
    expect(validate(female).messages).toEqual([expect.objectContaining({ level: 'error', key: 'semen_from_female:Organism part' })]);
    const unknown = syntheticSample(2, 1);
    unknown.relationships[0].targetSex = UNKNOWN;
    expect(validate(unknown)).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'semen_from_unknown_sex:Organism part' })] });
    const blood = syntheticSample(2, 1);
    blood.relationships[0].targetSex = FEMALE;
    blood.attributes['Organism part'] = [{ value: 'blood', terms: ['UBERON_0000178'] }];
    expect(validate(blood).level).toBe('pass');
  });

  it('require the accuracy to say missing geographic information exactly when no place is given', () => {
    const noPlace = animalWith({ 'Birth location': undefined });
    expect(noPlace.messages).toEqual([expect.objectContaining({
      key: 'accuracy_without_place:Birth location accuracy:precise coordinates',
      message: "Birth location accuracy is 'precise coordinates' but no Birth location is given: give the place or set the accuracy to missing geographic information",
    })]);
    expect(animalWith({ 'Birth location': undefined, 'Birth location accuracy': [{ value: 'missing geographic information' }] }).level).toBe('pass');
    const s = syntheticSample(2, 1);
    s.attributes['Collection place accuracy'] = [{ value: 'missing geographic information' }];
    expect(keys(validate(s))).toEqual(['place_without_accuracy:Collection place accuracy']);
  });

  it('refuse a taxon id that does not match the Species term', () => {
    expect(keys(validate(syntheticAnimal(1, { taxonId: 9925 })))).toEqual(['taxon_mismatch:Species:NCBITaxon_9823']);
  });

  it('refuse a mapped breed that is not a breed of the species', () => {
    const r = animalWith({ 'Mapped breed': [{ value: 'Saanen', terms: ['LBO_0000961'] }] });
    expect(r.messages).toEqual([{
      field: 'Mapped breed', level: 'error', key: 'breed_species_mismatch:Mapped breed:LBO_0000961',
      message: "Mapped breed 'Saanen' (LBO_0000961) is not a Sus scrofa breed: it is not under LBO_0000003 (pig breed) or LBO_0001040 (Pig crossbreed)",
    }]);
    expect(animalWith({ 'Mapped breed': [{ value: 'Duroc', terms: ['LBO_0000185'] }] }).level).toBe('pass');
    expect(animalWith({ 'Mapped breed': [{ value: 'Pig crossbreed', terms: ['LBO_0001040'] }] }).level).toBe('pass');
  });

  it('only warn when the breed is not mapped or falls back to the general breed', () => {
    const unmapped = animalWith({ 'Mapped breed': undefined });
    expect(unmapped).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'breed_not_mapped:Mapped breed:Large White (Sus scrofa)' })] });
    const fallback = syntheticAnimal(1, { mappedBreedIsFallback: true });
    expect(validate(fallback)).toEqual({ level: 'warning', messages: [expect.objectContaining({
      key: 'breed_general_fallback:Mapped breed:Large White (Sus scrofa)',
      message: "Supplied breed 'Large White' has no mapped breed: the general 'pig breed' (LBO_0000003) is used instead",
    })] });
  });
});
