import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { AppError, ErrorCode } from './graphql/errors';
import { limitsPlugin } from './graphql/limits';
import { ceilingsPlugin } from './graphql/ceilings';
import { GRAPHQL_RESPONSE_JSON, httpOf, httpStatusPlugin } from './graphql/http-status';
import { refusalSummaries, refusalsPlugin } from './graphql/refusals';
import { inputCheckPlugin } from './graphql/input-check';
import { idempotencyPlugin } from './graphql/idempotency';
import { createContext, type App, type Context } from './context';
import { clientAddressRule } from './client-address';
import { serveSubscriptions } from './events/ws';
import { isDatabaseUnavailable } from './db/unavailable';
import { formatError } from './graphql/format-error';
import { currentRequestScope, runInRequestScope } from './observability/request-context';
import { accessLogPlugin, metricsAccess, metricsOf } from './observability/metrics';
import { languageOf, renderMessage, type Message } from './messages/catalogue';
import { CORE_MESSAGES as M, ErrorReason } from './messages/core';
import { ideRoutes, sendPrecompressed } from './ide/serve';
import { exportHandler } from './export/export';

/** The built IDE: dist/ide beside dist/src when compiled, or dist/ide from the source tree (tests). */
export function ideDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'ide'), path.resolve(__dirname, '..', 'dist', 'ide')];
  return candidates.find((d) => existsSync(path.join(d, 'index.html'))) ?? candidates[0];
}
const MAX_BODY = '2mb';

/**
 * Reports the SQL statements the request issued (the figure the performance rules are about) and how
 * long they waited for a pool connection.
 */
const sqlCountPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const scope = currentRequestScope();
        if (scope && response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            requestId: scope.requestId,
            sqlStatements: scope.sqlCount,
            connectionWaitMs: Math.round((scope.connectionWaitMs ?? 0) * 10) / 10,
          };
        }
      },
    };
  },
};

/**
 * A mutation's answer goes out once this process has heard of the changes it committed to viewers
 * (src/auth/viewer-cache.ts): the client's next request, here, is judged on the new grants or session.
 */
const viewersSettlePlugin = (app: App): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async willSendResponse({ operation }) {
        if (operation?.operation === 'mutation') await app.auth.viewers?.settle();
      },
    };
  },
});

export interface RunningServer {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  url: string;
  stop(): Promise<void>;
}

/** The Apollo server as every entry point runs it (HTTP, and tests calling executeOperation). */
export function createApollo(
  app: App,
  schema: GraphQLSchema,
  plugins: ApolloServerPlugin<Context>[] = [],
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    formatError: formatError(app.log, app.config.env !== 'production'),
    logger: app.log,
    parseOptions: { maxTokens: app.config.limits.maxTokens },
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      sqlCountPlugin,
      ceilingsPlugin(app),
      limitsPlugin(app.config),
      refusalsPlugin(app),
      inputCheckPlugin(app.config.limits.maxStringLength),
      httpStatusPlugin(),
      idempotencyPlugin(),
      viewersSettlePlugin(app),
      ...plugins,
      // Last: it reads what the plugins above put into the answer (cost, SQL count, status).
      accessLogPlugin(app),
    ],
  });
}

/** The request's context: the viewer from the Authorization header (never from cookies or URLs). */
/** The operation a request names (operationName, or the name in the query text), for counting refusals. */
function operationNameOf(req: express.Request): string {
  const sent = (req.body ?? req.query) as { operationName?: unknown; query?: unknown } | undefined;
  if (typeof sent?.operationName === 'string' && sent.operationName) return sent.operationName.slice(0, 100);
  const named =
    typeof sent?.query === 'string'
      ? /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/.exec(sent.query.slice(0, 300))
      : null;
  return named?.[1] ?? '(unknown)';
}

