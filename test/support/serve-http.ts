import type { AddressInfo } from 'node:net';
import type { GraphQLSchema } from 'graphql';
import type { App } from '../../src/context';
import { createHttpServer } from '../../src/server';

export interface HttpResult {
  status: number;
  // The shape of `data` is the query's.
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: any };
  /** The first error's code, or OK. */
  code: string;
}

export interface ServedApp {
  url: string;
  /** One GraphQL request over HTTP, as a front end sends it (token in the Authorization header). */
  gql(
    query: string,
    variables?: Record<string, unknown>,
    o?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<HttpResult>;
  close(): Promise<void>;
  /** The server's draining state (src/server.ts): /readyz answers 503 while it is set. */
  lifecycle: { draining: boolean };
}

/** Serves an opened app over HTTP on a random local port (the real express + Apollo stack). */
export async function serveHttp(app: App, schema: GraphQLSchema): Promise<ServedApp> {
  const { httpServer, apollo, lifecycle } = await createHttpServer(app, schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  return {
    url,
    gql: async (query, variables = {}, o = {}) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as HttpResult['body'];
      return { status: res.status, body, code: body.errors?.[0]?.extensions?.code ?? 'OK' };
    },
    close: () => apollo.stop(),
    lifecycle,
  };
}

export const LOGIN = `mutation($u: String!, $p: String!) {
  login(input: { username: $u, password: $p }) { accessToken refreshToken userErrors { code message } }
}`;
export const REFRESH = `mutation($t: String!) {
  refresh(input: { refreshToken: $t }) { accessToken refreshToken userErrors { code message } }
}`;
export const LOGOUT = `mutation($t: String!) { logout(input: { refreshToken: $t }) { loggedOut userErrors { code } } }`;

/** Signs in over HTTP and returns the pair of tokens, or throws with the answer. */
export async function signIn(
  s: ServedApp,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ accessToken: string; refreshToken: string }> {
  const r = await s.gql(LOGIN, { u: username, p: password }, { headers });
  const login = r.body.data?.login;
  if (!login?.accessToken) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(r.body)}`);
  return { accessToken: login.accessToken, refreshToken: login.refreshToken };
}
