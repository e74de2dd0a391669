import type { Request, RequestHandler } from 'express';
import type { Actor } from '../../core/submissions/policy.js';
import { ApiError } from './errors.js';

/** 401 unless someone is logged in (session or valid token). */
export const requireLogin: RequestHandler = (req, _res, next) => {
  if (req.actor) return next();
  next(req.invalidToken
    ? new ApiError(401, 'invalid_token', 'The API token is not valid (wrong, revoked or expired)')
    : new ApiError(401, 'not_logged_in', 'Log in first (POST /api/login) or send Authorization: Bearer <token>'));
};

/** 403 unless the logged-in user is an admin. */
export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (req.actor?.role === 'admin') return next();
  next(new ApiError(403, 'forbidden', 'Only admins can do this'));
};

/** The logged-in user, for handlers behind requireLogin. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new ApiError(401, 'not_logged_in', 'Log in first');
  return req.actor;
}

/** A positive integer id from the path, else 404 (an id that cannot exist is not found). */
export function idParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  const id = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw new ApiError(404, 'not_found', 'Not found');
  return id;
}
