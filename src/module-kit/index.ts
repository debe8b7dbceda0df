/**
 * The module kit: everything a module may use of the core, through one entry point
 * (`import { … } from '#module-kit'`, mapped in package.json "imports"). Modules import nothing else
 * from `src/`, and never each other: they cooperate through ports (`portOf`). What must hold for
 * every module (access, the module switch, the clock, the audit log) is done by the core behind
 * these names; docs/MODULES.md shows how a module uses them.
 */

// The module contract.
export { defineModule, type JicengModule, type ModuleDefinition } from '../module-system/define-module';
export type { App, Context } from '../context';
export {
  actOf,
  actorOf,
  checkQuarter,
  portFor,
  portIfOn,
  isRefusal,
  checkYear,
  figurePeriods,
  modulePolicy,
  portOf,
  servicesOf,
  unitFromInput,
} from './helpers';
export type { Act } from './helpers';

// Objects and access: scoped Node types, the unit checks every mutation makes.
export { Node } from '../graphql/node';
export { ScopedNode } from '../auth/scope';
export { requireUnit, requireSelf, deny, readableUnit } from '../auth/guard';
export { requireModule } from '../module-system/gate';
export { moduleEnabledSql } from '../module-system/enabled-sql';
export { Permission } from '../auth/roles';

// Mutations, ids and errors.
export { runMutation } from '../graphql/mutation';
export { AppError, ErrorCode, UserError, refuse, userError } from '../graphql/errors';
// Messages (src/messages/catalogue.ts): a module declares its reasons and messages under its own name
// (`defineReasons('weekly-reports', …)`, `defineMessages('weekly-reports', …)`) and may use the core's
// generic ones (`coreMessages.inFuture({ field })`, `coreMessages.notFound({ what })`).
export {
  defineMessages,
  defineReasons,
  localized,
  type Localized,
  type Message,
  type MessageParam,
  // A module's own text outside a refusal (a flag's detail) is rendered from its catalogue entry.
  renderMessage,
} from '../messages/catalogue';
export { CORE_MESSAGES as coreMessages, ErrorReason, LABELS as coreLabels } from '../messages/core';
export { enumLabel } from '../graphql/enum';
// Every id of a mutation input is checked by the core against what the viewer may see; a field that
// must reach further says how far (`@Reaches(IdReach.UNIT_ABOVE_WORK)`), and a part of a Node that
// inputs name by id says whose part it is (`@PartOf(() => WorkPlan, (item) => item.planId)`).
export { IdReach, PartOf, Reaches, inputId, optionalInputId } from '../graphql/ids';
export { decodeIntId, fromGlobalId, toGlobalId } from '../graphql/global-id';
export { loadNode } from '../graphql/node.resolver';

// Types, lists and loaders.
export { DateScalar, checkDateRange, isCalendarDate, type LocalDate } from '../graphql/scalars';
export { describeEnum } from '../graphql/enum';
export { AttachmentInput, AttachmentRef, checkAttachments, type Attachment } from '../graphql/attachment';
export {
  ConnectionArgs,
  ConnectionType,
  SortDirection,
  pageIds,
  pageRequest,
  selectsField,
  toPage,
  type IdPage,
  type ListSql,
  type Page,
  type SqlRunner,
} from '../graphql/connection';
export { loadConnection } from '../graphql/connection-loader';
export { LoaderRegistry, argsKey } from '../graphql/loaders';

// The organisation tree.
export { OrgUnit } from '../org/entities/org-unit.entity';
export { Member } from '../org/entities/member.entity';
export { Account } from '../auth/entities/account.entity';
export { DepartureReason, Education, Gender, MemberCategory, MemberStatus, OrgUnitKind, Sector } from '../org/enums';
// A branch members' assembly's vote: who is entitled on a day, and quorum and adoption on the entitled.
export {
  type EntitledVote,
  MORE_THAN_HALF,
  type Share,
  entitledToVoteOn,
  fullMembersOn,
  judgeOnEntitled,
  meetsShare,
} from '../org/services/assembly-vote';
// Entering a member in the register from a module's workflow (the admission a module decided).
export { admitMember } from './admit';
// Who approves for a branch (a party committee above it, never a work station): one rule for every module.
export { APPROVING_COMMITTEE_KINDS, isCommitteeAbove } from '../org/tree-rules';
export { ancestorOrSelfIdsSql, probationDueSql, suspendedOnSql } from '../org/services/org-lists';
export { share } from '../org/services/member-stats.service';
export { PHONE, maskPhone } from '../org/personal-data';
// Personal data in full or not: the register's one rule, for what a module keeps of the same kind.
export { seesPersonalData } from '../org/personal-view';

// Time: the clock's reading is `ctx.now` / `ctx.today`; periods follow the Civil Code.
export { atLocalTime } from '../clock';
export {
  daysBetween,
  periodElapsedOn,
  periodElapsedSql,
  periodEnd,
  periodEndSql,
  plusDays,
  plusMonths,
  plusYears,
  yearsBetween,
} from '../calendar';
// Working days (the national holidays and make-up days, and the locality's own).
export { NATIONAL_YEARS, WorkingCalendar, type WorkingDaysPolicy } from '../working-days';
export { type Policy, workingDaysPolicy } from '../policy';

// Figures (docs/FIGURES.md): a module declares its period, aggregate tables and recount in
// `defineModule({ figures })`; writes call `ctx.app.figures.recount(tx, module, units, day)` and
// `ctx.app.figures.assertOpen(tx, …)`; figure types carry a `FigurePeriod`.
export type { ModuleFigures, RecountEnv, RecountScope, FiguresEngine } from '../figures/engine';
export type { PeriodState } from '../figures/reopenings';
export { FigurePeriod } from '../figures/api/figures.types';
export {
  PeriodKind,
  nextPeriodStart,
  periodLastDay,
  periodStart,
  periodStartSql,
  periodStarts,
} from '../figures/periods';
export { placedOnSql, presenceSegmentsSql, targetPathsSql } from '../figures/tree-sql';
// Tallies summed for every unit above their rows: declared in `figures.rollups`, read with `subtreeSums`.
export { daySums, type RollupSpec, subtreeSums } from '../figures/rollups';

// Reminders (README, "Reminders"): a module declares its deadlines in `defineModule({ reminders })`;
// the core runs them on its ticks, once per kind across processes.
export type { DueReminder, ReminderEnv, ReminderSource } from '../reminders/source';

// Member flags (docs/MODULES.md, "Member flags"): members a module flags for the branch to act on,
// declared in `defineModule({ memberFlags })`; the core lists them where the module is on.
export type { MemberFlagHit, MemberFlagSource } from '../member-flags/source';

// A member's transfer or departure, or a corrected joining day (src/org/member-moves.ts): a module
// reacts in the writing transaction through `defineModule({ memberMoved })`.
export type { MemberMove, MemberMovedHandler } from '../org/member-moves';

// Demo data.
export type { SeedContext } from '../demo/seed-context';
export { bulkInsert, maxId } from '../demo/bulk-insert';
export { mobile } from '../demo/people';
