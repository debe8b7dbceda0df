import { currentRequestScope } from '../observability/request-context';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FragmentDefinitionNode,
} from 'graphql';
import type { Config } from '../config';
import type { Context } from '../context';
import { costBudgetOf, type BudgetGrant } from './cost-budget';
import { AppError, ErrorCode } from './errors';
import { DEFAULT_PAGE_SIZE } from './connection';
import { isObjectList, listSizeOf } from './list-sizes';
import { CORE_MESSAGES as M } from '../messages/core';
import type { Message, MessageParam } from '../messages/catalogue';

export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  /**
   * GitHub's rule: the nodes the operation could return, from the `first` of every connection (variables'
   * defaults included), and from every plain list of objects, at its declared bound or a full page.
   */
  cost: number;
  introspection: boolean;
  /** The deepest branch, as a field path (`orgUnit.children.members.nodes`). */
  deepest: string[];
  /** What the cost is made of: each list with its path, its `first` (or bound) and the nodes it could return. */
  parts: { path: string; first: number; nodes: number }[];
}

/** Measures an operation without running it. */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): OperationShape {
  const shape: OperationShape = {
    depth: 0,
    aliases: 0,
    rootFields: 0,
    cost: 0,
    introspection: false,
    deepest: [],
    parts: [],
  };
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  // A variable the request leaves out takes its default (`$f: Int = 100` is priced as 100), as execution will.
  const defaults = Object.fromEntries(
    (operation.variableDefinitions ?? [])
      .filter((d) => d.defaultValue)
      .map((d) => [d.variable.name.value, valueFromASTUntyped(d.defaultValue!)]),
  );
  variables = { ...defaults, ...variables };
  const argValue = (field: FieldNode, name: string): unknown => {
    const arg = field.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    return arg.value.kind === Kind.VARIABLE
      ? variables[arg.value.name.value]
      : valueFromASTUntyped(arg.value, variables);
  };
  const walk = (
    set: SelectionSetNode,
    type: GraphQLNamedType | null | undefined,
    multiplier: number,
    depth: number,
    visited: Set<string>,
    atRoot: boolean,
    path: string[],
  ) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments[sel.name.value];
        if (!frag || visited.has(frag.name.value)) continue;
        walk(
          frag.selectionSet,
          schema.getType(frag.typeCondition.name.value),
          multiplier,
          depth,
          new Set([...visited, frag.name.value]),
          atRoot,
          path,
        );
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(
          sel.selectionSet,
          sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type,
          multiplier,
          depth,
          visited,
          atRoot,
          path,
        );
        continue;
      }
      const name = sel.name.value;
      if (sel.alias) shape.aliases++;
      if (atRoot) shape.rootFields++;
      if (name === '__schema' || name === '__type') shape.introspection = true;
      const here = [...path, sel.alias?.value ?? name];
      if (depth + 1 > shape.depth) {
        shape.depth = depth + 1;
        shape.deepest = here;
      }
      if (!sel.selectionSet || name.startsWith('__')) continue;
      const fieldDef = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
      const returns = fieldDef ? getNamedType(fieldDef.type) : undefined;
      let childMultiplier = multiplier;
      if (returns?.name.endsWith('Connection')) {
        // `last` is a page as large as `first` (both given are refused when the list runs, priced as the larger).
        const first = Math.max(Number(argValue(sel, 'first') ?? 0), Number(argValue(sel, 'last') ?? 0));
        const size = Number.isFinite(first) && first > 0 ? first : DEFAULT_PAGE_SIZE;
        shape.cost += multiplier * size;
        shape.parts.push({ path: here.join('.'), first: size, nodes: multiplier * size });
        childMultiplier = multiplier * size;
      } else if (name === 'nodes' && atRoot) {
        const ids = argValue(sel, 'ids');
        const size = Array.isArray(ids) ? ids.length : 1;
        shape.cost += size;
        childMultiplier = multiplier * size;
      } else if (fieldDef && type && isObjectList(fieldDef) && !type.name.endsWith('Connection')) {
        // A plain list (ancestors, posts, timeline, unread…): its declared bound, else a full page
        // (list-sizes.ts). A connection's `nodes` and `edges` are already priced by its `first`.
        const size = listSizeOf(type, fieldDef);
        shape.cost += multiplier * size;
        shape.parts.push({ path: here.join('.'), first: size, nodes: multiplier * size });
        childMultiplier = multiplier * size;
      } else if (atRoot) {
        // A root object (orgUnit, node, viewer) is one node; lists inside connections are already counted.
        shape.cost += 1;
      }
      walk(sel.selectionSet, returns, childMultiplier, depth + 1, visited, false, here);
    }
  };
  walk(operation.selectionSet, rootType, 1, 0, new Set(), true, []);
  return shape;
}

