import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { freePort, ROOT, startServer, type ServerProcess } from '../../bench/support/server-process';
import { subscribe, wsClient } from '../../bench/support/subscriber';
import { reportFigure } from '../support/helpers';

/**
 * README "Operations" → "Running as a service", behind Debian's nginx: docs/ops/nginx.conf, rendered
 * with free ports and a self-signed certificate, in front of the built server (TRUST_PROXY=loopback).
 * Through nginx over HTTPS, from a client on 127.0.0.2 (nginx and the server talk over 127.0.0.1, so
 * the client's address differs from the proxy's): sign-in, a mixed load of the front end's reads, a
 * graphql-ws subscription over wss:// that receives a write's event, /metrics refused, plain HTTP
 * sent to HTTPS; the server counts and audits the client's address, not the proxy's, nor one the
 * client wrote into X-Forwarded-For itself. The embedded database is read with the README's psql line.
 */
const CLIENT_ADDRESS = '127.0.0.2';
const SPOOFED = '203.0.113.9';
const LOAD_SECONDS = 8;

const UNIT = `query Unit { orgUnit(code: "JB01") { id name memberStats { total female }
  children(first: 20) { nodes { id name kind memberStats { total } } } } }`;
const MEMBERS = `query Members($after: String) { orgUnit(code: "JB01") {
  members(includeDescendants: true, first: 20, after: $after) { pageInfo { endCursor hasNextPage } nodes { id name joinedOn } } } }`;
const NODE = `query Node($id: ID!) { node(id: $id) { id ... on OrgUnit { name } ... on Member { name joinedOn } } }`;
const LOGIN = `mutation Login($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken userErrors { code } } }`;
const EVENTS = `subscription Events($u: ID!) { events(unit: $u, types: [UPDATE_ORG_UNIT]) { type nodeId } }`;
const UPDATE = `mutation Rename($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { orgUnit { id shortName } userErrors { code } } }`;

/** Installs a Debian package when its program is missing (as root, or through sudo, like .ci/run). */
function ensureDebianPackage(program: string, pkg: string): void {
  if (existsSync(program)) return;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execFileSync(
    'bash',
    [
      '-c',
      `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${pkg}`,
    ],
    { stdio: 'inherit' },
  );
}

/** Replaces text that must be in the shipped file: the drill fails when the file and it part ways. */
function replaceIn(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`docs/ops/nginx.conf no longer has ${String(from)}`);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(from, to);
}

