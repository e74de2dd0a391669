import type { ValueProblem } from './field-values.js';

export type FixErrorCode =
  /** No such record or submission, or not the actor's (never tells which). */
  | 'not_found'
  /** A job works on the submission (waiting) or it is being submitted. */
  | 'busy'
  /** A field that cannot be edited here (name, parents, accession...) or that does not exist. */
  | 'not_editable'
  /** A value of the wrong type, or one a batch fix does not accept. */
  | 'invalid_value'
  /** The selection of a batch fix: ids of other submissions, or no record at all. */
  | 'invalid_selection';

/** Why an edit or a fix was refused; the API maps `code` to its status (404, 409, 422). */
export class FixError extends Error {
  constructor(
    readonly code: FixErrorCode,
    message: string,
    readonly details?: ValueProblem[] | { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'FixError';
  }
}
