import type { QueryRunner } from 'typeorm';
import { Role } from '../../src/auth/roles';
import { plusDays } from '../../src/calendar';
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
import { accountWith, enableModule } from '../support/helpers';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 13, item 5: a module's mutation is refused with MODULE_DISABLED wherever its module is off,
 * by the core. For every mutation of every installed module, a valid input (built from objects made
 * while the module was on) is sent where the module is off: the answer is MODULE_DISABLED, no table
 * of any module changes, and the audit log holds the refusal. The same input is then accepted with
 * the module on, which proves the input valid and the check able to fail.
 *
 * Every test builds its own county, so no test depends on another.
 */

let t: TestApp;
type Exec = TestApp['execute'];

type World = County;

/** What a case sends: the input, and who sends it when not the test administrator. */
interface Sent {
  input: Record<string, unknown>;
  as?: Exec;
}

interface Case {
  /** Builds a valid input; runs while the module (and any port's module) is on. */
  send: (w: World) => Promise<Sent>;
  /** The unit the object belongs to: switched off alone, the rest of the county on. */
  own: Place;
  /** A unit the mutation moves or assigns the object to, besides its own. */
  reaches?: Place;
  /** Another module the mutation works through (its port); it must be on too. */
  port?: string;
}

let worlds = 0;

/** A county of its own for one test: township, two stations, three villages, a mobile branch. */
async function world(modules: string[]): Promise<World> {
  return county(t, `W${++worlds}`, modules);
}

