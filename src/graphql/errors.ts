import { GraphQLError } from 'graphql';
import { Ctx, Field, ObjectType, registerEnumType } from 'type-graphql';
import { renderMessage, type Language, type Message } from '../messages/catalogue';
import { ErrorReasonType } from '../messages/catalogue';
import { CORE_MESSAGES as M } from '../messages/core';

/** The error codes of the public contract (docs/ARCHITECTURE.md), in `extensions.code` or `UserError.code`. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  MODULE_DISABLED = 'MODULE_DISABLED',
  INVALID_STATE = 'INVALID_STATE',
  CONFLICT = 'CONFLICT',
  PERIOD_CLOSED = 'PERIOD_CLOSED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: '错误代码 — machine-readable error code, in `extensions.code` or `UserError.code`',
  valuesConfig: {
    UNAUTHENTICATED: { description: '未登录 — no valid credentials were sent' },
    FORBIDDEN: { description: '无权限 — the viewer may not do this' },
    NOT_FOUND: { description: '不存在 — no such object, or not visible to the viewer' },
    BAD_USER_INPUT: { description: '输入有误 — an input value is invalid' },
    MODULE_DISABLED: { description: '模块未启用 — the module is switched off for this unit' },
    INVALID_STATE: { description: '状态不符 — a workflow step out of order' },
    CONFLICT: { description: '冲突 — a stale version or a duplicate' },
    PERIOD_CLOSED: {
      description:
        '统计期已关闭 — the change is dated inside a period whose figures are closed; an administrator may reopen that period for the unit',
    },
    QUERY_TOO_COMPLEX: { description: '查询过于复杂 — the operation exceeds a limit' },
    RATE_LIMITED: { description: '请求过多 — the budget is used up; retry later' },
    SERVICE_UNAVAILABLE: {
      description:
        '服务暂不可用 — the database cannot be reached just now, or every connection stayed busy; nothing was written; retry shortly',
    },
    OUTCOME_UNKNOWN: {
      description:
        '结果未知 — the connection to the database failed while the change was being saved: it may or may not have been saved; read it back before retrying',
    },
    INTERNAL_SERVER_ERROR: { description: '服务器内部错误 — an unexpected failure; quote the request id' },
  },
});

/**
 * A top-level GraphQL error with a code (authentication, access, limits, missing objects, failures).
 * It carries its catalogue message (src/messages/catalogue.ts): `extensions.reason` is the entry's reason,
 * and src/graphql/format-error.ts renders the text in the request's language.
 */
export class AppError extends GraphQLError {
  constructor(
    code: ErrorCode,
    readonly entry: Message,
    extensions: Record<string, unknown> = {},
  ) {
    super(renderMessage(entry, 'zh'), { extensions: { ...extensions, code, reason: entry.reason } });
  }
}

/** `what` is a Localized noun (src/messages/core.ts, NOUNS). */
export const notFound = (what: Message['params'][string]) => new AppError(ErrorCode.NOT_FOUND, M.notFound({ what }));

@ObjectType({
  description: '用户错误 — a problem with the input or a broken business rule; nothing was written',
})
export class UserError {
  @Field(() => [String], {
    nullable: true,
    description: '字段路径 — path to the input field at fault, e.g. ["input", "name"]; null when not tied to one field',
  })
  field?: string[] | null;

  /** The catalogue entry, rendered when the answer is formatted (`message` below). */
  entry: Message;

  @Field(() => String, {
    name: 'message',
    description:
      "说明 — human-readable message, suitable to show beside the form field: in Chinese, or in English when the request's Accept-Language prefers English",
  })
  renderedMessage(@Ctx() ctx: { language?: Language }): string {
    return renderMessage(this.entry, ctx?.language ?? 'zh');
  }

  /** The message in Chinese, for logs and the exception's text. */
  get message(): string {
    return renderMessage(this.entry, 'zh');
  }

  @Field(() => ErrorCode, { description: '错误代码 — machine-readable code' })
  code: ErrorCode;

  @Field(() => ErrorReasonType, {
    description: "错误原因 — the specific reason (REQUIRED, TOO_LONG, IN_FUTURE…), for a front end's own text",
  })
  get reason(): string {
    return this.entry.reason;
  }
}

/** Thrown inside a mutation to roll its transaction back and answer with `userErrors`. */
export class UserErrorsException extends Error {
  constructor(public readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}

export function userError(code: ErrorCode, entry: Message, field?: string[]): UserError {
  return Object.assign(new UserError(), { code, entry, field: field ?? null });
}

/** Shorthand for the common case: refuse with one user error. */
export function refuse(code: ErrorCode, entry: Message, field?: string[]): never {
  throw new UserErrorsException([userError(code, entry, field)]);
}
