import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { z } from 'zod';

/** Environment, validated once at start-up; the rest of the code reads a typed `Config`. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL keeps its cluster when DATABASE_URL is not set. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  MODULES: z.string().optional(),
  TZ: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SEED_SIZE: z.enum(['demo', 'city', 'none']).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  JICENG_ADMIN_USERNAME: z.string().optional(),
  JICENG_ADMIN_PASSWORD: z.string().optional(),
  CORS_ORIGINS: z.string().optional(),
  /** Reverse proxies in front of the server whose X-Forwarded-For is believed (express's `trust proxy`). */
  TRUST_PROXY: z.string().optional(),
  INTROSPECTION: z.enum(['signed-in', 'public', 'off']).default('signed-in'),
  MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(15),
  MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(100).default(20),
  MAX_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  MAX_COST: z.coerce.number().int().min(100).default(500_000),
  COST_BUDGET_PER_HOUR: z.coerce.number().int().min(1000).default(5_000_000),
  /** Longest string in any argument or input field, unless the field declares more (src/graphql/input-check.ts). */
  MAX_STRING_LENGTH: z.coerce.number().int().min(100).max(2_000_000).default(10_000),
  /** Ceilings while an operation runs, whatever its priced cost (src/graphql/ceilings.ts). */
  MAX_OBJECTS: z.coerce.number().int().min(10).default(20_000),
  MAX_RESPONSE_BYTES: z.coerce.number().int().min(1000).default(50_000_000),
  /** Default: twice STATEMENT_TIMEOUT_MS. */
  MAX_EXECUTION_MS: z.coerce.number().int().min(10).optional(),
  /** Pool connections one account (or anonymous address) holds at once; default a third of the pool, at least 2. */
  MAX_STATEMENTS_PER_ACCOUNT: z.coerce.number().int().min(1).optional(),
  /** Rows one spreadsheet export may hold (src/export/export.ts). */
  MAX_EXPORT_ROWS: z.coerce.number().int().min(1).default(200_000),
  /** Apply pending migrations at start; default on with the embedded database, off with DATABASE_URL. */
  MIGRATE_ON_START: z.enum(['true', 'false', '1', '0', 'on', 'off'], { message: 'must be true or false' }).optional(),
  /** Days an event stays in the outbox (src/events/hub.ts prunes older ones). */
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Subscriptions one account may hold open at once in one server process. */
  MAX_SUBSCRIPTIONS_PER_ACCOUNT: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Minutes between reminder ticks (src/reminders/scheduler.ts); 0: this process raises none. */
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
  /** Milliseconds a webhook receiver has to answer one delivery. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Wait after a webhook delivery's first failure; doubled after each further one (with jitter). */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(30_000),
  /** Longest wait between two attempts of one delivery. */
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
  /** Hours a delivery is retried before it is FAILED (counted from the event, by the application clock). */
  WEBHOOK_RETRY_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  /** How often each server process looks for due webhook deliveries. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  /** Bearer token that lets a client other than loopback read /metrics. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absent: start the embedded PostgreSQL under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  /** Module names to install; `undefined` means every module in `modules/`. */
  modules?: string[];
  timeZone: string;
  logLevel: string;
  statementTimeoutMs: number;
  dbPoolSize: number;
  /** Demo data to load on first start; embedded default `demo`, external default none. */
  seedSize: 'demo' | 'city' | 'none';
  auth: {
    jwtSecret: string;
    /** True when no JWT_SECRET was set and a random one is used (tokens die with the process). */
    ephemeralSecret: boolean;
    accessTtlSeconds: number;
    refreshTtlDays: number;
    admin?: { username: string; password: string };
  };
  /** Origins allowed to call the API from a browser; empty: none. */
  corsOrigins: string[];
  /**
   * Which reverse proxies are believed about the client's address (express's `trust proxy`): false (the
   * default: the address is whoever connects), a number of proxy hops, or addresses, subnets and the
   * names loopback, linklocal, uniquelocal. Sign-in throttling and anonymous budgets count by it.
   */
  trustProxy: false | number | string[];
  /**
   * Apply pending migrations at start (under the start-up lock). Off: a start with pending migrations
   * refuses, naming them; `npm run migrate` applies them.
   */
  migrateOnStart: boolean;
  /** Token a non-loopback client must present (Authorization: Bearer) to read /metrics; none: loopback only. */
  metricsToken?: string;
  introspection: 'signed-in' | 'public' | 'off';
  /** Events and subscriptions (docs/ARCHITECTURE.md, "Events"). */
  events: {
    retentionDays: number;
    subscriptionsPerAccount: number;
    /** Minutes between reminder ticks; 0: none in this process. */
    reminderIntervalMinutes: number;
  };
  /** Webhook deliveries (src/events/webhooks/worker.ts). */
  webhooks: {
    timeoutMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    retryHours: number;
    pollMs: number;
  };
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxRootFields: number;
    maxTokens: number;
    maxCost: number;
    costBudgetPerHour: number;
    /** Characters in one string argument or input field; a field may declare more (`@Extensions({ maxLength })`). */
    maxStringLength: number;
    /** Objects one operation may produce (list items and single objects), counted as it runs. */
    maxObjects: number;
    /** Estimated bytes of one operation's JSON answer, counted as it runs. */
    maxResponseBytes: number;
    /** Wall time of one query from the request's start; also how long a statement waits for its account's turn. */
    maxExecutionMs: number;
    /** Pool connections one account (or anonymous address) may hold at once in this process; more wait their turn. */
    statementsPerAccount: number;
    /** Rows of one spreadsheet export (POST /export), read page by page. */
    maxExportRows: number;
  };
};

