import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { CommitOutcomeUnknownError, isDatabaseUnavailable } from '../db/unavailable';
import { currentRequestScope } from '../observability/request-context';
import { AppError, ErrorCode } from './errors';
import { databaseRefusedValue } from './mutation';
import { renderMessage, type Message } from '../messages/catalogue';
import { CORE_MESSAGES as M, ErrorReason } from '../messages/core';

const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);
const OUR_CODES = new Set<string>(Object.values(ErrorCode));
/** Apollo's own input codes, as reasons (src/messages/core.ts). */
const APOLLO_REASONS: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: ErrorReason.GRAPHQL_PARSE_FAILED,
  GRAPHQL_VALIDATION_FAILED: ErrorReason.GRAPHQL_VALIDATION_FAILED,
  BAD_USER_INPUT: ErrorReason.INVALID_VARIABLES,
  OPERATION_RESOLUTION_FAILURE: ErrorReason.OPERATION_RESOLUTION_FAILURE,
  BAD_REQUEST: ErrorReason.BAD_REQUEST,
};

/**
 * Errors that reach clients carry one of our codes and a reason. Anything unexpected becomes
 * INTERNAL_SERVER_ERROR with the request id: no stack trace, no SQL, no driver message.
 * Our messages are rendered here, in the request's language (src/messages/catalogue.ts).
 */
export function formatError(log: Logger, exposeInternalMessages: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    const scope = currentRequestScope();
    const requestId = scope?.requestId;
    const language = scope?.language ?? 'zh';
    const say = (message: Message) => renderMessage(message, language);
    if (original instanceof AppError) {
      return {
        message: say(original.entry),
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...withoutStack(formatted.extensions), code, reason: original.entry.reason },
      };
    }
    if (OUR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { ...withoutStack(formatted.extensions), code },
      };
    }
    // Apollo's automatic persisted queries: clients retry with the full query on this code (or message).
    if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED') {
      return { message: formatted.message, extensions: { code } };
    }
    // Apollo's other refusals of a request before it runs (a persisted query whose hash does not match
    // its text, an unknown persisted-query version) carry an HTTP 4xx but no code: the client's fault.
    if (code === 'INTERNAL_SERVER_ERROR' && isApolloRequestRefusal(original)) {
      return {
        message: say(M.persistedQueryRefused({ detail: formatted.message })),
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: ErrorReason.BAD_REQUEST },
      };
    }
    if (code === 'GRAPHQL_PARSE_FAILED' && /contains more th\w+ \d+ tokens/.test(formatted.message)) {
      return { message: formatted.message, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    }
    if (APOLLO_INPUT_CODES.has(code)) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: APOLLO_REASONS[code] },
      };
    }
    if (original instanceof CommitOutcomeUnknownError) {
      log.warn(
        { err: { message: (original.cause as Error)?.message }, path: formatted.path },
        'commit outcome unknown',
      );
      return {
        message: say(M.outcomeUnknown()),
        path: formatted.path,
        extensions: { code: ErrorCode.OUTCOME_UNKNOWN, reason: ErrorReason.OUTCOME_UNKNOWN, requestId },
      };
    }
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: { message: (original as Error)?.message }, path: formatted.path }, 'database unavailable');
      return {
        message: say(M.databaseUnavailable()),
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, reason: ErrorReason.DATABASE_UNAVAILABLE, requestId },
      };
    }
    if (isStatementTimeout(original)) {
      return {
        message: say(M.statementTimeout()),
        path: formatted.path,
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, reason: ErrorReason.TOO_SLOW, requestId },
      };
    }
    const badValue = databaseRefusedValue(original);
    if (badValue) {
      // An argument no validator caught, refused by PostgreSQL: the request's fault, not ours; logged so
      // that the missing validator is added.
      log.warn(
        { sqlState: badValue.code, detail: badValue.message, path: formatted.path },
        'argument refused by the database',
      );
      return {
        message: say(M.argumentRange()),
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: ErrorReason.DATABASE_RULE, requestId },
      };
    }
    log.error(
      { err: { message: (original as Error)?.message, stack: (original as Error)?.stack }, path: formatted.path },
      'unexpected error',
    );
    return {
      message: say(
        exposeInternalMessages ? M.internalWith({ detail: String((original as Error)?.message) }) : M.internal(),
      ),
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, reason: ErrorReason.INTERNAL, requestId },
    };
  };
}

function withoutStack(ext: Record<string, unknown> | undefined) {
  if (!ext) return {};
  const { stacktrace: _s, exception: _e, ...rest } = ext as Record<string, unknown>;
  return rest;
}

/** A persisted-query refusal of Apollo's request pipeline: a client-error status, no path (nothing ran). */
function isApolloRequestRefusal(err: unknown): boolean {
  if (!(err instanceof GraphQLError) || err.path || !/persisted query|sha does not match/i.test(err.message))
    return false;
  const status = (err.extensions?.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function isStatementTimeout(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === '57014' || e?.driverError?.code === '57014';
}
