import { plusYears } from '../../calendar';
import type { ListSql } from '../../graphql/connection';
import { scopeSql } from '../../auth/access';
import type { LocalDate } from '../../graphql/scalars';
import {
  Education,
  Gender,
  MemberCategory,
  MemberStatus,
  OrgUnitKind,
  PostRole,
  SECRETARY_LED_KINDS,
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

export function childrenList(parentIds: number[], f: UnitFilter): ListSql {
  const p = new Params();
  const ids = p.add(parentIds);
  return {
    partition: 'u.parent_id',
    id: 'u.id',
    sort: ['u.code', 'u.id'],
    from: `FROM org_unit u WHERE u.parent_id = ANY(${ids}::int[])${and(unitConditions(p, f))}`,
    params: p.values,
  };
}

export function descendantsList(ancestorIds: number[], f: UnitFilter & { maxDepth?: number | null }): ListSql {
  const p = new Params();
  const ids = p.add(ancestorIds);
  const conds = unitConditions(p, f);
  if (f.maxDepth) conds.push(`u.depth <= t.depth + ${p.add(f.maxDepth)}`);
  return {
    partition: 't.id',
    id: 'u.id',
    sort: ['u.path', 'u.id'],
    from: `FROM org_unit t JOIN org_unit u ON u.path > t.path AND u.path < t.path || '~' WHERE t.id = ANY(${ids}::int[])${and(conds)}`,
    params: p.values,
  };
}

/** Root list: every unit (within the viewer's subtrees), or every unit under one (itself excluded). */
export function unitsList(underPath: string | null, f: UnitFilter, scope: string[] | null = null): ListSql {
  const p = new Params();
  const conds = unitConditions(p, f);
  if (underPath) conds.push(`u.path > ${p.add(underPath)} AND u.path < ${p.add(`${underPath}~`)}`);
  if (scope !== null) conds.push(scopeSql('u', scope, p.values));
  return {
    partition: '0',
    id: 'u.id',
    sort: ['u.code', 'u.id'],
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

const MEMBER_SORT: Record<MemberOrder, string[]> = {
  [MemberOrder.NAME]: ['m.name', 'm.id'],
  [MemberOrder.BIRTH_DATE]: ['m.birth_date', 'm.id'],
  [MemberOrder.JOINED_ON]: ['m.joined_on', 'm.id'],
};

function memberConditions(p: Params, f: MemberFilter, today: LocalDate): string[] {
  const where: string[] = [];
  const statuses = f.statuses?.length ? f.statuses : [MemberStatus.PROBATIONARY, MemberStatus.FULL];
  where.push(`m.status = ANY(${p.add(statuses)})`);
  if (f.categories?.length) where.push(`m.category = ANY(${p.add(f.categories)})`);
  if (f.gender) where.push(`m.gender = ${p.add(f.gender)}`);
  if (f.educations?.length) where.push(`m.education = ANY(${p.add(f.educations)})`);
  // Ages become birth-date bounds, so the filter is a plain range on a date column.
  if (f.minAge != null) where.push(`m.birth_date <= ${p.add(plusYears(today, -f.minAge))}::date`);
  if (f.maxAge != null) where.push(`m.birth_date > ${p.add(plusYears(today, -(f.maxAge + 1)))}::date`);
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
): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  const scope = includeDescendants
    ? `JOIN org_unit d ON d.path >= t.path AND d.path < t.path || '~' JOIN member m ON m.branch_id = d.id`
    : `JOIN member m ON (t.kind <> 'PARTY_GROUP' AND m.branch_id = t.id) OR (t.kind = 'PARTY_GROUP' AND m.party_group_id = t.id)`;
  return {
    partition: 't.id',
    id: 'm.id',
    sort: MEMBER_SORT[order],
    from: `FROM org_unit t ${scope} WHERE t.id = ANY(${ids}::int[])${and(memberConditions(p, f, today))}`,
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

/** Secretary-led units in each subtree (the unit itself included) with no current secretary. */
export function vacanciesList(unitIds: number[]): ListSql {
  const p = new Params();
  const ids = p.add(unitIds);
  const kinds = p.add(SECRETARY_LED_KINDS);
  return {
    partition: 't.id',
    id: 'u.id',
    sort: ['u.path', 'u.id'],
    from: `FROM org_unit t JOIN org_unit u ON u.path >= t.path AND u.path < t.path || '~'
      WHERE t.id = ANY(${ids}::int[]) AND u.kind = ANY(${kinds}) AND u.dissolved_on IS NULL
        AND NOT EXISTS (SELECT 1 FROM post s WHERE s.unit_id = u.id AND s.role = '${PostRole.SECRETARY}' AND s.ended_on IS NULL)`,
    params: p.values,
  };
}

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
