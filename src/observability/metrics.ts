import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Pool } from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { App, Context } from '../context';
import { currentRequestScope } from './request-context';

/**
 * What /metrics exposes (Prometheus text format), one registry per app: GraphQL operations by name
 * and outcome code, their latency, SQL statements and priced cost, the pool, and prom-client's
 * process metrics (memory, CPU, event-loop lag, handles).
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'jiceng_graphql_requests_total',
    help: 'GraphQL operations answered, by operation name and outcome (OK or the first error code)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'jiceng_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to its answer, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly statements = new Histogram({
    name: 'jiceng_graphql_sql_statements',
    help: 'SQL statements one GraphQL operation issued, by operation name',
    labelNames: ['operation'] as const,
    buckets: [1, 2, 3, 5, 8, 13, 20, 30, 50, 100],
    registers: [this.registry],
  });
  readonly cost = new Histogram({
    name: 'jiceng_graphql_cost',
    help: 'Priced cost of one GraphQL operation (nodes it could return; extensions.cost.requested), by operation name',
    labelNames: ['operation'] as const,
    buckets: [1, 10, 100, 1_000, 10_000, 100_000, 500_000],
    registers: [this.registry],
  });
  readonly eventsDelivered = new Counter({
    name: 'jiceng_events_delivered_total',
    help: "Events delivered to subscribers of this process (after each subscriber's access check), by event type",
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'jiceng_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (will be tried again), failed (retry window over), withheld (not readable by the registering account)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly reminderKinds = new Histogram({
    name: 'jiceng_reminder_kind_seconds',
    help: 'Time one reminder tick took for one kind (finding its deadlines, raising and closing reminders), by kind; skipped kinds (another process held them) and failed ones included',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /** Distinct operation names seen; beyond the cap, new names count as "(other)" so labels stay bounded. */
  private readonly names = new Set<string>();

  constructor(pool: () => Pool | undefined, openSubscriptions: () => number = () => 0) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'jiceng_subscriptions_open',
      help: 'GraphQL subscriptions open in this process (WebSocket, graphql-ws)',
      registers: [this.registry],
      collect() {
        this.set(openSubscriptions());
      },
    });
    new Gauge({
      name: 'jiceng_db_pool_connections',
      help: 'Connections of the PostgreSQL pool: in use, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
      },
    });
  }

  /** A client-chosen operation name as a label: a valid GraphQL name, one of at most MAX_NAMES. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (!/^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name)) return '(invalid)';
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_NAMES) return '(other)';
    this.names.add(name);
    return name;
  }
}

const MAX_NAMES = 500;
const metrics = new WeakMap<App, Metrics>();

export function metricsOf(app: App): Metrics {
  let m = metrics.get(app);
  if (!m) {
    const pool = () => (app.db.driver as unknown as { master?: Pool }).master;
    metrics.set(app, (m = new Metrics(pool, () => app.events?.open ?? 0)));
  }
  return m;
}

/**
 * Counts every GraphQL operation and writes its access line: operation, outcome, duration, SQL
 * statements, priced cost, account and request id. Runs after the plugins that set
 * `extensions.cost` and the SQL count (src/server.ts lists it last).
 */
export function accessLogPlugin(app: App): ApolloServerPlugin<Context> {
  const m = metricsOf(app);
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ response, operationName, contextValue, errors }) {
          const seconds = (performance.now() - started) / 1000;
          const body = response.body.kind === 'single' ? response.body.singleResult : null;
          const first = body?.errors?.[0] ?? errors?.[0];
          const outcome = first ? String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
          const operation = m.operationLabel(operationName ?? request.operationName);
          const sqlStatements = currentRequestScope()?.sqlCount ?? 0;
          // Read from the request, not the answer: the plugins' willSendResponse hooks run concurrently.
          // Only of an operation that ran: a refusal by another check before it ran is not a cost.
          const cost = executed ? currentRequestScope()?.cost : undefined;
          const produced = contextValue?.ceilings?.objects;
          m.requests.inc({ operation, outcome });
          m.duration.observe({ operation }, seconds);
          m.statements.observe({ operation }, sqlStatements);
          if (cost !== undefined) m.cost.observe({ operation }, cost);
          app.log.info(
            {
              operation,
              outcome,
              durationMs: Math.round(seconds * 10_000) / 10,
              sqlStatements,
              connectionWaitMs: Math.round((currentRequestScope()?.connectionWaitMs ?? 0) * 10) / 10,
              cost: cost ?? null,
              objects: cost !== undefined && produced !== undefined ? produced : null,
              accountId: contextValue?.access?.viewer?.accountId ?? null,
              requestId: currentRequestScope()?.requestId,
            },
            'graphql operation',
          );
        },
      };
    },
  };
}

/**
 * Who may read /metrics: a client connected over loopback whose request came through no proxy (no
 * forwarding header: a reverse proxy on the same machine connects over loopback for everyone), or any
 * client presenting the configured token as `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function metricsAccess(
  socketAddress: string | undefined,
  headers: Record<string, string | string[] | undefined>,
  token: string | undefined,
): 'allowed' | 'token required' | 'wrong token' {
  const auth = headers.authorization;
  const presented = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  if (token && presented) return sameSecret(presented, token) ? 'allowed' : 'wrong token';
  const forwarded = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => headers[h] !== undefined);
  if (!forwarded && isLoopback(socketAddress)) return 'allowed';
  return presented ? 'wrong token' : 'token required';
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(a) === 4) return a.startsWith('127.');
  return a === '::1';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
