import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Class } from './class';
import type { Config } from './config';
import type { LocalDate } from './graphql/scalars';
import type { OperationCeilings } from './graphql/ceilings';
import type { UserError } from './graphql/errors';
import type { IdempotentRequest } from './graphql/idempotency';
import { LoaderRegistry } from './graphql/loaders';
import type { ModuleRegistry } from './module-system/registry';
import type { FiguresEngine } from './figures/engine';
import type { ModuleEnablementService } from './module-system/services/module-enablement.service';
import type { OrgServices } from './org/services';
import type { Policy } from './policy';
import { dayIn, type Clock } from './clock';
import { Access, type Viewer } from './auth/access';
import type { AuthService } from './auth/services/auth.service';
import type { Language } from './messages/catalogue';
import type { EventHub } from './events/hub';
import type { ReminderTimer } from './reminders/scheduler';
import type { WebhookWorker } from './events/webhooks/worker';

/** Everything a process builds once at start-up and every request shares. */
export interface App {
  config: Config;
  /** The one source of "now" and "today" (a pinned clock in tests). */
  clock: Clock;
  db: DataSource;
  log: Logger;
  policy: Policy;
  registry: ModuleRegistry;
  org: OrgServices;
  modules: ModuleEnablementService;
  /** Every module's aggregates, closed periods and reopenings (docs/FIGURES.md). */
  figures: FiguresEngine;
  /** GraphQL type name → entity class, for `node(id)`. */
  nodeTypes: Map<string, Class>;
  auth: AuthService;
  /** Each installed module's services, by module name (see defineModule's `services`). */
  moduleServices: Map<string, unknown>;
  /** The process's reader of the event outbox and its subscriptions (src/events/hub.ts). */
  events: EventHub;
  /** The process's reminder ticks (src/reminders/scheduler.ts), started by `npm start`. */
  reminders: ReminderTimer;
  /** The process's sender of webhook deliveries, started by the HTTP server (src/events/webhooks/worker.ts). */
  webhooks: WebhookWorker;
}

/** What the current mutation did about access, for the audit log (reset per mutation field). */
export interface AuditState {
  operation: string;
  /** Set by requireUnit: a mutation that never checked access fails closed. */
  checked: boolean;
  unitPaths: string[];
  /** The mutation field's response key (its alias, else its name): its record under an idempotency key. */
  responseKey?: string;
  /** The module that contributed the running mutation (null: the core's). */
  module: string | null;
  /** Set when the module was found on for a unit the mutation works on: one that never checks fails closed. */
  moduleChecked: boolean;
  /**
   * Ids of the input the viewer may not name (the guard checks every id before the mutation runs):
   * runMutation answers them as NOT_FOUND userErrors, audited, before any work.
   */
  refusedIds?: UserError[];
  /** Values the mutation replaced (a corrected day's old value): recorded with the input, under `replaced`. */
  replaced?: Record<string, unknown>;
}

/** The audit state outside any mutation. */
export const noMutation = (): AuditState => ({
  operation: 'unknown',
  checked: false,
  unitPaths: [],
  module: null,
  moduleChecked: false,
});

/** What one GraphQL request sees. */
export interface Context {
  app: App;
  /**
   * Where this request reads and writes: the mutation's transaction while one runs, else the pool.
   * Everything inside a mutation goes through it, so a mutation holds exactly one connection.
   */
  readonly db: EntityManager;
  /** The open transaction of the running mutation (set by runMutation). */
  tx: EntityManager | null;
  requestId: string;
  loaders: LoaderRegistry;
  /** The instant the request started, from the application's clock: every "now" of the request. */
  now: Date;
  /** The business day of `now`, in the deployment's time zone. */
  today: LocalDate;
  access: Access;
  audit: AuditState;
  /** The caller's address, for throttling sign-ins. */
  clientAddress: string;
  /** The language of the messages of this request: Chinese unless Accept-Language prefers English. */
  language: Language;
  /** The running operation's ceilings (objects, answer size, time), set per operation by ceilingsPlugin. */
  ceilings?: OperationCeilings;
  /** The `Idempotency-Key` a mutation was sent with (src/graphql/idempotency.ts); unset without one. */
  idempotency?: IdempotentRequest;
}

/**
 * Apollo shallow-copies the context per operation (Object.assign onto the same prototype), so the
 * transaction slot is a shared object and `db`/`tx` are prototype accessors: every copy, and the
 * loaders created with the original, see the same open transaction.
 */
class RequestContext implements Context {
  private readonly unitOfWork: { tx: EntityManager | null } = { tx: null };
  loaders: LoaderRegistry;
  now: Date;
  today: LocalDate;
  access: Access;
  audit: AuditState = noMutation();

  constructor(
    readonly app: App,
    readonly requestId: string,
    viewer: Viewer | null,
    readonly clientAddress: string,
    readonly language: Language,
  ) {
    this.loaders = new LoaderRegistry(() => this.db);
    this.now = app.clock.now();
    this.today = dayIn(app.clock.timeZone, this.now);
    this.access = new Access(viewer);
  }

  /** Before each event a subscription delivers: the viewer verified now, fresh loaders, a new reading of the clock. */
  renew(viewer: Viewer): void {
    this.loaders = new LoaderRegistry(() => this.db);
    this.now = this.app.clock.now();
    this.today = dayIn(this.app.clock.timeZone, this.now);
    this.access = new Access(viewer);
    this.audit = noMutation();
  }

  get db(): EntityManager {
    return this.unitOfWork.tx ?? this.app.db.manager;
  }

  get tx(): EntityManager | null {
    return this.unitOfWork.tx;
  }

  set tx(tx: EntityManager | null) {
    this.unitOfWork.tx = tx;
  }
}

export function createContext(
  app: App,
  requestId: string,
  viewer: Viewer | null = null,
  clientAddress = 'local',
  language: Language = 'zh',
): Context {
  return new RequestContext(app, requestId, viewer, clientAddress, language);
}

/**
 * A subscription's context is made once and used for every event it delivers (src/events/stream.ts):
 * renewed before each, so no event is judged on a stale viewer, cached rows or an old "now".
 */
export function renewContext(ctx: Context, viewer: Viewer): void {
  if (!(ctx instanceof RequestContext)) throw new Error('renewContext: not a context made by createContext');
  ctx.renew(viewer);
}
