import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  type GraphQLField,
  type GraphQLNamedType,
} from 'graphql';
import { AgeBand } from '../org/api/member-stats.type';
import { Education, MemberCategory } from '../org/enums';
import { ALLOWED_PARENTS } from '../org/tree-rules';
import { MAX_PAGE_SIZE } from './connection';

/**
 * What the cost rule (limits.ts) assumes a plain list of objects holds when nothing bounds it: a full
 * page. Plain lists are not paged (a member's posts, an issue's timeline, a notice's unread members),
 * so their real length is the data's; pricing them like the largest page keeps the priced cost at or
 * above what they return in practice, and the execution ceilings (ceilings.ts) hold if data is larger.
 */
export const DEFAULT_LIST_SIZE = MAX_PAGE_SIZE;

/** The most levels a branch of the tree can have, from the placement rules (province → city → … → party group). */
export function maxTreeDepth(): number {
  const levels = new Map<string, number>();
  const depthOf = (kind: string, seen: Set<string>): number => {
    const known = levels.get(kind);
    if (known !== undefined) return known;
    if (seen.has(kind)) throw new Error(`the placement rules loop through ${kind}`);
    const parents = ALLOWED_PARENTS[kind as keyof typeof ALLOWED_PARENTS];
    const next = new Set([...seen, kind]);
    const depth = 1 + Math.max(0, ...parents.map((p) => (p === null ? 0 : depthOf(p, next))));
    levels.set(kind, depth);
    return depth;
  };
  return Math.max(...Object.keys(ALLOWED_PARENTS).map((k) => depthOf(k, new Set())));
}

/**
 * Declared bounds of the core's plain lists, by `Type.field`. A module declares its own on the field:
 * `@Extensions({ listSize: 12 })` (type-graphql), read from the schema like these.
 */
const CORE_LIST_SIZES: Record<string, number> = {
  // A unit's ancestors: at most one per level above it.
  'OrgUnit.ancestors': maxTreeDepth() - 1,
  // Roll-up breakdowns: one item per value of their enum.
  'MemberStats.ageBands': Object.keys(AgeBand).length,
  'MemberStats.byCategory': Object.keys(MemberCategory).length,
  'MemberStats.byEducation': Object.keys(Education).length,
};

/** True when the field returns a list of objects (the lists that multiply what a query produces). */
export function isObjectList(field: GraphQLField<unknown, unknown>): boolean {
  return isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
}

/** A plain list field's declared bound: `listSize` in the field's extensions, or the core's table above. */
export function declaredListSize(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): number | undefined {
  const declared = (field.extensions as { listSize?: unknown } | undefined)?.listSize;
  if (typeof declared === 'number' && declared >= 0) return declared;
  return CORE_LIST_SIZES[`${parent.name}.${field.name}`];
}

/** How many items the cost rule assumes a plain list field returns: its declared bound, else DEFAULT_LIST_SIZE. */
export function listSizeOf(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): number {
  return declaredListSize(parent, field) ?? DEFAULT_LIST_SIZE;
}
