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
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (!isValidTimeZone(e.TZ)) throw new ConfigError(`Invalid configuration:\n  TZ: unknown time zone "${e.TZ}"`);
  const modules = e.MODULES?.split(',').map((m) => m.trim()).filter(Boolean);
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
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
