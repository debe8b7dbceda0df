import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { Clock } from '../../clock';
import { AppError, ErrorCode, refuse } from '../../graphql/errors';
import type { GrantScope, Viewer } from '../access';
import { Account } from '../entities/account.entity';
import { Grant } from '../entities/grant.entity';
import { RefreshToken } from '../entities/refresh-token.entity';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../passwords';
import { Role } from '../roles';
import { hashToken, type TokenService } from '../tokens';
import type { LoginThrottle } from './login-throttle';
import type { ViewerCache } from '../viewer-cache';
import type { OrgUnitKind } from '../../org/enums';
import { CORE_MESSAGES as M, LABELS, SESSION_ENDINGS } from '../../messages/core';
import type { Localized } from '../../messages/catalogue';

/** Why a session ended (`auth_session.revoked_because`). */
export type SessionEnd = 'LOGOUT' | 'PASSWORD_CHANGED' | 'REFRESH_REPLAYED' | 'ACCOUNT_DISABLED' | 'LEGACY';

const SESSION_ENDED: Record<SessionEnd, Localized> = SESSION_ENDINGS;

/**
 * An account with one of its live grants per row (the grant's columns are null when it holds none),
 * and the session the access token names (null columns when none was asked for or it is not the account's).
 */
interface ViewerRow {
  id: number;
  username: string;
  member_id: number | null;
  disabled: boolean;
  session_id: number | null;
  session_ended: SessionEnd | null;
  grant_id: number | null;
  role: Role;
  unit_id: number | null;
  path: string | null;
  kind: OrgUnitKind | null;
}

