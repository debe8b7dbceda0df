import { moduleEnabledSql } from '#module-kit';

/**
 * Who is expected to report in a week, from the tree as it was that week: the work stations, and
 * the village and community branches sitting directly under a work station, placed under the
 * target unit on the week's due day, existing that week, with the module on. (Enablement has no
 * history: today's switch decides for past weeks too.)
 *
 * Needs `w.week` (a Monday) and `t.id` (the target) in scope; yields `r` (the reporter). `due` is
 * the SQL for the due day's offset from Monday.
 */
export function expectedReporters(due: string, { excludeTarget = false } = {}): { joins: string; where: string } {
  const on = (alias: string) =>
    `${alias}.valid_from <= w.week + ${due} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > w.week + ${due})`;
  return {
    joins: `
      JOIN org_unit_placement tp ON tp.unit_id = t.id AND ${on('tp')}
      JOIN org_unit_placement p ON p.path >= tp.path AND p.path < tp.path || '~' AND ${on('p')}
      JOIN org_unit r ON r.id = p.unit_id
      LEFT JOIN org_unit rp ON rp.id = p.parent_id`,
    where: `(r.kind = 'WORK_STATION' OR (r.kind = 'BRANCH' AND r.sector IN ('RURAL', 'COMMUNITY') AND rp.kind = 'WORK_STATION'))
      AND (r.established_on IS NULL OR r.established_on <= w.week + 6)
      AND (r.dissolved_on IS NULL OR r.dissolved_on > w.week)
      ${excludeTarget ? 'AND r.id <> t.id' : ''}
      AND ${moduleEnabledSql('r', 'weekly-reports')}`,
  };
}
