import { coreMessages, defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** The weekly reports' own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const WeeklyReason = defineReasons('weekly-reports', {
  NOT_A_MONDAY: '不是周一 — a week is named by its Monday',
  WEEK_NOT_BEGUN: '本周未开始 — a report is written during or after its week',
  TOO_FAR_AHEAD: '过早 — a plan prepared too many weeks ahead',
  NOT_AN_ISSUER: '不下发计划 — the unit does not issue weekly plans',
  NOT_A_REPORTER: '不上报周报 — the unit does not report weekly',
  NOT_FOR_THIS_UNIT: '不属于本单位 — a plan item, target or answer that is not this unit’s',
  PLAN_ISSUED: '计划已下发 — the plan is issued; its items are fixed',
  PLAN_NOT_ISSUED: '计划未下发 — the plan has not been issued yet',
  PLAN_EMPTY: '计划无事项 — a plan needs at least one item',
  ITEMS_UNANSWERED: '事项未答复 — every plan item is answered before a report is submitted',
  REPORT_EMPTY: '周报无内容 — the report says nothing',
  CONTRADICTORY: '内容矛盾 — "nothing this week" beside work done',
  WRONG_STATUS: '周报状态不符 — the report is not in the status this step needs',
  LEVEL_BY_LEVEL: '逐级上报 — only the unit a report went to returns or accepts it',
  NOT_ORGANISATIONAL_LIFE: '非组织生活事项 — only an item of organisational life is marked done by a meeting',
  ANSWERED_BY_UNIT: '本单位已答复 — the unit answered the item itself; a record does not overwrite its answer',
});
const R = { ...CoreReason, ...WeeklyReason };

