import { config } from '../config.js';
import { logger } from '../logger.js';
import { WebinLoginFailed, BioSamplesUnavailable } from './errors.js';
import { backoffDelay, NetworkFailure, retryAfterMs, sendOnce, sleep } from './http.js';

export interface WebinCredentials {
  username: string;
  password: string;
}

export interface WebinTokenOptions {
  /** The token endpoint; default WEBIN_AUTH_URL. */
  url?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  random?: () => number;
}

/** What the BioSamples client needs from whoever holds the login. */
export interface TokenSource {
  token(): Promise<string>;
  /** The server refused this token (401): fetch a new one next time. */
  invalidate(token: string): void;
}

export interface TokenClaims {
  /** Seconds since the epoch. */
  exp: number;
  iat?: number;
  /** The Webin id (Webin-12345); Webin spells the claim this way. */
  principle?: string;
}

/**
 * Asks Webin for a token (the raw JWT, as text). Wrong credentials give WebinLoginFailed; network
 * errors, 429 and 5xx are retried, since asking twice for a token does no harm.
 */
export async function requestWebinToken(credentials: WebinCredentials, options: WebinTokenOptions = {}): Promise<string> {
  const url = new URL(options.url ?? config().biosamples.webinAuthUrl);
  const maxAttempts = options.maxAttempts ?? 5;
  const body = JSON.stringify({ authRealms: ['ENA'], username: credentials.username, password: credentials.password });
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    let wait: number | null = null;
    try {
      const answer = await sendOnce({
        method: 'POST', url, body, timeoutMs: options.timeoutMs ?? 30_000,
        headers: { 'Content-Type': 'application/json', Accept: 'text/plain, */*' },
      });
      if (answer.status === 200) return tokenFromBody(answer.body);
      if (answer.status === 401 || answer.status === 403) throw new WebinLoginFailed(credentials.username);
      if (answer.status !== 429 && answer.status < 500) throw new Error(`Webin answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      failure = new Error(`Webin answered ${answer.status}`);
      wait = retryAfterMs(answer.headers['retry-after']);
    } catch (err) {
      if (!(err instanceof NetworkFailure)) throw err;
      failure = err;
    }
    if (attempt >= maxAttempts) throw new BioSamplesUnavailable('POST', url.pathname, attempt, failure);
    const delay = wait ?? backoffDelay(attempt, options.backoffBaseMs ?? 500, 30_000, options.random ?? Math.random);
    logger.warn({ attempt, delay, err: String(failure) }, 'Webin token request failed; retrying');
    await sleep(delay);
  }
}

/** The claims of a JWT, read without verifying it: only Webin can, and we only need `exp`. */
export function tokenClaims(token: string): TokenClaims | null {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as TokenClaims;
    return typeof claims.exp === 'number' ? claims : null;
  } catch {
    return null;
  }
}

/**
 * Holds a Webin token for a submission run and fetches a new one before it expires: `exp` is read
 * from the token (Webin's lifetime has varied between 3 and 5 hours), and the token is renewed
 * 10 minutes before it, or a fifth of its lifetime for short-lived tokens. Concurrent callers share
 * one renewal.
 */
export class WebinTokenProvider implements TokenSource {
  private current: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly credentials: WebinCredentials,
    private readonly options: WebinTokenOptions & { now?: () => number } = {},
  ) {}

  get username(): string {
    return this.credentials.username;
  }

  async token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return this.current.token;
    this.pending ??= this.renew().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async renew(): Promise<string> {
    const fetchedAt = this.now();
    const token = await requestWebinToken(this.credentials, this.options);
    const claims = tokenClaims(token);
    // Without a readable exp, assume the shortest lifetime Webin is documented to give.
    const expiresAt = claims ? claims.exp * 1000 : fetchedAt + 3 * 3600_000;
    const lifetime = Math.max(0, expiresAt - (claims?.iat ? claims.iat * 1000 : fetchedAt));
    this.current = { token, renewAt: expiresAt - Math.min(10 * 60_000, lifetime / 5) };
    return token;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/** Logs in at once, so wrong credentials are refused before anything is sent (WebinLoginFailed). */
export async function loginToWebin(credentials: WebinCredentials, options: WebinTokenOptions = {}): Promise<WebinTokenProvider> {
  const provider = new WebinTokenProvider(credentials, options);
  await provider.token();
  return provider;
}

function tokenFromBody(body: string): string {
  const text = body.trim();
  // Tolerate a JSON string ("eyJ…") as well as the documented bare text.
  return text.startsWith('"') ? (JSON.parse(text) as string) : text;
}
