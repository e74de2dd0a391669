import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import type { BatchFixFilter, BatchFixState } from '../db/entities/batch-fix.js';
import type { RecordType, SubmissionStatus } from '../db/entities/enums.js';
import { logger } from '../logger.js';
import { progressReporter } from '../submissions/progress.js';
import { transition, transitionIn } from '../submissions/state-machine.js';
import { applyChanges, markSummaryChanged } from './apply-changes.js';
import { editableField, type EditableField } from './editable-fields.js';
import { describeChange, recordsWord, selectedSql } from './fix-requests.js';
import type { FieldValue } from './field-values.js';
import { termIdFor } from './vocabulary-values.js';

export interface FixOutcome {
  /** False when there was nothing to do: no such fix, already applied or failed, or the submission not waiting. */
  ran: boolean;
  message: string;
  selected?: number;
  changed?: number;
}

interface FixRow {
  id: number;
  submission_id: number;
  record_type: RecordType;
  field: string;
  value: FieldValue;
  ids: number[] | null;
  filter: BatchFixFilter | null;
  previous_status: SubmissionStatus;
  state: BatchFixState;
}

const CHUNK = 5000;

/**
 * Applies a stored batch fix (the fix-submission job): sets the field on the selected records of
 * its submission in one transaction, `CHUNK` records per statement with progress in between, marks
 * them `need_revision` with their validation stale, and ends the submission `need_revision` with a
 * message saying what changed (back to where it was if nothing did). Ids are only ever matched
 * within the fix's submission. Running it again does nothing; if it fails, nothing is changed and
 * the submission goes back to its previous status with the reason, never staying in `waiting`.
 */
export async function runFix(fixId: number): Promise<FixOutcome> {
  const [fix]: FixRow[] = await db().query(`SELECT * FROM batch_fixes WHERE id = $1`, [fixId]);
  if (!fix) return { ran: false, message: `Fix ${fixId} does not exist` };
  if (fix.state !== 'queued') return { ran: false, message: `Fix ${fixId} is already ${fix.state}` };
  const [{ status }]: { status: SubmissionStatus }[] = await db().query(`SELECT status FROM submissions WHERE id = $1`, [fix.submission_id]);
  if (status !== 'waiting') {
    const message = `The submission was ${status.replace('_', ' ')}, not waiting for this fix: nothing was changed`;
    await finish(db().manager, fixId, 'failed', message);
    return { ran: false, message };
  }
  try {
    const outcome = await db().transaction((m) => apply(m, fix));
    outcome.announce();
    return { ran: true, message: outcome.message, selected: outcome.selected, changed: outcome.changed };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.error({ err, fixId, submissionId: fix.submission_id }, 'batch fix failed');
    const message = `The fix could not be applied (${reason}); nothing was changed`;
    await finish(db().manager, fixId, 'failed', message);
    await transition(fix.submission_id, fix.previous_status, { from: ['waiting'], message });
    throw err;
  }
}

async function apply(m: EntityManager, fix: FixRow) {
  const [locked]: { state: BatchFixState }[] = await m.query(`SELECT state FROM batch_fixes WHERE id = $1 FOR UPDATE`, [fix.id]);
  if (locked.state !== 'queued') return { message: `Fix ${fix.id} is already ${locked.state}`, selected: 0, changed: 0, announce: () => undefined };
  const field = editableField(fix.record_type, fix.field);
  if (!field) throw new Error(`${fix.field} is not an editable field of ${fix.record_type}s`);
  const value = await storedValue(m, field, fix.value);
  const ids = await targetIds(m, fix);
  const report = progressReporter(fix.submission_id, 'fix');
  await report(0, ids.length);
  let changed = 0;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    changed += await applyChanges(m, fix.record_type, (bind) => `SELECT unnest(${bind(chunk)}::int[])`, [{ field, value }]);
    await report(Math.min(start + CHUNK, ids.length), ids.length);
  }
  if (changed > 0) await markSummaryChanged(m, fix.submission_id);
  const message = outcomeMessage(field, fix, ids.length, changed);
  await finish(m, fix.id, 'done', message, ids.length, changed);
  const t = await transitionIn(m, fix.submission_id, changed > 0 ? 'need_revision' : fix.previous_status, { from: ['waiting'], message });
  if (!t.changed) throw new Error('the submission stopped waiting for this fix');
  return { message, selected: ids.length, changed, announce: t.announce };
}

/** The value as stored in the column: vocabulary labels become term ids (which must exist). */
async function storedValue(m: EntityManager, field: EditableField, value: FieldValue): Promise<FieldValue> {
  if (field.kind !== 'vocabulary') return value;
  const term = await termIdFor(m, field, value === null ? null : String(value), false);
  if (!term.ok) throw new Error(term.problem.message);
  return term.id;
}

/** The records to change, in id order; given ids count only when they are records of this submission. */
async function targetIds(m: EntityManager, fix: FixRow): Promise<number[]> {
  const { sql, params } = selectedSql(fix.submission_id, fix.record_type, fix.filter ?? {}, 'r.id');
  let query = sql;
  if (fix.ids) query += ` AND r.id = ANY($${params.push(fix.ids)}::int[])`;
  const rows: { id: number }[] = await m.query(`${query} ORDER BY r.id`, params);
  return rows.map((r) => r.id);
}

function outcomeMessage(field: EditableField, fix: FixRow, selected: number, changed: number): string {
  const what = describeChange(field, fix.value);
  if (selected === 0) return `${what}: no ${fix.record_type} matched any more, nothing was changed`;
  if (changed === 0) return `${what}: the ${recordsWord(fix.record_type, selected)} already had this value, nothing was changed`;
  const already = selected > changed ? ` (${selected - changed} already had this value)` : '';
  return `${what} on ${recordsWord(fix.record_type, changed)}${already}; validate again`;
}

async function finish(m: EntityManager, fixId: number, state: BatchFixState, outcome: string, selected?: number, changed?: number): Promise<void> {
  await m.query(
    `UPDATE batch_fixes SET state = $2, outcome = $3, selected = $4, changed = $5, finished_at = now() WHERE id = $1`,
    [fixId, state, outcome, selected ?? null, changed ?? null],
  );
}
