import type { Request, RequestHandler } from 'express';
import { config } from '../../core/config.js';
import { sendError } from '../api/errors.js';
import { bearerToken } from './identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** scheme://host:port of the site a browser says the request comes from; undefined when it says nothing. */
function requestingSite(req: Request): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin;
  const referer = req.headers.referer;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function ownSites(req: Request): string[] {
  const sites = [new URL(config().publicUrl).origin];
  const host = req.get('host');
  if (host) {
    try {
      sites.push(new URL(`${req.protocol}://${host}`).origin);
    } catch {
      // a malformed Host header names no site of ours
    }
  }
  return sites;
}

export function isCrossSite(req: Request): boolean {
  const site = requestingSite(req);
  if (site === undefined) return false;
  let origin: string;
  try {
    origin = new URL(site).origin;
  } catch {
    return true; // "null" (sandboxed pages, file:) or garbage
  }
  return !ownSites(req).includes(origin);
}

/**
 * Refuses (403) writes that ride on the session cookie from another site (API.md "General"). Also
 * refuses cross-site reads of the panel's API: AdminJS runs some actions (activate a user...) on GET.
 */
export function refuseCrossSiteWrites(): RequestHandler {
  return (req, res, next) => {
    if (bearerToken(req.headers.authorization) !== undefined) return next();
    const panelApi = req.path.startsWith('/admin/api/');
    if (SAFE_METHODS.has(req.method) && !(panelApi && req.headers['sec-fetch-site'] === 'cross-site')) return next();
    if (SAFE_METHODS.has(req.method) || isCrossSite(req)) {
      return sendError(res, 403, 'cross_site_request', 'Requests from another site are refused');
    }
    next();
  };
}
