import type { RequestHandler } from 'express';
import type { Session, SessionData } from 'express-session';
import { findActiveActor } from '../../core/users/accounts.js';
import { actorForToken } from '../../core/users/tokens.js';
import type { Actor } from '../../core/submissions/policy.js';
import type { SessionUser } from './session.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Who is asking, re-read from the database on this request; unset when nobody (valid) is logged in. */
      actor?: Actor;
      /** How `actor` was recognised. */
      authenticatedBy?: 'session' | 'token';
      /** A bearer token was sent but is not valid (wrong, revoked, expired, or its owner deactivated). */
      invalidToken?: boolean;
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The user a session belongs to, read again from the database: a deactivated user's session stops
 * working at once. Refreshes (or removes) the session's copy that AdminJS uses as `currentAdmin`.
 */
export async function actorFromSession(session: (Session & Partial<SessionData>) | undefined): Promise<Actor | null> {
  const stored = session?.adminUser;
  if (!session || !stored) return null;
  const user = await findActiveActor(Number(stored.id));
  if (!user) {
    delete session.adminUser;
    return null;
  }
  const fresh: SessionUser = { id: user.id, email: user.email, role: user.role, title: displayName(user) };
  // Assigned only when something changed, so an unchanged session is not written back.
  if (JSON.stringify(fresh) !== JSON.stringify(stored)) session.adminUser = fresh;
  return { id: user.id, email: user.email, role: user.role };
}

export function sessionUser(user: Actor & { firstName?: string; lastName?: string }): SessionUser {
  return { id: user.id, email: user.email, role: user.role, title: displayName(user) };
}

function displayName(u: { email: string; firstName?: string; lastName?: string }): string {
  return [u.firstName, u.lastName].filter(Boolean).join(' ') || u.email;
}

/** Sets `req.actor` from a bearer token, else from the session. */
export function identify(): RequestHandler {
  return async (req, _res, next) => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token !== undefined) {
        const actor = await actorForToken(token);
        if (actor) {
          req.actor = actor;
          req.authenticatedBy = 'token';
        } else req.invalidToken = true;
        return next();
      }
      const actor = await actorFromSession(req.session);
      if (actor) {
        req.actor = actor;
        req.authenticatedBy = 'session';
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