/** Runs a fixture mutation (`$i`) that must succeed; returns its payload. */
async function must(query: string, input: object, as: Exec = t.execute): Promise<any> {
  const r = await as(query, { i: input });
  const payload: any = r.data && Object.values(r.data)[0];
  if (r.errors || payload?.userErrors?.length)
    throw new Error(`fixture ${query.slice(0, 60)}: ${JSON.stringify(r.errors ?? payload.userErrors)}`);
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

/** An account with one grant in this world; returns a way to send requests as it. */
async function account(w: World, name: string, role: Role, at: Place, memberId: string | null = null) {
  const username = `${w.prefix}-${name}`.toLowerCase();
  await accountWith(t, username, role, w.at[at], memberId);
  return t.as(username);
}

// ─── Fixtures, made through the API while the module is on ───────────────────────────────────────

const markKey = `mutation($i: KeyRectificationInput!) { markKeyRectification(input: $i) { ${userErrors} } }`;

/** The county's member scheme for this year; returns its criterion. */
async function starScheme(w: World): Promise<string> {
  const r = await must(
    `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { criteria { id } } ${userErrors} } }`,
    {
      unitId: w.at.county,
      year: year(w),
      subjectType: 'MEMBER',
      name: '先锋星',
      thresholds: [10, 20, 30, 40, 50],
      criteria: [{ code: 'B', title: '志愿服务', kind: 'REGULAR', points: 10 }],
    },
  );
  return r.scheme.criteria[0].id;
}

/** An entry for a member of village 1, recorded by its secretary (so the administrator may confirm it). */
async function starEntry(w: World, o: { confirmed?: boolean } = {}): Promise<string> {
  const criterionId = await starScheme(w);
  const subjectId = await member(w);
  const secretary = await account(w, 'sec', Role.SECRETARY, 'village1');
  const id = (
    await must(
      `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } ${userErrors} } }`,
      { subjectId, criterionId, occurredOn: w.today },
      secretary,
    )
  ).entry.id as string;
  if (o.confirmed)
    await must(`mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { ${userErrors} } }`, {
      entryId: id,
    });
  return id;
}

/**
 * Last year's score book of village 1, graded by schemes the county adopted for that year: the
 * branch at five stars and its one member at four, so the model-star rule (示范星) proposes the
 * branch. Recorded and confirmed in December of last year (the clock moved there and back).
 */
async function modelStarBranch(w: World): Promise<string> {
  const last = year(w) - 1;
  const now = t.clock.now();
  t.clock.set(`${last}-12-10`);
  try {
    const criterion = async (subjectType: string) =>
      (
        await must(
          `mutation($i: CreateStarSchemeInput!) { createStarScheme(input: $i) { scheme { criteria { id } } ${userErrors} } }`,
          {
            unitId: w.at.county,
            year: last,
            subjectType,
            name: '去年方案',
            thresholds: [10, 20, 30, 40, 50],
            criteria: [{ code: 'P', title: '三会一课', kind: 'REGULAR', points: 10, perQuantity: true }],
          },
        )
      ).scheme.criteria[0].id as string;
    const secretary = await account(w, 'msec', Role.SECRETARY, 'village1');
    const score = async (subjectId: string, criterionId: string, quantity: number) => {
      const id = (
        await must(
          `mutation($i: RecordStarEntryInput!) { recordStarEntry(input: $i) { entry { id } ${userErrors} } }`,
          { subjectId, criterionId, occurredOn: `${last}-12-10`, quantity },
          secretary,
        )
      ).entry.id;
      await must(`mutation($i: StarEntryActionInput!) { confirmStarEntry(input: $i) { ${userErrors} } }`, {
        entryId: id,
      });
    };
    await score(w.at.village1, await criterion('BRANCH'), 5);
    await score(await member(w), await criterion('MEMBER'), 4);
    return w.at.village1;
  } finally {
    t.clock.set(now);
  }
}

/** A member away and searched for (查找: two unsuccessful attempts on different days), so LOST in time. */
async function searchedFor(w: World, a: { recordId: string }): Promise<string> {
  for (const contactedOn of [plusDays(w.today, -100), plusDays(w.today, -99)])
    await must(`mutation($i: LogMobileContactInput!) { logMobileContact(input: $i) { ${userErrors} } }`, {
      recordId: a.recordId,
      contactedOn,
      channel: 'PHONE',
      reached: false,
    });
  return a.recordId;
}

// ─── The table: every mutation of every installed module, with a valid input ─────────────────────

const CASES: Record<string, Record<string, Case>> = {
  'weekly-reports': {
    createWorkPlan: {
      own: 'township',
      send: async (w) => ({
        input: {
          unitId: w.at.township,
          week: w.monday,
          items: [{ title: '召开支委会', category: 'ORGANISATIONAL_LIFE' }],
        },
      }),
    },
    addWorkPlanItems: {
      own: 'township',
      send: async (w) => ({
        input: { planId: (await workPlan(w, 'township')).id, items: [{ title: '整治环境', category: 'GOVERNANCE' }] },
      }),
    },
    removeWorkPlanItem: {
      own: 'township',
      send: async (w) => {
        const plan = await workPlan(w, 'township');
        return { input: { planId: plan.id, itemId: plan.itemId } };
      },
    },
    copyWorkPlanItems: {
      own: 'stationA',
      send: async (w) => {
        const from = await workPlan(w, 'township', { issued: true });
        const into = await workPlan(w, 'stationA');
        return { input: { planId: into.id, fromItemIds: [from.itemId] } };
      },
    },
    issueWorkPlan: {
      own: 'township',
      send: async (w) => ({ input: { planId: (await workPlan(w, 'township')).id } }),
    },
    createWeeklyReport: {
      own: 'village1',
      send: async (w) => ({ input: { unitId: w.at.village1, week: w.monday } }),
    },
    saveWeeklyReport: {
      own: 'village1',
      send: async (w) => ({
        input: { reportId: (await weeklyReport(w)).id, answers: [], otherWork: ['入户走访'], problems: [] },
      }),
    },
    submitWeeklyReport: {
      own: 'village1',
      send: async (w) => ({ input: { reportId: (await weeklyReport(w)).id } }),
    },
    // Returned and accepted by the station above the village, by its own staff (逐级上报: not a unit above it).
    returnWeeklyReport: {
      own: 'village1',
      send: async (w) => ({
        input: { reportId: (await weeklyReport(w, { submitted: true })).id, reason: '请补充说明' },
        as: await account(w, 'station-staff', Role.STATION_STAFF, 'stationA'),
      }),
    },
    acceptWeeklyReport: {
      own: 'village1',
      send: async (w) => ({
        input: { reportId: (await weeklyReport(w, { submitted: true })).id },
        as: await account(w, 'station-staff', Role.STATION_STAFF, 'stationA'),
      }),
    },
    raiseIssueFromProblem: {
      own: 'village1',
      port: 'issue-lists',
      send: async (w) => ({ input: { problemId: (await weeklyReport(w, { problem: true })).problemId } }),
    },
  },

  'issue-lists': {
    raiseIssue: {
      own: 'stationA',
      reaches: 'village1',
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
      own: 'stationA',
      reaches: 'village1',
      send: async (w) => ({
        input: {
          issueId: await issue(w, 'OPEN', 'stationA'),
          responsibleUnitId: w.at.village1,
          responsiblePerson: '李会计',
        },
      }),
    },
    startIssue: { own: 'village1', send: async (w) => ({ input: { issueId: await issue(w, 'ASSIGNED') } }) },
    resolveIssue: { own: 'village1', send: async (w) => ({ input: { issueId: await issue(w, 'IN_PROGRESS') } }) },
    // Raised and solved by the village: confirmed by the station above it.
    closeIssue: {
      own: 'village1',
      send: async (w) => ({ input: { issueId: await issue(w, 'RESOLVED'), note: '核实已修复' } }),
    },
    reopenIssue: {
      own: 'village1',
      send: async (w) => ({ input: { issueId: await issue(w, 'RESOLVED'), note: '还有两盏未修' } }),
    },
    escalateIssue: {
      own: 'village1',
      reaches: 'stationA',
      send: async (w) => ({ input: { issueId: await issue(w, 'OPEN'), reason: '需要工作站协调' } }),
    },
    deescalateIssue: {
      own: 'township',
      reaches: 'village1',
      send: async (w) => ({
        input: { issueId: await issue(w, 'OPEN', 'township'), toUnitId: w.at.village1, reason: '由村里牵头' },
      }),
    },
    // The township inspects village 3.
    recordInspection: { own: 'village3', send: async (w) => ({ input: inspection(w) }) },
    recordInspectionFeedback: {
      own: 'village3',
      send: async (w) => {
        const r = await must(
          `mutation($i: RecordInspectionInput!) { recordInspection(input: $i) { inspection { id } ${userErrors} } }`,
          inspection(w),
        );
        return { input: { inspectionId: r.inspection.id, feedback: '当面反馈', notice: '全镇通报' } };
      },
    },
    // Marked and unmarked by the station above the village.
    markKeyRectification: {
      own: 'village1',
      send: async (w) => ({ input: { unitId: w.at.village1, reason: '督导发现问题较多' } }),
    },
    unmarkKeyRectification: {
      own: 'village1',
      send: async (w) => {
        await must(markKey, { unitId: w.at.village1, reason: '督导发现问题较多' });
        return { input: { unitId: w.at.village1 } };
      },
    },
  },

  'star-rating': {
    createStarScheme: {
      own: 'township',
      send: async (w) => ({
        input: {
          unitId: w.at.township,
          year: year(w),
          subjectType: 'MEMBER',
          name: '镇先锋星',
          thresholds: [10, 20, 30, 40, 50],
          criteria: [{ code: 'A', title: '参加组织生活', kind: 'REGULAR', points: 4, perQuantity: true, cap: 20 }],
        },
      }),
    },
    recordStarEntry: {
      own: 'village1',
      send: async (w) => ({
        input: { subjectId: await member(w), criterionId: await starScheme(w), occurredOn: w.today },
      }),
    },
    // Confirmed by the station above the member's village.
    confirmStarEntry: { own: 'village1', send: async (w) => ({ input: { entryId: await starEntry(w) } }) },
    correctStarEntry: {
      own: 'village1',
      send: async (w) => ({ input: { entryId: await starEntry(w, { confirmed: true }), reason: '记错了对象' } }),
    },
    fixStarGrades: {
      own: 'township',
      send: async (w) => {
        await starScheme(w);
        await member(w);
        return { input: { unitId: w.at.township, subjectType: 'MEMBER', ...lastQuarter(w) } };
      },
    },
    // Confirmed by the county, after the year, for a branch the model-star rule proposes.
    confirmModelStar: {
      own: 'village1',
      send: async (w) => ({
        input: { subjectId: await modelStarBranch(w), year: year(w) - 1, note: '经县委综合评定，同意确认' },
      }),
    },
  },

  'mobile-members': {
    recordMemberAway: {
      own: 'village1',
      reaches: 'mobileBranch',
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
      own: 'village1',
      send: async (w) => ({
        input: { recordId: (await away(w)).recordId, contactedOn: w.today, channel: 'PHONE', reached: true },
      }),
    },
    logMobileReportIn: {
      own: 'village1',
      send: async (w) => ({
        input: {
          recordId: (await away(w)).recordId,
          reportedOn: w.today,
          channel: 'WECHAT',
          note: '参加了流入地支部活动',
        },
      }),
    },
    // Approved by the township: a member lost for months may be suspended.
    recordMobileDecision: {
      own: 'village1',
      send: async (w) => ({
        input: {
          recordId: await searchedFor(w, await away(w, plusDays(w.today, -330))),
          kind: 'SUSPEND',
          meetingOn: w.today,
          approvedOn: w.today,
          approvingUnitId: w.at.township,
        },
      }),
    },
    recordMemberReturned: {
      own: 'village1',
      send: async (w) => ({ input: { recordId: (await away(w)).recordId, returnedOn: w.today } }),
    },
    publishMobileNotice: {
      own: 'village1',
      send: async (w) => {
        await away(w);
        return { input: notice(w) };
      },
    },
    // Sent by the member who received the notice.
    markMobileNoticeRead: {
      own: 'village1',
      send: async (w) => {
        const { memberId } = await away(w);
        const sent = await must(
          `mutation($i: PublishMobileNoticeInput!) { publishMobileNotice(input: $i) { notice { id } ${userErrors} } }`,
          notice(w),
        );
        return {
          input: { noticeId: sent.notice.id },
          as: await account(w, 'away', Role.MEMBER, 'village1', memberId),
        };
      },
    },
    hostOutsideMember: {
      own: 'mobileBranch',
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
  },

  'village-affairs': {
    proposeVillageMatter: {
      own: 'village1',
      send: async (w) => ({
        input: { unitId: w.at.village1, title: '修建村道', category: 'BEAUTIFUL_VILLAGE', proposedOn: w.today },
      }),
    },
    recordMatterStep: {
      own: 'village1',
      send: async (w) => ({ input: { matterId: await matter(w), step: 'DELIBERATION', heldOn: w.today } }),
    },
    // Recorded by a member of the village's supervision committee (a VILLAGE_SUPERVISOR post), as that member.
    addSupervisionFinding: {
      own: 'village1',
      send: async (w) => {
        const memberId = await member(w);
        await must(`mutation($i: CreatePostInput!) { createPost(input: $i) { ${userErrors} } }`, {
          unitId: w.at.village1,
          memberId,
          role: 'VILLAGE_SUPERVISOR',
          termStart: plusDays(w.today, -30),
        });
        return {
          input: { matterId: await matter(w), step: 'PROPOSAL', text: '提议记录不全', recordedOn: w.today },
          as: await account(w, 'supervisor', Role.MEMBER, 'village1', memberId),
        };
      },
    },
    recordVillageDisclosure: {
      own: 'village1',
      send: async (w) => ({
        input: {
          unitId: w.at.village1,
          category: 'FINANCE',
          periodStart: plusDays(w.today, -30),
          periodEnd: plusDays(w.today, -1),
          publishedOn: w.today,
          channels: ['BOARD', 'WECHAT'],
          summary: '上月财务收支',
        },
      }),
    },
    setPowerList: {
      own: 'township',
      send: async (w) => ({
        input: {
          unitId: w.at.township,
          items: [{ category: 'VILLAGE_AFFAIRS', code: 'A1', title: '村级小额工程', procedure: 'ROUTINE' }],
        },
      }),
    },
    registerVillageFeedback: {
      own: 'village1',
      send: async (w) => ({
        input: { unitId: w.at.village1, receivedOn: w.today, channel: 'PHONE', content: '希望公开低保名单' },
      }),
    },
    replyToVillageFeedback: {
      own: 'village1',
      send: async (w) => ({
        input: { feedbackId: await feedback(w), reply: '已在公开栏张贴', repliedOn: w.today, replier: '村主任' },
      }),
    },
    raiseIssueFromFeedback: {
      own: 'village1',
      port: 'issue-lists',
      send: async (w) => ({ input: { feedbackId: await feedback(w) } }),
    },
    // An opinion a work station collected, passed up to its township (which must have the module on too).
    passVillageFeedbackUp: {
      own: 'stationA',
      reaches: 'township',
      send: async (w) => ({ input: { feedbackId: await feedback(w, 'stationA'), passedOn: w.today } }),
    },
  },
  'organisational-life': {
    recordMeeting: {
      own: 'village1',
      send: async (w) => ({ input: { unitId: w.at.village1, ...(await meetingFacts(w)) } }),
    },
    correctMeeting: {
      own: 'village1',
      send: async (w) => ({ input: { meetingId: await meeting(w), version: 1, ...(await meetingFacts(w)) } }),
    },
    cancelMeeting: {
      own: 'village1',
      send: async (w) => ({ input: { meetingId: await meeting(w), reason: '重复登记' } }),
    },
  },
  'member-development': {
    recordDevelopmentApplication: { own: 'village1', send: async (w) => ({ input: application(w) }) },
    // The committee above pre-reviews: the township must have the module on too.
    advanceDevelopment: {
      own: 'village1',
      reaches: 'township',
      send: async (w) => ({
        input: {
          recordId: await developmentTarget(w),
          step: 'PRE_REVIEW',
          decidedOn: w.today,
          decidingUnitId: w.at.township,
        },
      }),
    },
  },
  'party-dues': {
    declareDuesIncome: {
      own: 'village1',
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
    recordDuesPayment: {
      own: 'village1',
      send: async (w) => ({ input: duesPaymentFacts(w, await duesMember(w)) }),
    },
    correctDuesPayment: {
      own: 'village1',
      send: async (w) => {
        const { unitId: _unit, memberId: _member, ...facts } = duesPaymentFacts(w, '');
        return {
          input: { paymentId: await duesPayment(w), version: 1, ...facts, amountFen: 2000, reason: '金额录错' },
        };
      },
    },
    approveDuesReduction: {
      own: 'village1',
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
      own: 'village1',
      send: async (w) => ({
        input: { unitId: w.at.village1, fromMonth: w.today, toMonth: w.today, publishedOn: w.today },
      }),
    },
  },
};

// ─── Checks ───────────────────────────────────────────────────────────────────────────────────────

/** The tables each installed module's migrations create. */
let tables: string[] = [];

async function migrationTables(): Promise<string[]> {
  const sql: string[] = [];
  const q = { query: async (s: string) => void sql.push(s) } as unknown as QueryRunner;
  for (const m of t.app.registry.modules) for (const M of m.migrations) await new M().up(q);
  return sql.flatMap((s) => [...s.matchAll(/CREATE TABLE (\w+)/gi)].map((x) => x[1]));
}

/**
 * Per module table, its rows and the newest transaction that wrote one: an insert or an update leaves
 * a row version of a newer transaction, a delete one row fewer. Equal before and after means nothing
 * was written. (Cheaper than an md5 of every row, sorted, which grew with the counties made.)
 */
async function fingerprint(): Promise<Record<string, string>> {
  const digest = (x: string) => `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM ${x}) AS ${x}`;
  const [row] = await t.app.db.query(`SELECT ${tables.map(digest).join(', ')}`);
  return row;
}

/** The mutations a module contributes, as the schema and the registry say. */
const mutationsOf = (module: string) =>
  Object.keys(t.schema.getMutationType()!.getFields()).filter(
    (name) => t.app.registry.fieldOwner('Mutation', name) === module,
  );

function documentOf(name: string): string {
  const field = t.schema.getMutationType()!.getFields()[name];
  const input = field.args.find((a) => a.name === 'input');
  if (!input || field.args.length !== 1) throw new Error(`${name} does not take one input argument`);
  return `mutation($input: ${String(input.type)}) { ${name}(input: $input) { ${userErrors} } }`;
}

/** The mutation, sent where the module is off: MODULE_DISABLED, nothing written, the refusal audited. */
async function expectRefused(name: string, sent: Sent) {
  const before = await fingerprint();
  const r = await (sent.as ?? t.execute)(documentOf(name), { input: sent.input });
  const after = await fingerprint();
  const audited = await t.app.db.query(
    `SELECT operation, outcome, error_codes FROM audit_event WHERE request_id = $1 ORDER BY id`,
    [r.extensions?.requestId],
  );
  expect({
    mutation: name,
    codes: (r.errors ?? []).map((e) => e.extensions?.code),
    written: tables.filter((x) => before[x] !== after[x]),
    audited,
  }).toEqual({
    mutation: name,
    codes: ['MODULE_DISABLED'],
    written: [],
    audited: [{ operation: name, outcome: 'REJECTED', error_codes: ['MODULE_DISABLED'] }],
  });
}

/** The same mutation with the module on: accepted, so the input was valid and the refusal was the module's. */
async function expectAccepted(name: string, sent: Sent) {
  const r = await (sent.as ?? t.execute)(documentOf(name), { input: sent.input });
  expect({ mutation: name, errors: r.errors ?? [], userErrors: r.data?.[name]?.userErrors }).toEqual({
    mutation: name,
    errors: [],
    userErrors: [],
  });
  const [audited] = await t.app.db.query(`SELECT outcome FROM audit_event WHERE request_id = $1`, [
    r.extensions?.requestId,
  ]);
  expect(audited).toEqual({ outcome: 'OK' });
}

beforeAll(async () => {
  t = await createTestApp();
  tables = await migrationTables();
});
afterAll(() => t?.close());

test('the table covers exactly the installed modules, and fingerprints every table their migrations create', () => {
  expect(Object.keys(CASES).sort()).toEqual([...t.app.registry.names].sort());
  for (const m of t.app.registry.names) expect(mutationsOf(m).length).toBeGreaterThan(0);
  expect(tables.length).toBeGreaterThanOrEqual(t.app.registry.names.length);
});

describe.each(Object.entries(CASES))('%s', (module, cases) => {
  const entries = Object.entries(cases);
  const modulesFor = (c: Case) => [module, ...(c.port ? [c.port] : [])];

  test('every mutation the module contributes has an input in the table', () => {
    const contributed = mutationsOf(module);
    const missing = contributed.filter((name) => !(name in cases));
    const notOfThisModule = Object.keys(cases).filter((name) => !contributed.includes(name));
    expect({ missing, notOfThisModule }).toEqual({ missing: [], notOfThisModule: [] });
  });

  test.each(entries)('%s: off at the county, MODULE_DISABLED and nothing written; on, accepted', async (name, c) => {
    const w = await world(modulesFor(c));
    const sent = await c.send(w);
    await enableModule(t, w.at.county, module, false);
    await expectRefused(name, sent);
    await enableModule(t, w.at.county, module, true);
    await expectAccepted(name, sent);
  });

  test.each(entries.filter(([, c]) => c.own !== 'county'))(
    '%s: off only for the unit the object belongs to (the rest of the county on), MODULE_DISABLED',
    async (name, c) => {
      const w = await world(modulesFor(c));
      const sent = await c.send(w);
      await enableModule(t, w.at[c.own], module, false);
      await expectRefused(name, sent);
      await enableModule(t, w.at[c.own], module, null);
      await expectAccepted(name, sent);
    },
  );

  const reaching = entries.filter(([, c]) => c.reaches);
  if (reaching.length)
    test.each(reaching)('%s: off only where it would move or assign the object, MODULE_DISABLED', async (name, c) => {
      const w = await world(modulesFor(c));
      const sent = await c.send(w);
      await enableModule(t, w.at[c.reaches!], module, false);
      // The object's own unit stays on even when it lies under the unit switched off.
      await enableModule(t, w.at[c.own], module, true);
      await expectRefused(name, sent);
      await enableModule(t, w.at[c.reaches!], module, null);
      await expectAccepted(name, sent);
    });

  const throughPorts = entries.filter(([, c]) => c.port);
  if (throughPorts.length)
    test.each(throughPorts)(
      '%s: its own module on but the module it works through off, MODULE_DISABLED',
      async (name, c) => {
        const w = await world(modulesFor(c));
        const sent = await c.send(w);
        await enableModule(t, w.at.county, c.port!, false);
        await expectRefused(name, sent);
        await enableModule(t, w.at.county, c.port!, true);
        await expectAccepted(name, sent);
      },
    );
});
