import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { CommitOutcomeUnknownError, isDatabaseUnavailable } from '../db/unavailable';
import { currentRequestScope } from '../observability/request-context';
import { AppError, ErrorCode } from './errors';
import { databaseRefusedValue } from './mutation';

const APOLLO_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);
const OUR_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * Errors that reach clients carry one of our codes. Anything unexpected becomes
 * INTERNAL_SERVER_ERROR with the request id: no stack trace, no SQL, no driver message.
 */
export function formatError(log: Logger, exposeInternalMessages: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = String(formatted.extensions?.code ?? '');
    const requestId = currentRequestScope()?.requestId;
    if (original instanceof AppError || (OUR_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR)) {
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
    if (code === 'GRAPHQL_PARSE_FAILED' && /contains more th\w+ \d+ tokens/.test(formatted.message)) {
      return { message: formatted.message, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    }
    if (APOLLO_INPUT_CODES.has(code)) {
      return {
        message: formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code },
      };
    }
    if (original instanceof CommitOutcomeUnknownError) {
      log.warn(
        { err: { message: (original.cause as Error)?.message }, path: formatted.path },
        'commit outcome unknown',
      );
      return {
        message:
          'The connection to the database failed while the change was being saved: it may or may not have been saved. Read it back before retrying.',
        path: formatted.path,
        extensions: { code: ErrorCode.OUTCOME_UNKNOWN, requestId },
      };
    }
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: { message: (original as Error)?.message }, path: formatted.path }, 'database unavailable');
      return {
        message: 'The database cannot be reached just now; nothing was written. Retry shortly.',
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, requestId },
      };
    }
    if (isStatementTimeout(original)) {
      return {
        message: 'The query took too long and was stopped; ask for less (smaller pages, fewer levels)',
        path: formatted.path,
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, requestId },
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
        message: 'An argument of this field is out of range or not in a form it can take',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, requestId },
      };
    }
    log.error(
      { err: { message: (original as Error)?.message, stack: (original as Error)?.stack }, path: formatted.path },
      'unexpected error',
    );
    return {
      message: exposeInternalMessages
        ? `Internal server error: ${(original as Error)?.message}`
        : 'Internal server error',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    };
  };
}

function withoutStack(ext: Record<string, unknown> | undefined) {
  if (!ext) return {};
  const { stacktrace: _s, exception: _e, ...rest } = ext as Record<string, unknown>;
  return rest;
}

function isStatementTimeout(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === '57014' || e?.driverError?.code === '57014';
}
