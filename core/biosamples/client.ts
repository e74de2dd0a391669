import http from 'node:http';
import https from 'node:https';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import { config } from '../config.js';
import { logger as rootLogger } from '../logger.js';
import { BioSamplesAnswerLost, BioSamplesRejected, BioSamplesUnavailable } from './errors.js';
import { backoffDelay, NetworkFailure, retryAfterMs, sendOnce, sleep, type HttpAnswer } from './http.js';
import { RequestPacer } from './pacer.js';
import { rejectionFromBody } from './reason.js';
import { ALIAS_CHARACTERISTIC, aliasOf, type BioSample } from './sample.js';
import type { TokenSource } from './webin-auth.js';

export interface BioSamplesClientOptions {
  tokens: TokenSource;
  /** API root; default BIOSAMPLES_URL. */
  baseUrl?: string;
  /** Requests in flight at once; default SUBMIT_CONCURRENCY. */
  concurrency?: number;
  /** Request starts per second; default SUBMIT_RATE_PER_SECOND; null or Infinity lifts the limit. */
  ratePerSecond?: number | null;
  /** Per attempt, connecting to last byte; default 60 s. */
  timeoutMs?: number;
  /** Attempts per request, the first included; default 6. */
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  logger?: Logger;
}

interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Repeating it is harmless (GET, PUT); a POST creates a new sample each time. */
  idempotent: boolean;
}

/**
 * The one BioSamples client. Create one per submission run: its concurrency limit and pace are
 * shared by every request of the run. Retries, with jittered exponential backoff, only what cannot
 * have changed anything or is harmless to repeat; a POST whose answer was lost throws
 * BioSamplesAnswerLost instead (see errors.ts).
 */
export class BioSamplesClient {
  readonly stats = { requests: 0, retries: 0 };
  private readonly base: string;
  private readonly limit: LimitFunction;
  private readonly pacer: RequestPacer;
  private readonly agent: http.Agent;
  private readonly log: Logger;

  constructor(private readonly options: BioSamplesClientOptions) {
    const settings = config().biosamples;
    this.base = (options.baseUrl ?? settings.url).replace(/\/$/, '');
    const concurrency = options.concurrency ?? settings.concurrency;
    this.limit = pLimit(concurrency);
    this.pacer = new RequestPacer(options.ratePerSecond === undefined ? settings.ratePerSecond : options.ratePerSecond);
    const Agent = this.base.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.log = options.logger ?? rootLogger;
  }

  /** Registers a private sample and answers its new accession (no checklist or taxonomy check yet). */
  async reserveAccession(sample: BioSample): Promise<BioSample & { accession: string }> {
    const call: Call = { method: 'POST', path: '/samples/accession', body: sample, idempotent: false };
    return withAccession(await this.call(call), call);
  }

  async create(sample: BioSample): Promise<BioSample & { accession: string }> {
    const call: Call = { method: 'POST', path: '/samples', body: sample, idempotent: false };
    return withAccession(await this.call(call), call);
  }

  /** Replaces the whole sample; its `accession` must be `accession`. */
  async put(accession: string, sample: BioSample): Promise<BioSample> {
    return (await this.call({ method: 'PUT', path: `/samples/${encodeURIComponent(accession)}`, body: sample, idempotent: true }))!;
  }

  /** The sample as submitted (curations not applied), or null when BioSamples does not know it. */
  async get(accession: string): Promise<BioSample | null> {
    return this.call({ method: 'GET', path: `/samples/${encodeURIComponent(accession)}`, query: { applyCurations: 'false' }, idempotent: true });
  }

  /** Every sample carrying this `InjectTool alias`, private ones of this account included. */
  async findByAlias(alias: string): Promise<BioSample[]> {
    const query = { filter: `attr:${ALIAS_CHARACTERISTIC}:${alias}`, size: '200' };
    const page = await this.call<{ _embedded?: { samples?: BioSample[] } }>({ method: 'GET', path: '/samples', query, idempotent: true });
    // The search index matches loosely; only an exact alias counts.
    return (page?._embedded?.samples ?? []).filter((s) => aliasOf(s) === alias);
  }

  close(): void {
    this.agent.destroy();
  }

  private async call<T = BioSample>(call: Call): Promise<T | null> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    let tokenRenewed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.token();
      let failure: unknown;
      let delay: number;
      try {
        const answer = await this.limit(() => this.attempt(call, token));
        const { status, headers } = answer;
        if (status >= 200 && status < 300) return parse<T>(answer, call);
        if (status === 404 && call.method === 'GET') return null;
        if (status === 401 && !tokenRenewed) {
          // The token expired or was revoked between our check and the server's: renew it once.
          this.options.tokens.invalidate(token);
          tokenRenewed = true;
          attempt--;
          continue;
        }
        if (status !== 429 && status < 500) {
          throw new BioSamplesRejected(status, rejectionFromBody(status, answer.body), call.method, call.path, answer.body);
        }
        if (status >= 500 && status !== 503 && !call.idempotent) {
          // Only 503 promises nothing was done. A 500 can come after the sample was stored, and a
          // 502/504 is a gateway that lost the backend's answer: the POST may have worked.
          throw new BioSamplesAnswerLost(call.method, call.path, new Error(`HTTP ${status}`));
        }
        failure = new Error(`HTTP ${status}`);
        delay = retryAfterMs(headers['retry-after']) ?? this.backoff(attempt);
        if (status === 429) {
          // The whole run waits, not only this request; the pacer holds the others.
          this.pacer.pause(delay);
          delay = 0;
        }
      } catch (err) {
        if (!(err instanceof NetworkFailure)) throw err;
        if (err.sent && !call.idempotent) throw new BioSamplesAnswerLost(call.method, call.path, err);
        failure = err;
        delay = this.backoff(attempt);
      }
      if (attempt >= maxAttempts) throw new BioSamplesUnavailable(call.method, call.path, attempt, failure);
      this.stats.retries++;
      this.log.warn({ method: call.method, path: call.path, attempt, delay: Math.round(delay), err: String(failure) }, 'BioSamples request failed; retrying');
      await sleep(delay);
    }
  }

  private async attempt(call: Call, token: string): Promise<HttpAnswer> {
    await this.pacer.waitTurn();
    this.stats.requests++;
    const url = new URL(this.base + call.path);
    // Older BioSamples releases read the token as AAP unless told otherwise; newer ones ignore this.
    url.searchParams.set('authProvider', 'WEBIN');
    for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.set(k, v);
    return sendOnce({
      method: call.method,
      url,
      agent: this.agent,
      timeoutMs: this.options.timeoutMs ?? 60_000,
      headers: {
        Accept: 'application/hal+json',
        // An empty token reads as anonymous (public samples only).
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(call.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.options.backoffBaseMs ?? 500, this.options.backoffMaxMs ?? 30_000, this.options.random ?? Math.random);
  }
}

function parse<T>(answer: HttpAnswer, call: Call): T {
  try {
    return JSON.parse(answer.body) as T;
  } catch (err) {
    // A 2xx we cannot read is as good as no answer: for a POST, the sample may exist.
    if (!call.idempotent) throw new BioSamplesAnswerLost(call.method, call.path, err);
    throw new BioSamplesUnavailable(call.method, call.path, 1, err);
  }
}

function withAccession(sample: BioSample | null, call: Call): BioSample & { accession: string } {
  if (!sample?.accession) throw new BioSamplesAnswerLost(call.method, call.path, new Error('answer without an accession'));
  return sample as BioSample & { accession: string };
}
