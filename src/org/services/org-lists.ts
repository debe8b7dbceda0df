import { plusYears } from '../../calendar';
import { SortDirection, type ListSql } from '../../graphql/connection';
import { scopeSql } from '../../auth/access';
import type { LocalDate } from '../../graphql/scalars';
import { birthDateSql, fullPersonalDataSql, type BirthDateView } from '../personal-data';
import {
  Education,
  Gender,
  MemberCategory,
  MemberStatus,
  OrgUnitKind,
  PostRole,
  REQUIRED_POSTS,
  Sector,
} from '../enums';

/**
 * The SQL behind each list of the tree. Every list is partitioned by the unit it hangs from, so
 * `pageIds` answers the same question for all sibling units in one statement.
 */

/** The ids of a unit's ancestors and itself, from its materialised path ('/1/7/42/'), as an int[]. */
export const ancestorOrSelfIdsSql = (alias: string) => `string_to_array(trim(both '/' from ${alias}.path), '/')::int[]`;

export interface UnitFilter {
  kinds?: OrgUnitKind[] | null;
  sectors?: Sector[] | null;
  search?: string | null;
  includeDissolved?: boolean | null;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function unitConditions(p: Params, f: UnitFilter, alias = 'u'): string[] {
  const where: string[] = [];
  if (!f.includeDissolved) where.push(`${alias}.dissolved_on IS NULL`);
  if (f.kinds?.length) where.push(`${alias}.kind = ANY(${p.add(f.kinds)})`);
  if (f.sectors?.length) where.push(`${alias}.sector = ANY(${p.add(f.sectors)})`);
  if (f.search?.trim()) {
    const term = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const t = p.add(term);
    where.push(`(${alias}.name ILIKE ${t} OR ${alias}.short_name ILIKE ${t} OR ${alias}.code ILIKE ${t})`);
  }
  return where;
}

const and = (conds: string[]) => (conds.length ? ` AND ${conds.join(' AND ')}` : '');

/** What a list of units can be sorted by (ties broken by record id). */
export enum OrgUnitOrder {
  CODE = 'CODE',
  NAME = 'NAME',
}

export interface UnitOrder {
  field: OrgUnitOrder;
  direction: SortDirection;
}

const BY_CODE: UnitOrder = { field: OrgUnitOrder.CODE, direction: SortDirection.ASC };

/** Sort keys of a unit list, and its direction. */
function unitSort(order: UnitOrder): Pick<ListSql, 'sort' | 'descending'> {
  const key = order.field === OrgUnitOrder.NAME ? 'u.name' : 'u.code';
  return { sort: [key, 'u.id'], descending: order.direction === SortDirection.DESC };
}

export function childrenList(parentIds: number[], f: UnitFilter, order: UnitOrder = BY_CODE): ListSql {
  const p = new Params();
  const ids = p.add(parentIds);
  return {
    partition: 'u.parent_id',
    id: 'u.id',
    ...unitSort(order),
    from: `FROM org_unit u WHERE u.parent_id = ANY(${ids}::int[])${and(unitConditions(p, f))}`,
    params: p.values,
  };
}

/** Every unit below each ancestor: in tree order (by path), or in the order given. */
export function descendantsList(
  ancestorIds: number[],
  f: UnitFilter & { maxDepth?: number | null },
  order?: UnitOrder,
): ListSql {
  const p = new Params();
  const ids = p.add(ancestorIds);
  const conds = unitConditions(p, f);
  if (f.maxDepth) conds.push(`u.depth <= t.depth + ${p.add(f.maxDepth)}`);
  return {
    partition: 't.id',
    id: 'u.id',
    ...(order ? unitSort(order) : { sort: ['u.path', 'u.id'] }),
    from: `FROM org_unit t JOIN org_unit u ON u.path > t.path AND u.path < t.path || '~' WHERE t.id = ANY(${ids}::int[])${and(conds)}`,
    params: p.values,
  };
}

/** Root list: every unit (within the viewer's subtrees), or every unit under one (itself excluded). */
export function unitsList(
  underPath: string | null,
  f: UnitFilter,
  scope: string[] | null = null,
  order: UnitOrder = BY_CODE,
): ListSql {
  const p = new Params();
  const conds = unitConditions(p, f);
  if (underPath) conds.push(`u.path > ${p.add(underPath)} AND u.path < ${p.add(`${underPath}~`)}`);
  if (scope !== null) conds.push(scopeSql('u', scope, p.values));
  return {
    partition: '0',
    id: 'u.id',
    ...unitSort(order),
    from: `FROM org_unit u WHERE true${and(conds)}`,
    params: p.values,
  };
}

export interface MemberFilter {
  statuses?: MemberStatus[] | null;
  categories?: MemberCategory[] | null;
  gender?: Gender | null;
  minAge?: number | null;
  maxAge?: number | null;
  educations?: Education[] | null;
  joinedFrom?: LocalDate | null;
  joinedTo?: LocalDate | null;
  search?: string | null;
}

export enum MemberOrder {
  NAME = 'NAME',
  BIRTH_DATE = 'BIRTH_DATE',
  JOINED_ON = 'JOINED_ON',
}

/** Sort keys of a member list; by birth date only where the viewer sees it (else by birth year, see BirthDateView). */
function memberSort(order: MemberOrder, p: Params, view: BirthDateView): string[] {
  switch (order) {
    case MemberOrder.NAME:
      return ['m.name', 'm.id'];
    case MemberOrder.BIRTH_DATE:
      return [birthDateSql(fullPersonalDataSql(view, 'm', p.values), 'm'), 'm.id'];
    case MemberOrder.JOINED_ON:
      return ['m.joined_on', 'm.id'];
  }
}

/**
 * `exact()` where the viewer sees the member's personal data, `byYear()` elsewhere; only the SQL used
 * adds its parameters.
 */
const perRow = (full: string, exact: () => string, byYear: () => string) =>
  full === 'true' ? exact() : full === 'false' ? byYear() : `(CASE WHEN ${full} THEN ${exact()} ELSE ${byYear()} END)`;

function memberConditions(p: Params, f: MemberFilter, today: LocalDate, view: BirthDateView): string[] {
  const where: string[] = [];
  const statuses = f.statuses?.length ? f.statuses : [MemberStatus.PROBATIONARY, MemberStatus.FULL];
  where.push(`m.status = ANY(${p.add(statuses)})`);
  if (f.categories?.length) where.push(`m.category = ANY(${p.add(f.categories)})`);
  if (f.gender) where.push(`m.gender = ${p.add(f.gender)}`);
  if (f.educations?.length) where.push(`m.education = ANY(${p.add(f.educations)})`);
  // Ages become birth-date bounds, so the filter is a plain range on a date column. For a member whose
  // personal data the viewer sees masked, the age is this year minus the birth year: a bound inside a
  // year would let the viewer bisect the birth date (digits 7–14 of the ID number).
  if (f.minAge != null || f.maxAge != null) {
    const full = fullPersonalDataSql(view, 'm', p.values);
    const year = Number(today.slice(0, 4));
    const day = (y: number, md: string) => `${String(y).padStart(4, '0')}-${md}`;
    if (f.minAge != null)
      where.push(
        perRow(
          full,
          () => `m.birth_date <= ${p.add(plusYears(today, -f.minAge!))}::date`,
          () => `m.birth_date <= ${p.add(day(year - f.minAge!, '12-31'))}::date`,
        ),
      );
    if (f.maxAge != null)
      where.push(
        perRow(
          full,
          () => `m.birth_date > ${p.add(plusYears(today, -(f.maxAge! + 1)))}::date`,
          () => `m.birth_date >= ${p.add(day(year - f.maxAge!, '01-01'))}::date`,
        ),
      );
  }
  if (f.joinedFrom) where.push(`m.joined_on >= ${p.add(f.joinedFrom)}::date`);
  if (f.joinedTo) where.push(`m.joined_on <= ${p.add(f.joinedTo)}::date`);
  if (f.search?.trim()) where.push(`m.name ILIKE ${p.add(`%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  return where;
}

/** Members of units: of the unit itself (a branch, or a party group's own members), or of its whole subtree. */
export function membersList(
  unitIds: number[],
  includeDescendants: boolean,
  f: MemberFilter,
  order: MemberOrder,
  today: LocalDate,
  view: BirthDateView,
  direction: SortDirection = SortDirection.ASC,
): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  const scope = includeDescendants
    ? `JOIN org_unit d ON d.path >= t.path AND d.path < t.path || '~' JOIN member m ON m.branch_id = d.id`
    : `JOIN member m ON (t.kind <> 'PARTY_GROUP' AND m.branch_id = t.id) OR (t.kind = 'PARTY_GROUP' AND m.party_group_id = t.id)`;
  return {
    partition: 't.id',
    id: 'm.id',
    sort: memberSort(order, p, view),
    descending: direction === SortDirection.DESC,
    from: `FROM org_unit t ${scope} WHERE t.id = ANY(${ids}::int[])${and(memberConditions(p, f, today, view))}`,
    params: p.values,
  };
}

export function postsList(unitIds: number[], includeEnded: boolean, roles: PostRole[] | null | undefined): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  const conds: string[] = [];
  if (!includeEnded) conds.push('p.ended_on IS NULL');
  if (roles?.length) conds.push(`p.role = ANY(${p.add(roles)})`);
  return {
    partition: 'p.unit_id',
    id: 'p.id',
    sort: ['p.term_start', 'p.id'],
    from: `FROM post p WHERE p.unit_id = ANY(${ids}::int[])${and(conds)}`,
    params: p.values,
  };
}

