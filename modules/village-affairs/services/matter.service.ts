import type { EntityManager } from 'typeorm';
import {
  type Act,
  ErrorCode,
  type FiguresEngine,
  type LocalDate,
  OrgUnit,
  OrgUnitKind,
  plusDays,
  refuse,
  fullMembersOn,
  type SqlRunner,
  coreMessages,
  enumLabel,
  type Message,
} from '#module-kit';
import { VillageMatter } from '../entities/matter.entity';
import { MatterStepRecord, StepExclusion, SupervisionFinding } from '../entities/matter-step.entity';
import {
  DisclosureChannel,
  MatterCategory,
  MatterStatus,
  MatterStep,
  MeetingKind,
  STEP_ORDER,
  StepOutcome,
  VoteExclusionReason,
} from '../enums';
import type { SuspendedOn } from './member-standing-port';
import { reachOf } from './tallies';
import { judgeMeeting, type MeetingCount, type MeetingRule, type VillageAffairsPolicy } from './policy';
import { VILLAGE_LABELS as VL, VILLAGE_MESSAGES as V } from '../messages';
const stepLabel = (step: string | null) => (step ? enumLabel(MatterStep, step) : '—');

export interface NewMatter {
  title: string;
  category: MatterCategory;
  amountFen?: number | null;
  description?: string | null;
  proposedOn: LocalDate;
  notes?: string | null;
  attendees?: string[] | null;
  reproposalOf?: VillageMatter | null;
}

export interface StepInput {
  step: MatterStep;
  heldOn: LocalDate;
  meetingKind?: MeetingKind | null;
  present?: number | null;
  eligible?: number | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  votesAbstain?: number | null;
  channels?: DisclosureChannel[] | null;
  place?: string | null;
  notes?: string | null;
  attendees?: string[] | null;
  completed?: boolean | null;
  /** Members' assembly: full members left out of the count for this meeting, each with its reason. */
  excused?: { memberId: number; reason: VoteExclusionReason; note?: string | null }[] | null;
  /** Villagers' meeting held by household representatives: the households, and those represented. */
  households?: number | null;
  householdsPresent?: number | null;
}

/** Who is entitled to vote at a members' assembly on a day, and who of the branch's full members is not. */
export interface Entitlement {
  fullMembers: number;
  entitled: number;
  excluded: { memberId: number; reason: VoteExclusionReason; note: string | null }[];
}

const MODULE = 'village-affairs';
const VOTED = [MatterStep.REVIEW, MatterStep.RESOLUTION];
const DISCLOSED = [MatterStep.RESOLUTION_DISCLOSED, MatterStep.RESULT_DISCLOSED];
const f = (name: string) => ['input', name];

/** A village or community branch: the units whose matters go through 四议两公开. */
export const isVillage = (u: OrgUnit) =>
  u.kind === OrgUnitKind.BRANCH && (u.sector === 'RURAL' || u.sector === 'COMMUNITY');

/**
 * The procedure of a major matter (四议两公开): steps strictly in order, each decided once (execution
 * may have progress notes first), the two meetings' quorum and majority checked by the policy. A
 * meeting without quorum is void: it is kept on record and the same step is called again. A meeting
 * with quorum whose vote fails ends the matter as rejected at that step.
 */
export class MatterService {
  constructor(
    private readonly policy: VillageAffairsPolicy,
    private readonly figures: FiguresEngine,
  ) {}

  /**
   * A proposal, step or finding that would change a closed month of the village (from `from`, the first
   * month it can change, through its own day) is refused PERIOD_CLOSED.
   */
  private open(tx: EntityManager, unitId: number, from: LocalDate, field: string, today: LocalDate, through = from) {
    return this.figures.assertOpen(tx, { unitId, from, through, modules: [MODULE], today, field: f(field) });
  }

