import { plusDays, plusMonths, todayIn } from '../../../src/calendar';
import { Role } from '../../../src/auth/roles';
import { decodeIntId } from '../../../src/graphql/global-id';
import { idFor } from '../../support/people';
import { createTestApp, type TestApp } from '../../support/test-app';
import { createUnit, smallCounty } from '../../support/tree';

let t: TestApp;
let tree: Awaited<ReturnType<typeof smallCounty>>;
let today: string;
let mobileBranch: string;
const members: string[] = [];
const codeOf = (r: any) => r.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  t = await createTestApp();
  tree = await smallCounty(t);
  today = todayIn(t.app.config.timeZone);
  mobileBranch = await createUnit(t, {
    code: 'TC-M1',
    name: '驻广州流动党支部',
    kind: 'BRANCH',
    sector: 'MOBILE',
    parentId: tree.county,
    establishedOn: '2015-01-01',
  });
  await t.execute(
    `mutation($u: ID!) { setModuleEnabled(input: { unitId: $u, module: "mobile-members", enabled: true }) { userErrors { code } } }`,
    { u: tree.county },
  );
  for (let i = 0; i < 4; i++) {
    const r = await t.execute(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } userErrors { message } } }`,
      {
        i: {
          name: `外出党员${i}`,
          idCardNumber: idFor('1985-05-05', i % 2 === 0, 60 + i),
          category: 'RURAL',
          joinedOn: '2010-01-01',
          fullMemberSince: '2011-01-01',
          branchId: tree.village1,
        },
      },
    );
    members.push(r.data.createMember.member.id);
  }
  await t.app.db.transaction(async (tx) => {
    const sec = await t.app.auth.createAccount(tx, {
      username: 'sec-v1',
      displayName: 'sec',
      password: 'long-enough-password',
      memberId: null,
    });
    await t.app.auth.grant(tx, sec.id, decodeIntId(tree.village1, 'OrgUnit'), Role.SECRETARY, null);
    for (const [i, name] of [
      [0, 'away-0'],
      [3, 'home-3'],
    ] as const) {
      const m = await t.app.auth.createAccount(tx, {
        username: name,
        displayName: name,
        password: 'long-enough-password',
        memberId: decodeIntId(members[i], 'Member'),
      });
      await t.app.auth.grant(tx, m.id, decodeIntId(tree.village1, 'OrgUnit'), Role.MEMBER, null);
    }
    const analyst = await t.app.auth.createAccount(tx, {
      username: 'analyst-c',
      displayName: 'a',
      password: 'long-enough-password',
      memberId: null,
    });
    await t.app.auth.grant(tx, analyst.id, decodeIntId(tree.county, 'OrgUnit'), Role.ANALYST, null);
  });
});
afterAll(() => t?.close());

const AWAY = `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id status phone wechat } userErrors { code field message } } }`;
const CONTACT = `mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { record { status lastReachedOn } userErrors { code field } } }`;
const DECIDE = `mutation($i: RecordMobileDecisionInput!) { recordMobileDecision(input: $i) { record { status decisions { kind } } userErrors { code field message } } }`;
const STATUS = `query($id: ID!) { node(id: $id) { ... on MobileRecord { status lastReachedOn } } }`;
const records: string[] = [];

describe('records and the status rule', () => {
  test('going out: activity cards need their number; one open record per member; phones are masked for analysts', async () => {
    const noCard = await t.execute(AWAY, {
      i: {
        memberId: members[0],
        leftOn: plusMonths(today, -8),
        province: '广东省',
        city: '广州市',
        kind: 'ACTIVITY_CARD',
        reason: 'MIGRANT_WORK',
      },
    });
    expect(noCard.data.recordMemberAway.userErrors[0].field).toEqual(['input', 'cardNumber']);
    const notMobile = await t.execute(AWAY, {
      i: {
        memberId: members[0],
        leftOn: plusMonths(today, -8),
        province: '广东省',
        kind: 'RELATIONSHIP_TRANSFERRED',
        reason: 'MIGRANT_WORK',
        receivingUnitId: tree.village2,
      },
    });
    expect(notMobile.data.recordMemberAway.userErrors[0].field).toEqual(['input', 'receivingUnitId']);
    for (let i = 0; i < 4; i++) {
      const r = await t.execute(AWAY, {
        i: {
          memberId: members[i],
          leftOn: plusMonths(today, -8),
          province: '广东省',
          city: i < 2 ? '广州市' : '深圳市',
          kind: 'ACTIVITY_CARD',
          cardNumber: `LD00${i}`,
          reason: 'MIGRANT_WORK',
          receivingUnitId: i === 0 ? mobileBranch : null,
          phone: '13912345678',
          wechat: 'wx_abcdef',
        },
      });
      expect(r.data.recordMemberAway.userErrors).toEqual([]);
      records.push(r.data.recordMemberAway.record.id);
    }
    const twice = await t.execute(AWAY, {
      i: { memberId: members[0], leftOn: today, province: '广东省', kind: 'CERTIFICATE_LETTER', reason: 'BUSINESS' },
    });
    expect(twice.data.recordMemberAway.userErrors[0].code).toBe('CONFLICT');
    const masked = await (
      await t.as('analyst-c')
    )(`query($id: ID!) { node(id: $id) { ... on MobileRecord { phone wechat } } }`, { id: records[0] });
    expect(masked.data.node).toEqual({ phone: '139****5678', wechat: 'wx******f' });
    const full = await (
      await t.as('sec-v1')
    )(`query($id: ID!) { node(id: $id) { ... on MobileRecord { phone } } }`, { id: records[0] });
    expect(full.data.node.phone).toBe('13912345678');
  });

  test('no contact since leaving eight months ago: lost', async () => {
    expect((await t.execute(STATUS, { id: records[0] })).data.node).toEqual({ status: 'LOST', lastReachedOn: null });
  });

  test('exactly six months since the last successful contact is lost; a day less is only overdue; failed attempts do not count', async () => {
    await t.execute(CONTACT, {
      i: { recordId: records[0], contactedOn: plusMonths(today, -6), channel: 'PHONE', reached: true },
    });
    await t.execute(CONTACT, {
      i: { recordId: records[0], contactedOn: plusDays(today, -3), channel: 'PHONE', reached: false, note: '无人接听' },
    });
    expect((await t.execute(STATUS, { id: records[0] })).data.node).toEqual({
      status: 'LOST',
      lastReachedOn: plusMonths(today, -6),
    });
    await t.execute(CONTACT, {
      i: { recordId: records[1], contactedOn: plusDays(plusMonths(today, -6), 1), channel: 'WECHAT', reached: true },
    });
    expect((await t.execute(STATUS, { id: records[1] })).data.node.status).toBe('CONTACT_OVERDUE');
    await t.execute(CONTACT, {
      i: { recordId: records[2], contactedOn: plusDays(today, -5), channel: 'WECHAT', reached: true },
    });
    expect((await t.execute(STATUS, { id: records[2] })).data.node.status).toBe('IN_CONTACT');
    const future = await t.execute(CONTACT, {
      i: { recordId: records[2], contactedOn: plusDays(today, 1), channel: 'WECHAT', reached: true },
    });
    expect(future.data.logMobileContact.userErrors[0].field).toEqual(['input', 'contactedOn']);
  });
});

describe("decisions are people's, recorded only as the rules allow", () => {
  const decide = (i: number, kind: string, extra: object = {}) =>
    t.execute(DECIDE, {
      i: {
        recordId: records[i],
        kind,
        meetingOn: plusDays(today, -2),
        approvedOn: plusDays(today, -1),
        approvingUnitId: tree.township,
        ...extra,
      },
    });

  test('proposals list who is eligible, with the evidence; nothing has changed yet', async () => {
    const r = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { mobileMemberProposals { kind since record { member { name } contacts { contactedOn reached } } } } } }`,
      { u: tree.village1 },
    );
    const proposals = r.data.node.mobileMemberProposals;
    expect(proposals.map((p: any) => [p.kind, p.record.member.name])).toEqual([
      ['SUSPEND', '外出党员0'],
      ['SUSPEND', '外出党员3'],
    ]);
    expect(proposals[0].record.contacts).toEqual([
      { contactedOn: plusMonths(today, -6), reached: true },
      { contactedOn: plusDays(today, -3), reached: false },
    ]);
    expect((await t.execute(STATUS, { id: records[0] })).data.node.status).toBe('LOST');
  });

  test('suspension only for a lost member, approved above the branch', async () => {
    expect((await decide(1, 'SUSPEND')).data.recordMobileDecision.userErrors[0]).toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringContaining('CONTACT_OVERDUE'),
    });
    expect(
      (await decide(0, 'SUSPEND', { approvingUnitId: tree.village1 })).data.recordMobileDecision.userErrors[0].field,
    ).toEqual(['input', 'approvingUnitId']);
    expect(
      (await decide(0, 'SUSPEND', { meetingOn: plusDays(today, 1) })).data.recordMobileDecision.userErrors[0].field,
    ).toEqual(['input', 'approvedOn']);
    const ok = await decide(0, 'SUSPEND');
    expect(ok.data.recordMobileDecision.record).toEqual({ status: 'SUSPENDED', decisions: [{ kind: 'SUSPEND' }] });
  });

  test('removal only after the suspension period; then the member departs as self-withdrawn', async () => {
    expect((await decide(0, 'REMOVE')).data.recordMobileDecision.userErrors[0].message).toContain('24 months');
    await t.app.db.query(`UPDATE mm_decision SET approved_on = $1, meeting_on = $1 WHERE record_id = $2`, [
      plusMonths(today, -24),
      decodeIntId(records[0], 'MobileRecord'),
    ]);
    const proposals = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { mobileMemberProposals { kind record { id } } } } }`,
      { u: tree.village1 },
    );
    expect(proposals.data.node.mobileMemberProposals).toContainEqual({ kind: 'REMOVE', record: { id: records[0] } });
    const r = await decide(0, 'REMOVE');
    expect(r.data.recordMobileDecision.record.status).toBe('REMOVED');
    const m = await t.execute(
      `query($id: ID!) { node(id: $id) { ... on Member { status departureReason departedOn } } }`,
      { id: members[0] },
    );
    expect(m.data.node).toEqual({
      status: 'DEPARTED',
      departureReason: 'SELF_WITHDRAWN',
      departedOn: plusDays(today, -1),
    });
  });

  test('restoration needs a successful contact after the suspension', async () => {
    await decide(3, 'SUSPEND');
    expect((await decide(3, 'RESTORE')).data.recordMobileDecision.userErrors[0].code).toBe('INVALID_STATE');
    await t.execute(CONTACT, {
      i: { recordId: records[3], contactedOn: today, channel: 'VISIT', reached: true, note: '本人回乡探亲，取得联系' },
    });
    expect((await decide(3, 'RESTORE')).data.recordMobileDecision.record.status).toBe('IN_CONTACT');
  });

  test('lost over three years: a concentrated contact effort is proposed first', async () => {
    await t.app.db.query(`UPDATE mm_record SET left_on = $1 WHERE id = $2`, [
      plusMonths(today, -40),
      decodeIntId(records[1], 'MobileRecord'),
    ]);
    await t.app.db.query(`DELETE FROM mm_contact WHERE record_id = $1`, [decodeIntId(records[1], 'MobileRecord')]);
    const r = await t.execute(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { mobileMemberProposals { kind record { id } } } } }`,
      { u: tree.village1 },
    );
    expect(
      r.data.node.mobileMemberProposals.filter((p: any) => p.record.id === records[1]).map((p: any) => p.kind),
    ).toEqual(['SUSPEND', 'CONCENTRATED_CONTACT']);
  });

  test('a secretary of another village cannot decide for this one', async () => {
    const other = await createUnit(t, {
      code: 'TC-V9',
      name: '北村党支部',
      kind: 'BRANCH',
      sector: 'RURAL',
      parentId: tree.stationB,
    });
    await t.app.db.transaction(async (tx) => {
      const a = await t.app.auth.createAccount(tx, {
        username: 'sec-v9',
        displayName: 's',
        password: 'long-enough-password',
        memberId: null,
      });
      await t.app.auth.grant(tx, a.id, decodeIntId(other, 'OrgUnit'), Role.SECRETARY, null);
    });
    const r = await (
      await t.as('sec-v9')
    )(DECIDE, {
      i: { recordId: records[1], kind: 'SUSPEND', meetingOn: today, approvedOn: today, approvingUnitId: tree.township },
    });
    expect(codeOf(r)).toBe('FORBIDDEN');
  });
});

