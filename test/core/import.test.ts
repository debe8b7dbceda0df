import { createTestApp, type TestApp } from '../support/test-app';
import { smallCounty } from '../support/tree';
import { idFor } from '../support/people';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
});
afterAll(() => t?.close());

const IMPORT = `mutation($input: ImportMembersInput!) { importMembers(input: $input) { imported userErrors { field message code reason } } }`;
const memberCount = async () => Number((await t.app.db.query('SELECT count(*) AS n FROM member'))[0].n);

test('a file with Chinese headers is imported whole, with groups, labels and history', async () => {
  const csv = [
    '\uFEFF姓名,身份证号,性别,学历,党员类别,入党日期,转正日期,支部代码,党小组代码,联系电话,志愿者',
    `黄海,${idFor('1968-04-02', true, 300)},男,初中,农村党员,1995-07-01,1996-07-01,TC-V1,TC-V1-G1,13912345678,是`,
    `"林,秀英",${idFor('1980-09-09', false, 301)},,本科,社区,2010-07-01,,TC-V3,,,否`,
  ].join('\n');
  const r = await t.execute(IMPORT, { input: { underId: tree.county, csv } });
  expect(r.data.importMembers).toEqual({ imported: 2, userErrors: [] });
  const q =
    await t.execute(`{ v: orgUnit(code: "TC-V1-G1") { members { nodes { name gender education volunteer membershipHistory { change } } } }
    w: orgUnit(code: "TC-V3") { members { nodes { name gender status category } } } }`);
  expect(q.data.v.members.nodes).toEqual([
    {
      name: '黄海',
      gender: 'MALE',
      education: 'JUNIOR_SECONDARY',
      volunteer: true,
      membershipHistory: [{ change: 'IMPORTED' }],
    },
  ]);
  expect(q.data.w.members.nodes).toEqual([
    { name: '林,秀英', gender: 'FEMALE', status: 'PROBATIONARY', category: 'COMMUNITY' },
  ]);
});

test('English headers work too', async () => {
  const csv = `name,idCardNumber,category,joinedOn,fullMemberSince,branchCode\n周红,${idFor('1970-01-01', false, 302)},RURAL,1999-01-01,2000-01-01,TC-V2\n`;
  expect((await t.execute(IMPORT, { input: { underId: tree.county, csv } })).data.importMembers.imported).toBe(1);
});

test('every bad row is reported with its line and reason, and nothing is written', async () => {
  // A member already on the register, whose ID number a row repeats.
  const existing = idFor('1969-09-09', false, 308);
  const r0 = await t.execute(
    `mutation($i: CreateMemberInput!) { createMember(input: $i) { userErrors { message } } }`,
    {
      i: { name: '已在册', idCardNumber: existing, category: 'RURAL', joinedOn: '1995-01-01', branchId: tree.village2 },
    },
  );
  expect(r0.data.createMember.userErrors).toEqual([]);
  const before = await memberCount();
  const dup = idFor('1966-06-06', true, 303);
  const csv = [
    '姓名,身份证号,党员类别,入党日期,支部代码',
    `好人,${idFor('1970-02-02', true, 304)},农村,1995-01-01,TC-V1`,
    `坏校验,450702197003150130,农村,1995-01-01,TC-V1`,
    `无支部,${idFor('1971-03-03', true, 305)},农村,1995-01-01,NOPE`,
    `工作站,${idFor('1972-04-04', true, 306)},农村,1995-01-01,TC-T1-S1`,
    `怪类别,${idFor('1973-05-05', true, 307)},外星人,1995-01-01,TC-V1`,
    `重复甲,${dup},农村,1995-01-01,TC-V1`,
    `重复乙,${dup},农村,1995-01-01,TC-V1`,
    `已存在,${existing},农村,1995-01-01,TC-V1`,
  ].join('\n');
  const r = await t.execute(IMPORT, { input: { underId: tree.county, csv } });
  expect(r.data.importMembers.imported).toBe(0);
  const lines = r.data.importMembers.userErrors.map((e: any) => [e.field[2], e.field[3]]);
  expect(lines).toEqual([
    ['3', 'idCardNumber'],
    ['4', 'branchCode'],
    ['5', 'branchCode'],
    ['6', 'category'],
    ['8', 'idCardNumber'],
    ['9', 'idCardNumber'],
  ]);
  expect(r.data.importMembers.userErrors.map((e: any) => e.reason)).toEqual([
    'INVALID_ID_CARD',
    'NOT_FOUND',
    'NOT_ALLOWED_HERE',
    'UNKNOWN_VALUE',
    'DUPLICATE',
    'DUPLICATE',
  ]);
  expect(r.data.importMembers.userErrors[0].message).toBe('第 3 行：身份证号校验位不对（GB 11643）');
  expect(r.data.importMembers.userErrors[2].message).toContain('党员应属于党支部');
  // The column is named as the file named it.
  expect(r.data.importMembers.userErrors[3].message).toBe('第 6 行：党员类别的取值“外星人”无法识别');
  expect(r.data.importMembers.userErrors[5].message).toBe(
    '第 9 行：已有党员登记了这个身份证号：已在册（所在党支部：西村党支部）',
  );
  expect(await memberCount()).toBe(before);
});

test('branches outside the given unit, unknown and missing columns are refused', async () => {
  const outside = await t.execute(IMPORT, {
    input: {
      underId: tree.stationB,
      csv: `姓名,身份证号,党员类别,入党日期,支部代码\n甲,${idFor('1970-02-03', true, 310)},农村,1995-01-01,TC-V2`,
    },
  });
  expect(outside.data.importMembers.userErrors[0].message).toBe('第 2 行：第二工作站下没有代码为“TC-V2”的党支部');
  const header = await t.execute(IMPORT, {
    input: { underId: tree.county, csv: `姓名,鞋码,入党日期\n甲,42,1995-01-01` },
  });
  expect(header.data.importMembers.userErrors.map((e: any) => e.message)).toEqual([
    '第 1 行：无法识别的列“鞋码”（可用的列：姓名、性别、民族、出生日期、身份证号、联系电话、学历、党员类别、入党日期、转正日期、支部代码、党小组代码、职业、志愿者）',
    '第 1 行：缺少“党员类别”列（category）',
    '第 1 行：缺少“支部代码”列（branchCode）',
  ]);
  const ragged = await t.execute(IMPORT, {
    input: { underId: tree.county, csv: `姓名,党员类别,入党日期,支部代码\n甲,农村` },
  });
  expect(ragged.data.importMembers.userErrors[0].message).toContain('无法按 CSV 读取');
});

test('a problem names the column as the file named it, with a specific reason', async () => {
  const future = await t.execute(IMPORT, {
    input: {
      underId: tree.county,
      csv: `姓名,身份证号,党员类别,入党日期,支部代码\n甲,${idFor('1970-02-05', true, 311)},农村,2099-01-01,TC-V1`,
    },
  });
  expect(future.data.importMembers.userErrors).toEqual([
    {
      field: ['input', 'csv', '2', 'joinedOn'],
      message: '第 2 行：入党日期不能晚于今天',
      code: 'BAD_USER_INPUT',
      reason: 'IN_FUTURE',
    },
  ]);
  // English headers are named as written too.
  const english = await t.execute(IMPORT, {
    input: {
      underId: tree.county,
      csv: `name,idCardNumber,category,joinedOn,branchCode\n甲,${idFor('1970-02-05', true, 311)},RURAL,2099-01-01,TC-V1`,
    },
  });
  expect(english.data.importMembers.userErrors[0].message).toBe('第 2 行：joinedOn不能晚于今天');
});
