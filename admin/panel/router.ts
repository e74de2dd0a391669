import type AdminJS from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import type { Request, Response, Router } from 'express';
import { config } from '../../core/config.js';
import { findActiveActor } from '../../core/users/accounts.js';
import { attemptLogin } from '../../core/users/login-throttle.js';
import { refuseThrottledPanelLogin } from '../security/login-throttle.js';
import { sessionUser } from '../auth/identity.js';
import { regenerateSession, SESSION_COOKIE, sessionOptions } from '../auth/session.js';

/**
 * The AdminJS router. Our session middleware runs before it, so the session AdminJS would open is
 * never created (express-session does nothing when `req.session` exists); the options are the same anyway.
 */
export function panelRouter(admin: AdminJS): Router {
  // Bundles are prebuilt (npm run build:admin) and served by panelAssets(); never bundle at start-up.
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  return AdminJSExpress.buildAuthenticatedRouter(
    admin,
    {
      cookieName: SESSION_COOKIE,
      cookiePassword: config().secretKey,
      authenticate: async (email: string, password: string, context?: { req: Request; res: Response }) => {
        const login = await attemptLogin(email, password, context?.req.ip);
        if (login.result === 'throttled') refuseThrottledPanelLogin(context?.res, login.retryAfter);
        const user = login.result === 'ok' ? await findActiveActor(login.actor.id) : null;
        if (!user) return null;
        if (context?.req) await regenerateSession(context.req);
        return sessionUser(user);
      },
    },
    null,
    sessionOptions(),
  );
}
