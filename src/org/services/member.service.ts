import { In, IsNull, type EntityManager } from 'typeorm';
import { ErrorCode, UserErrorsException, refuse, userError } from '../../graphql/errors';
import type { LocalDate } from '../../graphql/scalars';
import { Member } from '../entities/member.entity';
import { MembershipChange, MembershipPeriod } from '../entities/membership-period.entity';
import { OrgUnit } from '../entities/org-unit.entity';
import { DepartureReason, MemberStatus, OrgUnitKind } from '../enums';
import { checkNewMember, type MemberFacts, type NewMember, type Problem } from './member-rules';
import { plusDays, plusYears } from '../../calendar';
import { enumLabel } from '../../graphql/enum';
import { localized } from '../../messages/catalogue';
import { CORE_MESSAGES as M, LABELS } from '../../messages/core';
import type { MemberMove } from '../member-moves';
const THIS_MEMBER = localized('该党员', 'this member');

/** 预备期满 — a probation of one year from joining (the branch meeting's vote), or the extended end. */
export const probationDueOn = (m: Pick<Member, 'joinedOn' | 'probationExtendedTo'>): LocalDate =>
  m.probationExtendedTo ?? plusYears(m.joinedOn, 1);

/** The branch's decision when probation ends. */
export enum ProbationDecision {
  FULL_MEMBERSHIP = 'FULL_MEMBERSHIP',
  EXTEND = 'EXTEND',
  CANCEL = 'CANCEL',
}

export interface Placement {
  branchId: number;
  partyGroupId?: number | null;
}

export type MemberChanges = Partial<Omit<NewMember, 'joinedOn' | 'category'>> &
  Partial<Pick<NewMember, 'joinedOn' | 'category'>>;

/**
 * What to answer when an ID card number is already recorded: `holders` are the members holding it.
 * A number is unique across the deployment, so the answer must say only what the viewer may know
 * (see src/org/id-card-probes.ts); it always refuses.
 */
export type IdCardTaken = (holders: Member[], field: string[]) => Promise<never>;

/** For work without a viewer (the CLI import, demo data): the plain refusal. */
export const idCardTaken: IdCardTaken = async (_holders, field) =>
  refuse(ErrorCode.CONFLICT, M.idCardRecorded(), field);

/** What an edit of a member needs from its writer, beyond the member's branch. */
export interface MemberEdit {
  /** Refuses (FORBIDDEN) unless the writer may change the branch: a corrected joining day rewrites its first period. */
  mayRewrite(branchId: number): Promise<unknown>;
  /** The values the edit replaced, for the audit (the input has only the new ones). */
  replaced(values: Record<string, unknown>): void;
}

/** Writes to members; every method runs inside the caller's transaction. */
export class MemberService {
  /**
   * `moved`: told of every transfer to another branch, every departure and every corrected joining
   * day, in the same transaction.
   */
  constructor(private readonly moved: (tx: EntityManager, move: MemberMove) => Promise<void> = async () => {}) {}

