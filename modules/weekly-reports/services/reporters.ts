import { hasReportersSql, spanOnSql } from './tallies';

/**
 * The target `t` placed on the day `w.due` (`tp`), and every span (`p`, of wr_tally_span) under it
 * valid that day, its unit existing in the week `w.week`; yields `p` and `r` (the unit).
 */
const underTarget = (role: 'reporter' | 'issuer') => `
      JOIN org_unit_placement tp ON tp.unit_id = t.id AND tp.valid_from <= w.due AND (tp.valid_to IS NULL OR tp.valid_to > w.due)
      JOIN wr_tally_span p ON p.path >= tp.path AND p.path < tp.path || '~' AND p.${role} = 1 AND ${spanOnSql('p', 'w.week', 'w.due')}
      JOIN org_unit r ON r.id = p.unit_id`;

/**
 * Who is expected to report in a week, from the tree and the module switches as they were on the
 * report's due day (after the working-day calendar): the work stations, and the village and
 * community branches sitting directly under a work station, placed under the target unit that day,
 * existing that week, with the module on that day (the reporter spans of `wr_tally_span`).
 *
 * Needs `w.week` (a Monday), `w.due` (the report's due day) and `t.id` (the target) in scope;
 * yields `r` (the reporter) and `p` (its span, with the path of that day).
 */
export function expectedReporters({ excludeTarget = false } = {}): { joins: string; where: string } {
  return {
    joins: underTarget('reporter'),
    where: `true ${excludeTarget ? 'AND r.id <> t.id' : ''}`,
  };
}

/**
 * Who is expected to issue a plan in a week (两下), from the tree and switches as they were on the
 * plan's due day: the townships and subdistricts that have a work station under them that day, and
 * the work stations that have a village or community branch under them that day — each placed under
 * the target, existing that week, with the module on, as are the units it owes the plan to.
 *
 * Needs `w.week`, `w.due` (the plan's due day) and `t.id`; yields `r` (the issuer) and `p`.
 */
export function expectedIssuers(): { joins: string; where: string } {
  return { joins: underTarget('issuer'), where: hasReportersSql('p', 'w.week', 'w.due') };
}
