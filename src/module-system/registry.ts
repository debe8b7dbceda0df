import { getMetadataStorage } from 'type-graphql';
import type { Class } from '../class';
import { ScopedNode } from '../auth/scope';
import { Node } from '../graphql/node';
import type { ReminderSource } from '../reminders/source';
import type { MemberFlagSource } from '../member-flags/source';
import type { EventDeclaration, JicengModule } from './define-module';

/** What the core itself declares, so module declarations can be checked against it. */
export interface CoreDeclarations {
  types: Class[];
  resolvers: Class[];
  /** Events of the core's mutations named other than after the mutation (see ModuleDefinition.events). */
  events?: Record<string, EventDeclaration>;
  /** Mutations that write no event: signing in and out changes nothing anyone subscribes to. */
  eventless?: string[];
  /** The core's own reminder kinds (src/reminders/core-sources.ts). */
  reminders?: ReminderSource[];
}

/** A reminder source with the module that declared it (null: the core); one value of `ReminderKind`. */
export interface DeclaredReminderSource {
  module: string | null;
  source: ReminderSource;
}

/** A member-flag source with the module that declared it; one value of `MemberFlagKind`. */
export interface DeclaredMemberFlagSource {
  module: string;
  source: MemberFlagSource;
}

/** One value of the `EventType` enum: the event a mutation writes when it commits. */
export interface EventTypeInfo {
  name: string;
  description: string;
  mutation: string;
  /** The module that declared the mutation (null: the core). */
  module: string | null;
}

const EVENT_TYPE_NAME = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** `returnWeeklyReport` → `RETURN_WEEKLY_REPORT`. */
export const eventTypeNameOf = (mutation: string) => mutation.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export class ModuleRegistryError extends Error {}

type Owner = { kind: 'core' } | { kind: 'module'; name: string };
const ownerName = (o: Owner) => (o.kind === 'core' ? 'the core' : `module "${o.name}"`);

/**
 * The installed modules, checked once at start-up: unique names, dependencies present, and no two
 * declarations of one GraphQL type or one field on a type (type-graphql would silently keep the first).
 */
export class ModuleRegistry {
  /** Modules in dependency order: a module comes after everything it depends on. */
  readonly modules: readonly JicengModule[];
  private readonly fieldOwners = new Map<string, string>();
  private readonly coreTypeNames = new Set<string>();
  /** The events mutations write, one per mutation (but the eventless ones), in mutation-name order. */
  readonly eventTypes: readonly EventTypeInfo[];
  private readonly eventByMutation = new Map<string, EventTypeInfo>();
  /** The reminder kinds of the core and of every installed module, core first, none twice. */
  readonly reminderSources: readonly DeclaredReminderSource[];
  /** The member-flag kinds of every installed module, in module order, none twice. */
  readonly memberFlagSources: readonly DeclaredMemberFlagSource[];

  private constructor(modules: JicengModule[], core: CoreDeclarations) {
    this.modules = ModuleRegistry.order(modules);
    this.checkDeclarations(core);
    this.eventTypes = this.declareEvents(core);
    this.reminderSources = this.declareReminders(core);
    this.memberFlagSources = this.declareMemberFlags();
    for (const e of this.eventTypes) this.eventByMutation.set(e.mutation, e);
  }

  /** The event a committed mutation writes, or undefined for an eventless one. */
  eventOf(mutation: string): EventTypeInfo | undefined {
    return this.eventByMutation.get(mutation);
  }

  static create(modules: JicengModule[], core: CoreDeclarations): ModuleRegistry {
    return new ModuleRegistry(modules, core);
  }

  get names(): string[] {
    return this.modules.map((m) => m.name);
  }

  has(name: string): boolean {
    return this.modules.some((m) => m.name === name);
  }

  get(name: string): JicengModule | undefined {
    return this.modules.find((m) => m.name === name);
  }

  /** A type the core declares (modules may add fields to it). */
  isCoreType(typeName: string): boolean {
    return this.coreTypeNames.has(typeName);
  }

  /** The module that declared `Type.field`, or undefined for the core's own fields. */
  fieldOwner(typeName: string, fieldName: string): string | undefined {
    return this.fieldOwners.get(`${typeName}.${fieldName}`);
  }

  get entities(): Class[] {
    return this.modules.flatMap((m) => m.entities);
  }

  get resolvers(): Class[] {
    return this.modules.flatMap((m) => m.resolvers);
  }

  get types(): Class[] {
    return this.modules.flatMap((m) => [...m.entities, ...m.types]);
  }

  /** OrgUnit fields the installed modules publish to a member on their own branch. */
  get memberUnitFields(): string[] {
    return this.modules.flatMap((m) => m.memberUnitFields);
  }

  get migrations() {
    return this.modules.flatMap((m) => m.migrations);
  }

