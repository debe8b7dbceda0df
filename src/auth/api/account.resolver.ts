import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { AppError, ErrorCode, refuse } from '../../graphql/errors';
import { inputId, optionalInputId } from '../../graphql/ids';
import { runMutation } from '../../graphql/mutation';
import { Member } from '../../org/entities/member.entity';
import { OrgUnit } from '../../org/entities/org-unit.entity';
import { requireSelf, requireUnit } from '../guard';
import { Account } from '../entities/account.entity';
import { Grant } from '../entities/grant.entity';
import { Permission, Role, ROLE_RANK } from '../roles';
import {
  AccountPayload,
  ChangePasswordInput,
  CreateAccountInput,
  GrantPayload,
  GrantRoleInput,
  RevokeGrantInput,
  SetAccountDisabledInput,
} from './auth.types';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';

const PERMISSIONS: Record<Role, Permission[]> = {
  ADMIN: [Permission.READ, Permission.WRITE, Permission.MODULE_WORK, Permission.ADMINISTER],
  SECRETARY: [Permission.READ, Permission.WRITE, Permission.MODULE_WORK],
  STATION_STAFF: [Permission.READ, Permission.WRITE, Permission.MODULE_WORK],
  ANALYST: [Permission.READ],
  MEMBER: [],
};

@Resolver(() => Account)
export class AccountResolver {
  @FieldResolver(() => [Grant], { description: '授权 — the grants in force' })
  grants(@Root() a: Account, @Ctx() ctx: Context): Promise<Grant[]> {
    return ctx.loaders.hasMany(Grant, 'account_id', (g) => g.accountId, { where: 'x.revoked_at IS NULL' }).load(a.id);
  }

  @FieldResolver(() => Member, { nullable: true, description: '关联党员 — the member this account belongs to' })
  member(@Root() a: Account, @Ctx() ctx: Context) {
    return a.memberId === null ? null : ctx.loaders.byId(Member).load(a.memberId);
  }

  @Mutation(() => AccountPayload, {
    description: '新建账号 — create an account with its first grant, on a unit you administer',
  })
  createAccount(
    @Ctx() ctx: Context,
    @Arg('input', { description: '账号信息 — the account' }) input: CreateAccountInput,
  ): Promise<AccountPayload> {
    return runMutation(ctx, input, async (tx) => {
      const memberId = optionalInputId(input.memberId, 'Member', ['input', 'memberId']);
      const unitId = await checkGrantable(ctx, input.grant.unitId, input.grant.role, memberId, ['input', 'grant']);
      const account = await ctx.app.auth.createAccount(tx, {
        username: input.username,
        displayName: input.displayName,
        password: input.password,
        memberId,
      });
      await ctx.app.auth.grant(tx, account.id, unitId, input.grant.role, ctx.access.viewer!.accountId);
      return { account };
    });
  }

