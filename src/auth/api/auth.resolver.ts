import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { validate } from 'class-validator';
import type { Context } from '../../context';
import { ErrorCode, UserErrorsException, userError } from '../../graphql/errors';
import { Access } from '../access';
import { Account } from '../entities/account.entity';
import { writeAudit } from '../services/audit';
import { LoginInput, LogoutPayload, RefreshInput, SessionPayload } from './auth.types';
import { CORE_MESSAGES as M } from '../../messages/core';

/** Sign-in, token refresh and sign-out: answered without a token, audited like every mutation. */
@Resolver()
export class AuthResolver {
  @Query(() => Account, {
    nullable: true,
    description: '当前账号 — the signed-in account with its grants; null when not signed in',
  })
  viewer(@Ctx() ctx: Context): Promise<Account | null> | null {
    return ctx.access.viewer ? ctx.loaders.byId(Account).load(ctx.access.viewer.accountId) : null;
  }

  @Mutation(() => SessionPayload, {
    description: '登录 — sign in; failed attempts are limited per username and per address (RATE_LIMITED)',
  })
  login(
    @Ctx() ctx: Context,
    @Arg('input', { description: '登录信息 — username and password' }) input: LoginInput,
  ): Promise<SessionPayload> {
    return session(ctx, 'login', input, LOGIN_INPUT_REFUSED, () =>
      ctx.app.auth.login(input.username, input.password, ctx.clientAddress),
    );
  }

  @Mutation(() => SessionPayload, {
    description: '刷新令牌 — a new access token and a new refresh token; the old refresh token is used up',
  })
  refresh(
    @Ctx() ctx: Context,
    @Arg('input', { description: '刷新令牌 — the refresh token' }) input: RefreshInput,
  ): Promise<SessionPayload> {
    return session(ctx, 'refresh', input, REFRESH_TOKEN_REFUSED, () => ctx.app.auth.refresh(input.refreshToken));
  }

  @Mutation(() => LogoutPayload, {
    description: '退出 — end the session of a refresh token: its refresh and access tokens stop working at once',
  })
  async logout(
    @Ctx() ctx: Context,
    @Arg('input', { description: '刷新令牌 — the refresh token to revoke' }) input: RefreshInput,
  ): Promise<LogoutPayload> {
    if ((await validate(input)).length) {
      await writeAudit(ctx.db, ctx, {
        operation: 'logout',
        outcome: 'REJECTED',
        input,
        errorCodes: [ErrorCode.BAD_USER_INPUT],
      });
      return { loggedOut: false, userErrors: [REFRESH_TOKEN_REFUSED] };
    }
    const loggedOut = await ctx.app.auth.logout(input.refreshToken);
    await writeAudit(ctx.db, ctx, {
      operation: 'logout',
      outcome: loggedOut ? 'OK' : 'REJECTED',
      input,
      ...(loggedOut ? {} : { errorCodes: [ErrorCode.NOT_FOUND] }),
    });
    return { loggedOut, userErrors: loggedOut ? [] : [SESSION_NOT_FOUND] };
  }
}

const LOGIN_INPUT_REFUSED = userError(ErrorCode.BAD_USER_INPUT, M.loginInput(), ['input']);
const REFRESH_TOKEN_REFUSED = userError(ErrorCode.BAD_USER_INPUT, M.refreshTokenShape(), ['input', 'refreshToken']);
const SESSION_NOT_FOUND = userError(ErrorCode.NOT_FOUND, M.noSession(), ['input', 'refreshToken']);

async function session(
  ctx: Context,
  operation: string,
  input: object,
  refused: ReturnType<typeof userError>,
  issue: () => ReturnType<Context['app']['auth']['login']>,
): Promise<SessionPayload> {
  if ((await validate(input)).length) {
    await writeAudit(ctx.db, ctx, { operation, outcome: 'REJECTED', input, errorCodes: [ErrorCode.BAD_USER_INPUT] });
    return { userErrors: [refused] };
  }
  try {
    const tokens = await issue();
    // The rest of this response is read as the account that just signed in.
    ctx.access = new Access(await ctx.app.auth.loadViewer(tokens.account.id));
    await writeAudit(ctx.db, ctx, { operation, outcome: 'OK', input, actorId: tokens.account.id });
    return { ...tokens, userErrors: [] };
  } catch (err) {
    if (!(err instanceof UserErrorsException)) throw err;
    await writeAudit(ctx.db, ctx, { operation, outcome: 'REJECTED', input, errorCodes: [ErrorCode.UNAUTHENTICATED] });
    return { userErrors: err.userErrors };
  }
}
