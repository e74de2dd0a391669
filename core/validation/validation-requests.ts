import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import { canSeeOwnedBy, type Actor } from '../submissions/policy.js';
import { ALLOWED_FROM, transition } from '../submissions/state-machine.js';
import type { LevelCounts, RecordTypeSummary, ValidationSummary } from './summary.js';

export type ValidationRequest =
  | { outcome: 'queued'; id: number; status: 'waiting' }
  | { outcome: 'not_found' }
  | { outcome: 'refused'; status: SubmissionStatus; message: string };

async function visibleSubmission(id: number, actor: Actor): Promise<{ status: SubmissionStatus; validation_summary: ValidationSummary | null } | null> {
  const [row] = await db().query(`SELECT owner_id, status, validation_summary FROM submissions WHERE id = $1`, [id]);
  return row && canSeeOwnedBy(actor, row.owner_id) ? row : null;
}

const refusal = (status: SubmissionStatus): string => status === 'waiting'
  ? 'The submission is busy (an import, validation or fix is running): wait until it finishes'
  : `The submission is ${status.replace('_', ' ')}: only a loaded submission or one that needs revision can be validated`;

/**
 * "Validate": moves the submission to `waiting` if it is `loaded` or `need_revision` (conditionally,
 * so two clicks cannot start two validations), then queues the job with `enqueue`. If queueing
 * fails, the submission goes back to the status it had.
 */
export async function requestValidation(id: number, actor: Actor, enqueue: (submissionId: number) => Promise<unknown>): Promise<ValidationRequest> {
  const current = await visibleSubmission(id, actor);
  if (!current) return { outcome: 'not_found' };
  const from = current.status;
  const moved = await transition(id, 'waiting', { from: ALLOWED_FROM.validate, message: 'waiting for data validation', progress: null });
  if (!moved) {
    const now = (await visibleSubmission(id, actor))?.status ?? from;
    return { outcome: 'refused', status: now, message: refusal(now) };
  }
  try {
    await enqueue(id);
  } catch (err) {
    await transition(id, from, { from: ['waiting'], message: 'Validation could not be queued; please try again' });
    throw err;
  }
  return { outcome: 'queued', id, status: 'waiting' };
}

/** API.md "Validation": `{status, counts, animals: {counts, messages}, samples}` plus when and what could not be checked. */
export interface ValidationSummaryView {
  status: SubmissionStatus;
  validatedAt: string | null;
  counts: LevelCounts;
  animals: RecordTypeSummary;
  samples: RecordTypeSummary;
  uncheckedTerms: { term: string; reason: string }[];
  /** Present when records were edited after this validation: validate again for current counts. */
  changedAt?: string;
}

const none = (): RecordTypeSummary => ({ counts: { pass: 0, warning: 0, error: 0 }, messages: [] });

export async function validationSummaryOf(id: number, actor: Actor): Promise<ValidationSummaryView | null> {
  const row = await visibleSubmission(id, actor);
  if (!row) return null;
  const s = row.validation_summary;
  return {
    status: row.status,
    validatedAt: s?.validatedAt ?? null,
    counts: s?.counts ?? { pass: 0, warning: 0, error: 0 },
    animals: s?.animals ?? none(),
    samples: s?.samples ?? none(),
    uncheckedTerms: s?.uncheckedTerms ?? [],
    ...(s?.changedAt ? { changedAt: s.changedAt } : {}),
  };
}
