import { describeEnum } from '#module-kit';

export enum MatterCategory {
  FINANCIAL_EXPENDITURE = 'FINANCIAL_EXPENDITURE',
  LAND_CONTRACTING = 'LAND_CONTRACTING',
  BEAUTIFUL_VILLAGE = 'BEAUTIFUL_VILLAGE',
  POOR_AND_SUBSISTENCE = 'POOR_AND_SUBSISTENCE',
  COLLECTIVE_ASSETS = 'COLLECTIVE_ASSETS',
  PROJECT_TENDERING = 'PROJECT_TENDERING',
  OTHER = 'OTHER',
}
describeEnum(MatterCategory, 'MatterCategory', '重大事项类别 — kind of major village matter (seed 001)', {
  FINANCIAL_EXPENDITURE: '财务支出 — financial expenditure',
  LAND_CONTRACTING: '土地发包 — land contracting',
  BEAUTIFUL_VILLAGE: '美丽乡村建设 — beautiful-village construction',
  POOR_AND_SUBSISTENCE: '贫困户低保户确定 — determining poor and subsistence households',
  COLLECTIVE_ASSETS: '集体资产处置 — collective asset disposal',
  PROJECT_TENDERING: '项目招投标 — project tendering',
  OTHER: '其他 — other',
});

/** The steps of 四议两公开, in their only order. */
export enum MatterStep {
  PROPOSAL = 'PROPOSAL',
  DELIBERATION = 'DELIBERATION',
  REVIEW = 'REVIEW',
  RESOLUTION = 'RESOLUTION',
  RESOLUTION_DISCLOSED = 'RESOLUTION_DISCLOSED',
  EXECUTION = 'EXECUTION',
  RESULT_DISCLOSED = 'RESULT_DISCLOSED',
}
describeEnum(MatterStep, 'MatterStep', '议事步骤 — the steps of four deliberations and two disclosures, in order', {
  PROPOSAL: '党组织提议 — proposal by the village party organisation',
  DELIBERATION: '两委商议 — deliberation by the joint two-committee meeting',
  REVIEW:
    "党员大会审议 — review by the party members' assembly (quorum of the members entitled to vote, by policy at least 2/3; adopted by more than half of the entitled)",
  RESOLUTION: "村民（代表）会议决议 — resolution by the villagers' or representatives' meeting",
  RESOLUTION_DISCLOSED: '决议公开 — the resolution disclosed',
  EXECUTION: "组织实施 — execution by the villagers' committee (progress, then completion)",
  RESULT_DISCLOSED: '实施结果公开 — the result disclosed',
});
export const STEP_ORDER = Object.values(MatterStep);

export enum MatterStatus {
  IN_PROGRESS = 'IN_PROGRESS',
  REJECTED = 'REJECTED',
  COMPLETED = 'COMPLETED',
}
describeEnum(MatterStatus, 'MatterStatus', '事项状态 — where a matter stands', {
  IN_PROGRESS: '进行中 — steps remain',
  REJECTED:
    '未通过 — a meeting held with its quorum voted it down; the matter ended there (it may be proposed again). A meeting without quorum rejects nothing',
  COMPLETED: '已完成 — every step done, the result disclosed',
});

export enum MeetingKind {
  VILLAGERS_MEETING = 'VILLAGERS_MEETING',
  REPRESENTATIVES_MEETING = 'REPRESENTATIVES_MEETING',
}
describeEnum(MeetingKind, 'VillageMeetingKind', '决议会议 — which meeting resolves', {
  VILLAGERS_MEETING: "村民会议 — the villagers' meeting",
  REPRESENTATIVES_MEETING: "村民代表会议 — the villagers' representatives' meeting",
});

export enum StepOutcome {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  NO_QUORUM = 'NO_QUORUM',
  PROGRESS = 'PROGRESS',
}
describeEnum(StepOutcome, 'MatterStepOutcome', '步骤结果 — how a step ended', {
  PASSED: '通过 — done; the next step may follow',
  FAILED: '未通过 — held with its quorum, the vote failed: the matter is rejected at this step',
  NO_QUORUM:
    '未达法定人数 — the meeting lacked its quorum: void, nothing decided; kept on record, and the same step is called again',
  PROGRESS: '实施进展 — a progress note of the execution; not yet complete',
});

/** Why a full member of the branch is not counted among those entitled to vote at a members' assembly. */
export enum VoteExclusionReason {
  SUSPENDED = 'SUSPENDED',
  PARTY_PROBATION = 'PARTY_PROBATION',
  AWAY = 'AWAY',
  ILL = 'ILL',
  ABROAD = 'ABROAD',
  OTHER = 'OTHER',
}
describeEnum(
  VoteExclusionReason,
  'VoteExclusionReason',
  '不计入应到人数的原因 — why a full member is not counted among those entitled to vote at this meeting',
  {
    SUSPENDED: '停止党籍 — membership suspended: no party rights (read from the recorded decision, never typed in)',
    PARTY_PROBATION:
      '留党察看 — on probation within the party: no vote (listed per meeting; the register has no such data yet)',
    AWAY: "外出半年以上 — away for work or business half a year or more: left out by the branch's decision for this meeting",
    ILL: "因病长期不能参加 — gravely ill: left out by the branch's decision for this meeting",
    ABROAD: "出国出境 — abroad: left out by the branch's decision for this meeting",
    OTHER: '其他 — another reason the branch decided, stated in the note',
  },
);

