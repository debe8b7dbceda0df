import type { AddressInfo } from 'node:net';
import { getNullableType, isInputObjectType, isListType, isScalarType, type GraphQLInputType } from 'graphql';
import { Role } from '../../src/auth/roles';
import { plusDays } from '../../src/calendar';
import { decodeIntId, toGlobalId } from '../../src/graphql/global-id';
import { runReminderTick } from '../../src/reminders/scheduler';
import { createHttpServer } from '../../src/server';
import {
  county,
  type County,
  countyFixtures,
  duesPaymentFacts,
  inspection,
  lastQuarter,
  notice,
  type Place,
  userErrors,
  year,
} from '../support/county';
import { accountWith } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 14, item 3: every id in a mutation input is checked by the core against what the viewer may
 * see. The test reads every ID-typed field of every mutation input from the schema (core and every
 * installed module, nested input objects and lists included). For each one, a valid input is built
 * in the viewer's county and the same input in another county; the id at that one path is swapped
 * for the other county's object of the same type and sent over HTTP by the viewer (an administrator
 * of their county, or the member a receipt belongs to). Each must answer NOT_FOUND on that path and
 * nothing else, and the audit log must hold the refusal under the other county's units. Finally the
 * untouched input is accepted, which proves the input valid and the refusal the id's.
 *
 * A mutation or an id field without a prepared case fails the test by name.
 */

let t: TestApp;
let url: string;
let stop: () => Promise<void>;

interface World extends County {
  /** Path of the county, '/n/'. */
  countyPath: string;
  /** Access token of the county's administrator. */
  token: string;
}

/** A valid input built in a world (by the deployment administrator); sent by its admin unless `as` names an account. */
type Sent = {
  input: Record<string, unknown>;
  as?: string;
  /** Why this input, untouched, is not accepted as such (it names an optional object only to cover its path). */
  noControl?: string;
};
type Build = (w: World) => Promise<Sent>;

/** A case: one valid input, and more (`also`) for optional ids that cannot go together. */
interface Case {
  send: Build;
  also?: Build[];
}

// ─── HTTP ─────────────────────────────────────────────────────────────────────────────────────────

async function http(token: string | null, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[]; extensions?: { requestId?: string } };
}

async function signIn(username: string, password = 'long-enough-password'): Promise<string> {
  const r = await http(
    null,
    `mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken ${userErrors} } }`,
    { u: username, p: password },
  );
  if (!r.data?.login?.accessToken) throw new Error(`sign-in of ${username}: ${JSON.stringify(r)}`);
  return r.data.login.accessToken;
}

// ─── Worlds and fixtures (made in-process by the deployment administrator) ────────────────────────

let worlds = 0;

async function world(): Promise<World> {
  const prefix = `Q${++worlds}`;
  const c = await county(t, prefix, t.app.registry.names);
  const username = `${prefix}-admin`.toLowerCase();
  await accountWith(t, username, Role.ADMIN, c.at.county);
  const [{ path }] = await t.app.db.query(`SELECT path FROM org_unit WHERE code = $1`, [`${prefix}C`]);
  return { ...c, countyPath: path, token: await signIn(username) };
}

let shared: World | undefined;

/**
 * The other county, where the same inputs are built for their ids. One serves every case it can: a case
 * whose objects are one per unit and period (a week's report or plan, a year's scheme) that an earlier
 * case made there already gets a county of its own.
 */
async function theirWorld(builds: Build[]): Promise<{ theirs: World; other: Sent[] }> {
  const build = async (theirs: World) => {
    const other: Sent[] = [];
    for (const b of builds) other.push(await b(theirs));
    return { theirs, other };
  };
  shared ??= await world();
  try {
    return await build(shared);
  } catch (e) {
    if (!String(e).includes('"code":"CONFLICT"')) throw e;
    return build(await world());
  }
}

async function must(query: string, input: object): Promise<any> {
  const r = await t.execute(query, { i: input });
  const payload: any = r.data && Object.values(r.data)[0];
  if (r.errors || payload?.userErrors?.length)
    throw new Error(`fixture ${query.slice(0, 70)}: ${JSON.stringify(r.errors ?? payload.userErrors)}`);
  return payload;
}