/**
 * The lists that make most of the cost, largest first: what to make smaller (issue 17, item 6). A list
 * inside another counts the nodes it could return under all of its parent's items.
 */
function largestParts(shape: OperationShape): Message[] {
  return [...shape.parts]
    .sort((a, b) => b.nodes - a.nodes)
    .slice(0, 3)
    .map((p) => M.costPart({ path: p.path, first: p.first, nodes: p.nodes }));
}

/**
 * Checks every operation before it runs (docs/ARCHITECTURE.md, "Limits"): depth, aliases, root fields and the
 * cost ceiling answer QUERY_TOO_COMPLEX; the per-account hourly budget answers RATE_LIMITED. The cost
 * and what is left of the budget go into `extensions.cost`. Token count is bounded by the parser.
 */
export function limitsPlugin(config: Config): ApolloServerPlugin<Context> {
  const limits = config.limits;
  // The hourly budget is shared by every process on the database (./cost-budget.ts): each operation
  // takes its priced cost up front (nothing when it does not fit); after the operation, what it did not
  // produce is given back (Shopify's requested and actual cost), because the price of plain lists is an
  // upper bound that real answers rarely reach.
  const budget = { limit: limits.costBudgetPerHour, windowSeconds: 3600 };
  return {
    async requestDidStart() {
      let cost: { requested: number; actual?: number; limit: number; remaining: number; resetAt: string } | undefined;
      let taken: { grant: BudgetGrant; points: number } | undefined;
      return {
        async didResolveOperation({ operation, document, request, contextValue, schema }) {
          if (!operation) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const shape = measureOperation(schema, operation, fragments, request.variables ?? {});
          if (shape.introspection) {
            if (config.introspection === 'off') throw new AppError(ErrorCode.FORBIDDEN, M.introspectionOff());
            if (config.introspection === 'signed-in' && !contextValue.access.signedIn) {
              throw new AppError(ErrorCode.UNAUTHENTICATED, M.signInToIntrospect());
            }
          }
          const over = (value: number, limit: number, message: (p: Record<string, MessageParam>) => Message) => {
            if (value > limit)
              throw new AppError(ErrorCode.QUERY_TOO_COMPLEX, message({ value, limit }), { limit, value });
          };
          over(shape.depth, limits.maxDepth, (p) => M.queryTooDeep({ ...p, path: shape.deepest.join('.') }));
          over(shape.aliases, limits.maxAliases, M.tooManyAliases);
          over(shape.rootFields, limits.maxRootFields, M.tooManyRootFields);
          over(shape.cost, limits.maxCost, (p) => M.queryTooCostly({ ...p, parts: largestParts(shape) }));
          const key = contextValue.access.viewer
            ? `account:${contextValue.access.viewer.accountId}`
            : `address:${contextValue.clientAddress}`;
          // Whole points: a page size sent as 2.5 in a variable is priced before coercion refuses it.
          const price = Math.max(1, Math.ceil(shape.cost));
          const left = await costBudgetOf(contextValue.app.db, contextValue.app.clock).take(
            { key: `cost:${key}`, ...budget },
            price,
            contextValue.now,
          );
          if (!left.accepted) {
            const retryAfterSeconds = Math.max(
              1,
              Math.ceil((left.resetsAt.getTime() - contextValue.now.getTime()) / 1000),
            );
            throw new AppError(
              ErrorCode.RATE_LIMITED,
              M.budgetUsedUp({
                budget: limits.costBudgetPerHour,
                spent: left.points,
                cost: price,
                retry: retryAfterSeconds,
              }),
              { retryAfterSeconds },
            );
          }
          taken = { grant: left, points: price };
          const scope = currentRequestScope();
          if (scope) scope.cost = shape.cost;
          cost = {
            requested: shape.cost,
            limit: limits.maxCost,
            remaining: left.limit - left.points,
            resetAt: left.resetsAt.toISOString(),
          };
        },
        async willSendResponse({ response, contextValue }) {
          const produced = contextValue.ceilings?.objects;
          if (cost && taken && produced !== undefined) {
            const actual = Math.max(1, produced);
            const unused = taken.points - actual;
            // The answer is ready: a refund that fails (the database just went away) costs the account
            // only what it was priced, never the answer.
            if (unused > 0)
              await taken.grant
                .giveBack(unused)
                .then(() => (cost!.remaining += unused))
                .catch((err: unknown) =>
                  contextValue.app.log.warn({ err, requestId: contextValue.requestId }, 'budget refund failed'),
                );
            cost.actual = actual;
          }
          if (cost && response.body.kind === 'single')
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
        },
      };
    },
  };
}
