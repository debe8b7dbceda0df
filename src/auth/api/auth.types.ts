import { IsOptional, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../../graphql/errors';
import { Account } from '../entities/account.entity';
import { Grant } from '../entities/grant.entity';
import { Role } from '../roles';

@InputType({ description: '登录 — sign in with username and password' })
export class LoginInput {
  @Field({ description: '用户名 — username' })
  @Length(1, 64)
  username: string;

  @Field({ description: '密码 — password' })
  @Length(1, 200)
  password: string;
}

@InputType({ description: '刷新令牌 — exchange a refresh token for a new pair' })
export class RefreshInput {
  @Field({ description: '刷新令牌 — the refresh token from login or the last refresh; it is used up' })
  @Length(10, 200)
  refreshToken: string;
}

@ObjectType({ description: '令牌 — the tokens of a session; send the access token as "Authorization: Bearer …"' })
export class SessionPayload {
  @Field(() => String, { nullable: true, description: '访问令牌 — short-lived access token (JWT)' })
  accessToken?: string | null;

  @Field(() => Date, { nullable: true, description: '访问令牌过期时间 — when the access token expires' })
  accessTokenExpiresAt?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: '刷新令牌 — long-lived, single-use token for `refresh`; keep it secret',
  })
  refreshToken?: string | null;

  @Field(() => Date, { nullable: true, description: '刷新令牌过期时间 — when the refresh token expires' })
  refreshTokenExpiresAt?: Date | null;

  @Field(() => Account, { nullable: true, description: '账号 — the signed-in account' })
  account?: Account | null;

  @Field(() => [UserError], { description: '用户错误 — why signing in failed' })
  userErrors: UserError[];
}

@ObjectType({ description: '退出结果 — whether a session was ended' })
export class LogoutPayload {
  @Field({ description: '已退出 — the refresh token was valid and its session has now ended' })
  loggedOut: boolean;

  @Field(() => [UserError], { description: '用户错误 — problems with the input' })
  userErrors: UserError[];
}

@InputType({
  description: '授权内容 — a role on a unit (no unit: the whole deployment, for deployment administrators)',
})
export class GrantSpec {
  @Field(() => ID, { nullable: true, description: '党组织 — the unit whose subtree the role covers' })
  unitId?: string | null;

  @Field(() => Role, { description: '角色 — the role' })
  role: Role;
}

@InputType({ description: '新建账号 — an account with its first grant' })
export class CreateAccountInput {
  @Field({ description: '用户名 — 3–64 lower-case letters, digits, ".", "_" or "-"' })
  @Length(3, 64)
  username: string;

  @Field({ description: '显示名称 — name shown to others' })
  @Length(1, 100)
  displayName: string;

  @Field({ description: '初始密码 — at least 10 characters' })
  @Length(1, 200)
  password: string;

  @Field(() => ID, {
    nullable: true,
    description: '关联党员 — the member this account belongs to (required for the MEMBER role)',
  })
  memberId?: string | null;

  @Field(() => GrantSpec, { description: '首个授权 — the first grant; you must administer its unit' })
  grant: GrantSpec;
}

@InputType({ description: '授予角色 — give an account a role on a unit; nobody can grant more than they hold' })
export class GrantRoleInput extends GrantSpec {
  @Field(() => ID, { description: '账号 — the account' })
  accountId: string;
}

@InputType({ description: '撤销授权 — end a grant' })
export class RevokeGrantInput {
  @Field(() => ID, { description: '授权 — the grant' })
  grantId: string;
}

@InputType({ description: '停用或启用账号 — a disabled account cannot sign in and its sessions end' })
export class SetAccountDisabledInput {
  @Field(() => ID, { description: '账号 — the account' })
  accountId: string;

  @Field({ description: '停用 — true to disable, false to enable again' })
  disabled: boolean;
}

@InputType({ description: '修改密码 — change your own password; your other sessions end' })
export class ChangePasswordInput {
  @Field({ description: '当前密码 — your current password' })
  @Length(1, 200)
  currentPassword: string;

  @Field({ description: '新密码 — at least 10 characters' })
  @IsOptional()
  @MaxLength(200)
  newPassword: string;
}

@ObjectType({ description: '账号变更结果 — the account after the change' })
export class AccountPayload {
  @Field(() => Account, { nullable: true, description: '账号 — the account; null when userErrors is not empty' })
  account?: Account | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}

@ObjectType({ description: '授权变更结果 — the grant after the change' })
export class GrantPayload {
  @Field(() => Grant, { nullable: true, description: '授权 — the grant; null when userErrors is not empty' })
  grant?: Grant | null;

  @Field(() => [UserError], { description: '用户错误 — problems with the input; when not empty, nothing was written' })
  userErrors: UserError[];
}
