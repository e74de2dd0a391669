import { describe, expect, test } from '@jest/globals';
import {
  ageAtCollection, excelSerialDate, isBioSamplesAccession, parseDateText, parseNumberText, parseQuantityText, timeUnit,
} from './values.js';

describe('text dates', () => {
  test.each([
    ['1999-06-02', '1999-06-02'],
    ['1999-6-2', '1999-06-02'],
    ['1999-06', '1999-06'],
    ['1999', '1999'],
    ['02/06/1999', '1999-06-02'],
    ['2.6.1999', '1999-06-02'],
    ['1999-06-02T00:00:00.000Z', '1999-06-02'],
    ['2007-06-14 14:54:36', '2007-06-14'],
    ['2004-02-29', '2004-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseDateText(text)).toBe(iso);
  });

  test.each(['2019-13-01', '2019-02-29', '31/04/2019', 'yesterday', '06/1999', '99-06-02', ''])('refuses %s', (text) => {
    expect(parseDateText(text)).toBeUndefined();
  });
});

describe('Excel date serials', () => {
  test('reads serials of the 1900 system, including before the invented 29 February 1900', () => {
    expect(excelSerialDate(36313)).toBe('1999-06-02');
    expect(excelSerialDate(36313.75)).toBe('1999-06-02');
    expect(excelSerialDate(1)).toBe('1900-01-01');
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(excelSerialDate(60)).toBeUndefined();
  });

  test('reads serials of the 1904 system', () => {
    expect(excelSerialDate(34851, true)).toBe('1999-06-02');
  });

  test('reads a whole number from 1900 to 2100 as a year typed in a General cell', () => {
    expect(excelSerialDate(1999)).toBe('1999');
  });

  test('refuses zero and negative serials', () => {
    expect(excelSerialDate(0)).toBeUndefined();
    expect(excelSerialDate(-5)).toBeUndefined();
  });
});

describe('numbers and quantities', () => {
  test('reads numbers written as text, and refuses a decimal comma or garbage', () => {
    expect(parseNumberText('45.2')).toBe(45.2);
    expect(parseNumberText('-8.93')).toBe(-8.93);
    expect(parseNumberText('1e3')).toBe(1000);
    expect(parseNumberText('45,2')).toBeUndefined();
    expect(parseNumberText('north')).toBeUndefined();
  });

  test('reads "1 year", "7 days", "3months" and normalises the unit to the IMAGE plural', () => {
    expect(parseQuantityText('1 year')).toEqual({ value: 1, unit: 'years' });
    expect(parseQuantityText('7 days')).toEqual({ value: 7, unit: 'days' });
    expect(parseQuantityText('3months')).toEqual({ value: 3, unit: 'months' });
    expect(parseQuantityText('2 Hours')).toEqual({ value: 2, unit: 'hours' });
    expect(parseQuantityText('12')).toEqual({ value: 12, unit: undefined });
    expect(parseQuantityText('3 fortnights')).toEqual({ value: 3, unit: undefined, unknownUnit: 'fortnights' });
    expect(parseQuantityText('about a year')).toBeUndefined();
    expect(timeUnit(' Week ')).toBe('weeks');
    expect(timeUnit('yrs')).toBe('years');
  });
});

describe('BioSamples accessions', () => {
  test.each(['SAMEA123456', 'SAMN0001', 'SAMD42', 'SAMEG7', 'SAME1'])('accepts %s', (id) => {
    expect(isBioSamplesAccession(id)).toBe(true);
  });

  test.each(['FAKEA359353362', 'SAMX1', 'SAMEA', 'samea123', 'SAMEA123 '])('refuses %s', (id) => {
    expect(isBioSamplesAccession(id)).toBe(false);
  });
});

describe('age at collection', () => {
  test('is whole years when at least one, else months, else days, like the original tool', () => {
    expect(ageAtCollection('2010-03-15', '2011-09-03')).toEqual({ value: 1, unit: 'years' });
    expect(ageAtCollection('2003-01-16', '2004-01-13')).toEqual({ value: 11, unit: 'months' });
    expect(ageAtCollection('2020-01-10', '2020-02-05')).toEqual({ value: 26, unit: 'days' });
    // Month ends clamp as in dateutil's relativedelta, which the original used.
    expect(ageAtCollection('2020-01-31', '2020-02-29')).toEqual({ value: 1, unit: 'months' });
    expect(ageAtCollection('2020-03-01', '2020-03-01')).toEqual({ value: 0, unit: 'days' });
  });

  test('is left out for partial dates, a birth after the collection and the 1900 placeholder', () => {
    expect(ageAtCollection('2010', '2011-09-03')).toBeUndefined();
    expect(ageAtCollection('2015-05-16', '1979-01-13')).toBeUndefined();
    expect(ageAtCollection('1900-01-01', '2011-09-03')).toBeUndefined();
    expect(ageAtCollection(null, '2011-09-03')).toBeUndefined();
  });
});
