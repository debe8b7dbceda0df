/**
 * SQL for figures that count by the tree as it was: a fact belongs to its unit's place on the fact's
 * day, and a unit's figure for a period sums the rows placed under it in that period.
 */

/** A placement `alias` (of `org_unit_placement`) of the unit `unit` valid on the day `day` (SQL expressions). */
export const placedOnSql = (alias: string, unit: string, day: string): string =>
  `${alias}.unit_id = ${unit} AND ${alias}.valid_from <= (${day}) AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > (${day}))`;

/**
 * The paths the unit `unit` had at some time in [from, to] (SQL expressions), as a subquery with
 * one column `path`: a row placed under any of them (`row.path >= tp.path AND row.path < tp.path || '~'`)
 * belonged to the unit, since a path holds the ids of every unit above. Usually one path; two when
 * the unit moved inside the period.
 */
export const targetPathsSql = (unit: string, from: string, to: string): string =>
  `(SELECT DISTINCT p.path FROM org_unit_placement p
    WHERE p.unit_id = ${unit} AND p.valid_from <= (${to}) AND (p.valid_to IS NULL OR p.valid_to > (${from})))`;