export const WEEKLY_MESSAGES = defineMessages('weekly-reports', {
  notAnIssuer: {
    reason: R.NOT_AN_ISSUER,
    zh: '{unit}是{kind}；工作计划由乡镇、街道和工作站下发',
    en: '{unit} is a {kind}; plans are issued by townships, subdistricts and work stations',
  },
  notAMonday: {
    reason: R.NOT_A_MONDAY,
    zh: 'week 应为周一（每周以其周一命名）',
    en: 'week must be a Monday (weeks are named by their Monday)',
  },
  tooFarAhead: {
    reason: R.TOO_FAR_AHEAD,
    zh: '工作计划最多提前 {weeks} 周准备',
    en: 'plans can be prepared at most {weeks} weeks ahead',
  },
  planExists: {
    reason: R.DUPLICATE,
    zh: '{unit}已有 {week} 那一周的工作计划',
    en: '{unit} already has a plan for the week of {week}',
  },
  targetsUnder: {
    reason: R.NOT_FOR_THIS_UNIT,
    zh: '下发对象应是下发单位的直属下级',
    en: 'targets must be units directly under the issuer',
  },
  itemTitle: { reason: R.REQUIRED, zh: '事项需要标题', en: 'an item needs a title' },
  noSuchItem: { reason: R.NOT_FOUND, zh: '本计划中没有这个事项', en: 'no such item in this plan' },
  copyIntoStation: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '事项只能向下复制到工作站的计划中',
    en: "items are copied down into a work station's plan",
  },
  oneSourcePlan: { reason: R.NOT_FOUND, zh: '事项必须都来自同一份计划', en: 'items must all come from one plan' },
  fromOwnTownship: {
    reason: R.NOT_FOR_THIS_UNIT,
    zh: '事项只能从本工作站所属乡镇同一周的计划中复制',
    en: "items are copied from the plan of the station's own township for the same week",
  },
  planNotIssued: { reason: R.PLAN_NOT_ISSUED, zh: '那份计划尚未下发', en: 'that plan has not been issued yet' },
  itemNotForStation: {
    reason: R.NOT_FOR_THIS_UNIT,
    zh: '事项“{title}”不是下发给本工作站的',
    en: 'item "{title}" is not for this station',
  },
  planEmpty: {
    reason: R.PLAN_EMPTY,
    zh: '计划至少要有一个事项才能下发',
    en: 'a plan needs at least one item before it is issued',
  },
  planChanged: {
    reason: R.STALE_VERSION,
    zh: '计划已被修改（当前版本 {version}），请重新加载',
    en: 'the plan was changed meanwhile (version {version}); reload it',
  },
  planIssued: {
    reason: R.PLAN_ISSUED,
    zh: '计划已下发，事项不能再改',
    en: 'the plan has been issued; its items are fixed',
  },
  weekNotBegun: {
    reason: R.WEEK_NOT_BEGUN,
    zh: '{week} 那一周还没开始；周报在当周或之后填写',
    en: 'the week of {week} has not begun; a report is written during or after its week',
  },
  notAReporter: {
    reason: R.NOT_A_REPORTER,
    zh: '{unit}不报周报：周报由工作站及其下的村、社区党支部上报',
    en: '{unit} does not report weekly: reports come from work stations and the village and community branches under them',
  },
  reportExists: {
    reason: R.DUPLICATE,
    zh: '{unit}已有 {week} 那一周的周报',
    en: '{unit} already has a report for the week of {week}',
  },
  itemNotInPlan: {
    reason: R.NOT_FOR_THIS_UNIT,
    zh: '这个事项不在本周报所答复的计划中',
    en: 'this item is not in the plan this report answers',
  },
  itemNotForBranch: {
    reason: R.NOT_FOR_THIS_UNIT,
    zh: '这个事项不在{unit}本周所答复的计划中',
    en: 'this item is not in a plan {unit} answers',
  },
  itemNotOrgLife: {
    reason: R.NOT_ORGANISATIONAL_LIFE,
    zh: '只有“组织生活”类事项可由会议记录标为完成',
    en: 'only an item of organisational life is marked done by a meeting',
  },
  recordBeforeWeek: {
    reason: CoreReason.NOT_BEFORE,
    zh: '{day} 早于该事项所在计划的一周（{week} 起）',
    en: '{day} is before the week of the item’s plan (from {week})',
  },
  answeredByUnit: {
    reason: R.ANSWERED_BY_UNIT,
    zh: '{unit}已在{week} 那一周的周报中自行答复“{item}”，会议记录不覆盖该答复；如需改动，请在周报中修改',
    en: '{unit} has answered “{item}” itself in its report for the week of {week}: a meeting record does not overwrite that answer; change it in the report',
  },
  answerInSentReport: {
    reason: R.WRONG_STATUS,
    zh: '{unit}{week} 那一周的周报已上报，其中“{item}”的答复不能随会议更正而改动；请上级先退回周报',
    en: 'the report of {unit} for the week of {week} has been sent up: its answer to “{item}” cannot follow the correction; have the report returned first',
  },
  reportAlreadySent: {
    reason: R.WRONG_STATUS,
    zh: '{unit}{week} 那一周的周报已上报，请在周报中答复该事项',
    en: 'the report of {unit} for the week of {week} has been sent up: answer the item there',
  },
  answeredOnce: { reason: R.DUPLICATE, zh: '每个事项只答复一次', en: 'each item is answered once' },
  problemText: { reason: R.REQUIRED, zh: '问题需要描述', en: 'a problem needs a description' },
  noWorkReason: {
    reason: R.REQUIRED,
    zh: '请说明本周为何没有工作，或不填 noWorkReason',
    en: 'say why nothing was done this week, or leave noWorkReason out',
  },
  contradictory: {
    reason: R.CONTRADICTORY,
    zh: '“本周无工作”与周报中写明的工作（其他工作，或已完成、部分完成的事项）矛盾：请去掉其中之一',
    en: '"nothing this week" contradicts the work this report states (other work, or an item done or partly done): remove one or the other',
  },
  unanswered: {
    reason: R.ITEMS_UNANSWERED,
    zh: '请先答复计划的每个事项；未答复：{items}',
    en: 'answer every plan item first; unanswered: {items}',
  },
  reportEmpty: {
    reason: R.REPORT_EMPTY,
    zh: '周报没有内容：请写明本周完成的工作（已完成或部分完成的事项，或其他工作），或填写“本周无工作”及原因（noWorkReason）',
    en: 'the report says nothing: state the work done this week (an item done or partly done, or other work), or "nothing this week" with a reason (noWorkReason)',
  },
  returnReason: { reason: R.REQUIRED, zh: '请说明退回的原因', en: 'say why the report is returned' },
  reportChanged: {
    reason: R.STALE_VERSION,
    zh: '周报已被修改（当前版本 {version}），请重新加载',
    en: 'the report was changed meanwhile (version {version}); reload it',
  },
  onlyDraftChanged: {
    reason: R.WRONG_STATUS,
    zh: '只有草稿（或被退回的周报）可以修改',
    en: 'only a draft (or a returned report) can be changed',
  },
  alreadySubmitted: {
    reason: R.WRONG_STATUS,
    zh: '周报已{status}',
    en: 'the report is already {status}',
  },
  onlySubmittedReturned: {
    reason: R.WRONG_STATUS,
    zh: '只有已上报的周报可以退回',
    en: 'only a submitted report can be returned',
  },
  onlySubmittedAccepted: {
    reason: R.WRONG_STATUS,
    zh: '只有已上报的周报可以接收',
    en: 'only a submitted report can be accepted',
  },
  levelByLevel: {
    reason: R.LEVEL_BY_LEVEL,
    zh: '周报逐级上报：只有该周报当周报送的{unit}才能退回或接收；你的角色不在{unit}本身',
    en: 'Reports go up level by level (逐级上报): only {unit}, the unit this report went to that week, returns or accepts it; your role is not on {unit} itself',
  },
  noUnitAbove: {
    reason: R.NOT_FOUND,
    zh: '这份周报没有可报送的上级单位',
    en: 'this report has no unit above it to go to',
  },
  notAPlanItem: { reason: R.WRONG_ID, zh: '不是计划事项的编号', en: 'not the id of a plan item' },
  notAProblem: { reason: R.WRONG_ID, zh: '不是周报问题的编号', en: 'not the id of a report problem' },
  problemOnIssueList: {
    reason: R.DUPLICATE,
    zh: '这个问题已在问题清单上',
    en: 'this problem is already on the issue list',
  },
  fromAfterTo: { reason: R.NOT_BEFORE, zh: 'from 不能晚于 to', en: 'from must not be after to' },
  tooManyWeeks: {
    reason: R.OUT_OF_RANGE,
    zh: '一次最多查 {max} 周',
    en: 'at most {max} weeks at a time',
  },
});

export const WEEKLY_LABELS = {
  plan: l('工作计划', 'plan'),
  report: l('周报', 'report'),
  item: l('工作事项', 'plan item'),
  problem: l('问题', 'problem'),
  accepted: l('接收', 'accepted'),
  submitted: l('上报', 'submitted'),
};

export { coreMessages };

/** Reminder texts (services/reminders.ts). */
export const WEEKLY_REMINDERS = defineMessages('weekly-reports', {
  remindPlanNotIssued: {
    reason: CoreReason.REMINDER,
    zh: '{unit}尚未下发 {week} 那一周的工作计划（截止 {day}）',
    en: '{unit} has not issued its plan for the week of {week} (due {day})',
  },
  remindReportNotSubmitted: {
    reason: CoreReason.REMINDER,
    zh: '{unit}尚未上报 {week} 那一周的周报（截止 {day}）',
    en: '{unit} has not submitted its report for the week of {week} (due {day})',
  },
});
