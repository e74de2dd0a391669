import type { RuleGroup } from './rules.js';

type Need = 'must' | 'never' | 'either';
type FieldShape = RuleGroup['fields'][number];

/**
 * Which constraints each type carries (IMAGE-metadata docs/image_data_type.md): "must" have,
 * "never" have, or "either". Stricter than the original checker, which only warned about terms
 * on a non-ontology field and let values on a number pass.
 */
const MATRIX: Record<FieldShape['type'], { values: Need; units: Need; terms: Need }> = {
  number: { values: 'never', units: 'must', terms: 'never' },
  text: { values: 'never', units: 'never', terms: 'never' },
  'limited value': { values: 'must', units: 'never', terms: 'never' },
  ontology_id: { values: 'never', units: 'never', terms: 'must' },
  uri: { values: 'either', units: 'never', terms: 'never' },
  doi: { values: 'either', units: 'never', terms: 'never' },
  date: { values: 'either', units: 'must', terms: 'never' },
};

const TERM_ID = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+$/;

/** Every inconsistency of a rules file, each naming the field (VALIDATOR.md §A). */
export function rulesetProblems(groups: RuleGroup[]): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const group of groups) {
    for (const field of group.fields) {
      const other = names.get(field.name);
      if (other !== undefined && (other === group.name || groupsOverlap(groups, other, group.name))) {
        problems.push(`field ${field.name} is defined twice (groups ${other} and ${group.name})`);
      }
      names.set(field.name, group.name);
      problems.push(...fieldProblems(field));
    }
    if (group.recordType !== 'any' && !group.when) problems.push(`group ${group.name} has no condition (when)`);
  }
  return problems;
}

function groupsOverlap(groups: RuleGroup[], a: string, b: string): boolean {
  const ta = groups.find((g) => g.name === a)!.recordType;
  const tb = groups.find((g) => g.name === b)!.recordType;
  return ta === 'any' || tb === 'any' || ta === tb;
}

function fieldProblems(field: FieldShape): string[] {
  const problems: string[] = [];
  const need = MATRIX[field.type];
  const check = (what: 'values' | 'units' | 'terms', list: unknown[] | undefined) => {
    const present = !!list && list.length > 0;
    if (need[what] === 'must' && !present) problems.push(`field ${field.name} has type ${field.type} but no ${what}`);
    if (need[what] === 'never' && list !== undefined) problems.push(`field ${field.name} has type ${field.type}, which takes no ${what}`);
  };
  check('values', field.values);
  check('units', field.units);
  check('terms', field.terms);
  for (const list of [field.values, field.units]) {
    if (list && new Set(list).size !== list.length) problems.push(`field ${field.name} lists a value twice`);
  }
  for (const t of field.terms ?? []) {
    if (!TERM_ID.test(t.term)) problems.push(`field ${field.name}: ${t.term} is not a short ontology id such as UBERON_0001062`);
    if (!t.descendants && !t.includeRoot) problems.push(`field ${field.name}: ${t.term} allows neither itself nor its descendants`);
  }
  if (field.acceptUrl && field.type !== 'limited value') problems.push(`field ${field.name}: acceptUrl applies to limited values only`);
  return problems;
}
