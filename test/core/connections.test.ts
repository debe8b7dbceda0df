import { toGlobalId } from '../../src/graphql/global-id';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t?.close());

describe('connections', () => {
  test('keyset pages walk the whole list without gaps or repeats, with a stable total', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total: number;
    for (;;) {
      const r: any = await t.execute(
        `query($after: String) { orgUnit(code: "JB01") { members(includeDescendants: true, first: 100, after: $after, orderBy: { field: BIRTH_DATE }) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } edges { cursor node { id birthDate } } } } }`,
        { after },
      );
      const m = r.data.orgUnit.members;
      total = m.totalCount;
      expect(m.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(m.pageInfo.startCursor).toBe(m.edges[0]?.cursor ?? null);
      seen.push(...m.edges.map((e: any) => e.node.id));
      pages++;
      if (!m.pageInfo.hasNextPage) break;
      after = m.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(pages).toBe(Math.ceil(total / 100));
  });

  test('first defaults to 20 and must be 1–100; a foreign cursor is refused', async () => {
    const r = await t.execute(`{ orgUnits { nodes { id } } }`);
    expect(r.data.orgUnits.nodes).toHaveLength(20);
    for (const first of [0, 101, -1]) {
      const bad = await t.execute(`query($f: Int) { orgUnits(first: $f) { nodes { id } } }`, { f: first });
      expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      // The field named by its Chinese term (the argument's description), with the bound it broke.
      expect(bad.errors![0].extensions!.reason).toBe('OUT_OF_RANGE');
      expect(bad.errors![0].message).toBe(first > 100 ? '每页条数不能大于100' : '每页条数不能小于1');
    }
    const cursor = await t.execute(`{ orgUnits(after: "not-a-cursor") { nodes { id } } }`);
    expect(cursor.errors![0]).toMatchObject({
      message: 'after 不是本列表的游标',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  test('a cursor past the end gives an empty page with the right total', async () => {
    const all = await t.execute(
      `{ orgUnit(code: "JB01") { children(first: 100) { totalCount pageInfo { endCursor } } } }`,
    );
    const { totalCount, pageInfo } = all.data.orgUnit.children;
    const r = await t.execute(
      `query($a: String) { orgUnit(code: "JB01") { children(first: 5, after: $a) { totalCount nodes { id } pageInfo { hasNextPage } } } }`,
      { a: pageInfo.endCursor },
    );
    expect(r.data.orgUnit.children).toEqual({ totalCount, nodes: [], pageInfo: { hasNextPage: false } });
  });

  test('children of many parents cost one statement, the page and its rows together', async () => {
    const r = await t.execute(
      `{ orgUnits(kinds: [WORK_STATION], first: 100) { nodes { children(first: 2) { totalCount nodes { name } } } } }`,
    );
    expect(r.data.orgUnits.nodes.length).toBeGreaterThan(10);
    // The stations' page with their rows, then every station's children with theirs.
    expect(r.sql).toBe(2);
  });
});

describe('node and nodes', () => {
  test('any node is refetched by its global id; wrong or unknown ids give null', async () => {
    const r = await t.execute(
      `{ orgUnit(code: "JB01") { id members(includeDescendants: true, first: 1) { nodes { id name } } posts: vacancies(first: 1) { nodes { id } } } }`,
    );
    const unit = r.data.orgUnit;
    const member = unit.members.nodes[0];
    const posts = await t.execute(`{ orgUnit(code: "JB01-T01") { posts { nodes { id role } } } }`);
    const post = posts.data.orgUnit.posts.nodes[0];
    const q = await t.execute(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Member { name } ... on Post { role } } }`,
      {
        ids: [
          unit.id,
          member.id,
          post.id,
          toGlobalId('Member', 99999999),
          'garbage',
          toGlobalId('Nope', 1),
          toGlobalId('OrgUnit', 'x'),
        ],
      },
    );
    expect(q.errors).toBeUndefined();
    expect(q.data.nodes).toEqual([
      { __typename: 'OrgUnit', id: unit.id },
      { __typename: 'Member', id: member.id, name: member.name },
      { __typename: 'Post', id: post.id, role: post.role },
      null,
      null,
      null,
      null,
    ]);
    expect(q.sql).toBeLessThanOrEqual(3);
  });

  test('nodes takes at most 100 ids', async () => {
    const r = await t.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Array.from({ length: 101 }, (_, i) => toGlobalId('OrgUnit', i + 1)),
    });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});
