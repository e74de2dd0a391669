import { Router } from 'express';
import { z } from 'zod';
import { changeOwnPassword, updateUser } from '../../core/users/accounts.js';
import { userProfile } from '../../core/users/profile.js';
import { actorOf, requireLogin } from './guards.js';
import { personFields } from './person-fields.js';

const patchMe = personFields
  .extend({ password: z.string().min(1).optional(), currentPassword: z.string().optional() })
  .strict();

/** `GET/PATCH /api/me`: the logged-in user's own profile. */
export const router = Router();

router.get('/me', requireLogin, async (req, res) => {
  res.json(await userProfile(actorOf(req).id));
});

router.patch('/me', requireLogin, async (req, res) => {
  const actor = actorOf(req);
  const { password, currentPassword, ...person } = patchMe.parse(req.body);
  if (password !== undefined) await changeOwnPassword(actor.id, currentPassword, password);
  await updateUser(actor.id, person, actor);
  res.json(await userProfile(actor.id));
});
