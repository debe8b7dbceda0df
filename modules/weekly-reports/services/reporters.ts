import { moduleEnabledSql } from '#module-kit';

/** SQL: a placement (`alias`) valid on the day `w.due`. */
const placedOn = (alias: string) =>
  `${alias}.valid_from <= w.due AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > w.due)`;

/** SQL: the unit `alias` existed in the week `w.week`. */
const existed = (alias: string) =>
  `(${alias}.established_on IS NULL OR ${alias}.established_on <= w.week + 6)
   AND (${alias}.dissolved_on IS NULL OR ${alias}.dissolved_on > w.week)`;

/** The placement of the target `t` and every placement under it, on the day `w.due`; yields `p` and `r`. */
const underTarget = `
      JOIN org_unit_placement tp ON tp.unit_id = t.id AND ${placedOn('tp')}
      JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~' AND ${placedOn('p')}
      JOIN org_unit r ON r.id = p.unit_id`;

/**
 * Who is expected to report in a week, from the tree as it was on the report's due day (after the
 * working-day calendar): the work stations, and the village and community branches sitting directly
 * under a work station, placed under the target unit that day, existing that week, with the module
 * on. (Enablement has no history: today's switch decides for past weeks too.)
 *
 * Needs `w.week` (a Monday), `w.due` (the report's due day) and `t.id` (the target) in scope;
 * yields `r` (the reporter) and `p` (its placement).
 */
export function expectedReporters({ excludeTarget = false } = {}): { joins: string; where: string } {
  return {
    joins: `${underTarget}
      LEFT JOIN org_unit rp ON rp.id = p.parent_id`,
    where: `(r.kind = 'WORK_STATION' OR (r.kind = 'BRANCH' AND r.sector IN ('RURAL', 'COMMUNITY') AND rp.kind = 'WORK_STATION'))
      AND ${existed('r')}
      ${excludeTarget ? 'AND r.id <> t.id' : ''}
      AND ${moduleEnabledSql('r', 'weekly-reports')}`,
  };
}

/**
 * Who is expected to issue a plan in a week (两下), from the tree as it was on the plan's due day:
 * the townships and subdistricts that have a work station under them that day, and the work
 * stations that have a village or community branch under them that day — each placed under the
 * target, existing that week, with the module on, as are the units it owes the plan to.
 *
 * Needs `w.week`, `w.due` (the plan's due day) and `t.id`; yields `r` (the issuer) and `p`.
 */
export function expectedIssuers(): { joins: string; where: string } {
  return {
    joins: underTarget,
    where: `r.kind IN ('TOWNSHIP_COMMITTEE', 'SUBDISTRICT_COMMITTEE', 'WORK_STATION')
      AND ${existed('r')}
      AND ${moduleEnabledSql('r', 'weekly-reports')}
      AND EXISTS (
        SELECT 1 FROM org_unit_placement cp JOIN org_unit c ON c.id = cp.unit_id
        WHERE cp.path > p.path AND cp.path < p.path || '~' AND cp.parent_id = r.id AND ${placedOn('cp')}
          AND CASE WHEN r.kind = 'WORK_STATION' THEN c.kind = 'BRANCH' AND c.sector IN ('RURAL', 'COMMUNITY')
                   ELSE c.kind = 'WORK_STATION' END
          AND ${existed('c')}
          AND ${moduleEnabledSql('c', 'weekly-reports')})`,
  };
}
