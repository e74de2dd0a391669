import type { ImageValue } from '../records/image-record.js';
import type { ValidationMessage } from './messages.js';
import { error, oneOf, quote, warning } from './messages.js';
import type { FieldRule } from './rules.js';
import { checkDate, dateFormatOf, isDoi, isEmail, isMailto, isUrl } from './value-formats.js';

// The ruleset lists 'mailto:a.valid@email' and 'https://a.valid.weblink' as placeholders for any link.
const URL_PLACEHOLDER = /^(https?:|ftp:|mailto:)/i;

/** Checks one value of a field (units, allowed values, type); pushes every problem it finds. */
export type ValueCheck = (v: ImageValue, out: ValidationMessage[]) => void;

const RANGES: [suffix: string, min: number, max: number][] = [
  ['latitude', -90, 90],
  ['longitude', -180, 180],
];

/** "a, b, c" — or quoted when a value itself holds a comma ("frozen, liquid nitrogen"). */
export function listOf(values: readonly string[]): string {
  return values.some((v) => v.includes(',')) ? values.map(quote).join(', ') : values.join(', ');
}

export function compileUnitCheck(rule: FieldRule): ValueCheck {
  const f = rule.name;
  if (!rule.units) {
    return (v, out) => {
      if (v.unit) out.push(warning('unit_unexpected', f, `${f} takes no unit, but ${quote(v.unit)} was given`, v.unit));
    };
  }
  const allowed = new Set(rule.units);
  const list = oneOf(rule.units);
  // A date's "unit" is its format (IMAGE); the date check itself says what is wrong with the value.
  const what = rule.type === 'date' ? 'date format' : 'unit';
  return (v, out) => {
    if (!v.unit) out.push(error('unit_missing', f, `${f} ${quote(v.value)} has no ${what}: use ${list}`));
    else if (!allowed.has(v.unit)) out.push(error('unit_not_allowed', f, `${f} ${what} ${quote(v.unit)} is not one of ${list}`, v.unit));
  };
}

export function compileAllowedValues(rule: FieldRule): ValueCheck | null {
  if (!rule.values || rule.type !== 'limited value') return null;
  const f = rule.name;
  const allowed = new Set(rule.values);
  if (rule.acceptUrl) {
    const plain = rule.values.filter((v) => !URL_PLACEHOLDER.test(v));
    return (v, out) => {
      const s = String(v.value);
      if (allowed.has(s) || isUrl(s) || isMailto(s)) return;
      out.push(error('value_not_allowed', f, `${f} ${quote(s)} is neither ${plain.map(quote).join(', ')} nor a URL or a mailto: address`, s));
    };
  }
  const list = listOf(rule.values);
  return (v, out) => {
    const s = String(v.value);
    if (!allowed.has(s)) out.push(error('value_not_allowed', f, `${f} ${quote(s)} is not one of ${list}`, s));
  };
}

export function compileTypeCheck(rule: FieldRule): ValueCheck | null {
  const f = rule.name;
  switch (rule.type) {
    case 'number': {
      const range = RANGES.find(([suffix]) => f.toLowerCase().endsWith(suffix));
      return (v, out) => {
        if (typeof v.value !== 'number' || !Number.isFinite(v.value)) {
          out.push(error('not_a_number', f, `${f} ${quote(v.value)} is not a number`));
        } else if (range && (v.value < range[1] || v.value > range[2])) {
          out.push(error('out_of_range', f, `${f} ${v.value} is outside ${range[1]} to ${range[2]}`));
        }
      };
    }
    case 'date':
      return dateCheck(rule);
    case 'uri':
      return textOnly(f, uriCheck(f));
    case 'doi':
      return textOnly(f, (s, out) => {
        if (!isDoi(s)) out.push(error('invalid_doi', f, `${f} ${quote(s)} is not a valid DOI (such as 10.1139/o09-005)`));
      });
    case 'ontology_id':
      return null; // ontology-checks.ts
    default:
      return textOnly(f, () => undefined);
  }
}

function textOnly(f: string, check: (s: string, out: ValidationMessage[]) => void): ValueCheck {
  return (v, out) => {
    if (typeof v.value !== 'string') out.push(error('wrong_type', f, `${f} ${quote(v.value)} should be text`));
    else check(v.value, out);
  };
}

function dateCheck(rule: FieldRule): ValueCheck {
  const f = rule.name;
  const formats = new Set(rule.units);
  const list = oneOf(rule.units ?? []);
  return (v, out) => {
    if (typeof v.value !== 'string') return void out.push(error('wrong_type', f, `${f} ${quote(v.value)} should be a date written as ${list}`));
    const s = v.value;
    // The unit names the format; without a valid one (reported by the unit check) any allowed format will do.
    const stated = v.unit && formats.has(v.unit) ? v.unit : null;
    const format = stated ?? dateFormatOf(s);
    const problem = format && formats.has(format) ? checkDate(s, format) : 'format';
    if (problem === 'format') {
      const as = stated ?? list;
      out.push(error('date_format', f, `${f} ${quote(s)} is not written as ${as}`, as));
    } else if (problem === 'not_a_date') {
      out.push(error('not_a_date', f, `${f} ${quote(s)} is not a real date`));
    }
  };
}

function uriCheck(f: string) {
  return (s: string, out: ValidationMessage[]) => {
    const at = s.indexOf('mailto:');
    if (at > 0) {
      out.push(error('mailto_not_first', f, `${f} ${quote(s)} must start with mailto:`));
    } else if (at === 0) {
      if (!isMailto(s)) out.push(error('invalid_uri', f, `${f} ${quote(s)} is not a valid mailto: address`));
    } else if (isEmail(s)) {
      out.push(error('email_without_mailto', f, `${f} ${quote(s)} must start with mailto: (mailto:${s})`));
    } else if (!isUrl(s)) {
      out.push(error('invalid_uri', f, `${f} ${quote(s)} is not a valid URL`));
    }
  };
}
