import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Organisational life's own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const OrgLifeReason = defineReasons('organisational-life', {
  KIND_NOT_HELD_HERE: '此类组织不开此类会 — this kind of unit does not hold this kind of meeting',
  NOT_OF_THIS_BRANCH: '非本组织党员 — the member did not belong to the unit on the meeting day',
  MEMBER_HAD_LEFT: '已转出或离开 — the member had left the unit before the meeting day',
  REASON_REQUIRED: '请假须有理由 — an excused absence needs its reason',
  ATTENDANCE_TWICE: '重复登记 — a member is listed twice',
  COMMITTEE_NO_QUORUM:
    '不足法定人数 — a committee meeting needs more than half of the committee present; without, it is void and called again',
  NO_COMMITTEE: '未登记支委 — no member held a committee post of the branch on the day (register the posts)',
  NOT_TAKING_PART: '连续六个月不参加组织生活 — absent without reason since last taking part, for the policy’s months',
});
const R = { ...CoreReason, ...OrgLifeReason };

export const ORG_LIFE_MESSAGES = defineMessages('organisational-life', {
  kindNotHeld: {
    reason: R.KIND_NOT_HELD_HERE,
    zh: '{unit}不召开{kind}',
    en: '{unit} does not hold a {kind}',
  },
  notOfThisUnit: {
    reason: R.NOT_OF_THIS_BRANCH,
    zh: '{member}在 {on} 不是{unit}的党员',
    en: '{member} did not belong to {unit} on {on}',
  },
  hadLeft: {
    reason: R.MEMBER_HAD_LEFT,
    zh: '{member}已于 {on} 离开{unit}',
    en: '{member} had left {unit} on {on}',
  },
  reasonRequired: { reason: R.REASON_REQUIRED, zh: '请假须写明理由', en: 'an excused absence needs its reason' },
  reasonOnlyWhenExcused: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '只有请假才写理由',
    en: 'a reason is given for an excused absence only',
  },
  noQuorum: {
    reason: R.COMMITTEE_NO_QUORUM,
    zh: '支委会应到支委 {committee} 人，实到 {present} 人，须超过{share}，会议无效，请另行召开',
    en: 'the committee has {committee} members and {present} were present: more than {share} must be, so the meeting is void; call it again',
  },
  noCommittee: {
    reason: R.NO_COMMITTEE,
    zh: '{on} {unit}没有在任的支委（书记、副书记、委员），请先登记职务',
    en: '{unit} had no one in a committee post (secretary, deputy secretary, committee member) on {on}: register the posts first',
  },
  listedTwice: { reason: R.ATTENDANCE_TWICE, zh: '同一党员登记了两次', en: 'the member is listed twice' },
  lecturerOnlyForLecture: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '只有党课填写讲课人',
    en: 'a lecturer is named for a party lecture only',
  },
  lecturerRequired: { reason: R.REQUIRED, zh: '党课须写明讲课人', en: 'a party lecture names its lecturer' },
  countsForAfterHeld: {
    reason: R.NOT_BEFORE,
    zh: '补开的会议只能补以前的期间',
    en: 'a make-up meeting is for a period before the day it was held',
  },
  cancelled: { reason: R.WRONG_STATE, zh: '该会议记录已作废', en: 'the meeting record was cancelled' },
  attendedBeforeJoining: {
    reason: R.WRONG_STATE,
    zh: '该党员已登记在{unit} {on} 的会议中（出席、请假或缺席），入党日期不能晚于该日；请先更正该会议的出席登记',
    en: "the member is on the attendance of {unit}'s meeting of {on} (present, excused or absent): the joining day cannot be after it; correct that meeting's attendance first",
  },
  topicRequired: { reason: R.REQUIRED, zh: '请写明会议主题', en: 'name the topic' },
  // The NOT_TAKING_PART flag's detail (services/member-flag.ts): from the last meeting taken part in, or from joining.
  notTakingPartSinceMeeting: {
    reason: R.NOT_TAKING_PART,
    zh: '最后参加 {since}，此后缺席 {absences} 次，最近 {lastAbsent}',
    en: 'last took part {since}, absent {absences} times since, last {lastAbsent}',
  },
  notTakingPartSinceJoining: {
    reason: R.NOT_TAKING_PART,
    zh: '入支部 {since}，此后缺席 {absences} 次，最近 {lastAbsent}',
    en: 'joined the branch {since}, absent {absences} times since, last {lastAbsent}',
  },
});

export const ORG_LIFE_LABELS = {
  heldOn: l('召开日期', 'heldOn'),
  countsFor: l('补开期间', 'countsFor'),
  meeting: l('会议记录', 'meeting'),
};
