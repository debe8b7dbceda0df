import { defineMessages, defineReasons, ErrorReason as CoreReason, localized as l } from '#module-kit';

/** Member development's own reasons and messages (src/messages/catalogue.ts), under the module's name. */
export const DevelopmentReason = defineReasons('member-development', {
  UNDER_AGE: '未满十八岁 — the applicant was under the minimum age on the day of the application',
  OUT_OF_ORDER: '步骤顺序不对 — a step before the steps it follows',
  TRAINING_TOO_SHORT: '培养不满一年 — an activist trained less than the rules require',
  NOTICE_TOO_SHORT: '公示不足 — a public notice shorter than the working days required',
  COURSE_TOO_SHORT: '培训不足 — concentrated training shorter than required',
  NO_QUORUM: '到会不足 — no more than half of those entitled to vote were present',
  NOT_ADOPTED: '未过半数 — no more than half of those entitled to vote were in favour',
  APPROVAL_TOO_LATE: '超过审批期限 — the approval came after the longest time allowed',
  NOT_COMMITTEE_ABOVE: '非上级党委 — the deciding unit is not a party committee above the branch',
  WITHDRAWN: '已退出 — the person withdrew or was dropped: no further step is recorded',
  VOTE_ADOPTED: '表决已通过 — a vote recorded as failed whose counts adopt the admission',
  NOT_APPROVED: '不予批准 — the committee above refused the admission: no further step is recorded',
});
const R = { ...CoreReason, ...DevelopmentReason };

