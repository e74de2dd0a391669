import { Router } from 'express';
import { z } from 'zod';
import { USER_ROLES } from '../../core/db/entities/enums.js';
import { createUser, updateUser } from '../../core/users/accounts.js';
import { listUserProfiles, userProfile } from '../../core/users/profile.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireAdmin, requireLogin } from './guards.js';
import { listBody, pageOf } from './pagination.js';
import { personFields } from './person-fields.js';

const newUser = personFields
  .extend({
    email: z.string().min(3).max(255),
    password: z.string().min(1),
    role: z.enum(USER_ROLES),
    firstName: z.string().max(255),
    lastName: z.string().max(255),
  })
  .strict();

const userChanges = personFields
  .extend({
    email: z.string().min(3).max(255).optional(),
    role: z.enum(USER_ROLES).optional(),
    active: z.boolean().optional(),
    password: z.string().min(1).optional(),
  })
  .strict();

/** Admin user management: `GET/POST /api/users`, `GET/PATCH /api/users/:id`. */
export const router = Router();
router.use('/users', requireLogin, requireAdmin);

router.get('/users', async (req, res) => {
  const page = pageOf(req.query);
  const { items, total } = await listUserProfiles(page.page, page.perPage);
  res.json(listBody(items, total, page));
});

router.post('/users', async (req, res) => {
  const id = await createUser(newUser.parse(req.body));
  res.status(201).json({ id });
});

router.get('/users/:id', async (req, res) => {
  const profile = await userProfile(idParam(req), { withActive: true });
  if (!profile) throw notFound('No such user');
  res.json(profile);
});

router.patch('/users/:id', async (req, res) => {
  const id = idParam(req);
  if (!(await updateUser(id, userChanges.parse(req.body), actorOf(req)))) throw notFound('No such user');
  res.json(await userProfile(id, { withActive: true }));
});
