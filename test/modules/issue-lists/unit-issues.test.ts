import { enableModule } from '../../support/helpers';
import { createTestApp, TEST_NOW, type TestApp } from '../../support/test-app';
import { ASSIGN, countyWith, ok, raise, RESOLVE, START } from './issues';

/**
 * OrgUnit.issues: a unit's own issues (raised by, handled by or assigned to it) as a connection, open
 * ones unless asked otherwise, paged both ways, ordered, batched across sibling units, and gated by
 * the module switch of each unit.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

const PAGE = `pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount nodes { title deadline status }`;
const ISSUES = `query($u: ID!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: IssueOrderBy, $statuses: [IssueStatus!], $all: Boolean) {
  node(id: $u) { ... on OrgUnit { issues(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, statuses: $statuses, includeDescendants: $all) { ${PAGE} } } } }`;

async function villageWithIssues(prefix: string) {
  const county = await countyWith(t, prefix, {}, 'sec-v1', 'sec-v2');
  const { tree, as } = county;
  const deadlines = ['2026-12-05', '2026-12-01', null, '2026-12-03', '2026-12-02'];
  for (const [i, deadline] of deadlines.entries())
    await raise(as['sec-v1'], { title: `问题${i + 1}`, raisedUnitId: tree.village1, deadline });
  await raise(as['sec-v2'], { title: '二村问题', raisedUnitId: tree.village2 });
  // Issue 1 resolved: no longer open.
  const done = await raise(as['sec-v1'], { title: '已解决', raisedUnitId: tree.village1 });
  ok(await as['sec-v1'](ASSIGN, { i: { issueId: done.id, responsiblePerson: '王主任' } }), 'assignIssue');
  ok(await as['sec-v1'](START, { i: { issueId: done.id } }), 'startIssue');
  ok(await as['sec-v1'](RESOLVE, { i: { issueId: done.id } }), 'resolveIssue');
  return county;
}

const issuesOf = async (unit: string, args: Record<string, unknown> = {}) => {
  const r = await t.execute(ISSUES, { u: unit, ...args });
  expect(r.errors).toBeUndefined();
  return r.data.node.issues;
};
const titles = (page: { nodes: { title: string }[] }) => page.nodes.map((n) => n.title);

test("a unit's open issues, newest first, paged forwards and back again", async () => {
  const { tree } = await villageWithIssues('UI');
  const first = await issuesOf(tree.village1, { first: 2 });
  expect(first.totalCount).toBe(5);
  expect(titles(first)).toEqual(['问题5', '问题4']);
  expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  const second = await issuesOf(tree.village1, { first: 2, after: first.pageInfo.endCursor });
  expect(titles(second)).toEqual(['问题3', '问题2']);
  const third = await issuesOf(tree.village1, { first: 2, after: second.pageInfo.endCursor });
  expect(titles(third)).toEqual(['问题1']);
  expect(third.pageInfo.hasNextPage).toBe(false);

  // Backwards: the last two, then the two before them.
  const last = await issuesOf(tree.village1, { last: 2 });
  expect(titles(last)).toEqual(['问题2', '问题1']);
  expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  const before = await issuesOf(tree.village1, { last: 2, before: last.pageInfo.startCursor });
  expect(titles(before)).toEqual(['问题4', '问题3']);
  expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });

  // Given statuses instead of the open ones; a subtree with includeDescendants.
  expect(titles(await issuesOf(tree.village1, { statuses: ['RESOLVED'] }))).toEqual(['已解决']);
  expect((await issuesOf(tree.stationA, { all: true })).totalCount).toBe(6);
  expect((await issuesOf(tree.stationA)).totalCount).toBe(0);
});

test('ordered by deadline both ways, a cursor keeping its order', async () => {
  const { tree } = await villageWithIssues('UO');
  const asc = { field: 'DEADLINE', direction: 'ASC' };
  const page1 = await issuesOf(tree.village1, { first: 3, orderBy: asc });
  expect(titles(page1)).toEqual(['问题2', '问题5', '问题4']);
  const page2 = await issuesOf(tree.village1, { first: 3, after: page1.pageInfo.endCursor, orderBy: asc });
  expect(titles(page2)).toEqual(['问题1', '问题3']); // no deadline: last
  const desc = await issuesOf(tree.village1, { last: 2, orderBy: { field: 'DEADLINE', direction: 'DESC' } });
  expect(titles(desc)).toEqual(['问题5', '问题2']);
  // A cursor of the newest-first order is refused under the deadline order.
  const wrong = await t.execute(ISSUES, { u: tree.village1, first: 2, after: page1.pageInfo.endCursor });
  expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
});

test('asked of sibling units at once; a unit with the module off answers MODULE_DISABLED, the others answer', async () => {
  const { tree } = await villageWithIssues('UM');
  const CHILDREN = `query($u: ID!) { node(id: $u) { ... on OrgUnit { children { nodes { code issues(first: 1) { totalCount nodes { title } } } } } } }`;
  const both = await t.execute(CHILDREN, { u: tree.stationA });
  expect(both.errors).toBeUndefined();
  expect(both.data.node.children.nodes).toEqual([
    { code: 'UMC-V1', issues: { totalCount: 5, nodes: [{ title: '问题5' }] } },
    { code: 'UMC-V2', issues: { totalCount: 1, nodes: [{ title: '二村问题' }] } },
  ]);

  await enableModule(t, tree.village2, 'issue-lists', false);
  const gated = await t.execute(CHILDREN, { u: tree.stationA });
  expect(gated.data.node.children.nodes).toEqual([
    { code: 'UMC-V1', issues: { totalCount: 5, nodes: [{ title: '问题5' }] } },
    { code: 'UMC-V2', issues: null },
  ]);
  expect(gated.errors).toHaveLength(1);
  expect(gated.errors![0]).toMatchObject({
    path: ['node', 'children', 'nodes', 1, 'issues'],
    extensions: { code: 'MODULE_DISABLED' },
  });
});
