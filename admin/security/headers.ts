import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { config } from '../../core/config.js';
import { withScriptNonces } from './script-nonces.js';

type Directives = Record<string, Iterable<string | ((req: IncomingMessage, res: ServerResponse) => string)>>;

const nonceOf = (res: ServerResponse): string => (res as Response).locals.cspNonce as string;

/** Everything but the panel's pages is JSON, a redirect or a download: it may load nothing at all. */
const STRICT: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * AdminJS's pages: its two inline scripts carry this response's nonce (script-nonces.ts), bundles
 * come from here. Styles stay 'unsafe-inline': styled-components and the design system write
 * <style> elements and style attributes at run time. Socket.IO connects back to the same host.
 */
function panelDirectives(https: boolean): Directives {
  const directives: Directives = {
    'default-src': ["'self'"],
    'script-src': ["'self'", (_req, res) => `'nonce-${nonceOf(res)}'`],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", (req) => sameHostSockets(req)],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  if (https) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** ws:// and wss:// of the host the browser asked for ('self' covers them only in CSP 3 browsers). */
function sameHostSockets(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').replace(/[^A-Za-z0-9.:[\]-]/g, '');
  return host ? `ws://${host} wss://${host}` : "'self'";
}

function headersWith(directives: Directives, https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // A same-origin Referer lets the cross-site check work when a browser sends no Origin, and
    // no-referrer would make browsers send `Origin: null` on form posts (the login form).
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
  }) as RequestHandler;
}

/**
 * helmet's headers on every answer: a strict content security policy everywhere, the panel's own
 * under `panelPath` (with a fresh nonce per response, written into AdminJS's inline scripts). HSTS
 * only when PUBLIC_URL is https.
 */
export function securityHeaders(panelPath: string): RequestHandler {
  const https = config().publicUrl.startsWith('https:');
  const strict = headersWith(STRICT, https);
  const panel = headersWith(panelDirectives(https), https);
  return (req, res, next) => {
    if (req.path !== panelPath && !req.path.startsWith(`${panelPath}/`)) return strict(req, res, next);
    const nonce = crypto.randomBytes(18).toString('base64');
    res.locals.cspNonce = nonce;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => send(typeof body === 'string' && body.includes('<script') ? withScriptNonces(body, nonce) : body);
    panel(req, res, next);
  };
}
