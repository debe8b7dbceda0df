import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config';
import { SystemClock, type Clock } from '../clock';
import type { Message } from '../messages/catalogue';
import { renderMessage } from '../messages/catalogue';
import { CLI_MESSAGES } from '../messages/operations';
import { createLogger } from '../observability/logger';
import { EXIT, OperationError, terminalLanguage } from '../ops/operation-error';
import { EXIT_CONFIG } from './fail';

export interface OperationInput {
  config: Config;
  file: string;
  /** The embedded cluster's directory (DATA_DIR/pg), when there is no DATABASE_URL. */
  clusterDir: string;
  clock: Clock;
  log: ReturnType<typeof createLogger>;
}

/**
 * Runs `npm run backup|restore -- <file>`: one line on stdout when done, one line on stderr otherwise
 * (the catalogue's text in the terminal's language), and the exit status of src/ops/operation-error.ts.
 */
export function runOperation(command: 'backup' | 'restore', work: (o: OperationInput) => Promise<Message>): void {
  const language = terminalLanguage();
  const say = (m: Message) => renderMessage(m, language);
  const run = async () => {
    const file = process.argv.slice(2).find((a) => a !== '--');
    if (!file || process.argv.length > 3 + (process.argv.includes('--') ? 1 : 0))
      throw new OperationError(CLI_MESSAGES.usage({ command }), EXIT.failed);
    const config = loadConfig();
    const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const done = await work({
      config,
      file: path.resolve(file),
      clusterDir: path.resolve(config.dataDir, 'pg'),
      clock: new SystemClock(config.timeZone),
      log,
    });
    process.stdout.write(`${say(done)}\n`);
  };
  let finished = false;
  // Node ends a process whose promises can no longer settle with status 0: never let that pass for success.
  process.on('beforeExit', () => {
    if (finished) return;
    process.stderr.write(`${say(CLI_MESSAGES.toolFailed({ tool: command, detail: 'stopped before it finished' }))}\n`);
    process.exit(EXIT.failed);
  });
  run().then(
    () => {
      finished = true;
      process.exit(EXIT.ok);
    },
    (err: unknown) => {
      finished = true;
      if (err instanceof ConfigError) {
        process.stderr.write(`${err.message}\n`);
        process.exit(EXIT_CONFIG);
      }
      if (err instanceof OperationError) {
        process.stderr.write(`${say(err.text)}\n`);
        process.exit(err.exitCode);
      }
      const detail = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      process.stderr.write(`${say(CLI_MESSAGES.toolFailed({ tool: command, detail }))}\n`);
      process.exit(EXIT.failed);
    },
  );
}
