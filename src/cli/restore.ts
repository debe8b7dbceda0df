import { CLI_MESSAGES } from '../messages/operations';
import { restoreCluster } from '../ops/cluster-restore';
import { restoreDump } from '../ops/dump';
import { runOperation } from './operation';

/**
 * `npm run restore -- <file>`: replaces the embedded database (server stopped) or DATABASE_URL's with
 * a backup, all or nothing (README, "Backup and restore").
 */
runOperation('restore', async ({ config, file, clusterDir, log }) => {
  const manifest = config.databaseUrl
    ? await restoreDump({ url: config.databaseUrl, file, log })
    : await restoreCluster({ dir: clusterDir, port: config.embeddedPgPort, file, log });
  return CLI_MESSAGES.restoreDone({ file, createdAt: manifest.createdAt, migration: manifest.migration });
});
