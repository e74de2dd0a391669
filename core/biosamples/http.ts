import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * The request got no complete answer. `sent` tells whether the whole request had been handed to the
 * network before it failed: if not (connection refused, DNS), the server cannot have acted on it; if
 * so (reset, timeout, half an answer), it may have.
 */
export class NetworkFailure extends Error {
  constructor(
    readonly sent: boolean,
    readonly timedOut: boolean,
    readonly cause: unknown,
  ) {
    super(timedOut ? 'timed out' : cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkFailure';
  }
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  /** For the whole exchange: connecting, sending, and reading the answer. */
  timeoutMs: number;
  agent?: http.Agent;
}

/** One HTTP exchange, no retry. Resolves with any status; rejects only with a NetworkFailure. */
export function sendOnce(request: HttpRequest): Promise<HttpAnswer> {
  const transport = request.url.protocol === 'https:' ? https : http;
  const payload = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  return new Promise((resolve, reject) => {
    let sent = false;
    let timedOut = false;
    const req = transport.request(request.url, {
      method: request.method,
      agent: request.agent,
      headers: { ...request.headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`no answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      reject(new NetworkFailure(sent, timedOut, err));
    };
    req.on('finish', () => {
      sent = true;
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('aborted', () => fail(new Error('answer cut off')));
      res.on('end', () => {
        if (!res.complete) return fail(new Error('answer cut off'));
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(payload);
  });
}

/** Exponential backoff with jitter: between half and all of base·2^(retry−1), capped. */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
