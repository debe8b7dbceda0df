import { describeEnum } from '#module-kit';

export enum IssueCategory {
  PARTY_BUILDING = 'PARTY_BUILDING',
  LIVELIHOOD = 'LIVELIHOOD',
  DISPUTE = 'DISPUTE',
  POLICY_IMPLEMENTATION = 'POLICY_IMPLEMENTATION',
  INFRASTRUCTURE = 'INFRASTRUCTURE',
  OTHER = 'OTHER',
}
describeEnum(IssueCategory, 'IssueCategory', '问题类别 — what an issue is about', {
  PARTY_BUILDING: '党的建设 — party building',
  LIVELIHOOD: "民生诉求 — residents' livelihood (hot and difficult concerns)",
  DISPUTE: '矛盾纠纷 — dispute',
  POLICY_IMPLEMENTATION: '政策落实 — policy implementation',
  INFRASTRUCTURE: '基础设施 — infrastructure',
  OTHER: '其他 — other',
});

export enum IssueSource {
  WEEKLY_REPORT = 'WEEKLY_REPORT',
  INSPECTION = 'INSPECTION',
  VISIT_OR_PETITION = 'VISIT_OR_PETITION',
  SUGGESTION = 'SUGGESTION',
  HOTLINE = 'HOTLINE',
  OTHER = 'OTHER',
}
describeEnum(IssueSource, 'IssueSource', '问题来源 — where an issue came from', {
  WEEKLY_REPORT: '周报 — a problem found in a weekly report',
  INSPECTION: '随机督导 — a finding of an inspection',
  VISIT_OR_PETITION: '走访信访 — a visit or a petition',
  SUGGESTION: '意见建议 — a suggestion',
  HOTLINE: '热线 — a hotline call',
  OTHER: '其他 — other',
});

export enum IssueStatus {
  OPEN = 'OPEN',
  ASSIGNED = 'ASSIGNED',
  IN_PROGRESS = 'IN_PROGRESS',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}
describeEnum(IssueStatus, 'IssueStatus', '问题状态 — where an issue stands', {
  OPEN: '待交办 — listed, no one responsible yet (问题清单)',
  ASSIGNED: '已交办 — a unit and person are responsible (责任清单)',
  IN_PROGRESS: '办理中 — being worked on',
  RESOLVED: '已办结 — the handler says it is solved; awaiting confirmation',
  CLOSED: '已销号 — confirmed and crossed off (销号清单)',
});

export enum IssueEventKind {
  RAISED = 'RAISED',
  ASSIGNED = 'ASSIGNED',
  STARTED = 'STARTED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REOPENED = 'REOPENED',
  ESCALATED = 'ESCALATED',
  DEESCALATED = 'DEESCALATED',
}
describeEnum(IssueEventKind, 'IssueEventKind', '办理记录类型 — what happened to an issue', {
  RAISED: '登记 — listed',
  ASSIGNED: '交办 — a responsible unit and person were set',
  STARTED: '开始办理 — work started',
  RESOLVED: '办结 — reported solved',
  CLOSED: '销号 — confirmed and crossed off',
  REOPENED: '重新办理 — confirmation refused; back to work',
  ESCALATED: '上交 — handed to the level above',
  DEESCALATED: '下交 — handed to a level below',
});

export enum HandlingLevel {
  STATION_VILLAGE = 'STATION_VILLAGE',
  TOWNSHIP = 'TOWNSHIP',
  COUNTY = 'COUNTY',
  CITY = 'CITY',
}
describeEnum(
  HandlingLevel,
  'HandlingLevel',
  '办理层级 — the level of the issue list an issue is handled on (市-县-镇-站(村)四级联动): the nearest city, county, township or subdistrict committee, work station, or village or community at or above the handling unit',
  {
    STATION_VILLAGE: '站（村）级 — the list of a work station, or of a village or community',
    TOWNSHIP: "镇级 — a township's or subdistrict's list (its own agency branches included)",
    COUNTY: "县级 — the county's list (its departments' and enterprises' branches included)",
    CITY: "市级 — the city's list",
  },
);

/** What the issue list can be sorted by (ties broken by record id). */
export enum IssueOrder {
  RAISED_ON = 'RAISED_ON',
  DEADLINE = 'DEADLINE',
}
describeEnum(IssueOrder, 'IssueOrder', '问题排序字段 — what an issue list is sorted by (ties broken by record id)', {
  RAISED_ON: '按登记日期 — by the day raised (ascending: oldest first)',
  DEADLINE: '按办结时限 — by deadline (ascending: soonest first; issues without a deadline last)',
});
