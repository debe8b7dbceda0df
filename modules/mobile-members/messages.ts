import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** The mobile members' own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const MobileReason = defineReasons('mobile-members', {
  ALREADY_AWAY: '已登记外出 — the member is already recorded as away',
  NOT_AWAY: '已返回 — the member has returned',
  OUTSIDE_AWAY_PERIOD: '不在外出期间 — a date outside the time away',
  NOT_A_MOBILE_BRANCH: '非流动党员党支部 — the unit is not a mobile branch (sector MOBILE)',
  NOT_AN_APPROVER: '无审批权 — the approving unit is not a party committee above the branch with that authority',
  DECISION_NOT_DUE: '条件未满足 — the decision’s preconditions (search, time lost or suspended) are not met',
  NOT_LINKED: '未关联党员 — the account is not linked to a member',
  NOBODY_AWAY: '无外出党员 — no member of the branch is away',
});
const R = { ...CoreReason, ...MobileReason };

export const MOBILE_MESSAGES = defineMessages('mobile-members', {
  memberDeparted: { reason: R.DEPARTED, zh: '该党员已离开', en: 'this member has departed' },
  provinceRequired: { reason: R.REQUIRED, zh: '请填写流入省份', en: 'name the destination province' },
  cardNumberRequired: {
    reason: R.REQUIRED,
    zh: '流动党员活动证需要填写编号',
    en: 'an activity card needs its number',
  },
  receivingOrgRequired: {
    reason: R.REQUIRED,
    zh: '转移组织关系需要填写接收组织',
    en: 'a transferred relationship needs the receiving organisation',
  },
  phoneShape: {
    reason: R.INVALID_FORMAT,
    zh: '手机号应为大陆手机号或带区号的固定电话',
    en: 'phone must be a mainland mobile or a landline with area code',
  },
  receivingMobileBranch: {
    reason: R.NOT_A_MOBILE_BRANCH,
    zh: '接收单位应为流动党员党支部（领域为 MOBILE）',
    en: 'the receiving unit must be a mobile branch (sector MOBILE)',
  },
  alreadyAway: {
    reason: R.ALREADY_AWAY,
    zh: '该党员已登记为外出；请先登记返回',
    en: 'this member is already recorded as away; record the return first',
  },
  betweenLeavingAndToday: {
    reason: R.OUTSIDE_AWAY_PERIOD,
    zh: '{field}应在外出之日到今天之间',
    en: '{field} must fall between leaving and today',
  },
  meetingThenApproval: {
    reason: R.NOT_BEFORE,
    zh: '先开党员大会，再审批，且都不能晚于今天',
    en: 'the assembly meets first, approval follows, and neither is in the future',
  },
  approverAbove: {
    reason: R.NOT_AN_APPROVER,
    zh: '审批单位应是该党员所在党支部的上级党委',
    en: "the approving unit is a committee above the member's branch",
  },
  stationNotCommittee: {
    reason: R.NOT_AN_APPROVER,
    zh: '{unit}是工作站，不是党委：停止党籍、恢复党籍或除名由党支部的上级党委审批（{kinds}）',
    en: '{unit} is a work station, not a party committee: a suspension, restoration or removal is approved by the party committee above the branch ({kinds})',
  },
  notAnApprover: {
    reason: R.NOT_AN_APPROVER,
    zh: '{unit}是{kind}；审批单位应是有相应权限的党委（{kinds}）',
    en: '{unit} is a {kind}; the approving unit must be a party committee with that authority ({kinds})',
  },
  searchFirst: {
    reason: R.DECISION_NOT_DUE,
    zh: '停止党籍前须先查找：自最近一次成功联系以来，先登记至少 {attempts} 次（不同日期）未成功的联系；该党员状态为{status}',
    en: 'suspension presupposes a search: log at least {attempts} unsuccessful contact attempts (on different days) since the last successful contact first; this member is {status}',
  },
  lostLongEnough: {
    reason: R.DECISION_NOT_DUE,
    zh: '只有查找后失联 {months} 个月及以上的党员才停止党籍；该党员状态为{status}',
    en: 'membership is suspended only for a member lost {months} months or more after a search; this member is {status}',
  },
  restoreAfterContact: {
    reason: R.DECISION_NOT_DUE,
    zh: '恢复党籍须在停止党籍之后，且此后登记过一次成功联系',
    en: 'restore follows a suspension and a successful contact logged since',
  },
  removalAfterSuspension: {
    reason: R.DECISION_NOT_DUE,
    zh: '停止党籍满 {months} 个月后才能按自行脱党除名；该党员状态为{status}',
    en: 'removal as self-withdrawn follows {months} months of suspension; this member is {status}',
  },
  removed: {
    reason: R.ALREADY_DONE,
    zh: '该党员已按自行脱党除名',
    en: 'this member was removed as self-withdrawn',
  },
  returnedOn: { reason: R.NOT_AWAY, zh: '该党员已于 {on} 返回', en: 'the member returned on {on}' },
  notLinked: {
    reason: R.NOT_LINKED,
    zh: '这个账号没有关联党员',
    en: 'This account is not linked to a member',
  },
  noticesFromBranch: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '通知由党支部发给其党员',
    en: 'notices go out from a branch to its members',
  },
  nobodyAway: { reason: R.NOBODY_AWAY, zh: '{unit}没有外出党员', en: 'no member of {unit} is away' },
  noSuchNotice: { reason: R.NOT_FOUND, zh: '没有发给你的这条通知', en: 'no such notice for you' },
  topRange: { reason: R.OUT_OF_RANGE, zh: 'top 应在 1 到 20 之间', en: 'top must be between 1 and 20' },
  outsideHostedByMobile: {
    reason: R.NOT_A_MOBILE_BRANCH,
    zh: '外来党员由流动党员党支部（领域为 MOBILE）接收',
    en: 'outside members are hosted by a mobile branch (sector MOBILE)',
  },
});

export const MOBILE_LABELS = {
  record: l('外出记录', 'record'),
  leftOn: l('外出日期', 'leftOn'),
  hostedSince: l('接收日期', 'hostedSince'),
  contactedOn: l('联系日期', 'contactedOn'),
  reportedOn: l('报到日期', 'reportedOn'),
  returnedOn: l('返回日期', 'returnedOn'),
};

/** Reminder texts (services/reminders.ts). */
export const MOBILE_REMINDERS = defineMessages('mobile-members', {
  remindContactOverdue: {
    reason: CoreReason.REMINDER,
    zh: '{unit}有一名流动党员自 {since} 起未联系上（应于 {day} 前联系），请尽快联系',
    en: 'a mobile member of {unit} has not been reached since {since} (contact was due by {day}): contact them',
  },
});
