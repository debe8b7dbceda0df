import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Context } from '../context';
import { AppError, ErrorCode, type UserError } from './errors';
import { argsKey } from './loaders';
import { CORE_MESSAGES as M } from '../messages/core';
import type { Message } from '../messages/catalogue';

/**
 * One check of every string an operation carries, before anything runs (issue 14, items 2 and 12): in
 * every argument at every depth, every input field, every list item, whether written in the document
 * or sent as a variable (default values included), of core and modules alike. A string is refused with
 * BAD_USER_INPUT and the path of the value (`["input", "name"]`, like `UserError.field`) when it
 *
 * - contains U+0000 (PostgreSQL cannot store it in text; every such value failed as a server error),
 * - contains a lone surrogate (not Unicode text: it would be stored as U+FFFD, silently changed),
 * - is longer than its bound: MAX_STRING_LENGTH characters (default 10,000), or the larger bound a field
 *   declares with type-graphql's `@Extensions({ maxLength })` (the CSV of importMembers). A 1.9 MB
 *   search string ran into the statement timeout and held a pooled connection for 15 s.
 *
 * Field-specific rules (a name of only white space, an age over 150, a year before 2000) stay with the
 * fields' validators: class-validator constraints hold for query arguments too (`validateArguments`),
 * and runMutation answers a mutation's with `userErrors`.
 */
export const DEFAULT_MAX_STRING_LENGTH = 10_000;

interface Problem {
  message: Message;
  field: string[];
  limit?: number;
  value?: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(s: string, bound: number, field: string[]): Problem | null {
  const at = field.join('.');
  if (s.length > bound)
    return {
      message: M.stringTooLong({ field: at, length: s.length, max: bound }),
      field,
      limit: bound,
      value: s.length,
    };
  if (s.includes('\u0000')) return { message: M.nulCharacter({ field: at }), field };
  const lone = LONE_SURROGATE.exec(s);
  if (lone)
    return {
      message: M.loneSurrogate({ field: at, code: lone[0].charCodeAt(0).toString(16).toUpperCase() }),
      field,
    };
  return null;
}

const boundOf = (extensions: Readonly<Record<string, unknown>> | null | undefined, fallback: number) => {
  const declared = Number(extensions?.maxLength);
  return Number.isFinite(declared) && declared > 0 ? declared : fallback;
};

/** A value sent as a variable (JSON), at a position of type `type`. */
function checkJson(
  value: unknown,
  type: GraphQLInputType,
  bound: number,
  field: string[],
  dflt: number,
): Problem | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkJson(value, nullable.ofType as GraphQLInputType, bound, field, dflt);
    for (const [i, item] of value.entries()) {
      const p = checkJson(item, nullable.ofType as GraphQLInputType, bound, [...field, String(i)], dflt);
      if (p) return p;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return anyString(value, bound, field);
    const fields = nullable.getFields();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const def = fields[key];
      // An unknown field is refused by GraphQL itself; its strings are still checked before anything echoes them.
      const p = def
        ? checkJson(v, def.type, boundOf(def.extensions, dflt), [...field, key], dflt)
        : anyString(v, dflt, [...field, key]);
      if (p) return p;
    }
    return null;
  }
  return anyString(value, bound, field);
}

/** Any strings in a value of no known shape (a scalar, or a value of the wrong type). */
function anyString(value: unknown, bound: number, field: string[]): Problem | null {
  if (typeof value === 'string') return checkString(value, bound, field);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const p = anyString(item, bound, [...field, String(i)]);
      if (p) return p;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const p = checkString(key, bound, [...field, '(key)']) ?? anyString(v, bound, [...field, key]);
      if (p) return p;
    }
  }
  return null;
}

/** Checks every string of the operation that would run; the first problem found, or null. */
export function checkOperationStrings(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxLength = DEFAULT_MAX_STRING_LENGTH,
): Problem | null {
  const definitions = new Map<string, VariableDefinitionNode>(
    (operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d]),
  );
  // A value in the document, at a position of type `type`.
  const checkAst = (node: ValueNode, type: GraphQLInputType, bound: number, field: string[]): Problem | null => {
    switch (node.kind) {
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (variables[name] !== undefined) return checkJson(variables[name], type, bound, field, maxLength);
        const def = definitions.get(name);
        return def?.defaultValue ? checkAst(def.defaultValue, type, bound, field) : null;
      }
      case Kind.STRING:
        return checkString(node.value, bound, field);
      case Kind.LIST: {
        const nullable = getNullableType(type);
        const item = (isListType(nullable) ? nullable.ofType : nullable) as GraphQLInputType;
        for (const [i, v] of node.values.entries()) {
          const p = checkAst(v, item, bound, [...field, String(i)]);
          if (p) return p;
        }
        return null;
      }
      case Kind.OBJECT: {
        const nullable = getNullableType(type);
        const fields = isInputObjectType(nullable) ? nullable.getFields() : {};
        for (const f of node.fields) {
          const def = fields[f.name.value];
          const p = checkAst(
            f.value,
            (def?.type ?? type) as GraphQLInputType,
            def ? boundOf(def.extensions, maxLength) : maxLength,
            [...field, f.name.value],
          );
          if (p) return p;
        }
        return null;
      }
      default:
        return null;
    }
  };

  for (const site of argumentSites(schema, document, operation, maxLength)) {
    const problem = checkAst(site.value, site.type, site.bound, [site.name]);
    if (problem) return problem;
  }
  return null;
}

/** An argument of the operation (or of its fragments), its input type and its length bound. */
interface ArgumentSite {
  value: ValueNode;
  type: GraphQLInputType;
  bound: number;
  name: string;
}

