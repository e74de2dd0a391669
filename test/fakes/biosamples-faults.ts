import { Answer, springError } from './biosamples-rules.js';
import { seededRandom } from '../seeded-random.js';

export type FakeRoute = 'token' | 'create' | 'reserve' | 'put' | 'get' | 'search';

/**
 * error / throttle: a 5xx or a 429 with Retry-After, answered *before* the request is processed.
 * drop / stall: the request is processed (a sample is stored), then the connection is cut, or held
 * open without an answer until the client gives up: the client cannot tell whether it worked.
 */
export type FaultKind = 'error' | 'throttle' | 'drop' | 'stall';

/** One request's fate in a deterministic plan. */
export type FaultStep = 'ok' | FaultKind | { error: number } | { throttle: number };

export interface RouteFaults {
  /** Consumed one step per request of the route, before the rates apply. */
  plan?: FaultStep[];
  errorRate?: number;
  /** Status of injected errors; default 503. */
  errorStatus?: number;
  throttleRate?: number;
  /** Retry-After of injected 429s, in seconds; default 1. */
  retryAfterSeconds?: number;
  dropRate?: number;
  stallRate?: number;
}

export type FaultSettings = Partial<Record<FakeRoute, RouteFaults>>;

export interface FaultDecision {
  /** Answer with this instead of processing. */
  early?: { kind: 'error' | 'throttle'; answer: Answer; headers?: Record<string, string> };
  /** Process, then cut (drop) or hold (stall) the connection. */
  late?: 'drop' | 'stall';
}

export class FaultInjector {
  private settings: FaultSettings = {};
  private random: () => number;

  /** The same seed replays a run with random faults exactly. */
  constructor(settings: FaultSettings, seed: number) {
    this.random = seededRandom(seed);
    this.set(settings);
  }

  set(settings: FaultSettings): void {
    this.settings = structuredClone(settings);
  }

  /** The fate of one request of this route: the plan's next step, else a roll against the rates. */
  decide(route: FakeRoute, path: string): FaultDecision {
    const faults = this.settings[route];
    if (!faults) return {};
    const step = faults.plan?.length ? faults.plan.shift()! : this.roll(faults);
    if (step === 'drop' || step === 'stall') return { late: step };
    if (step === 'error' || (typeof step === 'object' && 'error' in step)) {
      const status = typeof step === 'object' ? step.error : (faults.errorStatus ?? 503);
      return { early: { kind: 'error', answer: springError(status, '', path) } };
    }
    if (step === 'throttle' || (typeof step === 'object' && 'throttle' in step)) {
      const seconds = typeof step === 'object' ? step.throttle : (faults.retryAfterSeconds ?? 1);
      const answer = springError(429, 'Too Many Requests', path);
      return { early: { kind: 'throttle', answer, headers: { 'Retry-After': String(seconds) } } };
    }
    return {};
  }

  private roll(f: RouteFaults): FaultStep {
    const r = this.random();
    const error = f.errorRate ?? 0;
    const throttle = error + (f.throttleRate ?? 0);
    const drop = throttle + (f.dropRate ?? 0);
    const stall = drop + (f.stallRate ?? 0);
    if (r < error) return 'error';
    if (r < throttle) return 'throttle';
    if (r < drop) return 'drop';
    if (r < stall) return 'stall';
    return 'ok';
  }
}
