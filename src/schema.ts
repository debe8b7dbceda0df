import {
  GraphQLScalarType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLInterfaceType,
  type GraphQLSchema,
} from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import type { Class } from './class';
import { ModuleResolver, ModuleStateResolver, OrgUnitModulesResolver } from './module-system/api/module.resolver';
import { OrgUnitReopeningsResolver, PeriodReopeningResolver } from './figures/api/reopening.resolver';
import { FigurePeriod } from './figures/api/figures.types';
import { applyModuleGate } from './module-system/gate';
import type { CoreDeclarations, ModuleRegistry } from './module-system/registry';
import { Member } from './org/entities/member.entity';
import { MembershipPeriod } from './org/entities/membership-period.entity';
import { OrgUnit } from './org/entities/org-unit.entity';
import { OrgUnitPlacement } from './org/entities/org-unit-placement.entity';
import { Post } from './org/entities/post.entity';
import { MemberImportResolver } from './org/api/member-import.resolver';
import { MemberResolver, MembershipPeriodFieldsResolver } from './org/api/member.resolver';
import { MemberStandingResolver, OrgUnitProbationResolver } from './org/api/member-standing.resolver';
import { OrgUnitFieldsResolver, OrgUnitPlacementFieldsResolver } from './org/api/org-unit-fields.resolver';
import { OrgUnitResolver } from './org/api/org-unit.resolver';
import { PostResolver } from './org/api/post.resolver';
import { NodeResolver } from './graphql/node.resolver';
import { PageInfo } from './graphql/connection';
import { UserError } from './graphql/errors';
import { getMetadataStorage } from 'type-graphql';
import { Node } from './graphql/node';
import { applyAccessGuard } from './auth/guard';
import { withEvents } from './events/schema';
import { argumentValidator } from './graphql/input-check';
import { validateTree } from './graphql/mutation';
import { applyExecutionCeilings } from './graphql/ceilings';
import { AccountResolver, GrantResolver } from './auth/api/account.resolver';
import { AuditResolver } from './auth/api/audit.resolver';
import { AuthResolver } from './auth/api/auth.resolver';
import { Account } from './auth/entities/account.entity';
import { AuditEvent } from './auth/entities/audit-event.entity';
import { Grant } from './auth/entities/grant.entity';
import { Reminder } from './reminders/reminder.entity';
import { ReminderResolver } from './reminders/reminder.resolver';
import { Webhook, WebhookDelivery } from './events/webhooks/entities';
import { OrgUnitWebhooksResolver, WebhookResolver } from './events/webhooks/webhook.resolver';
import { CORE_REMINDERS } from './reminders/core-sources';
import { REMINDER_CLOSED_EVENT } from './reminders/scheduler';
import { withReminderKinds } from './reminders/schema';
import { MemberFlag, MemberFlagsResolver, OrgUnitFlagsResolver } from './member-flags/member-flag.resolver';
import { withMemberFlagKinds } from './member-flags/schema';

const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: '时间 — an instant, as an RFC 3339 date-time with offset, e.g. 2026-11-23T09:30:00+08:00',
});

/** Object types of the core that implement Node: `node(id)` resolves these by their type name. */
export const CORE_NODE_TYPES: Record<string, Class> = {
  Reminder,
  OrgUnit,
  Member,
  Post,
  Account,
  Grant,
  AuditEvent,
  Webhook,
  WebhookDelivery,
};

