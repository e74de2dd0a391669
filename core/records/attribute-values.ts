import type { ImageValue } from './image-record.js';
import { dateFormatOf } from '../validation/value-formats.js';

/** Adds `name` = value (with its term and unit) unless the value is empty; IMAGE drops empty attributes. */
export function putValue(
  attributes: Record<string, ImageValue[]>,
  name: string,
  value: string | number | null | undefined,
  term?: string | null,
  unit?: string | null,
): void {
  if (value === null || value === undefined || value === '') return;
  const v: ImageValue = { value };
  if (term) v.terms = [term];
  if (unit) v.unit = unit;
  attributes[name] = [v];
}

/** A date with its format as unit, as IMAGE requires; an unreadable date is checked against YYYY-MM-DD. */
export function putDate(attributes: Record<string, ImageValue[]>, name: string, value: string | null): void {
  putValue(attributes, name, value, null, value ? dateFormatOf(value) ?? 'YYYY-MM-DD' : null);
}

/** A number with its unit; a unit without a number is dropped with it. */
export function putNumber(attributes: Record<string, ImageValue[]>, name: string, value: number | null, unit: string | null): void {
  putValue(attributes, name, value, null, unit);
}
