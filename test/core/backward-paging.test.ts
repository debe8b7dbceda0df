import { getNamedType, getNullableType, isInputObjectType, isObjectType } from 'graphql';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Lists a front end can drive: `last`/`before` on every connection, and `orderBy: { field, direction }`
 * on members and units, with keyset cursors that carry their order (src/graphql/connection.ts).
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
});
afterAll(() => t?.close());

interface Page {
  ids: string[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const MEMBERS = (order: string) => `query($first: Int, $after: String, $last: Int, $before: String) {
  orgUnit(code: "JB01") { members(includeDescendants: true, first: $first, after: $after, last: $last, before: $before, orderBy: ${order}) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } } }`;

async function membersPage(order: string, args: Record<string, unknown>): Promise<Page> {
  const r = await t.execute(MEMBERS(order), args);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const m = r.data.orgUnit.members;
  return { ids: m.nodes.map((n: { id: string }) => n.id), pageInfo: m.pageInfo, totalCount: m.totalCount };
}

async function forwardPages(order: string, size: number): Promise<Page[]> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await membersPage(order, { first: size, after });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
}

async function backwardPages(order: string, size: number): Promise<Page[]> {
  const pages: Page[] = [];
  let before: string | null = null;
  for (;;) {
    const page = await membersPage(order, { last: size, before });
    pages.push(page);
    if (!page.pageInfo.hasPreviousPage) return pages;
    before = page.pageInfo.startCursor;
  }
}

test.each(['{ field: NAME }', '{ field: JOINED_ON, direction: DESC }'])(
  'paging backwards (%s) reproduces the forward pages in reverse',
  async (order) => {
    const forward = await forwardPages(order, 25);
    const all = forward.flatMap((p) => p.ids);
    expect(all.length).toBeGreaterThan(50);
    expect(new Set(all).size).toBe(all.length);
    const backward = await backwardPages(order, 25);
    // Walked from the end, the pages are the same items in the same order within each page.
    expect(
      backward
        .slice()
        .reverse()
        .flatMap((p) => p.ids),
    ).toEqual(all);
    expect(backward.every((p) => p.totalCount === all.length)).toBe(true);
    // The last page backwards is the list's start; the first backward page ends the list.
    expect(backward[0].ids).toEqual(all.slice(-25));
    expect(backward[0].pageInfo.hasNextPage).toBe(false);
    expect(backward[1].pageInfo.hasNextPage).toBe(true);
    expect(backward[backward.length - 1].pageInfo.hasPreviousPage).toBe(false);
    // From any forward page's start, `last`/`before` gives exactly the forward page before it.
    for (let k = 1; k < forward.length; k++) {
      const previous = await membersPage(order, { last: 25, before: forward[k].pageInfo.startCursor });
      expect(previous.ids).toEqual(forward[k - 1].ids);
      expect(previous.pageInfo.hasPreviousPage).toBe(k - 1 > 0);
      expect(previous.pageInfo.hasNextPage).toBe(true);
      expect(previous.pageInfo.endCursor).toBe(forward[k - 1].pageInfo.endCursor);
    }
  },
);

test('orderBy on members: each field descending is the ascending order reversed', async () => {
  for (const field of ['NAME', 'JOINED_ON', 'BIRTH_DATE']) {
    const asc = (await forwardPages(`{ field: ${field}, direction: ASC }`, 100)).flatMap((p) => p.ids);
    const desc = (await forwardPages(`{ field: ${field}, direction: DESC }`, 100)).flatMap((p) => p.ids);
    expect(desc).toEqual(asc.slice().reverse());
  }
  // The default is by name, ascending.
  const byDefault = await t.execute(
    `{ orgUnit(code: "JB01") { members(includeDescendants: true, first: 100) { nodes { id name } } } }`,
  );
  const named = await membersPage('{ field: NAME }', { first: 100 });
  expect(byDefault.data.orgUnit.members.nodes.map((n: { id: string }) => n.id)).toEqual(named.ids);
});

test('orderBy on children and on orgUnits, by code and by name, both directions', async () => {
  const children = async (order: string) => {
    const r = await t.execute(
      `{ orgUnit(code: "JB01") { children(first: 100, orderBy: ${order}) { nodes { code name } } } }`,
    );
    return r.data.orgUnit.children.nodes as { code: string; name: string }[];
  };
  const byCode = await children('{ field: CODE }');
  expect(byCode.length).toBeGreaterThan(3);
  expect(byCode.map((u) => u.code)).toEqual(
    byCode
      .map((u) => u.code)
      .slice()
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  expect(await children('{ field: CODE, direction: DESC }')).toEqual(byCode.slice().reverse());
  const byName = await children('{ field: NAME }');
  expect(await children('{ field: NAME, direction: DESC }')).toEqual(byName.slice().reverse());
  expect(byName).not.toEqual(byCode);

  // The units two levels below the county (fewer than a page), by name both ways (tree order when not asked).
  const below = async (order: string) => {
    const r = await t.execute(
      `{ orgUnit(code: "JB01") { descendants(first: 100, maxDepth: 2${order ? `, orderBy: ${order}` : ''}) { nodes { id name } } } }`,
    );
    return r.data.orgUnit.descendants.nodes as { id: string; name: string }[];
  };
  const belowByName = await below('{ field: NAME }');
  expect(belowByName.length).toBeGreaterThan(5);
  expect(belowByName.length).toBeLessThan(100);
  expect(await below('{ field: NAME, direction: DESC }')).toEqual(belowByName.slice().reverse());
  expect(await below('')).not.toEqual(belowByName);

  const units = async (order: string, args: Record<string, unknown>) => {
    const r = await t.execute(
      `query($first: Int, $last: Int, $after: String, $before: String) { orgUnits(first: $first, last: $last, after: $after, before: $before, orderBy: ${order}) {
        pageInfo { startCursor endCursor hasPreviousPage hasNextPage } nodes { id } } }`,
      args,
    );
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.orgUnits;
  };
  const first = await units('{ field: NAME, direction: DESC }', { first: 10 });
  const second = await units('{ field: NAME, direction: DESC }', { first: 10, after: first.pageInfo.endCursor });
  const back = await units('{ field: NAME, direction: DESC }', { last: 10, before: second.pageInfo.startCursor });
  expect(back.nodes).toEqual(first.nodes);
  expect(back.pageInfo.hasPreviousPage).toBe(false);
});

test('a cursor made under one order is refused under another with BAD_USER_INPUT', async () => {
  const page = await membersPage('{ field: NAME }', { first: 5 });
  for (const other of ['{ field: NAME, direction: DESC }', '{ field: JOINED_ON }', '{ field: BIRTH_DATE }']) {
    for (const args of [
      { first: 5, after: page.pageInfo.endCursor },
      { last: 5, before: page.pageInfo.endCursor },
    ]) {
      const r = await t.execute(MEMBERS(other), args);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0].message).toMatch(/不是本列表按此顺序的游标/);
    }
  }
  // The same order takes it, in either direction.
  expect((await membersPage('{ field: NAME }', { last: 5, before: page.pageInfo.endCursor })).ids).toEqual(
    page.ids.slice(0, 4),
  );
  const children = await t.execute(`{ orgUnit(code: "JB01") { children(first: 2) { pageInfo { endCursor } } } }`);
  const cursor = children.data.orgUnit.children.pageInfo.endCursor;
  const byName = await t.execute(
    `query($a: String) { orgUnit(code: "JB01") { children(first: 2, after: $a, orderBy: { field: NAME }) { nodes { id } } } }`,
    { a: cursor },
  );
  expect(byName.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('last is 1–100 like first, not both directions at once, and priced like first', async () => {
  for (const last of [0, 101]) {
    const bad = await t.execute(`query($l: Int) { orgUnits(last: $l) { nodes { id } } }`, { l: last });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/^末尾条数不能(小于1|大于100)$/);
  }
  const mixed = await t.execute(`{ orgUnits(first: 5, last: 5) { nodes { id } } }`);
  expect(mixed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(mixed.errors?.[0].message).toMatch(/分页要么用 first\/after 向后翻，要么用 last\/before 向前翻/);
  const priced = async (q: string) => (await t.execute(q)).extensions?.cost?.requested;
  const byFirst = await priced(`{ orgUnits(first: 30) { nodes { children(first: 40) { nodes { id } } } } }`);
  const byLast = await priced(`{ orgUnits(last: 30) { nodes { children(last: 40) { nodes { id } } } } }`);
  expect(byFirst).toBe(30 + 30 * 40);
  expect(byLast).toBe(byFirst);
});

test('every connection of the schema, core and modules, takes first/after and last/before as Relay defines them', () => {
  const connections: string[] = [];
  for (const type of Object.values(t.schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!getNamedType(field.type).name.endsWith('Connection')) continue;
      connections.push(`${type.name}.${field.name}`);
      const args = Object.fromEntries(field.args.map((a) => [a.name, String(getNullableType(a.type))]));
      expect({
        field: `${type.name}.${field.name}`,
        first: args.first,
        after: args.after,
        last: args.last,
        before: args.before,
      }).toEqual({
        field: `${type.name}.${field.name}`,
        first: 'Int',
        after: 'String',
        last: 'Int',
        before: 'String',
      });
    }
  }
  expect(connections.length).toBeGreaterThan(10);
});

test('the main lists (members, units, issues, reports, matters, records away) take orderBy { field, direction }', () => {
  const main = [
    'OrgUnit.members',
    'OrgUnit.children',
    'OrgUnit.descendants',
    'Query.orgUnits',
    'Query.issueList',
    'OrgUnit.issues',
    'OrgUnit.reportingStatus',
    'OrgUnit.villageMatters',
    'OrgUnit.mobileRecords',
  ];
  for (const name of main) {
    const [typeName, fieldName] = name.split('.');
    const type = t.schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const orderBy = type.getFields()[fieldName]?.args.find((a) => a.name === 'orderBy');
    const input = orderBy && getNamedType(orderBy.type);
    expect({ name, fields: isInputObjectType(input) ? Object.keys(input.getFields()).sort() : null }).toEqual({
      name,
      fields: ['direction', 'field'],
    });
  }
});

test('the issue list (a module list) sorts by deadline and raising day both ways, and pages backwards', async () => {
  const county = (await t.execute(`{ orgUnit(code: "JB01") { id } }`)).data.orgUnit.id;
  const LIST = (order: string) => `query($u: ID!, $first: Int, $last: Int, $after: String, $before: String) {
    issueList(under: $u, first: $first, last: $last, after: $after, before: $before${order ? `, orderBy: ${order}` : ''}) {
      totalCount pageInfo { startCursor endCursor hasPreviousPage hasNextPage } nodes { id deadline raisedOn } } }`;
  const list = async (order: string, args: Record<string, unknown>) => {
    const r = await t.execute(LIST(order), { u: county, ...args });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.issueList;
  };
  const all = async (order: string) => {
    const out: { id: string; deadline: string | null; raisedOn: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(order, { first: 100, after });
      out.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  };
  const byDeadline = await all('{ field: DEADLINE }');
  expect(byDeadline.length).toBeGreaterThan(20);
  const days = byDeadline.map((i) => i.deadline ?? '9999-12-31');
  expect(days).toEqual(days.slice().sort());
  expect(await all('{ field: DEADLINE, direction: DESC }')).toEqual(byDeadline.slice().reverse());
  const byRaised = await all('{ field: RAISED_ON, direction: DESC }');
  const raised = byRaised.map((i) => i.raisedOn);
  expect(raised).toEqual(raised.slice().sort().reverse());
  // Backwards from the end of the deadline order: the same items.
  const tail = await list('{ field: DEADLINE }', { last: 7 });
  expect(tail.nodes).toEqual(byDeadline.slice(-7));
  const before = await list('{ field: DEADLINE }', { last: 7, before: tail.pageInfo.startCursor });
  expect(before.nodes).toEqual(byDeadline.slice(-14, -7));
  // The default order (newest first) is unchanged, and its cursors are refused under orderBy.
  const newest = await list('', { first: 3 });
  const refused = await t.execute(LIST('{ field: RAISED_ON }'), {
    u: county,
    first: 3,
    after: newest.pageInfo.endCursor,
  });
  expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('the village matters (a module list) sort by proposing and closing day both ways, and page backwards', async () => {
  const LIST = (
    order: string,
  ) => `query($first: Int, $after: String, $last: Int, $before: String) { orgUnit(code: "JB01") {
    villageMatters(first: $first, after: $after, last: $last, before: $before${order ? `, orderBy: ${order}` : ''}) {
      pageInfo { startCursor endCursor hasNextPage } nodes { id proposedOn closedOn } } } }`;
  const list = async (order: string, args: Record<string, unknown>) => {
    const r = await t.execute(LIST(order), args);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.orgUnit.villageMatters;
  };
  const all = async (order: string) => {
    const out: { id: string; proposedOn: string; closedOn: string | null }[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(order, { first: 100, after });
      out.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  };
  const byProposed = await all('{ field: PROPOSED_ON }');
  expect(byProposed.length).toBeGreaterThan(5);
  const proposed = byProposed.map((m) => m.proposedOn);
  expect(proposed).toEqual(proposed.slice().sort());
  expect(await all('{ field: PROPOSED_ON, direction: DESC }')).toEqual(byProposed.slice().reverse());
  const byClosed = await all('{ field: CLOSED_ON }');
  const closed = byClosed.map((m) => m.closedOn ?? '9999-12-31');
  expect(closed).toEqual(closed.slice().sort());
  expect(await all('{ field: CLOSED_ON, direction: DESC }')).toEqual(byClosed.slice().reverse());
  const tail = await list('{ field: PROPOSED_ON }', { last: 3 });
  expect(tail.nodes).toEqual(byProposed.slice(-3));
  const before = await list('{ field: PROPOSED_ON }', { last: 3, before: tail.pageInfo.startCursor });
  expect(before.nodes).toEqual(byProposed.slice(-6, -3));
});
