import { db } from '../db/data-source.js';
import { deleteOldLoginFailures } from './login-throttle.js';

/** A revoked token stays listed (as revoked) this long, so its owner can see what happened to it. */
export const REVOKED_TOKENS_KEPT_DAYS = 30;

/** Deletes sessions past their expiry, API tokens that expired or were revoked long ago, and login failures that no longer count. */
export async function deleteExpiredCredentials(): Promise<{ sessions: number; tokens: number; loginFailures: number }> {
  const [, sessions] = await db().query(`DELETE FROM session WHERE expire < now()`);
  const [, tokens] = await db().query(
    `DELETE FROM api_tokens WHERE expires_at < now() OR revoked_at < now() - make_interval(days => $1)`,
    [REVOKED_TOKENS_KEPT_DAYS],
  );
  const loginFailures = await deleteOldLoginFailures();
  return { sessions, tokens, loginFailures };
}
