import { Router } from 'express';
import { z } from 'zod';
import { findActiveActor } from '../../core/users/accounts.js';
import { attemptLogin, throttleMessage } from '../../core/users/login-throttle.js';
import { userProfile } from '../../core/users/profile.js';
import { destroySession, regenerateSession, saveSession, SESSION_COOKIE, sessionCookieOptions } from '../auth/session.js';
import { sessionUser } from '../auth/identity.js';
import { ApiError } from './errors.js';

const loginBody = z.object({ email: z.string().min(1), password: z.string().min(1) });

/** `POST /api/login`, `POST /api/logout`: the same session as the panel's login form. */
export const router = Router();

router.post('/login', async (req, res) => {
  const { email, password } = loginBody.parse(req.body);
  const login = await attemptLogin(email, password, req.ip);
  if (login.result === 'throttled') {
    res.set('Retry-After', String(login.retryAfter));
    throw new ApiError(429, 'too_many_login_failures', throttleMessage(login.retryAfter));
  }
  const user = login.result === 'ok' ? await findActiveActor(login.actor.id) : null;
  if (!user) throw new ApiError(401, 'invalid_credentials', 'Wrong e-mail or password');
  await regenerateSession(req);
  req.session.adminUser = sessionUser(user);
  await saveSession(req);
  res.json(await userProfile(user.id));
});

router.post('/logout', async (req, res) => {
  if (req.session) await destroySession(req);
  const { path, httpOnly, sameSite, secure } = sessionCookieOptions();
  res.clearCookie(SESSION_COOKIE, { path, httpOnly, sameSite, secure: secure === true });
  res.status(204).end();
});