  @Mutation(() => GrantPayload, { description: '授予角色 — give an account a role on a unit you administer' })
  grantRole(
    @Ctx() ctx: Context,
    @Arg('input', { description: '授权内容 — the grant' }) input: GrantRoleInput,
  ): Promise<GrantPayload> {
    return runMutation(ctx, input, async (tx) => {
      const account = await tx.findOne(Account, {
        where: { id: inputId(input.accountId, 'Account', ['input', 'accountId']) },
      });
      if (!account) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.account }), ['input', 'accountId']);
      const unitId = await checkGrantable(ctx, input.unitId, input.role, account.memberId, ['input']);
      return { grant: await ctx.app.auth.grant(tx, account.id, unitId, input.role, ctx.access.viewer!.accountId) };
    });
  }

  @Mutation(() => GrantPayload, { description: '撤销授权 — end a grant on a unit you administer' })
  revokeGrant(
    @Ctx() ctx: Context,
    @Arg('input', { description: '撤销内容 — the grant' }) input: RevokeGrantInput,
  ): Promise<GrantPayload> {
    return runMutation(ctx, input, async (tx) => {
      const grant = await tx.findOne(Grant, {
        where: { id: inputId(input.grantId, 'Grant', ['input', 'grantId']) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!grant) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.grant }), ['input', 'grantId']);
      await requireUnit(ctx, grant.unitId, Permission.ADMINISTER);
      if (grant.revokedAt) refuse(ErrorCode.INVALID_STATE, M.grantRevoked(), ['input', 'grantId']);
      await tx.update(Grant, { id: grant.id }, { revokedAt: () => 'now()' });
      return { grant: await tx.findOneOrFail(Grant, { where: { id: grant.id } }) };
    });
  }

  @Mutation(() => AccountPayload, {
    description: '停用或启用账号 — only by someone who administers every unit the account holds a grant on',
  })
  setAccountDisabled(
    @Ctx() ctx: Context,
    @Arg('input', { description: '停用内容 — the account and the switch' }) input: SetAccountDisabledInput,
  ): Promise<AccountPayload> {
    return runMutation(ctx, input, async (tx) => {
      const account = await tx.findOne(Account, {
        where: { id: inputId(input.accountId, 'Account', ['input', 'accountId']) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!account) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.account }), ['input', 'accountId']);
      if (account.id === ctx.access.viewer!.accountId)
        refuse(ErrorCode.BAD_USER_INPUT, M.ownAccount(), ['input', 'accountId']);
      const grants = await tx.find(Grant, { where: { accountId: account.id } });
      if (grants.length === 0) await requireUnit(ctx, null, Permission.ADMINISTER);
      for (const g of grants.filter((g) => !g.revokedAt)) await requireUnit(ctx, g.unitId, Permission.ADMINISTER);
      await tx.update(Account, { id: account.id }, { disabled: input.disabled });
      // Its sessions end for good: enabling the account again does not bring them back.
      if (input.disabled) await ctx.app.auth.endSessions(tx, account.id, 'ACCOUNT_DISABLED');
      return { account: await tx.findOneOrFail(Account, { where: { id: account.id } }) };
    });
  }

  @Mutation(() => AccountPayload, {
    description: '修改密码 — change your own password; every session of the account ends, this one included',
  })
  async changePassword(
    @Ctx() ctx: Context,
    @Arg('input', { description: '新旧密码 — the passwords' }) input: ChangePasswordInput,
  ): Promise<AccountPayload> {
    // Checking the current password is a password check like a sign-in: reserved against the same throttle.
    const viewer = ctx.access.viewer;
    const throttle = ctx.app.auth.throttle;
    const reservation = viewer ? await throttle.reserve(viewer.username, ctx.clientAddress) : null;
    let result: AccountPayload;
    try {
      result = await runMutation(ctx, input, async (tx) => {
        requireSelf(ctx);
        return {
          account: await ctx.app.auth.changePassword(
            tx,
            ctx.access.viewer!.accountId,
            input.currentPassword,
            input.newPassword,
          ),
        };
      });
    } catch (err) {
      if (reservation) await throttle.release(reservation);
      throw err;
    }
    if (reservation) {
      const wrongPassword = result.userErrors.some((e) => e.field?.join('.') === 'input.currentPassword');
      if (result.userErrors.length === 0) await throttle.succeeded(reservation);
      else if (!wrongPassword) await throttle.release(reservation);
    }
    return result;
  }
}

/**
 * A grant may be given only by someone who administers its unit and holds at least that role over it
 * ("nobody can grant more than they hold"); a MEMBER grant goes on the account's own branch.
 */
async function checkGrantable(
  ctx: Context,
  unitGlobalId: string | null | undefined,
  role: Role,
  memberId: number | null,
  field: string[],
): Promise<number | null> {
  const unitId = optionalInputId(unitGlobalId, 'OrgUnit', [...field, 'unitId']);
  const unit = await requireUnit(ctx, unitId, Permission.ADMINISTER);
  if (unitId !== null && !unit) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.unit }), [...field, 'unitId']);
  const held = ctx.access.strongestRoleOver(unit?.path ?? null);
  if (!held || ROLE_RANK[held] < ROLE_RANK[role]) throw new AppError(ErrorCode.FORBIDDEN, M.roleTooHigh({ role }));
  if (role === Role.MEMBER) {
    const member = memberId === null ? null : await ctx.loaders.byId(Member).load(memberId);
    if (!member || member.branchId !== unitId)
      refuse(ErrorCode.BAD_USER_INPUT, M.memberGrantPlace(), [...field, 'role']);
  }
  if (role === Role.STATION_STAFF && unit?.kind !== 'WORK_STATION')
    refuse(ErrorCode.BAD_USER_INPUT, M.stationGrantPlace(), [...field, 'role']);
  return unitId;
}

@Resolver(() => Grant)
export class GrantResolver {
  @FieldResolver(() => OrgUnit, {
    nullable: true,
    description: '党组织 — the unit whose subtree it covers; null for the whole deployment',
  })
  unit(@Root() g: Grant, @Ctx() ctx: Context) {
    return g.unitId === null ? null : ctx.loaders.byId(OrgUnit).load(g.unitId);
  }

  @FieldResolver(() => Account, { description: '账号 — the account holding it' })
  account(@Root() g: Grant, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Account).load(g.accountId);
  }

  @FieldResolver(() => [Permission], { description: '权限 — what the role allows on the unit and below' })
  permissions(@Root() g: Grant): Permission[] {
    return PERMISSIONS[g.role];
  }
}