export enum PowerProcedure {
  MAJOR_MATTER = 'MAJOR_MATTER',
  ROUTINE = 'ROUTINE',
}
describeEnum(PowerProcedure, 'PowerProcedure', '运行程序 — which procedure a power-list item follows', {
  MAJOR_MATTER: '四议两公开 — the major-matter steps',
  ROUTINE: "一般程序 — the villagers' committee's routine procedure, disclosed",
});

export enum PowerCategory {
  DEMOCRATIC_DECISION = 'DEMOCRATIC_DECISION',
  PARTY_AFFAIRS = 'PARTY_AFFAIRS',
  VILLAGE_AFFAIRS = 'VILLAGE_AFFAIRS',
  LIVELIHOOD = 'LIVELIHOOD',
  OTHER = 'OTHER',
}
describeEnum(
  PowerCategory,
  'PowerCategory',
  '权力清单类别 — the five categories of the village power list (seed 001)',
  {
    DEMOCRATIC_DECISION: '民主决策类 — democratic decision',
    PARTY_AFFAIRS: '党务类 — party affairs',
    VILLAGE_AFFAIRS: '村务类 — village affairs',
    LIVELIHOOD: '民生类 — livelihood',
    OTHER: '其他类 — other',
  },
);

export enum DisclosureChannel {
  BOARD = 'BOARD',
  WECHAT = 'WECHAT',
  SMS = 'SMS',
  QR_CODE = 'QR_CODE',
  MEETING = 'MEETING',
  BROADCAST = 'BROADCAST',
}
describeEnum(DisclosureChannel, 'DisclosureChannel', '公开渠道 — where villagers can read it', {
  BOARD: '公开栏 — the village notice board',
  WECHAT: '微信公众号/群 — WeChat',
  SMS: '手机短信 — SMS',
  QR_CODE: '二维码 — a QR code to scan',
  MEETING: '会议公开 — read out at a meeting',
  BROADCAST: '广播 — the village loudspeaker',
});

export enum FeedbackChannel {
  IN_PERSON = 'IN_PERSON',
  PHONE = 'PHONE',
  WECHAT = 'WECHAT',
  SUGGESTION_BOX = 'SUGGESTION_BOX',
  MEETING = 'MEETING',
  OTHER = 'OTHER',
}
describeEnum(FeedbackChannel, 'FeedbackChannel', '反映渠道 — how the feedback came', {
  IN_PERSON: '当面 — in person',
  PHONE: '电话 — by phone',
  WECHAT: '微信 — WeChat',
  SUGGESTION_BOX: '意见箱 — the suggestion box',
  MEETING: '会上 — at a meeting',
  OTHER: '其他 — other',
});

export enum DueStatus {
  ON_TIME = 'ON_TIME',
  LATE = 'LATE',
  PARTIAL = 'PARTIAL',
  MISSING = 'MISSING',
  NOT_YET_DUE = 'NOT_YET_DUE',
}
describeEnum(DueStatus, 'DisclosureDueStatus', '公开情况 — how a due disclosure stands', {
  ON_TIME: '按时 — a disclosure of the whole period, published after the period ended, by the due day',
  LATE: '不及时 — a disclosure of the whole period, published (or judged, when recorded late) after the due day',
  PARTIAL:
    '不完整 — the due day has passed and only a partial disclosure exists: published before the period ended, or covering part of it (seed 004: 公开内容不完整)',
  MISSING: '未公开 — the due day has passed with nothing published for the period',
  NOT_YET_DUE: '未到期 — no complete disclosure yet, but the due day has not come',
});

/**
 * The default disclosure categories, as practised today: the items of 村民委员会组织法 art. 30 (decisions
 * of the villagers' meetings and their execution; the family-planning policy's implementation and
 * government or donated relief, subsidy and aid funds and goods; the villagers' committee's work for the
 * government; finances) and the items of the "八公开" of seed 004 that still exist (finances, materials,
 * collective land, cadres' pay, major decisions). Not defaults any more: 计划生育指标 (birth quotas, gone
 * with the 2016 and 2021 changes to the family-planning law; reward and assistance payments are disclosed
 * under SUBSIDIES), 农民应承担的税费 (the agricultural tax and the levies on farmers, abolished from 2006),
 * and 小电价小电费 (village electricity charges, billed by the grid company since the rural grid reform).
 * A locality keeps any of them, or adds its own, in the policy (docs/RULES.md).
 */
export const STANDARD_DISCLOSURES: Record<string, string> = {
  FINANCE: '村级财务收支 — village finances',
  MATERIALS: '集体资产物资管理 — collective assets and materials',
  COLLECTIVE_LAND: '集体土地管理使用 — collective land: contracting, use, compensation',
  SUBSIDIES:
    '补贴补助、救灾救助资金物资 — subsidies, relief and aid funds and goods (family-planning rewards included)',
  GOVERNMENT_WORK:
    "协助政府工作 — the villagers' committee's work for the government (subsistence allowances, homesteads …)",
  CADRE_PAY: "村干部报酬 — village cadres' pay",
  MAJOR_DECISIONS: "重大决策 — decisions of the villagers' (representatives') meetings and their execution",
};

/** What a list of matters can be sorted by (ties broken by record id). */
export enum MatterOrder {
  PROPOSED_ON = 'PROPOSED_ON',
  CLOSED_ON = 'CLOSED_ON',
}
describeEnum(
  MatterOrder,
  'MatterOrder',
  '事项排序字段 — what a list of matters is sorted by (ties broken by record id)',
  {
    PROPOSED_ON: '按提议日期 — by the day proposed (ascending: oldest first)',
    CLOSED_ON: '按办结日期 — by the day closed (ascending: earliest first; matters still open last)',
  },
);