/** The required posts (REQUIRED_POSTS) as a SQL relation `req(kind, role)`. */
const requiredPostsSql = () =>
  `(VALUES ${REQUIRED_POSTS.map(([k, r]) => `('${k}', '${r}')`).join(', ')}) AS req(kind, role)`;

/** Of unit `u`, the roles its kind requires with no current holder, in REQUIRED_POSTS order. */
export const missingPostsSql = (u: string) =>
  `SELECT req.role FROM ${requiredPostsSql()} WHERE req.kind = ${u}.kind AND ${u}.dissolved_on IS NULL
     AND NOT EXISTS (SELECT 1 FROM post s WHERE s.unit_id = ${u}.id AND s.role = req.role AND s.ended_on IS NULL)`;

/**
 * Units in each subtree (the unit itself included) missing a post their kind requires: secretary-led
 * units with no current secretary, work stations with no current head or no full-time staff member.
 */
export function vacanciesList(unitIds: number[], roles?: PostRole[] | null): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  const only = roles?.length ? ` AND req.role = ANY(${p.add(roles)})` : '';
  return {
    partition: 't.id',
    id: 'u.id',
    sort: ['u.path', 'u.id'],
    from: `FROM org_unit t JOIN org_unit u ON u.path >= t.path AND u.path < t.path || '~'
      WHERE t.id = ANY(${ids}::int[]) AND EXISTS (${missingPostsSql('u')}${only})`,
    params: p.values,
  };
}

