import jwt from 'jsonwebtoken';
import { TokenService } from '../../src/auth/tokens';

/** Access tokens checked once per process and kept until they expire (src/auth/tokens.ts). */
let now = new Date('2026-11-30T01:00:00Z');
const clock = { timeZone: 'Asia/Shanghai', now: () => now };
const SECRET = 'a-test-secret-of-enough-length-0123456789';

test('a token checked once is answered from memory until its expiry, then refused as expired', () => {
  const tokens = new TokenService(SECRET, 900, 30, clock);
  const { token } = tokens.issueAccess(7, 11);
  const verify = jest.spyOn(jwt, 'verify');
  try {
    expect(tokens.verifyAccess(token)).toEqual({ accountId: 7, sessionId: 11 });
    expect(tokens.verifyAccess(token)).toEqual({ accountId: 7, sessionId: 11 });
    expect(verify).toHaveBeenCalledTimes(1);
    now = new Date(now.getTime() + 899_000);
    expect(tokens.verifyAccess(token)).toEqual({ accountId: 7, sessionId: 11 });
    now = new Date(now.getTime() + 1_000);
    expect(tokens.verifyAccess(token)).toEqual({ problem: 'expired' });
    expect(verify).toHaveBeenCalledTimes(1);
  } finally {
    verify.mockRestore();
  }
});

test('forged, altered and session-less tokens are never kept as valid', () => {
  const tokens = new TokenService(SECRET, 900, 30, clock);
  const { token } = tokens.issueAccess(7, 11);
  const [head, , signature] = token.split('.');
  const altered = [head, Buffer.from(JSON.stringify({ sub: '8', sid: 11 })).toString('base64url'), signature].join('.');
  // Issued at the test's instant: jsonwebtoken would take the machine's clock, and on a machine day
  // before the test's the token would have expired before it is checked.
  const iat = Math.floor(now.getTime() / 1000);
  const forged = jwt.sign({ sub: '7', sid: 11, iat }, 'another-secret-of-enough-length-0123456789', {
    issuer: 'jiceng',
    expiresIn: 900,
  });
  const sessionless = jwt.sign({ sub: '7', iat }, SECRET, { issuer: 'jiceng', expiresIn: 900 });
  for (const bad of [altered, forged, sessionless]) {
    expect(tokens.verifyAccess(bad)).toEqual({ problem: 'invalid' });
    expect(tokens.verifyAccess(bad)).toEqual({ problem: 'invalid' });
  }
});