export const DEVELOPMENT_MESSAGES = defineMessages('member-development', {
  underAge: {
    reason: R.UNDER_AGE,
    zh: '申请入党须年满{age}岁（《中国共产党发展党员工作细则》）：{birth}出生，{on}未满{age}岁',
    en: 'an applicant must be {age} or older (member development rules): born {birth}, under {age} on {on}',
  },
  notBranch: { reason: R.NOT_ALLOWED_HERE, zh: '{unit}不是党支部', en: '{unit} is not a branch' },
  outOfOrder: {
    reason: R.OUT_OF_ORDER,
    zh: '“{step}”须在“{needs}”之后（《中国共产党发展党员工作细则》）',
    en: '"{step}" follows "{needs}" (member development rules)',
  },
  wrongStage: {
    reason: R.WRONG_STATE,
    zh: '“{step}”只适用于{stages}，此人现为{stage}',
    en: '"{step}" applies to {stages}; this person is {stage}',
  },
  alreadyDone: { reason: R.ALREADY_DONE, zh: '“{step}”已经记录', en: '"{step}" is recorded already' },
  before: {
    reason: R.NOT_BEFORE,
    zh: '决定日期不能早于上一步骤（{on}）',
    en: 'a step is not dated before the previous one ({on})',
  },
  trainingTooShort: {
    reason: R.TRAINING_TOO_SHORT,
    zh: '入党积极分子须经{months}个月以上培养教育和考察（发展党员工作细则）：{since}确定，{from}起方可确定为发展对象',
    en: 'an activist is trained at least {months} months (member development rules): chosen on {since}, a development target from {from}',
  },
  contactsRequired: {
    reason: R.REQUIRED,
    zh: '须指定一至两名正式党员作培养联系人（发展党员工作细则）',
    en: 'name one or two full members as contacts (member development rules)',
  },
  contactsOnlyForActivist: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '培养联系人只在确定入党积极分子时填写',
    en: 'contacts are named when an activist is chosen only',
  },
  fieldOfStep: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '{field}只在以下步骤填写：{steps}',
    en: '{field} belongs to these steps only: {steps}',
  },
  courseTooShort: {
    reason: R.COURSE_TOO_SHORT,
    zh: '集中培训不少于{days}天或{hours}个学时（发展党员工作细则）',
    en: 'concentrated training lasts at least {days} days or {hours} class hours (member development rules)',
  },
  noticeFromRequired: { reason: R.REQUIRED, zh: '请写明公示开始日期', en: 'give the first day of the notice' },
  noticeTooShort: {
    reason: R.NOTICE_TOO_SHORT,
    zh: '公示不少于{required}个工作日（发展党员工作细则）：{from}至{to}只有{days}个工作日',
    en: 'a public notice runs at least {required} working days (member development rules): {from} to {to} has {days}',
  },
  committeeRequired: {
    reason: R.REQUIRED,
    zh: '“{step}”由上级党委作出，请写明决定的党委',
    en: '"{step}" is decided by the committee above: name it',
  },
  committeeNotForBranch: {
    reason: R.NOT_ALLOWED_HERE,
    zh: '“{step}”由党支部作出，不填写上级党委',
    en: '"{step}" is the branch’s decision: no committee is named',
  },
  notCommitteeAbove: {
    reason: R.NOT_COMMITTEE_ABOVE,
    zh: '{unit}不是该支部的上级党委',
    en: '{unit} is not a party committee above the branch',
  },
  voteCounts: {
    reason: R.REQUIRED,
    zh: '支部大会表决须写明到会人数和赞成票数',
    en: 'the assembly’s vote gives those present and those in favour',
  },
  voteRange: {
    reason: R.OUT_OF_RANGE,
    zh: '到会{present}人、表决{cast}票，与有表决权的正式党员{entitled}人不符',
    en: '{present} present and {cast} votes do not fit {entitled} members entitled to vote',
  },
  noQuorum: {
    reason: R.NO_QUORUM,
    zh: '有表决权的正式党员{entitled}人，到会{present}人，未超过半数，不能表决（发展党员工作细则）',
    en: 'of {entitled} members entitled to vote {present} were present, not more than half: no vote (member development rules)',
  },
  notAdopted: {
    reason: R.NOT_ADOPTED,
    zh: '赞成{votesFor}票，未超过有表决权的正式党员{entitled}人的半数，不能接收为预备党员（发展党员工作细则）',
    en: '{votesFor} in favour is not more than half of the {entitled} entitled to vote: not admitted (member development rules)',
  },
  withdrawn: {
    reason: R.WITHDRAWN,
    zh: '此人已于{on}{kind}，不再记录发展步骤；再次申请须重新登记入党申请',
    en: 'this person left on {on} ({kind}): no further step is recorded; a new application is a new record',
  },
  notApproved: {
    reason: R.NOT_APPROVED,
    zh: '上级党委已于{on}不予批准，不再记录发展步骤；再次申请须重新登记入党申请',
    en: 'the committee above refused the admission on {on}: no further step is recorded; a new application is a new record',
  },
  notApprovedReason: {
    reason: R.REQUIRED,
    zh: '不予批准须写明理由',
    en: 'a refusal of the admission gives the reason',
  },
  withdrawalFields: {
    reason: R.REQUIRED,
    zh: '退出须写明退出方式和理由',
    en: 'a withdrawal gives how the person left and the reason',
  },
  voteAdopted: {
    reason: R.VOTE_ADOPTED,
    zh: '赞成{votesFor}票，超过有表决权的正式党员{entitled}人的半数，表决已通过，请记录为“支部大会表决”',
    en: '{votesFor} in favour is more than half of the {entitled} entitled to vote: the vote adopted it; record the assembly vote',
  },
  approvalTooLate: {
    reason: R.APPROVAL_TOO_LATE,
    zh: '上级党委审批最长不超过{months}个月（发展党员工作细则）：支部大会{voted}表决，最迟{until}',
    en: 'the committee above approves within {months} months at most (member development rules): voted {voted}, by {until}',
  },
});

export const DEVELOPMENT_LABELS = {
  record: l('发展党员纪实', 'development record'),
  decidedOn: l('决定日期', 'decidedOn'),
  appliedOn: l('申请日期', 'appliedOn'),
  birthDate: l('出生日期', 'birthDate'),
};

/** Reminder texts (services/reminders.ts). */
export const DEVELOPMENT_REMINDERS = defineMessages('member-development', {
  talkDue: {
    reason: R.REMINDER,
    zh: '入党申请人{name}于 {applied} 递交申请，应于 {day} 前派人谈话',
    en: 'the applicant {name} applied on {applied}: the talk is due by {day}',
  },
  approvalDue: {
    reason: R.REMINDER,
    zh: '{branch}支部大会于 {voted} 通过接收{name}为预备党员，上级党委应于 {day} 前审批',
    en: '{branch} voted to admit {name} on {voted}: the committee above approves by {day}',
  },
});
