import { Router } from 'express';
import { z } from 'zod';
import { db } from '../../core/db/data-source.js';
import { createApiToken, revokeApiToken } from '../../core/users/tokens.js';
import { notFound } from './errors.js';
import { actorOf, idParam, requireLogin } from './guards.js';

const newToken = z.object({ name: z.string().trim().min(1).max(255) }).strict();

/** `POST /api/tokens` (the token is shown only in this answer), `GET /api/tokens`, `DELETE /api/tokens/:id`. */
export const router = Router();

router.post('/tokens', requireLogin, async (req, res) => {
  const { name } = newToken.parse(req.body);
  res.status(201).json(await createApiToken(actorOf(req).id, name));
});

router.get('/tokens', requireLogin, async (req, res) => {
  const rows: { id: number; name: string; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }[] =
    await db().query(
      `SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id`,
      [actorOf(req).id],
    );
  res.json({
    items: rows.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      createdAt: t.created_at.toISOString(),
      lastUsedAt: t.last_used_at?.toISOString() ?? null,
      revokedAt: t.revoked_at?.toISOString() ?? null,
    })),
  });
});

router.delete('/tokens/:id', requireLogin, async (req, res) => {
  if (!(await revokeApiToken(idParam(req), actorOf(req)))) throw notFound('No such token');
  res.status(204).end();
});
