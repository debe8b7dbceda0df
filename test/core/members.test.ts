import { decodeIntId, toGlobalId } from '../../src/graphql/global-id';
import { MembershipChange } from '../../src/org/entities/membership-period.entity';
import { MemberCategory } from '../../src/org/enums';
import { parseIdCard } from '../../src/org/id-card';
import { Role } from '../../src/auth/roles';
import { accountWith, codeOf } from '../support/helpers';
import { idFor } from '../support/people';
import { createTestApp, type TestApp } from '../support/test-app';
import { createUnit, smallCounty } from '../support/tree';

/** Ages, party standing and "the future" are judged on this day, set before each test. */
const TODAY = '2026-11-25';
let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let seq = 0;
beforeAll(async () => {
  t = await createTestApp({ now: TODAY });
  tree = await smallCounty(t);
});
afterAll(() => t?.close());
beforeEach(() => t.clock.set(TODAY));

/** A branch of the test's own (under the second station), optionally with a party group. */
async function newBranch() {
  const n = ++seq;
  const branch = await createUnit(t, {
    code: `TC-MB${n}`,
    name: `成员村${n}党支部`,
    kind: 'BRANCH',
    sector: 'RURAL',
    parentId: tree.stationB,
    establishedOn: '2000-01-01',
  });
  return branch;
}

const CREATE = `mutation($input: CreateMemberInput!) { createMember(input: $input) {
  member { id name gender birthDate status idCardNumber phone age partyStanding holdsPost branch { code } partyGroup { code } version }
  userErrors { field message code } } }`;
const base = () => ({
  name: '张伟',
  category: 'RURAL',
  joinedOn: '2001-07-01',
  fullMemberSince: '2002-07-01',
  branchId: tree.village1,
});

