import type { EntityManager } from 'typeorm';
import { db } from '../db/data-source.js';
import type { SubmissionStatus } from '../db/entities/enums.js';
import type { JobProgress, SubmissionProblem } from '../db/entities/submission.js';
import { publish } from '../events.js';

/** Statuses from which each action may start (ARCHITECTURE.md "Statuses", API.md). */
export const ALLOWED_FROM = {
  import: ['loaded', 'error', 'need_revision', 'ready', 'completed'],
  validate: ['loaded', 'need_revision'],
  fix: ['loaded', 'need_revision', 'ready', 'completed', 'error'],
  edit: ['loaded', 'error', 'need_revision', 'ready', 'completed'],
  submit: ['ready'],
  delete: ['loaded', 'error', 'need_revision', 'ready', 'completed'],
} as const satisfies Record<string, readonly SubmissionStatus[]>;

export interface TransitionOptions {
  /** The change happens only if the submission is in one of these statuses now. */
  from?: readonly SubmissionStatus[];
  message?: string;
  /** Replaces the stored problems (and their total, when more were found than kept). */
  errors?: SubmissionProblem[];
  errorsTotal?: number;
  /** Clears (null) or sets the progress shown while a job runs; cleared by default on leaving `waiting`. */
  progress?: JobProgress | null;
}

export interface Transition {
  changed: boolean;
  /** Sends `submission:status` to the submission's room; call it once the change is committed. */
  announce(): void;
}

/**
 * The only code that writes `submissions.status`. The update is conditional on `from`, so two
 * requests racing (validate twice, submit while an import starts) cannot both win.
 */
export async function transitionIn(
  manager: EntityManager,
  submissionId: number,
  to: SubmissionStatus,
  options: TransitionOptions = {},
): Promise<Transition> {
  const sets = ['status = $2', 'updated_at = now()'];
  const params: unknown[] = [submissionId, to];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (options.message !== undefined) set('message', options.message);
  if (options.errors !== undefined) {
    set('errors', JSON.stringify(options.errors));
    set('errors_total', options.errorsTotal ?? options.errors.length);
  }
  if (options.progress !== undefined) set('progress', options.progress === null ? null : JSON.stringify(options.progress));
  else if (to !== 'waiting' && to !== 'submitted') sets.push('progress = NULL');
  let where = 'id = $1';
  if (options.from) {
    params.push(options.from);
    where += ` AND status = ANY($${params.length}::varchar[])`;
  }
  const rows: { message: string }[] = await manager.query(
    `UPDATE submissions SET ${sets.join(', ')} WHERE ${where} RETURNING message`,
    params,
  ).then((r: [{ message: string }[], number]) => r[0]);
  const changed = rows.length === 1;
  return {
    changed,
    announce: () => {
      if (changed) publish('submission:status', { id: submissionId, status: to, message: rows[0].message });
    },
  };
}

/** transitionIn() on its own statement, announced at once. */
export async function transition(submissionId: number, to: SubmissionStatus, options: TransitionOptions = {}): Promise<boolean> {
  const t = await transitionIn(db().manager, submissionId, to, options);
  t.announce();
  return t.changed;
}
