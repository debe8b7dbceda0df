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
query Vacancies($before: Date = "2027-06-30") {
  orgUnits(kinds: [COUNTY_COMMITTEE], first: 1) {
    nodes {
      name
      vacancies(first: 20) { totalCount nodes { name parent { name } } }
      termsEnding(before: $before, first: 20) {
        totalCount
        nodes { role holderName termEnd termStatus unit { name } }
      }
    }
  }
}
`,
  },
  {
    query: `# 两下两上：上报率与未报单位 (weekly reports: reporting rate, who has not reported)
# Needs the weekly-reports module, switched on for the unit (the demo switches it on for 临江县).
query WeeklyReporting($from: Date = "2026-09-01", $to: Date = "2026-11-30") {
  orgUnit(code: "JB01") {
    name
    reportingRate(from: $from, to: $to) { expected submitted onTime missing onTimeRate byWeek { week onTimeRate } }
    planCompletion(from: $from, to: $to) { doneShare notDoneShare }
    children(kinds: [TOWNSHIP_COMMITTEE], first: 20) {
      nodes { name reportingRate(from: $from, to: $to) { onTimeRate missing } }
    }
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
