// PostGraphile 5 (Amber preset) on the benchmark's database: the peer Jiceng is measured against.
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [connectionString, port] = process.argv.slice(2);
// The same pool size as Jiceng's (DB_POOL_SIZE 10), so neither wins on connections.
const pool = new pg.Pool({ connectionString, max: 10 });
const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false },
});
const server = createServer();
await pgl.createServ(grafserv).addTo(server);
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', async () => {
  server.close();
  await pgl.release();
  await pool.end();
  process.exit(0);
});
