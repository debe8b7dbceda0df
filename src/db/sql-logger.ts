import type { Logger as PinoLogger } from 'pino';
import type { Logger } from 'typeorm';
import { currentRequestScope } from '../observability/request-context';

/**
 * Counts every statement against the current request (the figure tests and benchmarks assert on)
 * and logs failures and slow statements. Parameters are never logged: they may hold personal data.
 */
export class SqlLogger implements Logger {
  constructor(private readonly out: PinoLogger) {}

  logQuery(): void {
    const scope = currentRequestScope();
    if (scope) scope.sqlCount += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.out.warn(
      { err: { message: typeof error === 'string' ? error : error.message }, sql: query.slice(0, 500) },
      'sql error',
    );
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn({ ms: time, sql: query.slice(0, 500) }, 'slow sql');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.out.info({ migration: message }, 'migration');
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.out.warn({ message }, 'typeorm');
  }
}
