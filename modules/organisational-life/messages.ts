import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Organisational life's own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const OrgLifeReason = defineReasons('organisational-life', {
  KIND_NOT_HELD_HERE: '此类组织不开此类会 — this kind of unit does not hold this kind of meeting',
  NOT_OF_THIS_BRANCH: '非本组织党员 — the member did not belong to the unit on the meeting day',
  MEMBER_HAD_LEFT: '已转出或离开 — the member had left the unit before the meeting day',
  REASON_REQUIRED: '请假须有理由 — an excused absence needs its reason',
  ATTENDANCE_TWICE: '重复登记 — a member is listed twice',
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
  topicRequired: { reason: R.REQUIRED, zh: '请写明会议主题', en: 'name the topic' },
});

export const ORG_LIFE_LABELS = {
  heldOn: l('召开日期', 'heldOn'),
  countsFor: l('补开期间', 'countsFor'),
  meeting: l('会议记录', 'meeting'),
};
