import type { TermLookup } from '../ontology/snapshot.js';
import type { ImageValue } from '../records/image-record.js';
import { error, quote, warning, type ValidationMessage } from './messages.js';
import { compileTermCheck, type TermCheck } from './ontology-checks.js';
import type { FieldRule, ImageRules, RuleGroup } from './rules.js';
import { compileAllowedValues, compileTypeCheck, compileUnitCheck, type ValueCheck } from './value-checks.js';

type Attributes = Record<string, ImageValue[]>;

interface CompiledField {
  name: string;
  check(values: ImageValue[] | undefined, out: ValidationMessage[], terms: TermLookup): void;
}

/** Checks every attribute of a record against the rule groups its Material selects. */
export interface FieldChecker {
  check(attributes: Attributes, out: ValidationMessage[], terms: TermLookup): void;
}

/**
 * Compiles the rules once per job: each field becomes a closure with its sets, lists and messages
 * prepared, so checking a record allocates only the messages it produces.
 */
export function compileFieldChecker(rules: ImageRules): FieldChecker {
  const byGroup = new Map(rules.groups.map((g) => [g.name, g.fields.map((f) => compileField({ ...f, group: g.name }))]));
  const unconditional = rules.groups.filter((g) => !g.when);
  const conditional = rules.groups.filter((g) => g.when);
  const selections = new Map<number, { fields: CompiledField[]; known: Set<string> }>();

  // Records differ only in which conditional groups apply: cache the field list per combination.
  const select = (attributes: Attributes) => {
    let mask = 0;
    for (let i = 0; i < conditional.length; i++) if (meetsCondition(conditional[i], attributes)) mask |= 1 << i;
    let selection = selections.get(mask);
    if (!selection) {
      const applied = [...unconditional, ...conditional.filter((_, i) => mask & (1 << i))];
      const fields = applied.flatMap((g) => byGroup.get(g.name)!);
      selection = { fields, known: new Set(fields.map((f) => f.name)) };
      selections.set(mask, selection);
    }
    return selection;
  };

  return {
    check(attributes, out, terms) {
      const { fields, known } = select(attributes);
      for (const field of fields) field.check(attributes[field.name], out, terms);
      for (const name in attributes) {
        if (!known.has(name)) out.push(warning('unknown_attribute', name, `Attribute ${quote(name)} is not in the IMAGE rules`));
      }
    },
  };
}

/** A group applies when, for each condition, one of the attribute's values equals it exactly (the original's rule). */
function meetsCondition(group: RuleGroup, attributes: Attributes): boolean {
  return Object.entries(group.when!).every(([name, expected]) => attributes[name]?.some((v) => v.value === expected) ?? false);
}

const isEmpty = (v: ImageValue) => v.value === '' || v.value === null || v.value === undefined;

export function compileField(rule: FieldRule): CompiledField {
  const f = rule.name;
  const mandatory = rule.requirement === 'mandatory';
  const max = rule.multiple === 'no' ? 1 : rule.multiple === 'max 2' ? 2 : Infinity;
  const valueChecks = [compileUnitCheck(rule), compileAllowedValues(rule), compileTypeCheck(rule)].filter((c): c is ValueCheck => !!c);
  const termCheck: TermCheck = compileTermCheck(rule);

  return {
    name: f,
    check(values, out, terms) {
      if (values === undefined) {
        if (mandatory) out.push(error('missing_mandatory', f, `${f} is mandatory but missing`));
        return;
      }
      let given = values;
      if (values.length === 0 || values.some(isEmpty)) {
        given = values.filter((v) => !isEmpty(v));
        if (mandatory && given.length === 0) out.push(error('empty_value', f, `${f} is mandatory but empty`));
        else out.push(warning('empty_value', f, `${f} has an empty value: give one or remove it`));
      }
      if (given.length > max) {
        const allows = max === 1 ? 'allows one value' : `allows at most ${max} values`;
        out.push(error('too_many_values', f, `${f} ${allows} but ${given.length} were given`));
      }
      // Unlike the original validator, every value gets every check: the curator sees all problems at once.
      for (const v of given) {
        for (const c of valueChecks) c(v, out);
        termCheck(v, out, terms);
      }
    },
  };
}
