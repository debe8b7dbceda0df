import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Clock } from '../clock';

/**
 * Short-lived access tokens (JWT, HS256) naming their account (`sub`) and session (`sid`), and opaque
 * refresh tokens stored only as hashes; issued and checked against the application's clock.
 */
export class TokenService {
  /** Made once: given a string, jsonwebtoken builds a key object on every call (17 % of a read's CPU). */
  private readonly key: KeyObject;

  constructor(
    secret: string,
    readonly accessTtlSeconds: number,
    readonly refreshTtlDays: number,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  /** An access token for a session: it works while the session lasts, and at most `accessTtlSeconds`. */
  issueAccess(accountId: number, sessionId: number): { token: string; expiresAt: Date } {
    const now = this.clock.now().getTime();
    const token = jwt.sign({ sub: String(accountId), sid: sessionId, iat: Math.floor(now / 1000) }, this.key, {
      algorithm: 'HS256',
      expiresIn: this.accessTtlSeconds,
      issuer: 'jiceng',
    });
    return { token, expiresAt: new Date(now + this.accessTtlSeconds * 1000) };
  }

  /** The account and session of a valid access token, or why it is not valid (a token without a session is not). */
  verifyAccess(token: string): { accountId: number; sessionId: number } | { problem: 'expired' | 'invalid' } {
    try {
      const claims = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: 'jiceng',
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      }) as jwt.JwtPayload;
      const accountId = Number(claims.sub);
      const sessionId = claims.sid;
      return Number.isInteger(accountId) && accountId > 0 && Number.isInteger(sessionId) && sessionId > 0
        ? { accountId, sessionId }
        : { problem: 'invalid' };
    } catch (err) {
      return { problem: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
    }
  }

  newRefreshToken(): { token: string; hash: string; expiresAt: Date } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.refreshTtlDays * 86400_000);
    return { token, hash: hashToken(token), expiresAt };
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
