import { ConfigError } from '../config';
import { PendingMigrationsError } from '../db/migrate';

/** Exit status of a configuration error (sysexits EX_CONFIG): a service manager need not retry it. */
export const EXIT_CONFIG = 78;

/**
 * How a command ends on an error: one line on stderr naming what is wrong (for a configuration
 * error, the variable), no stack trace; 78 for configuration errors, 1 otherwise.
 */
export function failed(command: string): (err: unknown) => never {
  return (err) => {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof ConfigError) {
      process.stderr.write(`${message}\n`);
      process.exit(EXIT_CONFIG);
    }
    const oneLine = err instanceof PendingMigrationsError ? message : message.split('\n')[0];
    process.stderr.write(`${command} failed: ${oneLine}\n`);
    process.exit(1);
  };
}