export interface VacancyCountRow {
  unit_id: number;
  kind: OrgUnitKind;
  role: PostRole;
  units: number;
  vacant: number;
}

/** Per subtree, per required (unit kind, post): units that need it and units where it is vacant. */
export const vacancyCountsSql = () =>
  `SELECT t.id AS unit_id, req.kind, req.role, count(u.id)::int AS units,
          count(u.id) FILTER (WHERE NOT EXISTS (SELECT 1 FROM post s WHERE s.unit_id = u.id AND s.role = req.role AND s.ended_on IS NULL))::int AS vacant
   FROM org_unit t CROSS JOIN ${requiredPostsSql()}
   JOIN org_unit u ON u.path >= t.path AND u.path < t.path || '~' AND u.kind = req.kind AND u.dissolved_on IS NULL
   WHERE t.id = ANY($1::int[])
   GROUP BY t.id, req.kind, req.role`;

/** Current posts in each subtree whose term ends before a day (already expired ones included). */
export function termsEndingList(unitIds: number[], before: LocalDate): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  return {
    partition: 't.id',
    id: 'p.id',
    sort: ['p.term_end', 'p.id'],
    from: `FROM org_unit t JOIN org_unit u ON u.path >= t.path AND u.path < t.path || '~' JOIN post p ON p.unit_id = u.id
      WHERE t.id = ANY(${ids}::int[]) AND p.ended_on IS NULL AND p.term_end < ${p.add(before)}::date`,
    params: p.values,
  };
}

/** 预备期满 in SQL: a year from joining, or the extended end. */
export const probationDueSql = (m: string) =>
  `coalesce(${m}.probation_extended_to, (${m}.joined_on + interval '1 year')::date)`;

/**
 * Probationary members in each subtree whose probation ends on or before a day (`until`: today for
 * those due or overdue), the longest overdue first.
 */
export function probationDueList(unitIds: number[], until: LocalDate): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  return {
    partition: 't.id',
    id: 'm.id',
    sort: [probationDueSql('m'), 'm.id'],
    from: `FROM org_unit t JOIN org_unit d ON d.path >= t.path AND d.path < t.path || '~' JOIN member m ON m.branch_id = d.id
      WHERE t.id = ANY(${ids}::int[]) AND m.status = '${MemberStatus.PROBATIONARY}' AND ${probationDueSql('m')} <= ${p.add(until)}::date`,
    params: p.values,
  };
}

/**
 * 停止党籍 in SQL, for modules reading the register through the kit: member `m` has their membership
 * suspended on `day` by the suspension the register shows now (since its approval day). A suspension
 * already ended (restored, or removed) is not in the register; its decision stays with whoever recorded it.
 */
export const suspendedOnSql = (m: string, day: string) =>
  `(${m}.suspended_since IS NOT NULL AND ${m}.suspended_since <= ${day}::date)`;
