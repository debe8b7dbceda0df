import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { serveHttp, signIn, type ServedApp } from '../support/serve-http';
import { createTestApp, type TestApp } from '../support/test-app';

/** README "Export to spreadsheets": POST /export over HTTP, against the demo county. */
let t: TestApp;
let s: ServedApp;
let analyst: string;
let admin: string;

beforeAll(async () => {
  t = await createTestApp({ seed: 'demo' });
  s = await serveHttp(t.app, t.schema);
  analyst = (await signIn(s, 'analyst', 'jiceng-demo-2026')).accessToken;
  admin = (await signIn(s, 'county-admin', 'jiceng-demo-2026')).accessToken;
});
afterAll(async () => {
  await s?.close();
  await t?.close();
});

const exportUrl = () => s.url.replace(/\/graphql$/, '/export');

async function exportFile(
  body: Record<string, unknown>,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; bytes: Buffer; json?: any }> {
  const res = await fetch(exportUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined;
  return { status: res.status, headers: res.headers, bytes, json };
}

const csvRows = (bytes: Buffer): string[][] =>
  parseCsv(bytes.toString('utf8'), { bom: true, relax_column_count: false });

async function readXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const BRANCH_MEMBERS = `query BranchMembers($code: String!) {
  orgUnit(code: $code) {
    name
    memberStats { total shareAged60AndOver }
    members(first: 100, includeDescendants: true) {
      totalCount
      nodes { name gender joinedOn idCardNumber phone category createdAt branch { name } posts { role } }
    }
  }
}`;

async function firstVillage(): Promise<string> {
  const r = await t.execute(`{ orgUnits(kinds: [BRANCH], first: 1, search: "村") { nodes { code } } }`);
  return (r.data as any).orgUnits.nodes[0].code;
}

const PAGED = `query Paged($code: String!, $first: Int) {
  orgUnit(code: $code) { members(first: $first, includeDescendants: true) { totalCount nodes { id name } } }
}`;

test('CSV of a member list: Chinese headers, BOM, CRLF, the rows the query answers, masked as the viewer sees them', async () => {
  const code = await firstVillage();
  const r = await exportFile({ query: BRANCH_MEMBERS, variables: { code }, format: 'csv' }, analyst);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(r.headers.get('content-disposition')).toBe(
    `attachment; filename="BranchMembers-${t.today}.csv"; filename*=UTF-8''BranchMembers-${t.today}.csv`,
  );
  expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(r.bytes.toString('utf8')).toContain('\r\n');
  const [header, ...rows] = csvRows(r.bytes);
  expect(header).toEqual([
    '姓名',
    '性别',
    '入党日期',
    '身份证号',
    '联系电话',
    '党员类别',
    '创建时间',
    '所在支部·名称',
    '现任职务（个数）',
  ]);
  const answer = await s.gql(BRANCH_MEMBERS, { code }, { token: analyst });
  const nodes = answer.body.data.orgUnit.members.nodes as any[];
  expect(rows).toHaveLength(nodes.length);
  expect(rows.length).toBeGreaterThan(5);
  for (const [i, m] of nodes.entries()) {
    expect(rows[i][0]).toBe(m.name);
    expect(rows[i][1]).toBe(m.gender === 'MALE' ? '男' : '女');
    expect(rows[i][2]).toBe(m.joinedOn);
    // Masked exactly as the query masks them for an analyst.
    expect(rows[i][3]).toBe(m.idCardNumber);
    expect(rows[i][3]).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(rows[i][4]).toBe(m.phone ?? '');
    expect(rows[i][7]).toBe(m.branch.name);
    expect(Number(rows[i][8])).toBe(m.posts.length);
  }
  expect(rows[0][5]).toMatch(/党员$/);
  expect(rows[0][6]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

  // An administrator of the county sees the numbers in full, in the file as in the query.
  const full = csvRows((await exportFile({ query: BRANCH_MEMBERS, variables: { code }, format: 'csv' }, admin)).bytes);
  const fullAnswer = (await s.gql(BRANCH_MEMBERS, { code }, { token: admin })).body.data.orgUnit.members.nodes;
  expect(full.slice(1).map((row) => row[3])).toEqual(fullAnswer.map((m: any) => m.idCardNumber));
  expect(full[1][3]).toMatch(/^\d{17}[\dX]$/);
});

test('xlsx: one sheet per list and one of figures; dates are dates, shares percentages, headers Chinese', async () => {
  const code = await firstVillage();
  const r = await exportFile({ query: BRANCH_MEMBERS, variables: { code }, format: 'xlsx' }, analyst);
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(r.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const book = await readXlsx(r.bytes);
  expect(book.worksheets.map((w) => w.name)).toEqual(['党员', '概况']);
  const members = book.getWorksheet('党员')!;
  const answer = (await s.gql(BRANCH_MEMBERS, { code }, { token: analyst })).body.data.orgUnit;
  expect(members.rowCount).toBe(answer.members.nodes.length + 1);
  expect(members.getRow(1).getCell(3).value).toBe('入党日期');
  const joined = members.getRow(2).getCell(3);
  expect(joined.value).toBeInstanceOf(Date);
  expect((joined.value as Date).toISOString().slice(0, 10)).toBe(answer.members.nodes[0].joinedOn);
  expect(joined.numFmt).toBe('yyyy-mm-dd');
  expect(members.getRow(2).getCell(7).value).toBeInstanceOf(Date);
  expect(members.getRow(2).getCell(4).value).toBe(answer.members.nodes[0].idCardNumber);

  const figures = book.getWorksheet('概况')!;
  expect(figures.getRow(1).values).toEqual([
    undefined,
    '党组织·名称',
    '党组织·党员统计·党员总数',
    '党组织·党员统计·60岁及以上占比',
    '党组织·党员·总数',
  ]);
  const share = figures.getRow(2).getCell(3);
  expect(share.value).toBe(answer.memberStats.shareAged60AndOver);
  expect(share.numFmt).toBe('0.0%');
  expect(figures.getRow(2).getCell(1).value).toBe(answer.name);
  expect(figures.getRow(2).getCell(4).value).toBe(answer.members.totalCount);
});

test('a list longer than one page is read page by page: every row once', async () => {
  const query = PAGED;
  const answer = await s.gql(query, { code: 'JB01', first: 1 }, { token: analyst });
  const total = answer.body.data.orgUnit.members.totalCount;
  expect(total).toBeGreaterThan(1000);
  // A township: a few hundred members, in pages of 37.
  const town = (
    await s.gql(
      `{ orgUnit(code: "JB01") { children(kinds: [TOWNSHIP_COMMITTEE], first: 1) { nodes { code } } } }`,
      {},
      { token: analyst },
    )
  ).body.data.orgUnit.children.nodes[0].code;
  const expected = (await s.gql(query, { code: town, first: 1 }, { token: analyst })).body.data.orgUnit.members
    .totalCount;
  const r = await exportFile({ query, variables: { code: town, first: 37 }, format: 'csv' }, analyst);
  expect(r.status).toBe(200);
  const rows = csvRows(r.bytes).slice(1);
  expect(expected).toBeGreaterThan(37 * 3);
  expect(rows).toHaveLength(expected);
  expect(new Set(rows.map((row) => row[0])).size).toBe(expected);

  const x = await readXlsx(
    (await exportFile({ query, variables: { code: town, first: 50 }, format: 'xlsx' }, analyst)).bytes,
  );
  expect(x.getWorksheet('党员')!.rowCount).toBe(expected + 1);
});

test('rows names the list of a CSV; a list the query does not have is refused with the lists it has', async () => {
  const query = `{ orgUnit(code: "JB01") { children(first: 100) { nodes { name code kind } } members(first: 5) { nodes { name } } } }`;
  const r = await exportFile({ query, format: 'csv', rows: 'orgUnit.children' }, analyst);
  const [header, ...rows] = csvRows(r.bytes);
  expect(header).toEqual(['名称', '组织代码', '组织类别']);
  expect(rows.length).toBeGreaterThan(5);
  expect(rows.some((row) => row[2] === '乡镇党委')).toBe(true);
  expect(r.headers.get('content-disposition')).toContain(`filename*=UTF-8''%E4%B8%8B%E7%BA%A7`);

  const bad = await exportFile({ query, format: 'csv', rows: 'orgUnit.posts' }, analyst);
  expect(bad.status).toBe(400);
  expect(bad.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NO_SUCH_LIST' });
  expect(bad.json.errors[0].message).toContain('orgUnit.children.nodes, orgUnit.members.nodes');
});

test('refusals: a unit outside scope as the query answers it, a mutation, anonymous, too many rows, a bad format', async () => {
  const secretary = (await signIn(s, 'secretary', 'jiceng-demo-2026')).accessToken;
  const query = `{ orgUnit(code: "JB01") { members(first: 10, includeDescendants: true) { nodes { name } } } }`;
  // The query answers null for a unit outside the viewer's scope, as for one that does not exist.
  expect((await s.gql(query, {}, { token: secretary })).body.data.orgUnit).toBeNull();
  const outside = await exportFile({ query, format: 'csv' }, secretary);
  expect(outside.status).toBe(404);
  expect(outside.json.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NOT_FOUND' });
  expect(outside.json.errors[0].message).toBe('orgUnit.members.nodes 为空：对象不存在，或不在你的查看范围内');
  // A field the viewer may not read answers the query's own error and status.
  const audit = `{ auditEvents(first: 5) { nodes { operation } } }`;
  const asQuery = await s.gql(audit, {}, { token: analyst });
  expect(asQuery.code).not.toBe('OK');
  const refused = await exportFile({ query: audit, format: 'xlsx' }, analyst);
  expect(refused.json.errors[0].extensions.code).toBe(asQuery.code);
  expect(refused.json.errors[0].message).toBe(asQuery.body.errors![0].message);

  const mutation = await exportFile(
    { query: 'mutation { logout(input: { refreshToken: "x" }) { loggedOut } }', format: 'csv' },
    analyst,
  );
  expect(mutation.status).toBe(400);
  expect(mutation.json.errors[0]).toMatchObject({
    message: '只能导出查询，mutation 不能导出',
    extensions: { code: 'BAD_USER_INPUT', reason: 'NOT_A_QUERY' },
  });
  const english = await exportFile(
    { query: 'mutation { logout(input: { refreshToken: "x" }) { loggedOut } }' },
    analyst,
    { 'accept-language': 'en' },
  );
  expect(english.json.errors[0].message).toBe('Only a query can be exported, not a mutation');

  const anonymous = await exportFile({ query, format: 'csv' }, null);
  expect(anonymous.status).toBe(401);
  expect(anonymous.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');

  const limits = t.app.config.limits as { maxExportRows: number };
  const before = limits.maxExportRows;
  limits.maxExportRows = 100;
  try {
    const tooMany = await exportFile({ query, format: 'csv' }, analyst);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', reason: 'TOO_MANY_ROWS' });
    expect(tooMany.json.errors[0].message).toMatch(/^一次最多导出 100 行，orgUnit\.members 有 \d+ 行/);
  } finally {
    limits.maxExportRows = before;
  }
  const format = await exportFile({ query, format: 'pdf' }, analyst);
  expect(format.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_VALUE' });
});

test('every export is audited: operation, format, list, rows and account; a refused one too', async () => {
  const code = await firstVillage();
  const [{ last }] = await t.app.db.query(`SELECT coalesce(max(id), 0) AS last FROM audit_event`);
  await exportFile({ query: PAGED, variables: { code, first: 6 }, format: 'xlsx' }, analyst);
  await exportFile({ query: 'mutation M { logout(input: { refreshToken: "x" }) { loggedOut } }' }, analyst);
  const events = await t.app.db.query(
    `SELECT e.operation, e.outcome, e.error_codes, e.input, e.unit_paths, a.username
       FROM audit_event e JOIN account a ON a.id = e.actor_id
      WHERE e.operation = 'export' AND e.id > $1 ORDER BY e.id`,
    [last],
  );
  expect(events).toHaveLength(2);
  const total = (await s.gql(PAGED, { code, first: 1 }, { token: analyst })).body.data.orgUnit.members.totalCount;
  expect(events[0]).toMatchObject({
    outcome: 'OK',
    username: 'analyst',
    error_codes: [],
    input: {
      operationName: 'Paged',
      format: 'xlsx',
      rows: 'orgUnit.members.nodes',
      rowCount: total,
      variables: { code, first: 6 },
    },
  });
  expect(events[0].unit_paths.length).toBe(1);
  expect(events[1]).toMatchObject({
    outcome: 'REJECTED',
    error_codes: ['BAD_USER_INPUT'],
    input: { operationName: 'M' },
  });
});

test('edges, a query without a list, and English headers', async () => {
  const edges = `{ orgUnit(code: "JB01") { children(first: 3) { edges { cursor node { name kind establishedOn } } } } }`;
  const [header, ...rows] = csvRows((await exportFile({ query: edges, format: 'csv' }, analyst)).bytes);
  expect(header).toEqual(['游标', '名称', '组织类别', '成立日期']);
  const answer = (await s.gql(edges, {}, { token: analyst })).body.data.orgUnit.children.edges;
  // first: 3 is the page size: the file holds every child, the first page as the query answers it.
  expect(rows.length).toBeGreaterThan(3);
  expect(rows.slice(0, 3).map((r) => r[1])).toEqual(answer.map((e: any) => e.node.name));
  expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);

  const figures = `query Stats { orgUnit(code: "JB01") { name memberStats { total femaleShare } } }`;
  const r = await exportFile({ query: figures, format: 'csv' }, analyst, { 'accept-language': 'en' });
  expect(r.headers.get('content-disposition')).toContain('Stats-');
  const [h, row] = csvRows(r.bytes);
  expect(h).toEqual(['orgUnit.name', 'orgUnit.memberStats.total', 'orgUnit.memberStats.femaleShare']);
  const stats = (await s.gql(figures, {}, { token: analyst })).body.data.orgUnit;
  expect(row).toEqual([stats.name, String(stats.memberStats.total), String(stats.memberStats.femaleShare)]);
});
