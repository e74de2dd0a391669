import type AdminJS from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import type { Router } from 'express';
import { config } from '../../core/config.js';
import { checkCredentials, findActiveActor } from '../../core/users/accounts.js';
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
      authenticate: async (email: string, password: string, context?: { req: Express.Request }) => {
        const actor = await checkCredentials(email, password);
        const user = actor && (await findActiveActor(actor.id));
        if (!user) return null;
        if (context?.req) await regenerateSession(context.req);
        return sessionUser(user);
      },
    },
    null,
    sessionOptions(),
  );
}
