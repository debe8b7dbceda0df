import type { EntityManager } from 'typeorm';
import {
  type Act,
  type Attachment,
  type Context,
  admitMember,
  checkAttachments,
  coreMessages,
  type Education,
  entitledToVoteOn,
  type FiguresEngine,
  enumLabel,
  ErrorCode,
  type Gender,
  isCommitteeAbove,
  judgeOnEntitled,
  type LocalDate,
  type MemberCategory,
  OrgUnit,
  OrgUnitKind,
  periodElapsedOn,
  periodEnd,
  plusYears,
  refuse,
  WorkingCalendar,
} from '#module-kit';
import { DevelopmentRecord } from '../entities/record.entity';
import { DevelopmentStepRecord } from '../entities/step.entity';
import { COMMITTEE_STEPS, DevelopmentStage, DevelopmentStep as S, ONCE, WithdrawalKind } from '../enums';
import { DEVELOPMENT_LABELS as L, DEVELOPMENT_MESSAGES as D } from '../messages';
import { MODULE } from './module';
import type { MemberDevelopmentPolicy } from './policy';

export interface Application {
  name: string;
  gender: Gender;
  ethnicity?: string | null;
  birthDate: LocalDate;
  education?: Education | null;
  category: MemberCategory;
  appliedOn: LocalDate;
  evidence?: Attachment[] | null;
}

export interface StepFacts {
  step: S;
  decidedOn: LocalDate;
  /** The committee above that decided (pre-review, approval); null for the branch's own steps. */
  decidingUnit: OrgUnit | null;
  evidence?: Attachment[] | null;
  note?: string | null;
  contacts?: string[] | null;
  trainingDays?: number | null;
  trainingHours?: number | null;
  noticeFrom?: LocalDate | null;
  present?: number | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  votesAbstain?: number | null;
  withdrawal?: WithdrawalKind | null;
  reason?: string | null;
}

/** The steps each step follows (the order of the member development rules). */
const NEEDS: Record<S, S[]> = {
  [S.TALK]: [],
  [S.ACTIVIST]: [S.TALK],
  [S.ASSESSMENT]: [S.ACTIVIST],
  [S.DEVELOPMENT_TARGET]: [S.ACTIVIST],
  [S.POLITICAL_REVIEW]: [S.DEVELOPMENT_TARGET],
  [S.TRAINING]: [S.DEVELOPMENT_TARGET],
  [S.PUBLIC_NOTICE]: [S.DEVELOPMENT_TARGET],
  [S.PRE_REVIEW]: [S.POLITICAL_REVIEW, S.TRAINING, S.PUBLIC_NOTICE],
  [S.BRANCH_VOTE]: [S.PRE_REVIEW],
  [S.APPROVAL]: [S.BRANCH_VOTE],
  [S.OATH]: [S.APPROVAL],
  [S.VOTE_FAILED]: [S.PRE_REVIEW],
  [S.WITHDRAWAL]: [],
  [S.NOT_APPROVED]: [S.BRANCH_VOTE],
};

const { APPLICANT, ACTIVIST, DEVELOPMENT_TARGET, PROBATIONARY } = DevelopmentStage;
/** The stages a step is taken in. */
const IN_STAGE: Record<S, DevelopmentStage[]> = {
  [S.TALK]: [APPLICANT],
  [S.ACTIVIST]: [APPLICANT],
  [S.ASSESSMENT]: [ACTIVIST],
  [S.DEVELOPMENT_TARGET]: [ACTIVIST],
  [S.POLITICAL_REVIEW]: [DEVELOPMENT_TARGET],
  [S.TRAINING]: [DEVELOPMENT_TARGET],
  [S.PUBLIC_NOTICE]: [DEVELOPMENT_TARGET],
  [S.PRE_REVIEW]: [DEVELOPMENT_TARGET],
  [S.BRANCH_VOTE]: [DEVELOPMENT_TARGET],
  [S.APPROVAL]: [DEVELOPMENT_TARGET],
  [S.OATH]: [PROBATIONARY],
  [S.VOTE_FAILED]: [DEVELOPMENT_TARGET],
  // Before admission only: a probationary member's course is the register's (decideProbation).
  [S.WITHDRAWAL]: [APPLICANT, ACTIVIST, DEVELOPMENT_TARGET],
  // The committee above decides on the branch's adopted vote, instead of approving it.
  [S.NOT_APPROVED]: [DEVELOPMENT_TARGET],
};

