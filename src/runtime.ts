import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './db/embedded';

export const DATABASE_NAME = 'jiceng';

/** The database a command uses: DATABASE_URL, or the embedded cluster under DATA_DIR. */
export async function resolveDatabase(
  config: Config,
  log: Logger,
): Promise<{ url: string; embedded: EmbeddedPostgresHandle | null }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null };
  const embedded = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    port: config.embeddedPgPort,
    log,
  });
  return { url: embedded.url(DATABASE_NAME), embedded };
}