/**
 * A setting that cannot be used: the message is one line naming the variable (several joined by "; "),
 * printed as `Invalid configuration: …` by every entry point (src/cli/fail.ts), never as a stack trace.
 */
export class ConfigError extends Error {
  constructor(problems: string) {
    super(`Invalid configuration: ${problems}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.TZ)) throw new ConfigError(`TZ: unknown time zone "${e.TZ}"`);
  const modules = e.MODULES?.split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET: required in production (at least 32 random characters) to sign access tokens');
  }
  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (!!e.JICENG_ADMIN_USERNAME !== !!e.JICENG_ADMIN_PASSWORD) {
    throw new ConfigError('JICENG_ADMIN_USERNAME and JICENG_ADMIN_PASSWORD go together');
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    modules,
    timeZone: e.TZ,
    logLevel: e.LOG_LEVEL,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    dbPoolSize: e.DB_POOL_SIZE,
    seedSize: e.SEED_SIZE ?? (e.DATABASE_URL ? 'none' : 'demo'),
    auth: {
      jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('base64url'),
      ephemeralSecret: !e.JWT_SECRET,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      admin: e.JICENG_ADMIN_USERNAME
        ? { username: e.JICENG_ADMIN_USERNAME, password: e.JICENG_ADMIN_PASSWORD! }
        : undefined,
    },
    corsOrigins:
      e.CORS_ORIGINS?.split(',')
        .map((o) => o.trim())
        .filter(Boolean) ?? [],
    introspection: e.INTROSPECTION,
    trustProxy,
    migrateOnStart: e.MIGRATE_ON_START ? ['true', '1', 'on'].includes(e.MIGRATE_ON_START) : !e.DATABASE_URL,
    metricsToken: e.METRICS_TOKEN,
    events: {
      retentionDays: e.EVENT_RETENTION_DAYS,
      subscriptionsPerAccount: e.MAX_SUBSCRIPTIONS_PER_ACCOUNT,
      reminderIntervalMinutes: e.REMINDER_INTERVAL_MINUTES,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
      retryHours: e.WEBHOOK_RETRY_HOURS,
      pollMs: e.WEBHOOK_POLL_MS,
    },
    limits: {
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxRootFields: e.MAX_ROOT_FIELDS,
      maxTokens: e.MAX_TOKENS,
      maxCost: e.MAX_COST,
      costBudgetPerHour: e.COST_BUDGET_PER_HOUR,
      maxStringLength: e.MAX_STRING_LENGTH,
      maxObjects: e.MAX_OBJECTS,
      maxResponseBytes: e.MAX_RESPONSE_BYTES,
      maxExecutionMs: e.MAX_EXECUTION_MS ?? 2 * e.STATEMENT_TIMEOUT_MS,
      statementsPerAccount: Math.min(
        e.DB_POOL_SIZE,
        e.MAX_STATEMENTS_PER_ACCOUNT ?? Math.max(2, Math.round(e.DB_POOL_SIZE / 3)),
      ),
      maxExportRows: e.MAX_EXPORT_ROWS,
    },
  };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: unset, empty, "off" or "false" → false; a whole number → that many hops; otherwise a
 * comma-separated list of addresses, subnets (10.0.0.0/8, fd00::/8) and the names loopback, linklocal,
 * uniquelocal. "true" (believe any proxy) is refused: any client could then choose its own address.
 */
function parseTrustProxy(value: string | undefined): false | number | string[] {
  const v = value?.trim() ?? '';
  if (v === '' || /^(off|false|0)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = entries.filter((x) => !PROXY_NAMES.includes(x) && !isAddressOrSubnet(x));
  if (bad.length || /^(on|true)$/i.test(v)) {
    throw new ConfigError(
      `TRUST_PROXY: "${bad.join(', ') || v}" is not a number of proxy hops, an address, a subnet or one of ${PROXY_NAMES.join(', ')} (e.g. TRUST_PROXY=loopback or TRUST_PROXY=1)`,
    );
  }
  return entries;
}

function isAddressOrSubnet(x: string): boolean {
  const [address, bits, more] = x.split('/');
  const family = isIP(address);
  if (!family || more !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
