import { FixError, type FixErrorCode } from '../../core/fixes/errors.js';
import { ApiError } from './errors.js';

const STATUS: Record<FixErrorCode, [status: number, code: string]> = {
  not_found: [404, 'not_found'],
  busy: [409, 'invalid_status'],
  not_editable: [422, 'not_editable'],
  invalid_value: [422, 'invalid_value'],
  invalid_selection: [422, 'invalid_selection'],
};

/** Core's refusals of edits and fixes as API errors; anything else passes through. */
export function fixApiError(err: unknown): unknown {
  if (!(err instanceof FixError)) return err;
  const [status, code] = STATUS[err.code];
  return new ApiError(status, code, err.message, err.details);
}
