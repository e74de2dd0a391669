import { describe, expect, it } from '@jest/globals';
import type { ImageRecord, ImageValue } from '../records/image-record.js';
import { createRecordValidator } from './engine.js';
import { syntheticAnimal, syntheticFacts, syntheticSample } from './synthetic-records.js';

const OLS_TERMS = [
  { term: 'UBERON_0002107', label: 'liver', synonyms: ['hepar'], ancestors: ['UBERON_0001062', 'UBERON_0000062'], exists: true },
  { term: 'NCBITaxon_9606', label: 'Homo sapiens', synonyms: [], ancestors: ['NCBITaxon_1'], exists: true },
  { term: 'UBERON_9999999', label: '', synonyms: [], ancestors: [], exists: false },
];
const validate = createRecordValidator(syntheticFacts(OLS_TERMS));

function withAttributes(record: ImageRecord, attributes: Record<string, ImageValue[] | undefined>): ImageRecord {
  const merged = { ...record.attributes, ...attributes };
  for (const [k, val] of Object.entries(attributes)) if (val === undefined) delete merged[k];
  return { ...record, attributes: merged as Record<string, ImageValue[]> };
}
const animal = (attrs: Record<string, ImageValue[] | undefined>) => validate(withAttributes(syntheticAnimal(1), attrs));
const sample = (attrs: Record<string, ImageValue[] | undefined>) => validate(withAttributes(syntheticSample(2, 1), attrs));
const keys = (v: { messages: { key: string }[] }) => v.messages.map((m) => m.key);

