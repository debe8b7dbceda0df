import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ClientAddressRule } from '../client-address';
import { createContext, type App, type Context } from '../context';
import { AppError, ErrorCode } from '../graphql/errors';
import { formatError } from '../graphql/format-error';
import { measureOperation } from '../graphql/limits';
import { languageOf, type Language } from '../messages/catalogue';
import { CORE_MESSAGES as M, ErrorReason } from '../messages/core';
import { isDatabaseUnavailable } from '../db/unavailable';
import { runInRequestScope } from '../observability/request-context';
import { markSubscriber } from './stream';

/** Closing code of a connection whose `connection_init` carried no valid token (graphql-ws's "Forbidden"). */
export const CLOSE_UNAUTHENTICATED = 4403;
/** Closing code when the token could not be checked because the database is unavailable (RFC 6455: try again later). */
export const CLOSE_TRY_AGAIN = 1013;

/**
 * GraphQL subscriptions over WebSocket, graphql-ws protocol, on the HTTP server's own port and path
 * (`/graphql`). The client sends `{ authorization: 'Bearer <access token>' }` as its connection
 * parameters; the token is checked exactly as an HTTP request's (signature, expiry by the application
 * clock, session and account), when the connection opens, when each subscription starts and before
 * each event. A connection without a valid token is closed with 4403 and, as its reason, the refusal's
 * code and reason as JSON. Only subscriptions run here: queries and mutations go by HTTP, where their
 * limits, budget and idempotency apply. The caller's address is told by the same rule as over HTTP
 * (TRUST_PROXY). Returns the plugin that closes every socket when Apollo drains.
 */
export function serveSubscriptions(
  app: App,
  schema: GraphQLSchema,
  httpServer: http.Server,
  address: ClientAddressRule,
): ApolloServerPlugin<Context> {
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const format = formatError(app.log, app.config.env !== 'production');
  const languages = new WeakMap<object, Language>();
  const languageOfSocket = (extra: { request: http.IncomingMessage }) => {
    let l = languages.get(extra);
    if (!l) languages.set(extra, (l = languageOf(extra.request.headers['accept-language'])));
    return l;
  };
  /** Errors as HTTP answers carry them: catalogue text in the connection's language, code and reason. */
  const formatted = (errors: readonly GraphQLError[], language: Language) =>
    runInRequestScope({ requestId: randomUUID(), sqlCount: 0, language }, () =>
      errors.map((e) => format(e.toJSON(), e.originalError ?? e)),
    );
  const authorizationOf = (params: Record<string, unknown> | undefined) =>
    typeof params?.authorization === 'string' ? params.authorization : undefined;
  const limits = app.config.limits;
  const documents = new DocumentCache(schema, limits.maxTokens);

  const disposable = useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async ({ connectionParams, extra }) => {
        try {
          const viewer = await app.auth.viewerFromHeader(authorizationOf(connectionParams));
          if (viewer) return true;
          extra.socket.close(
            CLOSE_UNAUTHENTICATED,
            JSON.stringify({ code: ErrorCode.UNAUTHENTICATED, reason: M.signInFirst.reason }),
          );
          return false;
        } catch (err) {
          // The database is away or busy for a moment: "try again later", which graphql-ws clients retry.
          if (isDatabaseUnavailable(err)) {
            extra.socket.close(
              CLOSE_TRY_AGAIN,
              JSON.stringify({ code: ErrorCode.SERVICE_UNAVAILABLE, reason: ErrorReason.DATABASE_UNAVAILABLE }),
            );
            return false;
          }
          if (!(err instanceof AppError)) throw err;
          extra.socket.close(
            CLOSE_UNAUTHENTICATED,
            JSON.stringify({ code: err.extensions.code, reason: err.extensions.reason }),
          );
          return false;
        }
      },
      // Refusals here are GraphQL errors, formatted by onError below.
      onSubscribe: (_ctx, _id, payload) => {
        const checked = documents.check(payload.query);
        if (!('document' in checked)) return checked.errors;
        const { document } = checked;
        const refuse = (error: AppError) => [error];
        const operation = getOperationAST(document, payload.operationName);
        if (!operation || operation.operation !== 'subscription')
          return refuse(new AppError(ErrorCode.BAD_USER_INPUT, M.subscriptionsOnly()));
        const fragments = Object.fromEntries(
          document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]),
        );
        // The shape limits of an HTTP operation (src/graphql/limits.ts); each event is one small answer,
        // so the hourly budget is not charged.
        const shape = measureOperation(schema, operation, fragments, payload.variables ?? {});
        if (shape.depth > limits.maxDepth)
          return refuse(
            new AppError(
              ErrorCode.QUERY_TOO_COMPLEX,
              M.queryTooDeep({ value: shape.depth, limit: limits.maxDepth, path: shape.deepest.join('.') }),
            ),
          );
        if (shape.aliases > limits.maxAliases)
          return refuse(
            new AppError(
              ErrorCode.QUERY_TOO_COMPLEX,
              M.tooManyAliases({ value: shape.aliases, limit: limits.maxAliases }),
            ),
          );
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: async ({ connectionParams, extra }) => {
        const authorization = authorizationOf(connectionParams);
        let refusal: AppError | null = null;
        let viewer = null;
        try {
          viewer = await app.auth.viewerFromHeader(authorization);
        } catch (err) {
          if (isDatabaseUnavailable(err))
            refusal = new AppError(ErrorCode.SERVICE_UNAVAILABLE, M.databaseUnavailable());
          else if (err instanceof AppError) refusal = err;
          else throw err;
        }
        const ctx = createContext(
          app,
          randomUUID(),
          viewer,
          // The upgrade request's address, by TRUST_PROXY as an HTTP request's (src/client-address.ts).
          address.of(extra.request),
          languageOfSocket(extra),
        );
        markSubscriber(ctx, { authorization, refusal });
        return ctx;
      },
      onNext: ({ extra }, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: formatted(result.errors, languageOfSocket(extra)) } : undefined,
      onError: ({ extra }, _id, _payload, errors) => formatted(errors, languageOfSocket(extra)),
    },
    wss,
  );

  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await disposable.dispose();
        },
      };
    },
  };
}

/** graphql-js's own errors, with the code Apollo gives them over HTTP (src/graphql/format-error.ts words them). */
function withCode(e: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(e.message, {
    nodes: e.nodes,
    source: e.source,
    positions: e.positions,
    extensions: { code },
  });
}

/** Documents kept parsed and validated; past this many, the least recently used is dropped. */
export const MAX_CACHED_DOCUMENTS = 200;

/**
 * The subscriptions of a front end's users send the same few documents, thousands of times: each is
 * parsed and validated once and its tree shared by every subscription that sends it (graphql-js never
 * changes a document), instead of one parsed copy with its tokens per subscription.
 */
class DocumentCache {
  private readonly entries = new Map<string, { document: DocumentNode } | { errors: GraphQLError[] }>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxTokens: number,
  ) {}

  check(query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
    let entry = this.entries.get(query);
    if (entry)
      this.entries.delete(query); // re-inserted below: most recently used last
    else entry = this.prepare(query);
    this.entries.set(query, entry);
    if (this.entries.size > MAX_CACHED_DOCUMENTS) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private prepare(query: string): { document: DocumentNode } | { errors: GraphQLError[] } {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch (err) {
      return { errors: [withCode(err as GraphQLError, 'GRAPHQL_PARSE_FAILED')] };
    }
    const invalid = validate(this.schema, document);
    if (invalid.length) return { errors: invalid.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) };
    return { document };
  }
}
