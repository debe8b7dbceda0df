import { mondayOf } from '../../modules/weekly-reports/services/weeks';
import { plusDays } from '../../src/calendar';
import { enableModule, reopenHistory } from './helpers';
import type { TestApp } from './test-app';
import { createUnit, smallCounty } from './tree';

/**
 * A county of its own for one test, and the module objects made in it through the API, shared by the
 * suites that send every mutation with a valid input (test/core/module-off, test/core/input-ids).
 */

export type Place = keyof Awaited<ReturnType<typeof smallCounty>> | 'mobileBranch';

export interface County {
  at: Record<Place, string>;
  prefix: string;
  today: string;
  monday: string;
}

export const userErrors = 'userErrors { code field message }';

/** The first day of the fixtures' history. */
const HISTORY_FROM = '2025-01-01';

/** The small county (`smallCounty`) and a mobile branch under the county, with `modules` on there. */
export async function county(t: TestApp, prefix: string, modules: readonly string[]): Promise<County> {
  const tree = await smallCounty(t, prefix);
  const mobileBranch = await createUnit(t, {
    code: `${prefix}C-M1`,
    name: '驻广州流动党支部',
    kind: 'BRANCH',
    sector: 'MOBILE',
    parentId: tree.county,
    establishedOn: '2015-01-01',
  });
  // The fixtures below record history (absences, last year's scores) in periods already closed, with
  // the modules on for all of it.
  await reopenHistory(t, tree.county, HISTORY_FROM);
  for (const m of modules) await enableModule(t, tree.county, m, true, HISTORY_FROM);
  return { at: { ...tree, mobileBranch }, prefix, today: t.today, monday: mondayOf(t.today) };
}

export const inspection = (w: County) => ({
  unitId: w.at.village3,
  byUnitId: w.at.township,
  inspectedOn: w.today,
  inspectors: ['组织委员'],
  unannounced: true,
  findings: [{ title: '三会一课记录不全', category: 'PARTY_BUILDING', deadline: plusDays(w.today, 14) }],
});

export const notice = (w: County) => ({
  unitId: w.at.village1,
  category: 'VILLAGE_AFFAIRS',
  title: '村集体经济收支公开',
  body: '本季度收支情况如下……',
});

/** This month's dues of 15.00 yuan paid in cash today, to village1. */
export const duesPaymentFacts = (w: County, memberId: string) => ({
  unitId: w.at.village1,
  memberId,
  month: w.today,
  amountFen: 1500,
  paidOn: w.today,
  channel: 'CASH',
});

export const year = (w: County) => Number(w.today.slice(0, 4));

/** The quarter that ended last before today (grades are fixed after a quarter's end). */
export function lastQuarter(w: County) {
  const q = Math.floor((Number(w.today.slice(5, 7)) - 1) / 3);
  return q === 0 ? { year: year(w) - 1, quarter: 4 } : { year: year(w), quarter: q };
}

/** Runs a fixture mutation (`$i`) that must succeed; returns its payload. */
export type Must = (query: string, input: object) => Promise<any>;

const issueStep = (name: string, type = 'IssueActionInput') =>
  `mutation($i: ${type}!) { ${name}(input: $i) { issue { id } ${userErrors} } }`;

