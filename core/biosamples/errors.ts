import type { Rejection, RejectionDetail } from './reason.js';

/**
 * How a BioSamples or Webin call can fail, as the submission job needs to tell the cases apart:
 * - BioSamplesRejected: BioSamples answered 4xx; the record needs revision, `reason` says why.
 * - BioSamplesAnswerLost: a write was sent but no answer came back (timeout, dropped connection,
 *   a gateway that lost the backend's answer). It may or may not have been applied; a reservation
 *   must be looked up by its alias, never blindly repeated.
 * - BioSamplesUnavailable: still failing after every retry (network, 429, 5xx); nothing to revise.
 * - WebinLoginFailed: Webin refused the username or password.
 */

export class BioSamplesRejected extends Error {
  /** The server's reason, readable by a curator. */
  readonly reason: string;
  /** The same, one entry per message, with the attribute concerned when the server names it. */
  readonly details: RejectionDetail[];

  constructor(
    readonly status: number,
    rejection: Rejection,
    readonly method: string,
    readonly path: string,
    /** The body as received, for the log. */
    readonly body: string,
  ) {
    super(`BioSamples refused ${method} ${path} (${status}): ${rejection.reason}`);
    this.name = 'BioSamplesRejected';
    this.reason = rejection.reason;
    this.details = rejection.details;
  }
}

export class BioSamplesAnswerLost extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly cause: unknown,
  ) {
    super(`No answer from BioSamples to ${method} ${path} (${describe(cause)}); it may have been applied`);
    this.name = 'BioSamplesAnswerLost';
  }
}

export class BioSamplesUnavailable extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`BioSamples did not answer ${method} ${path} after ${attempts} attempts: ${describe(cause)}`);
    this.name = 'BioSamplesUnavailable';
  }
}

export class WebinLoginFailed extends Error {
  constructor(readonly username: string) {
    super(`Webin refused the username or password of ${username}`);
    this.name = 'WebinLoginFailed';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}
