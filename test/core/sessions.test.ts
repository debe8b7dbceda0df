import { Role } from '../../src/auth/roles';
import { toGlobalId } from '../../src/graphql/global-id';
import { accountWith, reportFigure } from '../support/helpers';
import { LOGIN, LOGOUT, REFRESH, serveHttp, signIn, type HttpResult, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, items 7 and 8, through HTTP: the sign-in throttle holds under concurrency, and ending a
 * session (logout, a new password, a replayed refresh token) ends its access tokens on the next request.
 */
let t: TestApp;
let http: ServedApp;
let address = 0;
/** A client address of its own for each test (the server trusts the loopback proxy), so address limits do not mix. */
const from = () => ({ 'x-forwarded-for': `10.7.0.${++address}` });

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo', env: { TRUST_PROXY: 'loopback', DB_POOL_SIZE: '10' } });
  http = await serveHttp(t.app, t.schema);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

const VIEWER = `{ viewer { username } }`;
const LOGOUT_WHY = `mutation($t: String!) { logout(input: { refreshToken: $t }) { loggedOut userErrors { code field message } } }`;
const REFRESH_WHY = `mutation($t: String!) { refresh(input: { refreshToken: $t }) { accessToken userErrors { code field message } } }`;
/** The code of a login, refresh or logout answer: its first user error, the top-level error, or OK. */
const loginCode = (r: HttpResult) => {
  const payload = r.body.data && Object.values(r.body.data)[0];
  return payload ? ((payload as { userErrors: { code: string }[] }).userErrors[0]?.code ?? 'OK') : r.code;
};

describe('the sign-in throttle (item 7)', () => {
  test('100 simultaneous guesses for one username: at most 5 passwords are checked; the right one is refused after', async () => {
    const headers = from();
    const started = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => http.gql(LOGIN, { u: 'station', p: `wrong-guess-${i}` }, { headers })),
    );
    const ms = Math.round(performance.now() - started);
    const codes = answers.map(loginCode);
    const checked = codes.filter((c) => c === 'UNAUTHENTICATED').length;
    reportFigure('100 concurrent guesses, limit 5', `${checked} passwords checked, ${ms} ms`);
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(100 - checked);
    const limited = answers.find((a) => a.code === 'RATE_LIMITED')!;
    expect(limited.body.errors![0].extensions).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(limited.body.errors![0].message).toMatch(/登录失败次数过多/);

    const right = await http.gql(LOGIN, { u: 'station', p: 'jiceng-demo-2026' }, { headers: from() });
    expect(right.code).toBe('RATE_LIMITED');
    // The window passes: the right password signs in again.
    t.clock.advance(15 * 60_000 + 1000);
    const later = await http.gql(LOGIN, { u: 'station', p: 'jiceng-demo-2026' }, { headers: from() });
    expect(loginCode(later)).toBe('OK');
  });

  test('the right password among 100 simultaneous guesses signs in only if it is among the first five', async () => {
    const headers = from();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        http.gql(LOGIN, { u: 'secretary', p: i === 30 ? 'jiceng-demo-2026' : `wrong-guess-${i}` }, { headers }),
      ),
    );
    const codes = answers.map(loginCode);
    const checked = codes.filter((c) => c !== 'RATE_LIMITED').length;
    // A success resets the username's count, so at most five wrong ones before it and five after.
    expect(checked).toBeLessThanOrEqual(codes[30] === 'OK' ? 10 : 5);
  });

  test('an unknown username costs what a wrong password costs, and is throttled the same way', async () => {
    for (let i = 0; i < 6; i++) await accountWith(t, `timing-${i}`, Role.ANALYST, null);
    const known: HttpResult[] = [];
    const unknown: HttpResult[] = [];
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 6; i++) {
      let s = performance.now();
      known.push(await http.gql(LOGIN, { u: `timing-${i}`, p: 'not-the-password' }, { headers: from() }));
      knownMs.push(performance.now() - s);
      s = performance.now();
      unknown.push(await http.gql(LOGIN, { u: `nobody-${i}`, p: 'not-the-password' }, { headers: from() }));
      unknownMs.push(performance.now() - s);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    reportFigure(
      'wrong password vs unknown user',
      `median ${median(knownMs).toFixed(1)} ms vs ${median(unknownMs).toFixed(1)} ms`,
    );
    expect(known.map(loginCode)).toEqual(Array(6).fill('UNAUTHENTICATED'));
    expect(unknown.map((r) => r.body.data.login.userErrors)).toEqual(known.map((r) => r.body.data.login.userErrors));
    // The same statements on both paths (the password is checked against a dummy hash when there is no account).
    expect(unknown.map((r) => r.body.extensions.sqlStatements)).toEqual(
      known.map((r) => r.body.extensions.sqlStatements),
    );
    expect(Math.abs(median(knownMs) - median(unknownMs))).toBeLessThan(Math.max(20, median(knownMs) * 0.5));
    // Five failures lock an unknown name exactly like a known one.
    for (let i = 0; i < 4; i++) await http.gql(LOGIN, { u: 'nobody-0', p: 'x-wrong-password' }, { headers: from() });
    expect((await http.gql(LOGIN, { u: 'nobody-0', p: 'x-wrong-password' }, { headers: from() })).code).toBe(
      'RATE_LIMITED',
    );
  });
  test('the current password of changePassword is throttled like a sign-in (a stolen access token cannot guess it)', async () => {
    await accountWith(t, 'guessed', Role.ANALYST, null);
    const headers = from();
    const { accessToken } = await signIn(http, 'guessed', 'long-enough-password', headers);
    const CHANGE = `mutation($c: String!) { changePassword(input: { currentPassword: $c, newPassword: "a-new-long-password" }) { userErrors { code field } } }`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http.gql(CHANGE, { c: `guess-number-${i}` }, { token: accessToken, headers }),
      ),
    );
    const checked = answers.filter((r) => r.body.data?.changePassword?.userErrors?.[0]?.code === 'BAD_USER_INPUT');
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(answers.filter((r) => r.code === 'RATE_LIMITED')).toHaveLength(20 - checked.length);
    // The right one is refused too, and so is signing in with it.
    expect((await http.gql(CHANGE, { c: 'long-enough-password' }, { token: accessToken, headers: from() })).code).toBe(
      'RATE_LIMITED',
    );
    expect((await http.gql(LOGIN, { u: 'guessed', p: 'long-enough-password' }, { headers: from() })).code).toBe(
      'RATE_LIMITED',
    );
  });
});

