import type { MigrationInterface } from 'typeorm';
import type { SeedContext } from '../demo/seed-context';
import type { App } from '../context';
import type { Class } from '../class';
import type { ModuleFigures } from '../figures/engine';
import type { ReminderSource } from '../reminders/source';
import type { MemberFlagSource } from '../member-flags/source';
import type { MemberMovedHandler } from '../org/member-moves';

/** The event a mutation writes: its name in the `EventType` enum (CONSTANT_CASE) and its description, Chinese first. */
export interface EventDeclaration {
  type: string;
  description: string;
}

/** What a pluggable module is: see docs/MODULES.md. */
export interface ModuleDefinition {
  /** Stable key: enablement rows, the MODULES variable, error messages. Lower-case words joined by '-'. */
  name: string;
  /** Chinese term first, then English, e.g. '周报（两下两上）Weekly reports'. */
  title: string;
  description: string;
  /** Modules that must be installed for this one to work. */
  dependsOn?: string[];
  /** TypeORM entities; those that are also object types count as types this module declares. */
  entities?: Class[];
  /** type-graphql resolver classes, including field resolvers on core types. */
  resolvers?: Class[];
  /** Object types not reachable from a resolver's signature (e.g. Node implementations). */
  types?: Class[];
  migrations?: (new () => MigrationInterface)[];
  /**
   * OrgUnit fields of this module that a member may read on their own branch (published to members,
   * like 村务公开); every other module field on a unit needs READ there.
   */
  memberUnitFields?: string[];
  /**
   * The module's services, built once per process from the app (never at import time). Resolvers
   * reach them as `ctx.app.moduleServices.get(name)`; other modules may too, through the registry.
   */
  services?: (app: App) => unknown;
  /**
   * The module's figures: their period, when it closes, the aggregate tables and how to recount them
   * (docs/FIGURES.md). The core keeps them right when the tree or the module switches change.
   */
  figures?: ModuleFigures;
  /**
   * Names and descriptions of the events this module's mutations write (docs/ARCHITECTURE.md,
   * "Events"), by mutation: `{ returnWeeklyReport: { type: 'WEEKLY_REPORT_RETURNED', description:
   * '周报被退回 — …' } }`. A mutation not named here writes an event named after it
   * (`RETURN_WEEKLY_REPORT`), described by the mutation's own description.
   */
  events?: Record<string, EventDeclaration>;
  /**
   * The deadlines this module knows, as reminder sources (README, "Reminders"): the core runs them on
   * its ticks, raises and closes the reminders, and writes their events.
   */
  reminders?: ReminderSource[];
  /**
   * The members this module flags for the branch to act on (docs/MODULES.md, "Member flags"): the core
   * lists them, from every module on at the member's branch, in `Member.flags` and `OrgUnit.flaggedMembers`.
   */
  memberFlags?: MemberFlagSource[];
  /**
   * What the module does when a member leaves a branch (a transfer or a departure) or their joining day
   * is corrected, in the writing transaction (src/org/member-moves.ts): e.g. recount its tallies of the
   * branches the member left and joined.
   */
  memberMoved?: MemberMovedHandler;
  /** Demo data, run after the core's demo data, in dependency order. */
  seed?: (ctx: SeedContext) => Promise<void>;
}

export type JicengModule = Readonly<
  Required<Omit<ModuleDefinition, 'seed' | 'services' | 'figures' | 'reminders' | 'memberFlags' | 'memberMoved'>> &
    Pick<ModuleDefinition, 'seed' | 'services' | 'figures' | 'reminders' | 'memberFlags' | 'memberMoved'>
>;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineModule(def: ModuleDefinition): JicengModule {
  if (!NAME.test(def.name)) throw new Error(`Module name "${def.name}" must be lower-case words joined by "-"`);
  return Object.freeze({
    dependsOn: [],
    entities: [],
    resolvers: [],
    types: [],
    migrations: [],
    memberUnitFields: [],
    events: {},
    ...def,
  });
}
