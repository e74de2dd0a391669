import { describe, expect, it } from '@jest/globals';
import { annotateRow } from './cell-annotations.js';
import { templateSheet } from './template-columns.js';
import type { RowValue } from './template-sheet.js';
import { message } from '../../test/workbook-records.js';

const animal = templateSheet('animal');
const sample = templateSheet('sample');
const col = (sheet: typeof animal, header: string) => sheet.columns.findIndex((c) => c.header === header);

/** A row of `sheet` with the given values by header. */
const rowOf = (sheet: typeof animal, values: Record<string, RowValue>): RowValue[] => sheet.columns.map((c) => values[c.header] ?? null);

describe('where a validation message lands in a row', () => {
  it("lands on the column of its IMAGE attribute, whatever the header says (Breed is 'Supplied breed')", () => {
    const cells = annotateRow(animal, rowOf(animal, { Breed: 'Cinta Senese' }), [message('Supplied breed', 'error', 'bad breed')]);
    expect([...cells]).toEqual([[col(animal, 'Breed'), { level: 'error', lines: ['Error: bad breed'] }]]);
  });

  it('lands on the id cell, naming its field, when the sheet has no column for it', () => {
    const cells = annotateRow(sample, rowOf(sample, { 'Sample id in data source': 'S1' }), [message('Person email', 'warning', 'must start with mailto:')]);
    expect([...cells]).toEqual([[0, { level: 'warning', lines: ['Warning (Person email): must start with mailto:'] }]]);
  });

  it('goes to the parent it quotes when father and mother share "Child of", to both when it quotes neither', () => {
    const row = rowOf(animal, { 'Father id in data source': 'SIRE', 'Mother id in data source': 'DAM' });
    const quoted = annotateRow(animal, row, [message('Child of', 'error', "Parent 'DAM' could not be found")]);
    expect([...quoted.keys()]).toEqual([col(animal, 'Mother id in data source')]);
    const general = annotateRow(animal, row, [message('Child of', 'error', 'An animal has at most 2 parents, but 3 are given')]);
    expect([...general.keys()]).toEqual([col(animal, 'Father id in data source'), col(animal, 'Mother id in data source')]);
  });

  it('goes to the units column when it is about a unit, and to the number when it quotes the number', () => {
    const row = rowOf(sample, { 'Animal age at collection': 3, 'Animal age at collection units': 'yrs' });
    const unit = annotateRow(sample, row, [message('Animal age at collection', 'error', "Animal age at collection unit 'yrs' is not one of days, years")]);
    expect([...unit.keys()]).toEqual([col(sample, 'Animal age at collection units')]);
    const number = annotateRow(sample, row, [message('Animal age at collection', 'error', "Animal age at collection '3' is not a number")]);
    expect([...number.keys()]).toEqual([col(sample, 'Animal age at collection')]);
  });

  it('gathers the messages of one cell in its note, and an error outranks a warning', () => {
    const cells = annotateRow(animal, rowOf(animal, { Sex: 'M' }), [
      message('Sex', 'warning', 'first'),
      message('sex', 'error', 'second'),
    ]);
    expect(cells.get(col(animal, 'Sex'))).toEqual({ level: 'error', lines: ['Warning: first', 'Error: second'] });
  });

  it('leaves the row plain when there are no messages', () => {
    expect(annotateRow(animal, rowOf(animal, { Sex: 'male' }), []).size).toBe(0);
  });
});
