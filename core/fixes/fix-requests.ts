import { z } from 'zod';
import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import { RECORD_TYPES, type RecordType, type SubmissionStatus } from '../db/entities/enums.js';
import { busyReason, canSeeOwnedBy, type Actor } from '../submissions/policy.js';
import { recordFilterConditions, recordFilters, type RecordFilters } from '../submissions/records-query.js';
import { ALLOWED_FROM, transition, transitionIn } from '../submissions/state-machine.js';
import { resolveField, type EditableField } from './editable-fields.js';
import { FixError } from './errors.js';
import { checkBatchValue, fieldLabel, readFieldValue, type FieldValue } from './field-values.js';
import { termIdFor } from './vocabulary-values.js';

/** Which records a bulk edit sets: the given ids, or every record matching the record list's filters. */
export type RecordSelection = { ids: number[] } | { filter: RecordFilters };

/** `POST /api/submissions/:id/fix`: exactly one of `ids`, `message` (a message key) or `filter`. */
export const fixRequestSchema = z.object({
  recordType: z.enum(RECORD_TYPES),
  field: z.string().trim().min(1).max(100),
  value: z.unknown(),
  ids: z.array(z.number().int().positive().max(2_147_483_647)).min(1).optional(),
  message: z.string().trim().min(1).max(255).optional(),
  filter: recordFilters.optional(),
}).refine((r) => r.value !== undefined, { message: 'value is required (null clears the field)', path: ['value'] })
  .refine((r) => [r.ids, r.message, r.filter].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of ids, message or filter', path: ['ids'],
  });
export type FixRequest = z.input<typeof fixRequestSchema>;

/** Queues the job that applies a stored batch fix; payload ids only. */
export type EnqueueFix = (job: { submissionId: number; fixId: number }) => Promise<unknown>;

export interface QueuedFix {
  id: number;
  status: 'waiting';
  fixId: number;
  /** Records the selection matches now. */
  records: number;
}

const TABLE: Record<RecordType, string> = { animal: 'animals', sample: 'samples' };
export const recordsWord = (type: RecordType, n: number): string => `${n} ${type}${n === 1 ? '' : 's'}`;

/** "Fix this" (by message key or ids) and bulk edit (by ids or filter), from the API body. */
export async function requestFix(actor: Actor, submissionId: number, body: FixRequest, enqueue: EnqueueFix): Promise<QueuedFix> {
  const r = fixRequestSchema.parse(body);
  const selection: RecordSelection = r.ids ? { ids: r.ids } : { filter: r.filter ?? { message: r.message } };
  return bulkEdit(actor, submissionId, r.recordType, selection, r.field, r.value, enqueue, r.message);
}

/**
 * Sets `field` to `value` on the selected records of a submission, as a job: checks the field is
 * editable in bulk and the value acceptable (limited values and units from the IMAGE rules, labels
 * of the vocabulary), that the ids are records of this submission, and that something is selected;
 * then stores the request, moves the submission to `waiting` (refused while a job works on it or
 * it is being submitted) and queues the fix-submission job.
 */
export async function bulkEdit(
  actor: Actor,
  submissionId: number,
  recordType: RecordType,
  selection: RecordSelection,
  fieldName: string,
  rawValue: unknown,
  enqueue: EnqueueFix,
  messageKey?: string,
): Promise<QueuedFix> {
  const [submission]: { owner_id: number }[] = await db().query(`SELECT owner_id FROM submissions WHERE id = $1`, [submissionId]);
  if (!submission || !canSeeOwnedBy(actor, submission.owner_id)) throw new FixError('not_found', 'No such submission');
  const field = batchField(recordType, fieldName, messageKey);
  const value = await acceptableValue(field, rawValue);
  const records = await countSelected(submissionId, recordType, selection);

  const queued = await db().transaction(async (m) => {
    const [{ status }]: { status: SubmissionStatus }[] = await m.query(`SELECT status FROM submissions WHERE id = $1 FOR UPDATE`, [submissionId]);
    const t = await transitionIn(m, submissionId, 'waiting', {
      from: ALLOWED_FROM.fix, message: `Waiting for the fix: ${describeChange(field, value)} on ${recordsWord(recordType, records)}`, progress: null,
    });
    if (!t.changed) throw new FixError('busy', busyReason(status) ?? `The submission is ${status}: its records cannot be changed now`);
    const fixId = await storeFix(m, { submissionId, actor, recordType, field, value, selection, previous: status });
    return { fixId, previous: status, announce: t.announce };
  });
  queued.announce();
  try {
    await enqueue({ submissionId, fixId: queued.fixId });
  } catch (err) {
    await db().query(`UPDATE batch_fixes SET state = 'failed', outcome = 'could not be queued', finished_at = now() WHERE id = $1`, [queued.fixId]);
    await transition(submissionId, queued.previous, { from: ['waiting'], message: 'The fix could not be queued; please try again' });
    throw err;
  }
  return { id: submissionId, status: 'waiting', fixId: queued.fixId, records };
}

