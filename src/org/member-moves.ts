import type { EntityManager } from 'typeorm';
import type { App } from '../context';
import type { LocalDate } from '../graphql/scalars';

/**
 * A change to a member's record that moves what a module keeps per branch: the member left their
 * branch (`LEFT`: transferred to another branch, or departed from the party's rolls), the joining
 * day was corrected (`JOINED_ON_CHANGED`: the months counted from it move), or the day of 转正 was
 * recorded or corrected (`FULL_MEMBERSHIP_CHANGED`). A union, so a handler that knows only one kind
 * fails to compile when another is added.
 */
export type MemberMove = MemberLeft | JoiningDayChanged | FullMembershipChanged;

interface MoveBase {
  memberId: number;
  /** The writing request's day, and the input field a refusal names (a module may refuse a closed period). */
  today: LocalDate;
  field: string[];
}

/** A member who left their branch: transferred to another branch, or departed from the party's rolls. */
export interface MemberLeft extends MoveBase {
  kind: 'LEFT';
  /** The branch the member left. */
  fromBranchId: number;
  /** The receiving branch; null when the member departed. */
  toBranchId: number | null;
  /** The day the move took effect (the old membership period ends before it). */
  on: LocalDate;
}

/**
 * The member's joining day (`joinedOn`, the branch meeting's vote) corrected in the register. The
 * member's first membership period already starts on `to` when it began with the joining (not with a
 * transfer in).
 */
export interface JoiningDayChanged extends MoveBase {
  kind: 'JOINED_ON_CHANGED';
  /** The member's branch at the time of the edit. */
  branchId: number;
  from: LocalDate;
  to: LocalDate;
}

/**
 * The member's full membership from `to` (转正): the branch's decision at the end of probation, or
 * the day entered or corrected in the register (`from`: the day before, null when still probationary).
 */
export interface FullMembershipChanged extends MoveBase {
  kind: 'FULL_MEMBERSHIP_CHANGED';
  /** The member's branch at the time of the write. */
  branchId: number;
  from: LocalDate | null;
  to: LocalDate;
}

/**
 * A module's reaction to a member's move, run by the core in the transaction that writes it (a
 * transfer, a departure, a cancelled probation, a corrected joining day, 转正), for every installed module
 * that declares one in `defineModule({ memberMoved })`: what the module keeps per branch (its
 * tallies) follows the member. A refusal rolls the whole write back.
 */
export type MemberMovedHandler = (o: { tx: EntityManager; move: MemberMove; app: App }) => Promise<void>;