describe('field checks', () => {
  it('pass a complete animal and a complete sample', () => {
    expect(validate(syntheticAnimal(1))).toEqual({ level: 'pass', messages: [] });
    expect(validate(syntheticSample(2, 1))).toEqual({ level: 'pass', messages: [] });
  });

  it('report a missing mandatory field as an error and ignore a missing recommended one', () => {
    const r = animal({ Sex: undefined, 'Birth date': undefined });
    expect(r.level).toBe('error');
    expect(r.messages).toEqual([{ field: 'Sex', level: 'error', message: 'Sex is mandatory but missing', key: 'missing_mandatory:Sex' }]);
  });

  it('report an empty mandatory value as an error and an empty recommended one as a warning', () => {
    expect(keys(animal({ 'Supplied breed': [{ value: '' }] }))).toEqual(['empty_value:Supplied breed']);
    expect(animal({ 'Supplied breed': [{ value: '' }] }).level).toBe('error');
    const r = animal({ 'Birth location': [] , 'Birth location accuracy': [{ value: 'missing geographic information' }] });
    expect(r).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'empty_value:Birth location', level: 'warning' })] });
  });

  it('refuse two values where one is allowed and three where two are', () => {
    expect(keys(animal({ Sex: [{ value: 'male', terms: ['PATO_0000384'] }, { value: 'female', terms: ['PATO_0000383'] }] }))).toEqual(['too_many_values:Sex']);
    const parents = [{ value: 'a' }, { value: 'b' }, { value: 'c' }];
    expect(animal({ 'Child of': parents }).messages[0].message).toBe('Child of allows at most 2 values but 3 were given');
    expect(animal({ 'Child of': parents.slice(0, 2) }).level).toBe('pass');
    expect(animal({ 'Person last name': [{ value: 'A' }, { value: 'B' }, { value: 'C' }] }).level).toBe('pass');
  });

  it('check units: missing, not allowed, and given where none is expected', () => {
    expect(sample({ 'Animal age at collection': [{ value: 4 }] }).messages[0]).toMatchObject({
      key: 'unit_missing:Animal age at collection', level: 'error',
      message: expect.stringContaining('use minutes, hours, days'),
    });
    expect(sample({ 'Animal age at collection': [{ value: 4, unit: 'yrs' }] }).messages[0]).toMatchObject({ key: 'unit_not_allowed:Animal age at collection:yrs', level: 'error' });
    expect(sample({ 'Animal age at collection': [{ value: 4, unit: 'year' }] }).level).toBe('pass');
    expect(animal({ 'Supplied breed': [{ value: 'Duroc', unit: 'cm' }] }).messages[0]).toMatchObject({ key: 'unit_unexpected:Supplied breed:cm', level: 'warning' });
  });

  it('name the field, the value and what is allowed for a value outside the list', () => {
    const r = sample({ 'Sample storage': [{ value: 'frozen' }] });
    expect(r.messages).toEqual([{
      field: 'Sample storage', level: 'error', key: 'value_not_allowed:Sample storage:frozen',
      message: expect.stringMatching(/^Sample storage 'frozen' is not one of 'ambient temperature', 'cut slide', .*'freeze dried'$/),
    }]);
    expect(animal({ 'Birth location accuracy': [{ value: 'GPS' }] }).messages[0].message)
      .toBe('Birth location accuracy \'GPS\' is not one of missing geographic information, country level, region level, precise coordinates, unknown accuracy level');
    expect(animal({ Project: [{ value: 'FAANG' }] }).messages[0].key).toBe('value_not_allowed:Project:FAANG');
  });

  it('accept a URL or a mailto: address as Availability, and nothing else outside the list', () => {
    expect(sample({ Availability: [{ value: 'https://crb-anim.fr/access-to-collection/' }] }).level).toBe('pass');
    expect(sample({ Availability: [{ value: 'no longer available' }] }).level).toBe('pass');
    expect(sample({ Availability: [{ value: 'ask the curator' }] }).messages[0]).toMatchObject({
      key: 'value_not_allowed:Availability:ask the curator',
      message: "Availability 'ask the curator' is neither 'no longer available' nor a URL or a mailto: address",
    });
  });

  it('require numbers to be numbers and coordinates to be in range', () => {
    expect(animal({ 'Birth location latitude': [{ value: '52.1', unit: 'decimal degrees' }] }).messages[0]).toMatchObject({ key: 'not_a_number:Birth location latitude' });
    expect(animal({ 'Birth location latitude': [{ value: 95, unit: 'decimal degrees' }] }).messages[0].message).toBe('Birth location latitude 95 is outside -90 to 90');
    expect(animal({ 'Birth location longitude': [{ value: -179.5, unit: 'decimal degrees' }] }).level).toBe('pass');
  });

  it('check dates against their stated format and the calendar', () => {
    expect(animal({ 'Birth date': [{ value: '2015-04', unit: 'YYYY-MM' }] }).level).toBe('pass');
    expect(animal({ 'Birth date': [{ value: '2016', unit: 'YYYY' }] }).level).toBe('pass');
    expect(animal({ 'Birth date': [{ value: '2016-02-29', unit: 'YYYY-MM-DD' }] }).level).toBe('pass');
    expect(animal({ 'Birth date': [{ value: '12/04/2015', unit: 'YYYY-MM-DD' }] }).messages).toEqual([
      { field: 'Birth date', level: 'error', key: 'date_format:Birth date:YYYY-MM-DD', message: "Birth date '12/04/2015' is not written as YYYY-MM-DD" },
    ]);
    expect(animal({ 'Birth date': [{ value: '2015-04', unit: 'YYYY-MM-DD' }] }).messages[0].key).toBe('date_format:Birth date:YYYY-MM-DD');
    expect(animal({ 'Birth date': [{ value: '2015-02-29', unit: 'YYYY-MM-DD' }] }).messages[0]).toMatchObject({
      key: 'not_a_date:Birth date', message: "Birth date '2015-02-29' is not a real date",
    });
    expect(sample({ 'Collection date': [{ value: '2017-13', unit: 'YYYY-MM' }] }).messages[0].key).toBe('not_a_date:Collection date');
  });

  it('accept URLs and mailto: addresses as uri, and refuse a bare e-mail address', () => {
    expect(animal({ 'Organization uri': [{ value: 'www.ebi.ac.uk' }] }).level).toBe('pass');
    expect(animal({ 'Person email': [{ value: 'peter@ebi.ac.uk' }] }).messages[0]).toMatchObject({
      key: 'email_without_mailto:Person email', message: "Person email 'peter@ebi.ac.uk' must start with mailto: (mailto:peter@ebi.ac.uk)",
    });
    expect(animal({ 'Person email': [{ value: 'email: mailto:peter@ebi.ac.uk' }] }).messages[0].key).toBe('mailto_not_first:Person email');
    expect(animal({ 'Person email': [{ value: 'mailto:peter' }] }).messages[0].key).toBe('invalid_uri:Person email');
    expect(sample({ 'Specimen collection protocol': [{ value: 'see the lab book' }] }).messages[0].key).toBe('invalid_uri:Specimen collection protocol');
  });

  it('check DOIs', () => {
    expect(animal({ 'Publication DOI': [{ value: '10.1139/o09-005' }] }).level).toBe('pass');
    expect(animal({ 'Publication DOI': [{ value: 'doi:10.1139/o09-005' }] }).level).toBe('pass');
    expect(animal({ 'Publication DOI': [{ value: '1139/o09-005' }] }).messages[0]).toMatchObject({ key: 'invalid_doi:Publication DOI', level: 'error' });
  });

  it('require text where the rules say text', () => {
    expect(animal({ 'Supplied breed': [{ value: 12 }] }).messages[0]).toMatchObject({ key: 'wrong_type:Supplied breed', message: "Supplied breed '12' should be text" });
  });

  it('accept an ontology term under the allowed root and matching its label or a synonym', () => {
    expect(sample({ 'Organism part': [{ value: 'liver', terms: ['UBERON_0002107'] }] }).level).toBe('pass');
    expect(sample({ 'Organism part': [{ value: 'hepar', terms: ['UBERON_0002107'] }] }).level).toBe('pass');
  });

  it('refuse a term outside the allowed root, the root itself when excluded, and an unlisted exact term', () => {
    expect(sample({ 'Organism part': [{ value: 'Homo sapiens', terms: ['NCBITaxon_9606'] }] }).messages).toEqual([{
      field: 'Organism part', level: 'error', key: 'term_not_allowed:Organism part:NCBITaxon_9606',
      message: 'Organism part term NCBITaxon_9606 is not strictly under UBERON_0001062 (anatomical entity)',
    }]);
    expect(keys(sample({ 'Organism part': [{ value: 'anatomical entity', terms: ['UBERON_0001062'] }] }))).toEqual(['term_not_allowed:Organism part:UBERON_0001062']);
    expect(animal({ Sex: [{ value: 'male', terms: ['PATO_0000999'] }] }).messages[0].message)
      .toBe('Sex term PATO_0000999 is not one of PATO_0000384 (male), PATO_0000383 (female) or OBI_0000858 (record of unknown sex)');
  });

  it('warn when the value differs from the term label only by letter case, and refuse another label', () => {
    expect(animal({ Sex: [{ value: 'Male', terms: ['PATO_0000384'] }] })).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'label_case:Sex:PATO_0000384' })] });
    expect(animal({ Sex: [{ value: 'M', terms: ['PATO_0000384'] }] }).messages[0]).toMatchObject({
      level: 'error', key: 'label_mismatch:Sex:PATO_0000384', message: "Sex 'M' does not match PATO_0000384 (male) or its synonyms",
    });
  });

  it('refuse a missing term, a malformed id and a term OLS does not know', () => {
    expect(sample({ 'Organism part': [{ value: 'sperm' }] }).messages[0]).toMatchObject({ key: 'term_missing:Organism part:sperm', level: 'error' });
    expect(sample({ 'Organism part': [{ value: 'semen', terms: ['semen'] }] }).messages[0].key).toBe('term_invalid_id:Organism part:semen');
    expect(sample({ 'Organism part': [{ value: 'x', terms: ['UBERON_9999999'] }] }).messages[0]).toMatchObject({
      key: 'term_unknown:Organism part:UBERON_9999999', level: 'error',
    });
  });

  it('warn, naming the term, when a term could not be looked up', () => {
    const r = sample({ 'Organism part': [{ value: 'kidney', terms: ['UBERON_0002113'] }] });
    expect(r).toEqual({ level: 'warning', messages: [expect.objectContaining({ key: 'term_unchecked:Organism part:UBERON_0002113', message: expect.stringContaining('UBERON_0002113 could not be checked') })] });
  });

  it('warn about attributes the rules do not know and about terms on a non-ontology field', () => {
    const r = animal({ 'IMAGE submission id': [{ value: 1 }], 'Birth location': [{ value: 'Hinxton', terms: ['GAZ_1'] }] });
    expect(r.level).toBe('warning');
    expect(keys(r)).toEqual(['terms_not_expected:Birth location', 'unknown_attribute:IMAGE submission id']);
  });

  it('report every problem of a field, not only the first', () => {
    const r = sample({
      'Animal age at collection': [{ value: 'four', unit: 'ages' }],
      'Organism part': [{ value: 'Homo', terms: ['NCBITaxon_9606'] }],
      'Person email': [{ value: 'a@b.org' }, { value: 'nobody' }],
    });
    expect(keys(r).sort()).toEqual([
      'email_without_mailto:Person email', 'invalid_uri:Person email',
      'label_mismatch:Organism part:NCBITaxon_9606', 'not_a_number:Animal age at collection', 'term_not_allowed:Organism part:NCBITaxon_9606',
      'unit_not_allowed:Animal age at collection:ages',
    ]);
  });

  it('apply the animal rules to organisms and the sample rules to specimens only', () => {
    const r = sample({ Sex: [{ value: 'male', terms: ['PATO_0000384'] }] });
    expect(keys(r)).toEqual(['unknown_attribute:Sex']);
  });
});
