import { describeEnum } from '#module-kit';

export enum SubjectType {
  MEMBER = 'MEMBER',
  BRANCH = 'BRANCH',
  COMMITTEE = 'COMMITTEE',
}
describeEnum(SubjectType, 'StarSubjectType', '创星对象 — who strives for which star (seed 001)', {
  MEMBER: '党员先锋星 — members: the vanguard star',
  BRANCH: '支部堡垒星 — branches: the fortress star',
  COMMITTEE: '党委服务星 — grassroots committees: the service star',
});

export enum CriterionKind {
  REGULAR = 'REGULAR',
  DEDUCTION = 'DEDUCTION',
  VETO = 'VETO',
}
describeEnum(CriterionKind, 'StarCriterionKind', '评星项类型 — how a criterion counts', {
  REGULAR: '加分项 — points (fixed, or per unit of quantity up to a cap for the year)',
  DEDUCTION: '减星项 — points off, or stars off',
  VETO: '否决项 — the grade is zero for the period, whatever the points',
});

export enum EntryStatus {
  RECORDED = 'RECORDED',
  CONFIRMED = 'CONFIRMED',
}
describeEnum(EntryStatus, 'StarEntryStatus', '记分状态 — only confirmed entries count', {
  RECORDED: '已记录 — awaiting confirmation by the level above',
  CONFIRMED: '已确认 — confirmed; counts; never edited (corrections are new entries)',
});

/** Where a criterion's entries may also come from: another module's records, through this module's port. */
export enum CriterionSource {
  ORGANISATIONAL_LIFE = 'ORGANISATIONAL_LIFE',
}
describeEnum(CriterionSource, 'StarCriterionSource', '记分来源 — records that become entries of a criterion', {
  ORGANISATIONAL_LIFE:
    '组织生活 — attendance at meetings (三会一课, seed 001: 将"三会一课"等基本制度纳入定星体系): one entry per member present, awaiting confirmation',
});
