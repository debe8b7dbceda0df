import {
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { Extensions, getMetadataStorage } from 'type-graphql';
import type { Class } from '../class';
import { ErrorCode, refuse } from './errors';
import { decodeIntId } from './global-id';
import { CORE_MESSAGES as M } from '../messages/core';

/** Decodes a global id given in a mutation input; a wrong or unknown one is a user error on that field. */
export function inputId(id: string, type: string, field: string[]): number {
  const key = decodeIntId(id, type);
  if (key === null) refuse(ErrorCode.NOT_FOUND, M.wrongId({ field: field[field.length - 1], type }), field);
  return key;
}

export function optionalInputId(id: string | null | undefined, type: string, field: string[]): number | null {
  return id ? inputId(id, type, field) : null;
}

// ─── Ids in mutation inputs: every one is checked by the core (src/auth/guard.ts) ─────────────────

/**
 * How far an id in a mutation input may reach. By default an id must name an object the viewer may
 * see, exactly as `node(id)` would show it; anything else is refused as if it did not exist
 * (NOT_FOUND on that field, audited). An input field that must name something beyond that says so
 * with `@Reaches(...)`, and the core checks the reach: every exception is visible in the code.
 */
export enum IdReach {
  /** What `node(id)` shows the viewer (the default; never needs declaring). */
  VISIBLE = 'VISIBLE',
  /**
   * Also a unit at or above a unit where the viewer works (a grant as ADMIN, SECRETARY or
   * STATION_STAFF), or an object belonging to such a unit: the committee above a branch that
   * approves its decision, the township plan a station copies from, a scheme adopted above.
   */
  UNIT_ABOVE_WORK = 'UNIT_ABOVE_WORK',
  /**
   * Also a unit, or an object of a unit, anywhere in the county (the nearest county committee above)
   * of a unit where the viewer works: the county's mobile branch that hosts a village's member away.
   */
  WORKING_COUNTY = 'WORKING_COUNTY',
}

const REACH = 'idReach';

/**
 * On an input field of type ID (or [ID]): the id may reach further than what the viewer may see, as
 * far as `reach` says (see IdReach). Checked by the core before the mutation runs.
 */
export function Reaches(reach: IdReach): PropertyDecorator {
  return Extensions({ [REACH]: reach });
}

/** One id found in a mutation's arguments: where it is, what it says, how far it may reach. */
export interface InputIdRef {
  /** Field path as userErrors give it: ['input', 'items', '0', 'targetIds', '1']. */
  path: string[];
  id: string;
  reach: IdReach;
}

const reachOf = (extensions: { readonly [k: string]: unknown } | null | undefined): IdReach =>
  (extensions?.[REACH] as IdReach | undefined) ?? IdReach.VISIBLE;

/**
 * Every value of GraphQL type ID in a field's arguments, nested input objects and lists included,
 * with the reach its input field declares. Read from the schema, so no input can be left out.
 */
export function inputIdRefs(args: readonly GraphQLArgument[], values: Record<string, unknown>): InputIdRef[] {
  const refs: InputIdRef[] = [];
  const visit = (type: GraphQLInputType, value: unknown, path: string[], reach: IdReach): void => {
    if (value === null || value === undefined) return;
    const t = getNullableType(type);
    if (isListType(t)) {
      if (Array.isArray(value)) value.forEach((v, i) => visit(t.ofType, v, [...path, String(i)], reach));
      else visit(t.ofType, value, path, reach); // a single value given for a list (input coercion)
    } else if (isInputObjectType(t)) {
      if (typeof value !== 'object') return;
      for (const f of Object.values(t.getFields()))
        visit(f.type, (value as Record<string, unknown>)[f.name], [...path, f.name], reachOf(f.extensions));
    } else if (isScalarType(t) && t.name === 'ID') {
      refs.push({ path, id: String(value), reach });
    }
  };
  for (const a of args) visit(a.type, values[a.name], [a.name], reachOf(a.extensions));
  return refs;
}

/**
 * A part of a Node that inputs name by its own global id but that is not refetchable itself (a
 * plan's item, a report's problem, a scheme's criterion): the core checks an id of it against the
 * Node it belongs to. Declare it on the entity: `@PartOf(() => WorkPlan, (item) => item.planId)`.
 */
export interface PartSpec {
  owner: () => Class;
  ownerId: (part: never) => number;
}

const parts = new WeakMap<object, PartSpec>();

export function PartOf<T>(owner: () => Class, ownerId: (part: T) => number): ClassDecorator {
  return (target) => {
    parts.set(target, { owner, ownerId: ownerId as (part: never) => number });
  };
}

/** GraphQL type name → the part entity and how to find its owner, for the given entity classes. */
export function partTypes(classes: readonly Class[]): Map<string, { entity: Class; spec: PartSpec }> {
  const storage = getMetadataStorage();
  const map = new Map<string, { entity: Class; spec: PartSpec }>();
  for (const cls of classes) {
    const spec = parts.get(cls);
    const name = spec && storage.objectTypes.find((t) => t.target === cls)?.name;
    if (spec && name) map.set(name, { entity: cls, spec });
  }
  return map;
}