  async propose(
    tx: EntityManager,
    unit: OrgUnit,
    input: NewMatter,
    actorId: number | null,
    today: LocalDate,
  ): Promise<VillageMatter> {
    if (!isVillage(unit)) refuse(ErrorCode.BAD_USER_INPUT, V.mattersOfVillage(), f('unitId'));
    if (!input.title.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.titleRequired(), f('title'));
    if (input.proposedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: VL.proposedOn }), f('proposedOn'));
    const amount = input.amountFen ?? null;
    if (amount !== null && !(Number.isSafeInteger(amount) && amount >= 0))
      refuse(ErrorCode.BAD_USER_INPUT, V.amountFen(), f('amountFen'));
    if (amount === null && input.category === MatterCategory.FINANCIAL_EXPENDITURE)
      refuse(ErrorCode.BAD_USER_INPUT, V.amountRequired(), f('amountFen'));
    const old = input.reproposalOf;
    if (old) {
      if (old.unitId !== unit.id) refuse(ErrorCode.BAD_USER_INPUT, V.sameVillageAgain(), f('reproposalOfId'));
      if (old.status !== MatterStatus.REJECTED)
        refuse(
          ErrorCode.INVALID_STATE,
          V.onlyRejectedAgain({ status: enumLabel(MatterStatus, old.status) }),
          f('reproposalOfId'),
        );
      if (await tx.exists(VillageMatter, { where: { reproposalOfId: old.id } }))
        refuse(ErrorCode.CONFLICT, V.alreadyProposedAgain(), f('reproposalOfId'));
      if (input.proposedOn < old.closedOn!)
        refuse(ErrorCode.BAD_USER_INPUT, V.afterRejection({ on: old.closedOn }), f('proposedOn'));
    }
    await this.open(tx, unit.id, input.proposedOn, 'proposedOn', today);
    const result = await tx.insert(VillageMatter, {
      unitId: unit.id,
      title: input.title.trim(),
      category: input.category,
      amountFen: amount,
      description: input.description?.trim() || null,
      proposedOn: input.proposedOn,
      status: MatterStatus.IN_PROGRESS,
      nextStep: MatterStep.DELIBERATION,
      reproposalOfId: old?.id ?? null,
    });
    const id = result.identifiers[0].id as number;
    await tx.insert(MatterStepRecord, {
      matterId: id,
      step: MatterStep.PROPOSAL,
      heldOn: input.proposedOn,
      outcome: StepOutcome.PASSED,
      notes: input.notes?.trim() || null,
      attendees: clean(input.attendees),
      recordedBy: actorId,
    });
    await this.figures.recount(tx, MODULE, [unit.id], input.proposedOn);
    return tx.findOneOrFail(VillageMatter, { where: { id } });
  }

  /** Records the next step; anything else (skipped, repeated, after the end) is INVALID_STATE. */
  async recordStep(
    tx: EntityManager,
    matter: VillageMatter,
    input: StepInput,
    actorId: number | null,
    today: LocalDate,
    suspendedOn: SuspendedOn,
  ): Promise<MatterStepRecord> {
    if (matter.status === MatterStatus.REJECTED)
      refuse(ErrorCode.INVALID_STATE, V.rejectedAt({ step: stepLabel(matter.rejectedAtStep) }), f('step'));
    if (matter.status === MatterStatus.COMPLETED) refuse(ErrorCode.INVALID_STATE, V.completed(), f('step'));
    if (input.step !== matter.nextStep) {
      const done = STEP_ORDER.indexOf(input.step) < STEP_ORDER.indexOf(matter.nextStep!);
      refuse(
        ErrorCode.INVALID_STATE,
        (done ? V.stepAlreadyRecorded : V.stepNotYet)({
          step: stepLabel(input.step),
          next: stepLabel(matter.nextStep),
        }),
        f('step'),
      );
    }
    const [last] = await tx.find(MatterStepRecord, { where: { matterId: matter.id }, order: { id: 'DESC' }, take: 1 });
    if (input.heldOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, coreMessages.inFuture({ field: VL.heldOn }), f('heldOn'));
    if (last && input.heldOn < last.heldOn)
      refuse(ErrorCode.BAD_USER_INPUT, V.stepsFollow({ on: last.heldOn }), f('heldOn'));
    this.refuseFieldsNotOf(input);
    // It changes the figures of the month the matter was proposed in while that month is open.
    const reach = reachOf(this.figures, matter.proposedOn, input.heldOn);
    await this.open(tx, matter.unitId, reach, 'heldOn', today, input.heldOn);

    let outcome = StepOutcome.PASSED;
    let eligible: number | null = null;
    let fullMembers: number | null = null;
    let excluded: Entitlement['excluded'] = [];
    let verdict: string | null = null;
    if (input.step === MatterStep.REVIEW) {
      const e = await this.entitlement(tx, matter.unitId, input.heldOn, input.excused ?? [], suspendedOn);
      ({ fullMembers, excluded } = e);
      eligible = e.entitled;
      if (input.eligible != null && input.eligible !== eligible) {
        refuse(
          ErrorCode.BAD_USER_INPUT,
          V.entitledMismatch({ entitlement: entitlementMessage(e, input.heldOn) }),
          f('eligible'),
        );
      }
      if (eligible < 1)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          V.nobodyCanVote({ entitlement: entitlementMessage(e, input.heldOn) }),
          f('excused'),
        );
      ({ outcome, verdict } = this.vote(input, { eligible, prefix: `${describeEntitlement(e, input.heldOn)}; ` }));
    } else if (input.step === MatterStep.RESOLUTION) {
      if (!input.meetingKind) refuse(ErrorCode.BAD_USER_INPUT, V.meetingKindRequired(), f('meetingKind'));
      if (input.eligible == null) refuse(ErrorCode.BAD_USER_INPUT, V.eligibleRequired(), f('eligible'));
      eligible = input.eligible;
      ({ outcome, verdict } = this.vote(input, { eligible, prefix: '' }));
    } else if (DISCLOSED.includes(input.step)) {
      if (!input.channels?.length) refuse(ErrorCode.BAD_USER_INPUT, V.channelsRequired(), f('channels'));
      if (!input.place?.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.placeRequired(), f('place'));
    } else if (input.step === MatterStep.EXECUTION) {
      if (!input.notes?.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.notesRequired(), f('notes'));
      await this.refuseBeforeDisclosurePeriod(tx, matter.id, input.heldOn);
      if (!input.completed) outcome = StepOutcome.PROGRESS;
    }

    const result = await tx.insert(MatterStepRecord, {
      matterId: matter.id,
      step: input.step,
      heldOn: input.heldOn,
      outcome,
      meetingKind: input.meetingKind ?? null,
      present: input.present ?? null,
      eligible,
      fullMembers,
      households: input.households ?? null,
      householdsPresent: input.householdsPresent ?? null,
      votesFor: input.votesFor ?? null,
      votesAgainst: input.votesAgainst ?? null,
      votesAbstain: input.votesAbstain ?? null,
      verdict,
      channels: input.channels?.length ? [...new Set(input.channels)] : null,
      place: input.place?.trim() || null,
      notes: input.notes?.trim() || null,
      attendees: clean(input.attendees),
      recordedBy: actorId,
    });
    const stepId = result.identifiers[0].id as number;
    if (excluded.length)
      await tx.insert(
        StepExclusion,
        excluded.map((x) => ({ stepId, memberId: x.memberId, reason: x.reason, note: x.note })),
      );
    const next = STEP_ORDER[STEP_ORDER.indexOf(input.step) + 1] ?? null;
    const change: Partial<VillageMatter> =
      outcome === StepOutcome.FAILED
        ? { status: MatterStatus.REJECTED, nextStep: null, rejectedAtStep: input.step, closedOn: input.heldOn }
        : outcome === StepOutcome.PROGRESS || outcome === StepOutcome.NO_QUORUM
          ? {}
          : next
            ? { nextStep: next }
            : { status: MatterStatus.COMPLETED, nextStep: null, closedOn: input.heldOn };
    await tx.update(VillageMatter, { id: matter.id }, { ...change, version: matter.version + 1 });
    await this.figures.recount(tx, MODULE, [matter.unitId], reach);
    return tx.findOneOrFail(MatterStepRecord, { where: { id: stepId } });
  }

  /**
   * The supervision committee (村务监督委员会) watches every step: a finding may concern any step reached so
   * far, and is recorded by a member of the committee (the post the caller checked), not by the secretary.
   */
  async addFinding(
    tx: EntityManager,
    matter: VillageMatter,
    input: { step: MatterStep; text: string; recordedOn: LocalDate },
    supervisorPostId: number,
    act: Act,
  ): Promise<void> {
    const reached = matter.nextStep ?? matter.rejectedAtStep ?? MatterStep.RESULT_DISCLOSED;
    if (STEP_ORDER.indexOf(input.step) > STEP_ORDER.indexOf(reached))
      refuse(
        ErrorCode.INVALID_STATE,
        V.notReached({ step: stepLabel(input.step), reached: stepLabel(reached) }),
        f('step'),
      );
    if (!input.text.trim()) refuse(ErrorCode.BAD_USER_INPUT, V.findingText(), f('text'));
    if (input.recordedOn > act.today || input.recordedOn < matter.proposedOn)
      refuse(ErrorCode.BAD_USER_INPUT, V.betweenProposalAndToday({ field: VL.recordedOn }), f('recordedOn'));
    const reach = reachOf(this.figures, matter.proposedOn, input.recordedOn);
    await this.open(tx, matter.unitId, reach, 'recordedOn', act.today, input.recordedOn);
    await tx.insert(SupervisionFinding, {
      matterId: matter.id,
      step: input.step,
      text: input.text.trim(),
      recordedOn: input.recordedOn,
      recordedBy: act.actorId,
      supervisorPostId,
      recordedAt: act.at,
    });
    await this.figures.recount(tx, MODULE, [matter.unitId], reach);
  }

  /**
   * The post by which a member sits on the village's supervision committee on a day (held from its term
   * start, not ended, the member not departed); null when they hold none.
   */
  async supervisorPost(db: SqlRunner, villageId: number, memberId: number, day: LocalDate): Promise<number | null> {
    const [row] = await db.query<{ id: number }>(
      `SELECT p.id FROM post p JOIN member m ON m.id = p.member_id
       WHERE p.unit_id = $1 AND p.member_id = $2 AND p.role = 'VILLAGE_SUPERVISOR' AND p.term_start <= $3::date
         AND p.ended_on IS NULL AND (m.departed_on IS NULL OR m.departed_on > $3::date)
       ORDER BY p.id LIMIT 1`,
      [villageId, memberId, day],
    );
    return row?.id ?? null;
  }

  async lock(tx: EntityManager, id: number, field = f('matterId')): Promise<VillageMatter> {
    const matter = await tx.findOne(VillageMatter, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!matter) refuse(ErrorCode.NOT_FOUND, coreMessages.notFound({ what: VL.matter }), field);
    return matter;
  }

  /**
   * The count of a meeting judged by its rule: the members' assembly on those entitled to vote (quorum
   * and adoption), the villagers' meetings on those entitled to attend (quorum) and those present
   * (adoption). Without quorum the meeting is void (NO_QUORUM); with quorum, adopted or FAILED.
   */
  private vote(input: StepInput, o: { eligible: number; prefix: string }): { outcome: StepOutcome; verdict: string } {
    const { present, votesFor } = input;
    const review = input.step === MatterStep.REVIEW;
    const villagers = input.meetingKind === MeetingKind.VILLAGERS_MEETING;
    const who = review ? 'entitled to vote' : villagers ? 'villagers aged 18 or over' : 'representatives';
    const whoLabel = review ? VL.entitledToVote : villagers ? VL.villagers : VL.representatives;
    if (present == null || votesFor == null)
      refuse(ErrorCode.BAD_USER_INPUT, V.presentAndFor(), f(present == null ? 'present' : 'votesFor'));
    if (o.eligible < 1) refuse(ErrorCode.BAD_USER_INPUT, V.noneEntitled({ who: whoLabel }), f('eligible'));
    if (present < 0 || present > o.eligible)
      refuse(ErrorCode.BAD_USER_INPUT, V.presentRange({ eligible: o.eligible, who: whoLabel }), f('present'));
    const cast = votesFor + (input.votesAgainst ?? 0) + (input.votesAbstain ?? 0);
    if ([votesFor, input.votesAgainst ?? 0, input.votesAbstain ?? 0].some((v) => v < 0) || cast > present) {
      refuse(ErrorCode.BAD_USER_INPUT, V.votesExceed({ cast, present }), f('votesFor'));
    }
    const count: MeetingCount = { entitled: o.eligible, present, votesFor };
    const { households, householdsPresent } = input;
    if (households != null || householdsPresent != null) {
      if (households == null || householdsPresent == null)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          V.householdsBoth(),
          f(households == null ? 'households' : 'householdsPresent'),
        );
      if (households < 1) refuse(ErrorCode.BAD_USER_INPUT, V.householdsPositive(), f('households'));
      if (householdsPresent < 0 || householdsPresent > households)
        refuse(ErrorCode.BAD_USER_INPUT, V.householdsRange({ households }), f('householdsPresent'));
      if (householdsPresent > present)
        refuse(ErrorCode.BAD_USER_INPUT, V.householdsByPresent({ householdsPresent, present }), f('householdsPresent'));
      Object.assign(count, { households, householdsPresent });
    }
    const rule: MeetingRule = review
      ? this.policy.review
      : villagers
        ? this.policy.villagersMeeting
        : this.policy.representativesMeeting;
    const j = judgeMeeting(rule, review ? 'ENTITLED' : 'PRESENT', count, who);
    return {
      outcome: !j.quorum ? StepOutcome.NO_QUORUM : j.adopted ? StepOutcome.PASSED : StepOutcome.FAILED,
      verdict: o.prefix + j.verdict,
    };
  }

  /**
   * Those entitled to vote at the branch's members' assembly on a day: its full members from the register,
   * less those whose membership is suspended (停止党籍: no party rights) and those the branch left out of
   * the count for this meeting (away long-term, gravely ill, abroad, or without a vote: 留党察看).
   * Probationary members were never counted.
   */
  async entitlement(
    db: SqlRunner,
    branchId: number,
    day: LocalDate,
    excused: NonNullable<StepInput['excused']>,
    suspendedOn: SuspendedOn,
  ): Promise<Entitlement> {
    const full = await fullMembersOn(db, branchId, day); // the kit's, shared with every assembly vote
    const suspended = new Set(await suspendedOn(full, day));
    const fullSet = new Set(full);
    const seen = new Set<number>();
    excused.forEach((x, i) => {
      const at = ['input', 'excused', String(i)];
      if (!fullSet.has(x.memberId)) refuse(ErrorCode.BAD_USER_INPUT, V.notFullMember({ day }), [...at, 'memberId']);
      if (seen.has(x.memberId)) refuse(ErrorCode.BAD_USER_INPUT, V.listedTwice(), [...at, 'memberId']);
      seen.add(x.memberId);
      if (x.reason === VoteExclusionReason.SUSPENDED)
        refuse(ErrorCode.BAD_USER_INPUT, V.suspensionsRead(), [...at, 'reason']);
      if (suspended.has(x.memberId)) refuse(ErrorCode.BAD_USER_INPUT, V.alreadySuspended({ day }), [...at, 'memberId']);
      if (x.reason === VoteExclusionReason.OTHER && !x.note?.trim())
        refuse(ErrorCode.BAD_USER_INPUT, V.otherReason(), [...at, 'note']);
    });
    const excluded: Entitlement['excluded'] = [
      ...full
        .filter((id) => suspended.has(id))
        .map((memberId) => ({ memberId, reason: VoteExclusionReason.SUSPENDED, note: null })),
      ...excused.map((x) => ({ memberId: x.memberId, reason: x.reason, note: x.note?.trim() || null })),
    ];
    return { fullMembers: full.length, entitled: full.length - excluded.length, excluded };
  }

  /**
   * Execution starts after the resolution has been disclosed for the policy's days: counted from the
   * day after the disclosure (Civil Code art. 201), execution may start the day after the last one.
   */
  private async refuseBeforeDisclosurePeriod(tx: EntityManager, matterId: number, heldOn: LocalDate) {
    const days = this.policy.resolutionDisclosureDays;
    const disclosed = await tx.findOne(MatterStepRecord, {
      where: { matterId, step: MatterStep.RESOLUTION_DISCLOSED, outcome: StepOutcome.PASSED },
    });
    if (!disclosed || days === 0) return;
    const from = plusDays(disclosed.heldOn, days + 1);
    if (heldOn < from)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        V.disclosurePeriod({ on: disclosed.heldOn, days, until: plusDays(disclosed.heldOn, days), from }),
        f('heldOn'),
      );
  }

  /** Fields belong to their steps; one given to another step is a mistake worth saying. */
  private refuseFieldsNotOf(input: StepInput) {
    const only: [keyof StepInput, MatterStep[]][] = [
      ['meetingKind', [MatterStep.RESOLUTION]],
      ['present', VOTED],
      ['eligible', VOTED],
      ['excused', [MatterStep.REVIEW]],
      ['votesFor', VOTED],
      ['votesAgainst', VOTED],
      ['votesAbstain', VOTED],
      ['channels', DISCLOSED],
      ['place', DISCLOSED],
      ['completed', [MatterStep.EXECUTION]],
    ];
    for (const [field, steps] of only) {
      const value = input[field];
      if (value != null && !(Array.isArray(value) && !value.length) && !steps.includes(input.step))
        refuse(
          ErrorCode.BAD_USER_INPUT,
          V.fieldOfSteps({ field, steps: steps.map(stepLabel), step: stepLabel(input.step) }),
          f(field),
        );
    }
    for (const field of ['households', 'householdsPresent'] as const) {
      if (
        input[field] != null &&
        (input.step !== MatterStep.RESOLUTION || input.meetingKind !== MeetingKind.VILLAGERS_MEETING)
      )
        refuse(ErrorCode.BAD_USER_INPUT, V.householdsOfVillagersMeeting({ field }), f(field));
    }
  }
}

