import { describeEnum } from '#module-kit';

export enum PlanStatus {
  DRAFT = 'DRAFT',
  ISSUED = 'ISSUED',
}
describeEnum(PlanStatus, 'WorkPlanStatus', '工作安排状态 — where a weekly work plan stands', {
  DRAFT: '草稿 — being prepared; items can change',
  ISSUED: '已下发 — issued to the units below; items are fixed',
});

export enum ItemCategory {
  PARTY_BUILDING = 'PARTY_BUILDING',
  ORGANISATIONAL_LIFE = 'ORGANISATIONAL_LIFE',
  SERVICE = 'SERVICE',
  GOVERNANCE = 'GOVERNANCE',
  DEVELOPMENT = 'DEVELOPMENT',
  SUPERVISION = 'SUPERVISION',
  OTHER = 'OTHER',
}
describeEnum(ItemCategory, 'WorkItemCategory', '工作类别 — what a plan item or a problem is about', {
  PARTY_BUILDING: '党建工作 — party building',
  ORGANISATIONAL_LIFE: '组织生活 — organisational life (三会一课, theme party day)',
  SERVICE: '服务群众 — serving residents',
  GOVERNANCE: '基层治理 — grassroots governance, disputes, safety',
  DEVELOPMENT: '产业发展 — economic development, poverty alleviation',
  SUPERVISION: '督促检查 — supervision and inspection',
  OTHER: '其他 — other',
});

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
}
describeEnum(ReportStatus, 'WeeklyReportStatus', '周报状态 — where a weekly report stands', {
  DRAFT: '草稿 — being written, or returned for changes (not reported until resubmitted)',
  SUBMITTED: '已上报 — sent to the unit above it (its parent that week), awaiting its review',
  ACCEPTED: '已审核 — accepted by the level above; locked',
});

export enum Outcome {
  DONE = 'DONE',
  PARTLY_DONE = 'PARTLY_DONE',
  NOT_DONE = 'NOT_DONE',
}
describeEnum(Outcome, 'ItemOutcome', '完成情况 — how far a plan item was done', {
  DONE: '已完成 — done',
  PARTLY_DONE: '部分完成 — partly done',
  NOT_DONE: '未完成 — not done',
});

export enum Timeliness {
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  MISSING = 'MISSING',
  PENDING = 'PENDING',
}
describeEnum(
  Timeliness,
  'ReportingTimeliness',
  '上报及时性 — whether an expected report (or plan) came in by its deadline (the due day after the working-day calendar, end of day)',
  {
    ON_TIME:
      '按时 — by the deadline: a report judged on the submission the level above accepts or is reviewing (by policy, the first); a plan issued',
    LATE: '迟报 — reported (a plan: issued) after the deadline',
    MISSING:
      '未报 — not reported, and the deadline has passed: never submitted, or returned and not resubmitted (a plan: not issued)',
    PENDING: '待报 — not reported (a plan: not issued) yet; the deadline has not passed',
  },
);

export enum ReportDueStatus {
  NOT_EXPECTED = 'NOT_EXPECTED',
  NOT_YET_DUE = 'NOT_YET_DUE',
  MISSING = 'MISSING',
  RETURNED = 'RETURNED',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
}
describeEnum(
  ReportDueStatus,
  'WeeklyReportDueStatus',
  '周报应报状态 — where a unit stands with its report of a week: owed or not, due yet or not, in or not',
  {
    NOT_EXPECTED:
      '无需上报 — the unit does not report that week: not a reporting kind or place, not existing that week, or the module off on the due day',
    NOT_YET_DUE: '未到期 — not reported (no report, or a draft), and the deadline has not passed',
    MISSING: '未报 — not reported (no report, or a draft never submitted), and the deadline has passed',
    RETURNED:
      '已退回 — returned by the level above and not resubmitted; before the deadline it can still be on time, after it counts as missing',
    SUBMITTED: '已上报 — submitted, awaiting review; timeliness tells on time from late',
    ACCEPTED: '已审核 — accepted by the level above; timeliness tells on time from late',
  },
);

/** What a reporting-status list can be sorted by (ties broken by unit id). */
export enum ReportingStatusOrder {
  TREE = 'TREE',
  CODE = 'CODE',
  SUBMITTED_AT = 'SUBMITTED_AT',
}
describeEnum(
  ReportingStatusOrder,
  'ReportingStatusOrder',
  '上报情况排序字段 — what a reporting-status list is sorted by (ties broken by unit id)',
  {
    TREE: '按组织树 — tree order as the tree was on the due day (the default)',
    CODE: '按组织代码 — by the unit code',
    SUBMITTED_AT:
      '按上报时间 — by the latest submission of a report submitted or accepted (ascending: earliest first; not reported last)',
  },
);
