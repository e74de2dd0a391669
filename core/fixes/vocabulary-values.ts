import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import { norm } from '../import/load-context.js';
import { oneOf, quote } from '../validation/messages.js';
import type { EditableField } from './editable-fields.js';
import { fieldLabel, type ValueProblem } from './field-values.js';

export type TermResolution = { ok: true; id: number | null } | { ok: false; problem: ValueProblem };

const MAX_LISTED = 20;

/**
 * The id of the vocabulary term a label names (compared case- and space-insensitively, as the
 * importer does). An unknown organism part or stage is created without ontology id when
 * `create` allows it (annotation or an admin gives it one later); an unknown sex is refused.
 */
export async function termIdFor(m: EntityManager, field: EditableField, label: string | null, create: boolean): Promise<TermResolution> {
  if (label === null) return { ok: true, id: null };
  const table = field.vocabulary!;
  const find = async () => (await m.query(
    `SELECT id FROM ${table} WHERE ${norm('label')} = ${norm('$1::text')} ORDER BY id LIMIT 1`, [label],
  ))[0]?.id as number | undefined;
  let id = await find();
  if (id === undefined && create && field.createsTerms) {
    await m.query(`INSERT INTO ${table} (label) VALUES ($1) ON CONFLICT (label) DO NOTHING`, [label]);
    id = await find();
  }
  if (id !== undefined) return { ok: true, id };
  const labels: string[] = (await m.query(`SELECT label FROM ${table} ORDER BY label LIMIT ${MAX_LISTED + 1}`)).map((r: { label: string }) => r.label);
  return { ok: false, problem: { field: field.name, value: label, message: `${fieldLabel(field)}: ${quote(label)} is not ${choices(labels)}` } };
}

/** Following the original: an animal's breed is chosen among the breeds of its own species and country. */
export async function breedIdFor(m: EntityManager, field: EditableField, animalId: number, label: string): Promise<TermResolution> {
  const [hit]: { id: number }[] = await m.query(
    `SELECT b2.id FROM animals a JOIN breeds b ON b.id = a.breed_id
       JOIN breeds b2 ON b2.species_id = b.species_id AND b2.country_id = b.country_id
      WHERE a.id = $1 AND ${norm('b2.supplied_breed')} = ${norm('$2::text')} ORDER BY b2.id LIMIT 1`,
    [animalId, label],
  );
  if (hit) return { ok: true, id: hit.id };
  const [where]: { species: string; country: string }[] = await m.query(
    `SELECT sp.label AS species, c.label AS country FROM animals a JOIN breeds b ON b.id = a.breed_id
       JOIN species sp ON sp.id = b.species_id JOIN countries c ON c.id = b.country_id WHERE a.id = $1`, [animalId],
  );
  const labels = await breedChoices(animalId, m);
  return {
    ok: false,
    problem: { field: field.name, value: label, message: `${fieldLabel(field)}: ${quote(label)} is not a ${where.species} breed of ${where.country}: use ${choices(labels)}` },
  };
}

/** Supplied breeds an animal may be given: those of its species and country. */
export async function breedChoices(animalId: number, m: EntityManager = db().manager): Promise<string[]> {
  const rows: { label: string }[] = await m.query(
    `SELECT b2.supplied_breed AS label FROM animals a JOIN breeds b ON b.id = a.breed_id
       JOIN breeds b2 ON b2.species_id = b.species_id AND b2.country_id = b.country_id
      WHERE a.id = $1 ORDER BY b2.supplied_breed`, [animalId],
  );
  return rows.map((r) => r.label);
}

/** Labels for a vocabulary field's dropdown (breeds: pass the animal, as they depend on it). */
export async function vocabularyChoices(field: EditableField, animalId?: number): Promise<string[]> {
  if (field.vocabulary === 'breeds') return animalId === undefined ? [] : breedChoices(animalId);
  if (!field.vocabulary) return [];
  const rows: { label: string }[] = await db().query(`SELECT label FROM ${field.vocabulary} ORDER BY label`);
  return rows.map((r) => r.label);
}

function choices(labels: string[]): string {
  if (labels.length === 0) return 'in the vocabulary (it is empty)';
  if (labels.length > MAX_LISTED) return `in the vocabulary (such as ${labels.slice(0, MAX_LISTED).join(', ')})`;
  return `one of ${oneOf(labels.map(quote))}`;
}
