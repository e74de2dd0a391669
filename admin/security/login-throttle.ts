import type { RequestHandler, Response } from 'express';
import { throttleMessage } from '../../core/users/login-throttle.js';

/**
 * The panel's form login is AdminJS's route, which answers every refusal with 400 and its login
 * page. When the refusal was a throttle (see `refuseThrottledPanelLogin`), this makes the same
 * page a 429 with Retry-After, as `POST /api/login` answers. Mounted on the panel's path.
 */
export const throttledPanelLoginStatus: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.path !== '/login') return next();
  const send = res.send.bind(res);
  res.send = (body?: unknown) => {
    const wait = res.locals.loginRetryAfter;
    if (typeof wait === 'number') res.status(429).set('Retry-After', String(wait));
    return send(body);
  };
  next();
};

/** Inside AdminJS's `authenticate`: an Error's message is what its login page shows. */
export function refuseThrottledPanelLogin(res: Response | undefined, retryAfter: number): never {
  if (res) res.locals.loginRetryAfter = retryAfter;
  throw new Error(throttleMessage(retryAfter));
}
