import { describeEnum } from '#module-kit';

/** Where a person stands in the development of party members (中国共产党发展党员工作细则). */
export enum DevelopmentStage {
  APPLICANT = 'APPLICANT',
  ACTIVIST = 'ACTIVIST',
  DEVELOPMENT_TARGET = 'DEVELOPMENT_TARGET',
  PROBATIONARY = 'PROBATIONARY',
  FULL_MEMBER = 'FULL_MEMBER',
  WITHDRAWN = 'WITHDRAWN',
  NOT_APPROVED = 'NOT_APPROVED',
}
describeEnum(DevelopmentStage, 'DevelopmentStage', '发展阶段 — where a person stands in member development', {
  APPLICANT: '入党申请人 — has applied in writing',
  ACTIVIST: '入党积极分子 — chosen by the branch, trained and assessed',
  DEVELOPMENT_TARGET: '发展对象 — reviewed, trained, publicly noticed, voted on by the branch',
  PROBATIONARY: '预备党员 — admitted, in the register on probation',
  FULL_MEMBER: '正式党员 — the probation in the register ended in full membership (转正)',
  WITHDRAWN: '已退出 — withdrew or was dropped (取消资格) before admission; no further step is recorded',
  NOT_APPROVED:
    '未获批准 — the committee above refused the admission the branch voted for (不予批准); no further step is recorded',
});

/** How a person left the pipeline before admission. */
export enum WithdrawalKind {
  WITHDREW = 'WITHDREW',
  DROPPED = 'DROPPED',
}
describeEnum(WithdrawalKind, 'WithdrawalKind', '退出方式 — how a person left member development before admission', {
  WITHDREW: '本人撤回 — the person withdrew the application',
  DROPPED: '取消资格 — the branch dropped the person (取消入党积极分子或发展对象资格)',
});

/** One decision on the way; each is recorded once, in order (ASSESSMENT may recur). */
export enum DevelopmentStep {
  TALK = 'TALK',
  ACTIVIST = 'ACTIVIST',
  ASSESSMENT = 'ASSESSMENT',
  DEVELOPMENT_TARGET = 'DEVELOPMENT_TARGET',
  POLITICAL_REVIEW = 'POLITICAL_REVIEW',
  TRAINING = 'TRAINING',
  PUBLIC_NOTICE = 'PUBLIC_NOTICE',
  PRE_REVIEW = 'PRE_REVIEW',
  BRANCH_VOTE = 'BRANCH_VOTE',
  APPROVAL = 'APPROVAL',
  OATH = 'OATH',
  VOTE_FAILED = 'VOTE_FAILED',
  WITHDRAWAL = 'WITHDRAWAL',
  NOT_APPROVED = 'NOT_APPROVED',
}
describeEnum(DevelopmentStep, 'DevelopmentStep', '发展步骤 — one recorded decision of member development', {
  TALK: '谈话 — the branch talked with the applicant (within a month of the application)',
  ACTIVIST: '确定入党积极分子 — the branch chose the applicant as an activist, with two contacts',
  ASSESSMENT: '考察 — the half-yearly assessment of an activist',
  DEVELOPMENT_TARGET: '确定发展对象 — after at least a year of training, the branch named a development target',
  POLITICAL_REVIEW: '政治审查 — the political review of the development target',
  TRAINING: '集中培训 — concentrated training, at least 3 days or 24 class hours',
  PUBLIC_NOTICE: '公示 — the public notice, at least 5 working days',
  PRE_REVIEW: '预审 — the committee above pre-reviewed the development target',
  BRANCH_VOTE: '支部大会表决 — the branch members’ assembly voted, counted on those entitled to vote',
  APPROVAL: '上级党委审批 — the committee above approved the admission; the member enters the register',
  OATH: '入党宣誓 — the probationary member took the oath',
  VOTE_FAILED:
    '支部大会表决未通过 — the assembly met with a quorum but no more than half of those entitled voted for; still a development target, may be voted on again',
  WITHDRAWAL: '退出 — the person withdrew or the branch dropped them (取消资格), with the reason; no step after it',
  NOT_APPROVED:
    '不予批准 — the committee above refused, on its merits, the admission the branch voted for, with the reason; no step after it',
});

/** The steps a committee above decides; the branch records the rest. */
export const COMMITTEE_STEPS: DevelopmentStep[] = [
  DevelopmentStep.PRE_REVIEW,
  DevelopmentStep.APPROVAL,
  DevelopmentStep.NOT_APPROVED,
];

/** Steps decided once; an assessment recurs every half year, and a vote that failed may fail again. */
export const ONCE: DevelopmentStep[] = Object.values(DevelopmentStep).filter(
  (s) => s !== DevelopmentStep.ASSESSMENT && s !== DevelopmentStep.VOTE_FAILED,
);
