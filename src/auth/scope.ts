import { getMetadataStorage } from 'type-graphql';
import { toGlobalId } from '../graphql/global-id';

/**
 * An object that belongs to a unit (a post, a module's report or issue). The guard lets the viewer
 * see it when they may read that unit, or, when `visibleToMembers` is true, when it is their branch's.
 */
export interface UnitScoped {
  readonly scopeUnitId: number;
  /** Further units whose readers see it too (an issue: raised by one unit, handled by another). */
  readonly alsoScopedTo?: readonly number[];
  readonly visibleToMembers?: boolean;
  /** Also seen by whoever reads a unit under the scope unit (a rule the unit adopts for its subtree). */
  readonly readableBelow?: boolean;
}

export const isUnitScoped = (o: object): o is UnitScoped => typeof (o as UnitScoped).scopeUnitId === 'number';

const typeNames = new WeakMap<object, string>();

/** The GraphQL name of an object type's class, as declared with @ObjectType. */
function nodeTypeName(cls: object): string {
  let name = typeNames.get(cls);
  if (!name) {
    name = getMetadataStorage().objectTypes.find((t) => t.target === cls)?.name;
    if (!name) throw new Error(`${(cls as { name?: string }).name} is not an @ObjectType`);
    typeNames.set(cls, name);
  }
  return name;
}

/**
 * The base of every refetchable object a module declares (`@ObjectType('X', { implements: Node })`):
 * its global id comes from its type name and integer key, and it must say which unit it belongs to,
 * so the guard can decide who sees it. The registry refuses, at start-up, a module's Node type that
 * does not extend this class: an object without a scope would otherwise be readable by everyone.
 */
export abstract class ScopedNode implements UnitScoped {
  abstract id: number;

  /** The unit whose readers may see this object. */
  abstract get scopeUnitId(): number;

  /** Further units whose readers see it too. */
  get alsoScopedTo(): readonly number[] {
    return [];
  }

  /** Published to the members of the unit (they see it without a reading role). */
  get visibleToMembers(): boolean {
    return false;
  }

  /**
   * Read by everyone who reads a unit under the scope unit, not only by readers of the unit itself:
   * a rule the unit adopts for its subtree (a star scheme) is read by those it applies to. With
   * `visibleToMembers`, members of a branch under the unit see it too.
   */
  get readableBelow(): boolean {
    return false;
  }

  get nodeId(): string {
    return toGlobalId(nodeTypeName(this.constructor), this.id);
  }
}
