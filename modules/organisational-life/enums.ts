import { describeEnum } from '#module-kit';

/** The kinds of organisational life (三会一课 and the rest) a branch or party group holds. */
export enum MeetingKind {
  ASSEMBLY = 'ASSEMBLY',
  COMMITTEE = 'COMMITTEE',
  PARTY_GROUP_MEETING = 'PARTY_GROUP_MEETING',
  LECTURE = 'LECTURE',
  THEME_DAY = 'THEME_DAY',
  ORG_LIFE_MEETING = 'ORG_LIFE_MEETING',
  DEMOCRATIC_APPRAISAL = 'DEMOCRATIC_APPRAISAL',
}
describeEnum(MeetingKind, 'MeetingKind', '组织生活类别 — the kind of organisational life a meeting is', {
  ASSEMBLY: '支部党员大会 — the branch members’ assembly',
  COMMITTEE: '支委会 — the branch committee’s meeting',
  PARTY_GROUP_MEETING: '党小组会 — a party group’s meeting',
  LECTURE: '党课 — a party lecture, with its lecturer',
  THEME_DAY: '主题党日 — the theme party day',
  ORG_LIFE_MEETING: '组织生活会 — the organisational-life meeting (criticism and self-criticism)',
  DEMOCRATIC_APPRAISAL: '民主评议党员 — the annual democratic appraisal of members',
});

/** What a branch or general branch holds; a party group holds its own meeting only. */
export const BRANCH_KINDS = [
  MeetingKind.ASSEMBLY,
  MeetingKind.COMMITTEE,
  MeetingKind.LECTURE,
  MeetingKind.THEME_DAY,
  MeetingKind.ORG_LIFE_MEETING,
  MeetingKind.DEMOCRATIC_APPRAISAL,
];
export const GROUP_KINDS = [MeetingKind.PARTY_GROUP_MEETING];

/** The unit kinds that hold meetings, and which kinds each holds. */
export const KINDS_BY_UNIT: Record<string, MeetingKind[]> = {
  BRANCH: BRANCH_KINDS,
  GENERAL_BRANCH: BRANCH_KINDS,
  PARTY_GROUP: GROUP_KINDS,
};

/** How a member took part in one meeting. */
export enum AttendanceStatus {
  PRESENT = 'PRESENT',
  EXCUSED = 'EXCUSED',
  ABSENT = 'ABSENT',
}
describeEnum(AttendanceStatus, 'AttendanceStatus', '出席情况 — how a member took part in a meeting', {
  PRESENT: '出席 — present (in person or online)',
  EXCUSED: '请假 — excused, with a reason',
  ABSENT: '缺席 — absent without a reason',
});

/** Whether a meeting record stands. */
export enum MeetingStatus {
  HELD = 'HELD',
  CANCELLED = 'CANCELLED',
}
describeEnum(MeetingStatus, 'MeetingStatus', '记录状态 — whether a meeting record stands', {
  HELD: '已召开 — recorded as held; counts in the figures',
  CANCELLED: '已作废 — the record was cancelled (entered by mistake); kept, counted nowhere',
});

/** How a kind stands in one scheduled period of a unit. */
export enum DueStatus {
  HELD = 'HELD',
  HELD_LATE = 'HELD_LATE',
  MISSING = 'MISSING',
  OPEN = 'OPEN',
}
describeEnum(DueStatus, 'MeetingDueStatus', '应开情况 — how a scheduled period stands', {
  HELD: '按期召开 — held within the period',
  HELD_LATE: '补开 — held only after the period ended (a make-up meeting for it)',
  MISSING: '未开 — the period ended and nothing was held for it',
  OPEN: '进行中 — the period has not ended and nothing is held yet',
});