const {
  member,
  workPlan,
  weeklyReport,
  issue,
  away,
  matter,
  feedback,
  meetingFacts,
  meeting,
  application,
  developmentTarget,
  duesMember,
  duesPayment,
} = countyFixtures(must);

let people = 0;

/** A probationary member (no full membership yet) whose year of probation has ended. */
async function probationer(w: World): Promise<string> {
  const r = await must(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`, {
    name: `预备党员${++people}`,
    gender: 'FEMALE',
    birthDate: '1995-05-01',
    category: 'RURAL',
    joinedOn: '2025-01-10',
    branchId: w.at.village1,
  });
  return r.member.id;
}

let accounts = 0;

/** An account with one grant in the world: its global id, its grant's global id, its username. */
async function account(w: World, role: Role, at: Place, memberId: string | null = null) {
  const username = `${w.prefix}-u${++accounts}`.toLowerCase();
  const id = await accountWith(t, username, role, w.at[at], memberId);
  const [grant] = await t.app.db.query(`SELECT id FROM access_grant WHERE account_id = $1`, [id]);
  return { id: toGlobalId('Account', id), grantId: toGlobalId('Grant', grant.id), username };
}

async function post(w: World): Promise<string> {
  const r = await must(`mutation($i: CreatePostInput!) { createPost(input: $i) { post { id } ${userErrors} } }`, {
    unitId: w.at.village1,
    memberId: await member(w),
    role: 'COMMITTEE_MEMBER',
    termStart: '2024-03-01',
  });
  return r.post.id;
}

/** An open reminder of the county's village 1: a probation falling due, raised by the reminder tick. */
async function reminder(w: World): Promise<string> {
  const r = await must(`mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`, {
    name: '预备党员',
    gender: 'MALE',
    birthDate: '1995-01-01',
    category: 'RURAL',
    joinedOn: plusDays(w.today, -350),
    branchId: w.at.village1,
  });
  await runReminderTick(t.app, ['PROBATION_DUE']);
  const [row] = await t.app.db.query(`SELECT id FROM reminder WHERE kind = 'PROBATION_DUE' AND subject_id = $1`, [
    r.member.id,
  ]);
  return toGlobalId('Reminder', row.id);
}

/** The county's member scheme for this year: its id and its criterion's. */
async function starScheme(w: World): Promise<{ id: string; criterionId: string }> {
  const r = await must(
    `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { id criteria { id } } ${userErrors} } }`,
    {
      unitId: w.at.county,
      year: year(w),
      subjectType: 'MEMBER',
      name: '先锋星',
      thresholds: [10, 20, 30, 40, 50],
      criteria: [{ code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 }],
    },
  );
  return { id: r.scheme.id, criterionId: r.scheme.criteria[0].id };
}

/** An entry recorded by the village's secretary (so that the administrator may confirm it). */
async function starEntry(w: World, o: { confirmed?: boolean } = {}): Promise<string> {
  const { criterionId } = await starScheme(w);
  const secretary = await t.as((await account(w, Role.SECRETARY, 'village1')).username);
  const r = await secretary(
    `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } ${userErrors} } }`,
    { i: { subjectId: await member(w), criterionId, occurredOn: w.today } },
  );
  if (r.errors || r.data.recordStarEntry.userErrors.length) throw new Error(`fixture star entry: ${JSON.stringify(r)}`);
  const id = r.data.recordStarEntry.entry.id as string;
  if (o.confirmed)
    await must(`mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { ${userErrors} } }`, {
      entryId: id,
    });
  return id;
}

async function searched(recordId: string, w: World): Promise<string> {
  for (const days of [-60, -30])
    await must(`mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { ${userErrors} } }`, {
      recordId,
      contactedOn: plusDays(w.today, days),
      channel: 'PHONE',
      reached: false,
    });
  return recordId;
}

async function disclosure(w: World): Promise<string> {
  return (
    await must(
      `mutation($i: RecordVillageDisclosureInput!) { recordVillageDisclosure(input: $i) { disclosure { id } ${userErrors} } }`,
      disclosureInput(w),
    )
  ).disclosure.id;
}

const disclosureInput = (w: World) => ({
  unitId: w.at.village1,
  category: 'FINANCE',
  periodStart: plusDays(w.today, -30),
  periodEnd: plusDays(w.today, -1),
  publishedOn: w.today,
  channels: ['BOARD', 'WECHAT'],
  summary: '上月财务收支',
});

/** A member of village 1 on its supervision committee, and the account linked to them. */
async function supervisor(w: World): Promise<string> {
  const memberId = await member(w);
  await must(`mutation($i: CreatePostInput!) { createPost(input: $i) { ${userErrors} } }`, {
    unitId: w.at.village1,
    memberId,
    role: 'VILLAGE_SUPERVISOR',
    termStart: '2024-03-01',
  });
  return (await account(w, Role.MEMBER, 'village1', memberId)).username;
}

/** A webhook on the township (its receiver is never reached: port 9, the discard port, is closed here). */
async function webhook(w: World): Promise<string> {
  return (
    await must(`mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { webhook { id } ${userErrors} } }`, {
      unitId: w.at.township,
      url: 'http://127.0.0.1:9/hook',
    })
  ).webhook.id;
}

/** A finished delivery of a township webhook (one to send again): owed by a change, marked failed. */
async function failedDelivery(w: World): Promise<string> {
  const hook = await webhook(w);
  await must(`mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { ${userErrors} } }`, {
    id: w.at.village1,
    contactPhone: '0755-12345678',
  });
  // An UPDATE … RETURNING answers [rows, count] through TypeORM.
  const [rows] = await t.app.db.query(
    `UPDATE webhook_delivery SET status = 'FAILED' WHERE webhook_id = $1 RETURNING id`,
    [decodeIntId(hook, 'Webhook')],
  );
  return toGlobalId('WebhookDelivery', rows[0].id);
}

const csv = (w: World) =>
  `姓名,性别,出生日期,党员类别,入党日期,转正日期,支部代码\n导入者,男,1980-05-01,农村,2005-01-01,2006-01-01,${w.prefix}C-V1\n`;

// ─── The table: every mutation with an id in its input ────────────────────────────────────────────

const CASES: Record<string, Case> = {
  // The core.
  createAccount: {
    send: async (w) => ({
      input: {
        username: `${w.prefix}-new-${++accounts}`.toLowerCase(),
        displayName: '新账号',
        password: 'long-enough-password',
        memberId: await member(w),
        grant: { role: 'MEMBER', unitId: w.at.village1 },
      },
    }),
  },
  grantRole: {
    send: async (w) => ({
      input: { accountId: (await account(w, Role.ANALYST, 'village1')).id, role: 'ANALYST', unitId: w.at.township },
    }),
  },
  revokeGrant: { send: async (w) => ({ input: { grantId: (await account(w, Role.ANALYST, 'township')).grantId } }) },
  registerWebhook: { send: async (w) => ({ input: { unitId: w.at.township, url: 'http://127.0.0.1:9/hook' } }) },
  pauseWebhook: { send: async (w) => ({ input: { webhookId: await webhook(w) } }) },
  resumeWebhook: { send: async (w) => ({ input: { webhookId: await webhook(w) } }) },
  deleteWebhook: { send: async (w) => ({ input: { webhookId: await webhook(w) } }) },
  redeliverWebhookDelivery: { send: async (w) => ({ input: { deliveryId: await failedDelivery(w) } }) },
  setAccountDisabled: {
    send: async (w) => ({ input: { accountId: (await account(w, Role.ANALYST, 'township')).id, disabled: true } }),
  },
  createOrgUnit: {
    send: async (w) => ({
      input: {
        code: `${w.prefix}C-V9`,
        name: '北村党支部',
        kind: 'BRANCH',
        sector: 'RURAL',
        parentId: w.at.stationB,
        establishedOn: '2001-01-01',
      },
    }),
  },
  updateOrgUnit: { send: async (w) => ({ input: { id: w.at.village2, name: '西村党支部（更名）' } }) },
  dissolveOrgUnit: { send: async (w) => ({ input: { id: w.at.village2, dissolvedOn: w.today } }) },
  moveOrgUnit: { send: async (w) => ({ input: { id: w.at.village2, newParentId: w.at.stationB } }) },
  createMember: {
    send: async (w) => ({
      input: {
        name: '新党员',
        gender: 'FEMALE',
        birthDate: '1990-02-03',
        category: 'RURAL',
        joinedOn: '2015-01-01',
        branchId: w.at.village1,
        partyGroupId: w.at.group,
      },
    }),
  },
  updateMember: { send: async (w) => ({ input: { id: await member(w), occupation: '农民' } }) },
  transferMember: {
    send: async (w) => ({
      input: { memberId: await member(w, 'village2'), toBranchId: w.at.village1, toPartyGroupId: w.at.group },
    }),
  },
  recordMemberDeparture: { send: async (w) => ({ input: { memberId: await member(w), reason: 'DECEASED' } }) },
  decideProbation: {
    send: async (w) => ({ input: { memberId: await probationer(w), decision: 'FULL_MEMBERSHIP', decidedOn: w.today } }),
  },
  importMembers: { send: async (w) => ({ input: { underId: w.at.county, csv: csv(w) } }) },
  createPost: {
    send: async (w) => ({
      input: { unitId: w.at.village1, memberId: await member(w), role: 'SECRETARY', termStart: '2024-03-01' },
    }),
  },
  endPost: { send: async (w) => ({ input: { id: await post(w) } }) },
  dismissReminder: { send: async (w) => ({ input: { id: await reminder(w) } }) },
  setModuleEnabled: {
    send: async (w) => ({ input: { unitId: w.at.township, module: 'star-rating', enabled: false } }),
  },
  reopenPeriods: {
    send: async (w) => ({
      input: { unitId: w.at.township, module: 'weekly-reports', from: '2026-09-07', reason: '补报九月周报' },
    }),
  },
  closeReopenedPeriods: {
    send: async (w) => ({ input: { unitId: w.at.county, module: 'weekly-reports' } }),
  },

  // weekly-reports
  createWorkPlan: {
    send: async (w) => ({
      input: {
        unitId: w.at.township,
        week: w.monday,
        items: [{ title: '召开支委会', category: 'ORGANISATIONAL_LIFE', targetIds: [w.at.stationA] }],
      },
    }),
  },
  addWorkPlanItems: {
    send: async (w) => ({
      input: {
        planId: (await workPlan(w, 'township')).id,
        items: [{ title: '整治环境', category: 'GOVERNANCE', targetIds: [w.at.stationB] }],
      },
    }),
  },
  removeWorkPlanItem: {
    send: async (w) => {
      const plan = await workPlan(w, 'township');
      return { input: { planId: plan.id, itemId: plan.itemId } };
    },
  },
  copyWorkPlanItems: {
    send: async (w) => {
      const from = await workPlan(w, 'township', { issued: true });
      const into = await workPlan(w, 'stationA');
      return { input: { planId: into.id, fromItemIds: [from.itemId] } };
    },
  },
  issueWorkPlan: { send: async (w) => ({ input: { planId: (await workPlan(w, 'township')).id } }) },
  createWeeklyReport: { send: async (w) => ({ input: { unitId: w.at.village1, week: w.monday } }) },
  saveWeeklyReport: {
    send: async (w) => {
      const plan = await workPlan(w, 'stationA', { issued: true });
      return {
        input: {
          reportId: (await weeklyReport(w)).id,
          answers: [{ itemId: plan.itemId, outcome: 'DONE' }],
          otherWork: ['入户走访'],
          problems: [],
        },
      };
    },
  },
  submitWeeklyReport: { send: async (w) => ({ input: { reportId: (await weeklyReport(w)).id } }) },
  // Returned and accepted by the station the report went to.
  returnWeeklyReport: {
    send: async (w) => ({
      input: { reportId: (await weeklyReport(w, { submitted: true })).id, reason: '请补充' },
      as: (await account(w, Role.STATION_STAFF, 'stationA')).username,
    }),
  },
  acceptWeeklyReport: {
    send: async (w) => ({
      input: { reportId: (await weeklyReport(w, { submitted: true })).id },
      as: (await account(w, Role.STATION_STAFF, 'stationA')).username,
    }),
  },
  raiseIssueFromProblem: {
    send: async (w) => ({ input: { problemId: (await weeklyReport(w, { problem: true })).problemId } }),
  },

  // issue-lists
  raiseIssue: {
    send: async (w) => ({
      input: {
        title: '饮水管道漏水',
        category: 'INFRASTRUCTURE',
        source: 'HOTLINE',
        raisedUnitId: w.at.stationA,
        responsibleUnitId: w.at.village1,
      },
    }),
  },
  assignIssue: {
    send: async (w) => ({
      input: {
        issueId: await issue(w, 'OPEN', 'stationA'),
        responsibleUnitId: w.at.village1,
        responsiblePerson: '李会计',
      },
    }),
  },
  startIssue: { send: async (w) => ({ input: { issueId: await issue(w, 'ASSIGNED') } }) },
  resolveIssue: { send: async (w) => ({ input: { issueId: await issue(w, 'IN_PROGRESS') } }) },
  closeIssue: { send: async (w) => ({ input: { issueId: await issue(w, 'RESOLVED'), note: '核实已修复' } }) },
  reopenIssue: { send: async (w) => ({ input: { issueId: await issue(w, 'RESOLVED'), note: '还有两盏未修' } }) },
  // toUnitId is not used by an escalation (the level above is taken), but it is an id and checked.
  escalateIssue: {
    send: async (w) => ({
      input: { issueId: await issue(w, 'OPEN'), reason: '需要工作站协调', toUnitId: w.at.stationA },
    }),
  },
  deescalateIssue: {
    send: async (w) => ({
      input: { issueId: await issue(w, 'OPEN', 'township'), toUnitId: w.at.village1, reason: '由村里牵头' },
    }),
  },
  recordInspection: { send: async (w) => ({ input: inspection(w) }) },
  recordInspectionFeedback: {
    send: async (w) => {
      const r = await must(
        `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id } ${userErrors} } }`,
        inspection(w),
      );
      return { input: { inspectionId: r.inspection.id, feedback: '当面反馈', notice: '全镇通报' } };
    },
  },
  markKeyRectification: { send: async (w) => ({ input: { unitId: w.at.village1, reason: '督导发现问题较多' } }) },
  unmarkKeyRectification: {
    send: async (w) => {
      await must(`mutation($i: KeyRectificationInput!) { markKeyRectification(input: $i) { ${userErrors} } }`, {
        unitId: w.at.village1,
        reason: '督导发现问题较多',
      });
      return { input: { unitId: w.at.village1 } };
    },
  },

  // star-rating
  createStarScheme: {
    send: async (w) => ({
      input: {
        unitId: w.at.township,
        year: year(w),
        subjectType: 'MEMBER',
        name: '镇先锋星',
        thresholds: [10, 20, 30, 40, 50],
        copyFromId: (await starScheme(w)).id,
      },
    }),
  },
  recordStarEntry: {
    send: async (w) => ({
      input: { subjectId: await member(w), criterionId: (await starScheme(w)).criterionId, occurredOn: w.today },
    }),
  },
  confirmStarEntry: { send: async (w) => ({ input: { entryId: await starEntry(w) } }) },
  correctStarEntry: {
    send: async (w) => ({ input: { entryId: await starEntry(w, { confirmed: true }), reason: '记错了对象' } }),
  },
  fixStarGrades: {
    send: async (w) => {
      await starScheme(w);
      await member(w);
      return { input: { unitId: w.at.township, subjectType: 'MEMBER', ...lastQuarter(w) } };
    },
  },
  confirmModelStar: {
    send: async (w) => ({
      input: { subjectId: w.at.village1, year: year(w) - 1, note: '各项工作走在全镇前列' },
      noControl: 'a new county has no graded year for the rule to propose a model star; the branch carries the id',
    }),
  },

  // mobile-members
  recordMemberAway: {
    send: async (w) => ({
      input: {
        memberId: await member(w),
        leftOn: plusDays(w.today, -7),
        province: '广东省',
        city: '广州市',
        kind: 'ACTIVITY_CARD',
        cardNumber: 'LD001',
        reason: 'MIGRANT_WORK',
        receivingUnitId: w.at.mobileBranch,
      },
    }),
  },
  logMobileContact: {
    send: async (w) => ({
      input: { recordId: (await away(w)).recordId, contactedOn: w.today, channel: 'PHONE', reached: true },
    }),
  },
  logMobileReportIn: {
    send: async (w) => ({
      input: { recordId: (await away(w)).recordId, reportedOn: w.today, channel: 'WECHAT', note: '参加了活动' },
    }),
  },
  // Suspension presupposes a search: two unsuccessful contact attempts on different days.
  recordMobileDecision: {
    send: async (w) => ({
      input: {
        recordId: await searched((await away(w, plusDays(w.today, -330))).recordId, w),
        kind: 'SUSPEND',
        meetingOn: w.today,
        approvedOn: w.today,
        approvingUnitId: w.at.township,
      },
    }),
  },
  recordMemberReturned: {
    send: async (w) => ({ input: { recordId: (await away(w)).recordId, returnedOn: w.today } }),
  },
  publishMobileNotice: {
    send: async (w) => {
      await away(w);
      return { input: notice(w) };
    },
  },
  // Sent by the member who received the notice.
  markMobileNoticeRead: {
    send: async (w) => {
      const { memberId } = await away(w);
      const sent = await must(
        `mutation($i: PublishMobileNoticeInput!) { publishMobileNotice(input: $i) { notice { id } ${userErrors} } }`,
        notice(w),
      );
      return {
        input: { noticeId: sent.notice.id },
        as: (await account(w, Role.MEMBER, 'village1', memberId)).username,
      };
    },
  },
  hostOutsideMember: {
    send: async (w) => ({
      input: {
        unitId: w.at.mobileBranch,
        name: '覃志强',
        homeOrgName: '外县某村党支部',
        phone: '13800001111',
        hostedSince: plusDays(w.today, -30),
      },
    }),
  },

  // village-affairs
  proposeVillageMatter: {
    send: async (w) => ({
      input: {
        unitId: w.at.village1,
        title: '修建村道',
        category: 'BEAUTIFUL_VILLAGE',
        proposedOn: w.today,
        reproposalOfId: await matter(w),
      },
      noControl: 'reproposalOfId must name a rejected matter; here it names one only to carry an id',
    }),
  },
  recordMatterStep: {
    send: async (w) => ({ input: { matterId: await matter(w), step: 'DELIBERATION', heldOn: w.today } }),
    also: [
      async (w) => ({
        input: {
          matterId: await matter(w),
          step: 'DELIBERATION',
          heldOn: w.today,
          excused: [{ memberId: await member(w), reason: 'OTHER', note: '外出' }],
        },
        noControl: 'members are excused from a review meeting, a later step; here one is named only to carry an id',
      }),
    ],
  },
  // Recorded by a member of the village's supervision committee.
  addSupervisionFinding: {
    send: async (w) => ({
      input: { matterId: await matter(w), step: 'PROPOSAL', text: '提议记录不全', recordedOn: w.today },
      as: await supervisor(w),
    }),
  },
  recordVillageDisclosure: { send: async (w) => ({ input: disclosureInput(w) }) },
  setPowerList: {
    send: async (w) => ({
      input: {
        unitId: w.at.township,
        items: [{ category: 'VILLAGE_AFFAIRS', code: 'A1', title: '村级小额工程', procedure: 'ROUTINE' }],
      },
    }),
  },
  // Feedback concerns a matter or a disclosure, not both.
  registerVillageFeedback: {
    send: async (w) => ({
      input: {
        unitId: w.at.village1,
        receivedOn: w.today,
        channel: 'PHONE',
        content: '希望公开低保名单',
        matterId: await matter(w),
      },
    }),
    also: [
      async (w) => ({
        input: {
          unitId: w.at.village1,
          receivedOn: w.today,
          channel: 'PHONE',
          content: '希望公开低保名单',
          disclosureId: await disclosure(w),
        },
      }),
    ],
  },
  // Feedback a station collected goes up to the township.
  passVillageFeedbackUp: {
    send: async (w) => ({ input: { feedbackId: await feedback(w, 'stationA'), passedOn: w.today } }),
  },
  replyToVillageFeedback: {
    send: async (w) => ({
      input: { feedbackId: await feedback(w), reply: '已在公开栏张贴', repliedOn: w.today, replier: '村主任' },
    }),
  },
  raiseIssueFromFeedback: { send: async (w) => ({ input: { feedbackId: await feedback(w) } }) },

  // organisational-life: chair, minute-taker and attendance are members of the branch.
  recordMeeting: {
    send: async (w) => ({ input: { unitId: w.at.village1, ...(await meetingFacts(w)) } }),
    // A theme day the station's plan asked of the village, marked done by the meeting.
    also: [
      async (w) => ({
        input: {
          unitId: w.at.village1,
          ...(await meetingFacts(w)),
          planItemId: (await workPlan(w, 'stationA', { issued: true, category: 'ORGANISATIONAL_LIFE' })).itemId,
        },
      }),
    ],
  },
  correctMeeting: {
    send: async (w) => ({ input: { meetingId: await meeting(w), version: 1, ...(await meetingFacts(w)) } }),
    // The plan item the corrected meeting did.
    also: [
      async (w) => ({
        input: {
          meetingId: await meeting(w),
          version: 1,
          ...(await meetingFacts(w)),
          planItemId: (await workPlan(w, 'stationA', { issued: true, category: 'ORGANISATIONAL_LIFE' })).itemId,
        },
      }),
    ],
  },
  cancelMeeting: { send: async (w) => ({ input: { meetingId: await meeting(w), reason: '重复登记' } }) },

  // member-development: the branch records the application; the committee above (the township) pre-reviews.
  recordDevelopmentApplication: { send: async (w) => ({ input: application(w) }) },
  advanceDevelopment: {
    send: async (w) => ({
      input: {
        recordId: await developmentTarget(w),
        step: 'PRE_REVIEW',
        decidedOn: w.today,
        decidingUnitId: w.at.township,
      },
    }),
  },
  // party-dues: the member is of the branch; a reduction names the committee above that approved it.
  declareDuesIncome: {
    send: async (w) => ({
      input: {
        unitId: w.at.village1,
        memberId: await member(w),
        effectiveMonth: w.today,
        basis: 'SALARY',
        monthlyIncomeFen: 300000,
      },
    }),
  },
  recordDuesPayment: { send: async (w) => ({ input: duesPaymentFacts(w, await duesMember(w)) }) },
  correctDuesPayment: {
    send: async (w) => {
      const { unitId: _unit, memberId: _member, ...facts } = duesPaymentFacts(w, '');
      return { input: { paymentId: await duesPayment(w), version: 1, ...facts, amountFen: 2000, reason: '金额录错' } };
    },
  },
  approveDuesReduction: {
    send: async (w) => ({
      input: {
        unitId: w.at.village1,
        memberId: await duesMember(w),
        committeeId: w.at.township,
        fromMonth: w.today,
        toMonth: w.today,
        monthlyFen: 0,
        reason: '因病生活困难',
        approvedOn: w.today,
      },
    }),
  },
  publishDuesDisclosure: {
    send: async (w) => ({
      input: { unitId: w.at.village1, fromMonth: w.today, toMonth: w.today, publishedOn: w.today },
    }),
  },
};

// ─── The schema's id fields ───────────────────────────────────────────────────────────────────────

/** Every path to a value of type ID under an input type; a list's items as index 0. */
function idPaths(type: GraphQLInputType, path: string[], seen: Set<string> = new Set()): string[][] {
  const t = getNullableType(type);
  if (isListType(t)) return idPaths(t.ofType, [...path, '0'], seen);
  if (isScalarType(t)) return t.name === 'ID' ? [path] : [];
  if (isInputObjectType(t)) {
    if (seen.has(t.name)) throw new Error(`input type ${t.name} contains itself; extend idPaths`);
    return Object.values(t.getFields()).flatMap((f) => idPaths(f.type, [...path, f.name], new Set([...seen, t.name])));
  }
  return [];
}

/** Mutation name → the paths of its ids, for every mutation that takes one. */
function mutationIdPaths(): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  for (const field of Object.values(t.schema.getMutationType()!.getFields())) {
    const paths = field.args.flatMap((a) => idPaths(a.type, [a.name]));
    if (paths.length) out[field.name] = paths;
  }
  return out;
}

const at = (value: unknown, path: string[]): unknown =>
  path.reduce<unknown>(
    (v, k) => (v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k]),
    value,
  );

function swapped(value: Record<string, unknown>, path: string[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const parent = at(copy, path.slice(0, -1)) as Record<string, unknown>;
  parent[path[path.length - 1]] = replacement;
  return copy;
}

function documentOf(name: string): string {
  const field = t.schema.getMutationType()!.getFields()[name];
  const input = field.args.find((a) => a.name === 'input')!;
  return `mutation($input: ${String(input.type)}) { ${name}(input: $input) { ${userErrors} } }`;
}

beforeAll(async () => {
  t = await createTestApp();
  const { httpServer, apollo } = await createHttpServer(t.app, t.schema);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  stop = () => apollo.stop();
});
afterAll(async () => {
  await stop?.();
  await t?.close();
});

test('every mutation that takes an id has a prepared case, and every case is such a mutation', () => {
  const withIds = Object.keys(mutationIdPaths()).sort();
  expect({
    withoutCase: withIds.filter((m) => !(m in CASES)),
    caseForNoSuchMutation: Object.keys(CASES).filter((m) => !withIds.includes(m)),
  }).toEqual({ withoutCase: [], caseForNoSuchMutation: [] });
  // Core and every installed module are in the table.
  expect(withIds.length).toBeGreaterThan(60);
});

describe.each(Object.keys(CASES).sort())('%s', (name) => {
  test('an id of another county, at each id path of the input, is refused as NOT_FOUND there and audited', async () => {
    const c = CASES[name];
    const builds = [c.send, ...(c.also ?? [])];
    const paths = mutationIdPaths()[name] ?? [];
    const ours = await world();
    const sent: Sent[] = [];
    for (const build of builds) sent.push(await build(ours));
    const { theirs, other } = await theirWorld(builds);
    const tokens = await Promise.all(sent.map((x) => (x.as ? signIn(x.as) : ours.token)));
    const holder = (path: string[]) => sent.findIndex((x) => at({ input: x.input }, path) !== undefined);
    // A path no input fills is a field nobody prepared an out-of-scope id for: fail by name.
    expect({ mutation: name, unprepared: paths.filter((p) => holder(p) < 0).map((p) => p.join('.')) }).toEqual({
      mutation: name,
      unprepared: [],
    });
    for (const path of paths) {
      const i = holder(path);
      const foreign = at({ input: other[i].input }, path);
      expect({ path, foreign: typeof foreign }).toEqual({ path, foreign: 'string' });
      const input = swapped({ input: sent[i].input }, path, foreign).input;
      const r = await http(tokens[i], documentOf(name), { input });
      const audited = await t.app.db.query(
        `SELECT operation, outcome, error_codes, unit_paths FROM audit_event WHERE request_id = $1`,
        [r.extensions?.requestId],
      );
      expect({
        mutation: name,
        path: path.join('.'),
        errors: r.errors ?? [],
        userErrors: r.data?.[name]?.userErrors,
        audited: audited.map((a: any) => ({
          operation: a.operation,
          outcome: a.outcome,
          error_codes: a.error_codes,
          underTheirCounty: a.unit_paths.some((p: string) => p.startsWith(theirs.countyPath)),
        })),
      }).toEqual({
        mutation: name,
        path: path.join('.'),
        errors: [],
        userErrors: [{ code: 'NOT_FOUND', field: path, message: expect.stringContaining('不存在') }],
        audited: [{ operation: name, outcome: 'REJECTED', error_codes: ['NOT_FOUND'], underTheirCounty: true }],
      });
    }
    // Each input as built is accepted: the viewer may do this, and only the other county's id was refused.
    for (const [i, x] of sent.entries()) {
      if (x.noControl) continue;
      const ok = await http(tokens[i], documentOf(name), { input: x.input });
      expect({ mutation: name, errors: ok.errors ?? [], userErrors: ok.data?.[name]?.userErrors }).toEqual({
        mutation: name,
        errors: [],
        userErrors: [],
      });
    }
  });
});
