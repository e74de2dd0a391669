import { isMailto, isUrl, checkDate, dateFormatOf, DATE_FORMATS } from '../validation/value-formats.js';
import { oneOf, quote } from '../validation/messages.js';
import { listOf } from '../validation/value-checks.js';
import { describeEditableFields, type EditableField } from './editable-fields.js';

/** A field's new value: text (labels for vocabularies), a number, or null to clear it. */
export type FieldValue = string | number | null;

/** What is wrong with a value sent for a field, for the API's `details`. */
export interface ValueProblem {
  field: string;
  value: unknown;
  message: string;
}

export type ReadValue = { ok: true; value: FieldValue } | { ok: false; problem: ValueProblem };

/** "Animal age at collection unit", "Sample storage": how a curator knows the field. */
export function fieldLabel(field: EditableField): string {
  return field.kind === 'unit' ? `${field.attribute} unit` : field.attribute;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a value sent for a field and refuses only what cannot be stored: a number that is not a
 * number, a date that is not a date, text too long for the column, an empty required field.
 * Whether the value satisfies IMAGE (a storage outside the list) is validation's to say.
 */
export function readFieldValue(field: EditableField, raw: unknown): ReadValue {
  const problem = (message: string): ReadValue => ({ ok: false, problem: { field: field.name, value: raw, message: `${fieldLabel(field)}: ${message}` } });
  if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
    return problem(`${field.kind === 'number' ? 'a number' : 'text'} is expected, not ${Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  if (typeof raw === 'number' && !Number.isFinite(raw)) return problem(`${quote(raw)} is not a number`);
  const given = typeof raw === 'string' ? raw.trim() : raw;
  if (given === null || given === undefined || given === '') {
    return field.required ? problem('cannot be empty') : { ok: true, value: null };
  }
  if (field.kind === 'number') {
    if (typeof given === 'number') return { ok: true, value: given };
    if (!NUMBER.test(given)) return problem(`${quote(given)} is not a number`);
    return { ok: true, value: Number(given) };
  }
  const text = String(given);
  if (field.kind === 'date') {
    const format = dateFormatOf(text);
    if (!format || checkDate(text, format)) return problem(`${quote(text)} is not a date written as ${oneOf(DATE_FORMATS)}`);
    return { ok: true, value: text };
  }
  if (field.maxLength && text.length > field.maxLength) return problem(`the value is longer than ${field.maxLength} characters`);
  return { ok: true, value: text };
}

/**
 * The stricter check of "Fix this" and bulk edits, which set one value on many records at once: a
 * limited value or unit must be one the IMAGE rules allow. Vocabulary labels are checked against
 * the vocabulary when the fix is requested.
 */
export function checkBatchValue(field: EditableField, value: FieldValue): ValueProblem | null {
  if (value === null || (field.kind !== 'limited' && field.kind !== 'unit')) return null;
  const description = describeEditableFields(field.recordType).find((d) => d.name === field.name)!;
  const allowed = description.values ?? [];
  const s = String(value);
  if (allowed.includes(s)) return null;
  if (description.acceptsUrl && (isUrl(s) || isMailto(s))) return null;
  const orLink = description.acceptsUrl ? ', a URL or a mailto: address' : '';
  return { field: field.name, value, message: `${fieldLabel(field)}: ${quote(s)} is not one of ${listOf(allowed)}${orLink}` };
}