/** The objects made in a county through the API, each by a fixture mutation run by `must`. */
export function countyFixtures(must: Must) {
  let people = 0;

  async function member(w: County, branch: Place = 'village1'): Promise<string> {
    const r = await must(
      `mutation($i: CreateMemberInput!) { createMember(input: $i) { member { id } ${userErrors} } }`,
      {
        name: `党员${++people}`,
        gender: 'MALE',
        birthDate: '1980-01-01',
        category: 'RURAL',
        joinedOn: '2005-01-01',
        fullMemberSince: '2006-01-01',
        branchId: w.at[branch],
      },
    );
    return r.member.id;
  }

  async function workPlan(w: County, at: Place, o: { issued?: boolean; category?: string } = {}) {
    const plan = (
      await must(
        `mutation($i: CreateWorkPlanInput!) { createWorkPlan(input: $i) { workPlan { id items { id } } ${userErrors} } }`,
        { unitId: w.at[at], week: w.monday, items: [{ title: '走访困难群众', category: o.category ?? 'SERVICE' }] },
      )
    ).workPlan;
    if (o.issued)
      await must(`mutation($i: IssueWorkPlanInput!) { issueWorkPlan(input: $i) { ${userErrors} } }`, {
        planId: plan.id,
      });
    return { id: plan.id as string, itemId: plan.items[0].id as string };
  }

  /** Village 1's report of this week (no plan to answer), saved, optionally with a problem, optionally submitted. */
  async function weeklyReport(w: County, o: { submitted?: boolean; problem?: boolean } = {}) {
    const id = (
      await must(
        `mutation($i: CreateWeeklyReportInput!) { createWeeklyReport(input: $i) { weeklyReport { id } ${userErrors} } }`,
        { unitId: w.at.village1, week: w.monday },
      )
    ).weeklyReport.id;
    const saved = await must(
      `mutation($i: SaveWeeklyReportInput!) { saveWeeklyReport(input: $i) { weeklyReport { problems { id } } ${userErrors} } }`,
      {
        reportId: id,
        answers: [],
        otherWork: ['协助医保征缴'],
        problems: o.problem ? [{ text: '路灯损坏', category: 'GOVERNANCE' }] : [],
      },
    );
    if (o.submitted)
      await must(`mutation($i: WeeklyReportActionInput!) { submitWeeklyReport(input: $i) { ${userErrors} } }`, {
        reportId: id,
      });
    return { id: id as string, problemId: saved.weeklyReport.problems[0]?.id as string };
  }

  /** An issue raised (and handled) at a unit, moved along to the status asked for. */
  async function issue(w: County, status: 'OPEN' | 'ASSIGNED' | 'IN_PROGRESS' | 'RESOLVED', at: Place = 'village1') {
    const id = (
      await must(issueStep('raiseIssue', 'RaiseIssueInput'), {
        title: '村道路灯损坏',
        category: 'INFRASTRUCTURE',
        source: 'VISIT_OR_PETITION',
        raisedUnitId: w.at[at],
        ...(status === 'OPEN' ? {} : { responsiblePerson: '王村主任' }),
      })
    ).issue.id as string;
    if (status === 'IN_PROGRESS' || status === 'RESOLVED') await must(issueStep('startIssue'), { issueId: id });
    if (status === 'RESOLVED') await must(issueStep('resolveIssue'), { issueId: id });
    return id;
  }

  /** A member of village 1 away since `leftOn` (a month ago by default); returns the member and the record. */
  async function away(w: County, leftOn = plusDays(w.today, -30)) {
    const memberId = await member(w);
    const r = await must(
      `mutation($i: RecordMemberAwayInput!) { recordMemberAway(input: $i) { record { id } ${userErrors} } }`,
      { memberId, leftOn, province: '广东省', kind: 'CERTIFICATE_LETTER', reason: 'MIGRANT_WORK' },
    );
    return { memberId, recordId: r.record.id as string };
  }

  async function matter(w: County): Promise<string> {
    return (
      await must(
        `mutation($i: ProposeVillageMatterInput!) { proposeVillageMatter(input: $i) { matter { id } ${userErrors} } }`,
        { unitId: w.at.village1, title: '修建村道', category: 'BEAUTIFUL_VILLAGE', proposedOn: w.today },
      )
    ).matter.id;
  }

  /** Feedback registered by village 1, or collected by a work station. */
  async function feedback(w: County, at: Place = 'village1'): Promise<string> {
    return (
      await must(
        `mutation($i: RegisterVillageFeedbackInput!) { registerVillageFeedback(input: $i) { feedback { id } ${userErrors} } }`,
        { unitId: w.at[at], receivedOn: w.today, channel: 'IN_PERSON', content: '村口路灯不亮' },
      )
    ).feedback.id;
  }

  /** A theme party day of village1 held today: its chair, minute-taker and one member present. */
  async function meetingFacts(w: County) {
    return {
      kind: 'THEME_DAY',
      heldOn: w.today,
      place: '村党群服务中心',
      topic: '重温入党誓词',
      chairedById: await member(w),
      minutesById: await member(w),
      attendance: [{ memberId: await member(w), status: 'PRESENT' }],
    };
  }

  /** A meeting of village1 recorded today. */
  async function meeting(w: County): Promise<string> {
    const r = await must(
      `mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } ${userErrors} } }`,
      { unitId: w.at.village1, ...(await meetingFacts(w)) },
    );
    return r.meeting.id;
  }

  /** An application to village1 (member development) of a woman born in 1995. */
  const application = (w: County, appliedOn = '2025-01-06') => ({
    unitId: w.at.village1,
    name: '申请人',
    gender: 'FEMALE',
    birthDate: '1995-05-05',
    category: 'RURAL',
    appliedOn,
  });

  /** A development target of village1, reviewed, trained and noticed: ready for the committee's pre-review. */
  async function developmentTarget(w: County): Promise<string> {
    const id = (
      await must(
        `mutation($i: RecordDevelopmentApplicationInput!) { recordDevelopmentApplication(input: $i) { record { id } ${userErrors} } }`,
        application(w),
      )
    ).record.id as string;
    const steps: [string, string, object?][] = [
      ['TALK', '2025-01-10'],
      ['ACTIVIST', '2025-01-15', { contacts: ['联系人甲', '联系人乙'] }],
      ['DEVELOPMENT_TARGET', '2026-01-20'],
      ['POLITICAL_REVIEW', '2026-01-22'],
      ['TRAINING', '2026-01-26', { trainingDays: 3 }],
      ['PUBLIC_NOTICE', '2026-02-06', { noticeFrom: '2026-02-02' }],
    ];
    for (const [step, decidedOn, extra] of steps)
      await must(
        `mutation($i: AdvanceDevelopmentInput!) { advanceDevelopment(input: $i) { record { id } ${userErrors} } }`,
        { recordId: id, step, decidedOn, ...extra },
      );
    return id;
  }

  /** A member of village1 whose dues are assessed from this month (pay of 3,000 yuan: 15.00 a month). */
  async function duesMember(w: County): Promise<string> {
    const memberId = await member(w);
    await must(
      `mutation($i: DeclareDuesIncomeInput!) { declareDuesIncome(input: $i) { declaration { id } ${userErrors} } }`,
      { unitId: w.at.village1, memberId, effectiveMonth: w.today, basis: 'SALARY', monthlyIncomeFen: 300000 },
    );
    return memberId;
  }

  /** A payment of this month's dues recorded by village1. */
  async function duesPayment(w: County): Promise<string> {
    const r = await must(
      `mutation($i: RecordDuesPaymentInput!) { recordDuesPayment(input: $i) { payment { id } ${userErrors} } }`,
      duesPaymentFacts(w, await duesMember(w)),
    );
    return r.payment.id;
  }

  return {
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
  };
}