  async create(
    tx: EntityManager,
    input: NewMember & Placement,
    today: LocalDate,
    change = MembershipChange.JOINED,
    taken: IdCardTaken = idCardTaken,
  ): Promise<Member> {
    const { facts, problems } = checkNewMember(input, today);
    if (!facts) throw toUserErrors(problems);
    const placementProblems = await this.checkPlacement(tx, [input]);
    if (placementProblems[0].length) throw toUserErrors(placementProblems[0]);
    await this.checkIdCardsFree(tx, [facts], undefined, taken);
    const [id] = await this.insertMany(
      tx,
      [{ facts, branchId: input.branchId, partyGroupId: input.partyGroupId ?? null }],
      change,
    );
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /** Inserts checked rows in batches (the CSV import's path for thousands of rows); returns their ids. */
  async insertMany(
    tx: EntityManager,
    rows: { facts: MemberFacts; branchId: number; partyGroupId: number | null }[],
    change: MembershipChange,
  ): Promise<number[]> {
    const created: number[] = [];
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000);
      const result = await tx.insert(
        Member,
        chunk.map((r) => ({ ...r.facts, branchId: r.branchId, partyGroupId: r.partyGroupId })),
      );
      const ids = result.identifiers.map((x) => x.id as number);
      await tx.insert(
        MembershipPeriod,
        chunk.map((r, j) => ({
          memberId: ids[j],
          branchId: r.branchId,
          partyGroupId: r.partyGroupId,
          validFrom: r.facts.joinedOn,
          validTo: null,
          change,
          note: null,
        })),
      );
      created.push(...ids);
    }
    return created;
  }

  /** Checks, for each row, that the branch is a live branch and the party group one of its groups. */
  async checkPlacement(tx: EntityManager, rows: Placement[]): Promise<Problem[][]> {
    const ids = [...new Set(rows.flatMap((r) => [r.branchId, r.partyGroupId].filter((x): x is number => !!x)))];
    const units = new Map((await tx.find(OrgUnit, { where: { id: In(ids) } })).map((u) => [u.id, u]));
    return rows.map((r) => {
      const problems: Problem[] = [];
      const branch = units.get(r.branchId);
      if (!branch)
        problems.push({ field: 'branchId', message: M.notFound({ what: LABELS.branch }), code: ErrorCode.NOT_FOUND });
      else if (branch.kind !== OrgUnitKind.BRANCH)
        problems.push({
          field: 'branchId',
          message: M.notABranch({ unit: branch.name, kind: enumLabel(OrgUnitKind, branch.kind) }),
        });
      else if (branch.dissolvedOn)
        problems.push({
          field: 'branchId',
          message: M.dissolvedOn({ unit: branch.name, on: branch.dissolvedOn }),
          code: ErrorCode.INVALID_STATE,
        });
      if (r.partyGroupId) {
        const group = units.get(r.partyGroupId);
        if (!group || group.kind !== OrgUnitKind.PARTY_GROUP)
          problems.push({
            field: 'partyGroupId',
            message: M.notFound({ what: LABELS.partyGroup }),
            code: ErrorCode.NOT_FOUND,
          });
        else if (group.parentId !== r.branchId)
          problems.push({ field: 'partyGroupId', message: M.notGroupOfBranch({ unit: group.name }) });
        else if (group.dissolvedOn)
          problems.push({
            field: 'partyGroupId',
            message: M.dissolvedOn({ unit: group.name, on: group.dissolvedOn }),
            code: ErrorCode.INVALID_STATE,
          });
      }
      return problems;
    });
  }

  async checkIdCardsFree(
    tx: EntityManager,
    facts: MemberFacts[],
    exceptMemberId?: number,
    taken: IdCardTaken = idCardTaken,
  ): Promise<void> {
    const ids = facts.map((f) => f.idCardNumber).filter((x): x is string => !!x);
    if (ids.length === 0) return;
    const holders = (await tx.find(Member, { where: { idCardNumber: In(ids) } })).filter(
      (m) => m.id !== exceptMemberId,
    );
    if (holders.length) await taken(holders, ['input', 'idCardNumber']);
  }

  async update(
    tx: EntityManager,
    id: number,
    expectedVersion: number | undefined,
    changes: MemberChanges,
    today: LocalDate,
    edit: MemberEdit,
    taken: IdCardTaken = idCardTaken,
  ): Promise<Member> {
    const member = await this.lock(tx, id);
    if (expectedVersion !== undefined && expectedVersion !== member.version) {
      refuse(
        ErrorCode.CONFLICT,
        M.staleVersion({ what: THIS_MEMBER, version: member.version, sent: expectedVersion }),
        ['input', 'version'],
      );
    }
    if (changes.fullMemberSince === null && member.fullMemberSince) {
      refuse(ErrorCode.INVALID_STATE, M.fullMembershipKept(), ['input', 'fullMemberSince']);
    }
    // Re-check the whole record as it would be, so the same rules hold for edits as for new members.
    const merged: NewMember = {
      name: changes.name ?? member.name,
      gender: changes.gender ?? member.gender,
      ethnicity: changes.ethnicity ?? member.ethnicity,
      birthDate: changes.birthDate ?? (changes.idCardNumber ? null : member.birthDate),
      idCardNumber: changes.idCardNumber === undefined ? member.idCardNumber : changes.idCardNumber,
      phone: changes.phone === undefined ? member.phone : changes.phone,
      education: changes.education === undefined ? member.education : changes.education,
      category: changes.category ?? member.category,
      joinedOn: changes.joinedOn ?? member.joinedOn,
      fullMemberSince: changes.fullMemberSince === undefined ? member.fullMemberSince : changes.fullMemberSince,
      occupation: changes.occupation === undefined ? member.occupation : changes.occupation,
      volunteer: changes.volunteer ?? member.volunteer,
    };
    if (changes.idCardNumber && !changes.gender) merged.gender = null;
    const { facts, problems } = checkNewMember(merged, today);
    if (!facts) throw toUserErrors(problems);
    if (facts.idCardNumber !== member.idCardNumber) await this.checkIdCardsFree(tx, [facts], id, taken);
    if (facts.joinedOn !== member.joinedOn) {
      await this.moveJoiningDay(tx, member, facts.joinedOn, edit.mayRewrite);
      edit.replaced({ joinedOn: member.joinedOn });
    }
    const status = member.status === MemberStatus.DEPARTED ? MemberStatus.DEPARTED : facts.status;
    await tx.update(Member, { id }, { ...facts, status, version: member.version + 1, updatedAt: () => 'now()' });
    // 转正 first: member development's recount locks before party dues', as a departure's moves do
    // (modules in registry order), so two writes to one branch never wait on each other in turn.
    if (facts.fullMemberSince && facts.fullMemberSince !== member.fullMemberSince)
      await this.moved(tx, {
        kind: 'FULL_MEMBERSHIP_CHANGED',
        memberId: id,
        branchId: member.branchId,
        from: member.fullMemberSince,
        to: facts.fullMemberSince,
        today,
        field: ['input', 'fullMemberSince'],
      });
    // The months counted from joining move with the day and the first period (a module may refuse a
    // closed month: all rolls back).
    if (facts.joinedOn !== member.joinedOn)
      await this.moved(tx, {
        kind: 'JOINED_ON_CHANGED',
        memberId: id,
        branchId: member.branchId,
        from: member.joinedOn,
        to: facts.joinedOn,
        today,
        field: ['input', 'joinedOn'],
      });
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /** Moves a member to another branch (or party group), closing one membership period and opening the next. */
  async transfer(
    tx: EntityManager,
    id: number,
    to: Placement,
    effectiveOn: LocalDate,
    note: string | null,
    today: LocalDate,
  ): Promise<Member> {
    if (effectiveOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.effectiveOn }), ['input', 'effectiveOn']);
    const member = await this.lock(tx, id);
    if (member.status === MemberStatus.DEPARTED)
      refuse(ErrorCode.INVALID_STATE, M.memberDeparted({ on: member.departedOn }), ['input', 'memberId']);
    const toGroup = to.partyGroupId ?? null;
    if (to.branchId === member.branchId && toGroup === member.partyGroupId)
      refuse(ErrorCode.BAD_USER_INPUT, M.alreadyThere(), ['input', 'toBranchId']);
    const [problems] = await this.checkPlacement(tx, [to]);
    if (problems.length)
      throw toUserErrors(
        problems.map((p) => ({ ...p, field: p.field === 'branchId' ? 'toBranchId' : 'toPartyGroupId' })),
      );
    const current = await tx.findOne(MembershipPeriod, {
      where: { memberId: id, validTo: IsNull() },
      order: { validFrom: 'DESC' },
    });
    if (current && effectiveOn < current.validFrom)
      refuse(ErrorCode.BAD_USER_INPUT, M.beforePeriodStart({ field: LABELS.effectiveOn, since: current.validFrom }), [
        'input',
        'effectiveOn',
      ]);
    await this.closePeriod(tx, id, effectiveOn);
    await tx.insert(MembershipPeriod, {
      memberId: id,
      branchId: to.branchId,
      partyGroupId: toGroup,
      validFrom: effectiveOn,
      validTo: null,
      change: to.branchId === member.branchId ? MembershipChange.GROUP_CHANGED : MembershipChange.TRANSFERRED_IN,
      note,
    });
    await tx.update(
      Member,
      { id },
      { branchId: to.branchId, partyGroupId: toGroup, version: member.version + 1, updatedAt: () => 'now()' },
    );
    if (to.branchId !== member.branchId)
      await this.moved(tx, {
        kind: 'LEFT',
        memberId: id,
        fromBranchId: member.branchId,
        toBranchId: to.branchId,
        on: effectiveOn,
        today,
        field: ['input', 'effectiveOn'],
      });
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /** Records that a member left; the record stays, current posts end the same day. */
  async recordDeparture(
    tx: EntityManager,
    id: number,
    reason: DepartureReason,
    departedOn: LocalDate,
    today: LocalDate,
    field: string[] = ['input', 'departedOn'],
  ): Promise<Member> {
    if (departedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.departedOn }), ['input', 'departedOn']);
    const member = await this.lock(tx, id);
    if (member.status === MemberStatus.DEPARTED)
      refuse(ErrorCode.INVALID_STATE, M.memberAlreadyDeparted({ on: member.departedOn }), ['input', 'memberId']);
    if (departedOn < member.joinedOn)
      refuse(ErrorCode.BAD_USER_INPUT, M.notBefore({ field: LABELS.departedOn, other: LABELS.joinedOn }), [
        'input',
        'departedOn',
      ]);
    if (reason === DepartureReason.PROBATION_CANCELLED && member.status !== MemberStatus.PROBATIONARY) {
      refuse(ErrorCode.INVALID_STATE, M.onlyProbationCancelled(), ['input', 'reason']);
    }
    await this.closePeriod(tx, id, departedOn);
    await tx.query(
      `UPDATE post SET ended_on = GREATEST($2::date, term_start), end_reason = '党员离开 member departed' WHERE member_id = $1 AND ended_on IS NULL`,
      [id, departedOn],
    );
    await tx.update(
      Member,
      { id },
      {
        status: MemberStatus.DEPARTED,
        departureReason: reason,
        departedOn,
        // A departure ends a suspension (removal as self-withdrawn follows one); the decisions stay on record.
        suspendedSince: null,
        suspensionDecision: null,
        version: member.version + 1,
        updatedAt: () => 'now()',
      },
    );
    await this.moved(tx, {
      kind: 'LEFT',
      memberId: id,
      fromBranchId: member.branchId,
      toBranchId: null,
      on: departedOn,
      today,
      field,
    });
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /**
   * Shows a suspension of party membership (停止党籍) in the register, or ends it (`null`: restored, or
   * removed). Called by whoever records the decision (the mobile-members module records the branch
   * assembly's decision and its approval); the member's status stays FULL.
   */
  async setSuspension(
    tx: EntityManager,
    id: number,
    suspension: { since: LocalDate; decision: string } | null,
  ): Promise<Member> {
    const member = await this.lock(tx, id);
    if (suspension && member.status === MemberStatus.DEPARTED)
      refuse(ErrorCode.INVALID_STATE, M.memberDeparted({ on: member.departedOn }), ['input', 'memberId']);
    await tx.update(
      Member,
      { id },
      {
        suspendedSince: suspension?.since ?? null,
        suspensionDecision: suspension ? suspension.decision.slice(0, 500) : null,
        version: member.version + 1,
        updatedAt: () => 'now()',
      },
    );
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /**
   * Records the branch's decision at the end of probation (预备期满), as people took it:
   * full membership from the day probation ended (party standing counts from there, however late
   * the meeting); an extension, once, by at most a year; or cancellation (the member departs).
   */
  async decideProbation(
    tx: EntityManager,
    id: number,
    input: { decision: ProbationDecision; decidedOn: LocalDate; extendedTo?: LocalDate | null },
    today: LocalDate,
  ): Promise<Member> {
    const member = await this.lock(tx, id);
    if (member.status !== MemberStatus.PROBATIONARY)
      refuse(
        ErrorCode.INVALID_STATE,
        member.status === MemberStatus.DEPARTED
          ? M.memberDeparted({ on: member.departedOn })
          : M.alreadyFull({ since: member.fullMemberSince }),
        ['input', 'memberId'],
      );
    if (input.decidedOn > today)
      refuse(ErrorCode.BAD_USER_INPUT, M.inFuture({ field: LABELS.decidedOn }), ['input', 'decidedOn']);
    if (input.decidedOn < member.joinedOn)
      refuse(ErrorCode.BAD_USER_INPUT, M.notBefore({ field: LABELS.decidedOn, other: LABELS.joinedOn }), [
        'input',
        'decidedOn',
      ]);
    if (input.decision !== ProbationDecision.EXTEND && input.extendedTo)
      refuse(ErrorCode.BAD_USER_INPUT, M.extendedToOnlyForExtension(), ['input', 'extendedTo']);
    const due = probationDueOn(member);
    if (input.decision === ProbationDecision.CANCEL)
      return this.recordDeparture(tx, id, DepartureReason.PROBATION_CANCELLED, input.decidedOn, today, [
        'input',
        'decidedOn',
      ]);
    if (input.decision === ProbationDecision.EXTEND && member.probationExtendedTo)
      refuse(
        ErrorCode.INVALID_STATE,
        M.extendedOnce({ on: member.probationExtendedOn, to: member.probationExtendedTo }),
        ['input', 'decision'],
      );
    if (input.decidedOn < due) refuse(ErrorCode.INVALID_STATE, M.probationNotOver({ due }), ['input', 'decidedOn']);
    if (input.decision === ProbationDecision.FULL_MEMBERSHIP) {
      await tx.update(
        Member,
        { id },
        { status: MemberStatus.FULL, fullMemberSince: due, version: member.version + 1, updatedAt: () => 'now()' },
      );
      await this.moved(tx, {
        kind: 'FULL_MEMBERSHIP_CHANGED',
        memberId: id,
        branchId: member.branchId,
        from: null,
        to: due,
        today,
        field: ['input', 'decidedOn'],
      });
      return tx.findOneOrFail(Member, { where: { id } });
    }
    const latest = plusYears(due, 1);
    if (!input.extendedTo || input.extendedTo <= due || input.extendedTo > latest)
      refuse(ErrorCode.BAD_USER_INPUT, M.extensionRange({ due, from: plusDays(due, 1), to: latest }), [
        'input',
        'extendedTo',
      ]);
    await tx.update(
      Member,
      { id },
      {
        probationExtendedOn: input.decidedOn,
        probationExtendedTo: input.extendedTo,
        version: member.version + 1,
        updatedAt: () => 'now()',
      },
    );
    return tx.findOneOrFail(Member, { where: { id } });
  }

  /**
   * A corrected joining day: the member belongs from the day they joined, so the first membership
   * period moves with it when it began with the joining (JOINED, IMPORTED) on the old day. One that
   * began with a transfer in keeps its day (the member joined elsewhere, before it). The day stays
   * before what the record dates from it: a departure and an extension decision (refused before
   * joining when recorded), and the end of that first period (an empty period is no membership).
   * The first period may be another branch's: `mayRewrite` refuses a writer who may not change it.
   */
  private async moveJoiningDay(
    tx: EntityManager,
    member: Member,
    to: LocalDate,
    mayRewrite: (branchId: number) => Promise<unknown>,
  ): Promise<void> {
    const field = ['input', 'joinedOn'];
    if (member.departedOn && to > member.departedOn)
      refuse(ErrorCode.BAD_USER_INPUT, M.joinedAfterDeparture({ on: member.departedOn }), field);
    if (member.probationExtendedOn && to > member.probationExtendedOn)
      refuse(ErrorCode.BAD_USER_INPUT, M.joinedAfterExtension({ on: member.probationExtendedOn }), field);
    const first = await tx.findOne(MembershipPeriod, {
      where: { memberId: member.id },
      order: { validFrom: 'ASC', id: 'ASC' },
    });
    if (!first) return;
    if (first.branchId !== member.branchId) await mayRewrite(first.branchId);
    // Checked whatever the period's start: the day must stay inside the member's first membership.
    if (first.validTo && to >= first.validTo)
      refuse(ErrorCode.BAD_USER_INPUT, M.joinedAfterFirstPeriod({ on: first.validTo }), field);
    if (first.change === MembershipChange.TRANSFERRED_IN && to > first.validFrom)
      refuse(ErrorCode.BAD_USER_INPUT, M.joinedAfterTransferIn({ on: first.validFrom }), field);
    if (first.validFrom !== member.joinedOn) return;
    if (first.change !== MembershipChange.JOINED && first.change !== MembershipChange.IMPORTED) return;
    await tx.update(MembershipPeriod, { id: first.id }, { validFrom: to });
  }

  private async closePeriod(tx: EntityManager, memberId: number, on: LocalDate) {
    await tx.query(
      `UPDATE membership_period SET valid_to = GREATEST($2::date, valid_from) WHERE member_id = $1 AND valid_to IS NULL`,
      [memberId, on],
    );
  }

  private async lock(tx: EntityManager, id: number): Promise<Member> {
    const member = await tx.findOne(Member, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!member) refuse(ErrorCode.NOT_FOUND, M.notFound({ what: LABELS.member }), ['input', 'id']);
    return member;
  }
}

export function toUserErrors(problems: Problem[]): UserErrorsException {
  return new UserErrorsException(
    problems.map((p) => userError(p.code ?? ErrorCode.BAD_USER_INPUT, p.message, ['input', p.field])),
  );
}