async function contextFor(app: App, req: express.Request): Promise<Context> {
  const requestId = currentRequestScope()?.requestId ?? randomUUID();
  try {
    const viewer = await app.auth.viewerFromHeader(req.get('authorization'));
    return createContext(app, requestId, viewer, req.ip ?? 'unknown', currentRequestScope()?.language ?? 'zh');
  } catch (err) {
    if (err instanceof AppError) {
      // A forged or expired token: counted with the refusals (src/graphql/refusals.ts), not written one by one.
      refusalSummaries(app).count({
        kind: 'unknown',
        operation: operationNameOf(req),
        code: String(err.extensions.code),
        actorId: null,
        address: req.ip ?? null,
        requestId,
      });
      throw new GraphQLError(renderMessage(err.entry, currentRequestScope()?.language ?? 'zh'), {
        extensions: {
          ...err.extensions,
          http: httpOf(String(err.extensions.code), err.extensions),
        },
      });
    }
    if (isDatabaseUnavailable(err)) {
      throw new GraphQLError(renderMessage(M.databaseUnavailable(), currentRequestScope()?.language ?? 'zh'), {
        extensions: {
          code: ErrorCode.SERVICE_UNAVAILABLE,
          reason: ErrorReason.DATABASE_UNAVAILABLE,
          requestId,
          http: httpOf(ErrorCode.SERVICE_UNAVAILABLE),
        },
      });
    }
    throw err;
  }
}

/** Whether the server is draining: /readyz then answers 503 so a balancer sends no new work. */
export interface Lifecycle {
  draining: boolean;
}

