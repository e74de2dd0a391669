import type AdminJS from 'adminjs';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendError } from '../api/errors.js';
import { logger } from '../../core/logger.js';

const RESOURCE_ROUTE = /^\/(?:api\/)?resources\/([^/]+)(?:\/actions\/([^/]+)|\/records\/[^/]+\/([^/]+)|\/bulk\/([^/]+))?/;

/** 404 for a resource or action AdminJS does not have (AdminJS itself would crash with a 500). */
export function knownResourcesOnly(admin: AdminJS): RequestHandler {
  return (req, res, next) => {
    const match = RESOURCE_ROUTE.exec(req.path);
    if (!match) return next();
    const [, resourceId, ...actions] = match.map((m) => (m === undefined ? m : decodeURIComponent(m)));
    const resource = admin.resources.find((r) => r._decorated?.id() === resourceId);
    const action = actions.find((a) => a !== undefined);
    if (!resource || (action !== undefined && !resource.decorate().actions[action])) {
      return sendError(res, 404, 'not_found', `No resource or action here: ${req.path}`);
    }
    next();
  };
}

/** AdminJS's own errors (NotFoundError, ForbiddenError...) with their status, in the API's error shape. */
export const panelErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = Number((err as { statusCode?: number }).statusCode);
  if (status >= 400 && status < 500) {
    const code = status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'bad_request';
    return sendError(res, status, code, status === 404 ? 'Not found' : status === 403 ? 'You cannot do this' : 'Bad request');
  }
  logger.error({ err, method: req.method, path: req.path }, 'panel request failed');
  sendError(res, 500, 'internal_error', 'Something went wrong on the server');
};
