import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import type { RecordType, SubmissionStatus } from '../db/entities/enums.js';
import { busyReason, canEditRecordsIn, canSeeOwnedBy, type Actor } from '../submissions/policy.js';
import { recordDetail, type AnimalView, type SampleView } from '../submissions/records-query.js';
import { ALLOWED_FROM, transitionIn } from '../submissions/state-machine.js';
import { applyChanges, castOf, markSummaryChanged, type ColumnChange } from './apply-changes.js';
import { editableField, type EditableField } from './editable-fields.js';
import { FixError } from './errors.js';
import { readFieldValue, type FieldValue, type ValueProblem } from './field-values.js';
import { previewValidation, type ValidationPreview } from './preview.js';
import { breedIdFor, termIdFor } from './vocabulary-values.js';

const TABLE: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };
const NOUN: Record<RecordType, string> = { animal: 'Animal', sample: 'Sample' };

export type EditedRecord<T extends AnimalView | SampleView = AnimalView | SampleView> = T & {
  /** What validation says about the record as it is now (not stored until the submission is validated). */
  validation: ValidationPreview | null;
  /** API names of the fields whose value actually changed. */
  changedFields: string[];
};

interface Requested {
  field: EditableField;
  value: FieldValue;
}

/**
 * Edits one animal or sample (the API's PATCH and the panel's edit both come here). `changes` maps
 * API field names to values. Refused when the record is not the actor's (not_found), a field is not
 * editable, a value has the wrong type (invalid_value, every problem listed), or a job works on the
 * submission (busy). Fields that really changed make the record and its submission `need_revision`
 * and their validation stale; the answer carries the record and a fresh check of it.
 */
export async function editRecord(actor: Actor, recordType: RecordType, id: number, changes: Record<string, unknown>): Promise<EditedRecord> {
  const [row]: { owner_id: number; submission_id: number; name: string }[] = await db().query(
    `SELECT owner_id, submission_id, name FROM ${TABLE[recordType]} WHERE id = $1`, [id],
  );
  if (!row || !canSeeOwnedBy(actor, row.owner_id)) throw new FixError('not_found', `No such ${recordType}`);
  const requested = readChanges(recordType, changes);

  const { changedFields, announce } = await db().transaction(async (m) => {
    const status = await lockSubmission(m, row.submission_id);
    if (!canEditRecordsIn(status)) throw new FixError('busy', busyReason(status) ?? `The submission is ${status}: its records cannot be edited now`);
    const columns = await resolveValues(m, recordType, id, requested);
    const differing = await differingChanges(m, recordType, id, columns);
    if (differing.length === 0) return { changedFields: [] as string[], announce: () => undefined };
    await applyChanges(m, recordType, (bind) => `SELECT ${bind(id)}::int`, differing);
    await markSummaryChanged(m, row.submission_id);
    const t = await transitionIn(m, row.submission_id, 'need_revision', {
      from: ALLOWED_FROM.edit, message: `${NOUN[recordType]} '${row.name}' was edited: validate again`,
    });
    return { changedFields: differing.map((c) => c.field.name), announce: t.announce };
  });
  announce();

  const record = await recordDetail<AnimalView | SampleView>(actor, recordType, id);
  if (!record) throw new FixError('not_found', `No such ${recordType}`);
  return { ...record, validation: await previewValidation(recordType, row.submission_id, id), changedFields };
}

function readChanges(recordType: RecordType, changes: Record<string, unknown>): Requested[] {
  const notEditable = Object.keys(changes).filter((name) => !editableField(recordType, name));
  if (notEditable.length) {
    const details = notEditable.map((field) => ({ field, message: `${field} cannot be edited here` }));
    throw new FixError('not_editable', `Not editable on ${recordType === 'animal' ? 'an animal' : 'a sample'}: ${notEditable.join(', ')}`, details);
  }
  const requested: Requested[] = [];
  const problems: ValueProblem[] = [];
  for (const [name, raw] of Object.entries(changes)) {
    const field = editableField(recordType, name)!;
    const read = readFieldValue(field, raw);
    if (read.ok) requested.push({ field, value: read.value });
    else problems.push(read.problem);
  }
  if (problems.length) throw invalid(problems);
  return requested;
}

const invalid = (problems: ValueProblem[]) => new FixError('invalid_value', problems.map((p) => p.message).join('; '), problems);

/** Locks the submission row so a validation or fix cannot start between the check and the change. */
async function lockSubmission(m: EntityManager, submissionId: number): Promise<SubmissionStatus> {
  const [s]: { status: SubmissionStatus }[] = await m.query(`SELECT status FROM submissions WHERE id = $1 FOR UPDATE`, [submissionId]);
  return s.status;
}

/** Vocabulary labels to term ids (new organism parts and stages are created, without ontology id). */
async function resolveValues(m: EntityManager, recordType: RecordType, id: number, requested: Requested[]): Promise<ColumnChange[]> {
  const columns: ColumnChange[] = [];
  const problems: ValueProblem[] = [];
  for (const { field, value } of requested) {
    if (field.kind !== 'vocabulary') {
      columns.push({ field, value });
      continue;
    }
    const resolved = field.vocabulary === 'breeds'
      ? await breedIdFor(m, field, id, String(value))
      : await termIdFor(m, field, value === null ? null : String(value), true);
    if (resolved.ok) columns.push({ field, value: resolved.id });
    else problems.push(resolved.problem);
  }
  if (problems.length) throw invalid(problems);
  return columns;
}

async function differingChanges(m: EntityManager, recordType: RecordType, id: number, columns: ColumnChange[]): Promise<ColumnChange[]> {
  if (columns.length === 0) return [];
  const params: unknown[] = [id];
  const tests = columns.map((c, i) => `${c.field.column} IS DISTINCT FROM $${params.push(c.value)}::${castOf(c.field)} AS c${i}`);
  const [flags]: Record<string, boolean>[] = await m.query(`SELECT ${tests.join(', ')} FROM ${TABLE[recordType]} WHERE id = $1`, params);
  return columns.filter((_, i) => flags[`c${i}`]);
}