/** "Sample storage set to 'frozen'" / "Sample storage cleared". */
export function describeChange(field: EditableField, value: FieldValue): string {
  return value === null ? `${fieldLabel(field)} cleared` : `${fieldLabel(field)} set to '${value}'`;
}

function batchField(recordType: RecordType, name: string, messageKey?: string): EditableField {
  const field = resolveField(recordType, name, messageKey);
  if (!field) {
    throw new FixError('not_editable', `${name} is not a field that can be set on ${recordType}s`, [{ field: name, message: 'not editable' }]);
  }
  if (!field.batch) {
    throw new FixError('not_editable', `${fieldLabel(field)} is changed one ${recordType} at a time`, [{ field: field.name, message: 'not editable in bulk' }]);
  }
  return field;
}

async function acceptableValue(field: EditableField, raw: unknown): Promise<FieldValue> {
  const read = readFieldValue(field, raw);
  if (!read.ok) throw new FixError('invalid_value', read.problem.message, [read.problem]);
  const problem = checkBatchValue(field, read.value);
  if (problem) throw new FixError('invalid_value', problem.message, [problem]);
  if (field.kind === 'vocabulary') {
    const term = await termIdFor(db().manager, field, read.value === null ? null : String(read.value), false);
    if (!term.ok) throw new FixError('invalid_value', term.problem.message, [term.problem]);
  }
  return read.value;
}

/** Ids must all be records of this submission (never trust ids: the original had an IDOR here). */
async function countSelected(submissionId: number, recordType: RecordType, selection: RecordSelection): Promise<number> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids)];
    const found: { id: number }[] = await db().query(
      `SELECT id FROM ${TABLE[recordType]} WHERE submission_id = $1 AND id = ANY($2::int[])`, [submissionId, ids],
    );
    const known = new Set(found.map((f) => f.id));
    const foreign = ids.filter((id) => !known.has(id));
    if (foreign.length) {
      const shown = foreign.slice(0, 10).join(', ') + (foreign.length > 10 ? ` and ${foreign.length - 10} more` : '');
      throw new FixError('invalid_selection', `Not ${recordType}s of this submission: ${shown}`,
        [{ field: 'ids', message: `not ${recordType}s of submission ${submissionId}: ${shown}` }]);
    }
    return ids.length;
  }
  const { sql, params } = selectedSql(submissionId, recordType, selection.filter, 'count(*)::int AS n');
  const [{ n }]: { n: number }[] = await db().query(sql, params);
  if (n === 0) {
    const by = selection.filter.message ? `has the message ${selection.filter.message}` : 'matches the filter';
    throw new FixError('invalid_selection', `No ${recordType} of this submission ${by}`, [{ field: selection.filter.message ? 'message' : 'filter', message: 'nothing selected' }]);
  }
  return n;
}

/** SELECT `what` FROM the submission's records matching `filter` (the record lists' own filters). */
export function selectedSql(submissionId: number, recordType: RecordType, filter: RecordFilters, what: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [submissionId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const where = ['r.submission_id = $1', ...recordFilterConditions(recordType, filter, bind)];
  return { sql: `SELECT ${what} FROM ${TABLE[recordType]} r WHERE ${where.join(' AND ')}`, params };
}

interface StoredFix {
  submissionId: number;
  actor: Actor;
  recordType: RecordType;
  field: EditableField;
  value: FieldValue;
  selection: RecordSelection;
  previous: SubmissionStatus;
}

async function storeFix(m: EntityManager, f: StoredFix): Promise<number> {
  const ids = 'ids' in f.selection ? [...new Set(f.selection.ids)] : null;
  const filter = 'filter' in f.selection ? JSON.stringify(recordFilters.parse(f.selection.filter)) : null;
  const [{ id }]: { id: number }[] = await m.query(
    `INSERT INTO batch_fixes (submission_id, requested_by_id, record_type, field, value, ids, filter, previous_status)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::int[], $7::jsonb, $8) RETURNING id`,
    [f.submissionId, f.actor.id, f.recordType, f.field.name, f.value === null ? null : JSON.stringify(f.value), ids, filter, f.previous],
  );
  return id;
}
