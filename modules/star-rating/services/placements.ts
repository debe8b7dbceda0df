/**
 * The placements of the units matching `filter` (an SQL condition on `unit_id`), each valid on
 * [lo, hi) (hi null: open): the first reaching back before it and the last, when ended, on past
 * its end. A fact is counted where its unit sat on the fact's day; a fact dated before its unit took
 * its place in the tree (a unit founded long ago but entered after the first open day) belongs to
 * its first place, and one after it left to its last.
 */
export const placementsSql = (filter: string): string => `(
  SELECT unit_id, path,
         CASE WHEN row_number() OVER (PARTITION BY unit_id ORDER BY valid_from) = 1 THEN '-infinity'::date ELSE valid_from END AS lo,
         CASE WHEN row_number() OVER (PARTITION BY unit_id ORDER BY valid_from DESC) = 1 THEN NULL ELSE valid_to END AS hi
  FROM org_unit_placement WHERE ${filter})`;

/** `alias` (of placementsSql) holds on `day`. */
export const holds = (alias: string, day: string) =>
  `${alias}.lo <= (${day}) AND (${alias}.hi IS NULL OR ${alias}.hi > (${day}))`;

/** The paths the unit `unit` had in [from, to] (as placementsSql extends them): column `path`. */
export const targetPathsSql = (unit: string, from: string, to: string): string =>
  `(SELECT DISTINCT tp.path FROM ${placementsSql(`unit_id = ${unit}`)} tp
    WHERE tp.lo <= (${to}) AND (tp.hi IS NULL OR tp.hi > (${from})))`;
