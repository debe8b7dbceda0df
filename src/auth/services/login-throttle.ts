import { RateLimiterMemory } from 'rate-limiter-flexible';
import { AppError, ErrorCode } from '../../graphql/errors';

/**
 * Failed sign-ins are limited per username (5 in 15 minutes) and per address (20 in 15 minutes).
 * Counters live in this process: behind a load balancer each instance counts its own.
 */
export class LoginThrottle {
  private readonly byUser = new RateLimiterMemory({ keyPrefix: 'login-user', points: 5, duration: 900 });
  private readonly byAddress = new RateLimiterMemory({ keyPrefix: 'login-ip', points: 20, duration: 900 });

  async assertAllowed(username: string, address: string): Promise<void> {
    const [user, ip] = await Promise.all([this.byUser.get(username), this.byAddress.get(address)]);
    const blocked = [user && user.remainingPoints <= 0 && user, ip && ip.remainingPoints <= 0 && ip].filter(
      Boolean,
    ) as { msBeforeNext: number }[];
    if (blocked.length) {
      const retryAfterSeconds = Math.ceil(Math.max(...blocked.map((b) => b.msBeforeNext)) / 1000);
      throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([this.byUser.penalty(username, 1), this.byAddress.penalty(address, 1)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.byUser.delete(username);
  }
}
