import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import { AccountError } from '../../core/users/errors.js';
import { logger } from '../../core/logger.js';

/** API.md "General": every error is `{error, message, details?}`. */
export interface ErrorBody {
  error: string;
  message: string;
  details?: unknown[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown[],
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found'): ApiError => new ApiError(404, 'not_found', what);

export function sendError(res: Response, status: number, code: string, message: string, details?: unknown[]): void {
  const body: ErrorBody = { error: code, message };
  if (details?.length) body.details = details;
  res.status(status).json(body);
}

const ACCOUNT_ERROR_STATUS: Record<string, number> = { forbidden: 403 };

/** Turns whatever a route threw into the API's error shape. */
export const apiErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message, err.details);
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    const first = details[0];
    return sendError(res, 400, 'invalid_request', first ? `${first.field || 'body'}: ${first.message}` : 'Invalid request', details);
  }
  if (err instanceof AccountError) {
    const details = err.field ? [{ field: err.field, message: err.message }] : undefined;
    return sendError(res, ACCOUNT_ERROR_STATUS[err.code] ?? 422, err.code, err.message, details);
  }
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  if (status === 400 && (err as { type?: string }).type === 'entity.parse.failed') {
    return sendError(res, 400, 'malformed_json', 'The request body is not valid JSON');
  }
  if (status === 413) return sendError(res, 413, 'too_large', 'The request is too large');
  if (status && status >= 400 && status < 500) return sendError(res, status, 'bad_request', (err as Error).message);
  logger.error({ err, method: req.method, path: req.path }, 'request failed');
  sendError(res, 500, 'internal_error', 'Something went wrong on the server');
};