export async function createHttpServer(
  app: App,
  schema: GraphQLSchema,
): Promise<{
  express: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  lifecycle: Lifecycle;
}> {
  const lifecycle: Lifecycle = { draining: false };
  const web = express();
  const httpServer = http.createServer(web);
  // Subscriptions (graphql-ws) on the same server and path; their sockets close when Apollo drains.
  // One rule for the client's address, over HTTP (req.ip) and WebSocket alike (src/client-address.ts).
  const address = clientAddressRule(app.config.trustProxy);
  const subscriptions = serveSubscriptions(app, schema, httpServer, address);
  // Every serving process sends webhook deliveries; it stops, recording those in flight, when Apollo drains.
  const webhooks: ApolloServerPlugin<Context> = {
    async serverWillStart() {
      app.webhooks.start();
      return { drainServer: () => app.webhooks.stop() };
    },
  };
  const apollo = createApollo(app, schema, [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    subscriptions,
    webhooks,
  ]);
  await apollo.start();

  web.disable('x-powered-by');
  // Behind a reverse proxy (TRUST_PROXY), req.ip is the client's forwarded address, not the proxy's.
  web.set('trust proxy', address.trust);
  // Every line logged while serving a request carries its id; clients may send their own.
  web.use((req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    // Messages are rendered per request: Chinese, or English when Accept-Language prefers it.
    runInRequestScope({ requestId, sqlCount: 0, language: languageOf(req.get('accept-language')) }, next);
  });
  // Draining: a request whose headers arrive after the stop began (on a connection accepted just before)
  // does no work against a closing pool; the client is told to retry elsewhere.
  web.use((req, res, next) => {
    if (!lifecycle.draining || req.path === '/readyz' || req.path === '/healthz') return next();
    res.set('connection', 'close').set('retry-after', '1');
    res.status(503).json({
      errors: [{ message: 'The server is stopping; retry', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }],
    });
  });
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  web.get('/readyz', async (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    try {
      await app.db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  // Prometheus text format; loopback clients without a proxy, others with METRICS_TOKEN (src/observability/metrics.ts).
  web.get('/metrics', async (req, res) => {
    const access = metricsAccess(req.socket.remoteAddress, req.headers, app.config.metricsToken);
    if (access !== 'allowed') {
      res
        .status(access === 'wrong token' ? 403 : 401)
        .type('text')
        .send(
          app.config.metricsToken
            ? 'Metrics need "Authorization: Bearer <METRICS_TOKEN>" from this address.'
            : 'Metrics are served to loopback clients only; set METRICS_TOKEN to allow others.',
        );
      return;
    }
    const registry = metricsOf(app).registry;
    res.type(registry.contentType).send(await registry.metrics());
  });
  const ide = ideDir();
  web.use('/ide', ideRoutes(app, ide));
  web.get('/favicon.ico', (_req, res) => res.redirect(301, '/ide/favicon.svg'));
  // A browser asking for /graphql gets the IDE; API clients get GraphQL.
  web.get('/graphql', (req, res, next) => {
    if (req.query.query || req.accepts(['text/html', 'application/json']) !== 'text/html') return next();
    const page = path.join(ide, 'index.html');
    if (!existsSync(page)) {
      res.status(503).type('text').send('The IDE is not built: run `npm run build`.');
      return;
    }
    if (!sendPrecompressed(req, res, page, 0)) res.sendFile(page);
  });
  web.get('/', (_req, res) => res.redirect('/graphql'));
  web.use(
    '/graphql',
    cors<cors.CorsRequest>({
      origin: app.config.corsOrigins.length ? app.config.corsOrigins : false,
      allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-request-id', 'idempotency-key'],
      exposedHeaders: ['x-request-id'],
      credentials: false,
      maxAge: 600,
    }),
    // Answers over 1 kB go brotli or gzip to clients that accept it (county links are slow; the examples pack 6.6×).
    compression({ threshold: 1024 }),
    express.json({ limit: MAX_BODY }),
    // No Accept header: answer as application/graphql-response+json (GraphQL over HTTP, since 2025).
    (req: express.Request, _res: express.Response, next: express.NextFunction) => {
      if (!req.headers.accept) req.headers.accept = GRAPHQL_RESPONSE_JSON;
      next();
    },
    expressMiddleware(apollo, { context: ({ req }) => contextFor(app, req) }),
  );
  // A query's answer as a CSV or xlsx file (src/export/export.ts): same body limit, header and pipeline.
  web.use(
    '/export',
    cors<cors.CorsRequest>({
      origin: app.config.corsOrigins.length ? app.config.corsOrigins : false,
      allowedHeaders: ['content-type', 'authorization', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'content-disposition'],
      credentials: false,
      maxAge: 600,
    }),
  );
  web.post('/export', express.json({ limit: MAX_BODY }), exportHandler(app, apollo, schema, contextFor));
  type HttpError = { type?: string; message?: string } | null | undefined; // body-parser's errors carry a type
  web.use((err: HttpError, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const say = (message: Message) => renderMessage(message, currentRequestScope()?.language ?? 'zh');
    if (err?.type === 'entity.too.large') {
      res.status(413).json({
        errors: [
          {
            message: say(M.bodyTooLarge({ max: MAX_BODY })),
            extensions: { code: 'QUERY_TOO_COMPLEX', reason: M.bodyTooLarge.reason },
          },
        ],
      });
      return;
    }
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({
        errors: [
          { message: say(M.bodyNotJson()), extensions: { code: 'BAD_USER_INPUT', reason: M.bodyNotJson.reason } },
        ],
      });
      return;
    }
    app.log.error({ err: { message: err?.message } }, 'unhandled HTTP error');
    res.status(500).json({
      errors: [
        {
          message: say(M.internal()),
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            reason: M.internal.reason,
            requestId: currentRequestScope()?.requestId,
          },
        },
      ],
    });
  });
  return { express: web, httpServer, apollo, lifecycle };
}

/** Listens; a port in use becomes a clear message rather than a stack trace. */
export async function listen(app: App, schema: GraphQLSchema, port: number, host: string): Promise<RunningServer> {
  const { httpServer, apollo, lifecycle } = await createHttpServer(app, schema);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new Error(`Port ${port} is already in use: stop the other program or set PORT to a free port`));
      else reject(err);
    });
    httpServer.listen(port, host, resolve);
  });
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    httpServer,
    apollo,
    url: `http://localhost:${actualPort}/graphql`,
    // Not ready from the first moment; apollo.stop() drains: in-flight requests finish, new connections are refused.
    stop: () => {
      lifecycle.draining = true;
      return apollo.stop();
    },
  };
}
