import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../../test/database.js';
import { RECORD_TYPES } from '../db/entities/enums.js';
import { fieldRule } from '../validation/rules.js';
import { EDITABLE_FIELDS, describeEditableFields, fieldForMessage, resolveField } from './editable-fields.js';
import { checkBatchValue, readFieldValue } from './field-values.js';

const db = useTestDatabase();

describe('the editable-field table', () => {
  it('names, for every field, an IMAGE attribute the rules know for that record type, and a column of its table', async () => {
    for (const type of RECORD_TYPES) {
      const columns: { column_name: string }[] = await db.ds.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [type === 'animal' ? 'animals' : 'samples'],
      );
      const known = new Set(columns.map((c) => c.column_name));
      for (const f of EDITABLE_FIELDS[type]) {
        expect({ field: f.name, rule: fieldRule(f.attribute, type)?.name }).toEqual({ field: f.name, rule: f.attribute });
        expect({ field: f.name, column: known.has(f.column) }).toEqual({ field: f.name, column: true });
        for (const a of f.affects) expect({ field: f.name, affects: fieldRule(a, type)?.name }).toEqual({ field: f.name, affects: a });
      }
    }
  });

  it('leaves names, links and accessions out', () => {
    const names = RECORD_TYPES.flatMap((t) => EDITABLE_FIELDS[t].map((f) => f.name));
    for (const fixed of ['name', 'submission', 'animal', 'father', 'mother', 'accession', 'species']) expect(names).not.toContain(fixed);
  });

  it('gives limited values and units from the IMAGE rules', () => {
    const sample = describeEditableFields('sample');
    expect(sample.find((f) => f.name === 'collectionPlaceAccuracy')!.values).toEqual([
      'missing geographic information', 'country level', 'region level', 'precise coordinates', 'unknown accuracy level',
    ]);
    expect(sample.find((f) => f.name === 'animalAgeAtCollectionUnit')!.values).toContain('months');
    expect(sample.find((f) => f.name === 'organismPart')).toMatchObject({ kind: 'vocabulary', vocabulary: 'organism_parts', createsTerms: true });
    expect(describeEditableFields('animal').find((f) => f.name === 'sex')).toMatchObject({ kind: 'vocabulary', vocabulary: 'sexes', createsTerms: false });
  });
});

describe('which field "Fix this" sets for a message', () => {
  it('maps a value message to its field and a unit message to the unit field of its number', () => {
    expect(fieldForMessage('sample', { field: 'Sample storage', key: 'value_not_allowed:Sample storage:frozen' })?.name).toBe('storage');
    expect(fieldForMessage('sample', { field: 'Animal age at collection', key: 'unit_not_allowed:Animal age at collection:yrs' })?.name)
      .toBe('animalAgeAtCollectionUnit');
    expect(fieldForMessage('sample', { field: 'Animal age at collection', key: 'not_a_number:Animal age at collection' })?.name)
      .toBe('animalAgeAtCollection');
    expect(fieldForMessage('sample', { field: 'Organism part', key: 'semen_from_female:Organism part' })?.name).toBe('organismPart');
    expect(fieldForMessage('animal', { field: 'Birth location accuracy', key: 'place_without_accuracy:Birth location accuracy' })?.name)
      .toBe('birthLocationAccuracy');
  });

  it('offers nothing for what a curator cannot set here', () => {
    expect(fieldForMessage('animal', { field: 'Species', key: 'parent_species_mismatch:Species:x' })).toBeUndefined();
    expect(fieldForMessage('animal', { field: 'Mapped breed', key: 'breed_not_mapped:Mapped breed:x' })).toBeUndefined();
    expect(fieldForMessage('animal', { field: 'Supplied breed', key: 'missing_mandatory:Supplied breed' })).toBeUndefined();
    expect(fieldForMessage('sample', { field: 'Birth date', key: 'date_format:Birth date:YYYY-MM-DD' })).toBeUndefined();
    expect(resolveField('sample', 'name')).toBeUndefined();
  });
});

describe('reading a value for a field', () => {
  const field = (type: 'animal' | 'sample', name: string) => resolveField(type, name)!;

  it('takes numbers as numbers or numeric text, and clears with null or an empty text', () => {
    expect(readFieldValue(field('animal', 'birthLocationLatitude'), ' -12.5 ')).toEqual({ ok: true, value: -12.5 });
    expect(readFieldValue(field('animal', 'birthLocationLatitude'), 1e3)).toEqual({ ok: true, value: 1000 });
    expect(readFieldValue(field('animal', 'birthLocationLatitude'), '')).toEqual({ ok: true, value: null });
    expect(readFieldValue(field('animal', 'birthLocationLatitude'), '12,5')).toMatchObject({ ok: false });
    expect(readFieldValue(field('animal', 'birthLocationLatitude'), true)).toMatchObject({ ok: false });
  });

  it('takes dates in the three IMAGE shapes only, and refuses days that do not exist', () => {
    for (const d of ['2019-02-28', '2019-02', '2019']) expect(readFieldValue(field('sample', 'collectionDate'), d)).toEqual({ ok: true, value: d });
    for (const d of ['2019-02-29', '28/02/2019', '2019-2-1', '20190228']) expect(readFieldValue(field('sample', 'collectionDate'), d)).toMatchObject({ ok: false });
  });

  it('refuses text longer than the column and an empty breed', () => {
    expect(readFieldValue(field('sample', 'storage'), 'x'.repeat(129))).toMatchObject({
      ok: false, problem: { field: 'storage', message: 'Sample storage: the value is longer than 128 characters' },
    });
    expect(readFieldValue(field('animal', 'breed'), null)).toMatchObject({ ok: false, problem: { message: 'Supplied breed: cannot be empty' } });
  });

  it('lets a batch fix set only values the rules allow, links for availability', () => {
    expect(checkBatchValue(field('sample', 'storage'), 'freeze dried')).toBeNull();
    expect(checkBatchValue(field('sample', 'storage'), 'Freeze dried')).toMatchObject({ field: 'storage' });
    expect(checkBatchValue(field('sample', 'storage'), null)).toBeNull();
    expect(checkBatchValue(field('sample', 'availability'), 'https://cryobank.example.org/request')).toBeNull();
    expect(checkBatchValue(field('sample', 'availability'), 'ask Bob')).toMatchObject({
      message: "Availability: 'ask Bob' is not one of no longer available, a URL or a mailto: address",
    });
    expect(checkBatchValue(field('sample', 'preparationIntervalUnit'), 'days')).toBeNull();
  });
});
