import express, { type Express, type RequestHandler } from 'express';
import { apiRouter } from './api/index.js';
import { sendError } from './api/errors.js';
import { identify } from './auth/identity.js';
import { refuseCrossSiteWrites } from './auth/same-site.js';
import { createSessionMiddleware } from './auth/session.js';
import { healthz } from './health.js';
import { createPanel, ROOT_PATH } from './panel/admin.js';
import { panelAssets, withVersionedBundles } from './panel/assets.js';
import { knownResourcesOnly, panelErrorHandler } from './panel/errors.js';
import { withoutExternalFonts } from './panel/offline-html.js';
import { panelRouter } from './panel/router.js';
import { bioSamplesTargetHeader } from './security/biosamples-target.js';
import { securityHeaders } from './security/headers.js';
import { throttledPanelLoginStatus } from './security/login-throttle.js';
import { config } from '../core/config.js';
import { logger } from '../core/logger.js';

export interface AppOptions {
  /** The session middleware shared with Socket.IO; a new one by default. */
  sessionMiddleware?: RequestHandler;
}

/**
 * The web process's Express app: /healthz, the panel's scripts, then (with a session) the JSON API
 * at /api and the AdminJS panel at /admin. Needs db() connected.
 */
export function createApp(options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // The proxy hops (nginx) that may tell us the client's scheme and address: TRUST_PROXY.
  app.set('trust proxy', config().trustProxy);
  app.use(securityHeaders(ROOT_PATH));
  app.get('/healthz', healthz);
  app.get('/', (_req, res) => res.redirect(ROOT_PATH));
  app.use(panelAssets(ROOT_PATH));
  app.use(options.sessionMiddleware ?? createSessionMiddleware());
  app.use(refuseCrossSiteWrites());
  app.use(identify());
  app.use('/api', bioSamplesTargetHeader, apiRouter());
  const panel = createPanel();
  app.use(ROOT_PATH, withoutExternalFonts, withVersionedBundles(ROOT_PATH), throttledPanelLoginStatus, knownResourcesOnly(panel), panelRouter(panel), panelErrorHandler);
  app.use((req, res) => sendError(res, 404, 'not_found', `No route ${req.method} ${req.path}`));
  app.use(((err, req, res, _next) => {
    logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (!res.headersSent) sendError(res, 500, 'internal_error', 'Something went wrong on the server');
  }) as express.ErrorRequestHandler);
  return app;
}
