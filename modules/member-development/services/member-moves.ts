import type { MemberMovedHandler } from '#module-kit';
import { MODULE } from './module';

/**
 * The register's 转正 and departure of a person admitted here change their record's stage segments
 * (the pipeline, what is overdue): the branches of the member's records are recounted in the writing
 * transaction. A transfer or a corrected joining day changes nothing the module keeps: a record stays
 * with the branch that developed the person, and the year's tallies count the vote's day.
 */
export const recountOnMove: MemberMovedHandler = async ({ tx, move, app }) => {
  if (move.kind === 'JOINED_ON_CHANGED' || (move.kind === 'LEFT' && move.toBranchId !== null)) return;
  const rows: { unit_id: number }[] = await tx.query(`SELECT DISTINCT unit_id FROM md_record WHERE member_id = $1`, [
    move.memberId,
  ]);
  if (rows.length === 0) return;
  const day = move.kind === 'LEFT' ? move.on : move.from && move.from < move.to ? move.from : move.to;
  await app.figures.recount(
    tx,
    MODULE,
    rows.map((r) => r.unit_id),
    day,
  );
};
