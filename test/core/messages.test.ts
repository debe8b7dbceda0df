import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { catalogueEntries, errorReasons, languageOf } from '../../src/messages/catalogue';
import '../../src/messages/core';
import { loadModules } from '../../src/module-system/loader';
import { serveHttp, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The message catalogue (src/messages/catalogue.ts; issue 17, items 1 and 6): every message a person
 * reads comes from it, in Chinese by default and in English when Accept-Language prefers English.
 */
const ROOT = path.join(__dirname, '..', '..');
// Every module in modules/ registers its reasons and entries when it is loaded.
loadModules(undefined);

const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'ide' ? [] : sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });

/** The argument that carries the message, by the name of what is called. */
const MESSAGE_ARGUMENT: Record<string, number> = { refuse: 1, userError: 1, AppError: 1, deny: 2, GraphQLError: 0 };

const isText = (node: ts.Node): boolean =>
  ts.isStringLiteral(node) ||
  ts.isNoSubstitutionTemplateLiteral(node) ||
  ts.isTemplateExpression(node) ||
  (ts.isBinaryExpression(node) && (isText(node.left) || isText(node.right))) ||
  (ts.isConditionalExpression(node) && (isText(node.whenTrue) || isText(node.whenFalse)));

/**
 * Words written into text outside a call (a call such as renderMessage(entry, 'zh') is the catalogue's):
 * a flag's `detail: `最后参加 ${d}…`` is text a person reads, while `${a} — ${b}` only joins rendered entries.
 */
const hasWords = (node: ts.Node): boolean => {
  if (ts.isCallExpression(node)) return false;
  if (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateHead(node) ||
    ts.isTemplateMiddle(node) ||
    ts.isTemplateTail(node)
  )
    return /\p{L}/u.test(node.text);
  return ts.forEachChild(node, (child) => hasWords(child) || undefined) ?? false;
};

/** Properties handed to the core whose value a person reads (a member flag's `detail`, src/member-flags/source.ts). */
const TEXT_PROPERTIES = new Set(['detail']);

test('no message site in src/ or modules/ passes text instead of a catalogue entry', () => {
  const escaped: string[] = [];
  const files = [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'modules'))];
  expect(files.length).toBeGreaterThan(100);
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee)
          ? callee.text
          : ts.isPropertyAccessExpression(callee)
            ? callee.name.text
            : '';
        const at = MESSAGE_ARGUMENT[name];
        const arg = at === undefined ? undefined : node.arguments?.[at];
        if (arg && isText(arg)) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          escaped.push(`${path.relative(ROOT, file)}:${line + 1} ${name}(${arg.getText().slice(0, 60)})`);
        }
      }
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        TEXT_PROPERTIES.has(node.name.text) &&
        // A parameter of a catalogue entry (`toolFailed({ detail })`) is the entry's to word, not a flag's.
        !ts.isCallExpression(node.parent.parent) &&
        isText(node.initializer) &&
        hasWords(node.initializer)
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        escaped.push(
          `${path.relative(ROOT, file)}:${line + 1} ${node.name.text}: ${node.initializer.getText().slice(0, 60)}`,
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  expect(escaped).toEqual([]);
});

test('every entry has a Chinese and an English text with the same parameters, and every reason is used', () => {
  const entries = [...catalogueEntries()];
  expect(entries.length).toBeGreaterThan(200);
  const params = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
  const wrong = entries.filter(
    ([, e]) =>
      !e.zh.trim() ||
      !e.en.trim() ||
      // Chinese first: a Chinese text has Chinese characters, unless it is only its parameters.
      (!/[\u4e00-\u9fff]/.test(e.zh) && e.zh.replace(/\{\w+\}/g, '').trim() !== '') ||
      JSON.stringify(params(e.zh)) !== JSON.stringify(params(e.en)),
  );
  expect(wrong.map(([key]) => key)).toEqual([]);
  const used = new Set(entries.map(([, e]) => e.reason));
  const unused = [...errorReasons().keys()].filter((r) => !used.has(r));
  // Apollo's own codes are reasons of errors that graphql-js words (src/graphql/format-error.ts).
  expect(unused.sort()).toEqual(
    ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'INVALID_VARIABLES', 'OPERATION_RESOLUTION_FAILURE'].sort(),
  );
});