/** Fields that belong to some steps only. */
const VOTE = [S.BRANCH_VOTE, S.VOTE_FAILED];
const FIELD_OF: [keyof StepFacts, S[]][] = [
  ['contacts', [S.ACTIVIST]],
  ['trainingDays', [S.TRAINING]],
  ['trainingHours', [S.TRAINING]],
  ['noticeFrom', [S.PUBLIC_NOTICE]],
  ['present', VOTE],
  ['votesFor', VOTE],
  ['votesAgainst', VOTE],
  ['votesAbstain', VOTE],
  ['withdrawal', [S.WITHDRAWAL]],
  ['reason', [S.WITHDRAWAL, S.NOT_APPROVED]],
];

/** Steps counted by year where the branch sat on their day (services/tallies.ts). */
const TALLIED = [S.APPROVAL, S.VOTE_FAILED, S.WITHDRAWAL, S.NOT_APPROVED];

const f = (name: string) => ['input', name];
const stepLabel = (s: S) => enumLabel(S, s);

/**
 * Member development (发展党员): an application, then each decision in the order of the rules, each
 * with who decided, when and its evidence (全程纪实). Out of order is INVALID_STATE; too early, too
 * short or without quorum or majority is BAD_USER_INPUT naming the rule. The approval enters the
 * person in the register as a probationary member from the day of the branch's vote.
 */
export class DevelopmentService {
  readonly calendar: WorkingCalendar;

  constructor(
    private readonly figures: FiguresEngine,
    private readonly policy: MemberDevelopmentPolicy,
  ) {
    this.calendar = new WorkingCalendar(policy.calendar);
  }

