import type { EntityManager } from 'typeorm';
import type { App } from '../context';
import type { LocalDate } from '../graphql/scalars';

/** A member who left their branch: transferred to another branch, or departed from the party's rolls. */
export interface MemberMove {
  memberId: number;
  /** The branch the member left. */
  fromBranchId: number;
  /** The receiving branch; null when the member departed. */
  toBranchId: number | null;
  /** The day the move took effect (the old membership period ends before it). */
  on: LocalDate;
  /** The writing request's day, and the input field a refusal names (a module may refuse a closed period). */
  today: LocalDate;
  field: string[];
}

/**
 * A module's reaction to a member's move, run by the core in the transaction that writes it (a
 * transfer, a departure, a cancelled probation), for every installed module that declares one in
 * `defineModule({ memberMoved })`: what the module keeps per branch (its tallies) follows the member.
 */
export type MemberMovedHandler = (o: { tx: EntityManager; move: MemberMove; app: App }) => Promise<void>;