describe('revocation takes effect on the next request (item 8)', () => {
  const password = 'long-enough-password';

  test('logout ends that session’s access token, not the account’s other sessions', async () => {
    await accountWith(t, 'leaving', Role.ANALYST, null);
    const a = await signIn(http, 'leaving', password, from());
    const b = await signIn(http, 'leaving', password, from());
    expect((await http.gql(VIEWER, {}, { token: a.accessToken })).body.data.viewer).toEqual({ username: 'leaving' });
    expect((await http.gql(LOGOUT, { t: a.refreshToken })).body.data.logout.loggedOut).toBe(true);
    const after = await http.gql(VIEWER, {}, { token: a.accessToken });
    expect(after.status).toBe(401);
    expect(after.code).toBe('UNAUTHENTICATED');
    expect(after.body.errors![0].message).toMatch(/会话已结束/);
    // The other session carries on, and so does its refresh token.
    expect((await http.gql(VIEWER, {}, { token: b.accessToken })).body.data.viewer).toEqual({ username: 'leaving' });
    expect((await http.gql(REFRESH, { t: b.refreshToken })).body.data.refresh.userErrors).toEqual([]);
  });

  test('a new password ends every session of the account, the one that changed it included', async () => {
    await accountWith(t, 'changing', Role.ANALYST, null);
    const a = await signIn(http, 'changing', password, from());
    const b = await signIn(http, 'changing', password, from());
    const changed = await http.gql(
      `mutation { changePassword(input: { currentPassword: "${password}", newPassword: "another-long-password" }) { account { username } userErrors { code } } }`,
      {},
      { token: a.accessToken },
    );
    expect(changed.body.data.changePassword).toEqual({ account: { username: 'changing' }, userErrors: [] });
    for (const s of [a, b]) {
      expect((await http.gql(VIEWER, {}, { token: s.accessToken })).status).toBe(401);
      expect(loginCode(await http.gql(REFRESH, { t: s.refreshToken }))).not.toBe('OK');
    }
    const fresh = await signIn(http, 'changing', 'another-long-password', from());
    expect((await http.gql(VIEWER, {}, { token: fresh.accessToken })).body.data.viewer).toEqual({
      username: 'changing',
    });
  });

  test('a replayed refresh token ends every session of the account, access tokens included', async () => {
    await accountWith(t, 'replayed', Role.ANALYST, null);
    const a = await signIn(http, 'replayed', password, from());
    const other = await signIn(http, 'replayed', password, from());
    const rotated = (await http.gql(REFRESH, { t: a.refreshToken })).body.data.refresh;
    expect(rotated.userErrors).toEqual([]);
    // Rotation keeps the session: both its access tokens still work.
    expect((await http.gql(VIEWER, {}, { token: rotated.accessToken })).body.data.viewer).not.toBeNull();
    expect((await http.gql(VIEWER, {}, { token: a.accessToken })).body.data.viewer).not.toBeNull();
    // The used refresh token again: a thief or a replay. Every session ends.
    const replay = await http.gql(REFRESH, { t: a.refreshToken });
    expect(replay.body.data.refresh.userErrors).toEqual([
      { code: 'UNAUTHENTICATED', message: expect.stringContaining('已经用过') },
    ]);
    for (const token of [a.accessToken, rotated.accessToken, other.accessToken])
      expect((await http.gql(VIEWER, {}, { token })).status).toBe(401);
    expect(loginCode(await http.gql(REFRESH, { t: other.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  test('a refresh token presented after its logout is refused without ending the other sessions', async () => {
    await accountWith(t, 'tidy', Role.ANALYST, null);
    const a = await signIn(http, 'tidy', password, from());
    const b = await signIn(http, 'tidy', password, from());
    expect((await http.gql(LOGOUT, { t: a.refreshToken })).body.data.logout.loggedOut).toBe(true);
    expect(loginCode(await http.gql(REFRESH, { t: a.refreshToken }))).toBe('UNAUTHENTICATED');
    expect((await http.gql(VIEWER, {}, { token: b.accessToken })).body.data.viewer).toEqual({ username: 'tidy' });
  });

  test('a malformed or unknown token is answered for what it is, with the field, and audited', async () => {
    const answers = [];
    for (const [query, token] of [
      [REFRESH_WHY, ''],
      [REFRESH_WHY, 'garbage-but-long-enough'],
      [LOGOUT_WHY, ''],
      [LOGOUT_WHY, 'x'.repeat(40)],
    ] as const) {
      const r = await http.gql(query, { t: token }, { headers: from() });
      const payload = Object.values(r.body.data!)[0] as { userErrors: object[]; loggedOut?: boolean };
      answers.push({ status: r.status, ...payload });
    }
    expect(answers).toEqual([
      {
        status: 200,
        accessToken: null,
        userErrors: [
          {
            code: 'BAD_USER_INPUT',
            field: ['input', 'refreshToken'],
            message: expect.stringMatching(/^refreshToken 应为 login 或 refresh 返回的刷新令牌/),
          },
        ],
      },
      // Well-formed but no session has it: the same answer as a used-up token, never a hint of which.
      { status: 200, accessToken: null, userErrors: [expect.objectContaining({ code: 'UNAUTHENTICATED' })] },
      {
        status: 200,
        loggedOut: false,
        userErrors: [expect.objectContaining({ code: 'BAD_USER_INPUT', field: ['input', 'refreshToken'] })],
      },
      {
        status: 200,
        loggedOut: false,
        userErrors: [
          {
            code: 'NOT_FOUND',
            field: ['input', 'refreshToken'],
            message: expect.stringMatching(/^没有会话持有这个刷新令牌/),
          },
        ],
      },
    ]);
    const audited = await t.app.db.query(
      `SELECT operation, outcome, error_codes FROM audit_event WHERE operation IN ('refresh', 'logout') AND outcome = 'REJECTED' ORDER BY id DESC LIMIT 4`,
    );
    expect(audited.map((a: { operation: string; error_codes: string[] }) => [a.operation, a.error_codes])).toEqual([
      ['logout', ['NOT_FOUND']],
      ['logout', ['BAD_USER_INPUT']],
      ['refresh', ['UNAUTHENTICATED']],
      ['refresh', ['BAD_USER_INPUT']],
    ]);
  });

  test('disabling an account ends its sessions; enabling it again does not bring them back', async () => {
    const id = await accountWith(t, 'paused', Role.ANALYST, null);
    const a = await signIn(http, 'paused', password, from());
    const admin = await signIn(http, 'admin', 'jiceng-demo-2026', from());
    const SET = `mutation($a: ID!, $d: Boolean!) { setAccountDisabled(input: { accountId: $a, disabled: $d }) { userErrors { code } } }`;
    for (const disabled of [true, false]) {
      const r = await http.gql(SET, { a: toGlobalId('Account', id), d: disabled }, { token: admin.accessToken });
      expect(r.body.data.setAccountDisabled).toEqual({ userErrors: [] });
    }
    expect((await http.gql(VIEWER, {}, { token: a.accessToken })).status).toBe(401);
  });

  test('the viewer and their session still load in one statement', async () => {
    const { accessToken } = await signIn(http, 'analyst', 'jiceng-demo-2026', from());
    const r = await http.gql(`{ orgUnit(code: "JB01") { name } }`, {}, { token: accessToken });
    expect(r.body.data.orgUnit.name).toBe('中共临江县委员会');
    // One statement for the viewer, their grants and their session; one for the unit.
    expect(r.body.extensions.sqlStatements).toBe(2);
  });
});
