import { describeEnum } from '../../src/graphql/enum';

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
  REVIEW: '党员大会审议 — review by the party members\' assembly (quorum 2/3 of full members, more than half of those present)',
  RESOLUTION: '村民（代表）会议决议 — resolution by the villagers\' or representatives\' meeting',
  RESOLUTION_DISCLOSED: '决议公开 — the resolution disclosed',
  EXECUTION: '组织实施 — execution by the villagers\' committee (progress, then completion)',
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
  REJECTED: '未通过 — a meeting lacked its quorum or majority; the matter ended there (it may be proposed again)',
  COMPLETED: '已完成 — every step done, the result disclosed',
});

export enum MeetingKind {
  VILLAGERS_MEETING = 'VILLAGERS_MEETING',
  REPRESENTATIVES_MEETING = 'REPRESENTATIVES_MEETING',
}
describeEnum(MeetingKind, 'VillageMeetingKind', '决议会议 — which meeting resolves', {
  VILLAGERS_MEETING: '村民会议 — the villagers\' meeting',
  REPRESENTATIVES_MEETING: '村民代表会议 — the villagers\' representatives\' meeting',
});

export enum StepOutcome {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  PROGRESS = 'PROGRESS',
}
describeEnum(StepOutcome, 'MatterStepOutcome', '步骤结果 — how a step ended', {
  PASSED: '通过 — done; the next step may follow',
  FAILED: '未通过 — quorum or majority missed: the matter is rejected at this step',
  PROGRESS: '实施进展 — a progress note of the execution; not yet complete',
});

export enum PowerProcedure {
  MAJOR_MATTER = 'MAJOR_MATTER',
  ROUTINE = 'ROUTINE',
}
describeEnum(PowerProcedure, 'PowerProcedure', '运行程序 — which procedure a power-list item follows', {
  MAJOR_MATTER: '四议两公开 — the major-matter steps',
  ROUTINE: '一般程序 — the villagers\' committee\'s routine procedure, disclosed',
});

/** The eight standard disclosure categories (seed 004); localities may add their own. */
export const STANDARD_DISCLOSURES = ['FINANCE', 'MATERIALS', 'COLLECTIVE_LAND', 'FAMILY_PLANNING', 'FEES', 'ELECTRICITY', 'CADRE_PAY', 'MAJOR_DECISIONS'];
