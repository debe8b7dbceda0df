import {
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLSchema,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import type { ModuleRegistry } from '../module-system/registry';

/**
 * Makes `MemberFlag.kind` and `flaggedMembers(kinds:)` the enum `MemberFlagKind`, one value per kind
 * the installed modules declare (like `ReminderKind`, src/reminders/schema.ts). Where no installed
 * module flags anyone, an enum without values is not GraphQL: the fields and the type are left out.
 */
export function withMemberFlagKinds(schema: GraphQLSchema, registry: ModuleRegistry): GraphQLSchema {
  const config = schema.toConfig();
  const memberFields = (schema.getType('Member') as GraphQLObjectType).getFields();
  const unitFields = (schema.getType('OrgUnit') as GraphQLObjectType).getFields();
  if (registry.memberFlagSources.length === 0) {
    // type-graphql built them from the metadata; nothing can answer them here.
    delete (memberFields as Record<string, unknown>).flags;
    delete (unitFields as Record<string, unknown>).flaggedMembers;
    return new GraphQLSchema({ ...config, types: config.types.filter((t) => t.name !== 'MemberFlag') });
  }
  const MemberFlagKind = new GraphQLEnumType({
    name: 'MemberFlagKind',
    description: '党员提示类型 — what a member is flagged for: one value per kind the installed modules declare',
    values: Object.fromEntries(
      registry.memberFlagSources.map(({ source }) => [
        source.kind,
        { value: source.kind, description: source.description },
      ]),
    ),
  });
  const kind = (schema.getType('MemberFlag') as GraphQLObjectType).getFields().kind as { type: unknown };
  kind.type = new GraphQLNonNull(MemberFlagKind);
  const flagged = unitFields.flaggedMembers as GraphQLField<unknown, unknown>;
  const kinds = flagged.args.find((a) => a.name === 'kinds') as {
    -readonly [K in keyof GraphQLArgument]: GraphQLArgument[K];
  };
  kinds.type = new GraphQLList(new GraphQLNonNull(MemberFlagKind));
  return new GraphQLSchema({ ...config, types: [...config.types, MemberFlagKind] });
}
