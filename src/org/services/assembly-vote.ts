import type { SqlRunner } from '../../graphql/connection';
import type { LocalDate } from '../../graphql/scalars';

/**
 * A branch members' assembly that votes (a major village matter, admitting a probationary member)
 * counts on those entitled to vote: the branch's full members on the day (probationary members have
 * no vote), less those the caller knows to be without party rights. Shared by every module that
 * records such a vote, through the kit.
 */

/** A share of a whole: `atLeast` 2/3 means part × 3 ≥ whole × 2; otherwise strictly more than. */
export interface Share {
  numerator: number;
  denominator: number;
  atLeast: boolean;
}

/** More than half (过半数). */
export const MORE_THAN_HALF: Share = { numerator: 1, denominator: 2, atLeast: false };

/** Whether `part` of `whole` meets the share, in integers (no rounding: 2/3 of 10 is 6.67, so 7 is needed). */
export function meetsShare(part: number, whole: number, s: Share): boolean {
  return s.atLeast ? part * s.denominator >= whole * s.numerator : part * s.denominator > whole * s.numerator;
}

/** Full members of the branch on the day, from the register's membership periods (ids, ascending). */
export async function fullMembersOn(db: SqlRunner, branchId: number, day: LocalDate): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT DISTINCT m.id FROM membership_period p JOIN member m ON m.id = p.member_id
     WHERE p.branch_id = $1 AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
       AND m.full_member_since <= $2 AND (m.departed_on IS NULL OR m.departed_on > $2)
     ORDER BY m.id`,
    [branchId, day],
  );
  return rows.map((r) => r.id);
}

/**
 * Those entitled to vote at the branch's assembly on a day as the register shows them: its full
 * members less those whose membership the register shows suspended (停止党籍) on that day.
 */
export async function entitledToVoteOn(
  db: SqlRunner,
  branchId: number,
  day: LocalDate,
): Promise<{ fullMembers: number[]; suspended: number[]; entitled: number[] }> {
  const fullMembers = await fullMembersOn(db, branchId, day);
  const rows = fullMembers.length
    ? await db.query<{ id: number }>(
        `SELECT id FROM member WHERE id = ANY($1) AND suspended_since IS NOT NULL AND suspended_since <= $2 ORDER BY id`,
        [fullMembers, day],
      )
    : [];
  const suspended = rows.map((r) => r.id);
  const out = new Set(suspended);
  return { fullMembers, suspended, entitled: fullMembers.filter((id) => !out.has(id)) };
}

/** A vote counted on those entitled: quorum on those present, adoption on those in favour, both of the entitled. */
export interface EntitledVote {
  entitled: number;
  present: number;
  votesFor: number;
}

/**
 * The members' assembly's count judged on the entitled (中国共产党发展党员工作细则 art. 29; the same
 * base for a village's major matter): quorum when those present meet `quorum` of the entitled, and
 * adopted when those in favour meet `adoption` of the entitled (not of those present).
 */
export function judgeOnEntitled(
  v: EntitledVote,
  rule: { quorum: Share; adoption: Share } = { quorum: MORE_THAN_HALF, adoption: MORE_THAN_HALF },
): { quorum: boolean; adopted: boolean } {
  const quorum = v.entitled > 0 && meetsShare(v.present, v.entitled, rule.quorum);
  return { quorum, adopted: quorum && meetsShare(v.votesFor, v.entitled, rule.adoption) };
}
