/**
 * The tabs a first-time visitor sees: the questions county analysts ask most, one or more per module.
 * Each opens with its Chinese title and the question it answers. Periods are counted back from the
 * day the server reports (`/ide/about.json`, the server's clock), never written into the query, so
 * they always cover the demo data, which the seed dates back from the day it was loaded.
 */
export interface Example {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** A business day `n` days after `day` (calendar arithmetic on YYYY-MM-DD, not a reading of the clock). */
export function plusDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return plusDays(day, -((weekday + 6) % 7));
}

const example = (title: string, question: string, body: string, variables?: Record<string, unknown>): Example => ({
  title,
  query: `# ${title}\n# ${question}\n${body.trim()}\n`,
  variables,
});

export function examples(today: string): Example[] {
  const thisMonday = mondayOf(today);
  // The twelve whole weeks before this one: the weekly figures start on a Monday, so no week is cut.
  const twelveWeeks = { from: plusDays(thisMonday, -84), to: plusDays(thisMonday, -1) };
  const ninetyDays = { from: plusDays(today, -90), to: today };
  const twelveMonths = { from: plusDays(today, -365), to: today };
  const year = Number(today.slice(0, 4));
  return [
    example(
      '县级党员概况 — a county at a glance',
      '全县有多少党员，老龄化程度如何，各乡镇各有多少？ (Press ▶ to run; "表格"/"图表" below the answer.)',
      `
query CountyOverview {
  orgUnit(code: "JB01") {
    name
    memberStats { total probationary female averageAge shareAged60AndOver shareAged35AndUnder }
    children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 20) {
      nodes { name kind memberStats { total averageAge shareAged60AndOver shareAged35AndUnder } }
    }
  }
}`,
    ),
    example(
      '县 → 镇 → 工作站 → 村 — drill-down',
      '每个村有多少党员、平均年龄多大、都是谁？',
      `
query Drilldown {
  orgUnit(code: "JB01") {
    name
    memberStats { total shareAged60AndOver }
    children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 20) {
      nodes {
        name
        memberStats { total shareAged60AndOver }
        children(kinds: [WORK_STATION], first: 10) {
          nodes {
            name
            children(kinds: [BRANCH], first: 10) {
              nodes {
                name
                memberStats { total averageAge shareAged60AndOver }
                members(first: 10) { nodes { name gender age category holdsPost } }
              }
            }
          }
        }
      }
    }
  }
}`,
    ),
    example(
      '书记空缺与换届提醒 — vacancies and terms ending',
      '哪些支部没有书记，哪些任期在半年内届满？',
      `
query Vacancies($endingBefore: Date!) {
  orgUnit(code: "JB01") {
    name
    vacancies(first: 50) { totalCount nodes { name kind parent { name } } }
    termsEnding(endingBefore: $endingBefore, first: 50) {
      totalCount
      nodes { role holderName termEnd termStatus unit { name } }
    }
  }
}`,
      { endingBefore: plusDays(today, 182) },
    ),
    example(
      '党员队伍：停止党籍、预备期满与职务空缺 — standing',
      '预备期已满未转正的有谁，各类单位缺哪些职务？',
      `
query Standing {
  orgUnit(code: "JB01") {
    name
    memberStats { total full probationary suspended probationOverdue }
    probationDue(first: 20) { totalCount nodes { name probationDueOn probationOverdue branch { name } } }
    vacancyCounts { unitKind role units vacant }
  }
}`,
    ),
    example(
      '两下两上：按周上报率 — weekly reports by week',
      '近 12 周各周按时上报率是多少，哪个乡镇未报最多？（两下两上模块）',
      `
query WeeklyReporting($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    reportingRate(from: $from, to: $to) {
      expected submitted onTime missing returned awaitingReview onTimeRate
      byWeek { week dueOn expected submitted onTime missing onTimeRate }
    }
    planIssuingRate(from: $from, to: $to) { expected issued onTime late missing }
    planCompletion(from: $from, to: $to) { doneShare notDoneShare }
    # The demo switches the module on for the townships, not for the subdistricts.
    children(kinds: [TOWNSHIP_COMMITTEE], first: 20) {
      nodes { name reportingRate(from: $from, to: $to) { expected onTime missing onTimeRate } }
    }
  }
}`,
      twelveWeeks,
    ),
    example(
      '问题清单：分级解决与随机督导 — issue lists',
      '近 90 天登记、办结、销号多少，各级解决了多少，督导覆盖了几成村？（问题清单模块）',
      `
query IssueLevels($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    issueStats(from: $from, to: $to) {
      raised resolved closed awaitingConfirmation overdueNow medianDaysToClose
      resolvedByLevel { level closed awaitingConfirmation share }
    }
    inspectionCoverage(from: $from, to: $to) {
      inspections townships townshipsInspected villages villagesInspected villageCoverage villagesUnderKeyRectification
    }
    # The demo switches the module on for the townships, not for the subdistricts.
    children(kinds: [TOWNSHIP_COMMITTEE], first: 20) {
      nodes { name issueStats(from: $from, to: $to) { raised resolved closed overdueNow } }
    }
  }
}`,
      ninetyDays,
    ),
    example(
      '创星晋级：排名、未评定与示范星 — star rating',
      '今年党员星级怎么分布，谁排在前面，去年哪些支部可推示范星？（创星晋级模块）',
      `
query Stars($year: Int!, $lastYear: Int!) {
  orgUnit(code: "JB01") {
    name
    starDistribution(subjectType: MEMBER, year: $year) { grade count }
    starRanking(subjectType: MEMBER, year: $year, first: 20) {
      total notRated entries { position score grade vetoed subject { ... on Member { name } } }
    }
    modelStarCandidates(subjectType: BRANCH, year: $lastYear) {
      position grade memberShare reasons subject { name } modelStar { note confirmedOn }
    }
  }
}`,
      { year, lastYear: year - 1 },
    ),
    example(
      '四议两公开：公开按时率、议事与意见 — village affairs',
      '近一年村务按时公开了多少，议事办结几成，群众意见答复如何？（村务公开模块）',
      `
query VillageAffairs($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    disclosureCompliance(from: $from, to: $to) {
      due onTime late partial missing onTimeRate villagesWithMissing
      byCategory { title due onTime missing onTimeRate }
    }
    villageMatterStats(from: $from, to: $to) { proposed completed rejected completedShare awaiting { step count } }
    villageFeedbackStats(from: $from, to: $to) { received passedUp answeredAbove answeredOnTime unansweredOverdue }
  }
}`,
      twelveMonths,
    ),
    example(
      '三会一课：落实、出席与静默支部 — organisational life',
      '近一年三会一课按期开了多少，出席率如何，哪些支部已一个月没有组织生活，哪些党员半年未参加？（组织生活模块）',
      `
query OrgLife($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    meetingCompliance(from: $from, to: $to) { due held heldLate missing notYetEnded byKind { kind due held missing heldRate } }
    meetingAttendance(from: $from, to: $to) { present online excused absent rate }
    silentBranches { branch { name } lastMeetingOn days }
    membersNotTakingPart { member { name } lastTookPartOn flaggedFrom absences }
  }
}`,
      twelveMonths,
    ),
    example(
      '发展党员：各阶段人数、逾期与新党员结构 — member development',
      '全县入党申请人、积极分子、发展对象、预备党员各多少，哪些步骤逾期，今年新发展党员中35岁及以下占多少？（发展党员模块）',
      `
query MemberDevelopment($year: Int!) {
  orgUnit(code: "JB01") {
    name
    developmentPipeline { asOf stages { stage count } talksOverdue assessmentsOverdue approvalsOverdue }
    newMembers(year: $year) { total byAge { key count } bySex { key count } byEducation { key count } becameFull medianDaysToFullMembership }
  }
}`,
      { year },
    ),
    example(
      '党费：收缴率与连续欠交 — party dues',
      '近一年每月党费应交多少、实交多少，收缴率几成，哪些党员已连续六个月未交？（党费模块）',
      `
query PartyDues($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    duesCollection(from: $from, to: $to) {
      dueFen paidFen collectionRate
      months { month dueFen paidFen collectionRate membersInArrears }
    }
    duesArrears { member { name } branch { name } since months owedFen detail }
  }
}`,
      twelveMonths,
    ),
    example(
      '流动党员：去向、失联与按月情况 — mobile members',
      '外出党员去了哪里，失联多少，近一年每月外出、返回、联系各多少？（流动党员模块）',
      `
query MobileMembers($from: Date!, $to: Date!) {
  orgUnit(code: "JB01") {
    name
    mobileStats(top: 10) { asOf away lost lostShare searchDue reachedLast90Days reportInsOverdue byCity { place away share } }
    mobileMonths(from: $from, to: $to) { period { start } departures returns contacts contactsReached reportIns suspensions }
    mobileRecords(statuses: [LOST, SEARCH_DUE, CONTACT_OVERDUE], first: 20) {
      totalCount
      nodes { member { name } province city status lastReachedOn }
    }
  }
}`,
      twelveMonths,
    ),
    example(
      '模块启用情况 — modules switched on',
      '各乡镇启用了哪些模块，由谁决定？',
      `
query Modules {
  modules { name title }
  orgUnits(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 20) {
    nodes { name modules { module { name } enabled explicit decidedBy { name } } }
  }
}`,
    ),
  ];
}

/** GraphiQL's tabs: each example with its variables as JSON. */
export const tabsFor = (today: string) =>
  examples(today).map((e) => ({
    query: e.query,
    variables: e.variables ? JSON.stringify(e.variables, null, 2) : undefined,
  }));

/** What the browser's localStorage offers that this needs. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * GraphiQL keeps a visitor's tabs (localStorage `graphiql:tabState`) and opens the examples only on a
 * first visit: an example tab whose query is still the example's gets today's periods again.
 */
export function refreshStoredExamples(storage: KeyValueStore, today: string): void {
  const key = 'graphiql:tabState';
  try {
    const state = JSON.parse(storage.getItem(key) ?? 'null');
    if (!Array.isArray(state?.tabs)) return;
    const fresh = tabsFor(today);
    for (const tab of state.tabs) {
      const example = fresh.find((e) => e.query === tab.query);
      if (example) tab.variables = example.variables ?? null;
    }
    storage.setItem(key, JSON.stringify(state));
  } catch {
    // Unreadable: GraphiQL starts from the examples itself.
  }
}
