import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { rateCountersOf } from '../../db/rate-counters';
import { AppError, ErrorCode } from '../../graphql/errors';
import { CORE_MESSAGES as M } from '../../messages/core';
import { localized } from '../../messages/catalogue';

const WHICH = {
  username: localized('该用户名', 'for this username'),
  address: localized('该地址', 'from this address'),
};

const WINDOW_SECONDS = 900;
export const PASSWORD_CHECKS_PER_USERNAME = 5;
export const PASSWORD_CHECKS_PER_ADDRESS = 20;

/** A password check that was allowed and counted before it ran; settle it once the outcome is known. */
export interface PasswordCheckReservation {
  userKey: string;
  addressKey: string;
}

/**
 * Password checks are limited per username (5 in 15 minutes) and per address (20 in 15 minutes),
 * counted in PostgreSQL so every process shares them. The check is reserved atomically *before* the
 * password is hashed: of any number of simultaneous guesses, only as many as the limit allows are
 * checked, the rest are refused without touching the hash. A successful check clears the username's
 * count and gives the address its attempt back; a failed one stays counted.
 */
export class LoginThrottle {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Reserves one password check for the username from the address, or refuses with RATE_LIMITED. */
  async reserve(username: string, address: string): Promise<PasswordCheckReservation> {
    const reservation = { userKey: `login-user:${username}`, addressKey: `login-address:${address}` };
    const now = this.clock.now();
    const counters = rateCountersOf(this.db);
    const [user, ip] = await counters.take(
      [
        { key: reservation.userKey, limit: PASSWORD_CHECKS_PER_USERNAME, windowSeconds: WINDOW_SECONDS },
        { key: reservation.addressKey, limit: PASSWORD_CHECKS_PER_ADDRESS, windowSeconds: WINDOW_SECONDS },
      ],
      1,
      now,
    );
    if (user.accepted && ip.accepted) return reservation;
    // Refused: what one counter took is given back, so a locked name does not use up the address.
    const taken = [user, ip].filter((c) => c.accepted).map((c) => c.key);
    await counters.settle({ giveBack: taken });
    const blocked = [user, ip].filter((c) => !c.accepted);
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(Math.max(...blocked.map((b) => b.resetsAt.getTime() - now.getTime())) / 1000),
    );
    const which = blocked.map((b) => (b === user ? WHICH.username : WHICH.address));
    const limit = blocked[0] === user ? PASSWORD_CHECKS_PER_USERNAME : PASSWORD_CHECKS_PER_ADDRESS;
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      M.tooManySignIns({ which, limit, minutes: WINDOW_SECONDS / 60, retry: retryAfterSeconds }),
      { retryAfterSeconds },
    );
  }

  /** The password was right: the username starts again from zero and the address gets its attempt back. */
  succeeded(r: PasswordCheckReservation): Promise<void> {
    return rateCountersOf(this.db).settle({ clear: [r.userKey], giveBack: [r.addressKey] });
  }

  /** The reservation turned out not to be a password check (e.g. the request was refused for another reason). */
  release(r: PasswordCheckReservation): Promise<void> {
    return rateCountersOf(this.db).settle({ giveBack: [r.userKey, r.addressKey] });
  }
}