describe('notices to members away', () => {
  test('a branch publishes; members away see it and mark it read; the branch sees who has not', async () => {
    const sec = await t.as('sec-v1');
    const p = await sec(
      `mutation($i: PublishMobileNoticeInput!) { publishMobileNotice(input: $i) { notice { id recipients readCount } userErrors { code } } }`,
      {
        i: {
          unitId: tree.village1,
          category: 'VILLAGE_AFFAIRS',
          title: '村集体经济收支公开',
          body: '本季度收支情况如下……',
        },
      },
    );
    expect(p.data.publishMobileNotice.notice).toMatchObject({ recipients: 3, readCount: 0 });
    const noticeId = p.data.publishMobileNotice.notice.id;
    // Member 0 was removed and is no longer a recipient; member 3 is away again after restoration.
    const member = await t.as('home-3');
    const mine = await member(`{ myMobileNotices { id title readByMe unread { name } } }`);
    expect(mine.data.myMobileNotices).toEqual([
      { id: noticeId, title: '村集体经济收支公开', readByMe: false, unread: null },
    ]);
    const read = await member(
      `mutation($n: ID!) { markMobileNoticeRead(input: { noticeId: $n }) { userErrors { code } } }`,
      { n: noticeId },
    );
    expect(read.data.markMobileNoticeRead.userErrors).toEqual([]);
    const branch = await sec(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { mobileNotices { readCount unread { name } } } } }`,
      { u: tree.village1 },
    );
    expect(branch.data.node.mobileNotices[0]).toEqual({
      readCount: 1,
      unread: [{ name: '外出党员1' }, { name: '外出党员2' }],
    });
    const notRecipient = await (
      await t.as('away-0')
    )(`mutation($n: ID!) { markMobileNoticeRead(input: { noticeId: $n }) { userErrors { code } } }`, { n: noticeId });
    expect(notRecipient.data.markMobileNoticeRead.userErrors[0].code).toBe('NOT_FOUND');
  });

  test('the mobile branch lists whom it hosts, from the tree and from elsewhere', async () => {
    await t.execute(`mutation($i: HostOutsideMemberInput!) { hostOutsideMember(input: $i) { userErrors { code } } }`, {
      i: {
        unitId: mobileBranch,
        name: '覃志强',
        homeOrgName: '外县某村党支部',
        phone: '13800001111',
        hostedSince: plusDays(today, -30),
      },
    });
    const r = await (
      await t.as('analyst-c')
    )(
      `query($u: ID!) { node(id: $u) { ... on OrgUnit { hostedMembers { member { name } } hostedOutsideMembers { name homeOrgName phone } } } }`,
      { u: mobileBranch },
    );
    expect(r.data.node).toEqual({
      hostedMembers: [{ member: { name: '外出党员0' } }],
      hostedOutsideMembers: [{ name: '覃志强', homeOrgName: '外县某村党支部', phone: '138****1111' }],
    });
  });
});

test('mobileStats for the county and every township: bounded statements, independent of size', async () => {
  const measure = async (seed: 'demo' | 'demo-x3') => {
    const x = await createTestApp({ seed });
    try {
      const r =
        await x.execute(`{ orgUnit(code: "JB01") { mobileStats(top: 3) { away lost lostShare suspended reachedLast90Days reportInsOverdue byProvince { place away share } byCity { place away } }
        children(kinds: [TOWNSHIP_COMMITTEE], first: 30) { nodes { mobileStats { away lost } } } } }`);
      expect((r.errors ?? []).filter((e) => e.extensions?.code !== 'MODULE_DISABLED')).toEqual([]);
      return { sql: r.sql, stats: r.data.orgUnit.mobileStats };
    } finally {
      await x.close();
    }
  };
  const small = await measure('demo');
  const large = await measure('demo-x3');
  expect(small.stats.away).toBeGreaterThan(50);
  expect(small.stats.byProvince[0].place).toBe('广东省');
  expect(small.stats.lost).toBeGreaterThan(0);
  expect(small.stats.suspended).toBe(1);
  expect(large.stats.away).toBeGreaterThan(small.stats.away * 2);
  expect(large.sql).toBe(small.sql);
  expect(small.sql).toBeLessThanOrEqual(8);
  // eslint-disable-next-line no-console
  console.info(
    `mobileStats: ${small.sql} statements for ${small.stats.away} members away; ${large.sql} for ${large.stats.away}`,
  );
});
