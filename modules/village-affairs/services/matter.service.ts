import type { EntityManager } from 'typeorm';
import { ErrorCode, type LocalDate, OrgUnit, OrgUnitKind, refuse } from '#module-kit';
import { VillageMatter } from '../entities/matter.entity';
import { MatterStepRecord, SupervisionFinding } from '../entities/matter-step.entity';
import {
  DisclosureChannel,
  MatterCategory,
  MatterStatus,
  MatterStep,
  MeetingKind,
  STEP_ORDER,
  StepOutcome,
} from '../enums';
import { judgeMeeting, type MeetingRule, type VillageAffairsPolicy } from './policy';

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
}

const VOTED = [MatterStep.REVIEW, MatterStep.RESOLUTION];
const DISCLOSED = [MatterStep.RESOLUTION_DISCLOSED, MatterStep.RESULT_DISCLOSED];
const f = (name: string) => ['input', name];

/** A village or community branch: the units whose matters go through 四议两公开. */
export const isVillage = (u: OrgUnit) =>
  u.kind === OrgUnitKind.BRANCH && (u.sector === 'RURAL' || u.sector === 'COMMUNITY');

/**
 * The procedure of a major matter (四议两公开): steps strictly in order, each recorded once (execution
 * may have progress notes first), the two meetings' quorum and majority checked by the policy. A
 * meeting that misses either records its count and ends the matter as rejected at that step.
 */
export class MatterService {
  constructor(private readonly policy: VillageAffairsPolicy) {}