/** docs/ops/nginx.conf on free ports, with this drill's certificate, inside a main config of its own. */
function renderNginx(prefix: string, o: { https: number; http: number; upstream: number }): string {
  let site = readFileSync(path.join(ROOT, 'docs/ops/nginx.conf'), 'utf8');
  site = replaceIn(site, /^\s*listen \[::\]:.*$/gm, ''); // no IPv6 needed here
  site = replaceIn(site, 'listen 80;', `listen 127.0.0.1:${o.http};`);
  site = replaceIn(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${o.https} ssl http2;`);
  site = replaceIn(site, 'server 127.0.0.1:4000;', `server 127.0.0.1:${o.upstream};`);
  site = replaceIn(site, '/etc/jiceng/tls/fullchain.pem', path.join(prefix, 'cert.pem'));
  site = replaceIn(site, '/etc/jiceng/tls/privkey.pem', path.join(prefix, 'key.pem'));
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/error.log warn;`,
    'events { worker_connections 512; }',
    'http {',
    '  default_type application/octet-stream;',
    `  access_log ${prefix}/access.log;`,
    `  client_body_temp_path ${prefix}/tmp/body;`,
    `  proxy_temp_path ${prefix}/tmp/proxy;`,
    site,
    '}',
    '',
  ].join('\n');
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

/** One HTTPS request through nginx from the client's address, trusting only the drill's certificate. */
function request(
  agent: https.Agent,
  port: number,
  o: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = https.request(
      { agent, host: '127.0.0.1', port, method: o.method ?? 'GET', path: o.path, headers: o.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer in 30 s')));
    req.end(o.body);
  });
}

async function gql(
  agent: https.Agent,
  port: number,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  extraHeaders: Record<string, string> = {},
) {
  const r = await request(agent, port, {
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extraHeaders,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = JSON.parse(r.body) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  return { ...r, json: body, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
}

/** README: the embedded database with psql, as the service's user would type it (here as ourselves). */
function psql(dataDir: string, pgPort: number, sql: string): string[] {
  return execFileSync(
    'sh',
    [
      '-c',
      `PGPASSWORD=$(cat ${dataDir}/pg/superuser.password) psql -h 127.0.0.1 -p ${pgPort} -U postgres jiceng -Atc "$0"`,
      sql,
    ],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]);
};

test('behind nginx with TLS: the front end reads, subscribes over wss:// and is counted by its own address', async () => {
  ensureDebianPackage('/usr/sbin/nginx', 'nginx-light');
  ensureDebianPackage('/usr/bin/psql', 'postgresql-client');
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'jiceng-nginx-'));
  // nginx's workers (nobody, when the master is root) write buffered answers below the prefix.
  chmodSync(prefix, 0o755);
  mkdirSync(path.join(prefix, 'tmp'));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jiceng-nginx-data-'));
  let server: ServerProcess | null = null;
  let nginx: ChildProcess | null = null;
  let nginxExited: Promise<number | null> | null = null;
  let agent: https.Agent | null = null;
  try {
    // A self-signed certificate for 127.0.0.1, the client's only trusted CA.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=jiceng drill',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        path.join(prefix, 'key.pem'),
        '-out',
        path.join(prefix, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const ca = readFileSync(path.join(prefix, 'cert.pem'));
    // Keep-alive connections from the client's address, as a browser keeps its few open.
    const tlsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, ca, localAddress: CLIENT_ADDRESS });
    agent = tlsAgent;

    server = await startServer({ dataDir, seed: 'demo', env: { TRUST_PROXY: 'loopback' } });
    const [httpsPort, httpPort] = [await freePort(), await freePort()];
    const conf = path.join(prefix, 'nginx.conf');
    writeFileSync(
      conf,
      renderNginx(prefix, { https: httpsPort, http: httpPort, upstream: Number(new URL(server.base).port) }),
    );
    execFileSync('/usr/sbin/nginx', ['-t', '-q', '-p', prefix, '-c', conf], { stdio: 'inherit' });
    const started = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', conf], { stdio: 'inherit' });
    nginx = started;
    nginxExited = new Promise((resolve) => started.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 100; i++) {
      const up = await request(tlsAgent, httpsPort, { path: '/healthz' }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    // Plain HTTP is sent to HTTPS; /readyz answers through the proxy.
    const plain = await fetch(`http://127.0.0.1:${httpPort}/graphql`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1/graphql`);
    expect((await request(tlsAgent, httpsPort, { path: '/readyz' })).status).toBe(200);

    // Sign in, once wrongly, with an X-Forwarded-For of the client's own making that nginx replaces.
    const spoof = { 'x-forwarded-for': SPOOFED };
    const wrong = await gql(tlsAgent, httpsPort, null, LOGIN, { u: 'bench-admin', p: 'not-the-password' }, spoof);
    expect(wrong.json.data?.login?.accessToken ?? null).toBeNull();
    const login = await gql(
      tlsAgent,
      httpsPort,
      null,
      LOGIN,
      { u: 'bench-admin', p: 'bench-admin-password-2026' },
      spoof,
    );
    const token = login.json.data.login.accessToken as string;
    expect(token).toBeTruthy();
    // A refused anonymous query: counted, then audited with the address it came from.
    expect((await gql(tlsAgent, httpsPort, null, UNIT, {}, spoof)).status).toBe(401);

    // A subscription over wss:// through nginx (the WebSocket upgrade), from the client's address.
    const county = (await gql(tlsAgent, httpsPort, token, UNIT)).json.data.orgUnit;
    class ClientSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        // The forged X-Forwarded-For again: nginx replaces it on the upgrade request too.
        super(url, protocols, { ca, localAddress: CLIENT_ADDRESS, headers: spoof });
      }
    }
    const ws = wsClient(`https://127.0.0.1:${httpsPort}/graphql`, token, { lazy: false, webSocketImpl: ClientSocket });
    const events = subscribe(ws, EVENTS, { u: county.id });
    // The subscription's access line names the client, by the same TRUST_PROXY rule as HTTP (read before
    // the load's lines push it out of the kept log).
    const startedLine = () =>
      server!.logs.map((l) => (l.startsWith('{') ? JSON.parse(l) : {})).find((l) => l.msg === 'subscription started');
    for (let i = 0; i < 100 && !startedLine(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(startedLine()?.address).toBe(CLIENT_ADDRESS);

    // The front end's reads, mixed, from four clients for a few seconds.
    const nodeIds: string[] = [county.id, ...county.children.nodes.map((n: { id: string }) => n.id)];
    const answers: { kind: string; status: number; code: string; ms: number }[] = [];
    const until = performance.now() + LOAD_SECONDS * 1000;
    const client = async (n: number) => {
      let cursor: string | null = null;
      for (let i = n; performance.now() < until; i++) {
        const kind = ['unit', 'members', 'node'][i % 3];
        const r: Awaited<ReturnType<typeof gql>> =
          kind === 'unit'
            ? await gql(tlsAgent, httpsPort, token, UNIT)
            : kind === 'members'
              ? await gql(tlsAgent, httpsPort, token, MEMBERS, { after: cursor })
              : await gql(tlsAgent, httpsPort, token, NODE, { id: nodeIds[i % nodeIds.length] });
        if (kind === 'members' && r.code === 'OK') {
          const page: { pageInfo: { endCursor: string; hasNextPage: boolean }; nodes: { id: string }[] } =
            r.json.data.orgUnit.members;
          cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
          nodeIds.push(...page.nodes.slice(0, 2).map((m) => m.id));
        }
        answers.push({ kind, status: r.status, code: r.code, ms: r.ms });
      }
    };
    await Promise.all([0, 1, 2, 3].map(client));
    expect(answers.filter((a) => a.status !== 200 || a.code !== 'OK')).toEqual([]);
    expect(answers.length).toBeGreaterThan(30);
    // Members and units read by node(id) came back as themselves.
    const member = nodeIds.find(
      (id) => !county.children.nodes.some((c: { id: string }) => c.id === id) && id !== county.id,
    );
    expect((await gql(tlsAgent, httpsPort, token, NODE, { id: member })).json.data.node.id).toBe(member);

    // A write's event arrives over the subscription.
    const township = county.children.nodes[0].id as string;
    const arriving = events.next(15_000);
    const write = await gql(tlsAgent, httpsPort, token, UPDATE, { i: { id: township, shortName: '演练镇' } });
    expect(write.json.data.updateOrgUnit.userErrors).toEqual([]);
    expect((await arriving).data).toEqual({ events: { type: 'UPDATE_ORG_UNIT', nodeId: township } });
    events.stop();
    await ws.dispose();

    // /metrics is refused by nginx itself (403; the server would answer 401 to a proxied request).
    const metrics = await request(tlsAgent, httpsPort, { path: '/metrics' });
    expect(metrics.status).toBe(403);
    expect(metrics.body).toMatch(/nginx/);

    // The server saw the client's address: the sign-in throttle counted it, neither the proxy's nor the
    // spoofed one. Read with the README's psql line.
    expect(
      psql(dataDir, server.pgPort, `SELECT key FROM rate_limit WHERE key LIKE 'login-address:%' ORDER BY key`),
    ).toEqual([`login-address:${CLIENT_ADDRESS}`]);
    // The refused anonymous query's summary (written each minute) names the same address.
    let audited: string[] = [];
    for (let i = 0; i < 90 && audited.length === 0; i++) {
      audited = psql(
        dataDir,
        server.pgPort,
        `SELECT input->>'address' FROM audit_event WHERE input->>'summary' = 'true' AND actor_id IS NULL`,
      );
      if (audited.length === 0) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(audited).toEqual([CLIENT_ADDRESS]);
    // nginx's own access log has the client, every request of the load included.
    // (A WebSocket's line is written when it closes: wait for it a moment.)
    const accessLog = () => readFileSync(path.join(prefix, 'access.log'), 'utf8').split('\n').filter(Boolean);
    for (let i = 0; i < 50 && !accessLog().some((l) => l.includes('"GET /graphql HTTP/1.1" 101')); i++)
      await new Promise((r) => setTimeout(r, 100));
    const accessLines = accessLog();
    expect(accessLines.filter((l) => l.startsWith(`${CLIENT_ADDRESS} `)).length).toBeGreaterThanOrEqual(answers.length);
    expect(accessLines.some((l) => l.includes('"GET /metrics HTTP/1.1" 403'))).toBe(true);
    expect(accessLines.some((l) => l.includes('"GET /graphql HTTP/1.1" 101'))).toBe(true);

    const ms = answers.map((a) => a.ms);
    reportFigure(
      'nginx',
      `through nginx over TLS from ${CLIENT_ADDRESS}: ${answers.length} front-end reads in ${LOAD_SECONDS} s by 4 clients (unit ${answers.filter((a) => a.kind === 'unit').length}, members ${answers.filter((a) => a.kind === 'members').length}, node ${answers.filter((a) => a.kind === 'node').length}), all OK, p50 ${percentile(ms, 50)} ms, p95 ${percentile(ms, 95)} ms; the subscription's event arrived over wss://; /metrics 403; the server counted and audited ${CLIENT_ADDRESS}`,
    );

    // Stop: the server first (exit 0), then nginx.
    server.proc.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = null;
    tlsAgent.destroy();
    started.kill('SIGQUIT');
    expect(await nginxExited).toBe(0);
    nginx = null;
  } finally {
    agent?.destroy();
    if (server) {
      server.proc.kill('SIGTERM');
      await server.exited;
    }
    if (nginx) {
      nginx.kill('SIGTERM');
      await nginxExited;
    }
    rmSync(prefix, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
