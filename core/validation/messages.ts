import type { ValidationMessage } from '../db/entities/validation-result.js';

export type { ValidationMessage };

/**
 * Message keys: `<check>:<field>[:<value class>]`. A key groups the same problem across records, so
 * "Fix this" can set one value on every record that has it. The value class is the offending value
 * only where values come from a short list (limited values, units, ontology terms, species): a
 * free-text or date problem is grouped per field, never per value, so a summary stays short.
 */
export function messageKey(check: string, field: string, valueClass?: string): string {
  if (valueClass === undefined) return `${check}:${field}`;
  return `${check}:${field}:${classOf(valueClass)}`;
}

// Keys travel as ?message=<key>: keep them to one short line.
function classOf(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > 64 ? flat.slice(0, 64) : flat;
}

export const quote = (v: unknown): string => `'${String(v)}'`;

/** "a, b or c" for lists of allowed things. */
export function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function error(check: string, field: string, message: string, valueClass?: string): ValidationMessage {
  return { field, level: 'error', message, key: messageKey(check, field, valueClass) };
}

export function warning(check: string, field: string, message: string, valueClass?: string): ValidationMessage {
  return { field, level: 'warning', message, key: messageKey(check, field, valueClass) };
}

/**
 * Text for a group of records sharing a key whose per-record messages differ (they name each
 * record's own value): "Birth date: values not in the format YYYY-MM-DD".
 */
export function groupText(key: string): string {
  const [check, field, ...rest] = key.split(':');
  const cls = rest.join(':');
  const text = GROUP_TEXTS[check];
  return text ? text(field, cls) : `${field}: ${check.replace(/_/g, ' ')}${cls ? ` (${cls})` : ''}`;
}

const GROUP_TEXTS: Record<string, (field: string, cls: string) => string> = {
  not_a_number: (f) => `${f}: values that are not numbers`,
  out_of_range: (f) => `${f}: values outside the possible range`,
  date_format: (f, c) => `${f}: dates not written as ${c}`,
  not_a_date: (f) => `${f}: dates that do not exist`,
  invalid_uri: (f) => `${f}: values that are not valid URLs`,
  email_without_mailto: (f) => `${f}: e-mail addresses without the mailto: prefix`,
  mailto_not_first: (f) => `${f}: mailto: not at the start of the value`,
  invalid_doi: (f) => `${f}: values that are not valid DOIs`,
  wrong_type: (f) => `${f}: values of the wrong type`,
  label_mismatch: (f, c) => `${f}: values that do not match the label of ${c}`,
  place_without_accuracy: (f) => `${f}: a place is given but the accuracy says missing geographic information`,
  parent_species_mismatch: (f, c) => `Parents of another species (${c.replace(':', ' / ')})`,
  sample_species_mismatch: (f, c) => `Samples whose animal is of another species (${c.replace(':', ' / ')})`,
};
