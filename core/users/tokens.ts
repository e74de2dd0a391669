import crypto from 'node:crypto';
import { db } from '../db/data-source.js';
import type { UserRole } from '../db/entities/enums.js';
import type { Actor } from '../submissions/policy.js';

const TOKEN_PREFIX = 'itk_';

export const hashToken = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

/** Creates a bearer token for `userId`; the token itself is returned only here, the database keeps its SHA-256. */
export async function createApiToken(userId: number, name: string): Promise<{ id: number; name: string; token: string }> {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  const [{ id }] = await db().query(
    `INSERT INTO api_tokens (name, token_hash, prefix, user_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [name, hashToken(token), token.slice(0, 10), userId],
  );
  return { id, name, token };
}

/** Revokes token `id` if `by` owns it (or is an admin); false when there is no such token for them. */
export async function revokeApiToken(id: number, by: Actor): Promise<boolean> {
  const rows = await db().query(
    `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 AND ($2 OR user_id = $3) RETURNING id`,
    [id, by.role === 'admin', by.id],
  ).then((r: [unknown[], number]) => r[0]);
  return rows.length === 1;
}

/** The active owner of a valid (not revoked, not expired) token, or null. */
export async function actorForToken(token: string): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const rows: { token_id: number; id: number; email: string; role: UserRole }[] = await db().query(
    `SELECT t.id AS token_id, u.id, u.email, u.role
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND u.active AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  // At most one write a minute per token, not one per request.
  await db().query(
    `UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
    [row.token_id],
  );
  return { id: row.id, email: row.email, role: row.role };
}
