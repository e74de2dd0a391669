import type { TermLookup, KnownTerm } from '../ontology/snapshot.js';
import { isShortId } from '../ontology/term-ids.js';
import type { ImageValue } from '../records/image-record.js';
import { error, oneOf, quote, warning, type ValidationMessage } from './messages.js';
import type { AllowedTerm, FieldRule } from './rules.js';

export type TermCheck = (v: ImageValue, out: ValidationMessage[], terms: TermLookup) => void;

/**
 * The ontology checks of one field: a term is given, it is a known term under the allowed roots,
 * and the value is its label or a synonym (a case-only difference is a warning). A term that could
 * not be looked up (offline) gets a warning naming it, never an error.
 */
export function compileTermCheck(rule: FieldRule): TermCheck {
  const f = rule.name;
  if (rule.type !== 'ontology_id') {
    return (v, out) => {
      if (v.terms?.length) out.push(warning('terms_not_expected', f, `${f} has an ontology term (${v.terms.join(', ')}) but the IMAGE rules expect none`));
    };
  }
  const allowed = rule.terms ?? [];
  const exact = new Map(allowed.filter((a) => a.includeRoot).map((a) => [a.term, a]));
  const roots = allowed.filter((a) => a.descendants);

  return (v, out, terms) => {
    if (!v.terms?.length) {
      out.push(error('term_missing', f, `${f} ${quote(v.value)} has no ontology term: annotate the vocabulary or set its term by hand`, String(v.value)));
      return;
    }
    for (const term of v.terms) {
      if (!isShortId(term)) {
        out.push(error('term_invalid_id', f, `${f} term ${quote(term)} is not an ontology id such as UBERON_0001968`, term));
        continue;
      }
      const known = terms.lookup(term);
      if (known && !known.exists) {
        out.push(error('term_unknown', f, `${f} term ${term} does not exist in the ontology (OLS knows no such term)`, term));
        continue;
      }
      const listed = exact.get(term);
      if (!listed && roots.length === 0) {
        out.push(error('term_not_allowed', f, `${f} term ${term} is not ${describeAllowed(allowed, terms)}`, term));
        continue;
      }
      // A term the rule lists with its label needs no lookup (Sex, Material, countries).
      if (!known && !listed?.label) {
        const reason = terms.uncheckedReason(term) ?? 'it is not in the local ontology table';
        out.push(warning('term_unchecked', f, `${f} term ${term} could not be checked: ${reason}`, term));
        continue;
      }
      if (!listed && !roots.some((r) => known!.ancestors.has(r.term))) {
        out.push(error('term_not_allowed', f, `${f} term ${term} is not ${describeAllowed(allowed, terms)}`, term));
      }
      checkLabel(f, v.value, term, known, listed, out);
    }
  };
}

function describeAllowed(allowed: AllowedTerm[], terms: TermLookup): string {
  const name = (a: AllowedTerm) => {
    const label = a.label ?? terms.lookup(a.term)?.label;
    return label ? `${a.term} (${label})` : a.term;
  };
  const exact = allowed.filter((a) => !a.descendants).map(name);
  const under = allowed.filter((a) => a.descendants).map((a) => `${a.includeRoot ? '' : 'strictly '}under ${name(a)}`);
  return exact.length ? `one of ${oneOf([...exact, ...under])}` : oneOf(under);
}

function checkLabel(f: string, value: string | number, term: string, known: KnownTerm | undefined, rule: AllowedTerm | undefined, out: ValidationMessage[]): void {
  const label = known?.label || rule?.label;
  if (!label) return;
  const s = String(value);
  if (s === label || known?.synonyms.includes(s)) return;
  const lower = s.toLowerCase();
  const sameLetters = known ? known.namesLower.has(lower) : lower === label.toLowerCase();
  if (sameLetters) {
    out.push(warning('label_case', f, `${f} ${quote(s)} differs only in letter case from ${term} (${label})`, term));
  } else {
    out.push(error('label_mismatch', f, `${f} ${quote(s)} does not match ${term} (${label}) or its synonyms`, term));
  }
}
