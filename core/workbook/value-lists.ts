import type { DataSource, EntityManager } from 'typeorm';
import { ACCURACIES, SAMPLE_STORAGES, SAMPLE_STORAGE_PROCESSINGS, TIME_UNITS } from '../db/entities/enums.js';
import { ruleUnits, ruleValues } from './column-rules.js';

/**
 * How a dropdown treats a value that is not in it: `stop` refuses it (IMAGE limited values), `warning`
 * lets the curator keep it (species also go by common names), `information` only says so (open
 * vocabularies such as organism parts, where a new term is created and annotated later).
 */
export type ListStrictness = 'stop' | 'warning' | 'information';

export interface ValueList {
  name: string;
  values: string[];
  strictness: ListStrictness;
}

export type ValueLists = Record<string, ValueList>;

const fixed = (name: string, values: readonly string[], strictness: ListStrictness = 'stop'): ValueList =>
  ({ name, values: [...values], strictness });

/** Vocabulary tables offered as dropdowns; only terms with an ontology id are suggested. */
const VOCABULARY_LISTS: [name: string, table: string, strictness: ListStrictness][] = [
  ['sex', 'sexes', 'stop'],
  ['country', 'countries', 'stop'],
  ['role', 'roles', 'stop'],
  ['species', 'species', 'warning'],
  ['organismPart', 'organism_parts', 'information'],
  ['developmentalStage', 'developmental_stages', 'information'],
  ['physiologicalStage', 'physiological_stages', 'information'],
];

/** Every list the template's `values` names, read at generation time so new vocabulary terms appear. */
export async function loadValueLists(db: DataSource | EntityManager): Promise<ValueLists> {
  // The IMAGE rules decide; the entity enums are the fallback for a list the rules do not give.
  const lists: ValueLists = {
    project: fixed('project', ruleValues('Project') ?? ['IMAGE']),
    accuracy: fixed('accuracy', ruleValues('Birth location accuracy') ?? ACCURACIES),
    storage: fixed('storage', ruleValues('Sample storage') ?? SAMPLE_STORAGES),
    storageProcessing: fixed('storageProcessing', ruleValues('Sample storage processing') ?? SAMPLE_STORAGE_PROCESSINGS),
    timeUnit: fixed('timeUnit', ruleUnits('Animal age at collection') ?? TIME_UNITS),
  };
  for (const [name, table, strictness] of VOCABULARY_LISTS) {
    const order = table === 'sexes' ? 'id' : 'lower(label)';
    const rows: { label: string }[] = await db.query(`SELECT label FROM ${table} WHERE term IS NOT NULL ORDER BY ${order}`);
    lists[name] = { name, values: rows.map((r) => r.label), strictness };
  }
  return lists;
}
