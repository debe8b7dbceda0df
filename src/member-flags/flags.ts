import type { Context } from '../context';
import type { LocalDate } from '../graphql/scalars';
import { placedOnSql } from '../figures/tree-sql';
import { moduleEnabledSql } from '../module-system/enabled-sql';
import type { MemberFlagHit } from './source';

/** One flag with the kind and the module that raised it. */
export interface FlagRow extends MemberFlagHit {
  kind: string;
  module: string;
}

/**
 * The flags of every installed source among `branchIds` on `asOf`: for each source (of `kinds`, or
 * all), one statement keeps the branches where its module was on that day (the switches along the
 * branch's placement on `asOf`, as the figures judge a past day; today's for today), then one call of
 * its `find` with all of them; a hit outside those branches is dropped.
 */
export async function collectFlags(
  ctx: Context,
  branchIds: readonly number[],
  asOf: LocalDate,
  kinds: readonly string[] | null,
): Promise<FlagRow[]> {
  const ids = [...new Set(branchIds)];
  if (ids.length === 0) return [];
  const out: FlagRow[] = [];
  for (const { module, source } of ctx.app.registry.memberFlagSources) {
    if (kinds && !kinds.includes(source.kind)) continue;
    const on: { id: number }[] =
      asOf < ctx.today
        ? await ctx.db.query(
            `SELECT p.unit_id AS id FROM org_unit_placement p
             WHERE p.unit_id = ANY($1::int[]) AND ${placedOnSql('p', 'p.unit_id', '$2::date')}
               AND ${moduleEnabledSql('p', module, '$2::date')}`,
            [ids, asOf],
          )
        : await ctx.db.query(
            `SELECT u.id FROM org_unit u WHERE u.id = ANY($1::int[]) AND ${moduleEnabledSql('u', module)}`,
            [ids],
          );
    if (on.length === 0) continue;
    const enabled = new Set(on.map((r) => r.id));
    const hits = await source.find({ db: ctx.db, unitIds: [...enabled], asOf, app: ctx.app });
    for (const h of hits) if (enabled.has(h.unitId)) out.push({ ...h, kind: source.kind, module });
  }
  return out.sort(
    (a, b) =>
      a.since.localeCompare(b.since) || a.kind.localeCompare(b.kind) || a.memberId - b.memberId || a.unitId - b.unitId,
  );
}

/**
 * For each unit asked: the units under it (itself included) that members belong to; on a past `asOf`,
 * under it as the tree stood that day (placements valid on `asOf`), with members that day.
 */
export async function branchesUnder(
  ctx: Context,
  unitIds: readonly number[],
  asOf: LocalDate,
): Promise<{ target: number; branch: number }[]> {
  if (asOf < ctx.today)
    return ctx.db.query(
      `SELECT t.unit_id AS target, b.unit_id AS branch
       FROM org_unit_placement t
       JOIN org_unit_placement b ON b.path >= t.path AND b.path < t.path || '~' AND ${placedOnSql('b', 'b.unit_id', '$2::date')}
       WHERE t.unit_id = ANY($1::int[]) AND ${placedOnSql('t', 't.unit_id', '$2::date')}
         AND EXISTS (SELECT 1 FROM membership_period mp WHERE mp.branch_id = b.unit_id AND mp.valid_from <= $2::date
                       AND (mp.valid_to IS NULL OR mp.valid_to > $2::date))`,
      [unitIds, asOf],
    );
  return ctx.db.query(
    `SELECT t.id AS target, b.id AS branch
     FROM org_unit t JOIN org_unit b ON b.path >= t.path AND b.path < t.path || '~'
     WHERE t.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM member m WHERE m.branch_id = b.id)`,
    [unitIds],
  );
}

/** Each member's branch on `asOf`: today's for today, else the membership period valid that day. */
export async function branchesOn(
  ctx: Context,
  members: readonly { id: number; branchId: number }[],
  asOf: LocalDate,
): Promise<Map<number, number>> {
  if (asOf >= ctx.today) return new Map(members.map((m) => [m.id, m.branchId]));
  const rows: { member_id: number; branch_id: number }[] = await ctx.db.query(
    `SELECT member_id, branch_id FROM membership_period
     WHERE member_id = ANY($1::int[]) AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to > $2::date)`,
    [members.map((m) => m.id), asOf],
  );
  return new Map(rows.map((r) => [r.member_id, r.branch_id]));
}