  async apply(tx: EntityManager, branch: OrgUnit, a: Application, act: Act): Promise<DevelopmentRecord> {
    if (branch.kind !== OrgUnitKind.BRANCH)
      refuse(ErrorCode.BAD_USER_INPUT, D.notBranch({ unit: branch.name }), f('unitId'));
    if (a.appliedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.appliedOn }), f('appliedOn'));
    const age = this.policy.minApplicantAge;
    if (a.appliedOn < plusYears(a.birthDate, age))
      refuse(ErrorCode.BAD_USER_INPUT, D.underAge({ age, birth: a.birthDate, on: a.appliedOn }), f('birthDate'));
    const record = tx.create(DevelopmentRecord, {
      unitId: branch.id,
      name: a.name.trim(),
      gender: a.gender,
      ethnicity: a.ethnicity?.trim() || null,
      birthDate: a.birthDate,
      education: a.education ?? null,
      category: a.category,
      appliedOn: a.appliedOn,
      evidence: checkAttachments(a.evidence, f('evidence')),
      stage: DevelopmentStage.APPLICANT,
      stageSince: a.appliedOn,
      contacts: [],
      memberId: null,
      recordedAt: act.at,
      recordedBy: act.actorId,
    });
    const saved = await tx.save(record);
    // The applicant enters the pipeline from the day of the application.
    await this.figures.recount(tx, MODULE, [branch.id], a.appliedOn);
    return saved;
  }

  /** Records one step of a locked record; the caller checked who may decide it. */
  async advance(
    ctx: Context,
    tx: EntityManager,
    record: DevelopmentRecord,
    x: StepFacts,
    act: Act,
  ): Promise<DevelopmentStepRecord> {
    const steps = await tx.find(DevelopmentStepRecord, { where: { recordId: record.id }, order: { id: 'ASC' } });
    const last = (s: S) => steps.filter((r) => r.step === s).at(-1);
    // A withdrawal ends the record: nothing after it (a new application is a new record).
    const left = last(S.WITHDRAWAL);
    if (left)
      refuse(
        ErrorCode.INVALID_STATE,
        D.withdrawn({ on: left.decidedOn, kind: enumLabel(WithdrawalKind, left.withdrawal!) }),
        f('step'),
      );
    // So does the committee's refusal (不予批准).
    const refused = last(S.NOT_APPROVED);
    if (refused) refuse(ErrorCode.INVALID_STATE, D.notApproved({ on: refused.decidedOn }), f('step'));
    // Order: each step once (but assessments), after the steps it follows, in its stage.
    if (ONCE.includes(x.step) && last(x.step))
      refuse(ErrorCode.INVALID_STATE, D.alreadyDone({ step: stepLabel(x.step) }), f('step'));
    const missing = NEEDS[x.step].find((s) => !last(s));
    if (missing)
      refuse(ErrorCode.INVALID_STATE, D.outOfOrder({ step: stepLabel(x.step), needs: stepLabel(missing) }), f('step'));
    if (!IN_STAGE[x.step].includes(record.stage))
      refuse(
        ErrorCode.INVALID_STATE,
        D.wrongStage({
          step: stepLabel(x.step),
          stages: IN_STAGE[x.step].map((s) => enumLabel(DevelopmentStage, s)),
          stage: enumLabel(DevelopmentStage, record.stage),
        }),
        f('step'),
      );
    for (const [field, of] of FIELD_OF) {
      const v = x[field];
      if (v != null && !(Array.isArray(v) && !v.length) && !of.includes(x.step))
        refuse(ErrorCode.BAD_USER_INPUT, D.fieldOfStep({ field, steps: of.map(stepLabel) }), f(field));
    }
    const committee = COMMITTEE_STEPS.includes(x.step);
    if (committee && !x.decidingUnit)
      refuse(ErrorCode.BAD_USER_INPUT, D.committeeRequired({ step: stepLabel(x.step) }), f('decidingUnitId'));
    if (!committee && x.decidingUnit)
      refuse(ErrorCode.BAD_USER_INPUT, D.committeeNotForBranch({ step: stepLabel(x.step) }), f('decidingUnitId'));

    // Dates: not in the future, never before the application or the previous step.
    if (x.decidedOn > act.today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: L.decidedOn }), f('decidedOn'));
    const previous = steps.reduce((d, s) => (s.decidedOn > d ? s.decidedOn : d), record.appliedOn);
    if (x.decidedOn < previous) refuse(ErrorCode.BAD_USER_INPUT, D.before({ on: previous }), f('decidedOn'));

    const row: Partial<DevelopmentStepRecord> = {
      recordId: record.id,
      step: x.step,
      decidedOn: x.decidedOn,
      decidingUnitId: x.decidingUnit?.id ?? record.unitId,
      evidence: checkAttachments(x.evidence, f('evidence')),
      note: x.note?.trim() || null,
      late: false,
      recordedAt: act.at,
      recordedBy: act.actorId,
    };
    const p = this.policy;
    /** An approval or its refusal: refused past the longest time after the vote; late past the usual one. */
    const approvalLate = (): boolean => {
      const voted = last(S.BRANCH_VOTE)!.decidedOn;
      const until = periodEnd(voted, p.approvalMaxMonths);
      if (x.decidedOn > until)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          D.approvalTooLate({ months: p.approvalMaxMonths, voted, until }),
          f('decidedOn'),
        );
      return x.decidedOn > periodEnd(voted, p.approvalMonths);
    };
    const branch = await tx.findOneOrFail(OrgUnit, { where: { id: record.unitId } });
    if (committee) this.checkCommittee(branch, x.decidingUnit!);

    switch (x.step) {
      case S.TALK:
        // Within a month: the last day of the month counted from the application is still in time.
        row.late = x.decidedOn > periodEnd(record.appliedOn, p.talkWithinMonths);
        break;
      case S.ACTIVIST: {
        const contacts = [...new Set((x.contacts ?? []).map((c) => c.trim()).filter(Boolean))];
        if (contacts.length < 1 || contacts.length > 2)
          refuse(ErrorCode.BAD_USER_INPUT, D.contactsRequired(), f('contacts'));
        Object.assign(record, { stage: DevelopmentStage.ACTIVIST, stageSince: x.decidedOn, contacts });
        break;
      }
      case S.ASSESSMENT: {
        const since = last(S.ASSESSMENT)?.decidedOn ?? last(S.ACTIVIST)!.decidedOn;
        row.late = x.decidedOn > periodEnd(since, p.assessEveryMonths);
        break;
      }
      case S.DEVELOPMENT_TARGET: {
        // "More than a year" of training: from the day after the year's last day (Civil Code art. 201).
        const since = last(S.ACTIVIST)!.decidedOn;
        const from = periodElapsedOn(since, p.trainingMonths);
        if (x.decidedOn < from)
          refuse(
            ErrorCode.BAD_USER_INPUT,
            D.trainingTooShort({ months: p.trainingMonths, since, from }),
            f('decidedOn'),
          );
        Object.assign(record, { stage: DevelopmentStage.DEVELOPMENT_TARGET, stageSince: x.decidedOn });
        break;
      }
      case S.TRAINING: {
        const days = x.trainingDays ?? 0;
        const hours = x.trainingHours ?? 0;
        if (days < p.trainingMinDays && hours < p.trainingMinHours)
          refuse(
            ErrorCode.BAD_USER_INPUT,
            D.courseTooShort({ days: p.trainingMinDays, hours: p.trainingMinHours }),
            f(x.trainingDays != null ? 'trainingDays' : 'trainingHours'),
          );
        Object.assign(row, { trainingDays: x.trainingDays ?? null, trainingHours: x.trainingHours ?? null });
        break;
      }
      case S.PUBLIC_NOTICE: {
        // The notice runs from `noticeFrom` through `decidedOn`, its last day, on the working-day calendar.
        if (!x.noticeFrom) refuse(ErrorCode.BAD_USER_INPUT, D.noticeFromRequired(), f('noticeFrom'));
        if (x.noticeFrom < previous) refuse(ErrorCode.BAD_USER_INPUT, D.before({ on: previous }), f('noticeFrom'));
        const days = this.calendar.workingDaysFromTo(x.noticeFrom, x.decidedOn);
        if (days < p.noticeWorkingDays)
          refuse(
            ErrorCode.BAD_USER_INPUT,
            D.noticeTooShort({ required: p.noticeWorkingDays, from: x.noticeFrom, to: x.decidedOn, days }),
            f('decidedOn'),
          );
        Object.assign(row, { noticeFrom: x.noticeFrom, noticeWorkingDays: days });
        break;
      }
      case S.BRANCH_VOTE:
        Object.assign(row, await this.vote(tx, record.unitId, x, true));
        break;
      case S.VOTE_FAILED:
        // A vote taken with a quorum that did not adopt: kept with its counts; the person stays a
        // development target and may be voted on again. Once adopted, no failed vote follows.
        if (last(S.BRANCH_VOTE))
          refuse(ErrorCode.INVALID_STATE, D.alreadyDone({ step: stepLabel(S.BRANCH_VOTE) }), f('step'));
        Object.assign(row, await this.vote(tx, record.unitId, x, false));
        break;
      case S.WITHDRAWAL: {
        const reason = x.reason?.trim();
        if (!x.withdrawal || !reason)
          refuse(ErrorCode.BAD_USER_INPUT, D.withdrawalFields(), f(x.withdrawal ? 'reason' : 'withdrawal'));
        Object.assign(row, { withdrawal: x.withdrawal, reason });
        Object.assign(record, { stage: DevelopmentStage.WITHDRAWN, stageSince: x.decidedOn });
        break;
      }
      case S.NOT_APPROVED: {
        // 审批 decides either way, in the same time: late after three months, refused after six.
        const late = approvalLate();
        const reason = x.reason?.trim();
        if (!reason) refuse(ErrorCode.BAD_USER_INPUT, D.notApprovedReason(), f('reason'));
        Object.assign(row, { reason, late });
        Object.assign(record, { stage: DevelopmentStage.NOT_APPROVED, stageSince: x.decidedOn });
        break;
      }
      case S.APPROVAL: {
        const voted = last(S.BRANCH_VOTE)!.decidedOn;
        row.late = approvalLate();
        // The register entry: a probationary member from the day of the branch's vote.
        const member = await admitMember(ctx, tx, {
          name: record.name,
          gender: record.gender,
          ethnicity: record.ethnicity,
          birthDate: record.birthDate,
          education: record.education,
          category: record.category,
          branchId: record.unitId,
          joinedOn: voted,
        });
        Object.assign(record, { stage: DevelopmentStage.PROBATIONARY, stageSince: voted, memberId: member.id });
        break;
      }
      default:
        break;
    }
    // A counted step adds to its year's tally (an approval: the vote's year); a closed year is not written into.
    const counted = TALLIED.includes(x.step)
      ? x.step === S.APPROVAL
        ? last(S.BRANCH_VOTE)!.decidedOn
        : x.decidedOn
      : null;
    if (counted)
      await this.figures.assertOpen(tx, {
        unitId: record.unitId,
        from: counted,
        modules: [MODULE],
        today: act.today,
        field: f('decidedOn'),
      });
    const saved = await tx.save(tx.create(DevelopmentStepRecord, row));
    await tx.save(record);
    // Every step moves the record's stage segments (the pipeline, what is overdue); a counted one its year too.
    await this.figures.recount(tx, MODULE, [record.unitId], counted ?? x.decidedOn);
    return saved;
  }

  /** The committee above: a party committee of the policy's kinds, above the branch in the tree. */
  private checkCommittee(branch: OrgUnit, unit: OrgUnit) {
    if (!isCommitteeAbove(branch, unit, this.policy.approvingUnitKinds))
      refuse(ErrorCode.BAD_USER_INPUT, D.notCommitteeAbove({ unit: unit.name }), f('decidingUnitId'));
  }

  /** The branch assembly's vote, counted on the full members entitled to vote on the day (kit: assembly vote). */
  private async vote(
    tx: EntityManager,
    branchId: number,
    x: StepFacts,
    adopted: boolean,
  ): Promise<Partial<DevelopmentStepRecord>> {
    const { present, votesFor } = x;
    if (present == null || votesFor == null)
      refuse(ErrorCode.BAD_USER_INPUT, D.voteCounts(), f(present == null ? 'present' : 'votesFor'));
    const entitled = (await entitledToVoteOn(tx, branchId, x.decidedOn)).entitled.length;
    const against = x.votesAgainst ?? 0;
    const abstain = x.votesAbstain ?? 0;
    const cast = votesFor + against + abstain;
    if ([present, votesFor, against, abstain].some((v) => v < 0) || present > entitled || cast > present)
      refuse(ErrorCode.BAD_USER_INPUT, D.voteRange({ present, cast, entitled }), f('present'));
    const j = judgeOnEntitled({ entitled, present, votesFor });
    if (!j.quorum) refuse(ErrorCode.BAD_USER_INPUT, D.noQuorum({ entitled, present }), f('present'));
    if (adopted && !j.adopted) refuse(ErrorCode.BAD_USER_INPUT, D.notAdopted({ entitled, votesFor }), f('votesFor'));
    if (!adopted && j.adopted) refuse(ErrorCode.BAD_USER_INPUT, D.voteAdopted({ entitled, votesFor }), f('votesFor'));
    return { entitled, present, votesFor, votesAgainst: against, votesAbstain: abstain };
  }
}
