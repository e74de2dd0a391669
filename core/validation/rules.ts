import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resourcesDir } from '../paths.js';
import type { RecordType } from '../db/entities/enums.js';
import { rulesetProblems } from './rules-consistency.js';

export const FIELD_TYPES = ['text', 'number', 'limited value', 'ontology_id', 'uri', 'doi', 'date'] as const;
export const REQUIREMENTS = ['mandatory', 'recommended', 'optional'] as const;
export const MULTIPLICITIES = ['no', 'yes', 'max 2'] as const;

export type FieldType = (typeof FIELD_TYPES)[number];
export type Requirement = (typeof REQUIREMENTS)[number];
export type Multiplicity = (typeof MULTIPLICITIES)[number];

const allowedTermSchema = z.strictObject({
  term: z.string().min(1),
  label: z.string().optional(),
  descendants: z.boolean(),
  includeRoot: z.boolean(),
});

const fieldSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(FIELD_TYPES),
  requirement: z.enum(REQUIREMENTS),
  multiple: z.enum(MULTIPLICITIES),
  values: z.array(z.string()).optional(),
  units: z.array(z.string()).optional(),
  terms: z.array(allowedTermSchema).optional(),
  acceptUrl: z.boolean().optional(),
});

const groupSchema = z.strictObject({
  name: z.string().min(1),
  recordType: z.enum(['any', 'animal', 'sample']),
  when: z.record(z.string(), z.string()).optional(),
  fields: z.array(fieldSchema).min(1),
});

const rulesSchema = z.object({
  name: z.string(),
  about: z.string().optional(),
  groups: z.array(groupSchema).min(1),
});

export type AllowedTerm = z.infer<typeof allowedTermSchema>;
export type RuleGroup = z.infer<typeof groupSchema>;
export interface FieldRule extends z.infer<typeof fieldSchema> {
  /** The rule group ("standard", "organism", "specimen from organism") the field belongs to. */
  group: string;
}
export interface ImageRules {
  name: string;
  groups: RuleGroup[];
  /** Fields a record of each type must satisfy, in ruleset order (standard first). */
  fields: Record<RecordType, FieldRule[]>;
}

export class RulesetError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`The IMAGE rules in ${file} are inconsistent:\n- ${problems.join('\n- ')}`);
  }
}

export const DEFAULT_RULES_FILE = path.join(resourcesDir, 'image-rules.json');

/** Reads and checks a rules file; throws a RulesetError listing every problem (VALIDATOR.md §A). */
export function loadImageRules(file = DEFAULT_RULES_FILE): ImageRules {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new RulesetError(file, [`not readable as JSON: ${(err as Error).message}`]);
  }
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new RulesetError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const problems = rulesetProblems(parsed.data.groups);
  if (problems.length) throw new RulesetError(file, problems);
  const forType = (t: RecordType): FieldRule[] =>
    parsed.data.groups
      .filter((g) => g.recordType === 'any' || g.recordType === t)
      .flatMap((g) => g.fields.map((f) => ({ ...f, group: g.name })));
  return { name: parsed.data.name, groups: parsed.data.groups, fields: { animal: forType('animal'), sample: forType('sample') } };
}

let cached: ImageRules | undefined;

/** The IMAGE rules of resources/, loaded and checked once per process. */
export function imageRules(): ImageRules {
  cached ??= loadImageRules();
  return cached;
}

/** The rules an animal or a sample must satisfy (standard group plus its own), in ruleset order. */
export function fieldsFor(recordType: RecordType): FieldRule[] {
  return imageRules().fields[recordType];
}

/** One field's rule, looked up in the fields of `recordType` (or of both types). */
export function fieldRule(name: string, recordType?: RecordType): FieldRule | undefined {
  const types: RecordType[] = recordType ? [recordType] : ['animal', 'sample'];
  for (const t of types) {
    const rule = imageRules().fields[t].find((f) => f.name === name);
    if (rule) return rule;
  }
  return undefined;
}

/**
 * Values a limited-value field accepts, for dropdowns. For a field that also accepts any URL
 * (Availability), the ruleset's URL placeholders are left out: `acceptsUrl()` tells the rest.
 */
export function limitedValues(recordType?: RecordType): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of rulesOf(recordType)) {
    if (f.type !== 'limited value') continue;
    out[f.name] = f.acceptUrl ? f.values!.filter((v) => !/^(https?:|ftp:|mailto:)/i.test(v)) : [...f.values!];
  }
  return out;
}

export function acceptsUrl(field: string): boolean {
  return fieldRule(field)?.acceptUrl === true;
}

/** mandatory / recommended / optional per field of a record type. */
export function requirements(recordType: RecordType): Record<string, Requirement> {
  return Object.fromEntries(fieldsFor(recordType).map((f) => [f.name, f.requirement]));
}

/** Allowed units per field that has units (numbers: units; dates: formats such as YYYY-MM-DD). */
export function unitsByField(recordType?: RecordType): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of rulesOf(recordType)) if (f.units) out[f.name] = [...f.units];
  return out;
}

function rulesOf(recordType?: RecordType): FieldRule[] {
  if (recordType) return fieldsFor(recordType);
  const seen = new Set<string>();
  return [...fieldsFor('animal'), ...fieldsFor('sample')].filter((f) => !seen.has(f.name) && !!seen.add(f.name));
}