export const CORE: CoreDeclarations = {
  types: [
    OrgUnit,
    Member,
    Post,
    MembershipPeriod,
    OrgUnitPlacement,
    PageInfo,
    UserError,
    Account,
    Grant,
    AuditEvent,
    FigurePeriod,
    Reminder,
    Webhook,
    WebhookDelivery,
    MemberFlag,
  ],
  resolvers: [
    AuthResolver,
    AccountResolver,
    GrantResolver,
    AuditResolver,
    NodeResolver,
    OrgUnitResolver,
    OrgUnitFieldsResolver,
    OrgUnitPlacementFieldsResolver,
    MemberResolver,
    MembershipPeriodFieldsResolver,
    MemberStandingResolver,
    OrgUnitProbationResolver,
    PostResolver,
    MemberImportResolver,
    ModuleResolver,
    OrgUnitModulesResolver,
    ModuleStateResolver,
    PeriodReopeningResolver,
    OrgUnitReopeningsResolver,
    ReminderResolver,
    WebhookResolver,
    OrgUnitWebhooksResolver,
    MemberFlagsResolver,
    OrgUnitFlagsResolver,
  ],
  // Signing in and out changes nothing a subscriber watches (and does not go through runMutation); a
  // hook's own changes are for its administrators only, who see them in the audit log.
  eventless: [
    'login',
    'refresh',
    'logout',
    'registerWebhook',
    'pauseWebhook',
    'resumeWebhook',
    'deleteWebhook',
    'redeliverWebhookDelivery',
  ],
  // A dismissal is one way a reminder closes; the tick writes the same event for the others.
  events: { dismissReminder: REMINDER_CLOSED_EVENT },
  reminders: CORE_REMINDERS,
};

/** Root fields answered without signing in; a request for anything else needs an account (401 before it runs). */
export const PUBLIC_ROOT_FIELDS = ['viewer', 'login', 'refresh', 'logout'];

/** What a member sees of their own branch: who it is and who leads it. Modules publish more (`memberUnitFields`). */
const MEMBER_UNIT_FIELDS = [
  'id',
  'code',
  'name',
  'shortName',
  'kind',
  'sector',
  'depth',
  'establishedOn',
  'dissolvedOn',
  'contactPhone',
  'address',
  'createdAt',
  'updatedAt',
  'version',
  // Who leads the branch; parents and ancestors are filtered to what the member may see anyway.
  'posts',
  'parent',
  'ancestors',
];

/** The unit a core object belongs to, for switching module fields per locality. */
export function unitOf(root: unknown): number | null {
  if (root instanceof OrgUnit) return root.id;
  if (root instanceof Member) return root.branchId;
  if (root instanceof Post) return root.unitId;
  return null;
}

/** The one schema of this process: the core plus every installed module. */
export async function buildAppSchema(registry: ModuleRegistry): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [...CORE.resolvers, ...registry.resolvers] as [Class, ...Class[]],
    orphanedTypes: [...CORE.types, ...registry.types],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false, // inputs are validated inside runMutation, so failures come back as userErrors
    // …and the other fields' arguments here, before their resolvers run (src/graphql/input-check.ts).
    validateFn: argumentValidator(validateTree),
  });
  // Subscriptions and their event types, from the registry's data (src/events/schema.ts).
  // Reminder kinds as an enum of the installed modules' declarations (src/reminders/schema.ts).
  // Member-flag kinds likewise (src/member-flags/schema.ts).
  const schema = withEvents(withMemberFlagKinds(withReminderKinds(built, registry), registry), registry);
  applyModuleGate(schema, registry, unitOf);
  // Every type implementing Node is guarded, listed or not: the guard hides an object it cannot
  // place in the tree, so a type no module listed is invisible rather than open.
  const nodeImplementations = schema.getPossibleTypes(schema.getType('Node') as GraphQLInterfaceType);
  applyAccessGuard(schema, {
    publicRootFields: PUBLIC_ROOT_FIELDS,
    memberUnitFields: [...MEMBER_UNIT_FIELDS, ...registry.memberUnitFields],
    guardedTypes: ['Node', ...nodeImplementations.map((t) => t.name)],
    mutationModule: (name) => registry.fieldOwner('Mutation', name),
  });
  // Outermost: every field counts what it produces against the operation's ceilings (src/graphql/ceilings.ts).
  applyExecutionCeilings(schema);
  return schema;
}

export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** GraphQL type name → entity class for every type implementing Node, core and modules. */
export function nodeTypes(registry: ModuleRegistry): Map<string, Class> {
  const storage = getMetadataStorage();
  const map = new Map(Object.entries(CORE_NODE_TYPES));
  for (const cls of registry.types) {
    const meta = storage.objectTypes.find((t) => t.target === cls);
    if (meta?.interfaceClasses?.includes(Node)) map.set(meta.name, cls);
  }
  return map;
}
