import { CLI_MESSAGES } from '../messages/operations';
import { backupCluster } from '../ops/cluster-backup';
import { backupDump } from '../ops/dump';
import { runOperation } from './operation';

/**
 * `npm run backup -- <file>`: the embedded database (a base backup, the server may keep running) or
 * DATABASE_URL's (pg_dump of the server's major version) into one file (README, "Backup and restore").
 */
runOperation('backup', async ({ config, file, clusterDir, clock, log }) => {
  const manifest = config.databaseUrl
    ? await backupDump({ url: config.databaseUrl, file, clock, log })
    : await backupCluster({ dir: clusterDir, port: config.embeddedPgPort, file, clock, log });
  return CLI_MESSAGES.backupDone({
    file,
    files: manifest.files,
    mb: (manifest.bytes / 1e6).toFixed(1),
    version: manifest.postgres.version,
    migration: manifest.migration,
  });
});