/** The entitlement as a message (the refusals that name it). */
function entitlementMessage(e: Entitlement, day: LocalDate): Message {
  const suspended = e.excluded.filter((x) => x.reason === VoteExclusionReason.SUSPENDED).length;
  const excused = e.excluded.length - suspended;
  const parts = [
    ...(suspended ? [V.suspendedCount({ count: suspended })] : []),
    ...(excused ? [V.excusedCount({ count: excused })] : []),
  ];
  const less = parts.length ? V.entitlementLess({ parts }) : '';
  return V.entitlement({ entitled: e.entitled, fullMembers: e.fullMembers, day, less });
}

/**
 * The entitlement as a verdict's first words:
 * "entitled to vote 5 of 9 full members on 2026-11-02 (1 suspended, 3 not counted by the branch)".
 */
export function describeEntitlement(e: Entitlement, day: LocalDate): string {
  const suspended = e.excluded.filter((x) => x.reason === VoteExclusionReason.SUSPENDED).length;
  const excused = e.excluded.length - suspended;
  const less = [suspended && `${suspended} suspended`, excused && `${excused} not counted by the branch`].filter(
    Boolean,
  );
  return `entitled to vote ${e.entitled} of ${e.fullMembers} full members on ${day}${less.length ? ` (${less.join(', ')})` : ''}`;
}

const clean = (names: string[] | null | undefined) => [...new Set((names ?? []).map((n) => n.trim()).filter(Boolean))];
