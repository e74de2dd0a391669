import crypto from 'node:crypto';

/**
 * The ENA Webin token service as the fake BioSamples server plays it: `POST
 * /ena/submit/webin/auth/token` with `{authRealms: ["ENA"], username, password}` answers the raw JWT
 * as text/plain. Tokens look like Webin's (HS256, payload `{principle, role: [], exp, iat}`), and the
 * fake verifies its own signature and `exp`, so an expired or forged token gets 401 like the real one.
 */

export interface WebinAccount {
  /** What the curator types: a Webin id ("Webin-12345") or the account's e-mail. */
  username: string;
  password: string;
  /** The token's `principle`; defaults to the username. */
  webinId?: string;
}

export interface TokenClaims {
  principle: string;
  role: string[];
  exp: number;
  iat: number;
}

const b64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

export class FakeWebin {
  private secret = crypto.randomBytes(32);
  /** exp − iat of the tokens it issues. The real service gives 3 hours (BIOSAMPLES.md §3.2). */
  tokenLifetimeSeconds: number;

  constructor(
    readonly accounts: WebinAccount[],
    tokenLifetimeSeconds = 3 * 3600,
  ) {
    this.tokenLifetimeSeconds = tokenLifetimeSeconds;
  }

  /** The `principle` for these credentials, or null when Webin would refuse them. */
  login(username: unknown, password: unknown): string | null {
    if (typeof username !== 'string' || typeof password !== 'string') return null;
    const account = this.accounts.find((a) => a.username.toLowerCase() === username.toLowerCase() && a.password === password);
    return account ? (account.webinId ?? account.username) : null;
  }

  issue(principle: string, nowMs = Date.now()): string {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = { principle, role: [], exp: iat + this.tokenLifetimeSeconds, iat };
    const unsigned = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
    return `${unsigned}.${this.sign(unsigned)}`;
  }

  /** The Webin id a bearer token stands for, or null when it is missing, forged or expired. */
  verify(authorization: string | undefined, nowMs = Date.now()): string | null {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const parts = token?.split('.');
    if (!parts || parts.length !== 3) return null;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
      return claims.exp * 1000 > nowMs ? claims.principle : null;
    } catch {
      return null;
    }
  }

  /** Invalidates every token issued so far (as if Webin rotated its keys). */
  revokeTokens(): void {
    this.secret = crypto.randomBytes(32);
  }

  private sign(unsigned: string): string {
    return crypto.createHmac('sha256', this.secret).update(unsigned).digest('base64url');
  }
}