export type FoundViewer =
  { viewer: Viewer } | { problem: 'no-account' | 'no-session' } | { problem: 'session-ended'; ended: SessionEnd };

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  account: Account;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export class AuthService {
  constructor(
    private readonly db: DataSource,
    readonly tokens: TokenService,
    readonly throttle: LoginThrottle,
    private readonly log: Logger,
    private readonly clock: Clock,
    /** This process's viewers between requests, emptied by PostgreSQL's notifications (viewer-cache.ts). */
    readonly viewers: ViewerCache<FoundViewer> | null = null,
  ) {}

  /**
   * The signed-in viewer from an Authorization header: one statement loads the account, its grants with
   * their unit paths, and the session the token names, so an ended session stops its access tokens at
   * the next request, in every process (`fresh`: read now, not kept; see findViewer).
   */
  async viewerFromHeader(header: string | undefined, o: { fresh?: boolean } = {}): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9._-]{10,2000})$/.exec(header.trim());
    if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, M.badAuthorizationHeader());
    const verified = this.tokens.verifyAccess(match[1]);
    if ('problem' in verified) {
      // extensions.reason TOKEN_EXPIRED tells a client to refresh (src/ide/client/session.ts does).
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        verified.problem === 'expired' ? M.accessTokenExpired() : M.accessTokenInvalid(),
      );
    }
    const found = await this.findViewer(verified.accountId, verified.sessionId, o.fresh);
    if ('viewer' in found) return found.viewer;
    if (found.problem === 'session-ended')
      throw new AppError(ErrorCode.UNAUTHENTICATED, M.sessionEnded({ why: SESSION_ENDED[found.ended] }));
    if (found.problem === 'no-session') throw new AppError(ErrorCode.UNAUTHENTICATED, M.accessTokenInvalid());
    throw new AppError(ErrorCode.UNAUTHENTICATED, M.accountGone());
  }

  /** An enabled account's viewer, or null; with a session, only while that session of the account lasts. */
  async loadViewer(
    accountId: number,
    sessionId: number | null = null,
    o: { fresh?: boolean } = {},
  ): Promise<Viewer | null> {
    const found = await this.findViewer(accountId, sessionId, o.fresh);
    return 'viewer' in found ? found.viewer : null;
  }

  /**
   * Kept between requests (viewer-cache.ts), or read now when `fresh`: the check of an event or a webhook
   * delivery must see every change committed before the event, and a notification travels on another
   * connection than the event, in no order with it.
   */
  private findViewer(accountId: number, sessionId: number | null, fresh = false): Promise<FoundViewer> {
    if (!this.viewers || fresh) return this.readViewer(accountId, sessionId);
    return this.viewers.get(`${accountId}:${sessionId}`, () => this.readViewer(accountId, sessionId));
  }

  private async readViewer(accountId: number, sessionId: number | null): Promise<FoundViewer> {
    const rows = await this.db.query<ViewerRow[]>(
      `SELECT a.id, a.username, a.member_id, a.disabled, s.id AS session_id, s.revoked_because AS session_ended,
              g.id AS grant_id, g.role, g.unit_id, u.path, u.kind
       FROM account a
       LEFT JOIN auth_session s ON s.id = $2::int AND s.account_id = a.id
       LEFT JOIN access_grant g ON g.account_id = a.id AND g.revoked_at IS NULL
       LEFT JOIN org_unit u ON u.id = g.unit_id
       WHERE a.id = $1`,
      [accountId, sessionId],
    );
    if (rows.length === 0 || rows[0].disabled) return { problem: 'no-account' };
    if (sessionId !== null) {
      if (rows[0].session_id === null) return { problem: 'no-session' };
      if (rows[0].session_ended !== null) return { problem: 'session-ended', ended: rows[0].session_ended };
    }
    const grants: GrantScope[] = rows
      .filter((r): r is ViewerRow & { grant_id: number } => r.grant_id !== null)
      .map((r) => ({ id: r.grant_id, role: r.role, unitId: r.unit_id, path: r.path, unitKind: r.kind }));
    return {
      viewer: { accountId: rows[0].id, username: rows[0].username, memberId: rows[0].member_id, grants },
    };
  }

  /**
   * Wrong username and wrong password look the same, and take the same time. The password check is
   * reserved against the throttle before the hash runs, so simultaneous guesses cannot outrun it.
   */
  async login(username: string, password: string, address: string): Promise<IssuedTokens> {
    const name = username.trim().toLowerCase();
    const reservation = await this.throttle.reserve(name, address);
    const account = await this.db.getRepository(Account).findOne({ where: { username: name } });
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || account.disabled) {
      this.log.info({ username: name }, 'failed sign-in');
      refuse(ErrorCode.UNAUTHENTICATED, M.wrongCredentials(), ['input']);
    }
    await this.throttle.succeeded(reservation);
    return this.startSession(this.db.manager, account);
  }

  /**
   * Rotates a refresh token within its session: the old one is used up and a new pair issued.
   * Presenting a used token again means it was stolen or replayed, so every session of the account
   * ends. A token of a session that has ended (logout, new password) is simply refused.
   */
  async refresh(token: string): Promise<IssuedTokens> {
    const invalid: () => never = () =>
      refuse(ErrorCode.UNAUTHENTICATED, M.refreshTokenInvalid(), ['input', 'refreshToken']);
    const outcome = await this.db.transaction(async (tx) => {
      const [found] = await tx.query<{ id: number; session_id: number }[]>(
        `SELECT id, session_id FROM refresh_token WHERE token_hash = $1`,
        [hashToken(token)],
      );
      if (!found) invalid();
      // The session first, then the token: the order every writer locks them in.
      const [session] = await tx.query<{ revoked_because: SessionEnd | null }[]>(
        `SELECT revoked_because FROM auth_session WHERE id = $1 FOR UPDATE`,
        [found.session_id],
      );
      const stored = await tx.findOne(RefreshToken, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!stored || stored.expiresAt < this.clock.now()) invalid();
      const ended = session.revoked_because;
      if (ended && ended !== 'LEGACY')
        refuse(ErrorCode.UNAUTHENTICATED, M.sessionEnded({ why: SESSION_ENDED[ended] }), ['input', 'refreshToken']);
      if (stored.revokedAt) {
        // Every session of the account ends, and that is committed before refusing.
        await this.endSessions(tx, stored.accountId, 'REFRESH_REPLAYED');
        return { replayedBy: stored.accountId };
      }
      const account = await tx.findOne(Account, { where: { id: stored.accountId } });
      if (!account || account.disabled)
        refuse(ErrorCode.UNAUTHENTICATED, M.accountDisabled(), ['input', 'refreshToken']);
      await tx.update(RefreshToken, { id: stored.id }, { revokedAt: () => 'now()' });
      return this.continueSession(tx, account, stored.sessionId);
    });
    if ('replayedBy' in outcome) {
      this.log.warn(
        { accountId: outcome.replayedBy },
        'a used refresh token was presented again; all sessions of the account ended',
      );
      refuse(ErrorCode.UNAUTHENTICATED, M.refreshTokenReused(), ['input', 'refreshToken']);
    }
    return outcome;
  }

  /** Ends the session of a refresh token: its refresh tokens and its access tokens stop working. */
  async logout(token: string): Promise<boolean> {
    const [row] = await this.db.query<{ ended: number }[]>(
      `WITH t AS (SELECT session_id FROM refresh_token WHERE token_hash = $1 AND revoked_at IS NULL),
            s AS (UPDATE auth_session SET revoked_at = now(), revoked_because = 'LOGOUT'
                  WHERE id IN (SELECT session_id FROM t) AND revoked_at IS NULL RETURNING id),
            r AS (UPDATE refresh_token SET revoked_at = now()
                  WHERE session_id IN (SELECT id FROM s) AND revoked_at IS NULL)
       SELECT count(*)::int AS ended FROM s`,
      [hashToken(token)],
    );
    return row.ended > 0;
  }

  /**
   * Ends every session of an account (a new password, a replayed refresh token, a disabled account):
   * its refresh tokens and, at their next request, its access tokens stop working in every process.
   * Sessions are locked before their tokens, as everywhere else.
   */
  async endSessions(tx: EntityManager, accountId: number, reason: SessionEnd): Promise<void> {
    await tx.query(
      `UPDATE auth_session SET revoked_at = now(), revoked_because = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
      [accountId, reason],
    );
    await tx.query(`UPDATE refresh_token SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [
      accountId,
    ]);
  }

  /** A new session with its first pair of tokens (one statement). */
  private async startSession(m: EntityManager, account: Account): Promise<IssuedTokens> {
    const refresh = this.tokens.newRefreshToken();
    const [row] = await m.query<{ session_id: number }[]>(
      `WITH s AS (INSERT INTO auth_session (account_id) VALUES ($1) RETURNING id)
       INSERT INTO refresh_token (account_id, session_id, token_hash, expires_at)
       SELECT $1, s.id, $2, $3 FROM s RETURNING session_id`,
      [account.id, refresh.hash, refresh.expiresAt],
    );
    return this.pair(account, row.session_id, refresh);
  }

  /** The next pair of tokens of a session. */
  private async continueSession(tx: EntityManager, account: Account, sessionId: number): Promise<IssuedTokens> {
    const refresh = this.tokens.newRefreshToken();
    await tx.insert(RefreshToken, {
      accountId: account.id,
      sessionId,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
      revokedAt: null,
    });
    return this.pair(account, sessionId, refresh);
  }

  private pair(account: Account, sessionId: number, refresh: { token: string; expiresAt: Date }): IssuedTokens {
    const access = this.tokens.issueAccess(account.id, sessionId);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      account,
    };
  }

  async createAccount(
    tx: EntityManager,
    input: { username: string; displayName: string; password: string; memberId: number | null },
  ): Promise<Account> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) refuse(ErrorCode.BAD_USER_INPUT, M.usernameShape(), ['input', 'username']);
    const weak = passwordProblem(input.password);
    if (weak) refuse(ErrorCode.BAD_USER_INPUT, weak, ['input', 'password']);
    if (await tx.exists(Account, { where: { username } }))
      refuse(ErrorCode.CONFLICT, M.usernameTaken({ username }), ['input', 'username']);
    const result = await tx.insert(Account, {
      username,
      displayName: input.displayName.trim(),
      passwordHash: await hashPassword(input.password),
      disabled: false,
      memberId: input.memberId,
    });
    return tx.findOneOrFail(Account, { where: { id: result.identifiers[0].id } });
  }

  async grant(
    tx: EntityManager,
    accountId: number,
    unitId: number | null,
    role: Role,
    grantedBy: number | null,
  ): Promise<Grant> {
    // One active grant per (account, unit, role), held by two partial unique indexes: of simultaneous
    // identical grants one is inserted, and the others find it here once it commits.
    const inserted = await tx.query<{ id: number }[]>(
      `INSERT INTO access_grant (account_id, unit_id, role, granted_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING id`,
      [accountId, unitId, role, grantedBy],
    );
    if (!inserted.length)
      refuse(
        ErrorCode.CONFLICT,
        M.grantHeld({ role, where: unitId === null ? LABELS.wholeDeployment : LABELS.thisUnit }),
        ['input', 'role'],
      );
    return tx.findOneOrFail(Grant, { where: { id: inserted[0].id } });
  }

  async changePassword(tx: EntityManager, accountId: number, current: string, next: string): Promise<Account> {
    const account = await tx.findOneOrFail(Account, { where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
    if (!(await verifyPassword(current, account.passwordHash)))
      refuse(ErrorCode.BAD_USER_INPUT, M.wrongCurrentPassword(), ['input', 'currentPassword']);
    const weak = passwordProblem(next);
    if (weak) refuse(ErrorCode.BAD_USER_INPUT, weak, ['input', 'newPassword']);
    await tx.update(Account, { id: accountId }, { passwordHash: await hashPassword(next) });
    // A new password ends every session of the account, this one included: sign in with the new one.
    await this.endSessions(tx, accountId, 'PASSWORD_CHANGED');
    return account;
  }

  /** First start: the administrator named in JICENG_ADMIN_USERNAME, over the whole deployment. */
  async ensureFirstAdmin(admin: { username: string; password: string } | undefined): Promise<void> {
    if (!admin) return;
    await this.db.transaction(async (tx) => {
      if (await tx.exists(Account, { where: { username: admin.username.toLowerCase() } })) return;
      const account = await this.createAccount(tx, {
        username: admin.username,
        displayName: '系统管理员 Administrator',
        password: admin.password,
        memberId: null,
      });
      await this.grant(tx, account.id, null, Role.ADMIN, null);
      this.log.info({ username: account.username }, 'first administrator created');
    });
  }
}