test('Accept-Language: Chinese by default, English when preferred, q-values respected', () => {
  expect(languageOf(undefined)).toBe('zh');
  expect(languageOf('')).toBe('zh');
  expect(languageOf('en')).toBe('en');
  expect(languageOf('en-US,en;q=0.9')).toBe('en');
  expect(languageOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
  expect(languageOf('en;q=0.5, zh-TW;q=0.8')).toBe('zh');
  expect(languageOf('zh;q=0.1, en-GB;q=0.7')).toBe('en');
  expect(languageOf('fr-FR, en;q=0.3')).toBe('en');
  expect(languageOf('fr-FR, de')).toBe('zh');
  expect(languageOf('en;q=0, zh;q=0.2')).toBe('zh');
  expect(languageOf('*')).toBe('zh');
});

describe('answers', () => {
  let t: TestApp;
  let served: ServedApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: 'demo' });
    served = await serveHttp(t.app, t.schema);
  });
  afterAll(async () => {
    await served?.close();
    await t?.close();
  });

  const LOGIN = `mutation { login(input: { username: "analyst", password: "wrong-password-1" }) {
    accessToken userErrors { field message code reason } } }`;

  test('a user error is in Chinese, or in English when the client asks, with its reason', async () => {
    const zh = await served.gql(LOGIN);
    expect(zh.body.data.login.userErrors).toEqual([
      {
        field: ['input'],
        message: '用户名或密码错误，或账号已停用',
        code: 'UNAUTHENTICATED',
        reason: 'WRONG_CREDENTIALS',
      },
    ]);
    const en = await served.gql(LOGIN, {}, { headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' } });
    expect(en.body.data.login.userErrors).toEqual([
      {
        field: ['input'],
        message: 'Wrong username or password, or the account is disabled',
        code: 'UNAUTHENTICATED',
        reason: 'WRONG_CREDENTIALS',
      },
    ]);
  });

  test('a top-level error carries extensions.reason and follows the language', async () => {
    const zh = await served.gql('{ orgUnits(first: 1) { nodes { id } } }', {}, { token: null });
    expect(zh.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_REQUIRED' });
    expect(zh.body.errors![0].message).toMatch(/^请先登录：orgUnits 需要已登录的账号/);
    const en = await served.gql(
      '{ orgUnits(first: 1) { nodes { id } } }',
      {},
      { headers: { 'accept-language': 'en' } },
    );
    expect(en.body.errors![0].message).toMatch(/^Sign in first: orgUnits need a signed-in account/);
  });

  test('the cost error names the lists to make smaller, with their first', async () => {
    const r = await t.execute(
      `{ orgUnits(first: 100) { nodes { children(first: 100) { nodes { members(first: 100) { nodes { name } } } } } } }`,
    );
    expect(r.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'QUERY_TOO_COSTLY' });
    expect(r.errors![0].message).toBe(
      '这个查询最多可能返回 1010100 条记录，上限是 500000 条。最大的部分：' +
        'orgUnits.nodes.children.nodes.members（first: 100，共约 1000000 条）、' +
        'orgUnits.nodes.children（first: 100，共约 10000 条）、orgUnits（first: 100，共约 100 条）。' +
        '请把这些列表的 first 调小，或少查一层',
    );
  });

  test('the depth error names the deepest branch', async () => {
    let q = 'id';
    for (let i = 0; i < 20; i++) q = `parent { ${q} }`;
    const r = await t.execute(`{ orgUnit(code: "JB01") { ${q} } }`);
    expect(r.errors![0].extensions).toMatchObject({ reason: 'QUERY_TOO_DEEP', limit: 15, value: 22 });
    expect(r.errors![0].message).toMatch(/^查询嵌套了 22 层，上限是 15 层：最深的一支是 orgUnit\.parent\.parent\./);
  });
});