  async propose(
    tx: EntityManager,
    unit: OrgUnit,
    input: NewMatter,
    actorId: number | null,
    today: LocalDate,
  ): Promise<VillageMatter> {
    if (!isVillage(unit))
      refuse(ErrorCode.BAD_USER_INPUT, 'major matters belong to a village or community branch', f('unitId'));
    if (!input.title.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'a matter needs a title', f('title'));
    if (input.proposedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, 'proposedOn cannot be in the future', f('proposedOn'));
    const amount = input.amountFen ?? null;
    if (amount !== null && !(Number.isSafeInteger(amount) && amount >= 0))
      refuse(ErrorCode.BAD_USER_INPUT, 'amountFen is a whole number of fen, zero or more', f('amountFen'));
    if (amount === null && input.category === MatterCategory.FINANCIAL_EXPENDITURE)
      refuse(ErrorCode.BAD_USER_INPUT, 'a financial expenditure needs its amount', f('amountFen'));
    const old = input.reproposalOf;
    if (old) {
      if (old.unitId !== unit.id)
        refuse(ErrorCode.BAD_USER_INPUT, 'a matter is proposed again by the same village', f('reproposalOfId'));
      if (old.status !== MatterStatus.REJECTED)
        refuse(
          ErrorCode.INVALID_STATE,
          `only a rejected matter can be proposed again; this one is ${old.status}`,
          f('reproposalOfId'),
        );
      if (await tx.exists(VillageMatter, { where: { reproposalOfId: old.id } }))
        refuse(ErrorCode.CONFLICT, 'this rejected matter has already been proposed again', f('reproposalOfId'));
      if (input.proposedOn < old.closedOn!)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          `it was rejected on ${old.closedOn}; the new proposal comes after`,
          f('proposedOn'),
        );
    }
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
    return tx.findOneOrFail(VillageMatter, { where: { id } });
  }

  /** Records the next step; anything else (skipped, repeated, after the end) is INVALID_STATE. */
  async recordStep(
    tx: EntityManager,
    matter: VillageMatter,
    input: StepInput,
    actorId: number | null,
    today: LocalDate,
  ): Promise<MatterStepRecord> {
    if (matter.status === MatterStatus.REJECTED)
      refuse(
        ErrorCode.INVALID_STATE,
        `the matter was rejected at ${matter.rejectedAtStep}; propose it again as a new matter`,
        f('step'),
      );
    if (matter.status === MatterStatus.COMPLETED)
      refuse(ErrorCode.INVALID_STATE, 'the matter is completed: its result has been disclosed', f('step'));
    if (input.step !== matter.nextStep) {
      const done = STEP_ORDER.indexOf(input.step) < STEP_ORDER.indexOf(matter.nextStep!);
      refuse(
        ErrorCode.INVALID_STATE,
        `${input.step} ${done ? 'has already been recorded' : 'cannot come yet'}: the next step is ${matter.nextStep}`,
        f('step'),
      );
    }
    const [last] = await tx.find(MatterStepRecord, { where: { matterId: matter.id }, order: { id: 'DESC' }, take: 1 });
    if (input.heldOn > today) refuse(ErrorCode.BAD_USER_INPUT, 'heldOn cannot be in the future', f('heldOn'));
    if (last && input.heldOn < last.heldOn)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `the previous step was on ${last.heldOn}; steps follow one another`,
        f('heldOn'),
      );
    this.refuseFieldsNotOf(input);

    let outcome = StepOutcome.PASSED;
    let eligible: number | null = null;
    let verdict: string | null = null;
    if (input.step === MatterStep.REVIEW) {
      eligible = await this.fullMembers(tx, matter.unitId, input.heldOn);
      if (input.eligible != null && input.eligible !== eligible) {
        refuse(
          ErrorCode.BAD_USER_INPUT,
          `the register has ${eligible} full members of this branch on ${input.heldOn}; correct the register, or leave eligible out`,
          f('eligible'),
        );
      }
      ({ outcome, verdict } = this.vote(input, eligible, this.policy.review, 'full members'));
    } else if (input.step === MatterStep.RESOLUTION) {
      if (!input.meetingKind)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          "name the meeting that resolved: villagers' or representatives'",
          f('meetingKind'),
        );
      if (input.eligible == null)
        refuse(
          ErrorCode.BAD_USER_INPUT,
          'give the number entitled to attend (adult villagers, or representatives)',
          f('eligible'),
        );
      eligible = input.eligible;
      const rule =
        input.meetingKind === MeetingKind.VILLAGERS_MEETING
          ? this.policy.villagersMeeting
          : this.policy.representativesMeeting;
      ({ outcome, verdict } = this.vote(
        input,
        eligible,
        rule,
        input.meetingKind === MeetingKind.VILLAGERS_MEETING ? 'villagers' : 'representatives',
      ));
    } else if (DISCLOSED.includes(input.step)) {
      if (!input.channels?.length) refuse(ErrorCode.BAD_USER_INPUT, 'a disclosure names its channels', f('channels'));
      if (!input.place?.trim())
        refuse(ErrorCode.BAD_USER_INPUT, 'a disclosure names where it was published', f('place'));
    } else if (input.step === MatterStep.EXECUTION) {
      if (!input.notes?.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'an execution record says what was done', f('notes'));
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
    const next = STEP_ORDER[STEP_ORDER.indexOf(input.step) + 1] ?? null;
    const change: Partial<VillageMatter> =
      outcome === StepOutcome.FAILED
        ? { status: MatterStatus.REJECTED, nextStep: null, rejectedAtStep: input.step, closedOn: input.heldOn }
        : outcome === StepOutcome.PROGRESS
          ? {}
          : next
            ? { nextStep: next }
            : { status: MatterStatus.COMPLETED, nextStep: null, closedOn: input.heldOn };
    await tx.update(VillageMatter, { id: matter.id }, { ...change, version: matter.version + 1 });
    return tx.findOneOrFail(MatterStepRecord, { where: { id: result.identifiers[0].id } });
  }

  /** The supervision committee watches every step: a finding may concern any step reached so far. */
  async addFinding(
    tx: EntityManager,
    matter: VillageMatter,
    input: { step: MatterStep; text: string; recordedOn: LocalDate },
    actorId: number | null,
    today: LocalDate,
  ): Promise<void> {
    const reached = matter.nextStep ?? matter.rejectedAtStep ?? MatterStep.RESULT_DISCLOSED;
    if (STEP_ORDER.indexOf(input.step) > STEP_ORDER.indexOf(reached))
      refuse(ErrorCode.INVALID_STATE, `the matter has not reached ${input.step} (it stands at ${reached})`, f('step'));
    if (!input.text.trim()) refuse(ErrorCode.BAD_USER_INPUT, 'a finding says what was found', f('text'));
    if (input.recordedOn > today || input.recordedOn < matter.proposedOn)
      refuse(ErrorCode.BAD_USER_INPUT, 'recordedOn falls between the proposal and today', f('recordedOn'));
    await tx.insert(SupervisionFinding, {
      matterId: matter.id,
      step: input.step,
      text: input.text.trim(),
      recordedOn: input.recordedOn,
      recordedBy: actorId,
    });
  }

  async lock(tx: EntityManager, id: number, field = f('matterId')): Promise<VillageMatter> {
    const matter = await tx.findOne(VillageMatter, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!matter) refuse(ErrorCode.NOT_FOUND, 'matter not found', field);
    return matter;
  }

  /** Quorum of the entitled, then adoption by those present, by the meeting's rule. */
  private vote(
    input: StepInput,
    eligible: number,
    rule: MeetingRule,
    who: string,
  ): { outcome: StepOutcome; verdict: string } {
    const { present, votesFor } = input;
    if (present == null || votesFor == null)
      refuse(
        ErrorCode.BAD_USER_INPUT,
        'a meeting records how many were present and how many voted for',
        f(present == null ? 'present' : 'votesFor'),
      );
    if (eligible < 1) refuse(ErrorCode.BAD_USER_INPUT, `no ${who} are entitled to attend`, f('eligible'));
    if (present < 0 || present > eligible)
      refuse(ErrorCode.BAD_USER_INPUT, `present must be between 0 and the ${eligible} ${who} entitled`, f('present'));
    const cast = votesFor + (input.votesAgainst ?? 0) + (input.votesAbstain ?? 0);
    if ([votesFor, input.votesAgainst ?? 0, input.votesAbstain ?? 0].some((v) => v < 0) || cast > present) {
      refuse(
        ErrorCode.BAD_USER_INPUT,
        `votes for, against and abstaining (${cast}) cannot exceed those present (${present})`,
        f('votesFor'),
      );
    }
    const { adopted, verdict } = judgeMeeting(rule, eligible, present, votesFor, who);
    return { outcome: adopted ? StepOutcome.PASSED : StepOutcome.FAILED, verdict };
  }

  /** Fields belong to their steps; one given to another step is a mistake worth saying. */
  private refuseFieldsNotOf(input: StepInput) {
    const only: [keyof StepInput, MatterStep[]][] = [
      ['meetingKind', [MatterStep.RESOLUTION]],
      ['present', VOTED],
      ['eligible', VOTED],
      ['votesFor', VOTED],
      ['votesAgainst', VOTED],
      ['votesAbstain', VOTED],
      ['channels', DISCLOSED],
      ['place', DISCLOSED],
      ['completed', [MatterStep.EXECUTION]],
    ];
    for (const [field, steps] of only) {
      if (input[field] != null && !steps.includes(input.step))
        refuse(ErrorCode.BAD_USER_INPUT, `${field} belongs to ${steps.join(' or ')}, not ${input.step}`, f(field));
    }
  }

  /** Full members of the branch on the day, from the register's membership periods. */
  private async fullMembers(tx: EntityManager, branchId: number, day: LocalDate): Promise<number> {
    const [row] = await tx.query(
      `SELECT count(DISTINCT m.id)::int AS n FROM membership_period p JOIN member m ON m.id = p.member_id
       WHERE p.branch_id = $1 AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
         AND m.full_member_since <= $2 AND (m.departed_on IS NULL OR m.departed_on > $2)`,
      [branchId, day],
    );
    return row.n;
  }
}

const clean = (names: string[] | null | undefined) => [...new Set((names ?? []).map((n) => n.trim()).filter(Boolean))];
