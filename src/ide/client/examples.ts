/** The tabs a first-time visitor sees: the questions analysts ask most. */
export const EXAMPLES = [
  {
    query: `# 基层 Jiceng — 县级党员概况 (a county at a glance)
# Press ▶ to run. Open "Docs" (top left) for every type and field.
query CountyOverview {
  orgUnits(kinds: [COUNTY_COMMITTEE], first: 5) {
    nodes {
      id
      name
      memberStats { total probationary female averageAge shareAged60AndOver shareAged35AndUnder }
      children(first: 20) {
        totalCount
        nodes { name kind memberStats { total shareAged60AndOver } }
      }
    }
  }
}
`,
  },
  {
    query: `# 县 → 镇 → 工作站 → 村 (county → townships → stations → villages, stats at each level)
query Drilldown {
  orgUnits(kinds: [COUNTY_COMMITTEE], first: 1) {
    nodes {
      name
      memberStats { total shareAged60AndOver }
      children(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 20) {
        nodes {
          name
          memberStats { total shareAged60AndOver }
          children(kinds: [WORK_STATION], first: 10) {
            nodes {
              name
              memberStats { total }
              children(kinds: [BRANCH], first: 10) {
                nodes {
                  name
                  memberStats { total averageAge }
                  members(first: 10) { nodes { name gender age category holdsPost } }
                }
              }
            }
          }
        }
      }
    }
  }
}
`,
  },
  {
    query: `# 书记空缺与换届提醒 (branches without a secretary; terms ending)
query Vacancies($endingBefore: Date = "2027-06-30") {
  orgUnits(kinds: [COUNTY_COMMITTEE], first: 1) {
    nodes {
      name
      vacancies(first: 20) { totalCount nodes { name parent { name } } }
      termsEnding(endingBefore: $endingBefore, first: 20) {
        totalCount
        nodes { role holderName termEnd termStatus unit { name } }
      }
    }
  }
}
`,
  },
  {
    query: `# 两下两上：上报率、下发率与未报单位 (weekly reports and plans: rates, who has not reported or issued)
# Needs the weekly-reports module, switched on for the unit (the demo switches it on for 临江县).
# A returned report counts as missing until resubmitted; deadlines follow the holiday calendar (dueOn).
query WeeklyReporting($from: Date = "2026-09-01", $to: Date = "2026-11-30") {
  orgUnit(code: "JB01") {
    name
    reportingRate(from: $from, to: $to) { expected submitted onTime missing returned awaitingReview onTimeRate byWeek { week dueOn onTimeRate } }
    planIssuingRate(from: $from, to: $to) { expected issued onTime late missing byWeek { week dueOn missing } }
    planCompletion(from: $from, to: $to) { doneShare notDoneShare }
    children(kinds: [TOWNSHIP_COMMITTEE], first: 20) {
      nodes { name reportingRate(from: $from, to: $to) { onTimeRate missing } planIssuingRate(from: $from, to: $to) { onTimeRate missing } }
    }
  }
}
`,
  },
  {
    query: `# 问题清单：分级解决与随机督导 (issue lists: solved by the level of the list; inspections)
# Needs the issue-lists module (the demo switches it on for 临江县). "closed" by level is the figure
# Qinzhou reports (crossed off, 销号); those awaiting confirmation are counted apart.
query IssueLevels($from: Date = "2026-08-28", $to: Date = "2026-11-25") {
  orgUnit(code: "JB01") {
    name
    issueStats(from: $from, to: $to) {
      raised resolved closed awaitingConfirmation overdueNow
      resolvedByLevel { level closed awaitingConfirmation share }
    }
    inspectionCoverage(from: $from, to: $to) {
      inspections townships townshipsInspected villages villagesInspected villageCoverage villagesUnderKeyRectification
    }
  }
}
`,
  },
  {
    query: `# 创星晋级：排名、未评定与示范星 (star rating: ranking, not rated, model stars)
# Needs the star-rating module. Ranked by grade, then score: a vetoed member never ranks above a
# starred one; members without a score book are not rated (notRated), never 0★.
query Stars($year: Int = 2026, $last: Int = 2025) {
  orgUnit(code: "JB01") {
    name
    starRanking(subjectType: MEMBER, year: $year, first: 10) {
      total notRated entries { position score grade vetoed subject { ... on Member { name } } }
    }
    starDistribution(subjectType: MEMBER, year: $year) { grade count }
    modelStarCandidates(subjectType: BRANCH, year: $last) {
      position grade memberShare reasons subject { name } modelStar { note confirmedOn }
    }
  }
}
`,
  },
  {
    query: `# 党员队伍：停止党籍、预备期满与职务空缺 (standing: suspended, probation due, vacancies)
# Suspended members are counted apart from full members; probation falls due a year after joining;
# a work station needs a head and a full-time staff member.
query Standing {
  orgUnit(code: "JB01") {
    name
    memberStats { total full probationary suspended probationOverdue }
    probationDue(first: 10) { totalCount nodes { name probationDueOn probationOverdue branch { name } } }
    vacancyCounts { unitKind role units vacant }
  }
}
`,
  },
  {
    query: `# 模块启用情况 (which modules each township has switched on)
query Modules {
  modules { name title }
  orgUnits(kinds: [TOWNSHIP_COMMITTEE, SUBDISTRICT_COMMITTEE], first: 20) {
    nodes { name modules { module { name } enabled explicit decidedBy { name } } }
  }
}
`,
  },
];
