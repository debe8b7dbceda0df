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
 * Makes `Reminder.kind` and `myReminders(kinds:)` the enum `ReminderKind`, one value per kind the
 * core and the installed modules declare (the registry refuses a kind declared twice). Like `EventType`
 * (src/events/schema.ts) it is data, built per schema: a module not installed adds no value.
 */
export function withReminderKinds(schema: GraphQLSchema, registry: ModuleRegistry): GraphQLSchema {
  const ReminderKind = new GraphQLEnumType({
    name: 'ReminderKind',
    description: '提醒类型 — what the deadline is: one value per kind the core and the installed modules declare',
    values: Object.fromEntries(
      registry.reminderSources.map(({ source }) => [
        source.kind,
        { value: source.kind, description: source.description },
      ]),
    ),
  });
  // type-graphql declared both as String; the fields are retyped in place, as the guard wraps them in place.
  const kind = (schema.getType('Reminder') as GraphQLObjectType).getFields().kind as { type: unknown };
  kind.type = new GraphQLNonNull(ReminderKind);
  const myReminders = schema.getQueryType()!.getFields().myReminders as GraphQLField<unknown, unknown>;
  const kinds = myReminders.args.find((a) => a.name === 'kinds') as {
    -readonly [K in keyof GraphQLArgument]: GraphQLArgument[K];
  };
  kinds.type = new GraphQLList(new GraphQLNonNull(ReminderKind));
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, ReminderKind] });
}
