import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Role } from '../../src/auth/roles';
import { metricsOf } from '../../src/observability/metrics';
import { accountWith } from '../support/helpers';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';

/**
 * A front end's own client against the running server (src/server.ts on port 0): Apollo Client with
 * automatic persisted queries. The first request carries only the query's hash; the server answers
 * PERSISTED_QUERY_NOT_FOUND (not an internal error); the client sends the query with its hash; from
 * then on the hash alone runs it, over POST and over GET. Subscriptions with the graphql-ws client
 * (delivery within a second, nothing for an unauthorised subscriber, two server processes) are proven
 * in test/core/events.test.ts.
 */
jest.setTimeout(60_000);

const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');

/** What went over the wire: method, whether the query text was sent, the answer's status and first error code. */
interface Sent {
  method: string;
  withQuery: boolean;
  hash: string | undefined;
  status: number;
  code: string;
}

let t: TestApp;
let server: ServedApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let token: string;

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t, 'RC');
  await accountWith(t, 'rc-township', Role.SECRETARY, tree.township);
  server = await serveHttp(t.app, t.schema);
  token = (await signIn(server, 'rc-township', 'long-enough-password')).accessToken;
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

/** An Apollo Client as a front end builds it, with a fetch that records each request and answer. */
function apolloClient(o: { get?: boolean } = {}) {
  const sent: Sent[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    const extensions = body?.extensions ?? JSON.parse(url.searchParams.get('extensions') ?? 'null');
    const res = await fetch(input, init);
    const answer = (await res.clone().json()) as { errors?: { extensions?: { code?: string } }[] };
    sent.push({
      method: init?.method ?? 'GET',
      withQuery: Boolean(body?.query ?? url.searchParams.get('query')),
      hash: extensions?.persistedQuery?.sha256Hash,
      status: res.status,
      code: answer.errors?.[0]?.extensions?.code ?? 'OK',
    });
    return res;
  };
  const link = ApolloLink.from([
    createPersistedQueryLink({ sha256, useGETForHashedQueries: o.get ?? false }),
    new HttpLink({ uri: server.url, headers: { authorization: `Bearer ${token}` }, fetch: recording }),
  ]);
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

const VILLAGES = gql`
  query TownshipVillages($u: ID!) {
    node(id: $u) {
      id
      ... on OrgUnit {
        name
        descendants(kinds: [BRANCH], orderBy: { field: CODE, direction: ASC }) {
          totalCount
          nodes {
            id
            code
            name
          }
        }
      }
    }
  }
`;

const villages = (data: any) => data.node.descendants.nodes.map((n: { code: string }) => n.code);
const misses = (operation: string) =>
  metricsOf(t.app)
    .requests.get()
    .then((m) =>
      m.values
        .filter((v) => v.labels.operation === operation && v.labels.outcome === 'PERSISTED_QUERY_NOT_FOUND')
        .reduce((n, v) => n + v.value, 0),
    );

test('a miss is answered PERSISTED_QUERY_NOT_FOUND, the client sends the query, then the hash alone runs it', async () => {
  const before = await misses('TownshipVillages');
  const first = apolloClient();
  const one = await first.client.query({ query: VILLAGES, variables: { u: tree.township }, fetchPolicy: 'no-cache' });
  expect(villages(one.data)).toEqual(['RCC-V1', 'RCC-V2', 'RCC-V3']);
  // Two requests: the hash alone (a miss: a request error, 400 as Apollo Client 4 accepts
  // application/graphql-response+json; not a 500), then the query with its hash.
  expect(first.sent).toEqual([
    { method: 'POST', withQuery: false, hash: expect.any(String), status: 400, code: 'PERSISTED_QUERY_NOT_FOUND' },
    { method: 'POST', withQuery: true, hash: first.sent[0].hash, status: 200, code: 'OK' },
  ]);
  // The server counted the miss as such, not as an internal error.
  expect((await misses('TownshipVillages')) - before).toBe(1);

  // Another client (another browser) with the same query: the hash alone, once.
  const second = apolloClient();
  const two = await second.client.query({ query: VILLAGES, variables: { u: tree.township }, fetchPolicy: 'no-cache' });
  expect(two.data).toEqual(one.data);
  expect(second.sent).toEqual([
    { method: 'POST', withQuery: false, hash: first.sent[0].hash, status: 200, code: 'OK' },
  ]);
  expect((await misses('TownshipVillages')) - before).toBe(1);
});

test('over GET: the hash in the URL, a miss retried with the query, then GET with the hash alone', async () => {
  const STATION_VILLAGES = gql`
    query StationVillages($u: ID!) {
      node(id: $u) {
        id
        ... on OrgUnit {
          children {
            nodes {
              id
              code
            }
          }
        }
      }
    }
  `;
  const first = apolloClient({ get: true });
  const one = await first.client.query({
    query: STATION_VILLAGES,
    variables: { u: tree.stationA },
    fetchPolicy: 'no-cache',
  });
  expect((one.data as any).node.children.nodes.map((n: { code: string }) => n.code)).toEqual(['RCC-V1', 'RCC-V2']);
  expect(first.sent.map((s) => [s.method, s.withQuery, s.code])).toEqual([
    ['GET', false, 'PERSISTED_QUERY_NOT_FOUND'],
    ['POST', true, 'OK'], // the link sends the query text by POST
  ]);
  const second = apolloClient({ get: true });
  const two = await second.client.query({
    query: STATION_VILLAGES,
    variables: { u: tree.stationA },
    fetchPolicy: 'no-cache',
  });
  expect(two.data).toEqual(one.data);
  expect(second.sent).toEqual([{ method: 'GET', withQuery: false, hash: first.sent[0].hash, status: 200, code: 'OK' }]);
});

test.each([
  ['a hash that does not match its query', 1, sha256('{ other }')],
  ['an unknown persisted-query version', 2, sha256('{ __typename }')],
])('%s is refused as bad input, not run and not an internal error', async (_, version, sha256Hash) => {
  const r = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version, sha256Hash } } }),
  });
  const body = (await r.json()) as any;
  expect(r.status).toBe(200); // a request error, as application/json
  expect(body.data).toBeUndefined();
  expect(body.errors[0]).toMatchObject({
    message: expect.stringContaining('持久化查询无效'),
    extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' },
  });
});
