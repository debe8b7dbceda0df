import {
  GraphQLEnumType,
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLInterfaceType,
  type GraphQLOutputType,
} from 'graphql';
import type { Context } from '../context';
import type { ModuleRegistry } from '../module-system/registry';
import { REMINDER_EVENT } from '../reminders/scheduler';
import { subscribeEvents, type EventPayload } from './stream';

/**
 * Adds the `Subscription` root and its types to the schema type-graphql built (called by
 * buildAppSchema before the module gate, the access guard and the ceilings are applied, so they wrap
 * these fields too). `EventType` is data, not code: one value per mutation, from the registry (the
 * core's and each module's declarations), so it is built per schema and never registered globally.
 */
/** Every type an event can have: the mutations' (from the registry) and the scheduler's reminders. */
export function eventTypesOf(registry: ModuleRegistry): { name: string; description: string }[] {
  return [...registry.eventTypes, REMINDER_EVENT];
}

export function withEvents(schema: GraphQLSchema, registry: ModuleRegistry): GraphQLSchema {
  const type = (name: string) => schema.getType(name) as GraphQLOutputType;
  const EventType = new GraphQLEnumType({
    name: 'EventType',
    description:
      '事件类型 — what happened: one type per mutation, written when it commits (a module may name its own, e.g. WEEKLY_REPORT_RETURNED)',
    values: Object.fromEntries(
      eventTypesOf(registry).map((e) => [e.name, { value: e.name, description: e.description }]),
    ),
  });
  const payload = (source: unknown) => {
    const p = source as EventPayload;
    // A subscriber whose token expired or whose session ended gets this refusal, then the end.
    if (p.refusal) throw p.refusal;
    return p;
  };
  const Event = new GraphQLObjectType<EventPayload, Context>({
    name: 'Event',
    description: '事件 — a committed change, delivered to the subscribers who may read its unit and its object',
    fields: {
      sequence: {
        type: new GraphQLNonNull(GraphQLString),
        description: '事件序号 — increasing in the order the changes were committed (a decimal number as text)',
        resolve: (p) => p.event!.id,
      },
      type: {
        type: new GraphQLNonNull(EventType),
        description: '事件类型 — what happened',
        resolve: (p) => p.event!.type,
      },
      unit: {
        type: new GraphQLNonNull(type('OrgUnit')),
        description: '所属组织 — the unit the changed object belongs to (a report: its village)',
        resolve: (p) => p.unit,
      },
      nodeId: {
        type: GraphQLID,
        description: '对象标识 — global id of the changed object; null when the change returned none',
        resolve: (p) => p.event!.nodeId,
      },
      node: {
        type: type('Node') as GraphQLInterfaceType,
        description: '对象 — the changed object as it is now, read with the subscriber’s own access',
        resolve: (p) => p.node ?? null,
      },
      occurredAt: {
        type: new GraphQLNonNull(type('DateTime')),
        description: '发生时间 — when the change was made (the application clock)',
        resolve: (p) => p.event!.occurredAt,
      },
    },
  });
  const Subscription = new GraphQLObjectType<unknown, Context>({
    name: 'Subscription',
    description: '订阅 — live events over WebSocket (graphql-ws protocol, path /graphql); see README, "Live events"',
    fields: {
      events: {
        type: new GraphQLNonNull(Event),
        description:
          '事件订阅 — the events of a unit and everything under it, optionally of some types only; each is delivered only when the subscriber may read its unit and its object, and its module is on for that unit',
        args: {
          unit: { type: new GraphQLNonNull(GraphQLID), description: '组织 — the unit whose subtree to watch' },
          types: {
            type: new GraphQLList(new GraphQLNonNull(EventType)),
            description: '事件类型 — only these types; null or empty: every type',
          },
        },
        subscribe: (_root, args: { unit: string; types?: string[] | null }, ctx: Context) => subscribeEvents(ctx, args),
        resolve: payload,
      },
    },
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, subscription: Subscription, types: [...config.types, Event, EventType] });
}
