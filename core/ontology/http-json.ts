/** GET-and-parse for the ontology services, with a timeout and jittered retries (ARCHITECTURE.md rule 5). */

/** The service could not be reached or kept failing (network error, timeout, 429, 5xx). */
export class ServiceUnavailableError extends Error {
  constructor(readonly service: string, readonly reason: string) {
    super(`${service} is unavailable: ${reason}`);
  }
}

/** The service answered with a client error (404 for an unknown term, 400 for a bad query). */
export class HttpStatusError extends Error {
  constructor(readonly service: string, readonly status: number, readonly url: string) {
    super(`${service} answered ${status} for ${url}`);
  }
}

export interface GetJsonOptions {
  service: string;
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  backoffMs?: number;
  /** Stops retrying (and the request under way) when the caller gives up. */
  signal?: AbortSignal;
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;

export async function getJson<T>(url: string, options: GetJsonOptions): Promise<T> {
  const { service, timeoutMs = 10_000, attempts = 3, backoffMs = 200, signal } = options;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(jittered(backoffMs * 2 ** (attempt - 2)));
    if (signal?.aborted) throw new ServiceUnavailableError(service, reason || 'given up');
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ? AbortSignal.any([timeout, signal]) : timeout });
    } catch (err) {
      reason = describeNetworkError(err);
      continue;
    }
    if (response.ok) {
      try {
        return (await response.json()) as T;
      } catch {
        reason = 'the answer was not JSON';
        continue;
      }
    }
    await response.body?.cancel();
    if (!RETRYABLE(response.status)) throw new HttpStatusError(service, response.status, url);
    reason = `HTTP ${response.status}`;
  }
  throw new ServiceUnavailableError(service, reason);
}

// Full jitter: many workers retrying together do not hit the service in step.
const jittered = (ms: number) => ms / 2 + Math.random() * ms;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}
