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
import type { OrgUnitKind } from '../../org/enums';

/** An enabled account with one of its live grants per row; the grant's columns are null when it holds none. */
interface ViewerRow {
  id: number;
  username: string;
  member_id: number | null;
  grant_id: number | null;
  role: Role;
  unit_id: number | null;
  path: string | null;
  kind: OrgUnitKind | null;
}

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
    private readonly throttle: LoginThrottle,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {}

  /** The signed-in viewer from an Authorization header: one statement, grants with their unit paths. */
  async viewerFromHeader(header: string | undefined): Promise<Viewer | null> {
    if (!header) return null;
    const match = /^Bearer ([A-Za-z0-9._-]{10,2000})$/.exec(header.trim());
    if (!match)
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'The Authorization header must be "Bearer <access token>"');
    const verified = this.tokens.verifyAccess(match[1]);
    if ('problem' in verified) {
      throw new AppError(
        ErrorCode.UNAUTHENTICATED,
        verified.problem === 'expired' ? 'The access token has expired: use refresh' : 'The access token is not valid',
        { reason: verified.problem },
      );
    }
    const viewer = await this.loadViewer(verified.accountId);
    if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'The account is disabled or no longer exists');
    return viewer;
  }

  async loadViewer(accountId: number): Promise<Viewer | null> {
    const rows = await this.db.query<ViewerRow[]>(
      `SELECT a.id, a.username, a.member_id, g.id AS grant_id, g.role, g.unit_id, u.path, u.kind
       FROM account a
       LEFT JOIN access_grant g ON g.account_id = a.id AND g.revoked_at IS NULL
       LEFT JOIN org_unit u ON u.id = g.unit_id
       WHERE a.id = $1 AND NOT a.disabled`,
      [accountId],
    );
    if (rows.length === 0) return null;
    const grants: GrantScope[] = rows
      .filter((r): r is ViewerRow & { grant_id: number } => r.grant_id !== null)
      .map((r) => ({ id: r.grant_id, role: r.role, unitId: r.unit_id, path: r.path, unitKind: r.kind }));
    return { accountId: rows[0].id, username: rows[0].username, memberId: rows[0].member_id, grants };
  }

  /** Wrong username and wrong password look the same, and take the same time. */
  async login(username: string, password: string, address: string): Promise<IssuedTokens> {
    const name = username.trim().toLowerCase();
    await this.throttle.assertAllowed(name, address);
    const account = await this.db.getRepository(Account).findOne({ where: { username: name } });
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok || account.disabled) {
      await this.throttle.failed(name, address);
      this.log.info({ username: name }, 'failed sign-in');
      refuse(ErrorCode.UNAUTHENTICATED, 'Wrong username or password, or the account is disabled', ['input']);
    }
    await this.throttle.succeeded(name);
    return this.issue(this.db.manager, account);
  }

  /**
   * Rotates a refresh token: the old one is revoked and a new pair issued. Presenting a revoked token
   * again means it was stolen or replayed, so every token of that account is revoked.
   */
  async refresh(token: string): Promise<IssuedTokens> {
    const outcome = await this.db.transaction(async (tx) => {
      const stored = await tx.findOne(RefreshToken, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!stored || stored.expiresAt < this.clock.now())
        refuse(ErrorCode.UNAUTHENTICATED, 'The refresh token is not valid; sign in again', ['input', 'refreshToken']);
      if (stored.revokedAt) {
        // Revoke every session of the account, and commit that before refusing.
        await tx.query(`UPDATE refresh_token SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [
          stored.accountId,
        ]);
        return { replayedBy: stored.accountId };
      }
      const account = await tx.findOne(Account, { where: { id: stored.accountId } });
      if (!account || account.disabled)
        refuse(ErrorCode.UNAUTHENTICATED, 'The account is disabled', ['input', 'refreshToken']);
      await tx.update(RefreshToken, { id: stored.id }, { revokedAt: () => 'now()' });
      return this.issue(tx, account);
    });
    if ('replayedBy' in outcome) {
      this.log.warn(
        { accountId: outcome.replayedBy },
        'a used refresh token was presented again; all sessions of the account revoked',
      );
      refuse(ErrorCode.UNAUTHENTICATED, 'The refresh token was already used; sign in again', ['input', 'refreshToken']);
    }
    return outcome;
  }

  async logout(token: string): Promise<boolean> {
    const result = await this.db.query(
      `UPDATE refresh_token SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL RETURNING account_id`,
      [hashToken(token)],
    );
    return result[0].length > 0;
  }

  private async issue(tx: EntityManager, account: Account): Promise<IssuedTokens> {
    const access = this.tokens.issueAccess(account.id);
    const refresh = this.tokens.newRefreshToken();
    await tx.insert(RefreshToken, {
      accountId: account.id,
      tokenHash: refresh.hash,
      expiresAt: refresh.expiresAt,
      revokedAt: null,
    });
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
    if (!USERNAME.test(username))
      refuse(ErrorCode.BAD_USER_INPUT, 'username: 3–64 lower-case letters, digits, ".", "_" or "-"', [
        'input',
        'username',
      ]);
    const weak = passwordProblem(input.password);
    if (weak) refuse(ErrorCode.BAD_USER_INPUT, weak, ['input', 'password']);
    if (await tx.exists(Account, { where: { username } }))
      refuse(ErrorCode.CONFLICT, `username ${username} is taken`, ['input', 'username']);
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
    const existing = await tx.query(
      `SELECT id FROM access_grant WHERE account_id = $1 AND unit_id IS NOT DISTINCT FROM $2 AND role = $3 AND revoked_at IS NULL`,
      [accountId, unitId, role],
    );
    if (existing.length)
      refuse(ErrorCode.CONFLICT, 'the account already holds this role on this unit', ['input', 'role']);
    const result = await tx.insert(Grant, { accountId, unitId, role, grantedBy, revokedAt: null });
    return tx.findOneOrFail(Grant, { where: { id: result.identifiers[0].id } });
  }

  async changePassword(tx: EntityManager, accountId: number, current: string, next: string): Promise<Account> {
    const account = await tx.findOneOrFail(Account, { where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
    if (!(await verifyPassword(current, account.passwordHash)))
      refuse(ErrorCode.BAD_USER_INPUT, 'the current password is wrong', ['input', 'currentPassword']);
    const weak = passwordProblem(next);
    if (weak) refuse(ErrorCode.BAD_USER_INPUT, weak, ['input', 'newPassword']);
    await tx.update(Account, { id: accountId }, { passwordHash: await hashPassword(next) });
    // A new password ends every other session.
    await tx.query(`UPDATE refresh_token SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, [
      accountId,
    ]);
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