/**
 * The operation's arguments in document order, found once per parsed operation: walking the document
 * with its types was 3 % of a read, and a front end sends the same few documents all day (the server
 * keeps their parsed form, so the same operation node comes back).
 */
const sitesOf = new WeakMap<
  OperationDefinitionNode,
  { schema: GraphQLSchema; maxLength: number; sites: ArgumentSite[] }
>();

export function argumentSites(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  maxLength: number,
): ArgumentSite[] {
  const known = sitesOf.get(operation);
  if (known && known.schema === schema && known.maxLength === maxLength) return known.sites;
  const sites: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Argument(node) {
      const arg = typeInfo.getArgument();
      const type = (arg?.type ?? typeInfo.getInputType()) as GraphQLInputType | null;
      if (type)
        sites.push({ value: node.value, type, bound: boundOf(arg?.extensions, maxLength), name: node.name.value });
      return false;
    },
  });
  visit(operation, visitor);
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) visit(def, visitor);
  sitesOf.set(operation, { schema, maxLength, sites });
  return sites;
}

/** The check above, for every operation before it runs. */
export function inputCheckPlugin(maxLength = DEFAULT_MAX_STRING_LENGTH): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request, schema }) {
          if (!operation) return;
          const problem = checkOperationStrings(schema, document, operation, request.variables ?? {}, maxLength);
          if (problem) {
            const { message, field, limit, value } = problem;
            throw new AppError(ErrorCode.BAD_USER_INPUT, message, {
              field,
              ...(limit !== undefined ? { limit, value } : {}),
            });
          }
        },
      };
    },
  };
}

/** Argument values found valid, per argument class and process (class-validator is a pure function of both). */
const knownValid = new WeakMap<object, Set<string>>();
const KNOWN_VALID_KEPT = 5_000;
const KNOWN_VALID_KEY_LENGTH = 300;

/** Values `argsKey` writes out in full: strings, numbers, booleans, null, dates, and lists and objects of them. */
function plainValues(value: unknown, depth = 0): boolean {
  if (depth > 5) return false;
  if (value === null || value === undefined || value instanceof Date) return true;
  if (['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every((v) => plainValues(v, depth + 1));
  if (typeof value !== 'object') return false;
  // Input and args classes are records of their fields; a collection's entries are not its fields.
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return false;
  return Object.values(value).every((v) => plainValues(v, depth + 1));
}

/**
 * type-graphql's `validateFn` (src/schema.ts): the class-validator constraints of an argument's input
 * type or of an `@ArgsType` hold for every field's arguments, not only in mutations: a query with
 * `filter: { maxAge: 2147483647 }` is refused with BAD_USER_INPUT and the path, before its resolver
 * runs. Mutations are left to runMutation, which answers the same problems as `userErrors`.
 */
export function argumentValidator(
  validateTree: (value: object, path: string[], o: { skipMissingProperties: boolean }) => Promise<UserError[]>,
): (argValue: unknown, argType: unknown, resolverData: { info: GraphQLResolveInfo }) => Promise<void> {
  // One validation per request, field node and argument type: siblings asking the same field share it.
  // Keyed by the request's coerced variables (a new object per execution), so nothing outlives the request.
  const done = new WeakMap<object, Map<unknown, Map<unknown, Promise<void>>>>();
  return async (argValue, argType, { info }) => {
    if (!argValue || typeof argValue !== 'object') return;
    if (info.parentType === info.schema.getMutationType()) return;
    let perRequest = done.get(info.variableValues);
    if (!perRequest) done.set(info.variableValues, (perRequest = new Map()));
    let perField = perRequest.get(info.fieldNodes[0]);
    if (!perField) perRequest.set(info.fieldNodes[0], (perField = new Map()));
    const cacheKey = argType;
    let pending = perField.get(cacheKey);
    if (!pending) {
      pending = (async () => {
        // An input type's argument is found by its type's name; an @ArgsType's properties are the arguments.
        const typeName = (argType as { name?: string })?.name;
        const field = info.parentType.getFields()[info.fieldName];
        const arg = field?.args.find((a) => getNamedType(a.type).name === typeName);
        const items: [object, string[]][] = Array.isArray(argValue)
          ? argValue.map((v, i) => [v as object, [arg?.name ?? '', String(i)]])
          : [[argValue, arg ? [arg.name] : []]];
        for (const [value, path] of items) {
          if (!value || typeof value !== 'object') continue;
          // A front end sends the same arguments all day (`first: 20`): values once found valid are known.
          let valid = knownValid.get(argType as object);
          if (!valid) knownValid.set(argType as object, (valid = new Set()));
          const known = plainValues(value) ? `${path.join('.')}|${argsKey(value)}` : null;
          const keep = known !== null && known.length <= KNOWN_VALID_KEY_LENGTH;
          if (keep && valid.has(known)) continue;
          // An argument left out is not checked (as type-graphql would): `first` may be omitted.
          const problems = await validateTree(value, path.filter(Boolean), { skipMissingProperties: true });
          if (problems.length === 0 && keep) {
            if (valid.size >= KNOWN_VALID_KEPT) valid.clear();
            valid.add(known);
          }
          if (problems.length > 0) {
            throw new AppError(
              ErrorCode.BAD_USER_INPUT,
              problems.length === 1 ? problems[0].entry : M.argumentProblems({ list: problems.map((p) => p.entry) }),
              {
                field: problems[0].field,
                argument: problems[0].field?.[0],
              },
            );
          }
        }
      })();
      perField.set(cacheKey, pending);
    }
    return pending;
  };
}
