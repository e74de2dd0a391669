import { db } from '../db/data-source.js';
import type { Actor } from '../submissions/policy.js';
import { checkCredentials } from './accounts.js';

/** After this many failed logins in the window, an account, or an address, must wait. */
export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_WINDOW_MINUTES = 15;

export type LoginOutcome =
  | { result: 'ok'; actor: Actor }
  | { result: 'wrong' }
  /** Seconds until enough failures have left the window. */
  | { result: 'throttled'; retryAfter: number };

const accountOf = (email: unknown): string => (typeof email === 'string' ? email.trim().toLowerCase().slice(0, 255) : '');
const addressOf = (address: string | undefined): string => (address || 'unknown').slice(0, 64);

/**
 * A login through the panel form or the API. A throttled attempt is refused before the password
 * is looked at, so its answer (and its time) tells nothing about the password. A failure counts
 * for the account and for the address; a success forgets only that account's failures from that
 * address, so logging in to one's own account never wipes what the address did to others.
 */
export async function attemptLogin(email: unknown, password: unknown, address: string | undefined): Promise<LoginOutcome> {
  const account = accountOf(email);
  const from = addressOf(address);
  const retryAfter = await throttledFor(account, from);
  if (retryAfter !== null) return { result: 'throttled', retryAfter };
  const actor = await checkCredentials(email, password);
  if (!actor) {
    await db().query(`INSERT INTO login_failures (email, address) VALUES ($1, $2)`, [account, from]);
    return { result: 'wrong' };
  }
  await db().query(`DELETE FROM login_failures WHERE email = $1 AND address = $2`, [account, from]);
  return { result: 'ok', actor };
}

/**
 * Seconds to wait, or null when neither the account nor the address has reached the limit. The
 * wait ends when the LIMIT-th most recent failure leaves the window (then fewer than LIMIT remain).
 */
export async function throttledFor(account: string, address: string): Promise<number | null> {
  const [{ wait }]: { wait: string | null }[] = await db().query(
    `WITH w AS (SELECT make_interval(mins => $3) AS span)
     SELECT extract(epoch FROM GREATEST(
         (SELECT at FROM login_failures, w WHERE email = $1 AND at > now() - w.span ORDER BY at DESC OFFSET $4 - 1 LIMIT 1),
         (SELECT at FROM login_failures, w WHERE address = $2 AND at > now() - w.span ORDER BY at DESC OFFSET $4 - 1 LIMIT 1)
       ) + (SELECT span FROM w) - now()) AS wait`,
    [account, address, LOGIN_WINDOW_MINUTES, LOGIN_FAILURE_LIMIT],
  );
  return wait === null ? null : Math.max(1, Math.ceil(Number(wait)));
}

/** For a person: how long to wait, in minutes when it is more than a minute. */
export function throttleMessage(retryAfter: number): string {
  const wait = retryAfter > 60 ? `${Math.ceil(retryAfter / 60)} minutes` : `${retryAfter} seconds`;
  return `Too many failed logins for this account or from this address. Try again in ${wait}.`;
}

/** Failures that no longer count (scheduler's clean-up job). */
export async function deleteOldLoginFailures(): Promise<number> {
  const [, n] = await db().query(`DELETE FROM login_failures WHERE at < now() - make_interval(mins => $1)`, [LOGIN_WINDOW_MINUTES]);
  return n;
}
