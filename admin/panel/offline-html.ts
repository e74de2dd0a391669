import type { RequestHandler } from 'express';

const GOOGLE_FONTS = /<link[^>]+fonts\.googleapis\.com[^>]*>/g;

/**
 * AdminJS's page templates hard-code a Google Fonts stylesheet; the panel must not call out to
 * other sites (offline installs, privacy, a strict content security policy), so it is removed.
 */
export const withoutExternalFonts: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' && body.includes('fonts.googleapis.com') ? body.replace(GOOGLE_FONTS, '') : body);
  next();
};