describe('the ID card number (GB 11643)', () => {
  test('check digit, X, birth date and sex', () => {
    expect(parseIdCard('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: 'FEMALE' });
    expect(parseIdCard('110105194912310021')).toEqual({
      problem: expect.objectContaining({ key: 'core.idCardCheckDigit', reason: 'INVALID_ID_CARD' }),
    });
    expect(parseIdCard('110105194902300020')).toEqual({
      problem: expect.objectContaining({ key: 'core.idCardBirthDate', reason: 'INVALID_ID_CARD' }),
    });
    expect(parseIdCard('1101051949')).toEqual({
      problem: expect.objectContaining({ key: 'core.idCardShape', reason: 'INVALID_ID_CARD' }),
    });
  });
});

describe('recording a member', () => {
  test('birth date and sex come from the ID number; an administrator sees personal data in full', async () => {
    const id = idFor('1970-03-15', true);
    const r = await t.execute(CREATE, {
      input: { ...base(), idCardNumber: id, phone: '13812345678', partyGroupId: tree.group },
    });
    expect(r.data.createMember.userErrors).toEqual([]);
    expect(r.data.createMember.member).toMatchObject({
      gender: 'MALE',
      birthDate: '1970-03-15',
      status: 'FULL',
      idCardNumber: id,
      phone: '13812345678',
      holdsPost: false,
      branch: { code: 'TC-V1' },
      partyGroup: { code: 'TC-V1-G1' },
      version: 1,
    });
    // Full since 2002-07-01: 24 whole years on 2026-11-25.
    expect(r.data.createMember.member.partyStanding).toBe(24);
    const stored = await t.app.db.query('SELECT id_card_number FROM member WHERE id = $1', [
      decodeIntId(r.data.createMember.member.id, 'Member'),
    ]);
    expect(stored[0].id_card_number).toBe(id);
  });

  test('party standing counts whole years from full membership, up to the anniversary', async () => {
    const r = await t.execute(CREATE, {
      input: { ...base(), name: '党龄', idCardNumber: idFor('1975-05-05', true, 50) },
    });
    const id = r.data.createMember.member.id;
    const standing = async () =>
      (await t.execute(`query($id: ID!) { node(id: $id) { ... on Member { partyStanding } } }`, { id })).data.node
        .partyStanding;
    t.clock.set('2027-06-30');
    expect(await standing()).toBe(24);
    t.clock.set('2027-07-01');
    expect(await standing()).toBe(25);
  });

  test.each([
    ['a bad check digit', { idCardNumber: '450702197003150130' }, 'idCardNumber', '校验位'],
    [
      'a birth date that disagrees with the ID',
      { idCardNumber: idFor('1970-03-15', true, 40), birthDate: '1971-01-01' },
      'birthDate',
      '不符',
    ],
    [
      'a sex that disagrees with the ID',
      { idCardNumber: idFor('1970-03-15', true, 41), gender: 'FEMALE' },
      'gender',
      '不符',
    ],
    ['no ID and no birth date', { gender: 'MALE' }, 'birthDate', '必填'],
    [
      'joining before 18',
      { idCardNumber: idFor('1990-01-01', true, 42), joinedOn: '2007-12-31', fullMemberSince: null },
      'joinedOn',
      '年满 18 岁',
    ],
    [
      'full membership before joining',
      { idCardNumber: idFor('1960-01-01', true, 43), joinedOn: '2001-07-01', fullMemberSince: '2000-01-01' },
      'fullMemberSince',
      '不能早于',
    ],
    ['a phone that is not one', { idCardNumber: idFor('1960-01-01', true, 44), phone: '12345' }, 'phone', '大陆手机号'],
    [
      'joining in the future',
      { idCardNumber: idFor('1960-01-01', true, 45), joinedOn: '2999-01-01', fullMemberSince: null },
      'joinedOn',
      '不能晚于今天',
    ],
  ])('%s is refused on its field', async (_label, extra, field, message) => {
    const r = await t.execute(CREATE, { input: { ...base(), ...extra } });
    expect(r.data.createMember.member).toBeNull();
    expect(r.data.createMember.userErrors).toContainEqual({
      field: ['input', field],
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(message),
    });
  });

  test("members belong to branches; a party group must be the branch's own; a duplicate ID is a conflict", async () => {
    const station = await t.execute(CREATE, {
      input: { ...base(), gender: 'MALE', birthDate: '1960-01-01', branchId: tree.stationA },
    });
    expect(station.data.createMember.userErrors[0]).toMatchObject({
      field: ['input', 'branchId'],
      message: expect.stringContaining('党员应属于党支部'),
    });
    const group = await t.execute(CREATE, {
      input: { ...base(), gender: 'MALE', birthDate: '1960-01-01', branchId: tree.village3, partyGroupId: tree.group },
    });
    expect(group.data.createMember.userErrors[0]).toMatchObject({
      field: ['input', 'partyGroupId'],
      message: expect.stringContaining('不是这个党支部的党小组'),
    });
    const first = await t.execute(CREATE, {
      input: { ...base(), name: '先到', idCardNumber: idFor('1971-04-16', true, 60) },
    });
    expect(first.data.createMember.userErrors).toEqual([]);
    const dup = await t.execute(CREATE, {
      input: { ...base(), name: '后到', idCardNumber: idFor('1971-04-16', true, 60), branchId: tree.village2 },
    });
    expect(dup.data.createMember.userErrors[0]).toMatchObject({ code: 'CONFLICT', field: ['input', 'idCardNumber'] });
  });
});

describe("a member's life", () => {
  /** A probationary member who joined on 2025-12-01, in a branch of the test's own. */
  async function probationer(name: string) {
    const branch = await newBranch();
    const r = await t.execute(CREATE, {
      input: {
        ...base(),
        name,
        idCardNumber: idFor('1992-05-20', false, 70 + seq),
        joinedOn: '2025-12-01',
        fullMemberSince: null,
        branchId: branch,
      },
    });
    expect(r.data.createMember.userErrors).toEqual([]);
    return { branch, memberId: r.data.createMember.member.id as string };
  }

  test('a probationary member becomes full by setting fullMemberSince; stale versions conflict', async () => {
    const { memberId } = await probationer('李娜');
    const UPDATE = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { member { status fullMemberSince version } userErrors { code field } } }`;
    const stale = await t.execute(UPDATE, { input: { id: memberId, version: 9, fullMemberSince: '2026-11-01' } });
    expect(stale.data.updateMember.userErrors).toEqual([{ code: 'CONFLICT', field: ['input', 'version'] }]);
    const early = await t.execute(UPDATE, { input: { id: memberId, fullMemberSince: '2025-01-01' } });
    expect(early.data.updateMember.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', field: ['input', 'fullMemberSince'] },
    ]);
    const future = await t.execute(UPDATE, { input: { id: memberId, fullMemberSince: '2026-11-26' } });
    expect(future.data.updateMember.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', field: ['input', 'fullMemberSince'] },
    ]);
    const ok = await t.execute(UPDATE, { input: { id: memberId, version: 1, fullMemberSince: '2026-11-01' } });
    expect(ok.data.updateMember).toEqual({
      member: { status: 'FULL', fullMemberSince: '2026-11-01', version: 2 },
      userErrors: [],
    });
  });

  test('a transfer closes one period and opens the next', async () => {
    const { branch, memberId } = await probationer('王丽');
    const code = (await t.execute(`query($id: ID!) { node(id: $id) { ... on OrgUnit { code } } }`, { id: branch })).data
      .node.code;
    const r = await t.execute(
      `mutation($input: TransferMemberInput!) { transferMember(input: $input) {
      member { branch { code } partyGroup { code } membershipHistory { validFrom validTo change branch { code } } } userErrors { code message } } }`,
      { input: { memberId, toBranchId: tree.village3, effectiveOn: '2026-11-10', note: '婚迁' } },
    );
    expect(r.data.transferMember.userErrors).toEqual([]);
    expect(r.data.transferMember.member).toEqual({
      branch: { code: 'TC-V3' },
      partyGroup: null,
      membershipHistory: [
        { validFrom: '2025-12-01', validTo: '2026-11-10', change: 'JOINED', branch: { code } },
        { validFrom: '2026-11-10', validTo: null, change: 'TRANSFERRED_IN', branch: { code: 'TC-V3' } },
      ],
    });
    const same = await t.execute(
      `mutation($input: TransferMemberInput!) { transferMember(input: $input) { userErrors { code } } }`,
      { input: { memberId, toBranchId: tree.village3 } },
    );
    expect(same.data.transferMember.userErrors).toEqual([{ code: 'BAD_USER_INPUT' }]);
  });

  test('a departure keeps the record, ends current posts and hides the member from default lists', async () => {
    const { branch, memberId } = await probationer('赵敏');
    const post = await t.execute(
      `mutation($input: CreatePostInput!) { createPost(input: $input) { post { id } userErrors { message } } }`,
      { input: { unitId: branch, memberId, role: 'COMMITTEE_MEMBER', termStart: '2026-11-12' } },
    );
    expect(post.data.createPost.userErrors).toEqual([]);
    const before = await t.execute(`query($id: ID!) { node(id: $id) { ... on Member { holdsPost posts { role } } } }`, {
      id: memberId,
    });
    expect(before.data.node).toEqual({ holdsPost: true, posts: [{ role: 'COMMITTEE_MEMBER' }] });

    const DEPART = `mutation($input: RecordMemberDepartureInput!) { recordMemberDeparture(input: $input) { member { status departureReason departedOn holdsPost } userErrors { code } } }`;
    const r = await t.execute(DEPART, { input: { memberId, reason: 'TRANSFERRED_OUT', departedOn: '2026-11-20' } });
    expect(r.data.recordMemberDeparture).toEqual({
      member: { status: 'DEPARTED', departureReason: 'TRANSFERRED_OUT', departedOn: '2026-11-20', holdsPost: false },
      userErrors: [],
    });
    const again = await t.execute(DEPART, { input: { memberId, reason: 'OTHER' } });
    expect(again.data.recordMemberDeparture.userErrors).toEqual([{ code: 'INVALID_STATE' }]);

    const lists = await t.execute(
      `query($b: ID!) { v: node(id: $b) { ... on OrgUnit { members { totalCount } all: members(filter: { statuses: [DEPARTED] }) { nodes { name } } } } }`,
      { b: branch },
    );
    expect(lists.data.v).toEqual({ members: { totalCount: 0 }, all: { nodes: [{ name: '赵敏' }] } });
  });
});

describe('a corrected joining day (issue 21)', () => {
  const UPDATE = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) {
    member { joinedOn } userErrors { code field reason message } } }`;
  const HISTORY = `query($id: ID!) { node(id: $id) { ... on Member { joinedOn
    membershipHistory { validFrom validTo change } } } }`;
  const history = async (id: string) => (await t.execute(HISTORY, { id })).data.node;
  const update = async (id: string, joinedOn: string) =>
    (await t.execute(UPDATE, { input: { id, joinedOn } })).data.updateMember;

  /** A probationary member of a branch of the test's own who joined on `joinedOn`. */
  async function joiner(name: string, joinedOn: string) {
    const branchId = await newBranch();
    const r = await t.execute(CREATE, {
      input: {
        ...base(),
        name,
        idCardNumber: idFor('1990-03-14', true, 80 + seq),
        joinedOn,
        fullMemberSince: null,
        branchId,
      },
    });
    expect(r.data.createMember.userErrors).toEqual([]);
    return { branchId, id: r.data.createMember.member.id as string };
  }

  test('moves the first membership period, earlier and later, so the member belongs from the new day', async () => {
    const { id } = await joiner('孙磊', '2025-12-01');
    expect((await update(id, '2025-11-10')).userErrors).toEqual([]);
    expect(await history(id)).toEqual({
      joinedOn: '2025-11-10',
      membershipHistory: [{ validFrom: '2025-11-10', validTo: null, change: 'JOINED' }],
    });
    expect((await update(id, '2025-12-20')).userErrors).toEqual([]);
    expect(await history(id)).toEqual({
      joinedOn: '2025-12-20',
      membershipHistory: [{ validFrom: '2025-12-20', validTo: null, change: 'JOINED' }],
    });
  });

  test('refused on or after the end of the first period (a transfer): an empty period is no membership; before it, the period shrinks', async () => {
    const { id } = await joiner('钱进', '2025-12-01');
    const moved = await t.execute(
      `mutation($input: TransferMemberInput!) { transferMember(input: $input) { userErrors { message } } }`,
      { input: { memberId: id, toBranchId: tree.village3, effectiveOn: '2026-01-10' } },
    );
    expect(moved.data.transferMember.userErrors).toEqual([]);
    const before = await history(id);
    expect((await update(id, '2026-01-11')).userErrors).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: ['input', 'joinedOn'],
        reason: 'NOT_BEFORE',
        message: expect.stringContaining('2026-01-10'),
      },
    ]);
    expect(await history(id)).toEqual(before);
    expect((await update(id, '2026-01-10')).userErrors).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: ['input', 'joinedOn'],
        reason: 'NOT_BEFORE',
        message: expect.stringContaining('2026-01-10'),
      },
    ]);
    expect(await history(id)).toEqual(before);
    expect((await update(id, '2026-01-09')).userErrors).toEqual([]);
    expect((await history(id)).membershipHistory).toEqual([
      { validFrom: '2026-01-09', validTo: '2026-01-10', change: 'JOINED' },
      { validFrom: '2026-01-10', validTo: null, change: 'TRANSFERRED_IN' },
    ]);
  });

  test("the first period's end and a transfer in bound the day whatever the first period's start", async () => {
    // A first period that does not start on the joining day (an older record): not moved, still bounded.
    const { id } = await joiner('郑凯', '2025-12-01');
    const moved = await t.execute(
      `mutation($input: TransferMemberInput!) { transferMember(input: $input) { userErrors { message } } }`,
      { input: { memberId: id, toBranchId: tree.village3, effectiveOn: '2026-01-10' } },
    );
    expect(moved.data.transferMember.userErrors).toEqual([]);
    await t.app.db.query(
      `UPDATE membership_period SET valid_from = '2025-12-05' WHERE member_id = $1 AND change = 'JOINED'`,
      [decodeIntId(id, 'Member')],
    );
    const before = await history(id);
    expect((await update(id, '2026-01-10')).userErrors).toEqual([
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        reason: 'NOT_BEFORE',
        message: expect.stringContaining('2026-01-10'),
      }),
    ]);
    expect(await history(id)).toEqual(before);
    // A member transferred in had joined before: the day stays on or before the transfer in.
    const branchId = decodeIntId(await newBranch(), 'OrgUnit')!;
    const member = await t.app.db.transaction((tx) =>
      t.app.org.members.create(
        tx,
        {
          name: '转入党员',
          category: MemberCategory.RURAL,
          idCardNumber: idFor('1980-08-08', true, 99),
          joinedOn: '2010-05-01',
          fullMemberSince: '2011-05-01',
          branchId,
        },
        TODAY,
        MembershipChange.TRANSFERRED_IN,
      ),
    );
    const transferred = toGlobalId('Member', member.id);
    expect((await update(transferred, '2010-05-02')).userErrors).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: ['input', 'joinedOn'],
        reason: 'NOT_BEFORE',
        message: expect.stringContaining('2010-05-01'),
      },
    ]);
    expect((await history(transferred)).joinedOn).toBe('2010-05-01');
  });

  test("another branch's first period is rewritten only by a writer of that branch; the audit keeps the old day", async () => {
    const { id, branchId } = await joiner('冯雪', '2025-12-01');
    const receiving = await newBranch();
    const moved = await t.execute(
      `mutation($input: TransferMemberInput!) { transferMember(input: $input) { userErrors { message } } }`,
      { input: { memberId: id, toBranchId: receiving, effectiveOn: '2026-01-10' } },
    );
    expect(moved.data.transferMember.userErrors).toEqual([]);
    await accountWith(t, 'sec-receiving', Role.SECRETARY, receiving);
    const asReceiving = await t.as('sec-receiving');
    const before = await history(id);
    const denied = await asReceiving(UPDATE, { input: { id, joinedOn: '2025-11-01' } });
    expect(codeOf(denied)).toBe('FORBIDDEN');
    expect(await history(id)).toEqual(before);
    // The receiving branch's secretary still corrects what is theirs (the same joining day kept).
    expect((await asReceiving(UPDATE, { input: { id, joinedOn: '2025-12-01' } })).data.updateMember.userErrors).toEqual(
      [],
    );
    const both = await accountWith(t, 'sec-both', Role.SECRETARY, branchId);
    await t.app.db.transaction((tx) =>
      t.app.auth.grant(tx, both, decodeIntId(receiving, 'OrgUnit'), Role.SECRETARY, null),
    );
    const asBoth = await t.as('sec-both');
    expect((await asBoth(UPDATE, { input: { id, joinedOn: '2025-11-01' } })).data.updateMember.userErrors).toEqual([]);
    const [audit] = await t.app.db.query(
      `SELECT input, outcome FROM audit_event WHERE operation = 'updateMember' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toEqual({
      outcome: 'OK',
      input: { id, joinedOn: '2025-11-01', replaced: { joinedOn: '2025-12-01' } },
    });
  });

  test('refused later than a departure or an extension decision, as those are refused before the joining day', async () => {
    const gone = await joiner('周丹', '2025-12-01');
    const departed = await t.execute(
      `mutation($input: RecordMemberDepartureInput!) { recordMemberDeparture(input: $input) { userErrors { code } } }`,
      { input: { memberId: gone.id, reason: 'OTHER', departedOn: '2026-03-01' } },
    );
    expect(departed.data.recordMemberDeparture.userErrors).toEqual([]);
    expect(await update(gone.id, '2026-03-02')).toEqual({
      member: null,
      userErrors: [
        {
          code: 'BAD_USER_INPUT',
          field: ['input', 'joinedOn'],
          reason: 'NOT_BEFORE',
          message: expect.stringContaining('2026-03-01'),
        },
      ],
    });
    const extended = await joiner('吴昊', '2024-06-01');
    const decided = await t.execute(
      `mutation($i: DecideProbationInput!) { decideProbation(input: $i) { userErrors { code message } } }`,
      { i: { memberId: extended.id, decision: 'EXTEND', decidedOn: '2025-06-05', extendedTo: '2025-12-01' } },
    );
    expect(decided.data.decideProbation.userErrors).toEqual([]);
    expect((await update(extended.id, '2025-06-06')).userErrors).toEqual([
      {
        code: 'BAD_USER_INPUT',
        field: ['input', 'joinedOn'],
        reason: 'NOT_BEFORE',
        message: expect.stringContaining('2025-06-05'),
      },
    ]);
    expect((await history(extended.id)).joinedOn).toBe('2024-06-01');
  });

  test('a first period that began with a transfer in keeps its day; one imported moves', async () => {
    const branchId = decodeIntId(await newBranch(), 'OrgUnit')!;
    const made = (change: MembershipChange, n: number) =>
      t.app.db.transaction((tx) =>
        t.app.org.members.create(
          tx,
          {
            name: `转入${n}`,
            category: MemberCategory.RURAL,
            idCardNumber: idFor('1980-08-08', n % 2 === 0, 90 + n),
            joinedOn: '2010-05-01',
            fullMemberSince: '2011-05-01',
            branchId,
          },
          TODAY,
          change,
        ),
      );
    const transferred = toGlobalId('Member', (await made(MembershipChange.TRANSFERRED_IN, 1)).id);
    const imported = toGlobalId('Member', (await made(MembershipChange.IMPORTED, 2)).id);
    expect((await update(transferred, '2010-04-01')).userErrors).toEqual([]);
    expect((await update(imported, '2010-04-01')).userErrors).toEqual([]);
    expect((await history(transferred)).membershipHistory).toEqual([
      { validFrom: '2010-05-01', validTo: null, change: 'TRANSFERRED_IN' },
    ]);
    expect((await history(imported)).membershipHistory).toEqual([
      { validFrom: '2010-04-01', validTo: null, change: 'IMPORTED' },
    ]);
  });
});

describe('member lists and filters', () => {
  /** A station of this block's own: a branch of three, and a party group of that branch with one more. */
  const codes = { station: 'TC-LS', branch: 'TC-LS-V', group: 'TC-LS-V-G' };
  beforeAll(async () => {
    const station = await createUnit(t, {
      code: codes.station,
      name: '名单工作站',
      kind: 'WORK_STATION',
      parentId: tree.township,
      establishedOn: '2015-01-01',
    });
    const branch = await createUnit(t, {
      code: codes.branch,
      name: '名单村党支部',
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: station,
      establishedOn: '2000-01-01',
    });
    const group = await createUnit(t, {
      code: codes.group,
      name: '名单党小组',
      kind: 'PARTY_GROUP',
      parentId: branch,
      establishedOn: '2010-01-01',
    });
    const people = [
      { name: '王芳', birth: '1950-02-01', male: false, education: 'PRIMARY_OR_BELOW' },
      { name: '赵强', birth: '1990-06-01', male: true, education: 'BACHELOR' },
      { name: '孙丽', birth: '1988-06-01', male: false, education: 'BACHELOR' },
      { name: '张军', birth: '1970-03-15', male: true, education: null, group },
    ];
    for (const [i, p] of people.entries()) {
      const r = await t.execute(CREATE, {
        input: {
          ...base(),
          name: p.name,
          idCardNumber: idFor(p.birth, p.male, 100 + i),
          joinedOn: '2015-07-01',
          fullMemberSince: '2016-07-01',
          branchId: branch,
          partyGroupId: p.group ?? null,
          education: p.education,
        },
      });
      expect(r.data.createMember.userErrors).toEqual([]);
    }
  });

  const LISTS = `{ v: orgUnit(code: "TC-LS-V") {
      women: members(filter: { gender: FEMALE }) { nodes { name } }
      old: members(filter: { minAge: 60 }) { nodes { name } }
      young: members(filter: { maxAge: 36 }) { nodes { name } }
      educated: members(filter: { educations: [BACHELOR] }, orderBy: { field: BIRTH_DATE }) { nodes { name } }
      named: members(filter: { search: "强" }) { nodes { name } }
    } station: orgUnit(code: "TC-LS") { direct: members { totalCount } all: members(includeDescendants: true) { totalCount } }
      group: orgUnit(code: "TC-LS-V-G") { members { nodes { name } } } }`;

  test('filters by sex, age range, education and name; a subtree includes every branch below', async () => {
    const r = await t.execute(LISTS);
    expect(r.errors).toBeUndefined();
    const names = (k: string) => r.data.v[k].nodes.map((n: any) => n.name);
    expect(names('women').sort()).toEqual(['孙丽', '王芳'].sort());
    expect(names('old')).toEqual(['王芳']);
    expect(names('young')).toEqual(['赵强']);
    expect(names('educated')).toEqual(['孙丽', '赵强']);
    expect(names('named')).toEqual(['赵强']);
    expect(r.data.station).toEqual({ direct: { totalCount: 0 }, all: { totalCount: 4 } });
    expect(r.data.group.members.nodes).toEqual([{ name: '张军' }]);
  });

  test('ages are whole years on the day: 36 until the day before the 37th birthday', async () => {
    const young = async () => (await t.execute(LISTS)).data.v.young.nodes.map((n: any) => n.name);
    t.clock.set('2027-05-31');
    expect(await young()).toEqual(['赵强']);
    t.clock.set('2027-06-01');
    expect(await young()).toEqual([]);
  });

  test('memberStats rolls up over the subtree', async () => {
    const r =
      await t.execute(`{ orgUnit(code: "TC-LS") { memberStats { total probationary full female femaleShare aged60AndOver shareAged60AndOver
      ageBands { band count } byCategory { category count } byEducation { education count } educationUnknown } } }`);
    const s = r.data.orgUnit.memberStats;
    expect(s).toMatchObject({
      total: 4,
      probationary: 0,
      full: 4,
      female: 2,
      femaleShare: 0.5,
      aged60AndOver: 1,
      shareAged60AndOver: 0.25,
      educationUnknown: 1,
    });
    expect(s.byCategory).toEqual([{ category: 'RURAL', count: 4 }]);
    expect(s.byEducation).toEqual([
      { education: 'PRIMARY_OR_BELOW', count: 1 },
      { education: 'BACHELOR', count: 2 },
    ]);
    expect(s.ageBands.reduce((n: number, b: any) => n + b.count, 0)).toBe(4);
  });
});
