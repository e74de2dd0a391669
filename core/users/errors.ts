/** A request about an account that is well-formed but cannot be done (unknown organization, e-mail taken...). */
export class AccountError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}
