// The IDE's session: tokens live in this tab's sessionStorage and travel only in the Authorization header.
const KEY = 'jiceng.session';

export interface Session {
  accessToken: string;
  refreshToken: string;
  username: string;
}

export const loadSession = (): Session | null => JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
const save = (s: Session | null) =>
  s ? sessionStorage.setItem(KEY, JSON.stringify(s)) : sessionStorage.removeItem(KEY);

async function call(query: string, variables: object, token?: string) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

export async function signIn(username: string, password: string): Promise<Session | string> {
  const r = await call(
    'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken account { username } userErrors { message } } }',
    { u: username, p: password },
  );
  if (r.errors) return r.errors[0].message;
  const login = r.data.login;
  if (login.userErrors.length) return login.userErrors[0].message;
  const session = {
    accessToken: login.accessToken,
    refreshToken: login.refreshToken,
    username: login.account.username,
  };
  save(session);
  return session;
}

export async function signOut(): Promise<void> {
  const s = loadSession();
  save(null);
  if (s)
    await call('mutation($t: String!) { logout(input: { refreshToken: $t }) { loggedOut } }', { t: s.refreshToken });
}

async function refresh(): Promise<Session | null> {
  const s = loadSession();
  if (!s) return null;
  const r = await call(
    'mutation($t: String!) { refresh(input: { refreshToken: $t }) { accessToken refreshToken userErrors { message } } }',
    { t: s.refreshToken },
  );
  const next = r.data?.refresh;
  if (!next || next.userErrors.length) {
    save(null);
    return null;
  }
  const session = { ...s, accessToken: next.accessToken, refreshToken: next.refreshToken };
  save(session);
  return session;
}

/** GraphiQL's fetcher: adds the token, and renews it once when it has expired. */
export function authorisedFetcher(onSignedOut: () => void) {
  return async (
    params: { query: string; variables?: unknown; operationName?: string | null },
    opts?: { headers?: Record<string, string> },
  ) => {
    const send = (token: string | undefined) =>
      fetch('/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts?.headers ?? {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(params),
      }).then((r) => r.json());
    let result = await send(loadSession()?.accessToken);
    if (result.errors?.some((e: { extensions?: { reason?: string } }) => e.extensions?.reason === 'TOKEN_EXPIRED')) {
      const renewed = await refresh();
      if (!renewed) onSignedOut();
      else result = await send(renewed.accessToken);
    }
    return result;
  };
}

/** POST /export with the token, renewed once when it has expired; the caller reads the file or the refusal. */
export async function exportFile(body: {
  query: string;
  variables: unknown;
  format: 'csv' | 'xlsx';
}): Promise<Response> {
  const send = (token: string | undefined) =>
    fetch('/export', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const res = await send(loadSession()?.accessToken);
  if (res.status !== 401) return res;
  const reason = (
    await res
      .clone()
      .json()
      .catch(() => null)
  )?.errors?.[0]?.extensions?.reason;
  if (reason !== 'TOKEN_EXPIRED') return res;
  const renewed = await refresh();
  return renewed ? send(renewed.accessToken) : res;
}
