import type { Context } from '../context';
import type { LocalDate } from '../graphql/scalars';
import { moduleEnabledSql } from '../module-system/enabled-sql';
import type { MemberFlagHit } from './source';

/** One flag with the kind and the module that raised it. */
export interface FlagRow extends MemberFlagHit {
  kind: string;
  module: string;
}

/**
 * The flags of every installed source among `branchIds` on `asOf`: for each source (of `kinds`, or
 * all), one statement keeps the branches where its module is on today (as the reminder scheduler
 * decides), then one call of its `find` with all of them; a hit outside those branches is dropped.
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
    const on: { id: number }[] = await ctx.db.query(
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

/** For each unit asked: the units under it (itself included) that members belong to. */
export async function branchesUnder(
  ctx: Context,
  unitIds: readonly number[],
): Promise<{ target: number; branch: number }[]> {
  return ctx.db.query(
    `SELECT t.id AS target, b.id AS branch
     FROM org_unit t JOIN org_unit b ON b.path >= t.path AND b.path < t.path || '~'
     WHERE t.id = ANY($1::int[]) AND EXISTS (SELECT 1 FROM member m WHERE m.branch_id = b.id)`,
    [unitIds],
  );
}