  private static order(modules: JicengModule[]): JicengModule[] {
    const byName = new Map<string, JicengModule>();
    for (const m of modules) {
      if (byName.has(m.name)) throw new ModuleRegistryError(`Two modules are named "${m.name}"`);
      byName.set(m.name, m);
    }
    for (const m of modules) {
      for (const dep of m.dependsOn) {
        if (!byName.has(dep)) {
          throw new ModuleRegistryError(
            `Module "${m.name}" depends on module "${dep}", which is not installed (add it to MODULES or remove "${m.name}")`,
          );
        }
      }
    }
    const ordered: JicengModule[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (m: JicengModule, trail: string[]) => {
      if (state.get(m.name) === 'done') return;
      if (state.get(m.name) === 'visiting')
        throw new ModuleRegistryError(`Modules depend on each other in a cycle: ${[...trail, m.name].join(' → ')}`);
      state.set(m.name, 'visiting');
      for (const dep of m.dependsOn) visit(byName.get(dep)!, [...trail, m.name]);
      state.set(m.name, 'done');
      ordered.push(m);
    };
    for (const m of [...modules].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
    return ordered;
  }

  /**
   * Every mutation's event: named by its declarer (the core or the module that declares the mutation),
   * else after the mutation. Refused: a module naming another's mutation or one that does not exist,
   * a name that is not CONSTANT_CASE, and two mutations with one event name.
   */
  private declareEvents(core: CoreDeclarations): EventTypeInfo[] {
    const storage = getMetadataStorage();
    const eventless = new Set(core.eventless ?? []);
    const mutationsOf = (resolvers: Class[]) =>
      storage.mutations.filter((q) => resolvers.includes(q.target as Class) && !eventless.has(q.schemaName));
    const declarers: { owner: Owner; resolvers: Class[]; named: Record<string, EventDeclaration> }[] = [
      { owner: { kind: 'core' }, resolvers: core.resolvers, named: core.events ?? {} },
      ...this.modules.map((m) => ({
        owner: { kind: 'module', name: m.name } as Owner,
        resolvers: m.resolvers,
        named: m.events,
      })),
    ];
    const byName = new Map<string, EventTypeInfo>();
    const all: EventTypeInfo[] = [];
    for (const d of declarers) {
      const mutations = mutationsOf(d.resolvers);
      for (const mutation of Object.keys(d.named)) {
        if (!mutations.some((q) => q.schemaName === mutation))
          throw new ModuleRegistryError(
            `${ownerName(d.owner)} names the event of mutation "${mutation}", which it does not declare`,
          );
      }
      for (const q of mutations) {
        const named = d.named[q.schemaName];
        const name = named?.type ?? eventTypeNameOf(q.schemaName);
        if (!EVENT_TYPE_NAME.test(name))
          throw new ModuleRegistryError(`Event type "${name}" of ${ownerName(d.owner)} is not CONSTANT_CASE`);
        const info: EventTypeInfo = {
          name,
          description:
            named?.description ??
            `${q.description ?? q.schemaName}（由 ${q.schemaName} 写入 — written by mutation ${q.schemaName}）`,
          mutation: q.schemaName,
          module: d.owner.kind === 'module' ? d.owner.name : null,
        };
        const prior = byName.get(name);
        if (prior)
          throw new ModuleRegistryError(
            `Event type "${name}" is written by both mutation "${prior.mutation}" and mutation "${q.schemaName}"`,
          );
        byName.set(name, info);
        all.push(info);
      }
    }
    return all.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Reminder kinds: CONSTANT_CASE, described, and never declared twice (by one declarer or two). */
  private declareReminders(core: CoreDeclarations): DeclaredReminderSource[] {
    const all: DeclaredReminderSource[] = [
      ...(core.reminders ?? []).map((source) => ({ module: null, source })),
      ...this.modules.flatMap((m) => (m.reminders ?? []).map((source) => ({ module: m.name, source }))),
    ];
    const seen = new Map<string, string>();
    for (const { source, module } of all) {
      const owner = module ? `module "${module}"` : 'the core';
      if (!EVENT_TYPE_NAME.test(source.kind))
        throw new ModuleRegistryError(`Reminder kind "${source.kind}" of ${owner} is not CONSTANT_CASE`);
      if (!source.description?.trim())
        throw new ModuleRegistryError(`Reminder kind "${source.kind}" of ${owner} has no description`);
      const prior = seen.get(source.kind);
      if (prior)
        throw new ModuleRegistryError(`Reminder kind "${source.kind}" is declared by both ${prior} and ${owner}`);
      seen.set(source.kind, owner);
    }
    return all;
  }

  /** Member-flag kinds: CONSTANT_CASE, described, and never declared twice (by one module or two). */
  private declareMemberFlags(): DeclaredMemberFlagSource[] {
    const all = this.modules.flatMap((m) => (m.memberFlags ?? []).map((source) => ({ module: m.name, source })));
    const seen = new Map<string, string>();
    for (const { source, module } of all) {
      if (!EVENT_TYPE_NAME.test(source.kind))
        throw new ModuleRegistryError(`Member flag kind "${source.kind}" of module "${module}" is not CONSTANT_CASE`);
      if (!source.description?.trim())
        throw new ModuleRegistryError(`Member flag kind "${source.kind}" of module "${module}" has no description`);
      const prior = seen.get(source.kind);
      if (prior)
        throw new ModuleRegistryError(
          `Member flag kind "${source.kind}" is declared by both module "${prior}" and module "${module}"`,
        );
      seen.set(source.kind, module);
    }
    return all;
  }

  private checkDeclarations(core: CoreDeclarations) {
    const storage = getMetadataStorage();
    // By identity: type-graphql hands back a resolver's object type as a bare `Function`.
    const typeName = (cls: object): string | undefined =>
      storage.objectTypes.find((t) => t.target === cls)?.name ??
      storage.inputTypes.find((t) => t.target === cls)?.name ??
      storage.interfaceTypes.find((t) => t.target === cls)?.name;

    const typeOwners = new Map<string, Owner>();
    const claimType = (cls: Class, owner: Owner) => {
      const name = typeName(cls);
      if (!name) return;
      const prior = typeOwners.get(name);
      if (
        prior &&
        !(
          prior.kind === owner.kind &&
          (prior.kind === 'core' || (owner.kind === 'module' && prior.name === owner.name))
        )
      ) {
        throw new ModuleRegistryError(
          `GraphQL type "${name}" is declared by both ${ownerName(prior)} and ${ownerName(owner)}`,
        );
      }
      typeOwners.set(name, owner);
    };
    core.types.forEach((t) => claimType(t, { kind: 'core' }));
    for (const [name, owner] of typeOwners) if (owner.kind === 'core') this.coreTypeNames.add(name);
    for (const m of this.modules)
      [...m.entities, ...m.types].forEach((t) => claimType(t, { kind: 'module', name: m.name }));

    // A module's refetchable objects carry a unit scope, or the guard could not decide who sees them.
    for (const m of this.modules) {
      for (const cls of [...m.entities, ...m.types]) {
        const meta = storage.objectTypes.find((t) => t.target === cls);
        if (meta?.interfaceClasses?.includes(Node) && !(cls.prototype instanceof ScopedNode)) {
          throw new ModuleRegistryError(
            `Module "${m.name}" declares the Node type "${meta.name}" without a unit scope: extend ScopedNode (from the module kit) and say which unit it belongs to`,
          );
        }
      }
    }

    // Fields: the core types' own fields, then every field resolver, core first.
    const fieldOwners = new Map<string, Owner>();
    for (const cls of core.types) {
      const name = typeName(cls);
      if (!name) continue;
      for (const f of storage.fields.filter((f) => f.target === cls))
        fieldOwners.set(`${name}.${f.schemaName}`, { kind: 'core' });
    }
    const claimResolverFields = (resolver: Class, owner: Owner) => {
      const fields = storage.fieldResolvers.filter((f) => f.target === resolver);
      const resolverClass = storage.resolverClasses.find((r) => r.target === resolver);
      if (!resolverClass || fields.length === 0) return;
      const forType = resolverClass.getObjectType();
      const onType = forType ? typeName(forType) : undefined;
      if (!onType) return;
      for (const f of fields) {
        const key = `${onType}.${f.schemaName}`;
        const prior = fieldOwners.get(key);
        if (
          prior &&
          !(
            prior.kind === owner.kind &&
            (prior.kind === 'core' || (owner.kind === 'module' && prior.name === owner.name))
          )
        ) {
          throw new ModuleRegistryError(
            `Field "${key}" is declared by both ${ownerName(prior)} and ${ownerName(owner)}`,
          );
        }
        fieldOwners.set(key, owner);
      }
    };
    core.resolvers.forEach((r) => claimResolverFields(r, { kind: 'core' }));
    for (const m of this.modules) m.resolvers.forEach((r) => claimResolverFields(r, { kind: 'module', name: m.name }));

    // Root fields are checked the same way: two modules must not both add Query.x.
    const rootOwners = new Map<string, Owner>();
    const claimRoot = (resolver: Class, owner: Owner) => {
      for (const [kind, list] of [
        ['Query', storage.queries],
        ['Mutation', storage.mutations],
      ] as const) {
        for (const q of list.filter((q) => q.target === resolver)) {
          const key = `${kind}.${q.schemaName}`;
          const prior = rootOwners.get(key);
          if (prior && ownerName(prior) !== ownerName(owner)) {
            throw new ModuleRegistryError(
              `Field "${key}" is declared by both ${ownerName(prior)} and ${ownerName(owner)}`,
            );
          }
          rootOwners.set(key, owner);
        }
      }
    };
    core.resolvers.forEach((r) => claimRoot(r, { kind: 'core' }));
    for (const m of this.modules) m.resolvers.forEach((r) => claimRoot(r, { kind: 'module', name: m.name }));

    for (const [key, owner] of [...fieldOwners, ...rootOwners])
      if (owner.kind === 'module') this.fieldOwners.set(key, owner.name);

    // A module publishes to members only fields it declares on OrgUnit itself.
    for (const m of this.modules) {
      for (const field of m.memberUnitFields) {
        if (this.fieldOwners.get(`OrgUnit.${field}`) !== m.name)
          throw new ModuleRegistryError(
            `Module "${m.name}" publishes OrgUnit.${field} to members, but does not declare that field`,
          );
      }
    }
  }
}
