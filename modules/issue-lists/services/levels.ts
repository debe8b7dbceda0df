import { OrgUnitKind, Sector } from '#module-kit';
import { HandlingLevel } from '../enums';

/**
 * The level of an issue list (市-县-镇-站(村) four-level linkage, seed 000). Each city, county and
 * township (or subdistrict) committee keeps a list, and so do each work station and each village or
 * community (the 站(村) level). Every other unit (a county department's branch, a township's own
 * agency branch, an enterprise's branch, a party group) works on the list of the nearest of these at
 * or above it: an issue a county department's branch solves was solved on the county's list.
 *
 * A unit keeps a list when it is a city, county, township or subdistrict committee or a work
 * station, or when it is a village or community organisation (a branch, general branch or
 * grassroots committee whose sector is RURAL or COMMUNITY).
 */
const COMMITTEES: Record<string, HandlingLevel> = {
  [OrgUnitKind.CITY_COMMITTEE]: HandlingLevel.CITY,
  [OrgUnitKind.COUNTY_COMMITTEE]: HandlingLevel.COUNTY,
  [OrgUnitKind.TOWNSHIP_COMMITTEE]: HandlingLevel.TOWNSHIP,
  [OrgUnitKind.SUBDISTRICT_COMMITTEE]: HandlingLevel.TOWNSHIP,
  [OrgUnitKind.WORK_STATION]: HandlingLevel.STATION_VILLAGE,
};
const VILLAGE_KINDS: string[] = [OrgUnitKind.BRANCH, OrgUnitKind.GENERAL_BRANCH, OrgUnitKind.GRASSROOTS_COMMITTEE];
const VILLAGE_SECTORS: string[] = [Sector.RURAL, Sector.COMMUNITY];

/** Does this unit keep an issue list of its own? */
export function keepsList(u: { kind: string; sector: string | null }): boolean {
  return u.kind in COMMITTEES || (VILLAGE_KINDS.includes(u.kind) && VILLAGE_SECTORS.includes(u.sector ?? ''));
}

/** The level of a unit that keeps a list. */
export function levelOfKeeper(u: { kind: string }): HandlingLevel {
  return COMMITTEES[u.kind] ?? HandlingLevel.STATION_VILLAGE;
}

/**
 * The unit whose list an issue handled at `chain[chain.length - 1]` is on: the nearest unit at or
 * above it that keeps a list. `chain` runs from the root to the unit (its path's units, in order).
 */
export function listUnitOf<T extends { kind: string; sector: string | null }>(chain: T[]): T | null {
  return [...chain].reverse().find(keepsList) ?? null;
}

const inList = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/** The same predicate in SQL, for a unit aliased `a`. */
export const keepsListSql = (a: string) =>
  `(${a}.kind IN (${inList(Object.keys(COMMITTEES))}) OR (${a}.kind IN (${inList(VILLAGE_KINDS)}) AND ${a}.sector IN (${inList(VILLAGE_SECTORS)})))`;

/** A village or community organisation at the top of its village (its parent is not one): what coverage counts. */
export const villageSql = (r: string, parent: string) =>
  `(${r}.kind IN (${inList(VILLAGE_KINDS)}) AND ${r}.sector IN (${inList(VILLAGE_SECTORS)})
    AND NOT coalesce(${parent}.kind IN (${inList(VILLAGE_KINDS)}) AND ${parent}.sector IN (${inList(VILLAGE_SECTORS)}), false))`;

/**
 * The level of the list for a unit at materialised path `path` (an SQL text expression such as
 * `u.path`, or a placement's path for the tree as it was on a day): the nearest unit on the path
 * that keeps a list. Roots are city or county committees, so there always is one.
 */
export const levelOfPathSql = (path: string) => `(
  SELECT CASE a.kind WHEN 'CITY_COMMITTEE' THEN 'CITY' WHEN 'COUNTY_COMMITTEE' THEN 'COUNTY'
                     WHEN 'TOWNSHIP_COMMITTEE' THEN 'TOWNSHIP' WHEN 'SUBDISTRICT_COMMITTEE' THEN 'TOWNSHIP'
                     ELSE 'STATION_VILLAGE' END
  FROM unnest(string_to_array(trim(both '/' from ${path}), '/')::int[]) WITH ORDINALITY AS x(id, n)
  JOIN org_unit a ON a.id = x.id
  WHERE ${keepsListSql('a')}
  ORDER BY x.n DESC LIMIT 1)`;

/**
 * The path of a unit as it was on a day (`org_unit_placement`), or its path today when no placement
 * covers that day. `unitId` and `day` are SQL expressions.
 */
export const pathOnSql = (unitId: string, day: string) => `coalesce(
  (SELECT p.path FROM org_unit_placement p WHERE p.unit_id = ${unitId} AND p.valid_from <= ${day}
     AND (p.valid_to IS NULL OR p.valid_to > ${day}) ORDER BY p.valid_from DESC LIMIT 1),
  (SELECT u.path FROM org_unit u WHERE u.id = ${unitId}))`;
